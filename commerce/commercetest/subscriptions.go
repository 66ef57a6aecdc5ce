package commercetest

import (
	"net/http"
	"slices"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/internal/sandbox"
)

// contract is the sandbox's state of one subscription contract.
type contract struct {
	id, orderNumber, userID, name string
	price                         int64
	status                        commerce.SubscriptionStatus
	chargeKey                     string
	revoked                       bool
	pausedAt, expectedResumeAt    string
	created                       int // creation sequence, for a stable order
}

// ContractSpec describes a subscription contract for
// [Server.CreateSubscription]. Zero values take defaults: an active
// contract of 9900 won a cycle.
type ContractSpec struct {
	UserID string
	Name   string
	Price  int64
	Status *commerce.SubscriptionStatus
}

// ContractRef names a contract the sandbox created, with the charge key an
// on-demand charge spends.
type ContractRef struct {
	OrderSubscriptionID string
	OrderNumber         string
	ChargeKey           commerce.ChargeKey
}

// CreateSubscription adds a subscription contract, as a finished
// subscription checkout would, with its charge key.
func (s *Server) CreateSubscription(spec ContractSpec) ContractRef {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &contract{id: s.nextID(), orderNumber: s.orderNumber(s.now()), userID: spec.UserID, name: spec.Name,
		price: spec.Price, status: commerce.SubscriptionActive, chargeKey: "sandbox-charge-" + sandbox.RandomHex(8), created: len(s.contracts)}
	if c.name == "" {
		c.name = "정기구독"
	}
	if c.price == 0 {
		c.price = 9900
	}
	if spec.Status != nil {
		c.status = *spec.Status
	}
	s.contracts[c.id] = c
	s.numbers[c.orderNumber] = "" // reserve the number
	return ContractRef{c.id, c.orderNumber, commerce.ChargeKey(c.chargeKey)}
}

// SubscriptionStatus returns a contract's status, and false when there is
// none.
func (s *Server) SubscriptionStatus(id string) (commerce.SubscriptionStatus, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.contracts[id]
	if c == nil {
		return 0, false
	}
	return c.status, true
}

func (c *contract) wire() contractWire {
	return contractWire{ID: c.id, OrderNumber: c.orderNumber, OrderName: c.name, Status: int(c.status), UserID: c.userID,
		Price: c.price, PausedAt: c.pausedAt, ExpectedResumeAt: c.expectedResumeAt}
}

