package bootpaytest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/internal/sandbox"
)

// A ReceiptSpec describes a receipt to create with [Server.CreateReceipt]. Zero fields take the
// defaults given in their comments; only Price is required.
type ReceiptSpec struct {
	// ReceiptID is the receipt's id; default: 24 random hexadecimal digits, like Bootpay's.
	ReceiptID string
	// OrderID is the merchant's order id; default: "order-N" with N counting from 1.
	OrderID string
	// OrderName is the product name shown to the buyer; default: "테스트 상품".
	OrderName string
	// Price is the amount paid in KRW. It must be positive.
	Price int64
	// TaxFree is the tax-free part of Price (0 ≤ TaxFree ≤ Price).
	TaxFree int64
	// Status is the initial status; nil means bootpay.StatusAwaitingConfirm (2, 승인대기), the state
	// of a separately confirmed payment. Use for example Ptr(bootpay.StatusPaid) for a completed
	// payment.
	Status *bootpay.Status
	// CancelledPrice and CancelledTaxFree are the amounts already cancelled, for a receipt created in
	// bootpay.StatusCancelled; if CancelledPrice is 0 there, the receipt is fully cancelled.
	CancelledPrice   int64
	CancelledTaxFree int64
	// PG is the PG alias sent as "pg"; default: "nicepay".
	PG string
	// Method is the method symbol sent as "method_symbol" and "method_origin_symbol": "card"
	// (default), "phone", "bank", "vbank" or any other symbol. It selects the method data object
	// (card_data, phone_data, bank_data or vbank_data).
	Method string
	// MethodName is the display name sent as "method" and "method_origin"; default: the Korean name
	// of Method ("카드", "휴대폰", "계좌이체", "가상계좌"), or Method itself for other symbols. Bootpay
	// sends Korean display names in "method" in many cases; clients should branch on method_symbol.
	MethodName string
	// Metadata is echoed as the "metadata" object (default {}). It must be JSON-encodable.
	Metadata map[string]any
	// Sandbox is sent as "sandbox" (true for a Bootpay test-mode payment).
	Sandbox bool
	// CompanyName is the merchant name; default: "페이킷 테스트 상점".
	CompanyName string
	// Currency defaults to "KRW".
	Currency string
	// CardCompany, CardNo and CardQuota fill card_data; defaults: "현대", "5365-10**-****-1234", "00"
	// (일시불, paid in full).
	CardCompany string
	CardNo      string
	CardQuota   string
	// Escrow adds an escrow_data object.
	Escrow bool
	// CashReceipt adds a cash_receipt_data object (for the bank and vbank methods).
	CashReceipt bool
	// RequestedAt is when the payment was requested; default: now, by the server's clock. Receipts
	// created paid or cancelled get purchased_at (and cancelled_at) = now.
	RequestedAt time.Time
	// Extra sets additional or replacing top-level fields of the receipt JSON, to reproduce payloads
	// the sandbox would not otherwise send (unknown fields, odd types). A nil value removes the field;
	// use json.RawMessage("null") for an explicit null. Values must be JSON-encodable.
	Extra map[string]any
}

// A Receipt is a snapshot of a receipt stored in the sandbox, returned by [Server.CreateReceipt] and
// [Server.Receipt]. Changing it does not change the server's copy.
type Receipt struct {
	// ReceiptID is Bootpay's id of the payment ("receipt_id").
	ReceiptID string
	// OrderID and OrderName are the merchant's order id and product name.
	OrderID   string
	OrderName string
	// Price and TaxFree are the amounts paid in KRW; TaxFree is the tax-free part of Price.
	Price   int64
	TaxFree int64
	// CancelledPrice and CancelledTaxFree are the cumulative amounts cancelled.
	CancelledPrice   int64
	CancelledTaxFree int64
	// Status is the current status.
	Status bootpay.Status
	// PG is the PG alias, such as "nicepay".
	PG string
	// Method is the method symbol, such as "card".
	Method string
	// Sandbox is the receipt's "sandbox" flag.
	Sandbox bool
	// Metadata is the "metadata" object decoded with encoding/json (numbers are float64).
	Metadata map[string]any
	// RequestedAt is when the payment was requested.
	RequestedAt time.Time
	// PurchasedAt is when it was paid (created paid, or confirmed); zero if never paid.
	PurchasedAt time.Time
	// CancelledAt is the time of the latest cancellation; zero if never cancelled.
	CancelledAt time.Time
	// Cancellations lists the cancellations applied through POST /v2/cancel, oldest first.
	Cancellations []Cancellation
}

