package portone

// Request and response types of the payment endpoints (PaymentsService).
//
// Params types (…Params) are the inputs of the PaymentsService methods.
// Most of them are also the JSON body PortOne takes: the ids that travel in
// the path are tagged json:"-", and StoreID is replaced by the store the
// call resolves (the params' own, else WithStoreID, else the client's
// default). Beyond the conventions at the top of payment.go:
//
//   - Required fields are plain values, always sent, and checked before any
//     I/O (a *ValidationError).
//   - Optional fields are omitted when unset, never sent as zero values. An
//     optional number or boolean whose zero means something other than "not
//     sent" is a pointer, set with Ptr: a VAT of 0 is not "compute the VAT",
//     and IsTest false is not "do not check". Where PortOne documents that
//     absent means false or 0 (SkipWebhook, IsEscrow, a page number), the
//     field is a plain value. Empty lists are not sent.
//   - Card numbers, account numbers and identity numbers print masked with
//     %v, %+v, %#v and slog; they are sent unmasked.

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/paykit-kr/paykit/internal/jsonx"
	"github.com/paykit-kr/paykit/internal/redact"
	"log/slog"
	"strconv"
	"strings"
)

// ---------------------------------------------------------------------------
// Input types shared with other services (billing keys, schedules, cash
// receipts use the same schema types).

func (a PaymentAmountInput) validate(field string) error {
	err := firstError(
		checkPositive(field+".Total", a.Total),
		checkNonNegative(field+".TaxFree", a.TaxFree),
		checkNonNegative(field+".VAT", a.VAT),
	)
	if err == nil && partsExceed(a.Total, deref(a.TaxFree), deref(a.VAT)) {
		err = invalidField(field, "TaxFree and VAT exceed Total")
	}
	return err
}

// checkCustomerID refuses a customer id that could not name anyone, by the
// rule of requiredID; a nil customer or an empty id is unset.
func checkCustomerID(field string, c *CustomerInput) error {
	if c == nil {
		return nil
	}
	return optionalID(field+".ID", c.ID)
}

// String prints the input with the identity number masked.
func (r CashReceiptInput) String() string {
	type plain CashReceiptInput
	return maskedString(plain(r))
}

// GoString is String.
func (r CashReceiptInput) GoString() string { return r.String() }

// LogValue is String, so JSON handlers mask too.
func (r CashReceiptInput) LogValue() slog.Value { return slog.StringValue(r.String()) }

// String masks the card data.
func (c CardCredential) String() string {
	return "CardCredential{" + c.Number.String() + " " + redact.Redacted + "}"
}

// GoString masks the card data.
func (c CardCredential) GoString() string { return c.String() }

// LogValue masks the card data in slog output.
func (c CardCredential) LogValue() slog.Value { return slog.StringValue(c.String()) }

func (c CardCredential) validate(field string) error {
	switch {
	case !allDigits(string(c.Number)) || len(c.Number) < 12 || len(c.Number) > 19:
		return invalidField(field+".Number", "must be 12 to 19 digits")
	case !allDigits(c.ExpiryYear) || len(c.ExpiryYear) != 2:
		return invalidField(field+".ExpiryYear", "must be two digits")
	case !allDigits(c.ExpiryMonth) || len(c.ExpiryMonth) != 2:
		return invalidField(field+".ExpiryMonth", "must be two digits")
	}
	return nil
}

// AccountNumber is a bank account number. It prints masked (every digit but
// the last four replaced by '*') with every fmt verb and in slog; Reveal
// (or string(n)) and JSON give the number itself, so a RefundAccount is
// sent with the real number.
type AccountNumber string

// Reveal returns the number. A virtual account number (가상계좌) must be
// shown to the customer so that they can deposit: read it with Reveal,
// never by printing the payment.
func (n AccountNumber) Reveal() string { return string(n) }

// String masks the number.
func (n AccountNumber) String() string { return redact.Digits(string(n)) }

// GoString masks the number.
func (n AccountNumber) GoString() string { return strconv.Quote(n.String()) }

// LogValue masks the number in slog output.
func (n AccountNumber) LogValue() slog.Value { return slog.StringValue(n.String()) }

