package bootpay

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// settledOrFlagged reports an outcome of ConfirmVerified or
// ReconcileConfirm that does not tell the caller "this receipt is another
// order's, not yours to refund": the refund was made or attempted
// (Cancelled, CancelErr), the outcome is unknown, or the reply is refused
// as a bad one (*DecodeError).
func settledOrFlagged(err error) bool {
	var mismatch *MismatchError
	var decode *DecodeError
	switch {
	case errors.Is(err, ErrOutcomeUnknown), errors.As(err, &decode):
		return true
	case errors.As(err, &mismatch):
		return mismatch.Cancelled != nil || mismatch.CancelErr != nil
	}
	return false
}

// TestConfirmVerifiedReplyNamingAnotherOrderIsNotAnotherOrders: the
// lookup before the confirm proved receipt r-1 is order o-1's (status 2,
// o-1, 1,000 won), and this call confirmed it. The confirm's 2xx answer
// (or, after a confirm whose outcome is unknown, the lookup that settles
// it) names r-1 in status 1 at 900 won but under order o-2, which a
// receipt cannot change to: a bad reply. Review 56's rule cancels only
// "while the receipt names this order" and reads that reply's order_id,
// so the money this very call captured is reported as "another order's
// receipt (an order_id mismatch), never cancelled", Cancelled and
// CancelErr both nil, which ConfirmVerified's doc and the README table
// tell the caller to read as "not yours: release the order". The buyer's
// money stays held and nobody refunds it or is told to. Before the rule,
// CancelOnMismatch refunded it.
func TestConfirmVerifiedReplyNamingAnotherOrderIsNotAnotherOrders(t *testing.T) {
	const other = `{"receipt_id":"r-1","order_id":"o-2","price":900,"status":1}`
	for name, replies := range map[string][]func(ws *wireServer){
		"the confirm's reply": {func(ws *wireServer) { ws.then(http.StatusOK, other) }},
		"the lookup after an unknown confirm": {
			func(ws *wireServer) { ws.then(http.StatusBadGateway, `{"error_code":"BAD_GATEWAY","message":"x"}`) },
			func(ws *wireServer) { ws.then(http.StatusOK, other) },
		},
	} {
		t.Run(name, func(t *testing.T) {
			ws := newWireServer(t)
			ws.then(http.StatusOK, `{"receipt_id":"r-1","order_id":"o-1","price":1000,"status":2}`)
			for _, reply := range replies {
				reply(ws)
			}
			_, err := ws.client(t, BasicAuth("ck", "sk")).Receipts.ConfirmVerified(context.Background(),
				ConfirmParams{ReceiptID: "r-1", OrderID: "o-1", Amount: 1000, CancelOnMismatch: true})
			require.Error(t, err)
			require.True(t, settledOrFlagged(err),
				"this call captured r-1 (proven o-1's before the confirm), yet the outcome reads 'another order's receipt, nothing to refund': %v (cancels sent: %v)",
				err, cancelsOf(t, ws))
			var unknown *OutcomeUnknownError
			require.ErrorAs(t, err, &unknown, "a reply no receipt can give is not a verdict: settle it with ReconcileConfirm")
			assert.Equal(t, "r-1", unknown.Reference)
			assert.Contains(t, err.Error(), "ReconcileConfirm")
			assert.Empty(t, cancelsOf(t, ws), "nothing is cancelled on a bad reply")
		})
	}
}
