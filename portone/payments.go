package portone

import (
	"cmp"
	"context"
	"iter"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// PaymentsService looks payments up and lists them, cancels, captures,
// confirms, pre-registers and charges them (결제). Use it through the Client
// field of the same name.
//
// Lookups are retried on network errors, 429 and 5xx. Writes are sent with
// an Idempotency-Key (generated per call, or yours with WithIdempotencyKey)
// and retried with the same key, so PortOne applies each at most once; when
// no trustworthy answer comes back, the error matches ErrOutcomeUnknown and
// carries the key (*OutcomeUnknownError): repeat the call with
// WithIdempotencyKey(key) to receive PortOne's stored answer, or look the
// payment up. A Cancel repeated so can end unknown again, when the key's
// stored answer is a cancel of another amount (see Cancel): read the
// payment's cancellations (Get) before refunding under a new key.
//
// The key dedupes only for as long as PortOne keeps it: about 3 hours,
// per PortOne's idempotency docs (https://developers.portone.io/api/rest-v2).
// A repeat after that is a new request. Look the payment up first (for a
// cancel, its cancellations); a charge repeated then under the same
// payment id is refused (409 ALREADY_PAID) if the first went through, a
// full cancel likewise (409 PAYMENT_ALREADY_CANCELLED), and a partial
// cancel only when it names CurrentCancellableAmount, which Cancel
// therefore requires on every partial cancel. Those refusals, and every
// other one an earlier call of yours may have caused, end with
// ErrOutcomeUnknown, never as a definite refusal (see "What a write
// returns" in the package doc).
type PaymentsService struct{ c *Client }

// paymentEndpoints are the operations of PaymentsService.
var paymentEndpoints = struct {
	get, list, all, allEvents, transactions                   transport.Endpoint
	cancel, stopCancel, capture, confirm, preRegister         transport.Endpoint
	billingKey, instant, storeReceipt, resendWebhook, closeVA transport.Endpoint
	applyEscrow, modifyEscrow, completeEscrow                 transport.Endpoint
}{
	get:            transport.Endpoint{Op: "payments.get", Method: http.MethodGet, Route: "/payments/{paymentId}", Class: transport.Safe},
	list:           transport.Endpoint{Op: "payments.list", Method: http.MethodGet, Route: "/payments", Class: transport.Safe},
	all:            transport.Endpoint{Op: "payments.all", Method: http.MethodGet, Route: "/payments-by-cursor", Class: transport.Safe},
	allEvents:      transport.Endpoint{Op: "payments.allEvents", Method: http.MethodGet, Route: "/payment-events-by-cursor", Class: transport.Safe},
	transactions:   transport.Endpoint{Op: "payments.transactions", Method: http.MethodGet, Route: "/payments/{paymentId}/transactions", Class: transport.Safe},
	cancel:         transport.Endpoint{Op: "payments.cancel", Method: http.MethodPost, Route: "/payments/{paymentId}/cancel", Class: transport.Keyed},
	stopCancel:     transport.Endpoint{Op: "payments.stopCancellation", Method: http.MethodPost, Route: "/payments/{paymentId}/cancellations/{cancellationId}/stop", Class: transport.Keyed},
	capture:        transport.Endpoint{Op: "payments.capture", Method: http.MethodPost, Route: "/payments/{paymentId}/capture", Class: transport.Keyed},
	confirm:        transport.Endpoint{Op: "payments.confirm", Method: http.MethodPost, Route: "/payments/{paymentId}/confirm", Class: transport.Keyed},
	preRegister:    transport.Endpoint{Op: "payments.preRegister", Method: http.MethodPost, Route: "/payments/{paymentId}/pre-register", Class: transport.Keyed},
	billingKey:     transport.Endpoint{Op: "payments.payWithBillingKey", Method: http.MethodPost, Route: "/payments/{paymentId}/billing-key", Class: transport.Keyed},
	instant:        transport.Endpoint{Op: "payments.payInstantly", Method: http.MethodPost, Route: "/payments/{paymentId}/instant", Class: transport.Keyed},
	storeReceipt:   transport.Endpoint{Op: "payments.registerStoreReceipt", Method: http.MethodPost, Route: "/payments/{paymentId}/register-store-receipt", Class: transport.Keyed},
	resendWebhook:  transport.Endpoint{Op: "payments.resendWebhook", Method: http.MethodPost, Route: "/payments/{paymentId}/resend-webhook", Class: transport.Keyed},
	closeVA:        transport.Endpoint{Op: "payments.closeVirtualAccount", Method: http.MethodPost, Route: "/payments/{paymentId}/virtual-account/close", Class: transport.Keyed},
	applyEscrow:    transport.Endpoint{Op: "payments.applyEscrowLogistics", Method: http.MethodPost, Route: "/payments/{paymentId}/escrow/logistics", Class: transport.Keyed},
	modifyEscrow:   transport.Endpoint{Op: "payments.modifyEscrowLogistics", Method: http.MethodPatch, Route: "/payments/{paymentId}/escrow/logistics", Class: transport.Keyed},
	completeEscrow: transport.Endpoint{Op: "payments.completeEscrow", Method: http.MethodPost, Route: "/payments/{paymentId}/escrow/complete", Class: transport.Keyed},
}

// Get looks a payment up (결제 단건 조회): the payment's status, amounts,
// method and history. This is the lookup to verify a payment with on the
// server before fulfilling an order; Verify does it and compares the
// result with your order.
//
// The store is sent in the query: WithStoreID, else the client's default.
// Errors: 404 PAYMENT_NOT_FOUND (ErrNotFound), 401 UNAUTHORIZED and 403
// FORBIDDEN (ErrUnauthorized), 400 INVALID_REQUEST. A 2xx reply about
// another payment (its id is not paymentID: a misrouting proxy, a wrongly
// keyed cache) is a *DecodeError naming both ids, never that payment: a
// bad reply, not a verdict on yours, so it is neither ErrNotFound nor a
// *MismatchError. So is a reply without the currency the schema requires,
// and, when a store was sent, a reply whose storeId is another store's (or
// absent): a payment of the same id in another store (하위 상점) is another
// seller's, never this store's answer. It is not retried; look the payment
// up again.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) Get(ctx context.Context, paymentID string, opts ...RequestOption) (*Payment, error) {
	return s.get(ctx, paymentID, "", opts)
}

