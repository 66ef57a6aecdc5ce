package bootpay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// receiptJSON is a minimal receipt body with its required fields.
func receiptJSON(id string, price int64, status Status) string {
	return fmt.Sprintf(`{"receipt_id":%q,"order_id":"o-1","price":%d,"status":%d}`, id, price, status)
}

// cancelsOf returns the receipt ids of the POST /cancel requests sent.
func cancelsOf(t *testing.T, ws *wireServer) []string {
	t.Helper()
	var ids []string
	for _, r := range ws.requests() {
		if r.path != "/v2/cancel" {
			continue
		}
		var body struct {
			ReceiptID string `json:"receipt_id"`
		}
		require.NoError(t, json.Unmarshal(r.body, &body))
		ids = append(ids, body.ReceiptID)
	}
	return ids
}

// TestConfirmReplyNamingAnotherReceipt: a confirm reply that describes
// another receipt (at another amount) must never make CancelOnMismatch
// cancel that other receipt. The reply proves nothing about the caller's
// receipt, so ConfirmVerified looks it up: confirmed for the order, it is
// a success; confirmed at another amount, only the caller's receipt is
// cancelled.
func TestConfirmReplyNamingAnotherReceipt(t *testing.T) {
	cases := []struct {
		name        string
		lookup      string
		wantCancels []string
	}{
		{"ours is confirmed", receiptJSON("r-1", 30000, StatusPaid), nil},
		{"ours is confirmed at another amount", receiptJSON("r-1", 300, StatusPaid), []string{"r-1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWireServer(t)
			c := ws.client(t, BasicAuth("ck", "sk"))
			ws.then(http.StatusOK, receiptJSON("r-1", 30000, StatusAwaitingConfirm))
			ws.then(http.StatusOK, receiptJSON("r-other", 300, StatusPaid)) // the confirm's reply
			ws.then(http.StatusOK, tc.lookup)

			res, err := c.Receipts.ConfirmVerified(context.Background(), ConfirmParams{
				ReceiptID: "r-1", OrderID: "o-1", Amount: 30000, CancelOnMismatch: true,
			})
			assert.Equal(t, tc.wantCancels, cancelsOf(t, ws), "only the caller's receipt is ever cancelled")
			reqs := ws.requests()
			require.GreaterOrEqual(t, len(reqs), 3)
			assert.Equal(t, "/v2/receipt/r-1", reqs[2].path, "the caller's receipt is looked up, not the one the reply named")
			if tc.wantCancels == nil {
				require.NoError(t, err)
				assert.Equal(t, "r-1", res.Receipt.ReceiptID)
				return
			}
			var mismatch *MismatchError
			require.True(t, errors.As(err, &mismatch), "%v", err)
			assert.Equal(t, "r-1", mismatch.ReceiptID)
			require.NotNil(t, mismatch.Cancelled)
			assert.Equal(t, "r-1", mismatch.Cancelled.ReceiptID)
		})
	}
}

