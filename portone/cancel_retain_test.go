package portone

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/wiretest"
)

// A partial cancel of a promoted payment with promotionDiscountRetainOption
// RETAIN has its amount adjusted by PortOne to keep the original discount
// rate ("RETAIN 으로 설정 시, 최초 할인율을 유지할 수 있도록 취소 금액이
// 조정됩니다"). The answer's totalAmount may then be less than the amount
// asked, and it is still this cancel's answer, not another's.

// retainAnswer answers a cancel sent with RETAIN with a cancellation of
// total(amount asked); any other cancel is refused with 400.
func retainAnswer(total func(asked int64) int64) func(*http.Request) (*http.Response, error) {
	return func(r *http.Request) (*http.Response, error) {
		var in struct {
			Amount int64  `json:"amount"`
			Retain string `json:"promotionDiscountRetainOption"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Retain != "RETAIN" {
			return wiretest.JSON(http.StatusBadRequest, []byte(`{"type":"INVALID_REQUEST"}`)), nil
		}
		return wiretest.JSON(http.StatusOK, fmt.Appendf(nil, `{"cancellation":{"status":"SUCCEEDED","id":"c-1",`+
			`"totalAmount":%d,"taxFreeAmount":0,"vatAmount":0,"reason":"부분 환불","requestedAt":"2024-04-26T09:00:00Z",`+
			`"cancelledAt":"2024-04-26T09:00:00Z","trigger":"API"}}`, total(in.Amount))), nil
	}
}

// TestCancelRetainAdjustedAmountIsTheAnswer: a RETAIN cancel of 10,000
// answered with the 9,000 PortOne refunded after keeping a 10 % discount
// is the cancellation, on the first call and on its repeat under the
// same key; it is not ErrOutcomeUnknown.
func TestCancelRetainAdjustedAmountIsTheAnswer(t *testing.T) {
	ws := newWireServer(t, `{}`)
	for range 2 {
		ws.thenFunc(retainAnswer(func(asked int64) int64 { return asked * 9 / 10 }))
	}
	c := testClient(t, ws)
	p := CancelPaymentParams{PaymentID: "order-20240425-0001", Amount: 10000, Reason: "부분 환불",
		PromotionDiscountRetainOption: PromotionDiscountRetainOptionRetain, CurrentCancellableAmount: Ptr(int64(30000))}
	key := WithIdempotencyKey("refund-order-20240425-0001-row-1")

	for i := range 2 {
		got, err := c.Payments.Cancel(t.Context(), p, key)
		require.NoError(t, err, "call %d: the adjusted answer to this RETAIN cancel read as another cancel's", i+1)
		require.Equal(t, int64(9000), got.(*SucceededPaymentCancellation).TotalAmount)
	}
	assert.Len(t, ws.recorded(), 2)
}

// TestCancelRetainAcceptsOnlyAnAdjustedAmount: under RETAIN a partial
// cancel's answer is accepted when its totalAmount is the amount asked, or
// above 0 and below it under this cancel's reason; above it, 0, or
// adjusted under another reason (another cancel's stored answer) ends with
// ErrOutcomeUnknown carrying the payment id, after one request. Without
// RETAIN, and for a full cancel (whose amount RETAIN does not adjust),
// only the amount asked is accepted.
func TestCancelRetainAcceptsOnlyAnAdjustedAmount(t *testing.T) {
	partial := CancelPaymentParams{PaymentID: "order-20240425-0001", Amount: 10000, Reason: "부분 환불",
		CurrentCancellableAmount: Ptr(int64(30000)), PromotionDiscountRetainOption: PromotionDiscountRetainOptionRetain}
	release := partial
	release.PromotionDiscountRetainOption = PromotionDiscountRetainOptionRelease
	full := CancelPaymentParams{PaymentID: "order-20240425-0001", Full: true, Reason: "전액 환불",
		CurrentCancellableAmount: Ptr(int64(10000)), PromotionDiscountRetainOption: PromotionDiscountRetainOptionRetain}

	for _, tc := range []struct {
		name   string
		p      CancelPaymentParams
		answer int64
		reason string // "": the call's own
		ok     bool
	}{
		{"RETAIN, the amount asked", partial, 10000, "", true},
		{"RETAIN, adjusted down", partial, 9000, "", true},
		{"RETAIN, adjusted to 1 won", partial, 1, "", true},
		{"RETAIN, adjusted down under another reason", partial, 9000, "1차 부분 환불", false},
		{"RETAIN, above the amount asked", partial, 10001, "", false},
		{"RETAIN, nothing", partial, 0, "", false},
		{"RELEASE, less than asked", release, 9000, "", false},
		{"RETAIN full cancel, less than the balance", full, 9000, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWireServer(t, fmt.Sprintf(`{"cancellation":{"status":"SUCCEEDED","id":"c-1","totalAmount":%d,"reason":%q,`+
				`"requestedAt":"2024-04-26T09:00:00Z","cancelledAt":"2024-04-26T09:00:00Z"}}`, tc.answer, cmp.Or(tc.reason, tc.p.Reason)))
			got, err := testClient(t, ws).Payments.Cancel(t.Context(), tc.p)
			assert.Len(t, ws.recorded(), 1, "a 2xx is never sent again")
			if tc.ok {
				require.NoError(t, err)
				assert.Equal(t, tc.answer, got.(*SucceededPaymentCancellation).TotalAmount)
				return
			}
			require.ErrorIs(t, err, ErrOutcomeUnknown)
			var unknown *OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			assert.Equal(t, tc.p.PaymentID, unknown.Reference)
			assert.Nil(t, got)
		})
	}
}
