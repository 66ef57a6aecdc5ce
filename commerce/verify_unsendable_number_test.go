package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVerifyCancelOnMismatchOfAnUnsendableOrderNumber: an order Commerce
// returned whose order_number transport.CheckID refuses (trailing white
// space: Commerce's data, not the caller's input) and whose price was
// forged. Verify's CancelOnMismatch path lists the order's requests as
// ListFor does (by order_id), and the cancellation it cannot send is
// Commerce's bad answer (CancelErr a *DecodeError), never a
// *ValidationError blaming the caller's input.
func TestVerifyCancelOnMismatchOfAnUnsendableOrderNumber(t *testing.T) {
	m, c := newWire(t, `{"list":[],"count":0}`)
	m.Then(http.StatusOK, `{"order_id":"o-1","order_number":"N-1 ","price":1000,"status":2,"receipt_status":1,"metadata":{"order_id":"shop-1"}}`)

	_, err := c.Orders.Verify(context.Background(), VerifyParams{OrderID: "o-1", Amount: 2800, MerchantOrderID: "shop-1", CancelOnMismatch: true})
	var merr *MismatchError
	require.True(t, errors.As(err, &merr), "a price mismatch: %v", err)
	require.True(t, merr.Has("price"))

	reqs := m.Requests()
	require.GreaterOrEqual(t, len(reqs), 2, "the order, then its cancellation requests")
	q := reqs[1].Query
	assert.Equal(t, "o-1", q.Get("order_id"), "CancelOnMismatch lists the order's requests as ListFor does: by order_id")
	assert.False(t, q.Has("order_number"), "not by the order_number CheckID refuses")

	require.Error(t, merr.CancelErr)
	assert.NotErrorIs(t, merr.CancelErr, ErrInvalidRequest,
		"the order number is Commerce's data: CancelErr must not blame the caller's input: %v", merr.CancelErr)
	var verr *ValidationError
	assert.False(t, errors.As(merr.CancelErr, &verr), "a *ValidationError for an order Commerce returned: %v", merr.CancelErr)
}