// get is Get with the store id of the caller's params (VerifyParams.StoreID),
// which overrides WithStoreID and the client's default; "" leaves those.
func (s *PaymentsService) get(ctx context.Context, paymentID, store string, opts []RequestOption) (*Payment, error) {
	return lookup(ctx, s.c, &transport.Call{
		Endpoint: &paymentEndpoints.get, Args: idArg("paymentID", paymentID),
		Query: s.c.storeQuery(store, opts), Reference: paymentID,
	}, "payment", paymentID, paymentOwnID, opts)
}

// paymentOwnID is the id a payment's reply names.
func paymentOwnID(p *Payment) string { return p.ID }

// missingMember names the required member Verify compares that the reply
// lacks: currency (every payment's schema requires it; without it Verify
// would report the payment as one in another currency).
func (p *Payment) missingMember() string {
	if p.Currency == "" {
		return "currency"
	}
	return ""
}

// List returns one page of the payments matching a filter (결제 다건 조회,
// 페이지 기반). Pages are 0-based, 10 payments by default, and
// (Number+1)*Size may not exceed 60,000: for long listings use All. The
// params travel as JSON in the requestBody query parameter; the store goes
// in Filter.StoreID (the params', else WithStoreID, else the client's
// default; with none, a merchant-level secret searches all its stores).
//
// Errors: 400 INVALID_REQUEST, 401 UNAUTHORIZED, 403 FORBIDDEN. When a
// store is sent, a page holding a payment of another store (하위 상점:
// another seller), or naming none, is a *DecodeError, never that store's
// payment: look again.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) List(ctx context.Context, p PaymentListParams, opts ...RequestOption) (*PaymentPage, error) {
	return listOf[PaymentPage](ctx, s.c, &paymentEndpoints.list, p, opts)
}

