package portone_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// moneyWrite is Cancel or PayWithBillingKey against a fresh sandbox.
type moneyWrite struct {
	name      string
	op        portonetest.Operation
	paymentID string
	// prepare stores what the write needs; call sends the write.
	prepare func(srv *portonetest.Server)
	call    func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) (any, error)
	applied func(portonetest.Stats) int
	// conflict is PortOne's own 409 for a repeat of an applied write
	// without its key, the answer a naive client might take as final.
	conflict portone.ErrorType
	// pgDecline makes the sandbox itself decline the write with 502
	// PG_PROVIDER (the PG said no).
	pgDecline func(srv *portonetest.Server)
	// hollow is a 2xx body of the right shape without the fields that say
	// what was applied.
	hollow string
}

func moneyWrites() []moneyWrite {
	const payID = "payment-outcome-1"
	return []moneyWrite{
		{
			name: "cancel", op: portonetest.OpPaymentCancel, paymentID: payID,
			prepare: func(srv *portonetest.Server) { srv.CreatePayment(portonetest.PaymentSpec{ID: payID, Total: 30000}) },
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) (any, error) {
				return c.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: payID, Amount: 10000, Reason: "부분 취소"}, opts...)
			},
			applied:  func(st portonetest.Stats) int { return st.CancelsApplied },
			conflict: portone.ErrorTypePaymentAlreadyCancelled,
			hollow:   `{"cancellation":{"status":"SUCCEEDED"}}`,
			pgDecline: func(srv *portonetest.Server) {
				srv.CreatePayment(portonetest.PaymentSpec{ID: payID, Total: 30000, CancelPGError: &portonetest.PGError{}})
			},
		},
		{
			name: "payWithBillingKey", op: portonetest.OpBillingKeyPay, paymentID: payID,
			prepare: func(srv *portonetest.Server) {
				srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "billing-key-outcome-1"})
			},
			call: func(ctx context.Context, c *portone.Client, opts ...portone.RequestOption) (any, error) {
				return c.Payments.PayWithBillingKey(ctx, portone.BillingKeyPaymentParams{
					PaymentID: payID, BillingKey: "billing-key-outcome-1", OrderName: "월 구독",
					Amount: portone.PaymentAmountInput{Total: 9900}, Currency: portone.CurrencyKRW,
				}, opts...)
			},
			applied:  func(st portonetest.Stats) int { return st.BillingKeyPaymentsApplied },
			conflict: portone.ErrorTypeAlreadyPaid,
			hollow:   `{"payment":{}}`,
			pgDecline: func(srv *portonetest.Server) {
				srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "billing-key-outcome-1", PGError: &portonetest.PGError{}})
			},
		},
	}
}

// keysSent returns the Idempotency-Key of every request to op.
func keysSent(srv *portonetest.Server, op portonetest.Operation) []string {
	var keys []string
	for _, r := range srv.Requests() {
		if r.Op == op {
			keys = append(keys, r.IdempotencyKey)
		}
	}
	return keys
}

// TestAppliedThenRefusedIsUnknown: the first attempt is applied and its
// answer lost (CloseAfterApply); every later attempt is refused, by a
// proxy, a WAF, a rate limiter or PortOne echoing the applied write. No
// refusal proves the write did not happen, so the call ends in
// ErrOutcomeUnknown with the payment id and the key, matching no other
// category; repeating it with that key returns the stored result and
// applies nothing more. Each case runs on a fresh connection (the
// transport retries) and on a reused one (net/http resends by itself).
func TestAppliedThenRefusedIsUnknown(t *testing.T) {
	for _, w := range moneyWrites() {
		finals := []struct {
			name   string
			fault  portonetest.Fault
			n      int
			status int
		}{
			{"429 Retry-After 0 twice", portonetest.RateLimit("0"), 2, http.StatusTooManyRequests},
			{"408", portonetest.Status(http.StatusRequestTimeout, ""), -1, http.StatusRequestTimeout},
			{"400", portonetest.Status(http.StatusBadRequest, portonetest.ErrorBody(portone.ErrorTypeInvalidRequest, "")), -1, http.StatusBadRequest},
			{"401", portonetest.Status(http.StatusUnauthorized, portonetest.ErrorBody(portone.ErrorTypeUnauthorized, "")), -1, http.StatusUnauthorized},
			{"403", portonetest.Status(http.StatusForbidden, portonetest.ErrorBody(portone.ErrorTypeForbidden, "")), -1, http.StatusForbidden},
			{"409 " + string(w.conflict), portonetest.Status(http.StatusConflict, portonetest.ErrorBody(w.conflict, "")), -1, http.StatusConflict},
			{"502 PG_PROVIDER", portonetest.Status(http.StatusBadGateway, portonetest.PGProviderErrorBody("CARD_DECLINED", "한도 초과")), -1, http.StatusBadGateway},
		}
		for _, final := range finals {
			for _, reused := range []bool{false, true} {
				name := w.name + "/" + final.name + "/fresh"
				if reused {
					name = w.name + "/" + final.name + "/reused"
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					srv := portonetest.NewServer()
					defer srv.Close()
					c := sandboxClient(t, srv)
					w.prepare(srv)
					ctx := context.Background()
					if reused {
						_, err := c.Payments.List(ctx, portone.PaymentListParams{}) // leaves a keep-alive connection
						require.NoError(t, err)
					}
					n := final.n
					if reused && n > 0 {
						n++ // net/http's own resend takes one answer too
					}
					srv.Inject(w.op, portonetest.CloseAfterApply(), 1)
					srv.Inject(w.op, final.fault, n)

					result, err := w.call(ctx, c)
					sandboxtest.Settle(t, srv)
					st := srv.Stats()
					keys := keysSent(srv, w.op)
					t.Logf("%d request(s), applied %d; err: %v", len(keys), w.applied(st), err)
					require.Equal(t, 1, w.applied(st), "the first attempt was applied, once")
					require.Error(t, err, "no attempt answered with a success: %v", result)

					require.ErrorIs(t, err, portone.ErrOutcomeUnknown)
					for _, category := range []error{portone.ErrRateLimited, portone.ErrInvalidRequest, portone.ErrUnauthorized,
						portone.ErrConflict, portone.ErrServer, portone.ErrNotFound} {
						assert.NotErrorIs(t, err, category, "the refusal is no verdict on the write")
					}
					var unknown *portone.OutcomeUnknownError
					require.ErrorAs(t, err, &unknown)
					assert.Equal(t, w.paymentID, unknown.Reference)
					assert.Equal(t, string(w.op), unknown.Op)
					require.NotEmpty(t, keys)
					for _, k := range keys {
						require.Equal(t, keys[0], k, "every attempt carries the call's one key")
					}
					assert.Equal(t, keys[0], unknown.IdempotencyKey)
					var apiErr *portone.APIError
					require.ErrorAs(t, err, &apiErr, "the last answer stays reachable for diagnosis")
					assert.Equal(t, final.status, apiErr.StatusCode)

					srv.ClearFaults()
					replays := st.IdempotentReplays
					again, err := w.call(ctx, c, portone.WithIdempotencyKey(unknown.IdempotencyKey))
					require.NoError(t, err, "the repeat with the key returns PortOne's stored result")
					require.NotNil(t, again)
					after := srv.Stats()
					assert.Equal(t, 1, w.applied(after), "still applied once")
					assert.Equal(t, replays+1, after.IdempotentReplays, "answered from the idempotency store")
				})
			}
		}
	}
}