// RemainingPrice returns the amount still cancellable, Price - CancelledPrice.
func (r Receipt) RemainingPrice() int64 { return r.Price - r.CancelledPrice }

// A Cancellation is one cancel applied to a receipt.
type Cancellation struct {
	// CancelID is the request's cancel_id, or "" if it had none.
	CancelID string
	// Price is the amount cancelled and TaxFree its tax-free part.
	Price   int64
	TaxFree int64
	// Username and Message are the request's cancel_username and cancel_message.
	Username string
	Message  string
	// Refund is the request's refund account, or nil if it had none.
	Refund *Refund
	// At is when the cancellation was applied, by the server's clock.
	At time.Time
}

// Refund is the refund account of a cancel request (virtual-account payments), as sent in its
// "refund" object.
type Refund struct {
	BankAccount  string // refund.bank_account
	BankUsername string // refund.bank_username
	BankCode     string // refund.bank_code, such as "004"
}

// receipt is the server's state of one receipt; guarded by Server.mu.
type receipt struct {
	id, orderID, orderName           string
	price, taxFree                   int64
	cancelledPrice, cancelledTaxFree int64
	status                           bootpay.Status
	pg, method, methodName           string
	companyName, currency            string
	metadata                         json.RawMessage
	sandbox                          bool
	requestedAt, purchasedAt         time.Time
	cancelledAt                      time.Time
	cardCompany, cardNo, cardQuota   string
	tid, approveNo                   string
	escrow, cashReceipt              bool
	extra                            map[string]json.RawMessage // nil value: remove the field
	cancels                          []Cancellation
	cashCancelled                    bool      // a cash receipt was issued and cancelled
	shippingStartedAt                time.Time // escrow shipment started
	trackingNumber, courier          string
}

var methodNames = map[string]string{
	"card":  "카드",
	"phone": "휴대폰",
	"bank":  "계좌이체",
	"vbank": "가상계좌",
}