// All iterates over every payment created in a time range (결제 대용량 다건
// 조회, 커서 기반), fetching pages lazily: the first request without a cursor
// (or from p.Cursor, to resume), each next one from the last item's cursor,
// until a page is empty or shorter than the page size. Breaking out of the
// loop stops fetching; the context is checked between pages; an error is
// yielded once, with a nil payment, and ends the iteration. p is copied,
// and each range over the result starts afresh.
//
// The iteration never ends silently before the end of the list, so a
// reconciliation that sees no error has seen every payment: a full page
// (Size items) whose last item has no cursor, and a cursor that does not
// advance, end it with a *DecodeError after that page's payments. Resume
// from the last cursor you received (p.Cursor), or list the range again.
//
// The store is sent in the body (p.StoreID, else WithStoreID, else the
// client's default). A page holding a payment of another store (하위 상점:
// another seller), or naming none, ends the iteration with a *DecodeError
// before any of that page is yielded, so another seller's payment never
// stands in for this store's under the same id.
//
//	for p, err := range client.Payments.All(ctx, portone.PaymentCursorParams{From: since, Size: 1000}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(p.ID, p.Status)
//	}
//
// The endpoint is marked unstable by PortOne. Errors: 400 INVALID_REQUEST,
// 401 UNAUTHORIZED, 403 FORBIDDEN.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) All(ctx context.Context, p PaymentCursorParams, opts ...RequestOption) iter.Seq2[*Payment, error] {
	return cursorList(ctx, s, &paymentEndpoints.all, p, opts, func(out *paymentsByCursorResponse) ([]*Payment, string) {
		items := make([]*Payment, len(out.Items))
		last := ""
		for i := range out.Items {
			items[i], last = &out.Items[i].Payment, out.Items[i].Cursor
		}
		return items, last
	})
}

// AllEvents iterates over every payment event (결제 이벤트: paid, partially
// cancelled, cancelled) created in a time range (결제 이벤트 대용량 다건 조회,
// 커서 기반), fetching pages lazily exactly as All does: a full page without
// a cursor ends it with a *DecodeError, never silently, and so does a page
// holding an event of another store than the one sent (or naming none).
// Events of a type this package does not know arrive with an
// *UnknownPaymentEvent Variant.
//
// The endpoint is marked unstable by PortOne. Errors: 400 INVALID_REQUEST,
// 401 UNAUTHORIZED, 403 FORBIDDEN.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) AllEvents(ctx context.Context, p PaymentCursorParams, opts ...RequestOption) iter.Seq2[*PaymentEvent, error] {
	return cursorList(ctx, s, &paymentEndpoints.allEvents, p, opts, func(out *paymentEventsByCursorResponse) ([]*PaymentEvent, string) {
		items := make([]*PaymentEvent, len(out.Items))
		last := ""
		for i := range out.Items {
			items[i], last = &out.Items[i].PaymentEvent, out.Items[i].Cursor
		}
		return items, last
	})
}

// cursorList is the lazy iteration of All and AllEvents over a cursor
// endpoint whose response is R: items picks one page's items and the last
// item's cursor out of it.
func cursorList[T, R any](ctx context.Context, s *PaymentsService, ep *transport.Endpoint, p PaymentCursorParams,
	opts []RequestOption, items func(*R) ([]*T, string)) iter.Seq2[*T, error] {
	p.StoreID = s.c.store(p.StoreID, opts)
	if err := p.validate(); err != nil {
		return transport.Fail[*T](err)
	}
	return transport.Cursor(ctx, s.c.t, ep, p.Cursor, cmp.Or(p.Size, defaultCursorSize), func(cursor string) ([]*T, string, error) {
		page := p
		page.Cursor = cursor
		out, err := listPage[R](ctx, s.c, ep, p.StoreID, page, opts)
		if err != nil {
			return nil, "", err
		}
		list, last := items(out)
		return list, last, nil
	})
}

// Transactions lists the attempts made for a payment (결제 시도 내역 조회),
// for instance a failed card followed by a paid one. Each attempt has the
// fields of a payment in its own status (see PaymentTransaction).
//
// The store is sent in the query: WithStoreID, else the client's default.
// The endpoint is marked unstable by PortOne. Errors: 404 PAYMENT_NOT_FOUND
// (ErrNotFound), 400 INVALID_REQUEST, 401 UNAUTHORIZED, 403 FORBIDDEN. A
// reply without the items its schema requires (read as no attempts, it
// would say the payment was never tried), or holding an attempt of another
// payment (its paymentId), or, when a store was sent, of another store (or
// naming none), is a *DecodeError, never a list of this payment's
// attempts: look again.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) Transactions(ctx context.Context, paymentID string, opts ...RequestOption) ([]PaymentTransaction, error) {
	call := &transport.Call{
		Endpoint: &paymentEndpoints.transactions, Args: idArg("paymentID", paymentID),
		Query: s.c.storeQuery("", opts), Reference: paymentID,
	}
	out, res, err := transport.Send[paymentTransactionsResponse](ctx, s.c.t, call, opts...)
	if err != nil {
		return nil, err
	}
	if err := missingReplyMember(call.Endpoint.Op, res.StatusCode, out); err != nil {
		return nil, err
	}
	for _, t := range out.Items {
		if t.ID != paymentID {
			return nil, otherObject(call.Endpoint.Op, res.StatusCode, "payment", t.ID, paymentID)
		}
	}
	if err := otherStore(call.Endpoint.Op, res.StatusCode, call.Query.Get("storeId"), "", out); err != nil {
		return nil, err
	}
	return out.Items, nil
}

