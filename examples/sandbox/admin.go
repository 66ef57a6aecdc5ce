package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// adminRoutes lists the admin API for GET /admin and the banner.
var adminRoutes = []string{
	"GET    /admin",
	"POST   /admin/bootpay/receipts      {\"price\":15000,\"order_id\":\"order-1\",\"status\":2}",
	"GET    /admin/bootpay/receipts/{id}",
	"POST   /admin/portone/payments      {\"total\":15000,\"id\":\"payment-1\",\"status\":\"PAID\"}",
	"POST   /admin/commerce/orders       {\"price\":15000,\"metadata\":{\"order_id\":\"shop-1\"}}",
	"POST   /admin/{gateway}/faults      {\"op\":\"confirm\",\"kind\":\"close-after-apply\",\"count\":1}",
	"DELETE /admin/{gateway}/faults",
	"GET    /admin/{gateway}/stats",
}

// maxAdminBody bounds an admin request body; specs are a few hundred bytes.
const maxAdminBody = 1 << 20

// fault is the one fault type of the three sandboxes (each names the kit's).
type fault = bootpaytest.Fault

// faultMaker is the set of fault constructors each sandbox exports as Faults;
// they differ only in the body of their 429 answer.
type faultMaker interface {
	Status(code int, body string) fault
	StatusAfterApply(code int, body string) fault
	RateLimit(retryAfter string) fault
	CloseBeforeRead() fault
	CloseAfterApply() fault
	Delay(d time.Duration) fault
	TruncatedBody() fault
}

// gateway is what the generic admin routes (faults, stats) need of a sandbox.
type gateway struct {
	faults  faultMaker
	inject  func(op string, f fault, n int) (pending int)
	clear   func()
	stats   func() any
	errBody func(code, message string) string // the gateway's error body, for a status fault without one
}

// faultTarget is a sandbox's fault queue, keyed by its own Operation type.
type faultTarget[Op ~string] interface {
	Inject(op Op, f fault, n int)
	PendingFaults(op Op) int
}

// injector is gateway.inject for the sandbox t: it queues the fault on the
// operation named op and returns how many faults that operation then has
// pending.
func injector[Op ~string](t faultTarget[Op]) func(op string, f fault, n int) int {
	return func(op string, f fault, n int) int {
		t.Inject(Op(op), f, n)
		return t.PendingFaults(Op(op))
	}
}

func (s *servers) gateways() map[string]gateway {
	return map[string]gateway{
		"bootpay": {
			faults: bootpaytest.Faults,
			inject: injector[bootpaytest.Operation](s.bootpay),
			clear:  s.bootpay.ClearFaults, stats: func() any { return s.bootpay.Stats() },
			errBody: bootpaytest.ErrorBody,
		},
		"portone": {
			faults: portonetest.Faults,
			inject: injector[portonetest.Operation](s.portone),
			clear:  s.portone.ClearFaults, stats: func() any { return s.portone.Stats() },
			errBody: func(code, message string) string {
				return portonetest.ErrorBody(portone.ErrorType(code), message)
			},
		},
		"commerce": {
			faults: commercetest.Faults,
			inject: injector[commercetest.Operation](s.commerce),
			clear:  s.commerce.ClearFaults, stats: func() any { return s.commerce.Stats() },
			errBody: commercetest.ErrorBody,
		},
	}
}

