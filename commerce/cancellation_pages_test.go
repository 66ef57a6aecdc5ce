package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/wiretest"
)

// tamperedOrderJSON is order N-1 (o-1) of merchant order m-1, paid 2800
// where 1000 was expected: Verify with CancelOnMismatch cancels it unless
// its cancellation (cancel_id paykit-verify-o-1) exists already.
const tamperedOrderJSON = `{"order_id":"o-1","order_number":"N-1","price":2800,"status":2,"receipt_status":1,"metadata":{"order_id":"m-1"}}`

func verifyTampered(t *testing.T, m interface {
	Then(int, string, ...http.Header)
}, c *Client, lists ...string) *MismatchError {
	t.Helper()
	m.Then(http.StatusOK, tamperedOrderJSON)
	for _, l := range lists {
		m.Then(http.StatusOK, l)
	}
	_, err := c.Orders.Verify(context.Background(), VerifyParams{OrderNumber: "N-1", Amount: 1000, MerchantOrderID: "m-1", CancelOnMismatch: true})
	var merr *MismatchError
	require.True(t, errors.As(err, &merr), "%v", err)
	return merr
}

func cancelRequests(reqs []wiretest.Request) int {
	n := 0
	for _, r := range reqs {
		if r.Op == orderCancellationEndpoints.request.Op {
			n++
		}
	}
	return n
}

// A list answer with neither list nor items (here {"data": [...]}) is a
// decoding error, not an empty page: Verify cannot tell whether its
// cancellation exists, so it sends none.
func TestVerifySendsNoCancelWhenTheListIsUnreadable(t *testing.T) {
	m, c := newWire(t, `{"order_cancellation_request_id":"r9","cancel_id":"paykit-verify-o-1"}`)
	merr := verifyTampered(t, m, c, `{"data":[{"cancel_id":"paykit-verify-o-1"}]}`)
	assert.Nil(t, merr.Cancellation)
	var derr *DecodeError
	assert.True(t, errors.As(merr.CancelErr, &derr), "%v", merr.CancelErr)
	assert.Zero(t, cancelRequests(m.Requests()), "nothing sent while in doubt")
}

// find reads every page: the earlier cancellation on page 2 is found and
// none is sent.
func TestVerifyFindsItsCancellationOnALaterPage(t *testing.T) {
	m, c := newWire(t, `{"order_cancellation_request_id":"r9","cancel_id":"paykit-verify-o-1"}`)
	merr := verifyTampered(t, m, c,
		`{"list":[{"order_cancellation_request_id":"r0","cancel_id":"buyer-1"}],"count":2}`,
		`{"list":[{"order_cancellation_request_id":"r1","cancel_id":"paykit-verify-o-1"}],"count":2}`)
	require.NoError(t, merr.CancelErr)
	require.NotNil(t, merr.Cancellation)
	assert.Equal(t, "r1", merr.Cancellation.ID)
	assert.Zero(t, cancelRequests(m.Requests()), "the earlier cancellation was found")
	lists := m.Requests()[1:]
	require.Len(t, lists, 2)
	assert.Equal(t, "1", lists[0].Query.Get("page"))
	assert.Equal(t, "2", lists[1].Query.Get("page"))
}

// A server that ignores the page (page 2 repeats page 1) while its count
// says more exist leaves Verify in doubt: nothing is sent, and the error
// matches ErrOutcomeUnknown with the order number and cancel_id.
func TestVerifyInDoubtWhenPagesRepeat(t *testing.T) {
	m, c := newWire(t, `{"order_cancellation_request_id":"r9","cancel_id":"paykit-verify-o-1"}`)
	page := `{"list":[{"order_cancellation_request_id":"r0","cancel_id":"buyer-1"}],"count":2}`
	merr := verifyTampered(t, m, c, page, page)
	assert.Nil(t, merr.Cancellation)
	require.ErrorIs(t, merr.CancelErr, ErrOutcomeUnknown)
	var unknown *OutcomeUnknownError
	require.True(t, errors.As(merr.CancelErr, &unknown))
	assert.Equal(t, "N-1", unknown.Reference)
	assert.Equal(t, "paykit-verify-o-1", unknown.IdempotencyKey)
	assert.Zero(t, cancelRequests(m.Requests()))
}

// List returns every request of the order, over every page.
func TestCancellationListReadsEveryPage(t *testing.T) {
	m, c := newWire(t, `[]`)
	m.Then(http.StatusOK, `{"items":[{"order_cancellation_request_id":"r0"}],"total":2}`)
	m.Then(http.StatusOK, `{"items":[{"order_cancellation_request_id":"r1"}],"total":2}`)
	list, err := c.OrderCancellations.List(context.Background(), CancellationListParams{OrderNumber: "N-1"})
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, "r1", list[1].ID)
	assert.Len(t, m.Requests(), 2)
}

// A page is an array, or an object with list or items; any other object
// is refused instead of read as an empty page.
func TestPageRefusesAnObjectWithoutAList(t *testing.T) {
	for _, body := range []string{`{}`, `{"data":[{"cancel_id":"x"}]}`, `{"count":3}`, `{"success":true}`} {
		var p Page[CancellationRequest]
		assert.Error(t, p.UnmarshalJSON([]byte(body)), body)
	}
	for _, body := range []string{`[]`, `{"list":[],"count":0}`, `{"items":[],"total":0}`, `{"list":null}`} {
		var p Page[CancellationRequest]
		assert.NoError(t, p.UnmarshalJSON([]byte(body)), body)
	}
}

// The subscription list's counters alone are an empty page only when its
// count says there is none.
func TestSubscriptionPageWithoutListNeedsACountOfZero(t *testing.T) {
	var p SubscriptionPage
	require.NoError(t, p.UnmarshalJSON([]byte(`{"count":0,"sum_active":3}`)))
	assert.Empty(t, p.Items)
	assert.Error(t, p.UnmarshalJSON([]byte(`{"count":7,"sum_active":3}`)), "7 subscriptions, none in the answer")
	assert.Error(t, p.UnmarshalJSON([]byte(`{"sum_active":3}`)), "no count, no list")
}
