package shop

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/webhook"
)

// PlanRequest is what the plan page posts to /api/orders/plan.
type PlanRequest struct {
	PlanKey    string `json:"plan_key"`
	CouponCode string `json:"coupon_code,omitempty"`
	// UserID is the buyer: POST /api/orders/plan sets it from the session.
	UserID string `json:"-"`
}

// PlanOrder is the answer of /api/orders/plan: what the page passes to
// BootpayCommerce.requestCheckout (name, price, metadata.order_id, and
// request_id when an invoice carries a discount).
type PlanOrder struct {
	OrderID   string `json:"order_id"`
	OrderName string `json:"order_name"`
	Price     int64  `json:"price"`
	PlanKey   string `json:"plan_key"`
	RequestID string `json:"request_id,omitempty"` // the invoice id (청구서), when a discount applies
	Status    string `json:"status"`
}

// CreatePlanOrder is POST /api/orders/plan (the Commerce checkout guide): the server prices the
// plan (the browser never sends a price), stores the pending order, and —
// when a discount applies — creates the Commerce invoice (청구서) with the
// final price, carrying the order's id. The coupon is checked now but used
// only when the checkout is verified (VerifyCommerce): an order never paid,
// or whose invoice could not be created, uses nothing. A coupon used up in
// between makes the verified checkout refunded (cancelled at Commerce),
// as a payment for goods the shop cannot give. Invoice
// creation is sent at most once (commerce treats it as Unsafe: Commerce's
// deduplication is unconfirmed); if its answer is lost the call fails and
// the browser's retry prices a new order, so the orphaned invoice, which
// only that order's id names, is never paid.
func (s *Server) CreatePlanOrder(ctx context.Context, req PlanRequest) (*PlanOrder, error) {
	o, err := s.CreateOrder(ctx, NewOrder{ProductID: req.PlanKey, Quantity: 1, CouponCode: req.CouponCode, UserID: req.UserID, Flow: FlowCommerce})
	if err != nil {
		return nil, err
	}
	if o.Amount != o.ListAmount {
		inv, err := s.cfg.Commerce.Invoices.Create(ctx, commerce.InvoiceCreateParams{
			Name: o.ProductName, Price: o.Amount, OriginalPrice: o.ListAmount, OrderID: o.ID, UserID: o.UserID,
			Metadata: map[string]any{"order_id": o.ID, "plan_key": o.ProductID, "promotion_code": o.CouponCode},
		})
		if err != nil {
			return nil, fmt.Errorf("%w: creating the invoice: %w", errGateway, err)
		}
		if _, err := s.db.Exec(ctx, `UPDATE orders SET invoice_id = ? WHERE id = ?`, inv.InvoiceID, o.ID); err != nil {
			return nil, err
		}
		o.InvoiceID = inv.InvoiceID
	}
	return &PlanOrder{OrderID: o.ID, OrderName: o.ProductName, Price: o.Amount, PlanKey: o.ProductID, RequestID: o.InvoiceID, Status: o.Status}, nil
}

func (s *Server) servePlan(w http.ResponseWriter, r *http.Request) {
	var req PlanRequest
	if !readJSON(w, r, &req) {
		return
	}
	var err error
	if req.UserID, err = s.session(w, r); err != nil {
		s.writeError(w, "", err)
		return
	}
	res, err := s.CreatePlanOrder(r.Context(), req)
	if err != nil {
		s.writeError(w, "", err)
		return
	}
	writeJSON(w, http.StatusCreated, res)
}

// VerifyRequest is what the result page posts to /api/orders/verify with
// the checkout redirect's order_number.
type VerifyRequest struct {
	OrderNumber string `json:"order_number"`
	OrderID     string `json:"order_id"`
}

func (r VerifyRequest) orderID() string { return r.OrderID }