// adminHandler routes the admin API. Every answer is JSON; an error is
// {"error": "..."} with a 4xx status.
func (s *servers) adminHandler() http.Handler {
	gws := s.gateways()
	withGateway := func(h func(w http.ResponseWriter, r *http.Request, g gateway)) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			g, ok := gws[r.PathValue("gateway")]
			if !ok {
				writeError(w, http.StatusNotFound, fmt.Errorf("unknown gateway %q: bootpay, portone or commerce", r.PathValue("gateway")))
				return
			}
			h(w, r, g)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /admin", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, s.info()) })
	mux.HandleFunc("POST /admin/bootpay/receipts", s.createReceipt)
	mux.HandleFunc("GET /admin/bootpay/receipts/{id}", s.getReceipt)
	mux.HandleFunc("POST /admin/portone/payments", s.createPayment)
	mux.HandleFunc("POST /admin/commerce/orders", s.createOrder)
	mux.HandleFunc("POST /admin/{gateway}/faults", withGateway(injectFault))
	mux.HandleFunc("DELETE /admin/{gateway}/faults", withGateway(func(w http.ResponseWriter, r *http.Request, g gateway) {
		g.clear()
		writeJSON(w, http.StatusOK, map[string]bool{"cleared": true})
	}))
	mux.HandleFunc("GET /admin/{gateway}/stats", withGateway(func(w http.ResponseWriter, r *http.Request, g gateway) {
		writeJSON(w, http.StatusOK, g.stats())
	}))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Errorf("no admin route %s %s; GET /admin lists them", r.Method, r.URL.Path))
	})
	return recoverSpec(mux)
}

// recoverSpec turns the panic a sandbox raises on a spec it cannot create
// (like a failed test setup: a taken order number, an unknown status) into a
// 400 answer instead of a dropped connection.
func recoverSpec(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				writeError(w, http.StatusBadRequest, fmt.Errorf("refused by the sandbox: %v", v))
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// receiptSpec is the body of POST /admin/bootpay/receipts (bootpaytest.ReceiptSpec
// in JSON; zero fields take its defaults).
type receiptSpec struct {
	ReceiptID string         `json:"receipt_id"`
	OrderID   string         `json:"order_id"`
	OrderName string         `json:"order_name"`
	Price     int64          `json:"price"`
	TaxFree   int64          `json:"tax_free"`
	Status    *int           `json:"status"` // default 2 (승인대기); 1 for a paid receipt
	PG        string         `json:"pg"`
	Method    string         `json:"method"`
	Metadata  map[string]any `json:"metadata"`
}

// receiptView is the admin API's answer for a Bootpay receipt.
type receiptView struct {
	ReceiptID      string         `json:"receipt_id"`
	OrderID        string         `json:"order_id"`
	OrderName      string         `json:"order_name"`
	Price          int64          `json:"price"`
	TaxFree        int64          `json:"tax_free"`
	CancelledPrice int64          `json:"cancelled_price"`
	Status         int            `json:"status"`
	PG             string         `json:"pg"`
	Method         string         `json:"method"`
	Metadata       map[string]any `json:"metadata"`
}

func viewReceipt(r bootpaytest.Receipt) receiptView {
	return receiptView{
		ReceiptID: r.ReceiptID, OrderID: r.OrderID, OrderName: r.OrderName, Price: r.Price,
		TaxFree: r.TaxFree, CancelledPrice: r.CancelledPrice, Status: int(r.Status), PG: r.PG,
		Method: r.Method, Metadata: r.Metadata,
	}
}

func (s *servers) createReceipt(w http.ResponseWriter, r *http.Request) {
	var in receiptSpec
	if !readJSON(w, r, &in) {
		return
	}
	if err := checkAmount("price", in.Price, in.TaxFree); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	spec := bootpaytest.ReceiptSpec{
		ReceiptID: in.ReceiptID, OrderID: in.OrderID, OrderName: in.OrderName, Price: in.Price,
		TaxFree: in.TaxFree, PG: in.PG, Method: in.Method, Metadata: in.Metadata, Sandbox: true,
	}
	if in.Status != nil {
		spec.Status = bootpaytest.Ptr(bootpay.Status(*in.Status))
	}
	if in.ReceiptID != "" {
		if _, taken := s.bootpay.Receipt(in.ReceiptID); taken {
			writeError(w, http.StatusConflict, fmt.Errorf("receipt %q exists", in.ReceiptID))
			return
		}
	}
	writeJSON(w, http.StatusCreated, viewReceipt(s.bootpay.CreateReceipt(spec)))
}

func (s *servers) getReceipt(w http.ResponseWriter, r *http.Request) {
	rc, ok := s.bootpay.Receipt(r.PathValue("id"))
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Errorf("no receipt %q", r.PathValue("id")))
		return
	}
	writeJSON(w, http.StatusOK, viewReceipt(rc))
}

