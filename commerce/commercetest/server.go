package commercetest

import (
	"context"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/internal/sandbox"
)

// Default credentials of a [Server]: fake Commerce keys, accepted as
// Authorization: Basic base64(ClientKey:SecretKey). Override them with
// [WithCredentials].
const (
	ClientKey = "sandbox-commerce-client-key"
	SecretKey = "sandbox-commerce-secret-key"
)

// Operation names an endpoint of the sandbox, for [Server.Inject], the Op field of [Request] and
// [Stats.Requests].
type Operation string

// The operations the sandbox serves.
const (
	OpOrderGet       Operation = "orders.get"                   // GET /v1/orders/{order_id}
	OpOrderList      Operation = "orders.list"                  // GET /v1/orders
	OpOrderMonth     Operation = "orders.month"                 // GET /v1/orders/month
	OpCancelRequest  Operation = "order_cancellations.request"  // POST /v1/order/cancel
	OpCancelList     Operation = "order_cancellations.list"     // GET /v1/order/cancel
	OpCancelWithdraw Operation = "order_cancellations.withdraw" // PUT /v1/order/cancel/{id}/withdraw
	OpCancelApprove  Operation = "order_cancellations.approve"  // PUT /v1/order/cancel/{id}/approve
	OpCancelReject   Operation = "order_cancellations.reject"   // PUT /v1/order/cancel/{id}/reject
	OpInvoiceCreate  Operation = "invoices.create"              // POST /v1/invoices
	OpInvoiceGet     Operation = "invoices.get"                 // GET /v1/invoices/{invoice_id}
	OpInvoiceList    Operation = "invoices.list"                // GET /v1/invoices
	OpInvoiceNotify  Operation = "invoices.notify"              // POST /v1/invoices/{invoice_id}/notify

	OpSubscriptionList      Operation = "subscriptions.list"              // GET /v1/order_subscriptions
	OpSubscriptionGet       Operation = "subscriptions.get"               // GET /v1/order_subscriptions/{id}
	OpSubscriptionPause     Operation = "subscriptions.pause"             // PUT /v1/order_subscriptions/{id}/pause
	OpSubscriptionResume    Operation = "subscriptions.resume"            // PUT /v1/order_subscriptions/{id}/resume
	OpSubscriptionTerminate Operation = "subscriptions.terminate"         // PUT /v1/order_subscriptions/{id}/terminate
	OpSubscriptionCharge    Operation = "subscriptions.charge"            // POST /v1/order_subscriptions/charge
	OpRevokeChargeKey       Operation = "subscriptions.revoke_charge_key" // DELETE /v1/order_subscriptions/charge
	OpProductCreate         Operation = "products.create"                 // POST /v1/products
	OpProductGet            Operation = "products.get"                    // GET /v1/products/{product_id}
	OpProductList           Operation = "products.list"                   // GET /v1/products
	OpProductUpdate         Operation = "products.update"                 // PUT /v1/products/{product_id}
	OpProductStatus         Operation = "products.status"                 // PUT /v1/products/{product_id}/status
	OpProductDelete         Operation = "products.delete"                 // DELETE /v1/products/{product_id}
	OpUserJoin              Operation = "users.join"                      // POST /v1/users/join
	OpUserGet               Operation = "users.get"                       // GET /v1/users/{user_id}
	OpUserList              Operation = "users.list"                      // GET /v1/users
	OpUserDelete            Operation = "users.delete"                    // DELETE /v1/users/{user_id}
	OpGroupCreate           Operation = "user_groups.create"              // POST /v1/user-groups
	OpGroupGet              Operation = "user_groups.get"                 // GET /v1/user-groups/{id}
	OpGroupAddUser          Operation = "user_groups.add_user"            // POST /v1/user-groups/{id}/user
	OpGroupRemoveUser       Operation = "user_groups.remove_user"         // DELETE /v1/user-groups/{id}/user/{user_id}
)

// An Option configures a [Server].
type Option func(*config)

type config struct {
	clientKey, secretKey string
	roles                []commerce.Role
	now                  func() time.Time
	listener             net.Listener // WithListener
	itemsTotal           bool
	successShape         bool
	receiptResult        bool // WithReceiptResultStatus
}

// WithCredentials sets the client key and secret key the server accepts.
func WithCredentials(clientKey, secretKey string) Option {
	return func(c *config) { c.clientKey, c.secretKey = clientKey, secretKey }
}