// VerifyCommerce is POST /api/orders/verify (the Commerce guide's 서버 검증), the
// buyer's own endpoint (serveCall checked that the session is the order's
// buyer's), and what Commerce's ORDER_PAID webhook runs (commercePaid): the
// Commerce order is looked up by its number and compared with the shop's
// order (price, paid, receipt_status 1, metadata.order_id) before the order
// is marked paid with bootpay_order_number stored. A paid Commerce order
// that names this order but carries another price (금액 위변조 의심) is
// refused (ErrMismatch) and refunded in full as a stray (refundMismatch):
// the shop's order is left pending, still payable, and the stray counts as
// refunded (STRAY_REFUNDED) only once Commerce applied the cancellation
// (cancelCommerce; the reconciler looks again until then). So is one that
// Verify refuses only for the refunds its cancellation requests show
// (cancelled_price), refunded in part at Commerce before the shop saw it
// (refundPartlyRefundedCheckout: ErrPaymentCancelled, an error logged).
// The buyer's session does not make the checkout the buyer's: a stranger
// can send the buyer a link to /commerce/result naming a forged checkout.
// One that names another order is refused and never cancelled — it may be
// another buyer's genuine purchase.
//
// A checkout with an open cancellation request (Verify's Mismatch
// "cancellation_requested": the buyer asked Commerce for the money back,
// and the store has not decided yet) gets no verdict: nothing is
// cancelled, no verdict is recorded, and the answer is
// errCancellationRequested, which the redirect answers 503 (verify again
// later), ORDER_PAID with a 5xx (delivered again) and the reconciler by
// looking again. The wait is recorded (attemptCancellationRequested, with
// the order number), so that the reconciler looks the checkout up until
// the request is decided however old the order is (reconcileOpenRequests:
// Config.PendingLookback does not end it); the first answer that is a
// verdict, or the order paid, marks it decided
// (attemptCancellationDecided). Once the request is rejected or withdrawn
// the checkout verifies as any other; once approved, its refund shows
// (cancelled_price, or the order cancelled) and it is refused as a
// refunded checkout is.
func (s *Server) VerifyCommerce(ctx context.Context, req VerifyRequest) (_ *Order, err error) {
	if req.OrderNumber == "" || req.OrderID == "" {
		return nil, ErrBadRequest
	}
	ctx, cancel := s.detach(ctx)
	defer cancel()
	defer func() {
		if err == nil || commerceVerdict(err) {
			s.cancellationDecided(ctx, req.OrderID, req.OrderNumber)
		}
	}()
	o, err := s.flowOrder(ctx, req.OrderID, FlowCommerce)
	if err != nil {
		return nil, err
	}
	if o.CommerceOrderNumber == req.OrderNumber {
		if (o.Status == StatusRefunding || o.Status == StatusRefunded) && o.Reason == ReasonAmountMismatch {
			return nil, fmt.Errorf("%w: the checkout is refunded", ErrMismatch)
		}
		return o, nil // verified before: the page reloaded
	}
	_, err = s.cfg.Commerce.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: req.OrderNumber, Amount: o.Amount, MerchantOrderID: o.ID})
	var mismatch *commerce.MismatchError
	if errors.As(err, &mismatch) && mismatch.Has("cancellation_requested") {
		// Being refunded, not refunded: no verdict until the request is
		// decided (see errCancellationRequested). Orders.Verify reads the
		// requests only of a checkout that otherwise matches this order
		// (its price, paid, metadata.order_id): a stranger's checkout
		// naming another order is refused, never recorded against this one.
		s.cancellationRequested(ctx, o.ID, req.OrderNumber)
		return nil, fmt.Errorf("%w: Commerce order %s: %w", errCancellationRequested, req.OrderNumber, err)
	}
	if errors.As(err, &mismatch) && forgedCheckout(mismatch) {
		if err := s.refundMismatch(ctx, o, req.OrderNumber); err != nil {
			return nil, err
		}
	}
	refunded, inFull := errors.As(err, &mismatch) && refundedOnly(mismatch), false
	switch {
	case refunded:
		// Verified but for the refunds its cancellation requests show:
		// refundPartlyRefundedCheckout decides.
		var rerr error
		if inFull, rerr = s.refundPartlyRefundedCheckout(ctx, o, req.OrderNumber); rerr != nil {
			return nil, rerr
		}
	case errors.As(err, &mismatch):
		s.attempt(ctx, o.ID, "commerce", req.OrderNumber, "REFUSED", ReasonAmountMismatch)
		return nil, fmt.Errorf("%w: %w", ErrMismatch, err)
	case errors.Is(err, commerce.ErrNotFound):
		return nil, errNoCommerceOrder
	case err != nil:
		return nil, fmt.Errorf("%w: %w", errGateway, err)
	}
	res, err := s.adoptUnlessRefunded(ctx, o.ID, "commerce_order_number", req.OrderNumber, inFull)
	if err != nil {
		return nil, err
	}
	if res == adoptCancelled {
		// Cancelled at Commerce after the lookup above (its ORDER_CANCELLED
		// webhook recorded it), or refunded in full before the shop saw
		// it as far as its cancellation requests tell (then recorded as
		// a stray until Commerce's order shows it): the order is not paid
		// with it.
		return nil, ErrPaymentCancelled
	}
	if res == adoptRefused {
		// A second checkout for an order paid with the first: refunded.
		if err := s.refundStray(ctx, o, req.OrderNumber); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%w: the order is paid with another Commerce order", ErrReceiptInUse)
	}
	return s.Order(ctx, o.ID)
}

