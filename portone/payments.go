package portone

import (
	"cmp"
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"

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
// payment up.
type PaymentsService struct{ c *Client }

// paymentEndpoint is one payment operation: its stable name, HTTP method, path
// template and retry class.
type paymentEndpoint struct {
	op, method, route string
	class             transport.Class
}

// paymentEndpoints lists the operations of PaymentsService.
var paymentEndpoints = struct {
	get, list, all, allEvents, transactions                   paymentEndpoint // lookups: Safe
	cancel, stopCancel, capture, confirm, preRegister         paymentEndpoint // writes: Keyed
	billingKey, instant, storeReceipt, resendWebhook, closeVA paymentEndpoint
	applyEscrow, modifyEscrow, completeEscrow                 paymentEndpoint
}{
	get:            paymentEndpoint{"payments.get", http.MethodGet, "/payments/{paymentId}", transport.Safe},
	list:           paymentEndpoint{"payments.list", http.MethodGet, "/payments", transport.Safe},
	all:            paymentEndpoint{"payments.all", http.MethodGet, "/payments-by-cursor", transport.Safe},
	allEvents:      paymentEndpoint{"payments.allEvents", http.MethodGet, "/payment-events-by-cursor", transport.Safe},
	transactions:   paymentEndpoint{"payments.transactions", http.MethodGet, "/payments/{paymentId}/transactions", transport.Safe},
	cancel:         paymentEndpoint{"payments.cancel", http.MethodPost, "/payments/{paymentId}/cancel", transport.Keyed},
	stopCancel:     paymentEndpoint{"payments.stopCancellation", http.MethodPost, "/payments/{paymentId}/cancellations/{cancellationId}/stop", transport.Keyed},
	capture:        paymentEndpoint{"payments.capture", http.MethodPost, "/payments/{paymentId}/capture", transport.Keyed},
	confirm:        paymentEndpoint{"payments.confirm", http.MethodPost, "/payments/{paymentId}/confirm", transport.Keyed},
	preRegister:    paymentEndpoint{"payments.preRegister", http.MethodPost, "/payments/{paymentId}/pre-register", transport.Keyed},
	billingKey:     paymentEndpoint{"payments.payWithBillingKey", http.MethodPost, "/payments/{paymentId}/billing-key", transport.Keyed},
	instant:        paymentEndpoint{"payments.payInstantly", http.MethodPost, "/payments/{paymentId}/instant", transport.Keyed},
	storeReceipt:   paymentEndpoint{"payments.registerStoreReceipt", http.MethodPost, "/payments/{paymentId}/register-store-receipt", transport.Keyed},
	resendWebhook:  paymentEndpoint{"payments.resendWebhook", http.MethodPost, "/payments/{paymentId}/resend-webhook", transport.Keyed},
	closeVA:        paymentEndpoint{"payments.closeVirtualAccount", http.MethodPost, "/payments/{paymentId}/virtual-account/close", transport.Keyed},
	applyEscrow:    paymentEndpoint{"payments.applyEscrowLogistics", http.MethodPost, "/payments/{paymentId}/escrow/logistics", transport.Keyed},
	modifyEscrow:   paymentEndpoint{"payments.modifyEscrowLogistics", http.MethodPatch, "/payments/{paymentId}/escrow/logistics", transport.Keyed},
	completeEscrow: paymentEndpoint{"payments.completeEscrow", http.MethodPost, "/payments/{paymentId}/escrow/complete", transport.Keyed},
}

// send makes one call. ref is the payment id to reconcile with.
func (s *PaymentsService) send(ctx context.Context, ep paymentEndpoint, path, ref string, query url.Values, body, out any, opts []RequestOption) error {
	return s.c.do(ctx, &transport.Call{
		Op: ep.op, Method: ep.method, Path: path, Route: ep.route,
		Query: query, Body: body, Class: ep.class, Reference: ref,
	}, out, opts)
}

// paymentPath is "/payments/{id}" + suffix with the id escaped, or the
// *ValidationError for an id that cannot be a path segment.
func paymentPath(field, paymentID, suffix string) (string, error) {
	id, err := pathID(field, paymentID)
	if err != nil {
		return "", err
	}
	return "/payments/" + id + suffix, nil
}

// Get looks a payment up (결제 단건 조회): the payment's status, amounts,
// method and history. This is the lookup to verify a payment with on the
// server before fulfilling an order; Verify does it and compares the
// result with your order.
//
// The store is sent in the query: WithStoreID, else the client's default.
// Errors: 404 PAYMENT_NOT_FOUND (ErrNotFound), 401 UNAUTHORIZED and 403
// FORBIDDEN (ErrUnauthorized), 400 INVALID_REQUEST.
//
//meta:operation GET /payments/{paymentId}
func (s *PaymentsService) Get(ctx context.Context, paymentID string, opts ...RequestOption) (*Payment, error) {
	path, err := paymentPath("paymentID", paymentID, "")
	if err != nil {
		return nil, err
	}
	out := new(Payment)
	if err := s.send(ctx, paymentEndpoints.get, path, paymentID, s.c.storeQuery("", opts), nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// List returns one page of the payments matching a filter (결제 다건 조회,
// 페이지 기반). Pages are 0-based, 10 payments by default, and
// (Number+1)*Size may not exceed 60,000: for long listings use All. The
// params travel as JSON in the requestBody query parameter; the store goes
// in Filter.StoreID (the params', else WithStoreID, else the client's
// default; with none, a merchant-level secret searches all its stores).
//
// Errors: 400 INVALID_REQUEST, 401 UNAUTHORIZED, 403 FORBIDDEN.
//
//meta:operation GET /payments
func (s *PaymentsService) List(ctx context.Context, p PaymentListParams, opts ...RequestOption) (*PaymentPage, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.Filter.StoreID = s.c.store(p.Filter.StoreID, opts)
	out := new(PaymentPage)
	ep := paymentEndpoints.list
	if err := s.c.getWithRequestBody(ctx, ep.op, ep.route, p, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// All iterates over every payment created in a time range (결제 대용량 다건
// 조회, 커서 기반), fetching pages lazily: the first request without a cursor
// (or from p.Cursor, to resume), each next one from the last item's cursor,
// until a page is empty, shorter than the page size or has no cursor.
// Breaking out of the loop stops fetching; the context is checked between
// pages; an error is yielded once, with a nil payment, and ends the
// iteration. p is copied, and each range over the result starts afresh.
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
//meta:operation GET /payments-by-cursor
func (s *PaymentsService) All(ctx context.Context, p PaymentCursorParams, opts ...RequestOption) iter.Seq2[*Payment, error] {
	p.StoreID = s.c.store(p.StoreID, opts)
	return cursorList(ctx, paymentEndpoints.all, p, func(page PaymentCursorParams) ([]*Payment, string, error) {
		var out paymentsByCursorResponse
		if err := s.cursorPage(ctx, paymentEndpoints.all, page, &out, opts); err != nil {
			return nil, "", err
		}
		items := make([]*Payment, len(out.Items))
		last := ""
		for i := range out.Items {
			items[i], last = &out.Items[i].Payment, out.Items[i].Cursor
		}
		return items, last, nil
	})
}

// AllEvents iterates over every payment event (결제 이벤트: paid, partially
// cancelled, cancelled) created in a time range (결제 이벤트 대용량 다건 조회,
// 커서 기반), fetching pages lazily exactly as All does. Events of a type this
// package does not know arrive with an *UnknownPaymentEvent Variant.
//
// The endpoint is marked unstable by PortOne. Errors: 400 INVALID_REQUEST,
// 401 UNAUTHORIZED, 403 FORBIDDEN.
//
//meta:operation GET /payment-events-by-cursor
func (s *PaymentsService) AllEvents(ctx context.Context, p PaymentCursorParams, opts ...RequestOption) iter.Seq2[*PaymentEvent, error] {
	p.StoreID = s.c.store(p.StoreID, opts)
	return cursorList(ctx, paymentEndpoints.allEvents, p, func(page PaymentCursorParams) ([]*PaymentEvent, string, error) {
		var out paymentEventsByCursorResponse
		if err := s.cursorPage(ctx, paymentEndpoints.allEvents, page, &out, opts); err != nil {
			return nil, "", err
		}
		items := make([]*PaymentEvent, len(out.Items))
		last := ""
		for i := range out.Items {
			items[i], last = &out.Items[i].PaymentEvent, out.Items[i].Cursor
		}
		return items, last, nil
	})
}

// cursorPage fetches one page of a cursor endpoint.
func (s *PaymentsService) cursorPage(ctx context.Context, ep paymentEndpoint, page PaymentCursorParams, out any, opts []RequestOption) error {
	return s.c.getWithRequestBody(ctx, ep.op, ep.route, page, out, opts)
}

// cursorList is the lazy iteration of All and AllEvents. fetch returns one
// page's items and the last item's cursor.
func cursorList[T any](ctx context.Context, ep paymentEndpoint, p PaymentCursorParams, fetch func(PaymentCursorParams) ([]*T, string, error)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		if err := p.validate(); err != nil {
			yield(nil, err)
			return
		}
		size := cmp.Or(p.Size, defaultCursorSize)
		page := p
		for {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			items, last, err := fetch(page)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if len(items) < size || last == "" {
				return
			}
			if last == page.Cursor {
				yield(nil, &DecodeError{Gateway: "portone", Op: ep.op, Status: http.StatusOK,
					Err: errors.New("the cursor did not advance")})
				return
			}
			page.Cursor = last
		}
	}
}

// Transactions lists the attempts made for a payment (결제 시도 내역 조회),
// for instance a failed card followed by a paid one. Each attempt has the
// fields of a payment in its own status (see PaymentTransaction).
//
// The store is sent in the query: WithStoreID, else the client's default.
// The endpoint is marked unstable by PortOne. Errors: 404 PAYMENT_NOT_FOUND
// (ErrNotFound), 400 INVALID_REQUEST, 401 UNAUTHORIZED, 403 FORBIDDEN.
//
//meta:operation GET /payments/{paymentId}/transactions
func (s *PaymentsService) Transactions(ctx context.Context, paymentID string, opts ...RequestOption) ([]PaymentTransaction, error) {
	path, err := paymentPath("paymentID", paymentID, "/transactions")
	if err != nil {
		return nil, err
	}
	var out paymentTransactionsResponse
	if err := s.send(ctx, paymentEndpoints.transactions, path, paymentID, s.c.storeQuery("", opts), nil, &out, opts); err != nil {
		return nil, err
	}
	return out.Items, nil
}

// Cancel cancels a payment in full or in part (결제 취소) and returns the
// cancellation: *SucceededPaymentCancellation, *FailedPaymentCancellation,
// or *RequestedPaymentCancellation when the PG cancels asynchronously
// (Triple-A; see StopCancellation).
//
// Set p.Full to cancel whatever remains (PortOne's "omit amount"), or
// p.Amount for a partial cancel; set p.CurrentCancellableAmount to the
// balance you believe remains, and PortOne refuses the cancel with 409
// CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN if another cancel got there first.
// Virtual-account refunds need p.RefundAccount (and a PG agreement).
//
// The cancel is sent with an Idempotency-Key and retried with the same key,
// so it is applied at most once (see PaymentsService). Errors: 409
// PAYMENT_ALREADY_CANCELLED, PAYMENT_NOT_PAID,
// CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT,
// CANCEL_TAX_FREE_AMOUNT_EXCEEDS_CANCELLABLE_TAX_FREE_AMOUNT,
// CANCEL_TAX_AMOUNT_EXCEEDS_CANCELLABLE_TAX_AMOUNT,
// SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT, MAX_CANCEL_COUNT_REACHED
// (ErrConflict); 400 NEGATIVE_PROMOTION_ADJUSTED_CANCEL_AMOUNT,
// PROMOTION_DISCOUNT_RETAIN_OPTION_SHOULD_NOT_BE_CHANGED; 404
// PAYMENT_NOT_FOUND; 502 PG_PROVIDER with the PG's code and message
// (APIError.PGCode, PGMessage). Each is definite only when no earlier
// attempt may have been applied; otherwise, and when a 2xx carries no
// cancellation with its status, id and totalAmount, the call ends with
// ErrOutcomeUnknown: repeat it with the key (see PaymentsService).
//
//meta:operation POST /payments/{paymentId}/cancel
func (s *PaymentsService) Cancel(ctx context.Context, p CancelPaymentParams, opts ...RequestOption) (PaymentCancellation, error) {
	path, err := paymentPath("PaymentID", p.PaymentID, "/cancel")
	if err == nil {
		err = p.validate()
	}
	if err != nil {
		return nil, err
	}
	var out cancelPaymentResponse
	if err := s.send(ctx, paymentEndpoints.cancel, path, p.PaymentID, nil, p.body(s.c.store(p.StoreID, opts)), &out, opts); err != nil {
		return nil, err
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
//meta:operation POST /payments/{paymentId}/cancellations/{cancellationId}/stop
func (s *PaymentsService) StopCancellation(ctx context.Context, p StopPaymentCancellationParams, opts ...RequestOption) (*StoppedCancellation, error) {
	path, err := paymentPath("PaymentID", p.PaymentID, "/cancellations/")
	if err != nil {
		return nil, err
	}
	cid, err := pathID("CancellationID", p.CancellationID)
	if err == nil {
		err = optionalID("StoreID", p.StoreID)
	}
	if err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	out := new(StoppedCancellation)
	if err := s.send(ctx, paymentEndpoints.stopCancel, path+cid+"/stop", p.PaymentID, nil, p, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Capture captures (purchases) an approved payment manually (수동 매입). It
// needs a prior agreement with the PG and PortOne.
//
// Errors: 404 PAYMENT_NOT_FOUND; 409 PAYMENT_NOT_PAID (ErrConflict); 502
// PG_PROVIDER.
//
//meta:operation POST /payments/{paymentId}/capture
func (s *PaymentsService) Capture(ctx context.Context, p CapturePaymentParams, opts ...RequestOption) error {
	path, err := paymentPath("PaymentID", p.PaymentID, "/capture")
	if err == nil {
		err = optionalID("StoreID", p.StoreID)
	}
	if err != nil {
		return err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	return s.send(ctx, paymentEndpoints.capture, path, p.PaymentID, nil, p, nil, opts)
}

// Confirm completes an authenticated payment on a channel set to manual
// approval (인증 결제 수동 승인): the browser's PortOne.requestPayment
// returns a paymentToken, and the payment is approved only when your server
// sends it here, after checking the order (for a virtual account, the
// account is issued now). Call it promptly: the PG's authentication
// expires. Set Currency, TotalAmount and IsTest from your order so PortOne
// refuses a payment that differs (409 INFORMATION_MISMATCH).
//
// Errors: 400 INVALID_PAYMENT_TOKEN (ErrInvalidRequest); 409 ALREADY_PAID,
// INFORMATION_MISMATCH (ErrConflict); 404 PAYMENT_NOT_FOUND; 502
// PG_PROVIDER.
//
//meta:operation POST /payments/{paymentId}/confirm
func (s *PaymentsService) Confirm(ctx context.Context, p ConfirmPaymentParams, opts ...RequestOption) (*ConfirmedPaymentSummary, error) {
	path, err := paymentPath("PaymentID", p.PaymentID, "/confirm")
	if err == nil {
		err = firstError(optionalID("StoreID", p.StoreID), requireText("PaymentToken", p.PaymentToken),
			optionalID("TxID", p.TxID), optionalPositive("TotalAmount", p.TotalAmount),
			checkNonNegative("TaxFreeAmount", p.TaxFreeAmount))
	}
	if err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	out := new(ConfirmedPaymentSummary)
	if err := s.send(ctx, paymentEndpoints.confirm, path, p.PaymentID, nil, p, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// PreRegister registers a payment's amount and currency before the payment
// window opens (결제 정보 사전 등록), under the payment id the browser will
// use. That PortOne then refuses a browser payment with another amount is
// UNCONFIRMED; verify the payment afterwards either way (Verify).
//
// Errors: 409 ALREADY_PAID (ErrConflict), 400 INVALID_REQUEST.
//
//meta:operation POST /payments/{paymentId}/pre-register
func (s *PaymentsService) PreRegister(ctx context.Context, p PreRegisterPaymentParams, opts ...RequestOption) error {
	path, err := paymentPath("PaymentID", p.PaymentID, "/pre-register")
	if err == nil {
		err = firstError(optionalID("StoreID", p.StoreID), optionalPositive("TotalAmount", p.TotalAmount),
			checkNonNegative("TaxFreeAmount", p.TaxFreeAmount))
	}
	if err != nil {
		return err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	return s.send(ctx, paymentEndpoints.preRegister, path, p.PaymentID, nil, p, nil, opts)
}

// PayWithBillingKey charges a billing key (빌링키 결제) under a new payment
// id of your choosing, and returns when the PG has approved it.
//
// The charge is sent with an Idempotency-Key and retried with the same key;
// PortOne also refuses a second payment under the same id (409
// ALREADY_PAID). On ErrOutcomeUnknown, repeat with the same key or look the
// payment id up: never charge again under a new id before knowing. Errors:
// 404 BILLING_KEY_NOT_FOUND, CHANNEL_NOT_FOUND; 409 ALREADY_PAID,
// BILLING_KEY_ALREADY_DELETED, PAYMENT_SCHEDULE_ALREADY_EXISTS,
// SUM_OF_PARTS_EXCEEDS_TOTAL_AMOUNT; 400
// DISCOUNT_AMOUNT_EXCEEDS_TOTAL_AMOUNT, MAX_TRANSACTION_COUNT_REACHED,
// PROMOTION_PAY_METHOD_DOES_NOT_MATCH; 502 PG_PROVIDER (a declined card).
// Each is definite only when no earlier attempt may have been applied;
// after one that may have been (an ALREADY_PAID or PG_PROVIDER may be the
// echo of the charge that went through), and when a 2xx carries no
// payment.paidAt, the call ends with ErrOutcomeUnknown.
//
//meta:operation POST /payments/{paymentId}/billing-key
func (s *PaymentsService) PayWithBillingKey(ctx context.Context, p BillingKeyPaymentParams, opts ...RequestOption) (*BillingKeyPaymentSummary, error) {
	path, err := paymentPath("PaymentID", p.PaymentID, "/billing-key")
	if err == nil {
		err = p.validate()
	}
	if err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	var out payWithBillingKeyResponse
	if err := s.send(ctx, paymentEndpoints.billingKey, path, p.PaymentID, nil, p, &out, opts); err != nil {
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
// Sent with an Idempotency-Key like PayWithBillingKey. Errors: 404
// CHANNEL_NOT_FOUND; 409 ALREADY_PAID, PAYMENT_SCHEDULE_ALREADY_EXISTS,
// SUM_OF_PARTS_EXCEEDS_TOTAL_AMOUNT; 400
// DISCOUNT_AMOUNT_EXCEEDS_TOTAL_AMOUNT, MAX_TRANSACTION_COUNT_REACHED,
// PROMOTION_PAY_METHOD_DOES_NOT_MATCH; 502 PG_PROVIDER.
//
//meta:operation POST /payments/{paymentId}/instant
func (s *PaymentsService) PayInstantly(ctx context.Context, p InstantPaymentParams, opts ...RequestOption) (*InstantPaymentSummary, error) {
	path, err := paymentPath("PaymentID", p.PaymentID, "/instant")
	if err == nil {
		err = p.validate()
	}
	if err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	var out payInstantlyResponse
	if err := s.send(ctx, paymentEndpoints.instant, path, p.PaymentID, nil, p, &out, opts); err != nil {
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
//meta:operation POST /payments/{paymentId}/register-store-receipt
func (s *PaymentsService) RegisterStoreReceipt(ctx context.Context, p RegisterStoreReceiptParams, opts ...RequestOption) (*RegisteredStoreReceipt, error) {
	path, err := paymentPath("PaymentID", p.PaymentID, "/register-store-receipt")
	if err == nil {
		err = p.validate()
	}
	if err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	out := new(RegisteredStoreReceipt)
	if err := s.send(ctx, paymentEndpoints.storeReceipt, path, p.PaymentID, nil, p, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// ResendWebhook sends a payment's webhook again (웹훅 재발송): p.WebhookID,
// or the latest one, and returns the delivery record.
//
// Errors: 404 PAYMENT_NOT_FOUND, WEBHOOK_NOT_FOUND (ErrNotFound); 400
// MAX_WEBHOOK_RETRY_COUNT_REACHED (ErrInvalidRequest).
//
//meta:operation POST /payments/{paymentId}/resend-webhook
func (s *PaymentsService) ResendWebhook(ctx context.Context, p ResendWebhookParams, opts ...RequestOption) (*PaymentWebhook, error) {
	path, err := paymentPath("PaymentID", p.PaymentID, "/resend-webhook")
	if err == nil {
		err = firstError(optionalID("StoreID", p.StoreID), optionalID("WebhookID", p.WebhookID))
	}
	if err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	var out resendWebhookResponse
	if err := s.send(ctx, paymentEndpoints.resendWebhook, path, p.PaymentID, nil, p, &out, opts); err != nil {
		return nil, err
	}
	return &out.Webhook, nil
}

// CloseVirtualAccount closes the virtual account of a payment awaiting its
// deposit (가상계좌 말소), so no deposit can complete it. The store is sent
// in the query; there is no body.
//
// Errors: 409 PAYMENT_NOT_WAITING_FOR_DEPOSIT (ErrConflict); 404
// PAYMENT_NOT_FOUND; 502 PG_PROVIDER.
//
//meta:operation POST /payments/{paymentId}/virtual-account/close
func (s *PaymentsService) CloseVirtualAccount(ctx context.Context, p CloseVirtualAccountParams, opts ...RequestOption) (*ClosedVirtualAccount, error) {
	path, err := paymentPath("PaymentID", p.PaymentID, "/virtual-account/close")
	if err == nil {
		err = optionalID("StoreID", p.StoreID)
	}
	if err != nil {
		return nil, err
	}
	out := new(ClosedVirtualAccount)
	if err := s.send(ctx, paymentEndpoints.closeVA, path, p.PaymentID, s.c.storeQuery(p.StoreID, opts), nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// ApplyEscrowLogistics registers the delivery of an escrow payment (에스크로
// 배송 정보 등록): carrier, tracking number, when it was sent.
//
// Errors: 409 PAYMENT_NOT_PAID (ErrConflict); 404 PAYMENT_NOT_FOUND; 502
// PG_PROVIDER.
//
//meta:operation POST /payments/{paymentId}/escrow/logistics
func (s *PaymentsService) ApplyEscrowLogistics(ctx context.Context, p EscrowLogisticsParams, opts ...RequestOption) (*EscrowLogisticsResult, error) {
	return s.escrowLogistics(ctx, paymentEndpoints.applyEscrow, p, opts)
}

// ModifyEscrowLogistics changes the registered delivery of an escrow
// payment (에스크로 배송 정보 수정).
//
// Errors: 409 PAYMENT_NOT_PAID (ErrConflict); 404 PAYMENT_NOT_FOUND; 502
// PG_PROVIDER.
//
//meta:operation PATCH /payments/{paymentId}/escrow/logistics
func (s *PaymentsService) ModifyEscrowLogistics(ctx context.Context, p EscrowLogisticsParams, opts ...RequestOption) (*EscrowLogisticsResult, error) {
	return s.escrowLogistics(ctx, paymentEndpoints.modifyEscrow, p, opts)
}

func (s *PaymentsService) escrowLogistics(ctx context.Context, ep paymentEndpoint, p EscrowLogisticsParams, opts []RequestOption) (*EscrowLogisticsResult, error) {
	path, err := paymentPath("PaymentID", p.PaymentID, "/escrow/logistics")
	if err == nil {
		err = p.validate()
	}
	if err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	out := new(EscrowLogisticsResult)
	if err := s.send(ctx, ep, path, p.PaymentID, nil, p, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// CompleteEscrow confirms the purchase of an escrow payment (에스크로 구매
// 확정), releasing the money to the merchant.
//
// Errors: 409 PAYMENT_NOT_PAID (ErrConflict); 404 PAYMENT_NOT_FOUND; 502
// PG_PROVIDER.
//
//meta:operation POST /payments/{paymentId}/escrow/complete
func (s *PaymentsService) CompleteEscrow(ctx context.Context, p CompleteEscrowParams, opts ...RequestOption) (*CompletedEscrow, error) {
	path, err := paymentPath("PaymentID", p.PaymentID, "/escrow/complete")
	if err == nil {
		err = optionalID("StoreID", p.StoreID)
	}
	if err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	out := new(CompletedEscrow)
	if err := s.send(ctx, paymentEndpoints.completeEscrow, path, p.PaymentID, nil, p, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}