// TestRepliesNamingAnotherReceipt: every operation refuses a reply about
// another receipt. A lookup is a *MismatchError on "receipt_id" (and
// ConfirmVerified confirms nothing after one); a confirm or cancel whose
// 2xx reply names another receipt was applied to something, so it is an
// *OutcomeUnknownError for the caller's receipt, with a *DecodeError
// inside, and is never sent again.
func TestRepliesNamingAnotherReceipt(t *testing.T) {
	other := receiptJSON("r-other", 1000, StatusPaid)
	ctx := context.Background()

	t.Run("get", func(t *testing.T) {
		ws := newWireServer(t)
		c := ws.client(t, BasicAuth("ck", "sk"))
		ws.then(http.StatusOK, other)
		_, err := c.Receipts.Get(ctx, "r-1")
		var mismatch *MismatchError
		require.True(t, errors.As(err, &mismatch), "%v", err)
		assert.True(t, mismatch.Has("receipt_id"))
		assert.Equal(t, "r-1", mismatch.ReceiptID)
		assert.Equal(t, "r-other", mismatch.Receipt.ReceiptID)
	})
	t.Run("confirm verified, first lookup", func(t *testing.T) {
		ws := newWireServer(t)
		c := ws.client(t, BasicAuth("ck", "sk"))
		ws.then(http.StatusOK, receiptJSON("r-other", 30000, StatusAwaitingConfirm))
		_, err := c.Receipts.ConfirmVerified(ctx, ConfirmParams{ReceiptID: "r-1", OrderID: "o-1", Amount: 30000, CancelOnMismatch: true})
		var mismatch *MismatchError
		require.True(t, errors.As(err, &mismatch), "%v", err)
		assert.True(t, mismatch.Has("receipt_id"))
		assert.False(t, mismatch.AfterConfirm)
		assert.Len(t, ws.requests(), 1, "nothing confirmed, nothing cancelled")
	})
	for _, op := range []string{"confirm", "cancel"} {
		t.Run(op, func(t *testing.T) {
			ws := newWireServer(t)
			c := ws.client(t, BasicAuth("ck", "sk"))
			ws.then(http.StatusOK, other)
			var err error
			if op == "confirm" {
				_, err = c.Receipts.Confirm(ctx, "r-1")
			} else {
				_, err = c.Receipts.Cancel(ctx, CancelParams{ReceiptID: "r-1", Amount: 1000, CancelID: "refund-1"})
			}
			var unknown *OutcomeUnknownError
			require.True(t, errors.As(err, &unknown), "%v", err)
			assert.Equal(t, "r-1", unknown.Reference)
			var derr *DecodeError
			assert.True(t, errors.As(err, &derr), "%v", err)
			var mismatch *MismatchError
			assert.False(t, errors.As(err, &mismatch), "not a verdict on the caller's receipt")
			assert.Len(t, ws.requests(), 1, "the write is not sent again")
		})
	}
}

// TestCheckComparesReceiptID: Check names a receipt id that differs from
// VerifyParams.ReceiptID.
func TestCheckComparesReceiptID(t *testing.T) {
	var r Receipt
	require.NoError(t, json.Unmarshal([]byte(receiptJSON("r-2", 1000, StatusPaid)), &r))
	err := r.Verify(VerifyParams{ReceiptID: "r-1", OrderID: "o-1", Amount: 1000, Status: StatusPaid})
	var mismatch *MismatchError
	require.True(t, errors.As(err, &mismatch), "%v", err)
	assert.Equal(t, []Mismatch{{Field: "receipt_id", Expected: "r-1", Actual: "r-2"}}, mismatch.Mismatches)
	assert.Equal(t, "r-1", mismatch.ReceiptID)
	assert.NoError(t, r.Verify(VerifyParams{OrderID: "o-1", Amount: 1000, Status: StatusPaid}), "no ReceiptID: not compared")
}

// TestConfirmStillApproving: status 3 (결제승인중) after a confirm means
// the PG is still approving: the confirm may yet complete, so it is a
// *PendingConfirmError, never a *MismatchError (which says "do not
// fulfil, nothing more will happen"), whether the status comes from the
// lookup after an unknown outcome or from the confirm's own reply.
func TestConfirmStillApproving(t *testing.T) {
	for name, confirmReply := range map[string]func(ws *wireServer){
		"lookup after a 5xx": func(ws *wireServer) {
			ws.then(http.StatusInternalServerError, `{"error_code":"INTERNAL","message":"오류"}`)
			ws.then(http.StatusOK, receiptJSON("r-1", 30000, StatusConfirming))
		},
		"the confirm's reply": func(ws *wireServer) {
			ws.then(http.StatusOK, receiptJSON("r-1", 30000, StatusConfirming))
		},
	} {
		t.Run(name, func(t *testing.T) {
			ws := newWireServer(t)
			c := ws.client(t, BasicAuth("ck", "sk"))
			ws.then(http.StatusOK, receiptJSON("r-1", 30000, StatusAwaitingConfirm))
			confirmReply(ws)
			_, err := c.Receipts.ConfirmVerified(context.Background(), ConfirmParams{ReceiptID: "r-1", OrderID: "o-1", Amount: 30000, CancelOnMismatch: true})
			var pending *PendingConfirmError
			require.True(t, errors.As(err, &pending), "%v", err)
			assert.True(t, errors.Is(err, ErrOutcomeUnknown))
			assert.Equal(t, StatusConfirming, pending.Receipt.Status)
			assert.Empty(t, cancelsOf(t, ws))
		})
	}
}
