package portone

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/jsonx"
)

// counted returns a copy of u whose variant decoders and fallback count
// their calls in *calls.
func counted[V any](u *jsonx.Union[V], calls *int) *jsonx.Union[V] {
	c := *u
	c.Variants = map[string]func([]byte) (V, error){}
	for tag, decode := range u.Variants {
		c.Variants[tag] = func(b []byte) (V, error) { *calls++; return decode(b) }
	}
	c.Unknown = func(b, raw []byte) (V, error) { *calls++; return u.Unknown(b, raw) }
	return &c
}

// decodesOnce decodes every fixture of dir with a counted copy of u and
// checks that exactly one decoder ran, on the whole object, and that the
// result is the one json.Unmarshal gives.
func decodesOnce[V any](t *testing.T, u *jsonx.Union[V], dir string) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, p := range paths {
		body, err := os.ReadFile(p)
		require.NoError(t, err)
		calls := 0
		got, err := counted(u, &calls).Decode(body)
		require.NoError(t, err, p)
		assert.Equal(t, 1, calls, "%s: one decoder, one pass over the body", p)
		var want V
		require.NoError(t, json.Unmarshal(body, &want), p)
		assert.Equal(t, want, got, p)
	}
}

// TestContainerUnionsDecodeOnce: a payment, billing key, schedule, cash
// receipt or verification is decoded by exactly one variant decoder (or
// the fallback), which reads the common fields and the variant's together:
// nothing decodes the body a second time.
func TestContainerUnionsDecodeOnce(t *testing.T) {
	decodesOnce(t, &paymentUnion, "payments")
	decodesOnce(t, &billingKeyInfoUnion, "billing_keys")
	decodesOnce(t, &paymentScheduleUnion, "payment_schedules")
	decodesOnce(t, &cashReceiptUnion, "cash_receipts")
	decodesOnce(t, &identityVerificationUnion, "identity_verifications")
}

// TestPaymentStatusAndVariantAgree: the discriminator is read the way
// encoding/json fills the Status field (any case, last non-null member
// wins, escapes decoded), so Status and the Variant always agree.
func TestPaymentStatusAndVariantAgree(t *testing.T) {
	const rest = `"id":"p-1","amount":{"total":1000}`
	for doc, want := range map[string]PaymentStatus{
		`{"STATUS":"PAID","Status":"FAILED",` + rest + `}`:      PaymentStatusFailed,
		`{"status":"PAID","status":null,` + rest + `}`:          PaymentStatusPaid,
		`{"st\u0061tus":"C\u0041NCELLED",` + rest + `}`:         PaymentStatusCancelled,
		`{"x":{"status":"PAID"},"status":"READY",` + rest + `}`: PaymentStatusReady,
		`{"status":"NEW_ONE",` + rest + `}`:                     "NEW_ONE",
	} {
		var p Payment
		require.NoError(t, json.Unmarshal([]byte(doc), &p), doc)
		assert.Equal(t, want, p.Status, doc)
		assert.Equal(t, want, p.Variant.Status(), doc)
	}
}

// TestPaymentEventDecodesOnce: an event, like a payment, is decoded by one
// variant decoder; null stays an error.
func TestPaymentEventDecodesOnce(t *testing.T) {
	body := []byte(`{"type":"PARTIAL_CANCELLED","id":"e-1","paymentId":"p-1","eventAmount":-500,
		"method":{"type":"PaymentMethodCard"},"cancellation":{"status":"SUCCEEDED","id":"c-1","totalAmount":500}}`)
	calls := 0
	e, err := counted(&paymentEventUnion, &calls).Decode(body)
	require.NoError(t, err)
	assert.Equal(t, 1, calls)
	v, ok := e.Variant.(*PartialCancelledPaymentEvent)
	require.True(t, ok, "%T", e.Variant)
	assert.Equal(t, &SucceededPaymentCancellation{ID: "c-1", TotalAmount: 500}, v.Cancellation)
	assert.Equal(t, &PaymentMethodCard{}, e.Method)
	assert.Equal(t, int64(-500), e.EventAmount)

	var ev PaymentEvent
	assert.ErrorContains(t, json.Unmarshal([]byte(`null`), &ev), "payment event is null")
}
