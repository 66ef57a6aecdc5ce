package shop

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/webhook"
)

// DefaultConfirmTimeout bounds a confirm or a completion when
// Config.ConfirmTimeout is zero. It is longer than the gateway clients'
// default per-attempt timeout (60 s), so that a confirm whose one attempt
// runs out still leaves time for the lookup that settles its outcome and
// for recording the result.
const DefaultConfirmTimeout = 90 * time.Second

// Config is what a Server is built from. Several Servers (instances) may
// share one database: every guarantee of this package holds across them
// through the database's row locks, unique constraints and webhook_keys.
type Config struct {
	DB       *DB
	Bootpay  *bootpay.Client
	PortOne  *portone.Client
	Commerce *commerce.Client
	// PortOneWebhooks verifies PortOne's webhook signatures; nil disables
	// POST /webhooks/portone.
	PortOneWebhooks *webhook.PortOneVerifier
	// BootpaySources admits Bootpay's webhooks (Bootpay signs nothing);
	// its zero value admits Bootpay's documented addresses only. Name your
	// load balancers in TrustedProxies.
	BootpaySources webhook.SourceGuard
	// Log receives the shop's log; nil discards it.
	Log *slog.Logger
	// ConfirmTimeout bounds a confirm or completion, which run detached
	// from the buyer's request; zero means DefaultConfirmTimeout. A
	// deadline that cuts a confirm short is safe — the order stays
	// confirming and the reconciler settles it — but slower.
	ConfirmTimeout time.Duration
	// WebhookLease is how long a webhook claim holds its key; zero means
	// webhook.DefaultLease. A webhook callback's work is bounded by half
	// of it, or by ConfirmTimeout when that is shorter (see callback), so
	// that it ends well within its lease.
	WebhookLease time.Duration
	// AcceptTestPayments accepts payments that moved no money: PortOne
	// payments through a test channel (channel.type TEST) and Bootpay
	// test-mode receipts (sandbox: true). Leave it false in production,
	// where such a payment never pays an order (a buyer holding any test
	// channel key of the store could otherwise pay for free); only sandbox
	// mode (NewSandbox) sets it.
	AcceptTestPayments bool
	// SessionKey signs the session cookies (SessionCookie), at least 32
	// random bytes; instances sharing a database must share it. Empty: New
	// makes a random one, so sessions end with the process.
	SessionKey []byte
	// SessionTTL is how long a session cookie is valid after it was issued
	// (a login, or a guest's first request); a request with less than half
	// of it left issues it again for another SessionTTL. Zero means
	// DefaultSessionTTL.
	SessionTTL time.Duration
	// SessionMaxAge is the longest a session lasts after it was first
	// issued (a login, or a guest's first request), however often it is
	// renewed: past it the cookie is no session, and a guest becomes a new
	// guest (the orders of the old one out of reach), a buyer logs in
	// again. It bounds how long a stolen cookie kept alive by replaying it
	// works, a guest's above all, which no logout or password change ends.
	// Zero means DefaultSessionMaxAge; less than SessionTTL shortens every
	// session to it. Keep it well above SessionTTL + DepositWindow, so that
	// a guest who pays by virtual account reads the order until the
	// deposit's 입금 기한 has passed.
	SessionMaxAge time.Duration
	// Now is the shop's clock (a virtual account's 입금 기한 is compared
	// with it); nil means time.Now. Tests set it.
	Now func() time.Time
	// PollLookupEvery is how often GET /api/orders/{id} may look a
	// confirming order's receipt up at the gateway, per order across all
	// instances (a timestamp in the orders row, by the database's clock):
	// polls in between answer from the database. Zero means
	// DefaultPollLookupEvery.
	PollLookupEvery time.Duration
	// PendingLookback is how long after it was made a pending order (a
	// PortOne order, a client-confirm Bootpay order whose receipt passed
	// confirm-check, a Commerce plan order) is looked up by the
	// reconciler, in case both the browser's callback and the webhook were
	// lost; zero means DefaultPendingLookback. See ReconcileOnce for how
	// often.
	PendingLookback time.Duration
	// DepositWindow is the longest a virtual account's order holds its
	// stock awaiting the deposit (입금 기한), counted from when the shop
	// sees the account issued; zero means DefaultDepositWindow. The
	// account's term is the browser's to ask for (requestPayment's
	// virtualAccount.accountExpiry), so the shop's 입금 기한 is the earlier
	// of PortOne's and this: a tampered or absent term cannot hold the
	// stock for ever.
	DepositWindow time.Duration
}