// Format masks the number for every fmt verb, %d and %x included.
func (n AccountNumber) Format(f fmt.State, verb rune) { redact.Format(f, verb, n.String()) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ---------------------------------------------------------------------------
// List (GET /payments)

func (p *PaymentListParams) validate() error {
	size := p.Page.Size
	if size == 0 {
		size = 10
	}
	switch {
	case p.Page.Number < 0:
		return invalidField("Page.Number", "may not be negative")
	case p.Page.Size < 0:
		return invalidField("Page.Size", "may not be negative")
	case (int64(p.Page.Number)+1)*int64(size) > 60000:
		return invalidField("Page", "(Number+1)*Size may not exceed 60000")
	}
	return checkRange("Filter", p.Filter.From, p.Filter.Until)
}

// ---------------------------------------------------------------------------
// Cursor lists (GET /payments-by-cursor, GET /payment-events-by-cursor)

// defaultCursorSize is PortOne's page size when none is sent.
const defaultCursorSize = 10

func (p *PaymentCursorParams) validate() error {
	if p.Size < 0 || p.Size > 1000 {
		return invalidField("Size", "must be between 1 and 1000 (or 0 for the default)")
	}
	return checkRange("", p.From, p.Until)
}

type paymentsByCursorResponse struct {
	Items []struct {
		Payment Payment `json:"payment"`
		Cursor  string  `json:"cursor"`
	} `json:"items"`
}

type paymentEventsByCursorResponse struct {
	Items []struct {
		PaymentEvent PaymentEvent `json:"paymentEvent"`
		Cursor       string       `json:"cursor"`
	} `json:"items"`
}

// missingMember is "items" for a page without them (listPage refuses it):
// GetAllPaymentsByCursorResponse requires them, and All would read their
// absence as the end of the list.
func (r *paymentsByCursorResponse) missingMember() string { return missingItems(r.Items) }

// missingMember is "items" for a page without them, as for All's pages
// (GetAllPaymentEventsByCursorResponse requires them).
func (r *paymentEventsByCursorResponse) missingMember() string { return missingItems(r.Items) }

// PaymentEvent is one event in a payment's history (결제 이벤트): a payment
// completed, or was cancelled in part or in full. Like Payment it is the
// common fields (promoted from PaymentEventCommon) plus a Variant to switch
// on; an unknown "type" decodes into *UnknownPaymentEvent, not an error.
type PaymentEvent struct {
	PaymentEventCommon
	// Variant is *PaidPaymentEvent, *PartialCancelledPaymentEvent,
	// *CancelledPaymentEvent or *UnknownPaymentEvent. It is never nil after
	// decoding a JSON object.
	Variant PaymentEventVariant
}

// PaymentEventVariant is the type-specific part of a PaymentEvent. The
// interface is sealed.
type PaymentEventVariant interface {
	// Type returns the event type this variant stands for.
	Type() PaymentEventType
	isPaymentEventVariant()
}

// MarshalJSON encodes e, writing Disputes as [] when nil: the schema
// requires the array.
func (e PaidPaymentEvent) MarshalJSON() ([]byte, error) {
	type plain PaidPaymentEvent
	e.Disputes = nonNil(e.Disputes)
	return json.Marshal(plain(e))
}

// UnknownPaymentEvent is the Variant of an event whose type this package
// does not know. Raw keeps the whole event; encoding the PaymentEvent writes
// it back unchanged.
type UnknownPaymentEvent struct {
	Raw json.RawMessage // the whole event, compact (see UnknownPaymentMethod.Raw)
}

// ---------------------------------------------------------------------------
// Transactions (GET /payments/{paymentId}/transactions)

// PaymentTransaction is one attempt at a payment (결제 시도). PortOne
// describes an attempt with the fields of a payment in some status, so it
// embeds Payment: Status, Amount, Method and the status-specific Variant
// work as on a Payment. In PortOne's JSON an attempt's "id" is the
// attempt's own id and "paymentId" the payment's; PaymentTransaction keeps
// them where Payment does: ID is the payment id, TransactionID the
// attempt's. Origin is always nil: attempts do not carry one.
type PaymentTransaction struct {
	Payment
}

// UnmarshalJSON decodes an attempt in any status (see PaymentTransaction
// for where the ids go). Like Payment.UnmarshalJSON it refuses null and an
// attempt without status, id, amount.total or paymentId.
func (t *PaymentTransaction) UnmarshalJSON(data []byte) error {
	var p Payment
	if err := p.UnmarshalJSON(data); err != nil {
		return err
	}
	paymentID := jsonx.StringMember(data, "paymentId")
	if paymentID == "" {
		return errors.New("portone: payment transaction has no paymentId")
	}
	p.TransactionID, p.ID = p.ID, paymentID
	t.Payment = p
	return nil
}

// MarshalJSON writes PortOne's form back: "id" is the attempt's id and
// "paymentId" the payment's ("transactionId" is written too, equal to
// "id"). An attempt with an unknown status is written as its Raw JSON.
func (t PaymentTransaction) MarshalJSON() ([]byte, error) {
	if u, ok := t.Variant.(*UnknownPayment); ok && u != nil && len(u.Raw) > 0 {
		return u.Raw, nil
	}
	p := t.Payment
	p.ID = t.TransactionID
	return jsonx.Join(p, struct {
		PaymentID string `json:"paymentId"`
	}{t.ID})
}

type paymentTransactionsResponse struct {
	Items []PaymentTransaction `json:"items"`
}

// missingMember names "items" when the reply holds none: read as no
// attempts, it would say the payment was never tried.
func (r *paymentTransactionsResponse) missingMember() string { return missingItems(r.Items) }

// ---------------------------------------------------------------------------
// Cancel (POST /payments/{paymentId}/cancel)

// CancelPaymentParams describes a cancel (결제 취소, schema CancelPaymentBody).
// Set exactly one of Full (cancel whatever remains: PortOne's "omit amount")
// and Amount (a partial cancel, 부분 취소), so a zero amount never becomes a
// full cancel by accident.
type CancelPaymentParams struct {
	// PaymentID is the payment to cancel (결제 건 아이디). Required.
	PaymentID string
	// StoreID is the store (상점 아이디); unset, WithStoreID or the client's
	// default.
	StoreID string
	// Full cancels the whole remaining amount (전액 취소).
	Full bool
	// Amount is the amount to cancel in a partial cancel (취소 총 금액).
	Amount int64
	// TaxFreeAmount is the tax-free part of the cancel (취소 금액 중 면세
	// 금액); unset, the whole cancel is taxable.
	TaxFreeAmount *int64
	// VATAmount is the VAT part of the cancel (취소 금액 중 부가세액); unset,
	// PortOne computes it.
	VATAmount *int64
	// Reason is why the payment is cancelled (취소 사유). Required. Start it
	// with your refund's own id: the cancellation carries it, and it is
	// what tells your cancels apart later (see PaymentsService.Cancel).
	Reason string
	// Requester says who asked for the cancel (취소 요청자).
	Requester CancelRequester
	// PromotionDiscountRetainOption chooses, for a partial cancel of a
	// promoted payment, whether the original discount rate is kept (RETAIN)
	// or recomputed on what remains (RELEASE, PortOne's default).
	PromotionDiscountRetainOption PromotionDiscountRetainOption
	// CurrentCancellableAmount is the cancellable balance you believe the
	// payment has before this cancel (결제 건의 취소 가능 잔액). When set,
	// PortOne cancels only if it matches, else refuses with 409
	// CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN: it guards against cancelling
	// twice from two stale views of the same payment. Required for a
	// partial cancel (Amount), recommended for a full one: read it before
	// the cancel's first attempt and persist it with the idempotency key
	// before sending, so that every repeat sends the same value (see
	// PaymentsService.Cancel).
	CurrentCancellableAmount *int64
	// RefundAccount is where the money goes back for account refunds (환불
	// 계좌): virtual-account payments, next-month mobile refunds.
	RefundAccount *RefundAccount
	// RefundEmail receives the refund notice (환불 이메일); Triple-A only.
	RefundEmail string
	// SkipWebhook suppresses the webhook of a successful cancel (웹훅 생략
	// 여부).
	SkipWebhook bool
}

func (p *CancelPaymentParams) validate() error {
	err := firstError(
		optionalID("StoreID", p.StoreID),
		checkNonNegative("TaxFreeAmount", p.TaxFreeAmount),
		checkNonNegative("VATAmount", p.VATAmount),
		checkNonNegative("CurrentCancellableAmount", p.CurrentCancellableAmount),
	)
	switch {
	case err != nil:
		return err
	case p.Full && p.Amount != 0:
		return invalidField("Amount", "set either Full or Amount, not both")
	case !p.Full && p.Amount <= 0:
		return invalidField("Amount", "must be positive for a partial cancel (or set Full)")
	case !p.Full && partsExceed(p.Amount, deref(p.TaxFreeAmount), deref(p.VATAmount)):
		return invalidField("TaxFreeAmount", "TaxFreeAmount and VATAmount exceed Amount")
	case !p.Full && p.CurrentCancellableAmount != nil && p.Amount > *p.CurrentCancellableAmount:
		return invalidField("Amount", "exceeds CurrentCancellableAmount")
	case strings.TrimSpace(p.Reason) == "":
		return invalidField("Reason", "is empty")
	}
	return p.RefundAccount.validate()
}

// balanceNamed refuses a partial cancel without CurrentCancellableAmount,
// with or without WithIdempotencyKey. PortOne deduplicates a key only
// while it keeps it (about 3 hours): past that, a repeat of an unknown
// 부분취소 is a new one, which PortOne refuses (409
// CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN) once an earlier attempt went
// through only if it names the balance the payment had before that
// attempt. Required from the first attempt on, that balance is in the
// call a repeat copies, so the repeat under the same key is the identical
// request (PortOne's stored answer, never 422 for another body). A full
// cancel needs no such guard: PortOne refuses to cancel a cancelled
// payment.
func (p *CancelPaymentParams) balanceNamed() error {
	if p.Full || p.CurrentCancellableAmount != nil {
		return nil
	}
	return invalidField("CurrentCancellableAmount", "is required on a partial cancel: set it to the balance you read "+
		"before this cancel's first attempt and persist it with the idempotency key before sending; repeat with "+
		"the same value, never one from a lookup made after an attempt whose outcome is unknown")
}

func (p *CancelPaymentParams) body(storeID string) cancelPaymentBody {
	b := cancelPaymentBody{
		StoreID: storeID, TaxFreeAmount: p.TaxFreeAmount, VATAmount: p.VATAmount, Reason: p.Reason,
		Requester: p.Requester, PromotionDiscountRetainOption: p.PromotionDiscountRetainOption,
		CurrentCancellableAmount: p.CurrentCancellableAmount, RefundAccount: p.RefundAccount,
		RefundEmail: p.RefundEmail, SkipWebhook: p.SkipWebhook,
	}
	if !p.Full {
		b.Amount = &p.Amount
	}
	return b
}

// cancelPaymentResponse is CancelPaymentResponse: {"cancellation": …}.
type cancelPaymentResponse struct {
	Cancellation PaymentCancellation
	// totalAmount and reason are the cancellation's, whatever its status
	// (an unknown one included), for Cancel to compare with the call
	// (checkTotal). reason is "" when absent or not a string.
	totalAmount int64
	reason      string
}

// expectedTotal is the totalAmount the answer to this cancel must carry,
// and whether one can be known: the amount of a partial cancel; for a full
// cancel, the CurrentCancellableAmount it was sent with (PortOne cancels
// only if the balance is that, and then cancels all of it). A full cancel
// without it names no amount, and its answer cannot be checked.
func (p *CancelPaymentParams) expectedTotal() (int64, bool) {
	switch {
	case !p.Full:
		return p.Amount, true
	case p.CurrentCancellableAmount != nil:
		return *p.CurrentCancellableAmount, true
	}
	return 0, false
}

// checkTotal refuses an answer (its totalAmount and reason) that cannot
// be this cancel's (see expectedTotal): one whose totalAmount is other
// than the amount the call names, or, for a partial cancel with
// PromotionDiscountRetainOption RETAIN, whose amount PortOne adjusts to
// keep the discount rate, one whose totalAmount is not above 0 and at
// most that amount, or whose reason is not p.Reason: PortOne replays a
// key's stored cancellation, which carries its own request's reason, so
// an adjusted amount under another reason is another cancel's answer. nil
// when the call names no amount.
func (p *CancelPaymentParams) checkTotal(got int64, reason string) error {
	want, ok := p.expectedTotal()
	switch {
	case !ok || got == want:
		return nil
	case !p.Full && p.PromotionDiscountRetainOption == PromotionDiscountRetainOptionRetain:
		if got <= 0 || got > want {
			return fmt.Errorf("the reply describes a cancel of %d, not of at most %d (RETAIN adjusts it down)", got, want)
		}
		if reason != p.Reason {
			return fmt.Errorf("the reply describes a cancel of %d for another reason than this cancel's of at most %d (another cancel's stored answer)", got, want)
		}
		return nil
	}
	return fmt.Errorf("the reply describes a cancel of %d, not of %d", got, want)
}

// UnmarshalJSON decodes the cancellation union. A response that is null,
// {}, or whose cancellation lacks its status, id or totalAmount is an
// error, which the transport reports as an unknown outcome of the cancel:
// without them the answer cannot say that (and how much) was cancelled.
// Other properties are lenient, and an unknown status decodes into
// *UnknownPaymentCancellation.
func (r *cancelPaymentResponse) UnmarshalJSON(data []byte) error {
	if err := requireMembers(data, "cancellation.status", "cancellation.id", "cancellation.totalAmount"); err != nil {
		return err
	}
	raw, _, err := jsonx.Member(data, "cancellation")
	if err != nil {
		return err
	}
	if r.Cancellation, err = paymentCancellationUnion.Decode(raw); err != nil {
		return err
	}
	total, _, err := jsonx.Member(raw, "totalAmount")
	if err == nil {
		r.totalAmount, _, err = jsonx.Int64(total)
	}
	r.reason = jsonx.StringMember(raw, "reason")
	return err
}

// String masks the account number.
func (r RefundAccount) String() string {
	return "RefundAccount{" + string(r.Bank) + " " + r.Number.String() + " " + r.HolderName + "}"
}

// GoString masks the account number.
func (r RefundAccount) GoString() string { return r.String() }

// LogValue masks the account number in slog output.
func (r RefundAccount) LogValue() slog.Value { return slog.StringValue(r.String()) }

func (r *RefundAccount) validate() error {
	if r != nil && (r.Bank == "" || r.Number == "" || r.HolderName == "") {
		return invalidField("RefundAccount", "needs the bank, account number and holder name")
	}
	return nil
}

// ---------------------------------------------------------------------------
// Other writes

func (p *BillingKeyPaymentParams) validate() error {
	if p.CashReceipt != nil && p.CashReceipt.Type == "" {
		return invalidField("CashReceipt.Type", "is empty") // as a schedule's payment checks it
	}
	return firstError(
		optionalID("StoreID", p.StoreID),
		requiredID("BillingKey", string(p.BillingKey)),
		optionalID("ChannelKey", p.ChannelKey),
		optionalID("PromotionID", p.PromotionID),
		checkCustomerID("Customer", p.Customer),
		requireText("OrderName", p.OrderName),
		p.Amount.validate("Amount"),
		requireText("Currency", string(p.Currency)),
		checkNonNegative("InstallmentMonth", p.InstallmentMonth),
		checkNonNegative("ProductCount", p.ProductCount),
	)
}

type payWithBillingKeyResponse struct {
	Payment BillingKeyPaymentSummary `json:"payment"`
}

// UnmarshalJSON requires the "payment" object and its paidAt: a 2xx
// without them is a decode error of an applied write (an unknown outcome),
// not a success with zero values. pgTxId is taken as sent.
func (r *payWithBillingKeyResponse) UnmarshalJSON(data []byte) error {
	return unmarshalRequired(data, "payment", &r.Payment, "paidAt")
}

// String prints the params with the card and account data masked.
func (p InstantPaymentParams) String() string {
	type plain InstantPaymentParams
	return maskedString(plain(p))
}

// GoString is String.
func (p InstantPaymentParams) GoString() string { return p.String() }

// LogValue is String, so JSON handlers mask too.
func (p InstantPaymentParams) LogValue() slog.Value { return slog.StringValue(p.String()) }

func (p *InstantPaymentParams) validate() error {
	if (p.ChannelKey == "") == (p.ChannelGroupID == "") {
		return invalidField("ChannelKey", "set exactly one of ChannelKey and ChannelGroupID")
	}
	return firstError(
		optionalID("StoreID", p.StoreID),
		optionalID("ChannelKey", p.ChannelKey),
		optionalID("ChannelGroupID", p.ChannelGroupID),
		optionalID("PromotionID", p.PromotionID),
		checkCustomerID("Customer", p.Customer),
		p.Method.validate(),
		requireText("OrderName", p.OrderName),
		p.Amount.validate("Amount"),
		requireText("Currency", string(p.Currency)),
		checkNonNegative("ProductCount", p.ProductCount),
	)
}

func (m *InstantPaymentMethodInput) validate() error {
	switch {
	case (m.Card == nil) == (m.VirtualAccount == nil):
		return invalidField("Method", "set exactly one of Card and VirtualAccount")
	case m.Card != nil:
		return firstError(
			m.Card.Credential.validate("Method.Card.Credential"),
			checkNonNegative("Method.Card.InstallmentMonth", m.Card.InstallmentMonth),
		)
	}
	return m.VirtualAccount.validate()
}

// String prints the card input with the credential masked.
func (c InstantPaymentCardInput) String() string {
	type plain InstantPaymentCardInput
	return maskedString(plain(c))
}

// GoString is String.
func (c InstantPaymentCardInput) GoString() string { return c.String() }

// LogValue is String, so JSON handlers mask too.
func (c InstantPaymentCardInput) LogValue() slog.Value { return slog.StringValue(c.String()) }

// String prints the input with account and identity numbers masked.
func (v InstantPaymentVirtualAccountInput) String() string {
	type plain InstantPaymentVirtualAccountInput
	return maskedString(plain(v))
}

// GoString is String.
func (v InstantPaymentVirtualAccountInput) GoString() string { return v.String() }

// LogValue is String, so JSON handlers mask too.
func (v InstantPaymentVirtualAccountInput) LogValue() slog.Value { return slog.StringValue(v.String()) }

func (v *InstantPaymentVirtualAccountInput) validate() error {
	e, o := v.Expiry, v.Option
	switch {
	case v.Bank == "":
		return invalidField("Method.VirtualAccount.Bank", "is empty")
	case (e.ValidHours == nil) == e.DueDate.IsZero():
		return invalidField("Method.VirtualAccount.Expiry", "set exactly one of ValidHours and DueDate")
	case e.ValidHours != nil && *e.ValidHours <= 0:
		return invalidField("Method.VirtualAccount.Expiry.ValidHours", "must be positive")
	case o.Type == "":
		return invalidField("Method.VirtualAccount.Option.Type", "is empty")
	case o.Fixed != nil && o.Type != VirtualAccountOptionTypeFixed:
		return invalidField("Method.VirtualAccount.Option.Fixed", "is only for Type FIXED")
	case o.Fixed != nil && (o.Fixed.PGAccountID == "") == (o.Fixed.AccountNumber == ""):
		return invalidField("Method.VirtualAccount.Option.Fixed", "set exactly one of PGAccountID and AccountNumber")
	case v.CashReceipt != nil && v.CashReceipt.CustomerIdentityNumber == "":
		return invalidField("Method.VirtualAccount.CashReceipt.CustomerIdentityNumber", "is empty")
	}
	return nil
}

// String prints the option with the account number masked.
func (f FixedVirtualAccountOption) String() string {
	return "FixedVirtualAccountOption{PGAccountID:" + f.PGAccountID + " AccountNumber:" + f.AccountNumber.String() + "}"
}

// GoString is String.
func (f FixedVirtualAccountOption) GoString() string { return f.String() }

// LogValue is String, so JSON handlers mask too.
func (f FixedVirtualAccountOption) LogValue() slog.Value { return slog.StringValue(f.String()) }

type payInstantlyResponse struct {
	Payment InstantPaymentSummary `json:"payment"`
}

// UnmarshalJSON requires the "payment" object and its paidAt: a 2xx
// without them is a decode error of an applied write (an unknown outcome),
// not a success with zero values. pgTxId is taken as sent.
func (r *payInstantlyResponse) UnmarshalJSON(data []byte) error {
	return unmarshalRequired(data, "payment", &r.Payment, "paidAt")
}

type resendWebhookResponse struct {
	Webhook PaymentWebhook `json:"webhook"`
}

// UnmarshalJSON requires the "webhook" object: a 2xx without it is a decode
// error of an applied write, not a success with zero values.
func (r *resendWebhookResponse) UnmarshalJSON(data []byte) error {
	return unmarshalRequired(data, "webhook", &r.Webhook)
}

// CloseVirtualAccountParams identifies a virtual account to close (가상계좌
// 말소).
type CloseVirtualAccountParams struct {
	// PaymentID is the payment (결제 건 아이디). Required.
	PaymentID string
	// StoreID is the store, sent in the query; unset, WithStoreID or the
	// client's default.
	StoreID string
}

func (p *EscrowLogisticsParams) validate() error {
	l := p.Logistics
	switch err := optionalID("StoreID", p.StoreID); {
	case err != nil:
		return err
	case l.Company == "":
		return invalidField("Logistics.Company", "is empty")
	case strings.TrimSpace(l.InvoiceNumber) == "":
		return invalidField("Logistics.InvoiceNumber", "is empty")
	case l.SentAt.IsZero():
		return invalidField("Logistics.SentAt", "is zero")
	}
	return nil
}

func (p *RegisterStoreReceiptParams) validate() error {
	if err := optionalID("StoreID", p.StoreID); err != nil {
		return err
	}
	if len(p.Items) == 0 {
		return invalidField("Items", "is empty")
	}
	for i, it := range p.Items {
		f := "Items[" + strconv.Itoa(i) + "]"
		err := firstError(
			requireText(f+".StoreBusinessRegistrationNumber", it.StoreBusinessRegistrationNumber),
			requireText(f+".StoreName", it.StoreName),
			checkPositive(f+".TotalAmount", it.TotalAmount),
			requireText(f+".Currency", string(it.Currency)),
		)
		if err != nil {
			return err
		}
	}
	return nil
}

// unmarshalRequired decodes the member name of the JSON object data into
// dst, in one pass, and fails when the member is absent, null or "", or
// lacks one of its own required members (see requireMembers).
func unmarshalRequired[T any](data []byte, name string, dst *T, required ...string) error {
	paths := []string{name}
	for _, r := range required {
		paths = append(paths, name+"."+r)
	}
	if err := requireMembers(data, paths...); err != nil {
		return err
	}
	raw, _, err := jsonx.Member(data, name)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, dst)
}

