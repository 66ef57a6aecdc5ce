package portone

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/paykit-kr/paykit/internal/transport"
)

// VerifyParams is what your own order says a payment must be. Only the
// payment id comes from the browser; take every other value from your
// database, never from the request.
type VerifyParams struct {
	// PaymentID is the payment id the browser sent (결제 건 아이디).
	PaymentID string
	// Amount is the order's total, in the currency's minor unit (KRW: won).
	// It is compared exactly with the payment's amount.total.
	Amount int64
	// Currency is the order's currency, compared with the payment's: a
	// known ISO 4217 code such as CurrencyKRW ("KRW"). The browser SDK's
	// spelling of the same code, "CURRENCY_KRW" (PortOne.requestPayment
	// takes it, as in https://developers.portone.io/opi/ko/integration/start/v2/checkout),
	// is accepted and read as the code after the "CURRENCY_" prefix, since
	// the REST API reports currencies by their ISO code only. Any other
	// value cannot be compared and is a *ValidationError, never a mismatch.
	Currency Currency
	// OrderName, when set, must equal the payment's orderName (주문명).
	OrderName string
	// CustomData, when set, must equal the payment's customData byte for
	// byte: pass the same string you gave PortOne.requestPayment.
	CustomData string
	// StoreID, when set, is the store the order belongs to (상점 아이디),
	// compared with the payment's storeId: under a merchant-level secret a
	// payment of another store (하위 상점) is another seller's. Set it when
	// one secret serves several stores. In
	// PaymentsService.Verify it is also the store looked up, overriding
	// WithStoreID and the client's default, as the other params' StoreID
	// does; a reply of another store is then Get's *DecodeError.
	StoreID string
	// AllowTest accepts payments made through a test channel (channel.type
	// TEST). Leave it false in production and set it only where test
	// payments are expected (a staging shop, the portonetest sandbox): a
	// test-channel payment moves no money, and anyone holding one of the
	// store's test channel keys (public in a test page's JavaScript) can
	// make one at the order's amount for any paymentId.
	//
	// While it is false (the zero value), a payment through a test channel
	// is a "channel.type" mismatch, as PortOne's own samples refuse one in
	// production, and so is a paid, partly cancelled or deposit-awaiting
	// payment without a channel (it cannot be shown to be live); any other
	// one, which is never fulfilled, is judged by its Outcome alone. Like
	// bootpay.VerifyParams.AllowSandbox, the check fails closed: a
	// forgotten field refuses test payments, never accepts them.
	AllowTest bool
}

// validate refuses an order Verify cannot compare a payment with, so that
// a typo in the caller's code is a *ValidationError before any I/O and not
// a 위변조 verdict on every payment. It spells Currency as PortOne
// reports it (see VerifyParams.Currency).
func (p *VerifyParams) validate() error {
	if err := requiredID("PaymentID", p.PaymentID); err != nil {
		return err
	}
	if err := optionalID("StoreID", p.StoreID); err != nil {
		return err
	}
	if err := checkPositive("Amount", p.Amount); err != nil {
		return err
	}
	c, err := verifiableCurrency(p.Currency)
	if err != nil {
		return err
	}
	p.Currency = c
	return nil
}

// browserSDKCurrencyPrefix is how the browser SDK prefixes ISO 4217 codes
// ("CURRENCY_KRW").
const browserSDKCurrencyPrefix = "CURRENCY_"

// verifiableCurrency returns c as the REST API spells it: a known code
// as it is, the browser SDK's "CURRENCY_" + known code as the code alone.
func verifiableCurrency(c Currency) (Currency, error) {
	if c.IsKnown() {
		return c, nil
	}
	if code, ok := strings.CutPrefix(string(c), browserSDKCurrencyPrefix); ok && Currency(code).IsKnown() {
		return Currency(code), nil
	}
	if c == "" {
		return "", invalidField("Currency", "is empty; set the order's currency, e.g. portone.CurrencyKRW")
	}
	return "", invalidField("Currency", fmt.Sprintf("%q is not a currency PortOne reports; use an ISO 4217 constant such as portone.CurrencyKRW", shorten(string(c))))
}

// Outcome is what a verified payment means for the order. The zero value
// is OutcomeUnrecognized, so a forgotten case never reads as paid.
type Outcome int