// paymentSpec is the body of POST /admin/portone/payments (portonetest.PaymentSpec
// in JSON; zero fields take its defaults).
type paymentSpec struct {
	ID         string `json:"id"`
	Status     string `json:"status"` // default PAID
	OrderName  string `json:"order_name"`
	Total      int64  `json:"total"`
	TaxFree    int64  `json:"tax_free"`
	Currency   string `json:"currency"` // default KRW
	CustomData string `json:"custom_data"`
}

func (s *servers) createPayment(w http.ResponseWriter, r *http.Request) {
	var in paymentSpec
	if !readJSON(w, r, &in) {
		return
	}
	if err := checkAmount("total", in.Total, in.TaxFree); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	if st := portone.PaymentStatus(in.Status); in.Status != "" && !st.IsKnown() {
		writeError(w, http.StatusBadRequest, fmt.Errorf("unknown status %q (PAID, READY, VIRTUAL_ACCOUNT_ISSUED, …)", in.Status))
		return
	}
	if in.ID != "" {
		if _, taken := s.portone.Payment(in.ID); taken {
			writeError(w, http.StatusConflict, fmt.Errorf("payment %q exists", in.ID))
			return
		}
	}
	p := s.portone.CreatePayment(portonetest.PaymentSpec{
		ID: in.ID, Status: portone.PaymentStatus(in.Status), OrderName: in.OrderName, Total: in.Total,
		TaxFree: in.TaxFree, Currency: portone.Currency(in.Currency), CustomData: in.CustomData,
	})
	writeJSON(w, http.StatusCreated, map[string]any{
		"id": p.ID, "status": p.Status, "total": p.Amount.Total, "currency": p.Currency,
	})
}

// orderSpec is the body of POST /admin/commerce/orders (commercetest.OrderSpec in
// JSON; zero fields take its defaults: a paid card order).
type orderSpec struct {
	OrderNumber   string         `json:"order_number"`
	Name          string         `json:"name"`
	Price         int64          `json:"price"`
	TaxFree       int64          `json:"tax_free"`
	Status        *int           `json:"status"`
	ReceiptStatus *int           `json:"receipt_status"`
	UserID        string         `json:"user_id"`
	Metadata      map[string]any `json:"metadata"`
}

func (s *servers) createOrder(w http.ResponseWriter, r *http.Request) {
	var in orderSpec
	if !readJSON(w, r, &in) {
		return
	}
	if err := checkAmount("price", in.Price, in.TaxFree); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	if in.OrderNumber != "" {
		if _, taken := s.commerce.Order(in.OrderNumber); taken {
			writeError(w, http.StatusConflict, fmt.Errorf("order %q exists", in.OrderNumber))
			return
		}
	}
	spec := commercetest.OrderSpec{
		OrderNumber: in.OrderNumber, Name: in.Name, Price: in.Price, TaxFree: in.TaxFree,
		UserID: in.UserID, Metadata: in.Metadata,
	}
	if in.Status != nil {
		spec.Status = commercetest.Ptr(commerce.OrderStatus(*in.Status))
	}
	if in.ReceiptStatus != nil {
		spec.ReceiptStatus = commercetest.Ptr(commerce.ReceiptStatus(*in.ReceiptStatus))
	}
	ref := s.commerce.CreateOrder(spec)
	writeJSON(w, http.StatusCreated, map[string]string{"order_id": ref.OrderID, "order_number": ref.OrderNumber})
}

