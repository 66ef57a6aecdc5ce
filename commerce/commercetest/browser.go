package commercetest

import (
	_ "embed"
	"net/http"

	"github.com/paykit-kr/paykit/internal/sandbox"
)

// BrowserSDKPath is where [Server.BrowserSDK] expects to be mounted on the
// merchant's own origin; the script is BrowserSDKPath + "commerce.js".
const BrowserSDKPath = "/sdk/commerce/"

//go:embed browser.js
var browserJS []byte

// BrowserSDK returns a TEST DOUBLE of Bootpay Commerce's checkout SDK
// (window.BootpayCommerce.requestCheckout,
// https://developers.bootpay.co.kr/commerce/order/checkout), so that a
// merchant's plan page runs its whole checkout in a browser with no network
// and no money: mount it at [BrowserSDKPath] on the page's origin (the
// stand-in calls back to the path it was loaded from). It serves
//
//	GET  /sdk/commerce/commerce.js   the stand-in: BootpayCommerce.requestCheckout
//	POST /sdk/commerce/checkout      {"request_id","name","price","metadata","user_id"} → BrowserCheckout
//
// requestCheckout shows a small sheet with the amount. Its "결제하기" button
// completes the checkout here — the invoice named by request_id through
// [Server.CompleteCheckout], or, without one, a new paid order
// ([Server.CreateOrder]) with the page's name, price and metadata — and
// redirects the browser to redirect_url with order_number and event=done,
// the parameters Commerce's checkout adds; its "취소" button redirects with
// event=cancel and creates nothing. The price the page sends is what the
// buyer pays, so a page that forges it produces the tampered order the
// merchant's verification must catch. An unknown or already paid invoice,
// or a price that is not a positive integer, is refused (event=error) and
// creates nothing.
//
// Nothing here authenticates: anyone who reaches the handler can create
// paid orders. Mount it only in sandbox mode; with real keys, a page loads
// Commerce's real SDK instead.
func (s *Server) BrowserSDK() http.Handler {
	return sandbox.BrowserSDK(BrowserSDKPath, "commerce.js", browserJS, map[string]http.Handler{
		"checkout": sandbox.BrowserCall(s.browserCheckout),
	})
}

// BrowserCheckout is the answer of POST /sdk/commerce/checkout: the order
// the checkout created, or a message.
type BrowserCheckout struct {
	OrderID     string `json:"order_id,omitempty"`
	OrderNumber string `json:"order_number,omitempty"`
	Message     string `json:"message,omitempty"`
}

type browserCheckout struct {
	RequestID string         `json:"request_id"`
	Name      string         `json:"name"`
	Price     int64          `json:"price"`
	Metadata  map[string]any `json:"metadata"`
	UserID    string         `json:"user_id"`
}

func (s *Server) browserCheckout(req browserCheckout, err error) sandbox.Response {
	if err != nil || req.Price <= 0 {
		return sandbox.JSON(http.StatusBadRequest, BrowserCheckout{Message: "name과 price가 올바르지 않아요."})
	}
	var ref OrderRef
	if req.RequestID == "" {
		ref = s.CreateOrder(OrderSpec{Name: req.Name, Price: req.Price, Metadata: req.Metadata, UserID: req.UserID})
	} else if ref = s.payInvoice(req); ref.OrderID == "" {
		return sandbox.JSON(http.StatusConflict, BrowserCheckout{Message: "결제할 수 없는 청구서예요 (unknown or paid invoice)."})
	}
	return sandbox.JSON(http.StatusOK, BrowserCheckout{OrderID: ref.OrderID, OrderNumber: ref.OrderNumber})
}

// payInvoice completes the checkout of an unpaid invoice, and returns the
// zero OrderRef for an unknown or paid one. It is CompleteCheckout with the
// check under the same lock, so a double-clicked button pays an invoice once.
func (s *Server) payInvoice(req browserCheckout) OrderRef {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv := s.invoices[req.RequestID]
	if inv == nil || inv.Status == invoicePaid {
		return OrderRef{}
	}
	o := OrderSpec{Name: inv.Name, Price: req.Price, TaxFree: inv.TaxFreePrice, UserID: inv.UserID, Metadata: inv.Metadata}
	if req.Metadata != nil {
		o.Metadata = req.Metadata
	}
	if req.UserID != "" {
		o.UserID = req.UserID
	}
	ref := s.createOrderLocked(o, req.RequestID)
	inv.Status, inv.OrderID = invoicePaid, ref.OrderID
	return ref
}
