package commercetest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/internal/jsonx"
	"github.com/paykit-kr/paykit/internal/sandbox"
)

// order is the sandbox's state of one order.
type order struct {
	id, number, name    string
	price, taxFree      int64
	status              commerce.OrderStatus
	receiptStatus       commerce.ReceiptStatus
	receiptID, userID   string
	metadata            map[string]any
	cardCompany, cardNo string
	subscriptions       []subscriptionSpec
	createdAt, paidAt   time.Time
	invoiceID           string
	cancelledPrice      int64
	receiptResult       bool // WithReceiptResultStatus: result_data.status reads 20 once any of it is cancelled
}

// OrderSpec describes an order for [Server.CreateOrder]. Zero values take
// defaults: a paid card order (status 2, receipt_status 1) of 1000 won.
type OrderSpec struct {
	Name          string
	Price         int64
	TaxFree       int64
	Status        *commerce.OrderStatus
	ReceiptStatus *commerce.ReceiptStatus
	UserID        string
	Metadata      map[string]any
	CardNo        string // "557042******1074" by default
	// Subscriptions adds order_subscriptions to the order.
	Subscriptions []SubscriptionSpec
	// OrderNumber is the order's number; a new 20-digit one when empty.
	// CreateOrder panics, like a failed test setup, when it is taken.
	OrderNumber string
	// CreatedAt is when the order was created and paid; the server's
	// clock when zero.
	CreatedAt time.Time
	// CancelledPrice is how much of the order is already cancelled, as a
	// partial cancellation leaves it.
	CancelledPrice int64
}

// SubscriptionSpec is one subscription of an order.
type SubscriptionSpec struct {
	Status          commerce.SubscriptionStatus
	CurrentDuration int
	TotalDuration   int
}

type subscriptionSpec struct {
	id string
	SubscriptionSpec
}

// Ptr returns a pointer to v, for the optional fields of a spec.
func Ptr[T any](v T) *T { return &v }

// OrderRef names an order the sandbox created.
type OrderRef struct {
	OrderID     string
	OrderNumber string
}

// CreateOrder adds an order, as a finished checkout would.
func (s *Server) CreateOrder(spec OrderSpec) OrderRef {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.createOrderLocked(spec, "")
}

func (s *Server) createOrderLocked(spec OrderSpec, invoiceID string) OrderRef {
	now := s.now()
	if !spec.CreatedAt.IsZero() {
		now = spec.CreatedAt
	}
	number := spec.OrderNumber
	if number == "" {
		number = s.orderNumber(now)
	} else if _, taken := s.numbers[number]; taken {
		panic("commercetest: CreateOrder: order number " + number + " already exists")
	}
	o := &order{
		id: s.nextID(), number: number, name: spec.Name, price: spec.Price, taxFree: spec.TaxFree, cancelledPrice: spec.CancelledPrice,
		status: commerce.OrderPaid, receiptStatus: commerce.ReceiptPaid, receiptID: s.nextID(),
		userID: spec.UserID, metadata: spec.Metadata, cardCompany: "KB국민", cardNo: spec.CardNo,
		createdAt: now, paidAt: now, invoiceID: invoiceID, receiptResult: s.cfg.receiptResult,
	}
	if o.name == "" {
		o.name = "구독상품 - 1회차"
	}
	if o.price == 0 {
		o.price = 1000
	}
	if o.cardNo == "" {
		o.cardNo = "557042******1074"
	}
	if spec.Status != nil {
		o.status = *spec.Status
	}
	if spec.ReceiptStatus != nil {
		o.receiptStatus = *spec.ReceiptStatus
	}
	for _, sub := range spec.Subscriptions {
		o.subscriptions = append(o.subscriptions, subscriptionSpec{s.nextID(), sub})
	}
	s.orders[o.id] = o
	s.numbers[o.number] = o.id
	return OrderRef{OrderID: o.id, OrderNumber: o.number}
}

// orderNumber is a 20-digit number like Commerce's: the date and time in
// KST, then random digits.
func (s *Server) orderNumber(now time.Time) string {
	for {
		n := now.In(jsonx.KST).Format("060102150405") + fmt.Sprintf("%08d", rand.IntN(1e8))
		if _, taken := s.numbers[n]; !taken {
			return n
		}
	}
}