// Cancel cancels a payment in full or in part (결제 취소) and returns the
// cancellation: *SucceededPaymentCancellation, *FailedPaymentCancellation,
// or *RequestedPaymentCancellation when the PG cancels asynchronously
// (Triple-A; see StopCancellation).
//
// A nil error says PortOne answered, not that money went back: switch on the
// cancellation. Only *SucceededPaymentCancellation is a refund (record it).
// *RequestedPaymentCancellation is still under way: wait for the
// Transaction.Cancelled or PartialCancelled webhook, or look the payment up.
// *FailedPaymentCancellation means the PG refused it and nothing was
// refunded: to try again, send a new call with CurrentCancellableAmount set
// (a new key; a repeat with the same key returns the stored failure).
// *UnknownPaymentCancellation has a status this package does not know: look
// the payment up (Get) before refunding again.
//
// Set p.Full to cancel whatever remains (PortOne's "omit amount"), or
// p.Amount for a partial cancel; set p.CurrentCancellableAmount to the
// balance you read, and PortOne refuses the cancel with 409
// CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN if another cancel got there first.
// A partial cancel without it is a *ValidationError before any I/O.
// Virtual-account refunds need p.RefundAccount (and a PG agreement).
//
// The cancel is sent with an Idempotency-Key and retried with the same key,
// so it is applied at most once while PortOne keeps the key (about 3
// hours, see PaymentsService). A repeat after that is a new cancel: a
// partial one would be applied again but for CurrentCancellableAmount,
// which is why every partial cancel requires it. Read the balance before
// the cancel's first attempt and persist it with the key before sending
// (WithIdempotencyKey gives you the key before the first attempt; an
// *OutcomeUnknownError carries it too): a repeat sends the same params
// under the same key, the identical request, and gets PortOne's stored
// answer within the key's lifetime; after it, if an earlier attempt went
// through, the balance moved and PortOne refuses the repeat. Never take it from a lookup made
// after an attempt whose outcome is unknown: that balance may already be
// net of this cancel, and under the same key the changed body is refused
// (IDEMPOTENCY_KEY_REUSED, which ends unknown too). Without the first
// attempt's value, do not repeat: read the payment's cancellations, where
// this cancel is if it went through.
//
// Errors: 409 PAYMENT_ALREADY_CANCELLED,
// CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN,
// CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT,
// CANCEL_TAX_FREE_AMOUNT_EXCEEDS_CANCELLABLE_TAX_FREE_AMOUNT,
// CANCEL_TAX_AMOUNT_EXCEEDS_CANCELLABLE_TAX_AMOUNT and
// MAX_CANCEL_COUNT_REACHED, even on the only attempt, end with
// ErrOutcomeUnknown (an *OutcomeUnknownError whose Reference is
// p.PaymentID, the *APIError inside): the payment may be cancelled, or
// its balance moved, by an earlier call of yours whose answer was lost.
// A partial cancel asks at most the balance it names, so a refusal that
// it exceeds what is cancellable (in total, tax-free or taxable) says
// the balance moved since you read it, and that earlier cancel may also
// be the one that used the last cancel the PG allows (whether PortOne
// compares the named balance before these checks is UNCONFIRMED; read as
// definite they could send you to refund the same money again). Read the
// payment's cancellations (Get) and compare them with the refunds you
// recorded before refunding again. Definite refusals: 409
// PAYMENT_NOT_PAID, SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT (ErrConflict); 400
// NEGATIVE_PROMOTION_ADJUSTED_CANCEL_AMOUNT,
// PROMOTION_DISCOUNT_RETAIN_OPTION_SHOULD_NOT_BE_CHANGED; 404
// PAYMENT_NOT_FOUND; 502 PG_PROVIDER with the PG's code and message
// (APIError.PGCode, PGMessage). Each is definite only when no earlier
// attempt may have been applied; otherwise, and when a 2xx carries no
// cancellation with its status, id and totalAmount, the call ends with
// ErrOutcomeUnknown: repeat it with the key (see PaymentsService).
//
// Once PortOne has forgotten the key, only the payment's cancellations
// say whether a cancel went through, and an amount alone does not tell
// two 부분취소 of 3000 apart. Put your refund's own id in p.Reason, first
// (say "refund-00001 부분 반품"): every cancellation carries the reason it
// was sent with, and List finds it (a Filter.TextSearch on
// PaymentTextSearchFieldCancelReason).
// PortOne's schema sets no limit on the reason's length; whether a PG
// shortens it is UNCONFIRMED, so keep the id short and at the start.
//
// A 2xx about another cancel is no answer about this one: PortOne returns
// a key's stored answer to any later request under the same key, so a key
// reused for a second 부분취소 brings back the first one's. When the call
// names its amount (p.Amount; for p.Full, p.CurrentCancellableAmount), a
// cancellation whose totalAmount differs ends with ErrOutcomeUnknown (an
// *OutcomeUnknownError whose Reference is p.PaymentID, around a
// *DecodeError): look the payment up (its cancellations) before refunding
// again. Repeating the call under the same key then brings back the same
// stored answer and ends unknown again: only the payment's cancellations
// settle it. A stored answer of the same amount cannot be told from this
// cancel's own, whatever its reason (the reason is compared only for a
// RETAIN cancel's adjusted amount, below), and is taken as this cancel's
// answer: never reuse a key across cancels. A full cancel without
// CurrentCancellableAmount names no amount, and its answer cannot be
// checked so: set it.
//
// A partial cancel of a promoted payment with p.PromotionDiscountRetainOption
// RETAIN is the exception: PortOne adjusts its amount to keep the original
// discount rate ("최초 할인율을 유지할 수 있도록 취소 금액이 조정됩니다"), so
// a totalAmount above 0 and below p.Amount is its answer when its reason
// is p.Reason, exactly. PortOne requires a reason on every cancellation,
// and a key's stored answer carries the reason of the request that made
// it, so a key reused for a second 부분취소 whose first was smaller
// answers with the first one's amount under the first one's reason, and
// ends with ErrOutcomeUnknown. So does anything else: a totalAmount of 0
// or above p.Amount, or an adjusted one without a reason or with another
// (whether PortOne stores the reason exactly as sent is UNCONFIRMED; if
// it changed it, a true adjustment would end unknown, which can never
// refund twice). Two cancels under one key of the same amount, whatever
// their reasons, cannot be told apart (an answer of p.Amount itself is
// taken without comparing the reason), nor two adjusted ones with the
// same reason: never reuse a key across cancels, and read the payment's
// cancellations (Get) when in doubt. Whether PortOne adjusts any other
// cancel (RELEASE, a full cancel) is UNCONFIRMED; such an answer ends
// with ErrOutcomeUnknown, which can never refund twice.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) Cancel(ctx context.Context, p CancelPaymentParams, opts ...RequestOption) (PaymentCancellation, error) {
	if err := firstError(p.validate(), p.balanceNamed()); err != nil {
		return nil, err
	}
	call := idCall(&paymentEndpoints.cancel, "PaymentID", p.PaymentID, p.body(s.c.store(p.StoreID, opts)))
	out, res, err := exchange[cancelPaymentResponse](ctx, s.c, call, opts)
	if err != nil {
		return nil, err
	}
	if err := p.checkTotal(out.totalAmount, out.reason); err != nil {
		return nil, outcomeUnknown(call.Endpoint.Op, p.PaymentID, res, err)
	}
	return out.Cancellation, nil
}