// WithKeyRoles scopes the keys to roles: a request in any other
// BOOTPAY-ROLE is refused with 403 API_SCOPE_INVALID. By default the keys
// may act in every role.
func WithKeyRoles(roles ...commerce.Role) Option {
	return func(c *config) { c.roles = roles }
}

// WithClock makes the server read the time from now (order and
// cancellation timestamps, the request log). Fault delays use real time.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithItemsTotal makes lists answer {"items": [...], "total": N}, the shape
// Bootpay's SDK typings declare, instead of the documented
// {"list": [...], "count": N}.
func WithItemsTotal() Option { return func(c *config) { c.itemsTotal = true } }

// WithSuccessErrorShape makes errors answer {"success": false,
// "error_code": …, "message": …}, the other shape Commerce has been seen
// to send, instead of the documented {"status", "code", "message", "data"}.
func WithSuccessErrorShape() Option { return func(c *config) { c.successShape = true } }

// WithReceiptResultStatus makes an order's payment result
// (result_data.status) read as a Bootpay receipt does: 20 (결제취소 완료)
// as soon as any of the order is cancelled, in part (부분취소) or in full
// (https://developers.bootpay.co.kr/pg/server/cancel), while the order's
// receipt_status stays 1 until it is cancelled in full. Whether Commerce's
// result_data does so is UNCONFIRMED; by default result_data.status reads
// the order's receipt_status.
func WithReceiptResultStatus() Option { return func(c *config) { c.receiptResult = true } }

// A Server is an in-process Bootpay Commerce API (v1): orders, invoices,
// order cancellations, subscription contracts (pause, resume, terminate,
// on-demand charges), products (JSON or multipart with images), customers
// and customer groups with their states, checkout completion, Basic
// authentication, BOOTPAY-ROLE checks, Idempotency-Key deduplication,
// Commerce's error bodies, fault injection and a request log. Create it
// with [NewServer] and stop it with [Server.Close]. All methods are safe
// for concurrent use.
type Server struct {
	cfg   config
	kit   *sandbox.Server[Operation]
	idem  *sandbox.KeyStore[string] // Idempotency-Keys by method, path and key; they never expire
	stats sandbox.Tally[Stats]      // applied state changes; Requests is filled from the kit

	mu       sync.Mutex
	orders   map[string]*order // by order id
	numbers  map[string]string // order number → order id
	invoices map[string]*invoice
	cancels  []*cancellation

	contracts    map[string]*contract // subscription contracts by id
	products     map[string]*productWire
	productOrder []string
	users        map[string]*userWire
	userOrder    []string
	groups       map[string]*groupWire
	needJWT      map[Operation]bool
}

// NewServer starts a sandbox server on a loopback port. Close it when
// done, typically with t.Cleanup(srv.Close).
func NewServer(opts ...Option) *Server {
	cfg := config{clientKey: ClientKey, secretKey: SecretKey}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		cfg: cfg, orders: map[string]*order{}, numbers: map[string]string{},
		invoices: map[string]*invoice{}, needJWT: map[Operation]bool{},
		contracts: map[string]*contract{}, products: map[string]*productWire{}, users: map[string]*userWire{}, groups: map[string]*groupWire{},
	}
	s.idem = sandbox.NewKeyStore[string](0)
	s.kit = s.start()
	return s
}

// route is one endpoint: its pattern, operation, the role it needs and
// whether its writes are deduplicated by Idempotency-Key.
type route struct {
	pattern string
	op      Operation
	role    commerce.Role
	keyed   bool
	handle  func(r *http.Request, body []byte) sandbox.Response
}

