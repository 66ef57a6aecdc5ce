package bootpay

import (
	"encoding/json"
	"testing"
)

// benchReceiptDecode decodes the ~2 KiB card receipt with decode and checks
// the status and amount it read.
func benchReceiptDecode(b *testing.B, decode func(body []byte) (status int, price int64, err error)) {
	body := readFixture(b, "receipt_card.json")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		status, price, err := decode(body)
		if err != nil || status != 1 || price != 50000 {
			b.Fatal(status, price, err)
		}
	}
}

// BenchmarkReceiptDecode is body bytes → Receipt as the client decodes a
// response (decodeResponse, the client's transport.Config.DecodeBody): the
// required-field checks, exact amounts, tolerant times, the metadata
// object and the kept raw JSON.
func BenchmarkReceiptDecode(b *testing.B) {
	benchReceiptDecode(b, func(body []byte) (int, int64, error) {
		var r Receipt
		err := decodeResponse(body, &r)
		return int(r.Status), r.Price.Int64(), err
	})
}

// plainReceipt is the card receipt as encoding/json alone decodes it: the
// same fields as Receipt with plain types (times as strings, since the
// receipt carries "" for an unset time), no UnmarshalJSON anywhere.
type plainReceipt struct {
	ReceiptID          string         `json:"receipt_id"`
	OrderID            string         `json:"order_id"`
	Price              int64          `json:"price"`
	TaxFree            int64          `json:"tax_free"`
	CancelledPrice     int64          `json:"cancelled_price"`
	CancelledTaxFree   int64          `json:"cancelled_tax_free"`
	OrderName          string         `json:"order_name"`
	CompanyName        string         `json:"company_name"`
	GatewayURL         string         `json:"gateway_url"`
	Metadata           map[string]any `json:"metadata"`
	Sandbox            bool           `json:"sandbox"`
	PG                 string         `json:"pg"`
	Method             string         `json:"method"`
	MethodSymbol       string         `json:"method_symbol"`
	MethodOrigin       string         `json:"method_origin"`
	MethodOriginSymbol string         `json:"method_origin_symbol"`
	Currency           string         `json:"currency"`
	ReceiptURL         string         `json:"receipt_url"`
	RequestedAt        string         `json:"requested_at"`
	PurchasedAt        string         `json:"purchased_at"`
	CancelledAt        string         `json:"cancelled_at"`
	Status             int            `json:"status"`
	StatusLocale       string         `json:"status_locale"`
	CardData           *struct {
		TID             string `json:"tid"`
		ApproveNo       string `json:"card_approve_no"`
		CardNo          string `json:"card_no"`
		Quota           string `json:"card_quota"`
		CompanyCode     string `json:"card_company_code"`
		Company         string `json:"card_company"`
		Interest        string `json:"card_interest"`
		Type            string `json:"card_type"`
		OwnerType       string `json:"card_owner_type"`
		ReceiptURL      string `json:"receipt_url"`
		Point           int64  `json:"point"`
		CancelledPoint  int64  `json:"cancelled_point"`
		Coupon          int64  `json:"coupon"`
		CancelledCoupon int64  `json:"cancelled_coupon"`
		CancelTID       string `json:"cancel_tid"`
	} `json:"card_data"`
	CashReceiptData *struct {
		TID        string `json:"tid"`
		Type       int    `json:"cash_receipt_type"`
		No         string `json:"cash_receipt_no"`
		ReceiptURL string `json:"receipt_url"`
	} `json:"cash_receipt_data"`
	EscrowData *struct {
		Status             int    `json:"status"`
		StatusLocale       string `json:"status_locale"`
		ShippingStartedAt  string `json:"shipping_started_at"`
		ReceiptConfirmedAt string `json:"receipt_confirmed_at"`
	} `json:"escrow_data"`
	NaverPointData *struct{ TID string } `json:"naver_point_data"`
	KakaoMoneyData *struct{ TID string } `json:"kakao_money_data"`
	PaycoPointData *struct{ TID string } `json:"payco_point_data"`
	TossPointData  *struct{ TID string } `json:"toss_point_data"`
}

// BenchmarkReceiptDecodeStdlib is the baseline of BenchmarkReceiptDecode:
// encoding/json into plainReceipt.
func BenchmarkReceiptDecodeStdlib(b *testing.B) {
	benchReceiptDecode(b, func(body []byte) (int, int64, error) {
		var r plainReceipt
		err := json.Unmarshal(body, &r)
		return r.Status, r.Price, err
	})
}