// StopCancellation stops an asynchronous cancel that is still pending (결제
// 취소 요청 취소); only Triple-A cancels asynchronously.
//
// Errors: 404 PAYMENT_NOT_FOUND, PAYMENT_CANCELLATION_NOT_FOUND
// (ErrNotFound); 409 PAYMENT_CANCELLATION_NOT_PENDING (ErrConflict); 502
// PG_PROVIDER.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) StopCancellation(ctx context.Context, p StopPaymentCancellationParams, opts ...RequestOption) (*StoppedCancellation, error) {
	if err := optionalID("StoreID", p.StoreID); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	return send[StoppedCancellation](ctx, s.c, &transport.Call{
		Endpoint: &paymentEndpoints.stopCancel, Body: p, Reference: p.PaymentID,
		Args: []transport.Arg{{Field: "PaymentID", Value: p.PaymentID}, {Field: "CancellationID", Value: p.CancellationID}},
	}, opts)
}

// Capture captures (purchases) an approved payment manually (수동 매입). It
// needs a prior agreement with the PG and PortOne.
//
// Errors: 404 PAYMENT_NOT_FOUND; 409 PAYMENT_NOT_PAID (ErrConflict); 502
// PG_PROVIDER. PortOne answers a capture with an empty object; any JSON
// 2xx (or an empty one) is the capture, and any other 2xx body (an HTML
// page from a captive portal, a proxy or a wrong base URL) an
// *OutcomeUnknownError carrying the payment id, since nothing shows the
// request reached PortOne.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) Capture(ctx context.Context, p CapturePaymentParams, opts ...RequestOption) error {
	if err := optionalID("StoreID", p.StoreID); err != nil {
		return err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	_, err := send[transport.NoBody](ctx, s.c, idCall(&paymentEndpoints.capture, "PaymentID", p.PaymentID, p), opts)
	return err
}

