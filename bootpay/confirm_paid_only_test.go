package bootpay

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConfirmOnlySucceedsWithAPaidReceipt: Receipts.Confirm moves a
// receipt in status 2 (승인대기) to 1 (결제완료). A 2xx answered with the
// receipt still awaiting confirm (2), still being approved (3), refused by
// the PG (-2 결제 승인 실패) or never paid (0) does not show the payment
// confirmed: a caller who reads a nil error as "confirmed" would fulfil an
// order no money was captured for. Such a reply is an unknown outcome
// naming the receipt, with the receipt kept on the error.
func TestConfirmOnlySucceedsWithAPaidReceipt(t *testing.T) {
	for _, status := range []Status{StatusAwaitingConfirm, StatusConfirming, StatusApprovalFailed, StatusReady} {
		t.Run(status.String(), func(t *testing.T) {
			ws := newWireServer(t)
			ws.then(http.StatusOK, receiptJSON("r-1", 1000, status))
			r, err := ws.client(t, BasicAuth("ck", "sk")).Receipts.Confirm(context.Background(), "r-1")
			require.Error(t, err, "a confirm answered with a receipt in status %v returned %v as a success", status, r)
			assert.Nil(t, r)
			assert.ErrorIs(t, err, ErrOutcomeUnknown, "the confirm was sent and its reply does not show it applied")
			var unknown *OutcomeUnknownError
			require.True(t, errors.As(err, &unknown), "%T", err)
			assert.Equal(t, "r-1", unknown.Reference)
			assert.Equal(t, 1, unknown.Attempts)
			var pending *PendingConfirmError
			require.True(t, errors.As(err, &pending), "the reply's receipt is reachable: %T", err)
			assert.Equal(t, status, pending.Receipt.Status)
			assert.Len(t, ws.requests(), 1, "the confirm was sent once, never again")
		})
	}
}
