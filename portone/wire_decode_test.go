package portone

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/jsonx"
)

// swapCounted replaces the decoders of the package's union u with counting
// copies for the rest of the test (see counted), so that a test can see
// whether a decoding went through the union at all.
func swapCounted[V any](t *testing.T, u *jsonx.Union[V], calls *int) {
	saved := *u
	*u = *counted(&saved, calls)
	t.Cleanup(func() { *u = saved })
}

// wireDecodeCase lists, for each container union, its fixtures directory and
// how the wire and the union each decode a body.
type wireDecodeCase struct {
	dir   string
	wire  func([]byte) (any, bool)
	union func([]byte) (any, error)
	decls func(t *testing.T, calls *int) // counts the union's decoders
	// container decodes with the container's UnmarshalJSON, as
	// json.Unmarshal and the client do.
	container func([]byte) (any, error)
}

func wireDecodeCases() []wireDecodeCase {
	return []wireDecodeCase{
		{"payments", wireOf((*paymentWire).value), unionOf(&paymentUnion),
			func(t *testing.T, n *int) { swapCounted(t, &paymentUnion, n) }, containerOf[Payment]},
		{"billing_keys", wireOf((*billingKeyInfoWire).value), unionOf(&billingKeyInfoUnion),
			func(t *testing.T, n *int) { swapCounted(t, &billingKeyInfoUnion, n) }, containerOf[BillingKeyInfo]},
		{"payment_schedules", wireOf((*paymentScheduleWire).value), unionOf(&paymentScheduleUnion),
			func(t *testing.T, n *int) { swapCounted(t, &paymentScheduleUnion, n) }, containerOf[PaymentSchedule]},
		{"cash_receipts", wireOf((*cashReceiptWire).value), unionOf(&cashReceiptUnion),
			func(t *testing.T, n *int) { swapCounted(t, &cashReceiptUnion, n) }, containerOf[CashReceipt]},
		{"identity_verifications", wireOf((*identityVerificationWire).value), unionOf(&identityVerificationUnion),
			func(t *testing.T, n *int) { swapCounted(t, &identityVerificationUnion, n) }, containerOf[IdentityVerification]},
	}
}

func wireOf[W, V any](value func(*W) (V, bool)) func([]byte) (any, bool) {
	return func(b []byte) (any, bool) { return jsonx.Wire(b, value) }
}

func unionOf[V any](u *jsonx.Union[V]) func([]byte) (any, error) {
	return func(b []byte) (any, error) { return u.Decode(b) }
}

func containerOf[T any](b []byte) (any, error) {
	var x T
	err := json.Unmarshal(b, &x)
	return x, err
}

// TestWiresDecodeFixturesWithoutTheUnion: every fixture whose variants are
// all known decodes through its wire alone (the union's decoders never
// run, so the body is decoded once), to exactly the value the union gives.
// A fixture with an unknown part is left to the union, which runs once.
func TestWiresDecodeFixturesWithoutTheUnion(t *testing.T) {
	for _, c := range wireDecodeCases() {
		paths, err := filepath.Glob(filepath.Join("testdata", c.dir, "*.json"))
		require.NoError(t, err)
		require.NotEmpty(t, paths)
		for _, p := range paths {
			body, err := os.ReadFile(p)
			require.NoError(t, err)
			want, err := c.union(body)
			require.NoError(t, err, p)
			got, ok := c.wire(body)
			// issue_response.json is an issue response, not a billing key: with
			// no status it decodes as UnknownBillingKeyInfo.
			unknown := strings.Contains(filepath.Base(p), "unknown") || strings.HasSuffix(p, "issue_response.json")
			assert.Equal(t, !unknown, ok, "%s: only unknown parts leave the wire", p)
			if ok {
				assert.Equal(t, want, got, p)
			}

			calls := 0
			c.decls(t, &calls)
			v, err := c.union(body) // through the counted union: 1 call
			require.NoError(t, err)
			assert.Equal(t, want, v)
			calls = 0
			decoded, err := c.container(body)
			require.NoError(t, err, p)
			assert.Equal(t, want, decoded, p)
			if unknown {
				assert.Equal(t, 1, calls, "%s: the union decodes what the wire cannot", p)
			} else {
				assert.Zero(t, calls, "%s: decoded by the wire alone", p)
			}
		}
	}
}