// refundPartlyRefundedCheckout refuses Commerce order number, which
// matches order o (its price, paid, receipt_status 1, its metadata) but
// which Orders.Verify refused for its refunds (cancelled_price), when part
// of its price, not all of it, was refunded already: the store's 부분취소 in
// its console before the shop saw the checkout. Commerce's order still
// reads paid at its price with its payment paid; the refund shows only in
// its cancellation requests (commerce.CancellationList.Refunded), which
// are read again here, as the amount to act on. The order cannot keep a payment
// Commerce holds only part of: the rest is refunded as a stray
// (refundStray; cancelCommerce asks for the price less what was refunded),
// the order is left pending, still payable, and an error is logged — money
// was taken and partly returned for an order never fulfilled, and a person
// may want to tell the buyer. The answer is ErrPaymentCancelled, a verdict
// (ORDER_PAID is acknowledged; the stray's refund is the reconciler's to
// retry).
//
// A list that cannot be read is a lookup failure (errGateway: the redirect
// fails, ORDER_PAID is delivered again, the reconciler looks again), never
// "no refund". The requests' status values are UNCONFIRMED (see
// commerce.CancellationRequest.Applied): a rejection written under an
// unknown value reads as a refund, so the checkout is not fulfilled and the
// request for the rest asks for less than Commerce holds, never more (see
// cancelCommerce). A checkout the order holds by the time its row is locked
// (paid with it meanwhile) is the order's: nil, and adopt finds the order
// paid. A checkout its requests read refunded in full (its order lagging
// them, or a rejection read as applied) reports inFull and nothing is sent
// here: adoptUnlessRefunded does not pay the order with it, and records it
// as a stray (logged at error level) that the reconciler looks at until
// Commerce's order shows the refund.
func (s *Server) refundPartlyRefundedCheckout(ctx context.Context, o *Order, number string) (inFull bool, err error) {
	list, err := s.cfg.Commerce.OrderCancellations.List(ctx, commerce.CancellationListParams{OrderNumber: number})
	if err != nil {
		return false, fmt.Errorf("%w: reading the cancellation requests of Commerce order %s: %w", errGateway, number, err)
	}
	refunded, _ := list.Refunded()
	switch {
	case refunded <= 0:
		// Orders.Verify read a refund a moment ago: two reads that
		// disagree settle nothing. The redirect fails and the webhook or
		// the reconciler looks again.
		return false, fmt.Errorf("%w: the cancellation requests of Commerce order %s changed between two reads", errGateway, number)
	case refunded >= o.Amount:
		// All of it, as far as the requests tell: nothing remains to ask
		// for, and adoptUnlessRefunded keeps it as a stray until
		// Commerce's order shows the refund.
		return true, nil
	}
	own, err := s.refundStrayLogged(ctx, o, number, slog.LevelError,
		"a Commerce checkout refunded in part before the shop saw it is not fulfilled: the rest is refunded as a stray and the order left payable",
		"refunded", refunded)
	if err != nil || own {
		return false, err
	}
	return false, fmt.Errorf("%w: Commerce order %s was refunded in part (%d won) before the shop saw it; the rest is refunded", ErrPaymentCancelled, number, refunded)
}