// handleSubscriptionList serves GET /v1/order_subscriptions: the contracts
// (status comma-joined, user_id, order_number) with the counters Commerce
// adds (count, sum_active, sum_pause, sum_terminated).
func (s *Server) handleSubscriptionList(r *http.Request, _ []byte) sandbox.Response {
	q := r.URL.Query()
	page, limit, ok := pageOf(q.Get("page"), q.Get("limit"), 20)
	statuses, okStatus := intSet(q.Get("status"))
	if !ok || !okStatus {
		return s.errorResponse(CodeParamInvalid, "page, limit, status가 올바르지 않습니다.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	all := slices.SortedFunc(mapValues(s.contracts), func(a, b *contract) int { return a.created - b.created })
	var matched []contractWire
	counts := map[commerce.SubscriptionStatus]int{}
	for _, c := range all {
		counts[c.status]++
		switch {
		case len(statuses) > 0 && !statuses[int(c.status)],
			q.Get("user_id") != "" && c.userID != q.Get("user_id"),
			q.Get("order_number") != "" && c.orderNumber != q.Get("order_number"):
			continue
		}
		matched = append(matched, c.wire())
	}
	items := paged(matched, page, limit)
	if items == nil {
		items = []contractWire{}
	}
	return sandbox.JSON(http.StatusOK, contractListWire{List: items, Count: len(matched), SumActive: counts[commerce.SubscriptionActive],
		SumPause: counts[commerce.SubscriptionPaused], SumTerminated: counts[commerce.SubscriptionTerminated]})
}

// handleSubscriptionGet serves GET /v1/order_subscriptions/{id}.
func (s *Server) handleSubscriptionGet(r *http.Request, _ []byte) sandbox.Response {
	return withStored(s, s.contracts, r.PathValue("id"), CodeSubscriptionNotFound, func(c *contract) sandbox.Response {
		return sandbox.JSON(http.StatusOK, c.wire())
	})
}

// transition serves the store's decisions on a contract: pause (active →
// paused, paused_at required), resume (paused → active) and terminate
// (anything but terminated → terminated). Any other move is refused with
// 400 and changes nothing.
func (s *Server) transition(to commerce.SubscriptionStatus) func(r *http.Request, body []byte) sandbox.Response {
	return func(r *http.Request, body []byte) sandbox.Response {
		var req transitionWire
		if err := sandbox.DecodeObject(body, &req); err != nil {
			return s.errorResponse(CodeParamInvalid, "본문은 JSON 객체여야 합니다.")
		}
		if to == commerce.SubscriptionPaused && req.PausedAt == "" {
			return s.errorResponse(CodeParamInvalid, "paused_at이 필요합니다.")
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		c := s.contracts[r.PathValue("id")]
		if c == nil {
			return s.errorResponse(CodeSubscriptionNotFound, "")
		}
		allowed := map[commerce.SubscriptionStatus]bool{
			commerce.SubscriptionPaused:     c.status == commerce.SubscriptionActive,
			commerce.SubscriptionActive:     c.status == commerce.SubscriptionPaused,
			commerce.SubscriptionTerminated: c.status != commerce.SubscriptionTerminated,
		}[to]
		if !allowed {
			code := CodeSubscriptionStatusInvalid
			if to == commerce.SubscriptionActive {
				code = CodeResumeUnable
			}
			return s.errorResponse(code, "")
		}
		c.status = to
		c.pausedAt, c.expectedResumeAt = "", ""
		if to == commerce.SubscriptionPaused {
			c.pausedAt, c.expectedResumeAt = req.PausedAt, req.ExpectedResumeAt
		}
		s.stats.Count(func(st *Stats) { st.SubscriptionTransitions++ })
		return sandbox.JSON(http.StatusOK, c.wire())
	}
}

// handleCharge serves POST /v1/order_subscriptions/charge: it charges the
// contract whose charge key the body carries, creating a paid order.
func (s *Server) handleCharge(_ *http.Request, body []byte) sandbox.Response {
	var req chargeWire
	if err := sandbox.DecodeObject(body, &req); err != nil || req.ChargeKey == "" || req.Price <= 0 || req.TaxFreePrice < 0 || req.TaxFreePrice > req.Price {
		return s.errorResponse(CodeParamInvalid, "charge_key와 양의 price가 필요합니다.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.contractByKeyLocked(req.ChargeKey)
	if c == nil || c.status != commerce.SubscriptionActive {
		return s.errorResponse(CodeSubscriptionNotFound, "")
	}
	ref := s.createOrderLocked(OrderSpec{Name: c.name, Price: req.Price, TaxFree: req.TaxFreePrice, UserID: c.userID, Metadata: req.Metadata}, "")
	o := s.orders[ref.OrderID]
	s.stats.Count(func(st *Stats) { st.ChargesApplied++ })
	return sandbox.JSON(http.StatusOK, chargeResultWire{OrderID: o.id, OrderNumber: o.number, ReceiptID: o.receiptID, Price: o.price,
		Status: int(o.status), ReceiptStatus: int(o.receiptStatus)})
}

// handleRevokeChargeKey serves DELETE /v1/order_subscriptions/charge.
func (s *Server) handleRevokeChargeKey(_ *http.Request, body []byte) sandbox.Response {
	var req chargeWire
	if err := sandbox.DecodeObject(body, &req); err != nil || req.ChargeKey == "" {
		return s.errorResponse(CodeParamInvalid, "charge_key가 필요합니다.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.contractByKeyLocked(req.ChargeKey)
	if c == nil {
		return s.errorResponse(CodeSubscriptionNotFound, "")
	}
	c.revoked = true
	return success()
}

func (s *Server) contractByKeyLocked(key string) *contract {
	for _, c := range s.contracts {
		if !c.revoked && sandbox.Equal(c.chargeKey, key) {
			return c
		}
	}
	return nil
}

// mapValues iterates over a map's values.
func mapValues[K comparable, V any](m map[K]V) func(yield func(V) bool) {
	return func(yield func(V) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}
