package portonetest

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/portone"
)

// paymentEvent is one movement of money the sandbox recorded (결제 이벤트), listed by GET
// /payment-events-by-cursor by when it happened: a payment that became PAID, a 부분취소, a full
// cancel. The payment's other properties are shown as the payment reads when listed; its amounts
// as they read just after the event.
type paymentEvent struct {
	seq          int64 // recording order, for ties in createdAt and the cursor
	id           string
	typ          portone.PaymentEventType
	p            *payment
	at           time.Time         // createdAt: when the money moved, by the server's clock
	amount       int64             // eventAmount: the total paid, or minus the amount cancelled
	totals       amountJSON        // the payment's amount object just after the event
	cancellation *cancellationJSON // the cancellation of a cancel event
}

// render writes e as PortOne's PaymentEvent JSON.
func (e *paymentEvent) render() json.RawMessage {
	p := e.p
	v := paymentEventJSON{
		Type: string(e.typ), ID: e.id, PaymentID: p.id, TransactionID: p.txID, MerchantID: p.merchantID,
		StoreID: p.storeID, Channel: p.channel, Version: "V2", ScheduleID: p.scheduleID, RequestedAt: p.requestedAt,
		CreatedAt: e.at, OrderName: p.orderName, TotalAmount: e.totals, Currency: p.currency, Customer: p.customer,
		Products: p.products, CustomData: p.customData, PGTxID: p.pgTxID, ReceiptURL: p.receiptURL,
		Cancellation: e.cancellation, EventAmount: e.amount, Origin: p.origin,
	}
	if p.method != nil {
		v.Method = p.method.raw
	}
	if e.typ == portone.PaymentEventTypePaid {
		v.Disputes = &[]struct{}{}
	}
	return mustJSON(v)
}

// recordPaidLocked records that p became PAID at now: a PAID event for its whole total, with
// nothing cancelled yet (a payment is paid once, before any cancel). Every path that makes a
// payment PAID calls it: [Server.CreatePayment] (and the browser stand-in through it),
// chargeLocked (billing-key payments and due schedules) and [Server.Deposit]. The caller holds s.mu.
func (s *Server) recordPaidLocked(p *payment, now time.Time) {
	totals := p.amounts()
	totals.Cancelled, totals.CancelledTaxFree = 0, 0
	s.recordEventLocked(&paymentEvent{typ: portone.PaymentEventTypePaid, p: p, at: now, amount: p.total, totals: totals})
}

// recordCancelLocked records the SUCCEEDED cancellation c of p, already applied at now:
// CANCELLED once nothing is left, PARTIAL_CANCELLED (부분취소) otherwise, for minus its amount.
// [Server.CreatePayment] and POST /payments/{paymentId}/cancel call it. The caller holds s.mu.
func (s *Server) recordCancelLocked(p *payment, c cancellationJSON, now time.Time) {
	typ := portone.PaymentEventTypePartialCancelled
	if p.status == portone.PaymentStatusCancelled {
		typ = portone.PaymentEventTypeCancelled
	}
	s.recordEventLocked(&paymentEvent{typ: typ, p: p, at: now, amount: -c.TotalAmount, totals: p.amounts(), cancellation: &c})
}

// recordEventLocked numbers e, gives it an id and keeps it. The caller holds s.mu.
func (s *Server) recordEventLocked(e *paymentEvent) {
	e.seq, e.id = int64(len(s.events))+1, sandbox.NewUUID()
	s.events = append(s.events, e)
	s.stats.Count(func(st *Stats) { st.PaymentEventsRecorded++ })
}

// accessibleStores is the set of stores the credentials may act on: their own and the
// [WithSubStores].
func (s *Server) accessibleStores() map[string]bool {
	stores := map[string]bool{s.cfg.storeID: true}
	for _, sub := range s.cfg.subStores {
		stores[sub] = true
	}
	return stores
}

// handlePaymentEventCursor serves GET /payment-events-by-cursor: the payment events created
// (createdAt) within [from, until], both ends inclusive as in GET /payments-by-cursor, oldest
// first (ties in recording order); each item carries its cursor, and a request with a cursor
// continues after that item. Without storeId it lists every store the credentials may access, as
// the schema says for merchant users ("지정되지 않은 경우 고객사 전체 결제 이벤트를 조회합니다"); with
// one, that store's (403 FORBIDDEN for a store they may not access). Due payment schedules run
// first, so their payments' PAID events are listed.
func (s *Server) handlePaymentEventCursor(rq *request, body []byte) sandbox.Response {
	q, bad := s.readCursorQuery(rq, body, eventCursorTag)
	if bad != nil {
		return *bad
	}
	stores := map[string]bool{q.store: true}
	if !q.named {
		stores = s.accessibleStores()
	}

	now := s.stamp()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runDueSchedulesLocked(now)
	var matched []*paymentEvent
	for _, e := range s.events {
		if stores[e.p.storeID] && q.inWindow(e.at) && q.after(e.at, e.seq) {
			matched = append(matched, e)
		}
	}
	// Recorded in order, but a fake clock may have been set back.
	slices.SortFunc(matched, func(a, b *paymentEvent) int { return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.seq, b.seq)) })
	resp := eventCursorResponse{Items: []paymentEventWithCursor{}}
	for i := 0; i < len(matched) && i < q.size; i++ {
		e := matched[i]
		resp.Items = append(resp.Items, paymentEventWithCursor{PaymentEvent: e.render(), Cursor: cursorAt(eventCursorTag, e.at, e.seq)})
	}
	return sandbox.JSON(http.StatusOK, resp)
}