// Confirm completes an authenticated payment on a channel set to manual
// approval (인증 결제 수동 승인): the browser's PortOne.requestPayment
// returns a paymentToken, and the payment is approved only when your server
// sends it here, after checking the order (for a virtual account, the
// account is issued now). Call it promptly: the PG's authentication
// expires. Set Currency, TotalAmount and IsTest from your order so PortOne
// refuses a payment that differs (409 INFORMATION_MISMATCH).
//
// Errors: 400 INVALID_PAYMENT_TOKEN (ErrInvalidRequest); 409
// INFORMATION_MISMATCH (ErrConflict); 404 PAYMENT_NOT_FOUND; 502
// PG_PROVIDER. A 409 ALREADY_PAID, even on the only attempt, ends with
// ErrOutcomeUnknown (Reference: the payment id, the *APIError inside): an
// earlier confirm of yours whose answer was lost may be what paid it.
// Look the payment up (Verify against your order): PAID with your
// order's amount is the payment you wanted.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) Confirm(ctx context.Context, p ConfirmPaymentParams, opts ...RequestOption) (*ConfirmedPaymentSummary, error) {
	err := firstError(optionalID("StoreID", p.StoreID), requireText("PaymentToken", p.PaymentToken),
		optionalID("TxID", p.TxID), optionalPositive("TotalAmount", p.TotalAmount),
		checkNonNegative("TaxFreeAmount", p.TaxFreeAmount), taxFreeWithin(p.TotalAmount, p.TaxFreeAmount))
	if err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	return send[ConfirmedPaymentSummary](ctx, s.c, idCall(&paymentEndpoints.confirm, "PaymentID", p.PaymentID, p), opts)
}

// PreRegister registers a payment's amount and currency before the payment
// window opens (결제 정보 사전 등록), under the payment id the browser will
// use. That PortOne then refuses a browser payment with another amount is
// UNCONFIRMED; verify the payment afterwards either way (Verify).
//
// Errors: 400 INVALID_REQUEST. A 409 ALREADY_PAID ends with
// ErrOutcomeUnknown (Reference: the payment id, the *APIError inside),
// as for every write: the buyer has paid under this id already, perhaps
// in an earlier attempt of this order; look the payment up (Verify)
// before asking the buyer to pay under a new id. As for Capture, only an
// empty or JSON 2xx is the registration; any other 2xx body is an
// *OutcomeUnknownError carrying the payment id.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) PreRegister(ctx context.Context, p PreRegisterPaymentParams, opts ...RequestOption) error {
	err := firstError(optionalID("StoreID", p.StoreID), optionalPositive("TotalAmount", p.TotalAmount),
		checkNonNegative("TaxFreeAmount", p.TaxFreeAmount), taxFreeWithin(p.TotalAmount, p.TaxFreeAmount))
	if err != nil {
		return err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	_, err = send[transport.NoBody](ctx, s.c, idCall(&paymentEndpoints.preRegister, "PaymentID", p.PaymentID, p), opts)
	return err
}

