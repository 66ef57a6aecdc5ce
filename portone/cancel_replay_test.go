package portone

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/wiretest"
)

// A cancel answered with another cancel.
//
// PortOne documents its Idempotency-Key as "a repeat of a completed
// request returns the original response" and says nothing about a repeat
// with another body (the sandbox's 422 IDEMPOTENCY_KEY_REUSED is its own
// UNCONFIRMED choice). A shop that derives its refund key from the order id
// and refunds an order in two parts gets the first refund's stored answer
// for the second: returned as a success, the second refund reads as done
// while PortOne refunded nothing.

// replayingPortOne answers cancels as PortOne documents its keys: the
// first request under a key is applied and its answer stored; any later
// request under the same key gets the stored answer, whatever its body. A
// cancel without an amount cancels balance, the whole remainder.
type replayingPortOne struct {
	mu      sync.Mutex
	stored  map[string]string
	n       int
	balance int64
}

func (r *replayingPortOne) respond(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	key := req.Header.Get("Idempotency-Key")
	if body, ok := r.stored[key]; ok {
		return wiretest.JSON(http.StatusOK, []byte(body)), nil
	}
	var in struct {
		Amount *int64 `json:"amount"`
	}
	if err := json.NewDecoder(req.Body).Decode(&in); err != nil {
		return wiretest.JSON(http.StatusBadRequest, []byte(`{"type":"INVALID_REQUEST"}`)), nil
	}
	amount := r.balance
	if in.Amount != nil {
		amount = *in.Amount
	}
	r.n++
	r.balance -= amount
	body := fmt.Sprintf(`{"cancellation":{"status":"SUCCEEDED","id":"c-%d","totalAmount":%d,"taxFreeAmount":0,"vatAmount":0,`+
		`"reason":"부분 환불","requestedAt":"2024-04-26T09:00:00Z","cancelledAt":"2024-04-26T09:00:00Z","trigger":"API"}}`, r.n, amount)
	r.stored[key] = body
	return wiretest.JSON(http.StatusOK, []byte(body)), nil
}

// cancelsOn returns a client whose cancels reach fake, n times.
func cancelsOn(t *testing.T, fake *replayingPortOne, n int) *Client {
	ws := newWireServer(t, `{}`)
	for range n {
		ws.thenFunc(fake.respond)
	}
	return testClient(t, ws)
}

// requireOtherCancel checks that err is the unknown outcome of a cancel
// of paymentID whose answer describes another cancel.
func requireOtherCancel(t *testing.T, err error, paymentID string) {
	t.Helper()
	require.ErrorIs(t, err, ErrOutcomeUnknown, "the answer does not say what happened to this cancel: look the payment up")
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, paymentID, unknown.Reference)
	assert.Equal(t, "payments.cancel", unknown.Op)
	var derr *DecodeError
	require.ErrorAs(t, err, &derr, "a bad answer")
	assert.Equal(t, http.StatusOK, derr.Status)
}

// TestCancelRefusesAnAnswerOfAnotherAmount: the second partial refund of
// an order (500 won) under the key the shop derived from the order gets
// the first refund's answer (1000 won). It is not returned as a successful
// cancel of 500: the cancel it describes is not this one. The first refund
// repeated under its key (a retry after a lost answer) still gets its own
// stored answer as a success.
func TestCancelRefusesAnAnswerOfAnotherAmount(t *testing.T) {
	fake := &replayingPortOne{stored: map[string]string{}, balance: 39800}
	c := cancelsOn(t, fake, 3)
	key := WithIdempotencyKey("refund-order-20240425-0001")

	for range 2 {
		first, err := c.Payments.Cancel(t.Context(), CancelPaymentParams{PaymentID: "order-20240425-0001", Amount: 1000, Reason: "부분 환불",
			CurrentCancellableAmount: Ptr(int64(39800))}, key)
		require.NoError(t, err)
		require.Equal(t, int64(1000), first.(*SucceededPaymentCancellation).TotalAmount)
	}

	second, err := c.Payments.Cancel(t.Context(), CancelPaymentParams{PaymentID: "order-20240425-0001", Amount: 500, Reason: "부분 환불",
		CurrentCancellableAmount: Ptr(int64(38800))}, key)
	if err == nil {
		s := second.(*SucceededPaymentCancellation)
		t.Fatalf("a cancel of 500 returned as done with PortOne's answer about cancel %s of %d: nothing was refunded for it",
			s.ID, s.TotalAmount)
	}
	assert.Nil(t, second)
	requireOtherCancel(t, err, "order-20240425-0001")
	assert.Contains(t, err.Error(), "refund-order-20240425-0001", "the error carries the key")
	require.Equal(t, 1, fake.n, "PortOne applied one cancel")
}

// TestFullCancelComparesCurrentCancellableAmount: a full cancel names its
// amount through CurrentCancellableAmount (the balance it cancels whole);
// under a key reused from a partial refund the stored answer of that
// refund is refused. Without CurrentCancellableAmount a full cancel names
// no amount, so its answer is returned as it is.
func TestFullCancelComparesCurrentCancellableAmount(t *testing.T) {
	fake := &replayingPortOne{stored: map[string]string{}, balance: 39800}
	c := cancelsOn(t, fake, 3)
	key := WithIdempotencyKey("refund-order-20240425-0001")
	_, err := c.Payments.Cancel(t.Context(), CancelPaymentParams{PaymentID: "order-20240425-0001", Amount: 1000, Reason: "부분 환불",
		CurrentCancellableAmount: Ptr(int64(39800))}, key)
	require.NoError(t, err)

	rest := CancelPaymentParams{PaymentID: "order-20240425-0001", Full: true, CurrentCancellableAmount: Ptr(int64(38800)), Reason: "전액 환불"}
	got, err := c.Payments.Cancel(t.Context(), rest, key)
	assert.Nil(t, got)
	requireOtherCancel(t, err, "order-20240425-0001")

	got, err = c.Payments.Cancel(t.Context(), rest, WithIdempotencyKey("refund-order-20240425-0001-rest"))
	require.NoError(t, err)
	assert.Equal(t, int64(38800), got.(*SucceededPaymentCancellation).TotalAmount)
	assert.Equal(t, 2, fake.n)
}
