package portone

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCancelRetainReplayOfAnotherCancelIsNotItsAnswer: under RETAIN a key
// reused for a second 부분취소 of 5,000 that PortOne answers with the
// stored first cancel of 3,000 is not this cancel's adjusted answer: the
// stored cancellation carries the first request's reason (the schema
// requires reason on every cancellation), not this one's. Such an answer
// ends with ErrOutcomeUnknown carrying the payment id, after one request;
// the same adjusted amount with this call's reason is its answer.
func TestCancelRetainReplayOfAnotherCancelIsNotItsAnswer(t *testing.T) {
	answer := func(reason string) string {
		return fmt.Sprintf(`{"cancellation":{"status":"SUCCEEDED","id":"c-first","totalAmount":3000,"taxFreeAmount":0,"vatAmount":0,`+
			`"reason":%q,"requestedAt":"2024-04-20T09:00:00Z","cancelledAt":"2024-04-20T09:00:00Z","trigger":"API"}}`, reason)
	}
	p := CancelPaymentParams{PaymentID: "order-20240425-0001", Amount: 5000, Reason: "2차 부분 환불: 배송 지연",
		PromotionDiscountRetainOption: PromotionDiscountRetainOptionRetain, CurrentCancellableAmount: Ptr(int64(27000))}
	key := WithIdempotencyKey("refund-order-20240425-0001")

	for _, tc := range []struct {
		name, reason string
		ok           bool
	}{
		{"another cancel's reason", "1차 부분 환불: 사이즈 교환", false},
		{"no reason", "", false},
		{"this cancel's reason", p.Reason, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := answer(tc.reason)
			if tc.reason == "" {
				body = `{"cancellation":{"status":"SUCCEEDED","id":"c-first","totalAmount":3000,"requestedAt":"2024-04-20T09:00:00Z"}}`
			}
			ws := newWireServer(t, body)
			got, err := testClient(t, ws).Payments.Cancel(t.Context(), p, key)
			assert.Len(t, ws.recorded(), 1, "a 2xx is never sent again")
			if tc.ok {
				require.NoError(t, err)
				assert.Equal(t, int64(3000), got.(*SucceededPaymentCancellation).TotalAmount)
				return
			}
			require.ErrorIs(t, err, ErrOutcomeUnknown, "the stored answer of another cancel read as this one's: %v", got)
			var unknown *OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			assert.Equal(t, p.PaymentID, unknown.Reference)
			assert.Nil(t, got)
		})
	}
}
