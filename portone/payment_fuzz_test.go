package portone_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/paykit-kr/paykit/portone"
)

// FuzzPaymentDecode feeds arbitrary bytes to Payment's decoder. Decoding
// must not panic. When it succeeds, the payment must encode, the encoding
// must decode again to the same status and Variant type, and encoding that
// second value must give the same bytes (encoding is a fixed point).
func FuzzPaymentDecode(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("testdata", "payments", "*.json"))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no fixtures: %v", err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		`null`, `{}`, `[]`, `{"status":"PAID"}`, `{"status":"PAID","disputes":null}`,
		`{"status":"CANCELLED","cancellations":[null,{"status":"X"},{"status":"SUCCEEDED","totalAmount":1}]}`,
		`{"status":"READY","method":{"type":"PaymentMethodEasyPay","easyPayMethod":{"type":"PaymentMethodCard","card":{}}}}`,
		`{"status":"READY","customer":{"address":{"type":"SEPARATED","oneLine":"<&>"}},"escrow":{"status":"CONFIRMED","isAutomaticallyConfirmed":true}}`,
		`{"STATUS":"paid","Status":"FAILED","failure":{},"failedAt":"2024-01-01T00:00:00+00:00"}`,
		`{"status":"NEW","x":"\u2028 <b> \ud800"}`,
	} {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		var p portone.Payment
		if err := json.Unmarshal(data, &p); err != nil {
			return
		}
		if isNull := bytes.Equal(bytes.TrimSpace(data), []byte("null")); isNull {
			return // null leaves the zero Payment, which has no Variant
		}
		if p.Variant == nil {
			t.Fatalf("decoded payment has no Variant: %q", data)
		}
		if u, ok := p.Variant.(*portone.UnknownPayment); ok && !json.Valid(u.Raw) {
			t.Fatalf("UnknownPayment.Raw is not valid JSON: %q", u.Raw)
		}

		out, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("decoded payment does not encode: %v\ninput: %q", err, data)
		}
		var q portone.Payment
		if err := json.Unmarshal(out, &q); err != nil {
			t.Fatalf("encoded payment does not decode: %v\ninput:   %q\nencoded: %s", err, data, out)
		}
		if q.Status != p.Status {
			t.Fatalf("status changed: %q -> %q\ninput:   %q\nencoded: %s", p.Status, q.Status, data, out)
		}
		if reflect.TypeOf(q.Variant) != reflect.TypeOf(p.Variant) || q.Variant.Status() != p.Variant.Status() {
			t.Fatalf("variant changed: %T(%q) -> %T(%q)\ninput:   %q\nencoded: %s",
				p.Variant, p.Variant.Status(), q.Variant, q.Variant.Status(), data, out)
		}
		out2, err := json.Marshal(q)
		if err != nil {
			t.Fatalf("re-decoded payment does not encode: %v", err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("encoding is not a fixed point\ninput: %q\nfirst:  %s\nsecond: %s", data, out, out2)
		}
	})
}
