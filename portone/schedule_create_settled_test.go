package portone

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A schedule's creation refused because its payment id is paid, awaiting
// payment, or already scheduled is what an earlier creation of the
// caller's, applied and its answer lost, leaves: an unknown outcome naming
// the payment, so that nobody schedules the charge again under a new
// payment id. Deleting a billing key that schedules still use is refused
// with PAYMENT_SCHEDULE_ALREADY_EXISTS too, and stays a plain conflict.
func TestScheduleCreateRefusedAsAlreadyDoneIsUnknown(t *testing.T) {
	for _, typ := range []ErrorType{ErrorTypeAlreadyPaidOrWaiting, ErrorTypePaymentScheduleAlreadyExists} {
		t.Run(string(typ), func(t *testing.T) {
			ws := newWireServer(t, "")
			ws.then(http.StatusConflict, `{"type":"`+string(typ)+`","message":"이미 예약된 결제입니다."}`)
			p := validScheduleParams()
			_, err := testClient(t, ws).PaymentSchedules.Create(t.Context(), p)
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
			assert.NotErrorIs(t, err, ErrConflict)
			var unknown *OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			assert.Equal(t, p.PaymentID, unknown.Reference)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, typ, apiErr.Type)
			assert.Len(t, ws.recorded(), 1, "sent once")
		})
	}
	t.Run("billing key delete", func(t *testing.T) {
		ws := newWireServer(t, "")
		ws.then(http.StatusConflict, `{"type":"PAYMENT_SCHEDULE_ALREADY_EXISTS"}`)
		_, err := testClient(t, ws).BillingKeys.Delete(t.Context(), DeleteBillingKeyParams{BillingKey: "billing-key-1"})
		assert.ErrorIs(t, err, ErrConflict)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	})
}