// Outcomes of Verify.
const (
	// OutcomeUnrecognized: a status this package does not know. Do not fulfil;
	// look at Payment.Status.
	OutcomeUnrecognized Outcome = iota
	// OutcomePaid: PAID, the whole amount was paid (결제 완료) and none of
	// it cancelled (a PAID payment with amount.cancelled is a
	// *MismatchError, never this outcome). Fulfil.
	OutcomePaid
	// OutcomeAwaitingDeposit: VIRTUAL_ACCOUNT_ISSUED, a virtual account was
	// issued and awaits the deposit (가상계좌 발급 완료). Do not fulfil yet:
	// show the account (VerifiedPayment.VirtualAccount, which is nil when
	// PortOne sent none: see there) and wait for the deposit webhook.
	OutcomeAwaitingDeposit
	// OutcomePending: READY or PAY_PENDING, not completed yet (결제 준비,
	// 결제 완료 대기). Keep the order pending; look again or wait for the
	// webhook.
	OutcomePending
	// OutcomeFailed: FAILED (결제 실패). Do not fulfil.
	OutcomeFailed
	// OutcomePartiallyCancelled: PARTIAL_CANCELLED, paid and then cancelled
	// in part (결제 부분 취소): the payment no longer holds the order's
	// amount, only amount.total less amount.cancelled. Do not fulfil the
	// order as paid: refund the rest (Cancel with Full and
	// CurrentCancellableAmount), or hold the order for a person to decide
	// (ship part of it, say). Verify compares amount.total, the amount as
	// paid, so this is no mismatch: it is what became of a payment that
	// did match.
	OutcomePartiallyCancelled
	// OutcomeCancelled: CANCELLED (결제 취소). Do not fulfil.
	OutcomeCancelled
)

var outcomeNames = [...]string{"unrecognized", "paid", "awaiting deposit", "pending", "failed", "partially cancelled", "cancelled"}

// String names the outcome, e.g. "awaiting deposit".
func (o Outcome) String() string {
	if o >= 0 && int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "Outcome(" + strconv.Itoa(int(o)) + ")"
}

// VerifiedPayment is a payment that matches the order, and what its status
// means.
type VerifiedPayment struct {
	// Outcome is what to do with the order.
	Outcome Outcome
	// Payment is the payment as PortOne returned it.
	Payment *Payment
	// VirtualAccount is the account to show the buyer when Outcome is
	// OutcomeAwaitingDeposit (bank, account number, holder, deadline); nil
	// otherwise.
	//
	// It is nil under OutcomeAwaitingDeposit too when the payment carries
	// no virtual-account method: the schema makes method optional, and a
	// method type this package does not know decodes to
	// *UnknownPaymentMethod. The deposit is still awaited and nothing may
	// ship, but there is no account to show: check for nil, never show an
	// empty account, look the payment up again later (Get), and let the
	// deposit's webhook (the payment becomes PAID) complete the order as
	// for any payment.
	VirtualAccount *PaymentMethodVirtualAccount
}

// Mismatch is one field where a payment differs from the order.
type Mismatch struct {
	Field    string // the payment's JSON field: "amount.total", "amount.cancelled", "currency", "orderName", "customData", "id", "storeId", "channel.type"
	Expected string // the order's value
	Actual   string // the payment's value
}

// MismatchError reports a payment that does not match the merchant's
// order: a forged amount, another order's payment, a test payment in
// production (위변조 의심). Do not fulfil the order.
type MismatchError struct {
	PaymentID  string     // the payment looked up
	Mismatches []Mismatch // every differing field
	Payment    *Payment   // the payment as PortOne returned it
}

// Error lists every mismatch; long values are shortened.
func (e *MismatchError) Error() string {
	quoted := func(s string) string { return strconv.Quote(shorten(s)) }
	return fmt.Sprintf("portone: payment %q does not match the order (위변조 의심): %s", e.PaymentID, transport.JoinMismatches(e.Mismatches, quoted))
}

// Has reports whether field is among the mismatches.
func (e *MismatchError) Has(field string) bool { return transport.HasMismatch(e.Mismatches, field) }

func shorten(s string) string {
	const limit = 40
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
		cut--
	}
	return s[:cut] + "…"
}