// start starts the HTTP side on the kit: the endpoints of
// https://commerce.bootpay.ai/ the sandbox serves, each behind
// authentication, its role check and, for keyed writes, the key store.
func (s *Server) start() *sandbox.Server[Operation] {
	routes := []route{
		{"GET /v1/orders", OpOrderList, commerce.RoleUser, false, s.handleOrderList},
		{"GET /v1/orders/month", OpOrderMonth, commerce.RoleUser, false, s.handleOrderMonth},
		{"GET /v1/orders/{order_id}", OpOrderGet, commerce.RoleUser, false, s.handleOrderGet},
		{"POST /v1/order/cancel", OpCancelRequest, commerce.RoleUser, false, s.handleCancelRequest},
		{"GET /v1/order/cancel", OpCancelList, commerce.RoleUser, false, s.handleCancelList},
		{"PUT /v1/order/cancel/{id}/withdraw", OpCancelWithdraw, commerce.RoleUser, true, s.decision(withdraw)},
		{"PUT /v1/order/cancel/{id}/approve", OpCancelApprove, commerce.RoleSupervisor, true, s.decision(approve)},
		{"PUT /v1/order/cancel/{id}/reject", OpCancelReject, commerce.RoleSupervisor, true, s.decision(reject)},
		{"POST /v1/invoices", OpInvoiceCreate, commerce.RoleUser, true, s.handleInvoiceCreate},
		{"GET /v1/invoices", OpInvoiceList, commerce.RoleUser, false, s.handleInvoiceList},
		{"GET /v1/invoices/{invoice_id}", OpInvoiceGet, commerce.RoleUser, false, s.handleInvoiceGet},
		{"POST /v1/invoices/{invoice_id}/notify", OpInvoiceNotify, commerce.RoleUser, true, s.handleInvoiceNotify},
		{"GET /v1/order_subscriptions", OpSubscriptionList, commerce.RoleUser, false, s.handleSubscriptionList},
		{"POST /v1/order_subscriptions/charge", OpSubscriptionCharge, commerce.RoleSupervisor, true, s.handleCharge},
		{"DELETE /v1/order_subscriptions/charge", OpRevokeChargeKey, commerce.RoleSupervisor, true, s.handleRevokeChargeKey},
		{"GET /v1/order_subscriptions/{id}", OpSubscriptionGet, commerce.RoleUser, false, s.handleSubscriptionGet},
		{"PUT /v1/order_subscriptions/{id}/pause", OpSubscriptionPause, commerce.RoleSupervisor, false, s.transition(commerce.SubscriptionPaused)},
		{"PUT /v1/order_subscriptions/{id}/resume", OpSubscriptionResume, commerce.RoleSupervisor, false, s.transition(commerce.SubscriptionActive)},
		{"PUT /v1/order_subscriptions/{id}/terminate", OpSubscriptionTerminate, commerce.RoleSupervisor, false, s.transition(commerce.SubscriptionTerminated)},
		{"POST /v1/products", OpProductCreate, commerce.RoleManager, true, s.handleProductCreate},
		{"GET /v1/products", OpProductList, commerce.RoleUser, false, s.handleProductList},
		{"GET /v1/products/{product_id}", OpProductGet, commerce.RoleUser, false, s.handleProductGet},
		{"PUT /v1/products/{product_id}", OpProductUpdate, commerce.RoleManager, true, s.handleProductUpdate},
		{"PUT /v1/products/{product_id}/status", OpProductStatus, commerce.RoleManager, false, s.handleProductUpdate},
		{"DELETE /v1/products/{product_id}", OpProductDelete, commerce.RoleManager, true, s.handleProductDelete},
		{"POST /v1/users/join", OpUserJoin, commerce.RoleUser, true, s.handleUserJoin},
		{"GET /v1/users", OpUserList, commerce.RoleUser, false, s.handleUserList},
		{"GET /v1/users/{user_id}", OpUserGet, commerce.RoleUser, false, s.handleUserGet},
		{"DELETE /v1/users/{user_id}", OpUserDelete, commerce.RoleUser, false, s.handleUserDelete},
		{"POST /v1/user-groups", OpGroupCreate, commerce.RoleUser, false, s.handleGroupCreate},
		{"GET /v1/user-groups/{id}", OpGroupGet, commerce.RoleUser, false, s.handleGroupGet},
		{"POST /v1/user-groups/{id}/user", OpGroupAddUser, commerce.RoleManager, false, s.handleGroupMember(true)},
		{"DELETE /v1/user-groups/{id}/user/{user_id}", OpGroupRemoveUser, commerce.RoleManager, false, s.handleGroupMember(false)},
	}
	kitRoutes := make([]sandbox.Route[Operation], len(routes))
	for i, rt := range routes {
		kitRoutes[i] = sandbox.Route[Operation]{Pattern: rt.pattern, Op: rt.op, Handle: s.serve(rt)}
		if rt.keyed {
			kitRoutes[i].Admit = s.idem.Admit(keyScope, s.now)
		}
	}
	return sandbox.NewServer(sandbox.Config{
		Now:              s.cfg.now,
		Listener:         s.cfg.listener,
		NotFound:         s.errorResponse(CodeRouteNotFound, ""),
		MethodNotAllowed: s.errorResponse(CodeMethodNotAllowed, ""),
	}, kitRoutes)
}