// requireMembers fails unless the JSON object data has each of paths
// (dot-separated, "payment.paidAt"), neither null nor the empty string.
// It decodes nothing.
func requireMembers(data []byte, paths ...string) error {
	missing, err := jsonx.Missing(data, paths...)
	if err == nil && missing != "" {
		err = errors.New("response has no " + missing)
	}
	return err
}

func (p *PaymentListParams) page() *PageInput { return &p.Page }

func (p *PaymentListParams) filterStore() *string { return &p.Filter.StoreID }

// The results of the payment writes below are decoded only when the members
// that say what was applied are present: a 2xx whose body is {} or lacks
// them is not a result, and the transport reports the write as an unknown
// outcome (ErrOutcomeUnknown) instead of a success with zero values. The
// members are the schema's required ones, except where a PG may leave one
// empty (pgTxId).

// UnmarshalJSON requires stoppedAt.
func (s *StoppedCancellation) UnmarshalJSON(data []byte) error {
	type plain StoppedCancellation
	return decodeRequired(data, (*plain)(s), "stoppedAt")
}

// UnmarshalJSON requires paidAt.
func (s *ConfirmedPaymentSummary) UnmarshalJSON(data []byte) error {
	type plain ConfirmedPaymentSummary
	return decodeRequired(data, (*plain)(s), "paidAt")
}

// UnmarshalJSON requires closedAt.
func (c *ClosedVirtualAccount) UnmarshalJSON(data []byte) error {
	type plain ClosedVirtualAccount
	return decodeRequired(data, (*plain)(c), "closedAt")
}

// UnmarshalJSON requires invoiceNumber and sentAt.
func (r *EscrowLogisticsResult) UnmarshalJSON(data []byte) error {
	type plain EscrowLogisticsResult
	return decodeRequired(data, (*plain)(r), "invoiceNumber", "sentAt")
}

// UnmarshalJSON requires completedAt.
func (c *CompletedEscrow) UnmarshalJSON(data []byte) error {
	type plain CompletedEscrow
	return decodeRequired(data, (*plain)(c), "completedAt")
}

// decodeRequired decodes the JSON object data into dst (a type without an
// UnmarshalJSON of its own) once each required member is present and not
// null.
func decodeRequired(data []byte, dst any, required ...string) error {
	if err := requireMembers(data, required...); err != nil {
		return err
	}
	return json.Unmarshal(data, dst)
}
