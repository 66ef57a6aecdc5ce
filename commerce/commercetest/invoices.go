package commercetest

import (
	"cmp"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/internal/sandbox"
)

// Invoice statuses the sandbox writes (UNCONFIRMED: Commerce documents
// none).
const (
	invoiceOpen = 1
	invoicePaid = 2
)

// invoice is the sandbox's state of one invoice; it is also its wire
// form.
type invoice struct {
	InvoiceID     string          `json:"invoice_id"`
	Name          string          `json:"name"`
	Title         string          `json:"title,omitempty"`
	Price         int64           `json:"price"`
	TaxFreePrice  int64           `json:"tax_free_price"`
	OriginalPrice int64           `json:"original_price,omitempty"`
	Status        int             `json:"status"`
	OrderID       string          `json:"order_id,omitempty"`
	UserID        string          `json:"user_id,omitempty"`
	Metadata      map[string]any  `json:"metadata,omitempty"`
	SendTypes     []int           `json:"send_types,omitempty"`
	PaymentURL    string          `json:"payment_url"`
	ExpiredAt     string          `json:"expired_at,omitempty"`
	CreatedAt     string          `json:"created_at"`
	Products      json.RawMessage `json:"products,omitempty"`
}

// handleInvoiceCreate serves POST /v1/invoices: name and a positive whole
// price are required (442 API_PARAM_INVALID otherwise), and so is a
// metadata that is an object when present (Commerce chokes on {}).
func (s *Server) handleInvoiceCreate(_ *http.Request, body []byte) sandbox.Response {
	var req invoiceCreateWire
	if err := sandbox.DecodeObject(body, &req); err != nil || req.Name == "" {
		return s.errorResponse(CodeParamInvalid, "name과 price가 필요합니다.")
	}
	var price int64
	if err := json.Unmarshal(req.Price, &price); err != nil || price <= 0 || req.TaxFreePrice < 0 || req.TaxFreePrice > price {
		return s.errorResponse(CodeParamInvalid, "price는 양의 정수여야 합니다.")
	}
	if req.Metadata != nil && len(req.Metadata) == 0 {
		return s.errorResponse(CodeParamInvalid, "metadata가 비어 있습니다.")
	}
	if req.ExpiredAt != "" {
		if _, err := time.Parse(time.RFC3339, req.ExpiredAt); err != nil {
			return s.errorResponse(CodeParamInvalid, "expired_at은 ISO-8601 시각이어야 합니다.")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	inv := &invoice{
		InvoiceID: s.nextID(), Name: req.Name, Title: req.Title, Price: price, TaxFreePrice: req.TaxFreePrice,
		OriginalPrice: req.OriginalPrice, Status: invoiceOpen, OrderID: req.OrderID, UserID: req.UserID,
		Metadata: req.Metadata, SendTypes: req.SendTypes, ExpiredAt: req.ExpiredAt,
		CreatedAt: stamp(s.now()), Products: req.Products,
	}
	if inv.UserID == "" && req.User != nil {
		inv.UserID = req.User.UserID
	}
	inv.PaymentURL = "https://sandbox.commerce.test/invoices/" + inv.InvoiceID
	s.invoices[inv.InvoiceID] = inv
	s.stats.Count(func(st *Stats) { st.InvoicesCreated++ })
	return sandbox.JSON(http.StatusOK, inv)
}

// handleInvoiceGet serves GET /v1/invoices/{invoice_id}.
func (s *Server) handleInvoiceGet(r *http.Request, _ []byte) sandbox.Response {
	return lookup(s, s.invoices, r.PathValue("invoice_id"), CodeInvoiceNotFound)
}

// handleInvoiceList serves GET /v1/invoices with page, limit (default
// 24) and user_id, in creation order.
func (s *Server) handleInvoiceList(r *http.Request, _ []byte) sandbox.Response {
	return listed(s, r, 24, s.invoiceIDs, s.invoices, func(q url.Values, inv *invoice) bool {
		return q.Get("user_id") == "" || inv.UserID == q.Get("user_id")
	})
}

// handleInvoiceNotify serves POST /v1/invoices/{invoice_id}/notify.
func (s *Server) handleInvoiceNotify(r *http.Request, body []byte) sandbox.Response {
	var req struct {
		SendTypes []int `json:"send_types"`
	}
	if err := sandbox.DecodeObject(body, &req); err != nil {
		return s.errorResponse(CodeParamInvalid, "요청 본문은 JSON 객체여야 합니다.")
	}
	return withStored(s, s.invoices, r.PathValue("invoice_id"), CodeInvoiceNotFound, func(*invoice) sandbox.Response {
		s.stats.Count(func(st *Stats) { st.NotificationsSent++ })
		return success()
	})
}

// invoiceIDs returns the ids of the invoices in creation order (then by
// id); the caller holds the server's lock.
func (s *Server) invoiceIDs() []string {
	ids := slices.Collect(maps.Keys(s.invoices))
	slices.SortFunc(ids, func(a, b string) int {
		return cmp.Or(strings.Compare(s.invoices[a].CreatedAt, s.invoices[b].CreatedAt), strings.Compare(a, b))
	})
	return ids
}