// serve checks credentials, the role and the user JWT, then runs the
// route's handler, under its Idempotency-Key when it is keyed.
func (s *Server) serve(rt route) sandbox.Handler {
	return func(r *http.Request, body []byte) sandbox.Response {
		ticket := s.idem.Ticket(r)
		resp, ok := s.admitted(r, rt)
		if !ok {
			s.idem.Release(ticket)
			return resp
		}
		if !rt.keyed {
			return rt.handle(r, body)
		}
		return s.keyed(r, body, ticket, rt.handle)
	}
}

// keyScope is what a Commerce Idempotency-Key is unique within: the
// method, the path and the key (UNCONFIRMED: Bootpay does not document it).
func keyScope(r *http.Request) (string, bool) {
	key := r.Header.Get("Idempotency-Key")
	return r.Method + " " + r.URL.Path + " " + key, key != ""
}

// keyed applies a keyed write once per key: it runs the handler and keeps
// a successful answer, replays a kept answer, or answers 409
// PROCESS_DUPLICATED while the key's first request is still being served.
// A refusal is not kept, so the same key may try again. A write without a
// key just runs. The sandbox does not compare bodies under one key
// (UNCONFIRMED whether Commerce does), so every fingerprint is the same.
func (s *Server) keyed(r *http.Request, body []byte, ticket *sandbox.KeyTicket[string], handle func(*http.Request, []byte) sandbox.Response) sandbox.Response {
	scope, ok := keyScope(r)
	if !ok {
		return handle(r, body)
	}
	var fp [32]byte
	claim, stored, verdict := s.idem.Claim(scope, ticket, fp, s.now())
	switch verdict {
	case sandbox.KeyReplay:
		s.stats.Count(func(st *Stats) { st.Replays++ })
		return stored
	case sandbox.KeyOutstanding:
		return s.errorResponse(CodeProcessDuplicated, keyInFlight)
	}
	resp := handle(r, body)
	if resp.Status >= 200 && resp.Status <= 299 {
		s.idem.Complete(claim, fp, resp, s.now())
	} else {
		s.idem.Release(claim)
	}
	return resp
}

// admitted answers the requests no handler may see: bad credentials (401),
// a role outside the keys' scope (403 API_SCOPE_INVALID), a role the route
// does not take (403 API_ROLE_NOT_SUPPORT), a missing user JWT where one
// is required (500, as Commerce answers it).
func (s *Server) admitted(r *http.Request, rt route) (sandbox.Response, bool) {
	ck, sk, ok := r.BasicAuth()
	if !ok || !sandbox.Equal(ck, s.cfg.clientKey) || !sandbox.Equal(sk, s.cfg.secretKey) {
		return s.errorResponse(CodeAuthInvalid, ""), false
	}
	role := commerce.Role(r.Header.Get("BOOTPAY-ROLE"))
	if role == "" {
		role = commerce.RoleUser
	}
	if len(s.cfg.roles) > 0 && !slices.Contains(s.cfg.roles, role) {
		return s.errorResponse(CodeScopeInvalid, ""), false
	}
	if rt.role != commerce.RoleUser && role != rt.role {
		return s.errorResponse(CodeRoleNotSupported, ""), false
	}
	s.mu.Lock()
	need := s.needJWT[rt.op]
	s.mu.Unlock()
	if need && r.Header.Get("Bootpay-User-JWT") == "" {
		return s.errorResponse(CodeUserJWTRequired, ""), false
	}
	return sandbox.Response{}, true
}

// RequireUserJWT makes the operations answer a request without a
// Bootpay-User-JWT header with 500 USER_JWT_REQUIRED, as Commerce answers
// storefront calls without a signed-in buyer.
func (s *Server) RequireUserJWT(ops ...Operation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, op := range ops {
		s.needJWT[op] = true
	}
}

// URL returns the base URL of the API including the version prefix, such
// as "http://127.0.0.1:4567/v1". Configure a client with it.
func (s *Server) URL() string { return s.kit.URL() + "/v1" }

// Client returns an *http.Client configured for the server.
func (s *Server) Client() *http.Client { return s.kit.Client() }

// Close shuts the server down: requests held by a [Faults].Delay fault are
// abandoned without being applied. Close is idempotent.
func (s *Server) Close() { s.kit.Close() }

// Settle waits until the server has served every request it received, so
// that its state is final. It returns ctx's error if ctx ends first.
func (s *Server) Settle(ctx context.Context) error { return s.kit.Settle(ctx) }

func (s *Server) now() time.Time { return s.kit.Now() }

// nextID returns a new 24-hex-digit id, as Commerce's ids look.
func (s *Server) nextID() string {
	return sandbox.RandomHex(12)
}