// CheckoutSpec is what the buyer's browser did in [Server.CompleteCheckout]:
// the amount it paid (normally the invoice's price; anything else models a
// tampered checkout) and the metadata it sent.
type CheckoutSpec struct {
	Paid     int64
	Metadata map[string]any
	UserID   string
}

// CompleteCheckout completes a checkout started with an invoice's id as
// request_id: it creates a paid order from the invoice (its name, its
// price unless spec.Paid says otherwise, its metadata unless spec's) and
// marks the invoice paid. It panics on an unknown invoice, like a failed
// test setup.
func (s *Server) CompleteCheckout(invoiceID string, spec CheckoutSpec) OrderRef {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv := s.invoices[invoiceID]
	if inv == nil {
		panic("commercetest: CompleteCheckout: no invoice " + invoiceID)
	}
	o := OrderSpec{Name: inv.Name, Price: inv.Price, TaxFree: inv.TaxFreePrice, UserID: inv.UserID, Metadata: inv.Metadata}
	if spec.Paid != 0 {
		o.Price = spec.Paid
	}
	if spec.Metadata != nil {
		o.Metadata = spec.Metadata
	}
	if spec.UserID != "" {
		o.UserID = spec.UserID
	}
	ref := s.createOrderLocked(o, invoiceID)
	inv.Status = invoicePaid
	inv.OrderID = ref.OrderID
	return ref
}

// OrderState is an order as the sandbox holds it, for assertions.
type OrderState struct {
	OrderRef
	Price          int64
	CancelledPrice int64
	Status         commerce.OrderStatus
	ReceiptStatus  commerce.ReceiptStatus
}

// Order returns the state of the order with id or number, and false when
// there is none.
func (s *Server) Order(idOrNumber string) (OrderState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.lookupLocked(idOrNumber)
	if o == nil {
		return OrderState{}, false
	}
	return OrderState{OrderRef{o.id, o.number}, o.price, o.cancelledPrice, o.status, o.receiptStatus}, true
}

func (s *Server) lookupLocked(idOrNumber string) *order {
	if o := s.orders[idOrNumber]; o != nil {
		return o
	}
	return s.orders[s.numbers[idOrNumber]]
}

func (o *order) wire() orderWire {
	result := o.receiptStatus
	if o.receiptResult && o.cancelledPrice > 0 {
		result = commerce.ReceiptCancelled
	}
	w := orderWire{
		OrderID: o.id, OrderNumber: o.number, OrderName: o.name, Price: o.price, TaxFreePrice: o.taxFree,
		Status: int(o.status), ReceiptStatus: int(o.receiptStatus), ReceiptID: o.receiptID, UserID: o.userID,
		Metadata: o.metadata, PurchasedAt: o.paidAt.UTC().Format(time.RFC3339), CreatedAt: o.createdAt.UTC().Format(time.RFC3339),
		ResultData: resultDataWire{ReceiptID: o.receiptID, PG: "라이트페이", Method: "카드", Status: int(result),
			CardData: cardDataWire{CardCompany: o.cardCompany, CardNo: o.cardNo}},
	}
	if len(o.subscriptions) > 0 {
		w.OrderSubscriptions = &orderSubsWire{}
		for _, sub := range o.subscriptions {
			w.OrderSubscriptions.Subscriptions = append(w.OrderSubscriptions.Subscriptions,
				orderSubWire{sub.id, int(sub.Status), sub.CurrentDuration, sub.TotalDuration})
		}
	}
	return w
}

// handleOrderGet serves GET /v1/orders/{order_id}: by order id or number.
func (s *Server) handleOrderGet(r *http.Request, _ []byte) sandbox.Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.lookupLocked(r.PathValue("order_id"))
	if o == nil {
		return s.errorResponse(CodeOrderNotFound, "")
	}
	return sandbox.JSON(http.StatusOK, o.wire())
}