// DefaultSessionTTL is Config.SessionTTL's default: a week, more than
// twice DefaultDepositWindow, so that a guest awaiting a virtual account's
// deposit can still read the order (the order's request renews a session
// with less than half of it left: at least 3.5 days remain after it).
const DefaultSessionTTL = 7 * 24 * time.Hour

// DefaultSessionMaxAge is Config.SessionMaxAge's default: 30 days, well
// above DefaultSessionTTL + DefaultDepositWindow (10 days).
const DefaultSessionMaxAge = 30 * 24 * time.Hour

// DefaultPollLookupEvery is Config.PollLookupEvery's default.
const DefaultPollLookupEvery = 5 * time.Second

// DefaultPendingLookback is Config.PendingLookback's default.
const DefaultPendingLookback = 3 * 24 * time.Hour

// DefaultDepositWindow is Config.DepositWindow's default: the 72 hours the
// PortOne page asks for.
const DefaultDepositWindow = 72 * time.Hour

// Server is one instance of the merchant backend.
type Server struct {
	cfg  Config
	db   *DB
	log  *slog.Logger
	once *webhook.Processor
}

// New returns a Server for cfg. DB and the three clients are required.
func New(cfg Config) (*Server, error) {
	if cfg.DB == nil || cfg.Bootpay == nil || cfg.PortOne == nil || cfg.Commerce == nil {
		return nil, errors.New("shop: Config needs DB, Bootpay, PortOne and Commerce")
	}
	cfg.ConfirmTimeout = positive(cfg.ConfirmTimeout, DefaultConfirmTimeout)
	cfg.PollLookupEvery = positive(cfg.PollLookupEvery, DefaultPollLookupEvery)
	cfg.PendingLookback = positive(cfg.PendingLookback, DefaultPendingLookback)
	cfg.DepositWindow = positive(cfg.DepositWindow, DefaultDepositWindow)
	cfg.SessionTTL = positive(cfg.SessionTTL, DefaultSessionTTL)
	cfg.SessionMaxAge = positive(cfg.SessionMaxAge, DefaultSessionMaxAge)
	cfg.WebhookLease = positive(cfg.WebhookLease, webhook.DefaultLease)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	switch {
	case len(cfg.SessionKey) == 0:
		cfg.SessionKey = make([]byte, 32)
		rand.Read(cfg.SessionKey)
	case len(cfg.SessionKey) < 32:
		return nil, errors.New("shop: Config.SessionKey needs at least 32 bytes")
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Server{cfg: cfg, db: cfg.DB, log: log,
		once: &webhook.Processor{Store: KeyStore{cfg.DB}, Lease: cfg.WebhookLease}}, nil
}

// positive is d, or def when d is not positive (a Config duration left
// zero).
func positive(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Store is the server's process-once store (webhook_keys).
func (s *Server) Store() webhook.Store { return KeyStore{s.db} }

// Handler returns the server's routes (see the package documentation).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	pages := pagesOnly(http.NewCrossOriginProtection())
	mux.Handle("POST /api/login", pages(s.serveLogin))
	mux.HandleFunc("GET /api/session", noStore(s.serveSession))
	mux.Handle("POST /api/logout", pages(s.serveLogout))
	mux.Handle("POST /api/orders", pages(s.serveCreateOrder))
	mux.HandleFunc("GET /api/orders/{id}", noStore(s.serveOrder))
	mux.HandleFunc("GET /api/products", s.serveProducts)
	mux.Handle("POST /api/confirm", pages(serveCall(s, s.Confirm, s.writeOrderOK)))
	mux.Handle("POST /api/payment/confirm-check", pages(serveCall(s, s.ConfirmCheck, writeOK)))
	mux.Handle("POST /api/payment/complete", pages(serveCall(s, s.CompleteBootpay, s.writeOrderOK)))
	mux.Handle("POST /api/orders/plan", pages(s.servePlan))
	mux.Handle("POST /api/orders/verify", pages(serveCall(s, s.VerifyCommerce, s.writeOrderOK)))
	mux.HandleFunc("POST /payment/complete", s.servePortOneComplete)
	mux.Handle("POST /webhooks/bootpay", webhook.BootpayHandler(webhook.BootpayLookup{Client: s.cfg.Bootpay, AllowSandbox: s.cfg.AcceptTestPayments}, s.onBootpay,
		webhook.WithProcessor(s.once), webhook.WithSourceGuard(s.cfg.BootpaySources), webhook.WithErrorHook(s.webhookError("bootpay"))))
	if s.cfg.PortOneWebhooks != nil {
		mux.Handle("POST /webhooks/portone", webhook.PortOneHandler(s.cfg.PortOneWebhooks, s.onPortOne,
			webhook.WithProcessor(s.once), webhook.WithErrorHook(s.webhookError("portone"))))
	}
	mux.Handle("POST /webhooks/commerce", webhook.CommerceHandler(webhook.CommerceLookup{Client: s.cfg.Commerce}, s.onCommerce,
		webhook.WithProcessor(s.once), webhook.WithErrorHook(s.webhookError("commerce"))))
	return mux
}

// noStore marks every answer of GET handler h Cache-Control: no-store:
// h may set a session cookie (a guest's first request, a renewal) or show
// the buyer's order — its virtual account to deposit into among it — and
// a GET answer without it may be kept by the browser's cache (the back
// button, another user of a shared computer) or a proxy's, and given to
// someone else, cookie and all.
func noStore(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h(w, r)
	}
}