// faultSpec is the body of POST /admin/{gateway}/faults.
type faultSpec struct {
	Op         string `json:"op"`          // the sandbox's operation name, e.g. "confirm", "payments.cancel"
	Kind       string `json:"kind"`        // see faultKinds
	Count      *int   `json:"count"`       // requests served under it: default 1; negative: every one until cleared
	Status     int    `json:"status"`      // for status and status-after-apply
	Body       string `json:"body"`        // for status and status-after-apply; default the gateway's error body
	DelayMS    int64  `json:"delay_ms"`    // for delay
	RetryAfter string `json:"retry_after"` // for rate-limit; default "1"
}

// faultKinds are the accepted kinds, spelled as the sandboxes print them.
var faultKinds = []string{"status", "status-after-apply", "rate-limit", "close-before-read", "close-after-apply", "delay", "truncated-body"}

func (in faultSpec) build(g gateway) (fault, error) {
	statusOK := in.Status >= 100 && in.Status <= 999
	body := in.Body
	if body == "" {
		body = g.errBody("SANDBOX_FAULT", fmt.Sprintf("injected status %d", in.Status))
	}
	switch in.Kind {
	case "status", "status-after-apply":
		if !statusOK {
			return fault{}, fmt.Errorf("kind %s needs a status between 100 and 999, got %d", in.Kind, in.Status)
		}
		if in.Kind == "status" {
			return g.faults.Status(in.Status, body), nil
		}
		return g.faults.StatusAfterApply(in.Status, body), nil
	case "rate-limit":
		if in.RetryAfter == "" {
			in.RetryAfter = "1"
		}
		return g.faults.RateLimit(in.RetryAfter), nil
	case "close-before-read":
		return g.faults.CloseBeforeRead(), nil
	case "close-after-apply":
		return g.faults.CloseAfterApply(), nil
	case "delay":
		if in.DelayMS < 0 || in.DelayMS > 10*60*1000 {
			return fault{}, fmt.Errorf("delay_ms must be between 0 and 600000, got %d", in.DelayMS)
		}
		return g.faults.Delay(time.Duration(in.DelayMS) * time.Millisecond), nil
	case "truncated-body":
		return g.faults.TruncatedBody(), nil
	}
	return fault{}, fmt.Errorf("unknown kind %q: one of %v", in.Kind, faultKinds)
}

func injectFault(w http.ResponseWriter, r *http.Request, g gateway) {
	var in faultSpec
	if !readJSON(w, r, &in) {
		return
	}
	if in.Op == "" {
		writeError(w, http.StatusBadRequest, errors.New("op is required: the sandbox's operation name, e.g. \"confirm\""))
		return
	}
	f, err := in.build(g)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	n := 1
	if in.Count != nil {
		n = *in.Count
	}
	if n == 0 {
		writeError(w, http.StatusBadRequest, errors.New("count 0 injects nothing"))
		return
	}
	pending := g.inject(in.Op, f, n)
	writeJSON(w, http.StatusCreated, map[string]any{"op": in.Op, "fault": f.String(), "pending": pending})
}

func checkAmount(name string, amount, taxFree int64) error {
	if amount <= 0 {
		return fmt.Errorf("%s must be a positive whole amount, got %d", name, amount)
	}
	if taxFree < 0 || taxFree > amount {
		return fmt.Errorf("tax_free must be between 0 and %s (%d), got %d", name, amount, taxFree)
	}
	return nil
}

// readJSON decodes a bounded body into v, refusing unknown fields so that a
// misspelt field is an error instead of a silent default.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxAdminBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		writeError(w, http.StatusBadRequest, fmt.Errorf("body: %w", err))
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the client went away; nothing to do
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}