// PayWithBillingKey charges a billing key (빌링키 결제) under a new payment
// id of your choosing, and returns when the PG has approved it.
//
// The charge is sent with an Idempotency-Key and retried with the same key;
// PortOne also refuses a second payment under the same id (409
// ALREADY_PAID). On ErrOutcomeUnknown, repeat with the same key or look the
// payment id up: never charge again under a new id before knowing.
// PortOne keeps the key about 3 hours (see PaymentsService); a repeat
// after that, under the same payment id, is refused with ALREADY_PAID if
// the first charge went through.
//
// A 409 ALREADY_PAID ends with ErrOutcomeUnknown even on the only attempt
// (an *OutcomeUnknownError whose Reference is p.PaymentID, the *APIError
// inside): the charge PortOne found may be yours, made by an earlier call
// whose answer was lost. Look the payment up (Get, or Verify against your
// order): PAID with your amount is the charge you wanted; never charge
// again under a new payment id on this answer.
//
// Errors: 404 BILLING_KEY_NOT_FOUND, CHANNEL_NOT_FOUND; 409
// BILLING_KEY_ALREADY_DELETED, PAYMENT_SCHEDULE_ALREADY_EXISTS,
// SUM_OF_PARTS_EXCEEDS_TOTAL_AMOUNT; 400
// DISCOUNT_AMOUNT_EXCEEDS_TOTAL_AMOUNT, MAX_TRANSACTION_COUNT_REACHED,
// PROMOTION_PAY_METHOD_DOES_NOT_MATCH; 502 PG_PROVIDER (a declined card).
// Each is definite only when no earlier attempt may have been applied;
// after one that may have been (a PG_PROVIDER may be the echo of the
// charge that went through), and when a 2xx carries no payment.paidAt,
// the call ends with ErrOutcomeUnknown.
//
// A key reused across payment ids is answered with the first charge's
// stored answer, whatever this call's payment id: PortOne returns a
// key's stored answer to any later request under it, and nothing in that
// answer (pgTxId, paidAt) names the payment it is about, so the SDK
// cannot tell it from this charge's own. Never reuse a key: derive it
// from the payment id (or leave it to the SDK).
//
// A PG_PROVIDER on the only attempt is returned as the PG's refusal, not
// as ErrOutcomeUnknown. Whether PortOne ever answers PG_PROVIDER for a PG
// timeout after which the card company had approved is UNCONFIRMED, so
// before charging the buyer again after one: under the same payment id
// it is safe (PortOne refuses a second payment under an id it has
// recorded as paid, 409 ALREADY_PAID); under a NEW payment id, first look
// the declined one up (Get) and charge again only if it is not PAID.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) PayWithBillingKey(ctx context.Context, p BillingKeyPaymentParams, opts ...RequestOption) (*BillingKeyPaymentSummary, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	out, err := send[payWithBillingKeyResponse](ctx, s.c, idCall(&paymentEndpoints.billingKey, "PaymentID", p.PaymentID, p), opts)
	if err != nil {
		return nil, err
	}
	return &out.Payment, nil
}

// PayInstantly makes a payment from the server without the customer's
// authentication (수기 결제): a card charged by its number (비인증 결제), or
// a virtual account issued (the payment then awaits the deposit). Card data
// is sent to PortOne only; it never appears in errors or logs, and the
// params print masked.
//
// Sent with an Idempotency-Key like PayWithBillingKey, and as there a
// 409 ALREADY_PAID, even on the only attempt, ends with ErrOutcomeUnknown
// (Reference: p.PaymentID): look the payment up, PAID with your amount is
// the payment you wanted. A key reused across payment ids returns the
// first payment's stored answer, which names no payment id and cannot be
// told from this one's: never reuse a key. Errors: 404 CHANNEL_NOT_FOUND;
// 409 PAYMENT_SCHEDULE_ALREADY_EXISTS, SUM_OF_PARTS_EXCEEDS_TOTAL_AMOUNT;
// 400 DISCOUNT_AMOUNT_EXCEEDS_TOTAL_AMOUNT, MAX_TRANSACTION_COUNT_REACHED,
// PROMOTION_PAY_METHOD_DOES_NOT_MATCH; 502 PG_PROVIDER. As for
// PayWithBillingKey, whether a PG_PROVIDER can follow a PG timeout after
// the card company approved is UNCONFIRMED: charge again under the same
// payment id (PortOne refuses a second payment under an id it has
// recorded as paid), or look the declined payment up (Get) before
// charging under a new one.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) PayInstantly(ctx context.Context, p InstantPaymentParams, opts ...RequestOption) (*InstantPaymentSummary, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	out, err := send[payInstantlyResponse](ctx, s.c, idCall(&paymentEndpoints.instant, "PaymentID", p.PaymentID, p), opts)
	if err != nil {
		return nil, err
	}
	return &out.Payment, nil
}

// RegisterStoreReceipt adds sub-store transactions to a payment's sales
// slip (영수증 내 하위 상점 거래 등록). KG Inicis only, with an INIApi key
// registered in the console.
//
// Errors: 404 PAYMENT_NOT_FOUND; 409 PAYMENT_NOT_PAID; 502 PG_PROVIDER.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) RegisterStoreReceipt(ctx context.Context, p RegisterStoreReceiptParams, opts ...RequestOption) (*RegisteredStoreReceipt, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	return send[RegisteredStoreReceipt](ctx, s.c, idCall(&paymentEndpoints.storeReceipt, "PaymentID", p.PaymentID, p), opts)
}