// TestPaymentWireLeavesHardCasesToTheUnion: whatever the wire cannot
// decide as jsonx.Union does (a repeated, null, unknown or non-string
// discriminator, a missing required member, null in a union list, an
// unknown nested variant, a bad nested value) it leaves to the union, so
// Payment.UnmarshalJSON gives exactly the union's value or error.
func TestPaymentWireLeavesHardCasesToTheUnion(t *testing.T) {
	const rest = `"id":"p-1","amount":{"total":1000}`
	for name, doc := range map[string]string{
		"status twice":                 `{"status":"PAID","STATUS":"FAILED",` + rest + `}`,
		"status then null":             `{"status":"PAID","status":null,` + rest + `}`,
		"unknown status":               `{"status":"NEW_ONE",` + rest + `}`,
		"status number":                `{"status":1,` + rest + `}`,
		"status empty":                 `{"status":"",` + rest + `}`,
		"no id":                        `{"status":"PAID","amount":{"total":1000}}`,
		"empty id":                     `{"status":"PAID","id":"","amount":{"total":1000}}`,
		"zero total":                   `{"status":"PAID","id":"p-1","amount":{"total":0}}`,
		"null total":                   `{"status":"PAID","id":"p-1","amount":{"total":null}}`,
		"null amount":                  `{"status":"PAID","id":"p-1","amount":null}`,
		"null cancellation":            `{"status":"CANCELLED",` + rest + `,"cancellations":[null]}`,
		"cancellation number":          `{"status":"CANCELLED",` + rest + `,"cancellations":[1]}`,
		"unknown cancellation":         `{"status":"CANCELLED",` + rest + `,"cancellations":[{"status":"X","id":"c"}]}`,
		"cancellation type twice":      `{"status":"CANCELLED",` + rest + `,"cancellations":[{"status":"SUCCEEDED","Status":"FAILED"}]}`,
		"method without type":          `{"status":"PAID",` + rest + `,"method":{"card":{}}}`,
		"unknown method":               `{"status":"PAID",` + rest + `,"method":{"type":"PaymentMethodNew","x":1}}`,
		"method not object":            `{"status":"PAID",` + rest + `,"method":"CARD"}`,
		"unknown easy-pay method":      `{"status":"PAID",` + rest + `,"method":{"type":"PaymentMethodEasyPay","easyPayMethod":{"type":"New"}}}`,
		"other variant's bad member":   `{"status":"READY",` + rest + `,"paidAt":"yesterday"}`,
		"float amount":                 `{"status":"PAID","id":"p-1","amount":{"total":10.5}}`,
		"unknown cash receipt":         `{"status":"PAID",` + rest + `,"cashReceipt":{"status":"REISSUED"}}`,
		"trailing data":                `{"status":"PAID",` + rest + `} {}`,
		"not an object":                `[1]`,
		"member of other variant only": `{"status":"READY",` + rest + `,"method":{"type":"PaymentMethodCard","bank":5}}`,
	} {
		_, ok := jsonx.Wire([]byte(doc), (*paymentWire).value)
		assert.False(t, ok, "%s: the wire must leave it to the union", name)

		want, wantErr := paymentUnion.Decode([]byte(doc))
		var got Payment
		gotErr := got.UnmarshalJSON([]byte(doc))
		if wantErr != nil {
			assert.EqualError(t, gotErr, wantErr.Error(), name)
			continue
		}
		require.NoError(t, gotErr, name)
		assert.Equal(t, want, got, name)
	}
}

// TestPaymentWireDecidesAsTheUnion: the wire decodes a null nested union
// to nil, a null list to nil and [] to an empty list, reads an escaped
// discriminator, and ignores what another variant's members hold, each as
// the union does.
func TestPaymentWireDecidesAsTheUnion(t *testing.T) {
	for _, doc := range []string{
		`{"st\u0061tus":"C\u0041NCELLED","id":"p-1","amount":{"total":1}}`,
		`{"status":"READY","id":"p-1","amount":{"total":1},"cancellations":[null],"cashReceipt":{"status":"NEW"}}`,
		`{"status":"PAID","id":"p-1","amount":{"total":1},"method":null,"cashReceipt":null,"cancellations":null}`,
		`{"status":"PAID","id":"p-1","amount":{"total":1},"cancellations":[]}`,
		`{"status":"CANCELLED","id":"p-1","amount":{"total":1},"cancellations":[{"status":"SUCCEEDED","id":"c-1","totalAmount":1}]}`,
	} {
		got, ok := jsonx.Wire([]byte(doc), (*paymentWire).value)
		require.True(t, ok, doc)
		want, err := paymentUnion.Decode([]byte(doc))
		require.NoError(t, err)
		assert.Equal(t, want, got, doc)
	}
}

// FuzzPaymentWire: on any input the wire decodes, its value is exactly the
// one jsonx.Union decodes, without error.
func FuzzPaymentWire(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "payments", "*.json"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"status":"CANCELLED","id":"p","amount":{"total":1},"cancellations":[{"status":"SUCCEEDED"}],"method":{"type":"PaymentMethodEasyPay","easyPayMethod":{"type":"PaymentMethodCard","card":{}}}}`))
	// The documented exception (internal/jsonx/wire.go): JSON that repeats
	// a member name, which RFC 8259 leaves undefined, is merged by
	// encoding/json on the wire path and replaced by the union.
	f.Add([]byte(`{"status":"PAID","id":"p-1","amount":{"total":1000},"amount":{"paid":0}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := jsonx.Wire(data, (*paymentWire).value)
		if !ok || repeatsAMemberName(data) {
			return
		}
		want, err := paymentUnion.Decode(data)
		if err != nil {
			t.Fatalf("the wire decodes what the union refuses (%v): %q", err, data)
		}
		if !assert.Equal(t, want, got) {
			t.Fatalf("input: %q", data)
		}
	})
}

// repeatsAMemberName reports JSON in which some object names a member
// twice (compared as encoding/json matches names: without regard to case),
// the one class of input on which the wire and the union may differ.
func repeatsAMemberName(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	type object struct {
		seen    map[string]bool
		wantKey bool
	}
	var stack []*object
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		var top *object
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				if top != nil {
					top.wantKey = true
				}
				stack = append(stack, &object{seen: map[string]bool{}, wantKey: true})
				continue
			case '[':
				stack = append(stack, nil)
				continue
			default:
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1] != nil {
					stack[len(stack)-1].wantKey = true
				}
				continue
			}
		case string:
			if top != nil && top.wantKey {
				name := strings.ToLower(v)
				if top.seen[name] {
					return true
				}
				top.seen[name], top.wantKey = true, false
				continue
			}
		}
		if top != nil {
			top.wantKey = true
		}
	}
}

func TestRepeatsAMemberName(t *testing.T) {
	assert.True(t, repeatsAMemberName([]byte(`{"a":1,"A":2}`)))
	assert.True(t, repeatsAMemberName([]byte(`{"x":{"amount":{"total":1},"amount":{}}}`)))
	assert.True(t, repeatsAMemberName([]byte(`[{"b":[1,{"c":1,"c":2}]}]`)))
	assert.False(t, repeatsAMemberName([]byte(`{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}`)))
}