// guardAdmin refuses what a web page open in the developer's browser could
// make it send to the admin API, which must stay the developer's own:
//
//   - a Host that is not loopback or the listen address: a page of
//     attacker.example whose name the attacker points at 127.0.0.1 (DNS
//     rebinding) is same-origin with the API and could read it;
//   - an Origin that is not loopback: a page of another site (a browser
//     names it on every cross-origin request and every POST);
//   - a write (any method but GET and HEAD) that is not Content-Type
//     application/json: a page may send a cross-site POST without asking
//     first (no CORS preflight) only as text/plain, a form or multipart.
//
// A page on a loopback Origin (a dev server on another port) is another
// origin all the same, so its browser asks first (an OPTIONS preflight)
// and lets it read an answer only under Access-Control-Allow-Origin: for
// loopback Origins alone the preflight is answered 204 and every answer
// names the Origin back. A page of another site is refused before either.
//
// listen is the -admin flag as given and bound the address the API
// listens on. With a wildcard bind (0.0.0.0, ::) any IP literal is a good
// Host: rebinding needs a name, and the machine's own addresses are not
// known in advance.
func guardAdmin(h http.Handler, listen string, bound net.Addr) http.Handler {
	hosts := map[string]bool{}
	if host, _, err := net.SplitHostPort(listen); err == nil && host != "" {
		hosts[strings.ToLower(host)] = true
	}
	wildcard := false
	if tcp, ok := bound.(*net.TCPAddr); ok {
		hosts[tcp.IP.String()] = true
		wildcard = tcp.IP.IsUnspecified()
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := hostOnly(r.Host)
		ip := net.ParseIP(host)
		origin := r.Header.Get("Origin")
		w.Header().Add("Vary", "Origin") // the CORS headers depend on it
		switch {
		case !loopbackHost(host) && !hosts[host] && !(wildcard && ip != nil):
			writeError(w, http.StatusForbidden, fmt.Errorf("host %q is not served: use a loopback address or %s", clipText(r.Host), listen))
			return
		case origin != "" && !loopbackOrigin(origin):
			writeError(w, http.StatusForbidden, errors.New("a page of another site may not use the admin API (its Origin is not loopback)"))
			return
		case origin != "":
			w.Header().Set("Access-Control-Allow-Origin", origin) // a loopback page may read the answer
		}
		switch {
		case origin != "" && r.Method == http.MethodOptions:
			w.Header().Set("Access-Control-Allow-Methods", "GET, HEAD, POST, DELETE")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
			w.WriteHeader(http.StatusNoContent)
		case r.Method != http.MethodGet && r.Method != http.MethodHead && !jsonContent(r.Header.Get("Content-Type")):
			writeError(w, http.StatusUnsupportedMediaType, errors.New("a write needs Content-Type: application/json"))
		default:
			h.ServeHTTP(w, r)
		}
	})
}

// hostOnly is the lower-case host name or IP of a Host header or URL host,
// without its port or IPv6 brackets.
func hostOnly(hostport string) string {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	return strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
}

// loopbackHost reports localhost or a loopback IP (127.0.0.0/8, ::1).
func loopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loopbackOrigin reports an http(s) Origin on a loopback host: a page the
// developer serves on this machine. "null" (a sandboxed frame, a file) is
// not one.
func loopbackOrigin(origin string) bool {
	u, err := url.Parse(origin)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && loopbackHost(hostOnly(u.Host))
}

// jsonContent reports a Content-Type of application/json (any parameters).
func jsonContent(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/json"
}

// clipText shortens a value from a request for an error message.
func clipText(s string) string {
	const limit = 64
	if len(s) <= limit {
		return s
	}
	return s[:limit] + "…"
}

// exposedWarning names the addresses among bound that are not loopback
// (each with its flag), or is empty when every one is.
func exposedWarning(names []string, bound []net.Addr) string {
	var exposed []string
	for i, a := range bound {
		if tcp, ok := a.(*net.TCPAddr); !ok || !tcp.IP.IsLoopback() {
			exposed = append(exposed, "-"+names[i]+" "+a.String())
		}
	}
	if len(exposed) == 0 {
		return ""
	}
	return "sandbox: WARNING: listening beyond this machine (" + strings.Join(exposed, ", ") + "): anyone who can reach " +
		"these addresses can use the sandboxes' public test keys and the admin API (create receipts, inject faults). " +
		"Bind to 127.0.0.1 unless you mean it.\n"
}