// TestPGDeclineOnOnlyAttemptIsDefinite: a 502 PG_PROVIDER on the first
// and only attempt is the PG's own refusal of a write nothing else
// applied: a definite *APIError (ErrServer), not retried, never unknown.
// Both an injected PG_PROVIDER answer and the sandbox's own PG decline.
func TestPGDeclineOnOnlyAttemptIsDefinite(t *testing.T) {
	for _, w := range moneyWrites() {
		for _, source := range []string{"injected", "sandbox PG"} {
			t.Run(w.name+"/"+source, func(t *testing.T) {
				t.Parallel()
				srv := portonetest.NewServer()
				defer srv.Close()
				c := sandboxClient(t, srv)
				if source == "injected" {
					w.prepare(srv)
					srv.Inject(w.op, portonetest.Status(http.StatusBadGateway, portonetest.PGProviderErrorBody("CARD_DECLINED", "한도 초과")), 1)
				} else {
					w.pgDecline(srv)
				}
				_, err := w.call(context.Background(), c)
				require.Error(t, err)
				assert.False(t, errors.Is(err, portone.ErrOutcomeUnknown), "%v", err)
				assert.ErrorIs(t, err, portone.ErrServer)
				var apiErr *portone.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, portone.ErrorTypePGProvider, apiErr.Type)
				assert.NotEmpty(t, apiErr.PGCode)
				assert.NotEmpty(t, apiErr.IdempotencyKey)
				st := srv.Stats()
				assert.Equal(t, 1, st.Requests[w.op], "a PG decline is not retried")
				assert.Equal(t, 0, w.applied(st))
			})
		}
	}
}

// TestNullAfterApplyIsUnknown: the write is applied and answered 200 with
// a body that says nothing (null, {}, empty, or the right shape without
// what was applied): the call ends unknown with the key, and the repeat
// with it returns the stored result.
func TestNullAfterApplyIsUnknown(t *testing.T) {
	for _, w := range moneyWrites() {
		for _, body := range []string{"null", "{}", "", w.hollow} {
			t.Run(w.name+"/"+body, func(t *testing.T) {
				t.Parallel()
				srv := portonetest.NewServer()
				defer srv.Close()
				c := sandboxClient(t, srv)
				w.prepare(srv)
				srv.Inject(w.op, portonetest.StatusAfterApply(http.StatusOK, body).WithHeader("Content-Type", "application/json"), 1)

				_, err := w.call(context.Background(), c)
				var unknown *portone.OutcomeUnknownError
				require.ErrorAs(t, err, &unknown)
				assert.Equal(t, w.paymentID, unknown.Reference)
				var derr *portone.DecodeError
				assert.ErrorAs(t, err, &derr)
				assert.Equal(t, []string{unknown.IdempotencyKey}, keysSent(srv, w.op), "one request: a 2xx is not retried")
				require.Equal(t, 1, w.applied(srv.Stats()))

				again, err := w.call(context.Background(), c, portone.WithIdempotencyKey(unknown.IdempotencyKey),
					portone.WithRequestTimeout(5*time.Second))
				require.NoError(t, err)
				require.NotNil(t, again)
				assert.Equal(t, 1, w.applied(srv.Stats()))
				assert.Equal(t, 1, srv.Stats().IdempotentReplays)
			})
		}
	}
}