// Verify is the server side of a payment made in the browser (결제 완료
// 처리, 결제 검증). PortOne.requestPayment returns a paymentId, which your
// frontend posts to your server (say, /payment/complete) with the order
// id; the amount was handled by the browser, so the server must check it
// before fulfilling anything. Verify:
//
//  1. looks the payment up (GET /payments/{paymentId}), see Get;
//  2. compares amount.total (as an exact integer) and currency, and
//     OrderName, CustomData and StoreID when set, with your order, and
//     refuses a payment through a test channel unless AllowTest is set;
//     any difference is a *MismatchError naming every differing field (위변조
//     의심): do not fulfil. This comes before the status, so a forged
//     payment is a mismatch whatever its status. A PAID payment whose
//     amount.cancelled is not 0 is an "amount.cancelled" mismatch too:
//     PortOne documents such a payment as PARTIAL_CANCELLED or CANCELLED,
//     and that PAID never carries cancelled money is UNCONFIRMED, so it is
//     never reported paid (look again: the status may not have caught up);
//  3. reports the status as an Outcome to switch on: OutcomePaid (fulfil),
//     OutcomeAwaitingDeposit (a virtual account was issued: show
//     VirtualAccount when it is not nil, wait for the deposit),
//     OutcomePending, OutcomeFailed, OutcomePartiallyCancelled (not paid
//     in full: refund the rest or hold the order for a person),
//     OutcomeCancelled or OutcomeUnrecognized.
//
// Lookup errors are returned as they are (404 PAYMENT_NOT_FOUND matches
// ErrNotFound; a reply about another payment, or of another store than the
// one looked up, is Get's *DecodeError, never a *MismatchError: look
// again). The webhook may arrive before or instead of
// the browser: call Verify from both, and fulfil each payment id once.
//
//	v, err := client.Payments.Verify(ctx, portone.VerifyParams{
//		PaymentID: req.PaymentID, Amount: order.Amount, Currency: portone.CurrencyKRW,
//	})
//	var mismatch *portone.MismatchError
//	switch {
//	case errors.As(err, &mismatch):
//		return flagFraud(order, mismatch) // do not fulfil
//	case err != nil:
//		return err // try again later; the webhook will come too
//	case v.Outcome == portone.OutcomePaid:
//		return fulfil(order)
//	case v.Outcome == portone.OutcomeAwaitingDeposit && v.VirtualAccount != nil:
//		return awaitDeposit(order, v.VirtualAccount)
//	case v.Outcome == portone.OutcomeAwaitingDeposit:
//		return keepPending(order) // no account to show: look again later, never ship
//	case v.Outcome == portone.OutcomePartiallyCancelled:
//		return holdForAPerson(order) // 부분취소: not paid in full; refund the rest or decide by hand
//	}
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) Verify(ctx context.Context, p VerifyParams, opts ...RequestOption) (*VerifiedPayment, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	pay, err := s.get(ctx, p.PaymentID, p.StoreID, opts)
	if err != nil {
		return nil, err
	}
	return pay.Verify(p)
}

// Verify compares a payment you already have (from Get, say) with your
// order, exactly as PaymentsService.Verify does after its lookup.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (p *Payment) Verify(want VerifyParams) (*VerifiedPayment, error) {
	if err := want.validate(); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, invalidField("payment", "is nil")
	}
	if ms := want.mismatches(p); len(ms) > 0 {
		return nil, &MismatchError{PaymentID: want.PaymentID, Mismatches: ms, Payment: p}
	}
	v := &VerifiedPayment{Outcome: outcomeOf(p), Payment: p}
	if v.Outcome == OutcomeAwaitingDeposit {
		v.VirtualAccount, _ = p.Method.(*PaymentMethodVirtualAccount)
	}
	return v, nil
}

func (p *VerifyParams) mismatches(pay *Payment) []Mismatch {
	var ms []Mismatch
	add := func(field, want, got string) {
		if want != got {
			ms = append(ms, Mismatch{Field: field, Expected: want, Actual: got})
		}
	}
	add("id", p.PaymentID, pay.ID)
	add("amount.total", strconv.FormatInt(p.Amount, 10), strconv.FormatInt(pay.Amount.Total, 10))
	add("currency", string(p.Currency), string(pay.Currency))
	if p.OrderName != "" {
		add("orderName", p.OrderName, pay.OrderName)
	}
	if p.CustomData != "" {
		add("customData", p.CustomData, pay.CustomData)
	}
	if p.StoreID != "" {
		add("storeId", p.StoreID, pay.StoreID)
	}
	if _, paid := pay.Variant.(*PaidPayment); paid {
		// PAID says the whole amount is held: money cancelled contradicts
		// it, so it must not read as OutcomePaid (see Verify).
		add("amount.cancelled", "0", strconv.FormatInt(pay.Amount.Cancelled, 10))
	}
	if !p.AllowTest {
		// A payment that may be fulfilled (paid, cancelled only in part,
		// awaiting its deposit) without a channel cannot be shown to be
		// live: that fails closed. Any other one (pending, failed,
		// cancelled, a status this package does not know) is never
		// fulfilled, so its Outcome says enough: reporting it as a test
		// payment would turn "look again later" into a final verdict.
		switch o := outcomeOf(pay); {
		case pay.Channel != nil:
			add("channel.type", string(SelectedChannelTypeLive), string(pay.Channel.Type))
		case o == OutcomePaid || o == OutcomePartiallyCancelled || o == OutcomeAwaitingDeposit:
			add("channel.type", string(SelectedChannelTypeLive), "")
		}
	}
	return ms
}

func outcomeOf(pay *Payment) Outcome {
	switch pay.Variant.(type) {
	case *PaidPayment:
		return OutcomePaid
	case *VirtualAccountIssuedPayment:
		return OutcomeAwaitingDeposit
	case *ReadyPayment, *PayPendingPayment:
		return OutcomePending
	case *FailedPayment:
		return OutcomeFailed
	case *PartialCancelledPayment:
		return OutcomePartiallyCancelled
	case *CancelledPayment:
		return OutcomeCancelled
	}
	return OutcomeUnrecognized
}