// refundedOnly reports a Commerce order that Orders.Verify refused only
// because its applied cancellation requests sum above zero
// (cancelled_price): its price, status, receipt_status and metadata
// match. The payment result may read 결제취소 완료 (result_data.status 20)
// beside it, as a PG reports a 부분취소 too.
func refundedOnly(m *commerce.MismatchError) bool {
	for _, f := range m.Mismatches {
		partlyCancelledResult := f.Field == "result_data.status" && f.Actual == commerce.ReceiptCancelled.String()
		if f.Field != "cancelled_price" && !partlyCancelledResult {
			return false
		}
	}
	return m.Has("cancelled_price")
}

// forgedCheckout reports a Commerce order whose payment went through
// (receipt_status 1) that names the shop's order in its metadata but
// carries another price: money taken that the order cannot keep. One
// naming another order (or none) is not the shop's to refund, and one not
// paid holds nothing to refund.
func forgedCheckout(m *commerce.MismatchError) bool {
	return m.Order != nil && m.Order.ReceiptStatus == commerce.ReceiptPaid && m.Has("price") && !m.Has("metadata.order_id")
}

// onCommerce is POST /webhooks/commerce (webhook.CommerceHandler), seed
// 001's "웹훅으로 주문 상태 동기화". The handler has already looked the order
// up at Commerce and checked that it agrees with the event (CommerceLookup),
// and runs this once per event across instances (webhook_keys).
//
//   - ORDER_PAID completes the shop's order its metadata.order_id names,
//     as VerifyCommerce does (looked up and compared, then adopted): the
//     buyer who paid and never reached redirect_url (a closed tab, a dead
//     WebView) still gets the order. A checkout of another price naming
//     it is refunded as a stray, and the order stays payable: the
//     metadata is the browser's to set.
//   - A cancelled or returned Commerce order (ORDER_CANCELLED, 환불 웹훅) is
//     recorded and decided under the order's row lock
//     (cancelledAtGateway): the order paid with it ends refunded, and a
//     verification still under way refuses it.
//
// Any other event changes nothing here. Its work is bounded well within
// the webhook's lease (callback).
func (s *Server) onCommerce(ctx context.Context, d *webhook.CommerceDelivery) error {
	ctx, cancel := s.callback(ctx)
	defer cancel()
	switch {
	case d.Order.Status == commerce.OrderCancelled || d.Order.Status == commerce.OrderReturned,
		d.Event.Kind() == webhook.CommerceOrderCancelled:
		// An ORDER_CANCELLED the lookup confirmed is a full refund even
		// while the order's own status still reads paid (its payment
		// cancelled, receipt_status 20): its key carries no amount, so the
		// later delivery once the status catches up runs nothing.
		return s.cancelledAtGateway(ctx, "commerce_order_number", d.Order.OrderNumber, d.Order.Metadata.String("order_id"))
	case d.Event.Kind() == webhook.CommerceOrderPaid || d.Event.Kind() == webhook.CommerceSubscriptionPaid:
		// One key for an order's payment, whichever kind reports it (a
		// plan's first payment may come as SUBSCRIPTION_PAID): fulfil on
		// either, or the key would be done with nothing fulfilled.
		return s.commercePaid(ctx, d.Order)
	}
	return nil
}

// errCancellationRequested is VerifyCommerce's answer for a checkout
// with an open cancellation request (commerce.CancellationRequest.Open):
// its money is being asked back, so fulfilling it would deliver goods the
// store's approval then refunds, and refusing it for good would leave the
// order unpaid should the store reject the request. It is no verdict:
// only the wait is recorded (cancellationRequested), and the redirect, the
// webhook and the reconciler verify the checkout again later — the
// reconciler until the request is decided, whatever the order's age
// (reconcileOpenRequests).
//
// https://commerce.bootpay.ai/orders/detail
var errCancellationRequested = errors.New("결제 취소 요청이 처리 중이에요. 잠시 후 다시 확인해 주세요 (a cancellation of the payment is requested: it is verified again once the request is decided)")