// pagesOnly guards an endpoint that only the shop's own pages post to,
// from their script, with a JSON body (fetch with Content-Type
// application/json, same origin): it refuses a cross-site request (403:
// Sec-Fetch-Site, or an Origin of another host; net/http's
// CrossOriginProtection) and a body that is not application/json (415).
// A page on another site can post a form (text/plain, urlencoded,
// multipart) without a CORS preflight, and json.Decoder reads a text/plain
// form crafted for it as JSON: POST /api/login needs no cookie, so
// SameSite=Lax does not stop that, and the browser would be logged in as
// the attacker (login CSRF) — the buyer's next orders and 적립금 the
// attacker's account's. A JSON body from another site needs a preflight,
// which the shop never allows.
//
// The webhooks (the gateways' servers post them, Commerce's as a form) and
// POST /payment/complete are not guarded: the latter takes any browser,
// and records only what PortOne reports about the order's own paymentId
// (see buyersOrder), answering a stranger the outcome only.
func pagesOnly(cross *http.CrossOriginProtection) func(http.HandlerFunc) http.Handler {
	return func(h http.HandlerFunc) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := cross.Check(r); err != nil {
				writeJSON(w, http.StatusForbidden, errorBody{Message: "다른 사이트에서 보낸 요청은 받지 않아요 (cross-site request refused)"})
				return
			}
			if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
				writeJSON(w, http.StatusUnsupportedMediaType, errorBody{Message: "Content-Type: application/json 으로 보내 주세요 (a JSON body only)"})
				return
			}
			h(w, r)
		})
	}
}

func (s *Server) webhookError(sender string) func(*http.Request, error) {
	return func(_ *http.Request, err error) {
		s.log.Info("webhook not acknowledged (the sender delivers it again)", "sender", sender, "error", err)
	}
}

// detach is the context a payment step runs on: the request's values, not
// its cancellation (a buyer who closes the tab must not stop a confirm half
// way), with the server's own deadline: ConfirmTimeout, or a webhook
// callback's deadline when the step runs in one that ends sooner
// (callback).
func (s *Server) detach(ctx context.Context) (context.Context, context.CancelFunc) {
	deadline := time.Now().Add(s.cfg.ConfirmTimeout)
	if d, ok := ctx.Value(callbackDeadline{}).(time.Time); ok && d.Before(deadline) {
		deadline = d
	}
	return context.WithDeadline(context.WithoutCancel(ctx), deadline)
}