// CreateReceipt stores a new receipt built from spec and returns a snapshot of it. It panics, like a
// failed test setup should, if spec is invalid: Price ≤ 0, TaxFree outside [0, Price], cancelled
// amounts outside their totals, a ReceiptID already in use, or Metadata or Extra that cannot be
// encoded as JSON.
func (s *Server) CreateReceipt(spec ReceiptSpec) Receipt {
	if spec.Price <= 0 {
		panic(fmt.Sprintf("bootpaytest: ReceiptSpec.Price must be positive, got %d", spec.Price))
	}
	if spec.TaxFree < 0 || spec.TaxFree > spec.Price {
		panic(fmt.Sprintf("bootpaytest: ReceiptSpec.TaxFree %d outside [0, %d]", spec.TaxFree, spec.Price))
	}
	now := s.now()
	rc := &receipt{
		id:          spec.ReceiptID,
		orderID:     spec.OrderID,
		orderName:   cmp.Or(spec.OrderName, "테스트 상품"),
		price:       spec.Price,
		taxFree:     spec.TaxFree,
		status:      bootpay.StatusAwaitingConfirm,
		pg:          cmp.Or(spec.PG, "nicepay"),
		method:      cmp.Or(spec.Method, "card"),
		companyName: cmp.Or(spec.CompanyName, "페이킷 테스트 상점"),
		currency:    cmp.Or(spec.Currency, "KRW"),
		metadata:    json.RawMessage("{}"),
		sandbox:     spec.Sandbox,
		requestedAt: spec.RequestedAt,
		cardCompany: cmp.Or(spec.CardCompany, "현대"),
		cardNo:      cmp.Or(spec.CardNo, "5365-10**-****-1234"),
		cardQuota:   cmp.Or(spec.CardQuota, "00"),
		tid:         "sbx" + sandbox.RandomHex(10),
		approveNo:   fmt.Sprintf("%08d", rand.IntN(100_000_000)),
		escrow:      spec.Escrow,
		cashReceipt: spec.CashReceipt,
	}
	rc.methodName = cmp.Or(spec.MethodName, methodNames[rc.method], rc.method)
	if spec.Status != nil {
		rc.status = *spec.Status
	}
	if rc.requestedAt.IsZero() {
		rc.requestedAt = now
	}
	if rc.status == bootpay.StatusPaid || rc.status == bootpay.StatusCancelled {
		rc.purchasedAt = now
	}
	if rc.status == bootpay.StatusCancelled {
		rc.cancelledAt = now
		rc.cancelledPrice, rc.cancelledTaxFree = spec.CancelledPrice, spec.CancelledTaxFree
		if rc.cancelledPrice == 0 {
			rc.cancelledPrice, rc.cancelledTaxFree = rc.price, rc.taxFree
		}
	} else if spec.CancelledPrice != 0 || spec.CancelledTaxFree != 0 {
		panic("bootpaytest: ReceiptSpec.CancelledPrice and CancelledTaxFree need Status bootpay.StatusCancelled")
	}
	if rc.cancelledPrice < 0 || rc.cancelledPrice > rc.price ||
		rc.cancelledTaxFree < 0 || rc.cancelledTaxFree > rc.taxFree || rc.cancelledTaxFree > rc.cancelledPrice {
		panic(fmt.Sprintf("bootpaytest: ReceiptSpec cancelled amounts %d/%d inconsistent with %d/%d",
			rc.cancelledPrice, rc.cancelledTaxFree, rc.price, rc.taxFree))
	}
	if spec.Metadata != nil {
		b, err := json.Marshal(spec.Metadata)
		if err != nil {
			panic("bootpaytest: ReceiptSpec.Metadata: " + err.Error())
		}
		rc.metadata = b
	}
	if len(spec.Extra) > 0 {
		rc.extra = make(map[string]json.RawMessage, len(spec.Extra))
		for k, v := range spec.Extra {
			if v == nil {
				rc.extra[k] = nil
				continue
			}
			b, err := json.Marshal(v)
			if err != nil {
				panic("bootpaytest: ReceiptSpec.Extra[" + strconv.Quote(k) + "]: " + err.Error())
			}
			rc.extra[k] = b
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if rc.id == "" {
		for rc.id == "" || s.receipts[rc.id] != nil {
			rc.id = sandbox.RandomHex(12)
		}
	} else if s.receipts[rc.id] != nil {
		panic("bootpaytest: receipt " + strconv.Quote(rc.id) + " already exists")
	}
	if rc.orderID == "" {
		s.orderSeq++
		rc.orderID = "order-" + strconv.Itoa(s.orderSeq)
	}
	s.receipts[rc.id] = rc
	return rc.snapshot()
}

// Receipt returns a snapshot of the stored receipt with the given id, and whether it exists.
func (s *Server) Receipt(id string) (Receipt, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rc := s.receipts[id]
	if rc == nil {
		return Receipt{}, false
	}
	return rc.snapshot(), true
}

// snapshot copies rc; the caller holds Server.mu.
func (rc *receipt) snapshot() Receipt {
	var md map[string]any
	_ = json.Unmarshal(rc.metadata, &md)
	cancels := slices.Clone(rc.cancels)
	for i, c := range cancels {
		if c.Refund != nil {
			r := *c.Refund
			cancels[i].Refund = &r
		}
	}
	return Receipt{
		ReceiptID:        rc.id,
		OrderID:          rc.orderID,
		OrderName:        rc.orderName,
		Price:            rc.price,
		TaxFree:          rc.taxFree,
		CancelledPrice:   rc.cancelledPrice,
		CancelledTaxFree: rc.cancelledTaxFree,
		Status:           rc.status,
		PG:               rc.pg,
		Method:           rc.method,
		Sandbox:          rc.sandbox,
		Metadata:         md,
		RequestedAt:      rc.requestedAt,
		PurchasedAt:      rc.purchasedAt,
		CancelledAt:      rc.cancelledAt,
		Cancellations:    cancels,
	}
}

// kst is Korea Standard Time, the zone of Bootpay PG timestamps.
var kst = time.FixedZone("KST", 9*60*60)

// kstTime formats t like Bootpay does, "2026-11-22T14:05:09+09:00"; the zero time gives "".
func kstTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(kst).Truncate(time.Second).Format(time.RFC3339)
}

// Card company codes for card_data.card_company_code: illustrative values, not Bootpay's official
// code table (which Bootpay's documentation does not give). Other companies get "99".
var cardCompanyCodes = map[string]string{
	"BC": "01", "KB국민": "02", "하나": "03", "삼성": "04", "신한": "06", "현대": "07", "롯데": "08",
	"NH농협": "11", "씨티": "12", "우리": "15",
}

// render encodes rc as Bootpay's receipt JSON; the caller holds Server.mu.
func (rc *receipt) render(decimal bool) []byte {
	slip := "https://sandbox.invalid/receipt/" + rc.id
	v := receiptJSON{
		ReceiptID:          rc.id,
		OrderID:            rc.orderID,
		Price:              money{rc.price, decimal},
		TaxFree:            money{rc.taxFree, decimal},
		CancelledPrice:     money{rc.cancelledPrice, decimal},
		CancelledTaxFree:   money{rc.cancelledTaxFree, decimal},
		OrderName:          rc.orderName,
		CompanyName:        rc.companyName,
		GatewayURL:         "https://gateway.sandbox.invalid",
		Metadata:           rc.metadata,
		Sandbox:            rc.sandbox,
		PG:                 rc.pg,
		Method:             rc.methodName,
		MethodSymbol:       rc.method,
		MethodOrigin:       rc.methodName,
		MethodOriginSymbol: rc.method,
		Currency:           rc.currency,
		ReceiptURL:         slip,
		RequestedAt:        kstTime(rc.requestedAt),
		PurchasedAt:        kstTime(rc.purchasedAt),
		CancelledAt:        kstTime(rc.cancelledAt),
		Status:             int(rc.status),
		StatusLocale:       statusLocales[rc.status],
	}
	switch rc.method {
	case "card":
		v.CardData = &cardDataJSON{
			TID:             rc.tid,
			CardApproveNo:   rc.approveNo,
			CardNo:          rc.cardNo,
			CardQuota:       rc.cardQuota,
			CardCompanyCode: cmp.Or(cardCompanyCodes[rc.cardCompany], "99"),
			CardCompany:     rc.cardCompany,
			CardInterest:    "0",
			CardType:        "신용",
			CardOwnerType:   "개인",
			ReceiptURL:      slip,
		}
	case "phone":
		v.PhoneData = &phoneDataJSON{TID: rc.tid, AuthNo: rc.approveNo, Phone: "010****5678", ReceiptURL: slip}
	case "bank":
		v.BankData = &bankDataJSON{TID: rc.tid, BankCode: "004", BankName: "국민", BankUsername: "홍길동", ReceiptURL: slip}
	case "vbank":
		v.VbankData = &bankDataJSON{
			TID: rc.tid, BankCode: "088", BankName: "신한", BankUsername: "페이킷테스트",
			BankAccount: "56211102345678", SenderName: "홍길동",
			ExpiredAt: kstTime(rc.requestedAt.Add(72 * time.Hour)), ReceiptURL: slip,
		}
	}
	if rc.escrow {
		v.EscrowData = &escrowDataJSON{Status: 0, StatusLocale: "배송대기"}
		if !rc.shippingStartedAt.IsZero() {
			v.EscrowData = &escrowDataJSON{Status: 1, StatusLocale: "배송중", ShippingStartedAt: kstTime(rc.shippingStartedAt)}
		}
	}
	if rc.cashReceipt && (rc.method == "bank" || rc.method == "vbank") {
		v.CashReceiptData = &cashReceiptJSON{TID: "cr" + rc.tid, CashReceiptType: 1, CashReceiptNo: "123456789", ReceiptURL: slip}
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic("bootpaytest: encoding receipt: " + err.Error())
	}
	if len(rc.extra) == 0 {
		return b
	}
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(b, &fields)
	for k, raw := range rc.extra {
		if raw == nil {
			delete(fields, k)
		} else {
			fields[k] = raw
		}
	}
	// Keep Bootpay's order for the known fields, then the extra ones sorted.
	return orderedJSON(b, fields)
}

// orderedJSON writes fields as an object, keys in the order they appear in base and then the rest
// sorted.
func orderedJSON(base []byte, fields map[string]json.RawMessage) []byte {
	var order []string
	dec := json.NewDecoder(bytes.NewReader(base))
	_, _ = dec.Token() // {
	for dec.More() {
		tok, _ := dec.Token()
		order = append(order, tok.(string))
		var skip json.RawMessage
		_ = dec.Decode(&skip)
	}
	seen := make(map[string]bool, len(order))
	out := []byte{'{'}
	emit := func(k string) {
		raw, ok := fields[k]
		if !ok || seen[k] {
			return
		}
		seen[k] = true
		if len(out) > 1 {
			out = append(out, ',')
		}
		kb, _ := json.Marshal(k)
		out = append(out, kb...)
		out = append(out, ':')
		out = append(out, raw...)
	}
	for _, k := range order {
		emit(k)
	}
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		emit(k)
	}
	return append(out, '}')
}