// handleOrderList serves GET /v1/orders with page, limit (at most 50),
// keyword (order number or name), user_id, status (comma-joined) and
// order_subscription_ids (comma-joined), newest order first.
func (s *Server) handleOrderList(r *http.Request, _ []byte) sandbox.Response {
	q := r.URL.Query()
	page, limit, resp, ok := s.pageQuery(q, 20)
	if !ok {
		return resp
	}
	statuses, ok := intSet(q.Get("status"))
	if !ok {
		return s.errorResponse(CodeParamInvalid, "status는 쉼표로 구분된 정수여야 합니다.")
	}
	subs := stringSet(q.Get("order_subscription_ids"))
	s.mu.Lock()
	defer s.mu.Unlock()
	var matched []orderWire
	for _, o := range s.sortedOrdersLocked() {
		switch {
		case len(statuses) > 0 && !statuses[int(o.status)],
			q.Get("user_id") != "" && o.userID != q.Get("user_id"),
			q.Get("keyword") != "" && !strings.Contains(o.number+" "+o.name, q.Get("keyword")),
			len(subs) > 0 && !o.hasSubscription(subs):
			continue
		}
		matched = append(matched, o.wire())
	}
	return listResponse(s, paged(matched, page, limit), len(matched))
}

// handleOrderMonth serves GET /v1/orders/month?user_group_id=&search_date=YYYY-MM:
// the orders created in that month as Korea counts it (user groups are not modelled). Commerce
// reads its dates in KST; grouping by the UTC month would put an order made between 00:00 and
// 09:00 KST on the 1st into the month before (how Commerce groups them is UNCONFIRMED).
func (s *Server) handleOrderMonth(r *http.Request, _ []byte) sandbox.Response {
	q := r.URL.Query()
	month, err := time.Parse("2006-01", q.Get("search_date"))
	if err != nil || q.Get("user_group_id") == "" {
		return s.errorResponse(CodeParamInvalid, "user_group_id와 search_date(YYYY-MM)가 필요합니다.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var matched []orderWire
	for _, o := range s.sortedOrdersLocked() {
		if o.createdAt.In(jsonx.KST).Format("2006-01") == month.Format("2006-01") {
			matched = append(matched, o.wire())
		}
	}
	return listResponse(s, matched, len(matched))
}

func (o *order) hasSubscription(ids map[string]bool) bool {
	for _, sub := range o.subscriptions {
		if ids[sub.id] {
			return true
		}
	}
	return false
}

// sortedOrdersLocked returns the orders newest first, ties by id.
func (s *Server) sortedOrdersLocked() []*order {
	out := make([]*order, 0, len(s.orders))
	for _, o := range s.orders {
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b *order) int {
		if c := b.createdAt.Compare(a.createdAt); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	return out
}

// pageOf reads page and limit; the sandbox clamps limit at 50 as Commerce
// does for orders.
func pageOf(pageText, limitText string, defLimit int) (page, limit int, ok bool) {
	page, limit = 1, defLimit
	var err error
	if pageText != "" {
		if page, err = strconv.Atoi(pageText); err != nil || page < 1 {
			return 0, 0, false
		}
	}
	if limitText != "" {
		if limit, err = strconv.Atoi(limitText); err != nil || limit < 1 {
			return 0, 0, false
		}
	}
	return page, min(limit, 50), true
}

// pageQuery reads the page and limit of a list request (pageOf), or
// answers 400 PARAM_INVALID.
func (s *Server) pageQuery(q url.Values, defLimit int) (page, limit int, resp sandbox.Response, ok bool) {
	page, limit, ok = pageOf(q.Get("page"), q.Get("limit"), defLimit)
	if !ok {
		return 0, 0, s.errorResponse(CodeParamInvalid, "page와 limit은 양의 정수여야 합니다."), false
	}
	return page, limit, sandbox.Response{}, true
}

func paged[T any](items []T, page, limit int) []T {
	start := (page - 1) * limit
	if start >= len(items) {
		return []T{}
	}
	return items[start:min(start+limit, len(items))]
}

func intSet(text string) (map[int]bool, bool) {
	set := map[int]bool{}
	for _, part := range strings.Split(text, ",") {
		if part == "" {
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil {
			return nil, false
		}
		set[n] = true
	}
	return set, true
}

func stringSet(text string) map[string]bool {
	set := map[string]bool{}
	for _, part := range strings.Split(text, ",") {
		if part != "" {
			set[part] = true
		}
	}
	return set
}

// listResponse writes a page in the configured list shape.
func listResponse[T any](s *Server, items []T, total int) sandbox.Response {
	if items == nil {
		items = []T{}
	}
	if s.cfg.itemsTotal {
		return sandbox.JSON(http.StatusOK, itemsWire[T]{Items: items, Total: total})
	}
	return sandbox.JSON(http.StatusOK, listWire[T]{List: items, Count: total})
}