// callbackDeadline is the context key of a webhook callback's deadline
// (callback), which detach keeps although it drops the context's own.
type callbackDeadline struct{}

// callback is the context a webhook callback's work runs on — onBootpay,
// onPortOne, onCommerce, and the reconciler's stand-ins for them under
// the same keys (bootpayCompleted, commerceCompleted): ctx bounded by
// callbackTimeout, the payment steps it runs (detach) included. The
// webhook handlers run callbacks detached from the request, on a context
// that never ends by itself, and a callback still running when its lease
// ends may run twice (webhook.WithProcessor, webhook.Processor.Lease): a
// gateway that never answers must end the callback with an error — its
// key released, the event delivered again — well before that.
func (s *Server) callback(ctx context.Context) (context.Context, context.CancelFunc) {
	deadline := time.Now().Add(s.callbackTimeout())
	return context.WithDeadline(context.WithValue(ctx, callbackDeadline{}, deadline), deadline)
}

// callbackTimeout bounds a webhook callback's work: half the webhook
// lease (Config.WebhookLease), or ConfirmTimeout when that is shorter.
// The other half leaves the callback time to record its key (done or
// released) while the lease still holds it.
func (s *Server) callbackTimeout() time.Duration {
	return min(s.cfg.ConfirmTimeout, s.cfg.WebhookLease/2)
}

// OrderView is an order as GET /api/orders/{id} and the payment endpoints
// answer it.
type OrderView struct {
	Success        bool            `json:"success"` // status is paid (or shipping, completed)
	OrderID        string          `json:"order_id"`
	Flow           string          `json:"flow"`
	Status         string          `json:"status"`
	OrderName      string          `json:"order_name"`
	ProductID      string          `json:"product_id"`
	Quantity       int64           `json:"quantity"`
	ListAmount     int64           `json:"list_amount"`
	Discount       int64           `json:"discount"`
	PointsUsed     int64           `json:"points_used"`
	Amount         int64           `json:"amount"`
	Reason         string          `json:"reason,omitempty"`
	ReceiptID      string          `json:"receipt_id,omitempty"`
	PaymentID      string          `json:"payment_id,omitempty"`
	InvoiceID      string          `json:"invoice_id,omitempty"`
	OrderNumber    string          `json:"order_number,omitempty"`
	VirtualAccount *VirtualAccount `json:"virtual_account,omitempty"`
	Message        string          `json:"message,omitempty"`
}

// VirtualAccount is the account a PortOne buyer deposits into (가상계좌).
type VirtualAccount struct {
	Bank          string `json:"bank"`
	AccountNumber string `json:"account_number"`
	Due           string `json:"due,omitempty"` // 입금 기한, RFC 3339
}

// View is the order as the browser sees it.
func (o *Order) View() OrderView {
	v := OrderView{
		Success: o.Status == StatusPaid || o.Status == StatusShipping || o.Status == StatusCompleted,
		OrderID: o.ID, Flow: o.Flow, Status: o.Status, OrderName: orderName(o), ProductID: o.ProductID, Quantity: o.Quantity,
		ListAmount: o.ListAmount, Discount: o.ListAmount - o.Amount - o.PointsUsed, PointsUsed: o.PointsUsed, Amount: o.Amount,
		Reason: o.Reason, ReceiptID: o.ReceiptID, PaymentID: o.PaymentID, InvoiceID: o.InvoiceID, OrderNumber: o.CommerceOrderNumber,
	}
	if o.VANumber != "" {
		v.VirtualAccount = &VirtualAccount{Bank: o.VABank, AccountNumber: o.VANumber, Due: o.VADue}
	}
	return v
}

// outcome is the part of v a browser that is not the order's buyer's is
// answered (POST /payment/complete): whether the order is paid, its
// status and reason, and the order id it sent — no virtual account,
// amounts, references or message (which may carry the PG's failure
// reason).
func (v OrderView) outcome() OrderView {
	return OrderView{Success: v.Success, OrderID: v.OrderID, Status: v.Status, Reason: v.Reason}
}

