package bootpaytest

import (
	"net/http"
	"slices"
	"time"

	"github.com/paykit-kr/paykit/internal/sandbox"
)

// handleLookupOrder serves GET /v2/lookup/order/{order_id}: a JSON array of the receipts with that
// order id, oldest first ([] for none). Due reservations run first.
func (s *Server) handleLookupOrder(r *http.Request, _ []byte) sandbox.Response {
	if resp, ok := s.authorize(r); !ok {
		return resp
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runDueLocked(now)
	id := r.PathValue("order_id")
	var found []*receipt
	for _, rc := range s.receipts {
		if rc.orderID == id {
			found = append(found, rc)
		}
	}
	slices.SortFunc(found, func(a, b *receipt) int { return a.requestedAt.Compare(b.requestedAt) })
	out := []byte{'['}
	for i, rc := range found {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, rc.render(s.cfg.decimalAmounts)...)
	}
	return sandbox.RawJSON(http.StatusOK, append(out, ']'))
}

// handlePaymentMethods serves GET /v2/seller/payment/method with a fixed list. Bootpay's shape is
// UNCONFIRMED; the sandbox sends objects with pg and method.
func (s *Server) handlePaymentMethods(r *http.Request, _ []byte) sandbox.Response {
	if resp, ok := s.authorize(r); !ok {
		return resp
	}
	return sandbox.JSON(http.StatusOK, []paymentMethodJSON{
		{PG: "nicepay", Method: "card"}, {PG: "nicepay", Method: "bank"}, {PG: "kcp", Method: "vbank"},
	})
}

// handlePaymentLink serves POST /v2/request/payment: {"status":200,"data":"<url>"}, the shape the
// Java SDK reads (UNCONFIRMED).
func (s *Server) handlePaymentLink(r *http.Request, body []byte) sandbox.Response {
	var req linkRequest
	if resp, ok := s.readBody(r, OpPaymentLink, body, &req); !ok {
		return resp
	}
	price, has, ok := parseAmount(req.Price)
	if req.OrderID == "" || req.OrderName == "" || !has || !ok || price == 0 {
		return errorResponse(CodeInvalidRequest, "order_id, order_name, price가 필요합니다.")
	}
	s.stats.Count(func(st *Stats) { st.PaymentLinksCreated++ })
	return sandbox.JSON(http.StatusOK, linkJSON{200, "https://sandbox.invalid/link/" + sandbox.RandomHex(8)})
}

// handleUserToken serves POST /v2/request/user/token: {"user_token","expired_at"} valid 30 minutes.
// With [WithBasicRefused](OpUserToken) it accepts only a Bearer token.
func (s *Server) handleUserToken(r *http.Request, body []byte) sandbox.Response {
	var req userTokenRequest
	if resp, ok := s.readBody(r, OpUserToken, body, &req); !ok {
		return resp
	}
	if req.UserID == "" {
		return errorResponse(CodeInvalidRequest, "user_id가 필요합니다.")
	}
	s.stats.Count(func(st *Stats) { st.UserTokensIssued++ })
	return sandbox.JSON(http.StatusOK, userTokenJSON{"ut_" + sandbox.RandomHex(16), kstTime(s.now().Add(30 * time.Minute))})
}
