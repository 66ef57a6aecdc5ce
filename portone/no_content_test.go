package portone

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCancelAnswered204IsNoCancellation: a cancel answered 204 No
// Content (a proxy, a CDN or a gateway change in front of PortOne) carries
// no cancellation. Decoding nothing for a 204 would return (nil, nil): no
// error, and a nil PaymentCancellation the caller takes for a refund it
// cannot read (or dereferences). Like an empty 200 body, it is an
// *OutcomeUnknownError carrying the payment id, around the *DecodeError.
func TestCancelAnswered204IsNoCancellation(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient("secret", WithBaseURL(srv.URL))
	require.NoError(t, err)

	got, err := c.Payments.Cancel(t.Context(), CancelPaymentParams{PaymentID: "pay-204", Full: true, Reason: "test"})
	assert.EqualValues(t, 1, hits.Load())
	require.Error(t, err, "a 204 to a cancel returned no error and cancellation %v", got)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, "pay-204", unknown.Reference)
	var derr *DecodeError
	assert.ErrorAs(t, err, &derr)
}