// ResendWebhook sends a payment's webhook again (웹훅 재발송): p.WebhookID,
// or the latest one, and returns the delivery record.
//
// Errors: 404 PAYMENT_NOT_FOUND, WEBHOOK_NOT_FOUND (ErrNotFound); 400
// MAX_WEBHOOK_RETRY_COUNT_REACHED (ErrInvalidRequest).
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) ResendWebhook(ctx context.Context, p ResendWebhookParams, opts ...RequestOption) (*PaymentWebhook, error) {
	if err := firstError(optionalID("StoreID", p.StoreID), optionalID("WebhookID", p.WebhookID)); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	out, err := send[resendWebhookResponse](ctx, s.c, idCall(&paymentEndpoints.resendWebhook, "PaymentID", p.PaymentID, p), opts)
	if err != nil {
		return nil, err
	}
	return &out.Webhook, nil
}

// CloseVirtualAccount closes the virtual account of a payment awaiting its
// deposit (가상계좌 말소), so no deposit can complete it. The store is sent
// in the query; there is no body.
//
// Errors: 409 PAYMENT_NOT_WAITING_FOR_DEPOSIT (ErrConflict); 404
// PAYMENT_NOT_FOUND; 502 PG_PROVIDER. PAYMENT_NOT_WAITING_FOR_DEPOSIT says
// only that the account no longer awaits a deposit: the buyer may have
// deposited (the payment is PAID), or an earlier close of yours whose
// answer was lost went through. Look the payment up (Get) and act on its
// status; never take it for "closed, nothing paid".
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) CloseVirtualAccount(ctx context.Context, p CloseVirtualAccountParams, opts ...RequestOption) (*ClosedVirtualAccount, error) {
	if err := optionalID("StoreID", p.StoreID); err != nil {
		return nil, err
	}
	call := idCall(&paymentEndpoints.closeVA, "PaymentID", p.PaymentID, nil)
	call.Query = s.c.storeQuery(p.StoreID, opts)
	return send[ClosedVirtualAccount](ctx, s.c, call, opts)
}

// ApplyEscrowLogistics registers the delivery of an escrow payment (에스크로
// 배송 정보 등록): carrier, tracking number, when it was sent.
//
// Errors: 409 PAYMENT_NOT_PAID (ErrConflict); 404 PAYMENT_NOT_FOUND; 502
// PG_PROVIDER.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) ApplyEscrowLogistics(ctx context.Context, p EscrowLogisticsParams, opts ...RequestOption) (*EscrowLogisticsResult, error) {
	return s.escrowLogistics(ctx, &paymentEndpoints.applyEscrow, p, opts)
}

// ModifyEscrowLogistics changes the registered delivery of an escrow
// payment (에스크로 배송 정보 수정).
//
// Errors: 409 PAYMENT_NOT_PAID (ErrConflict); 404 PAYMENT_NOT_FOUND; 502
// PG_PROVIDER.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) ModifyEscrowLogistics(ctx context.Context, p EscrowLogisticsParams, opts ...RequestOption) (*EscrowLogisticsResult, error) {
	return s.escrowLogistics(ctx, &paymentEndpoints.modifyEscrow, p, opts)
}

func (s *PaymentsService) escrowLogistics(ctx context.Context, ep *transport.Endpoint, p EscrowLogisticsParams, opts []RequestOption) (*EscrowLogisticsResult, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	return send[EscrowLogisticsResult](ctx, s.c, idCall(ep, "PaymentID", p.PaymentID, p), opts)
}

// CompleteEscrow confirms the purchase of an escrow payment (에스크로 구매
// 확정), releasing the money to the merchant.
//
// Errors: 409 PAYMENT_NOT_PAID (ErrConflict); 404 PAYMENT_NOT_FOUND; 502
// PG_PROVIDER.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/payment
func (s *PaymentsService) CompleteEscrow(ctx context.Context, p CompleteEscrowParams, opts ...RequestOption) (*CompletedEscrow, error) {
	if err := optionalID("StoreID", p.StoreID); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	return send[CompletedEscrow](ctx, s.c, idCall(&paymentEndpoints.completeEscrow, "PaymentID", p.PaymentID, p), opts)
}
