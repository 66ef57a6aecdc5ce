package portone_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// TestKeyReusedIsUnknownOnEveryWrite: every write the sandbox serves,
// sent under a key an earlier request (a pre-registration of another
// payment) already used, is refused 422 IDEMPOTENCY_KEY_REUSED on its
// only attempt. That answer exists only because an earlier request under
// the key exists, which may have been the caller's own write, applied:
// it ends as an *OutcomeUnknownError carrying the write's Reference and
// the key, with the refusal reachable, never as a definite
// ErrInvalidRequest ("nothing applied, send a corrected request").
func TestKeyReusedIsUnknownOnEveryWrite(t *testing.T) {
	const key = "order-2026-12-key-reused-0001"
	for _, i := range writesOf(func(sandboxWrite) bool { return true }) {
		t.Run(sandboxWrites()[i].name, func(t *testing.T) {
			w, srv, c := writeCell(t, i)
			ref := w.prepare(t, srv, c)
			ctx := context.Background()
			require.NoError(t, c.Payments.PreRegister(ctx, portone.PreRegisterPaymentParams{PaymentID: "key-holder",
				TotalAmount: portone.Ptr(int64(1000)), Currency: portone.CurrencyKRW}, portone.WithIdempotencyKey(key)))
			before := srv.Stats()

			_, err := w.call(ctx, c, portone.WithIdempotencyKey(key))
			require.Error(t, err)
			st := srv.Stats()
			assert.Equal(t, before.Requests[w.op]+1, st.Requests[w.op], "sent once: a 422 is not retried")
			assert.Equal(t, w.applied(before), w.applied(st), "the sandbox applied nothing")
			var apiErr *portone.APIError
			require.ErrorAs(t, err, &apiErr, "PortOne's refusal stays reachable")
			require.Equal(t, portonetest.ErrorTypeIdempotencyKeyReused, apiErr.Type)
			assert.True(t, errors.Is(err, portone.ErrOutcomeUnknown), "an earlier request under the key may have applied: %v", err)
			assert.NotErrorIs(t, err, portone.ErrInvalidRequest)
			var unknown *portone.OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			assert.Equal(t, ref, unknown.Reference)
			assert.Equal(t, key, unknown.IdempotencyKey)
			assert.Equal(t, string(w.op), unknown.Op)
		})
	}
}
