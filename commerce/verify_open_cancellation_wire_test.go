package commerce

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A cancellation request that is neither closed nor applied is open, and
// Verify refuses its order with a "cancellation_requested" mismatch naming
// the open amount: one Commerce is carrying out (status 3, DOING in
// Bootpay's SDK constants, no action_at yet), one whose PG cancellation
// failed once and may be tried again (last_errored_at), one at status 2
// with no action_at (READY in those constants: waiting, not rejected), and
// one naming no amount (open all the same: "0" open, never a pass).
// Closed requests do not hold an order back: one rejected (status 2 with
// action_at) or withdrawn passes, and beside an applied one only
// cancelled_price is named.
func TestVerifyRefusesAnOrderWhoseCancellationIsOpen(t *testing.T) {
	for name, tc := range map[string]struct{ list, open string }{
		"in progress":           {`{"list":[{"order_cancellation_request_id":"r1","order_number":"N-1","cancel_id":"c1","cancel_price":1000,"status":3}],"count":1}`, "1000"},
		"errored, retried":      {`{"list":[{"order_cancellation_request_id":"r1","order_number":"N-1","cancel_id":"c1","cancel_price":1000,"status":1,"last_errored_at":"2025-07-01T00:00:00Z"}],"count":1}`, "1000"},
		"status 2, not decided": {`{"list":[{"order_cancellation_request_id":"r1","order_number":"N-1","cancel_id":"c1","cancel_price":400,"status":2}],"count":1}`, "400"},
		"no amount named":       {`{"list":[{"order_cancellation_request_id":"r1","order_number":"N-1","cancel_id":"c1","status":1}],"count":1}`, "0"},
	} {
		t.Run(name, func(t *testing.T) {
			m, c := newWire(t, `[]`)
			m.Then(http.StatusOK, paidOrderJSON)
			m.Then(http.StatusOK, tc.list)
			o, err := verifyPaid(c)
			assert.Nil(t, o, "an order being refunded passed Verify")
			var me *MismatchError
			require.True(t, errors.As(err, &me), "%v", err)
			assert.Equal(t, []Mismatch{{"cancellation_requested", "none", tc.open}}, me.Mismatches)
		})
	}

	m, c := newWire(t, `[]`)
	m.Then(http.StatusOK, paidOrderJSON)
	m.Then(http.StatusOK, `{"list":[
		{"order_cancellation_request_id":"r1","order_number":"N-1","cancel_price":1000,"status":2,"action_at":"2025-07-01T00:00:00Z"},
		{"order_cancellation_request_id":"r2","order_number":"N-1","cancel_price":1000,"status":1,"withdrawn_at":"2025-07-01T00:00:00Z"}],"count":2}`)
	o, err := verifyPaid(c)
	require.NoError(t, err)
	assert.Equal(t, "N-1", o.OrderNumber)

	m.Then(http.StatusOK, paidOrderJSON)
	m.Then(http.StatusOK, `{"list":[
		{"order_cancellation_request_id":"r1","order_number":"N-1","cancel_price":300,"status":3,"action_at":"2025-07-01T00:00:00Z"},
		{"order_cancellation_request_id":"r2","order_number":"N-1","cancel_price":1000,"status":2,"action_at":"2025-07-01T00:00:00Z"}],"count":2}`)
	_, err = verifyPaid(c)
	var me *MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	assert.Equal(t, []Mismatch{{"cancelled_price", "0", "300"}}, me.Mismatches)
}

// Open is neither closed nor applied; a status 2 reads closed only once
// acted on. Pending sums the open amounts, HasOpen tells an open request
// naming no amount, and a list whose open amounts sum beyond int64 is no
// list List returns.
func TestCancellationRequestOpen(t *testing.T) {
	at := Time{Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	for _, tc := range []struct {
		name         string
		r            CancellationRequest
		open, closed bool
	}{
		{"awaiting approval", CancellationRequest{Status: 1}, true, false},
		{"in progress", CancellationRequest{Status: 3}, true, false},
		{"errored", CancellationRequest{Status: 1, LastErroredAt: at}, true, false},
		{"status 2 not acted on", CancellationRequest{Status: 2}, true, false},
		{"rejected", CancellationRequest{Status: 2, ActionAt: at}, false, true},
		{"withdrawn", CancellationRequest{Status: 1, WithdrawnAt: at}, false, true},
		{"applied", CancellationRequest{Status: 3, ActionAt: at}, false, false},
	} {
		assert.Equal(t, tc.open, tc.r.Open(), "open: %s", tc.name)
		assert.Equal(t, tc.closed, tc.r.Closed(), "closed: %s", tc.name)
	}
	list := CancellationList{
		{Status: 1, CancelPrice: 700, CancelTaxFreePrice: 70},
		{Status: 3, ActionAt: at, CancelPrice: 100},
		{Status: 1, WithdrawnAt: at, CancelPrice: 5000},
		{Status: 3, CancelPrice: 200},
	}
	price, taxFree := list.Pending()
	assert.Equal(t, [2]int64{900, 70}, [2]int64{price, taxFree})
	assert.True(t, list.HasOpen())
	assert.False(t, list[1:3].HasOpen())
	assert.True(t, CancellationList{{Status: 1}}.HasOpen(), "an open request naming no amount is open")

	m, c := newWire(t, `[]`)
	m.Then(http.StatusOK, `{"list":[{"order_number":"N-1","cancel_price":9223372036854775807,"status":1},{"order_number":"N-1","cancel_price":1,"status":1}],"count":2}`)
	_, err := c.OrderCancellations.List(t.Context(), CancellationListParams{OrderNumber: "N-1"})
	var derr *DecodeError
	assert.True(t, errors.As(err, &derr), "open amounts beyond int64 summed: %v", err)
}