// cancellationRequested records that Commerce order number, which names
// order id, waits on an open cancellation request (errCancellationRequested):
// one attemptCancellationRequested row while the request is open, made
// under the order's row lock, and stamped looked up now (VerifyCommerce has
// just read it). A failure is logged: the redirect, ORDER_PAID's
// redelivery and the reconciler's pending lookups still verify the
// checkout again, and record it then.
func (s *Server) cancellationRequested(ctx context.Context, id, number string) {
	err := s.db.inTx(ctx, func(t tx) error {
		if _, err := t.lock(ctx, id); err != nil {
			return err
		}
		now := t.d.nowMillis
		_, err := t.exec(ctx, `INSERT INTO payment_attempts (id, order_id, gateway, reference, status, detail, created_at, looked_up_at)
			SELECT ?, ?, ?, ?, ?, '', `+now+`, `+now+`
			WHERE NOT EXISTS (SELECT 1 FROM payment_attempts WHERE order_id = ? AND reference = ? AND status = ?)`,
			rand.Text(), id, "commerce", number, attemptCancellationRequested, id, number, attemptCancellationRequested)
		return err
	})
	if err != nil {
		s.log.Warn("recording a checkout waiting on a cancellation request failed", "order_id", id, "order_number", number, "error", err)
	}
}

// cancellationDecided marks Commerce order number's wait on a
// cancellation request for order id over (attemptCancellationDecided):
// VerifyCommerce reached a verdict on it, so the request is decided — an
// open one answers errCancellationRequested, never a verdict — or the
// order is paid with it. The reconciler then stops looking it up. A
// failure is logged; the reconciler looks again and VerifyCommerce marks
// it then.
func (s *Server) cancellationDecided(ctx context.Context, id, number string) {
	if _, err := s.db.Exec(ctx, `UPDATE payment_attempts SET status = ? WHERE order_id = ? AND reference = ? AND status = ?`,
		attemptCancellationDecided, id, number, attemptCancellationRequested); err != nil {
		s.log.Warn("recording a cancellation request decided failed", "order_id", id, "order_number", number, "error", err)
	}
}

// errNoCommerceOrder is VerifyCommerce's answer when Commerce has no order
// of the number given: ErrUnknownOrder for the browser, told apart by
// commercePaid, whose caller has just found the order.
var errNoCommerceOrder = fmt.Errorf("%w: Commerce has no such order", ErrUnknownOrder)

// commercePaid completes the shop's order a paid Commerce order names, as
// the redirect's POST /api/orders/verify does (VerifyCommerce; a forged
// price is refunded as a stray). A refusal is a verdict
// (acknowledged); a gateway or database failure is not, so Commerce
// delivers the event again.
//
// Commerce answering 404 for co is no verdict here: co was just found (by
// the webhook's lookup, webhook.CommerceLookup, or the reconciler's list),
// so a 404 from VerifyCommerce's lookup right after is a read that lags or
// went astray. It is an errGateway: the key is not marked done, and
// Commerce's redelivery or the reconciler looks again. Acknowledging it
// would leave a paid order pending for good.
func (s *Server) commercePaid(ctx context.Context, co *commerce.Order) error {
	id := co.Metadata.String("order_id")
	if id == "" {
		s.log.Warn("Commerce ORDER_PAID names no order of this shop", "order_number", co.OrderNumber)
		return nil
	}
	_, err := s.VerifyCommerce(ctx, VerifyRequest{OrderNumber: co.OrderNumber, OrderID: id})
	if errors.Is(err, errNoCommerceOrder) {
		// Retried (a lagging read settles on a redelivery), but told: if
		// it never settles, Commerce's retries end with the order paid
		// there and pending here.
		s.log.Warn("Commerce ORDER_PAID: the order read 404 right after it was found; answered for a redelivery",
			"order_id", id, "order_number", co.OrderNumber)
		return fmt.Errorf("%w: Commerce order %s read 404 right after it was found: %w", errGateway, co.OrderNumber, err)
	}
	if commerceVerdict(err) {
		s.log.Warn("Commerce ORDER_PAID refused", "order_id", id, "order_number", co.OrderNumber, "error", err)
		return nil
	}
	return err
}

// commerceVerdict reports a refusal of VerifyCommerce that settles the
// checkout (ORDER_PAID is acknowledged): not a lookup that failed, a 404
// right after the order was found (errNoCommerceOrder), or a checkout
// waiting on a cancellation request (errCancellationRequested).
func commerceVerdict(err error) bool {
	if errors.Is(err, errNoCommerceOrder) {
		return false
	}
	for _, verdict := range []error{ErrUnknownOrder, ErrWrongFlow, ErrMismatch, ErrReceiptInUse, ErrPaymentCancelled, ErrBadRequest} {
		if errors.Is(err, verdict) {
			return true
		}
	}
	return false
}