func orderName(o *Order) string {
	if o.Quantity > 1 {
		return o.ProductName + " 외"
	}
	return o.ProductName
}

// ordersServed answers an order's state: 200, or 202 while it is
// confirming or refunding (poll again).
func (s *Server) writeOrder(w http.ResponseWriter, o *Order, message string) {
	v := o.View()
	v.Message = message
	code := http.StatusOK
	if o.Status == StatusConfirming || o.Status == StatusRefunding {
		code = http.StatusAccepted
	}
	writeJSON(w, code, v)
}

// orderRequest is a request body that names the shop's order, which an
// error answer repeats.
type orderRequest interface{ orderID() string }

// serveCall is an endpoint that reads a Req, checks that the order it
// names is the session's buyer's (buyersOrder), runs call with it, and
// answers the result with write, or the error with the request's order id.
func serveCall[Req orderRequest, Res any](s *Server, call func(context.Context, Req) (Res, error), write func(http.ResponseWriter, Res)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req Req
		if !readJSON(w, r, &req) {
			return
		}
		user, err := s.session(w, r)
		if err == nil {
			err = s.buyersOrder(r.Context(), req.orderID(), user)
		}
		if err != nil {
			s.writeError(w, req.orderID(), err)
			return
		}
		res, err := call(r.Context(), req)
		if err != nil {
			s.writeError(w, req.orderID(), err)
			return
		}
		write(w, res)
	}
}

// buyersOrder checks that order id belongs to user, the session's buyer
// (SessionCookie), before a payment endpoint acts on it: anyone else gets
// ErrUnknownOrder (404, as for an order that does not exist, so that order
// ids cannot be probed). Without it an order id alone would let a stranger
// confirm, check or complete another buyer's order — or send it a receipt
// that holds its stock while the real one is refused.
//
// POST /payment/complete (PortOne) is not checked: it only records what
// PortOne reports about the order's own paymentId, and on mobile the
// payment window's redirect may come back in another browser (a card
// company's app opens the default browser), which must still complete the
// order. It answers anyone but the buyer the outcome only
// (servePortOneComplete).
func (s *Server) buyersOrder(ctx context.Context, id, user string) error {
	if id == "" {
		return ErrBadRequest
	}
	var owner string
	err := s.db.QueryRow(ctx, `SELECT user_id FROM orders WHERE id = ?`, id).Scan(&owner)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return ErrUnknownOrder
	case err != nil:
		return err
	case owner != user:
		return ErrUnknownOrder
	}
	return nil
}

// writeOrderOK answers o with no message (writeOrder).
func (s *Server) writeOrderOK(w http.ResponseWriter, o *Order) { s.writeOrder(w, o, "") }

// writeOK answers v as JSON with 200.
func writeOK[T any](w http.ResponseWriter, v T) { writeJSON(w, http.StatusOK, v) }

func (s *Server) serveCreateOrder(w http.ResponseWriter, r *http.Request) {
	var n NewOrder
	if !readJSON(w, r, &n) {
		return
	}
	var err error
	if n.UserID, err = s.session(w, r); err != nil {
		s.writeError(w, "", err)
		return
	}
	o, err := s.CreateOrder(r.Context(), n)
	if err != nil {
		s.writeError(w, "", err)
		return
	}
	writeJSON(w, http.StatusCreated, o.View())
}

// serveOrder is the result page's read, for the order's buyer only (the
// session's; anyone else gets 404, as for an unknown order: the answer
// shows a virtual account's number). An order left confirming is settled
// first (a lookup, never a confirm), so that polling finishes it — at most
// once per Config.PollLookupEvery per order, so that polling cannot make
// the shop hammer the gateway.
func (s *Server) serveOrder(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	o, err := s.Order(r.Context(), id)
	if err == nil {
		var user string
		if user, err = s.session(w, r); err == nil && o.UserID != user {
			o, err = nil, ErrUnknownOrder
		}
	}
	if err == nil && o.Status == StatusConfirming && s.mayLookUp(r.Context(), o.ID) {
		ctx, cancel := s.detach(r.Context())
		defer cancel()
		s.settle(ctx, o)
		o, err = s.Order(ctx, id)
	}
	if err != nil {
		s.writeError(w, id, err)
		return
	}
	s.writeOrder(w, o, "")
}

