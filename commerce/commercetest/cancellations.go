package commercetest

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/internal/sandbox"
)

// Cancellation request statuses the sandbox writes. Commerce's API docs
// give no values; 2 (거절됨) follows its console's labels and the others are
// the sandbox's own (all UNCONFIRMED).
const (
	CancellationRequested = 1
	CancellationRejected  = 2
	CancellationApproved  = 3
	CancellationWithdrawn = 4
)

// cancellation is one order cancellation request.
type cancellation struct {
	id, orderID, orderNumber, cancelID string
	price, taxFree                     int64
	requester, message                 string
	immediately                        bool
	status                             int
	actionMessage                      string
	createdAt, actionAt, withdrawnAt   time.Time
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (c *cancellation) wire() cancellationWire {
	return cancellationWire{
		ID: c.id, OrderID: c.orderID, OrderNumber: c.orderNumber, CancelID: c.cancelID, Status: c.status,
		CancelPrice: c.price, CancelTaxFree: c.taxFree, Requester: c.requester, Message: c.message,
		Immediately: c.immediately, ActionMessage: c.actionMessage, ActionAt: stamp(c.actionAt),
		WithdrawnAt: stamp(c.withdrawnAt), CreatedAt: stamp(c.createdAt),
	}
}

// handleCancelRequest serves POST /v1/order/cancel. The checks, in order:
// the body (442 API_PARAM_INVALID: JSON, order_number, a positive whole
// cancel_price); the order (404 ORDER_NOT_FOUND); the cancel_id not used
// for this order before (409 PROCESS_DUPLICATED); the order paid and the
// price within what remains (400 ORDER_CANCEL_NOT_ALLOWED). With
// cancel_immediately the order is cancelled at once (status 10,
// receipt_status 20 once nothing remains); otherwise the request waits
// for approve, reject or withdraw.
func (s *Server) handleCancelRequest(_ *http.Request, body []byte) sandbox.Response {
	var req cancelRequestWire
	if err := sandbox.DecodeObject(body, &req); err != nil || req.OrderNumber == "" || req.Parameters == nil {
		return s.errorResponse(CodeParamInvalid, "order_number와 request_cancel_parameters가 필요합니다.")
	}
	p := req.Parameters
	var price int64
	if err := json.Unmarshal(p.CancelPrice, &price); err != nil || price <= 0 || p.CancelTaxFree < 0 || p.CancelTaxFree > price {
		return s.errorResponse(CodeParamInvalid, "cancel_price는 양의 정수여야 합니다.")
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.lookupLocked(req.OrderNumber)
	if o == nil {
		return s.errorResponse(CodeOrderNotFound, "")
	}
	for _, c := range s.cancels {
		if p.CancelID != "" && c.orderID == o.id && c.cancelID == p.CancelID {
			return s.errorResponse(CodeProcessDuplicated, "이미 같은 cancel_id로 요청된 취소입니다.")
		}
	}
	if !o.status.Paid() || o.receiptStatus != commerce.ReceiptPaid || price > o.price-o.cancelledPrice {
		return s.errorResponse(CodeCancelNotAllowed, "")
	}
	c := &cancellation{
		id: s.nextID(), orderID: o.id, orderNumber: o.number, cancelID: p.CancelID, price: price, taxFree: p.CancelTaxFree,
		requester: p.Requester, message: p.Message, immediately: p.Immediately, status: CancellationRequested, createdAt: now,
	}
	s.cancels = append(s.cancels, c)
	s.stats.Count(func(st *Stats) { st.CancellationsRequested++ })
	if p.Immediately {
		s.applyCancelLocked(c, o, now, "")
	}
	return sandbox.JSON(http.StatusOK, c.wire())
}

// applyCancelLocked refunds a cancellation: the order's cancelled amount
// grows, and once nothing remains it is cancelled (10) with its payment
// (20).
func (s *Server) applyCancelLocked(c *cancellation, o *order, now time.Time, message string) {
	c.status, c.actionAt, c.actionMessage = CancellationApproved, now, message
	o.cancelledPrice += c.price
	if o.cancelledPrice >= o.price {
		o.status, o.receiptStatus = commerce.OrderCancelled, commerce.ReceiptCancelled
	}
	s.stats.Count(func(st *Stats) { st.CancellationsApplied++ })
}

// handleCancelList serves GET /v1/order/cancel?order_id=&order_number=: the
// order's requests, oldest first, in the configured list shape.
func (s *Server) handleCancelList(r *http.Request, _ []byte) sandbox.Response {
	q := r.URL.Query()
	if q.Get("order_id") == "" && q.Get("order_number") == "" {
		return s.errorResponse(CodeParamInvalid, "order_id 또는 order_number가 필요합니다.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []cancellationWire
	for _, c := range s.cancels {
		if (q.Get("order_id") == "" || c.orderID == q.Get("order_id")) && (q.Get("order_number") == "" || c.orderNumber == q.Get("order_number")) {
			out = append(out, c.wire())
		}
	}
	return listResponse(s, out, len(out))
}

type decisionKind int

const (
	withdraw decisionKind = iota
	approve
	reject
)

// decision serves PUT /v1/order/cancel/{id}/withdraw|approve|reject on an
// open request (400 ORDER_CANCEL_NOT_ALLOWED otherwise): withdraw and
// reject close it, approve refunds the order.
func (s *Server) decision(kind decisionKind) func(r *http.Request, body []byte) sandbox.Response {
	return func(r *http.Request, body []byte) sandbox.Response {
		var req decisionWire
		if err := sandbox.DecodeObject(body, &req); err != nil {
			return s.errorResponse(CodeParamInvalid, "요청 본문은 JSON 객체여야 합니다.")
		}
		now := s.now()
		s.mu.Lock()
		defer s.mu.Unlock()
		c := s.cancellationLocked(r.PathValue("id"))
		switch {
		case c == nil:
			return s.errorResponse(CodeCancellationNotFound, "")
		case c.status != CancellationRequested:
			return s.errorResponse(CodeCancelNotAllowed, "이미 처리된 취소 요청입니다.")
		}
		switch kind {
		case withdraw:
			c.status, c.withdrawnAt = CancellationWithdrawn, now
		case reject:
			c.status, c.actionAt, c.actionMessage = CancellationRejected, now, req.Message
		case approve:
			o := s.orders[c.orderID]
			if o.cancelledPrice+c.price > o.price {
				return s.errorResponse(CodeCancelNotAllowed, "")
			}
			s.applyCancelLocked(c, o, now, req.Message)
		}
		return sandbox.JSON(http.StatusOK, c.wire())
	}
}

func (s *Server) cancellationLocked(id string) *cancellation {
	for _, c := range s.cancels {
		if c.id == id {
			return c
		}
	}
	return nil
}
