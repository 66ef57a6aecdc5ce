package portone

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// benchPaymentJSON is the ~4 KiB PAID card payment of BenchmarkPaymentGet.
func benchPaymentJSON(b *testing.B) []byte {
	body, err := os.ReadFile(filepath.Join("testdata", "payments", "paid_card.json"))
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// benchDecode runs decode on the PAID card payment and checks the total.
func benchDecode(b *testing.B, decode func(body []byte) (total int64, err error)) {
	body := benchPaymentJSON(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if total, err := decode(body); err != nil || total != 39800 {
			b.Fatal(total, err)
		}
	}
}

// BenchmarkPaymentDecode decodes the PAID card payment into Payment: the
// union decoder, its Method and CashReceipt unions and every field.
func BenchmarkPaymentDecode(b *testing.B) {
	benchDecode(b, func(body []byte) (int64, error) {
		var p Payment
		err := json.Unmarshal(body, &p)
		return p.Amount.Total, err
	})
}

// plainPaidPayment is the PAID card payment as a plain struct, no union and
// no UnmarshalJSON: what encoding/json alone costs for the same fields.
// BenchmarkPaymentDecodeStdlibPlain is the baseline of
// BenchmarkPaymentDecode.
type plainPaidPayment struct {
	*plainPaymentCommon
	*plainPaidVariant
	Method *struct {
		Type string `json:"type"`
		PaymentMethodCard
	} `json:"method"`
	CashReceipt *struct {
		Status string `json:"status"`
		IssuedPaymentCashReceipt
	} `json:"cashReceipt"`
	Cancellations []struct {
		Status string `json:"status"`
		SucceededPaymentCancellation
	} `json:"cancellations"`
}

type (
	plainPaymentCommon PaymentCommon
	plainPaidVariant   PaidPayment
)

func BenchmarkPaymentDecodeStdlibPlain(b *testing.B) {
	benchDecode(b, func(body []byte) (int64, error) {
		p := plainPaidPayment{plainPaymentCommon: &plainPaymentCommon{}, plainPaidVariant: &plainPaidVariant{}}
		err := json.Unmarshal(body, &p)
		return p.Amount.Total, err
	})
}