// mayLookUp claims the order's next gateway lookup for a poll: true at
// most once per Config.PollLookupEvery per order, on any instance.
func (s *Server) mayLookUp(ctx context.Context, id string) bool {
	now := s.db.d.nowMillis
	res, err := s.db.Exec(ctx, `UPDATE orders SET looked_up_at = `+now+` WHERE id = ? AND looked_up_at <= `+now+` - ?`,
		id, s.cfg.PollLookupEvery.Milliseconds())
	return err == nil && affected(res)
}

// Product is a row of products as GET /api/products lists it.
type Product struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Price int64  `json:"price"`
	Stock *int64 `json:"stock"` // null for a plan
}

func (s *Server) serveProducts(w http.ResponseWriter, r *http.Request) {
	list, err := queryAll(r.Context(), s.db, func(p *Product) []any { return []any{&p.ID, &p.Name, &p.Price, &p.Stock} },
		`SELECT id, name, price, stock FROM products ORDER BY id`)
	if err != nil {
		s.writeError(w, "", err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

// errorBody is every error answer.
type errorBody struct {
	Success bool   `json:"success"`
	OrderID string `json:"order_id,omitempty"`
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message"`
}

// writeError maps the shop's errors to answers; anything else is logged
// and answered 502 (a gateway) or 503 without detail.
func (s *Server) writeError(w http.ResponseWriter, orderID string, err error) {
	body := errorBody{OrderID: orderID, Message: publicMessage(err), Reason: reasonOf(err)}
	code := http.StatusInternalServerError
	switch {
	case errors.Is(err, ErrLoginFailed):
		code = http.StatusUnauthorized
	case errors.Is(err, ErrBadRequest), errors.Is(err, ErrWrongFlow):
		code = http.StatusBadRequest
	case errors.Is(err, ErrUnknownOrder), errors.Is(err, ErrUnknownProduct):
		code = http.StatusNotFound
	case errors.Is(err, ErrOrderNotPending), errors.Is(err, ErrOutOfStock), errors.Is(err, ErrCouponInvalid),
		errors.Is(err, ErrPointsShort), errors.Is(err, ErrReceiptInUse), errors.Is(err, ErrPaymentCancelled):
		code = http.StatusConflict
	case errors.Is(err, ErrMismatch), errors.Is(err, ErrNotConfirmed):
		code = http.StatusBadRequest
		if errors.Is(err, ErrMismatch) {
			body.Reason = ReasonAmountMismatch
		}
	case errors.Is(err, errGateway):
		code, body.Message = http.StatusBadGateway, "결제사 응답을 확인하지 못했어요. 잠시 후 다시 시도해 주세요 (gateway unavailable; nothing was charged twice)"
	case errors.Is(err, errCancellationRequested):
		code = http.StatusServiceUnavailable // no verdict yet: verify again later
	default:
		s.log.Error("request failed", "order_id", orderID, "error", err)
		code, body.Message = http.StatusServiceUnavailable, "잠시 후 다시 시도해 주세요 (try again)"
	}
	writeJSON(w, code, body)
}

// publicMessage is an error's text for the browser: the shop's own
// sentence, never a gateway's detail (a mismatch names the other order's
// id and the amounts it carries).
func publicMessage(err error) string {
	for _, known := range []error{ErrMismatch, ErrReceiptInUse, ErrUnknownOrder, ErrNotConfirmed, ErrPaymentCancelled, errCancellationRequested} {
		if errors.Is(err, known) {
			return known.Error()
		}
	}
	return err.Error()
}

// ErrMismatch wraps a payment that does not match its order (위변조 의심).
var ErrMismatch = errors.New("결제 정보가 주문과 달라요 (위변조 의심)")

// errGateway wraps a gateway failure that changed nothing.
var errGateway = errors.New("gateway unavailable")

func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 8<<10)).Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, errorBody{Message: ErrBadRequest.Error()})
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
