package portonetest

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/portone"
)

// Default identity of a [Server]. The values are fake; override them with [WithAPISecret],
// [WithStoreID] and [WithMerchantID].
const (
	// APISecret is accepted as Authorization: PortOne <APISecret> and by POST /login/api-secret.
	APISecret = "portonetest-api-secret-00000000000000000000000000000000"
	// StoreID is the store the default credential acts on when a request names none.
	StoreID = "store-00000000-0000-4000-8000-000000000000"
	// MerchantID is sent as "merchantId" on payments, billing keys and schedules.
	MerchantID = "merchant-00000000-0000-4000-8000-000000000000"
)

// Token and idempotency-key lifetimes used unless options say otherwise. They are the documented
// values: access tokens live 30 minutes, refresh tokens one day, idempotency keys about 3 hours.
const (
	DefaultAccessTokenTTL  = 30 * time.Minute
	DefaultRefreshTokenTTL = 24 * time.Hour
	DefaultIdempotencyTTL  = 3 * time.Hour
)

// Operation names an endpoint of the sandbox, for [Server.Inject], the Op field of [Request] and
// [Stats.Requests]. The names are the operation names the portone client reports (APIError.Op).
type Operation string

// The operations the sandbox serves.
const (
	OpLogin               Operation = "auth.login"                 // POST /login/api-secret
	OpTokenRefresh        Operation = "auth.refresh"               // POST /token/refresh
	OpPaymentGet          Operation = "payments.get"               // GET /payments/{paymentId}
	OpPaymentList         Operation = "payments.list"              // GET /payments
	OpPaymentListByCursor Operation = "payments.all"               // GET /payments-by-cursor
	OpPaymentCancel       Operation = "payments.cancel"            // POST /payments/{paymentId}/cancel
	OpPaymentPreRegister  Operation = "payments.preRegister"       // POST /payments/{paymentId}/pre-register
	OpBillingKeyPay       Operation = "payments.payWithBillingKey" // POST /payments/{paymentId}/billing-key
	OpBillingKeyIssue     Operation = "billingKeys.issue"          // POST /billing-keys
	OpBillingKeyGet       Operation = "billingKeys.get"            // GET /billing-keys/{billingKey}
	OpBillingKeyDelete    Operation = "billingKeys.delete"         // DELETE /billing-keys/{billingKey}
	OpScheduleCreate      Operation = "paymentSchedules.create"    // POST /payments/{paymentId}/schedule
	OpScheduleGet         Operation = "paymentSchedules.get"       // GET /payment-schedules/{paymentScheduleId}
	OpScheduleRevoke      Operation = "paymentSchedules.revoke"    // DELETE /payment-schedules
	// OpVirtualAccountClose is POST /payments/{paymentId}/virtual-account/close (가상계좌 말소).
	OpVirtualAccountClose Operation = "payments.closeVirtualAccount"
	// OpPaymentEventListByCursor is GET /payment-events-by-cursor (결제 이벤트 대용량 다건 조회).
	OpPaymentEventListByCursor Operation = "payments.allEvents"
)

// An Option configures a [Server].
type Option func(*config)

type config struct {
	secrets        []string
	storeID        string
	subStores      []string
	merchantID     string
	accessTTL      time.Duration
	refreshTTL     time.Duration
	idempotencyTTL time.Duration
	now            func() time.Time
	listener       net.Listener // WithListener
}

// keepDefaults puts back the default of every setting an option left unusable.
func (c *config) keepDefaults() {
	if c.accessTTL <= 0 {
		c.accessTTL = DefaultAccessTokenTTL
	}
	if c.refreshTTL <= 0 {
		c.refreshTTL = DefaultRefreshTokenTTL
	}
	if c.idempotencyTTL <= 0 {
		c.idempotencyTTL = DefaultIdempotencyTTL
	}
}

// WithAPISecret sets the API secrets the server accepts, instead of [APISecret]. Each secret is
// its own API user: refresh tokens rotate per secret and idempotency keys are scoped per secret.
// Empty strings are ignored; with none left the default stays.
func WithAPISecret(secrets ...string) Option {
	return func(c *config) {
		var keep []string
		for _, s := range secrets {
			if s != "" {
				keep = append(keep, s)
			}
		}
		if len(keep) > 0 {
			c.secrets = keep
		}
	}
}

// WithStoreID sets the store of the credentials (used when a request names no storeId), instead
// of [StoreID]. An empty id keeps the default.
func WithStoreID(id string) Option {
	return func(c *config) {
		if id != "" {
			c.storeID = id
		}
	}
}

// WithSubStores adds stores (하위 상점) the credentials may also act on by naming them in storeId.
// A storeId that is neither the credentials' store nor one of these gets 403 FORBIDDEN.
func WithSubStores(ids ...string) Option {
	return func(c *config) { c.subStores = append(c.subStores, ids...) }
}

// WithMerchantID sets the merchant id written on every object, instead of [MerchantID].
func WithMerchantID(id string) Option {
	return func(c *config) {
		if id != "" {
			c.merchantID = id
		}
	}
}

// WithTokenTTL sets the lifetimes of the access and refresh tokens the server issues (defaults
// [DefaultAccessTokenTTL] and [DefaultRefreshTokenTTL]). A value <= 0 keeps its default.
func WithTokenTTL(access, refresh time.Duration) Option {
	return func(c *config) { c.accessTTL, c.refreshTTL = access, refresh }
}

// WithIdempotencyTTL sets how long a completed request's response is kept for replay under its
// Idempotency-Key (default [DefaultIdempotencyTTL]). A ttl <= 0 keeps the default.
func WithIdempotencyTTL(ttl time.Duration) Option {
	return func(c *config) { c.idempotencyTTL = ttl }
}

// WithClock makes the server read the time from now instead of time.Now: for token and
// idempotency-key expiry, every timestamp it writes, list date ranges and the Time of each
// [Request]. Advancing a fake clock past a token's lifetime expires it. now must be safe for
// concurrent use; nil keeps time.Now. Fault delays always use real time.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// A Server is an in-process PortOne V2 API (an httptest.Server) with payments, billing keys,
// payment schedules, both authentication modes, Idempotency-Key handling, fault injection and a
// request log. Create it with [NewServer] and stop it with [Server.Close]. All methods are safe
// for concurrent use.
type Server struct {
	cfg   config
	kit   *sandbox.Server[Operation]
	idem  *sandbox.KeyStore[idemScope]
	stats sandbox.Tally[Stats] // applied state changes; Requests is filled from the kit

	mu          sync.Mutex
	seq         int64 // creation order of payments, for listing
	payments    map[string]*payment
	billingKeys map[string]*billingKey
	schedules   map[string]*schedule
	preRegs     map[string]PreRegistration
	accessTok   sandbox.Tokens[string] // access token → the API secret it stands for
	refreshTok  sandbox.Tokens[string] // refresh token → the API secret it stands for
	currentRef  map[string]string      // secret → its only live refresh token
	paymentNum  int
	events      []*paymentEvent // every movement of money, in recording order
}

// NewServer starts a sandbox server on a loopback port. Close it when done, typically with
// t.Cleanup(srv.Close).
func NewServer(opts ...Option) *Server {
	cfg := config{
		secrets:        []string{APISecret},
		storeID:        StoreID,
		merchantID:     MerchantID,
		accessTTL:      DefaultAccessTokenTTL,
		refreshTTL:     DefaultRefreshTokenTTL,
		idempotencyTTL: DefaultIdempotencyTTL,
	}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	cfg.keepDefaults()
	s := &Server{
		cfg:         cfg,
		payments:    make(map[string]*payment),
		billingKeys: make(map[string]*billingKey),
		schedules:   make(map[string]*schedule),
		preRegs:     make(map[string]PreRegistration),
		currentRef:  make(map[string]string),
	}
	s.idem = sandbox.NewKeyStore[idemScope](cfg.idempotencyTTL)
	s.kit = s.start()
	return s
}

// access says how an endpoint authenticates and whether it honours Idempotency-Key.
type access uint8

const (
	authed access = iota // PortOne <secret> or Bearer <access token>
	public               // login and refresh: the body carries the credential
	keyed                // authed, and a write that honours Idempotency-Key
)

// start starts the HTTP side of the sandbox on the kit: the endpoints it serves
// (https://developers.portone.io/api/rest-v2), how each authenticates, and the answers to the
// requests none of them takes.
func (s *Server) start() *sandbox.Server[Operation] {
	endpoints := []struct {
		pattern string
		op      Operation
		access  access
		h       handler
	}{
		{"POST /login/api-secret", OpLogin, public, s.handleLogin},
		{"POST /token/refresh", OpTokenRefresh, public, s.handleRefresh},
		{"GET /payments/{paymentId}", OpPaymentGet, authed, s.handlePaymentGet},
		{"GET /payments", OpPaymentList, authed, s.handlePaymentList},
		{"GET /payments-by-cursor", OpPaymentListByCursor, authed, s.handlePaymentCursor},
		{"GET /payment-events-by-cursor", OpPaymentEventListByCursor, authed, s.handlePaymentEventCursor},
		{"POST /payments/{paymentId}/cancel", OpPaymentCancel, keyed, s.handleCancel},
		{"POST /payments/{paymentId}/pre-register", OpPaymentPreRegister, keyed, s.handlePreRegister},
		{"POST /payments/{paymentId}/billing-key", OpBillingKeyPay, keyed, s.handleBillingKeyPay},
		{"POST /payments/{paymentId}/schedule", OpScheduleCreate, keyed, s.handleScheduleCreate},
		{"POST /payments/{paymentId}/virtual-account/close", OpVirtualAccountClose, keyed, s.handleCloseVirtualAccount},
		{"GET /payment-schedules/{paymentScheduleId}", OpScheduleGet, authed, s.handleScheduleGet},
		{"DELETE /payment-schedules", OpScheduleRevoke, keyed, s.handleScheduleRevoke},
		{"POST /billing-keys", OpBillingKeyIssue, keyed, s.handleBillingKeyIssue},
		{"GET /billing-keys/{billingKey}", OpBillingKeyGet, authed, s.handleBillingKeyGet},
		{"DELETE /billing-keys/{billingKey}", OpBillingKeyDelete, keyed, s.handleBillingKeyDelete},
	}
	routes := make([]sandbox.Route[Operation], len(endpoints))
	for i, e := range endpoints {
		routes[i] = sandbox.Route[Operation]{Pattern: e.pattern, Op: e.op, Handle: s.serve(e.access, e.h)}
		if e.access == keyed {
			routes[i].Admit = s.idem.Admit(s.keyScope, s.now)
		}
	}
	return sandbox.NewServer(sandbox.Config{
		Now:              s.cfg.now,
		Listener:         s.cfg.listener,
		NotFound:         errorResponse(ErrorTypeRouteNotFound, ""),
		MethodNotAllowed: errorResponse(ErrorTypeMethodNotAllowed, ""),
	}, routes)
}

// URL returns the base URL of the API, such as "http://127.0.0.1:4567". PortOne's paths have no
// prefix (/payments/{paymentId}, /login/api-secret …), so use it as the client's base URL as is.
func (s *Server) URL() string { return s.kit.URL() }

// Client returns an *http.Client configured for the server (plain HTTP; its transport is closed by
// [Server.Close]).
func (s *Server) Client() *http.Client { return s.kit.Client() }

// Close shuts the server down: requests waiting in a [Faults].Delay fault are abandoned without
// being applied (their Idempotency-Keys stay unused), and Close returns once every other request
// has been served. Close is idempotent.
func (s *Server) Close() { s.kit.Close() }

// Settle waits until the server has served every request it received: a write held by a
// [Faults].Delay fault has been applied and its response stored under its Idempotency-Key (or
// abandoned by Close), and a request whose client gave up has been answered. Call it before
// comparing the sandbox's state with what a client reported. It returns ctx's error if ctx ends
// first.
func (s *Server) Settle(ctx context.Context) error { return s.kit.Settle(ctx) }

// now reads the server's clock ([WithClock]), which the kit keeps.
func (s *Server) now() time.Time { return s.kit.Now() }

// stamp is the server time as written on objects: UTC, millisecond precision.
func (s *Server) stamp() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// request is what a handler needs from the HTTP request; the body comes from the kit's Runner.
type request struct {
	r      *http.Request
	secret string // the authenticated API secret
	query  url.Values
}

// handler serves one routed operation after authentication; body is the request body as read.
type handler func(rq *request, body []byte) sandbox.Response

// keyScope is the scope a keyed write reserves before its body is read: its API secret and its
// Idempotency-Key. A request without a well-formed key or valid credentials reserves nothing (the
// handler refuses it, or runs it unkeyed).
func (s *Server) keyScope(r *http.Request) (idemScope, bool) {
	key, present, err := idempotencyKey(r.Header)
	if !present || err != nil {
		return idemScope{}, false
	}
	secret, ok := s.credential(r)
	if !ok {
		return idemScope{}, false
	}
	return idemScope{secret, key}, true
}

// serve authenticates a request, handles its Idempotency-Key and runs its handler.
func (s *Server) serve(acc access, h handler) sandbox.Handler {
	return func(r *http.Request, body []byte) sandbox.Response {
		ticket := s.idem.Ticket(r)
		rq := &request{r: r, query: r.URL.Query()}
		if acc != public {
			secret, resp, ok := s.authorize(r)
			if !ok {
				s.idem.Release(ticket)
				return resp
			}
			rq.secret = secret
		}
		if acc != keyed {
			return h(rq, body)
		}
		return s.keyed(rq, body, ticket, h)
	}
}

// keyed runs a write under its Idempotency-Key: once, replayed, refused while the first is in
// flight, or refused for a different request under the same key.
func (s *Server) keyed(rq *request, body []byte, ticket *sandbox.KeyTicket[idemScope], h handler) sandbox.Response {
	key, present, err := idempotencyKey(rq.r.Header)
	if err != nil {
		s.idem.Release(ticket)
		return errorResponse(portone.ErrorTypeInvalidRequest, keyFormatMessage)
	}
	if !present {
		return h(rq, body)
	}
	scope := idemScope{rq.secret, key}
	fp := fingerprint(rq.r, body)
	claim, stored, verdict := s.idem.Claim(scope, ticket, fp, s.now())
	switch verdict {
	case sandbox.KeyReplay:
		s.stats.Count(func(st *Stats) { st.IdempotentReplays++ })
		resp := stored // Claim returns a copy
		if resp.Header == nil {
			resp.Header = make(http.Header)
		}
		resp.Header.Set("Idempotent-Replayed", "true")
		return resp
	case sandbox.KeyOutstanding:
		s.stats.Count(func(st *Stats) { st.OutstandingConflicts++ })
		return errorResponse(portone.ErrorTypeIdempotencyOutstandingRequest, "")
	case sandbox.KeyMismatch:
		s.stats.Count(func(st *Stats) { st.IdempotencyMismatches++ })
		return errorResponse(ErrorTypeIdempotencyKeyReused, "")
	}
	resp := h(rq, body)
	s.idem.Complete(claim, fp, resp, s.now())
	return resp
}

func ptr[T any](v T) *T { return &v }

// snapshotOf returns, under the server's lock, the snapshot of the object stored under id in m, and
// whether there is one.
func snapshotOf[S any, T interface{ snapshot() S }](s *Server, m map[string]T, id string) (S, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := m[id]
	if !ok {
		var zero S
		return zero, false
	}
	return v.snapshot(), true
}

// stored is an object the sandbox keeps per store: a payment, a billing key or a schedule.
type stored interface{ store() string }

func (p *payment) store() string    { return p.storeID }
func (k *billingKey) store() string { return k.storeID }
func (sc *schedule) store() string  { return sc.storeID }

// inStoreLocked returns m[id] if it exists and belongs to store. The caller holds s.mu.
func inStoreLocked[T stored](m map[string]T, id, store string) (T, bool) {
	v, ok := m[id]
	if !ok || v.store() != store {
		var zero T
		return zero, false
	}
	return v, true
}

// serveGet serves the GET of one stored object: the path wildcard names it and the storeId query
// parameter its store (403 for a store the credentials may not access); one that does not exist in
// that store gets 404 with the notFound error type. Due payment schedules run first, so the object
// is what PortOne would show by the server's clock.
func serveGet[T stored](s *Server, rq *request, wildcard string, m map[string]T, notFound portone.ErrorType,
	render func(T) sandbox.Response) sandbox.Response {
	store, denied := s.resolveStore(rq.query.Get("storeId"))
	if denied != nil {
		return *denied
	}
	now := s.stamp()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runDueSchedulesLocked(now)
	v, ok := inStoreLocked(m, rq.r.PathValue(wildcard), store)
	if !ok {
		return errorResponse(notFound, "")
	}
	return render(v)
}

// decodeBody decodes a write's JSON body into v, or returns the 400 INVALID_REQUEST to send.
func decodeBody(body []byte, v any) *sandbox.Response {
	if err := sandbox.DecodeObject(body, v); err != nil {
		return ptr(errorResponse(portone.ErrorTypeInvalidRequest, "요청 본문이 올바른 JSON이 아니거나 필드 형식이 맞지 않습니다."))
	}
	return nil
}

// decodeInput decodes the JSON input of a GET list or DELETE /payment-schedules into v: the
// requestBody query parameter or, failing that, the body (none means {}). Giving both is refused
// as ambiguous; it returns the 400 INVALID_REQUEST to send.
func decodeInput(rq *request, body []byte, v any) *sandbox.Response {
	q, hasQuery := rq.query["requestBody"]
	hasBody := len(strings.TrimSpace(string(body))) > 0
	in := []byte("{}")
	switch {
	case hasQuery && hasBody:
		return ptr(errorResponse(portone.ErrorTypeInvalidRequest, "requestBody 쿼리 파라미터와 본문을 함께 보낼 수 없습니다."))
	case hasQuery && len(q) > 1:
		return ptr(errorResponse(portone.ErrorTypeInvalidRequest, "requestBody 쿼리 파라미터가 여러 개입니다."))
	case hasQuery:
		in = []byte(q[0])
	case hasBody:
		in = body
	}
	if err := sandbox.DecodeObject(in, v); err != nil {
		return ptr(errorResponse(portone.ErrorTypeInvalidRequest, "요청 본문(requestBody)이 올바른 JSON이 아닙니다."))
	}
	return nil
}

// credential returns the API secret a request authenticates as, without side effects.
func (s *Server) credential(r *http.Request) (string, bool) {
	secret, _, ok := s.authorize(r)
	return secret, ok
}

// authorize checks the Authorization header of a request to any endpoint but login and refresh.
// It returns the API secret the credentials stand for, or the 401 response to send.
func (s *Server) authorize(r *http.Request) (secret string, resp sandbox.Response, ok bool) {
	values := r.Header.Values("Authorization")
	if len(values) == 0 {
		return "", errorResponse(portone.ErrorTypeUnauthorized, "Authorization 헤더가 없습니다."), false
	}
	if len(values) > 1 {
		return "", errorResponse(portone.ErrorTypeUnauthorized, "Authorization 헤더가 여러 개입니다."), false
	}
	scheme, cred, _ := strings.Cut(strings.TrimSpace(values[0]), " ")
	cred = strings.TrimSpace(cred)
	switch strings.ToLower(scheme) {
	case "portone":
		for _, sec := range s.cfg.secrets {
			if sandbox.Equal(cred, sec) {
				return sec, sandbox.Response{}, true
			}
		}
		return "", errorResponse(portone.ErrorTypeUnauthorized, "API 시크릿이 올바르지 않습니다."), false
	case "bearer":
		secret, _, st := s.accessTok.Check(cred, s.now())
		switch st {
		case sandbox.TokenUnknown:
			return "", errorResponse(portone.ErrorTypeUnauthorized, "유효하지 않은 액세스 토큰입니다."), false
		case sandbox.TokenExpired:
			return "", errorResponse(portone.ErrorTypeUnauthorized, "만료된 액세스 토큰입니다."), false
		}
		return secret, sandbox.Response{}, true
	default:
		return "", errorResponse(portone.ErrorTypeUnauthorized, "지원하지 않는 인증 방식입니다. PortOne 또는 Bearer를 사용하세요."), false
	}
}

// resolveStore returns the store a request acts on: the one it names, or the credentials' store.
// A store the credentials may not access gets 403 FORBIDDEN.
func (s *Server) resolveStore(named string) (string, *sandbox.Response) {
	if named == "" || named == s.cfg.storeID {
		return s.cfg.storeID, nil
	}
	for _, sub := range s.cfg.subStores {
		if named == sub {
			return named, nil
		}
	}
	return "", ptr(errorResponse(portone.ErrorTypeForbidden, "접근 권한이 없는 상점입니다: "+named))
}

// handleLogin serves POST /login/api-secret: a new access token and a new refresh token; the
// secret's previous refresh token stops working at once, as PortOne documents.
func (s *Server) handleLogin(_ *request, body []byte) sandbox.Response {
	var req loginRequest
	if err := sandbox.DecodeObject(body, &req); err != nil || req.APISecret == nil {
		return errorResponse(portone.ErrorTypeInvalidRequest, "apiSecret이 필요합니다.")
	}
	var secret string
	for _, sec := range s.cfg.secrets {
		if sandbox.Equal(*req.APISecret, sec) {
			secret = sec
		}
	}
	if secret == "" {
		return errorResponse(portone.ErrorTypeUnauthorized, "API 시크릿이 올바르지 않습니다.")
	}
	s.mu.Lock()
	pair := s.issueTokensLocked(secret)
	s.mu.Unlock()
	s.stats.Count(func(st *Stats) { st.TokensIssued++ })
	return sandbox.JSON(http.StatusOK, pair)
}

// handleRefresh serves POST /token/refresh: the refresh token must be the secret's current one
// and unexpired; it is replaced by a new one.
func (s *Server) handleRefresh(_ *request, body []byte) sandbox.Response {
	var req refreshRequest
	if err := sandbox.DecodeObject(body, &req); err != nil || req.RefreshToken == nil {
		return errorResponse(portone.ErrorTypeInvalidRequest, "refreshToken이 필요합니다.")
	}
	now := s.now()
	s.mu.Lock()
	secret, _, st := s.refreshTok.Check(*req.RefreshToken, now)
	if st == sandbox.TokenUnknown || s.currentRef[secret] != *req.RefreshToken {
		s.mu.Unlock()
		return errorResponse(portone.ErrorTypeUnauthorized, "유효하지 않은 리프레시 토큰입니다.")
	}
	if st == sandbox.TokenExpired {
		s.mu.Unlock()
		return errorResponse(portone.ErrorTypeUnauthorized, "만료된 리프레시 토큰입니다.")
	}
	pair := s.issueTokensLocked(secret)
	s.mu.Unlock()
	s.stats.Count(func(st *Stats) { st.TokensRefreshed++ })
	return sandbox.JSON(http.StatusOK, pair)
}

// ExpireTokens makes every access and refresh token issued so far invalid: requests using one get
// 401 UNAUTHORIZED, and POST /token/refresh with one too. PortOne <secret> authentication and a new
// POST /login/api-secret keep working.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accessTok.Clear()
	s.refreshTok.Clear()
	clear(s.currentRef)
}

// issueTokensLocked creates a token pair for secret and retires its previous refresh token.
// Access tokens issued before stay valid until they expire (UNCONFIRMED: PortOne documents the
// rotation of refresh tokens only).
func (s *Server) issueTokensLocked(secret string) tokenPair {
	now := s.now()
	if old := s.currentRef[secret]; old != "" {
		s.refreshTok.Delete(old)
	}
	access := newAccessToken(now, s.cfg.accessTTL)
	refresh := "portonetest-refresh-" + sandbox.RandomHex(24)
	s.accessTok.Issue(access, secret, now.Add(s.cfg.accessTTL))
	s.refreshTok.Issue(refresh, secret, now.Add(s.cfg.refreshTTL))
	s.currentRef[secret] = refresh
	return tokenPair{AccessToken: access, RefreshToken: refresh}
}

// newAccessToken returns a JWT-shaped token whose payload carries iat and exp, so that clients
// reading exp (the scheme is named bearerJwt) can be tested. The sandbox itself never decodes it:
// tokens are looked up, and the signature is random.
func newAccessToken(now time.Time, ttl time.Duration) string {
	header := b64(`{"alg":"HS256","typ":"JWT"}`)
	claims, _ := json.Marshal(struct {
		Iss string `json:"iss"`
		Iat int64  `json:"iat"`
		Exp int64  `json:"exp"`
		Jti string `json:"jti"`
	}{"portonetest", now.Unix(), now.Add(ttl).Unix(), sandbox.RandomHex(8)})
	sig := make([]byte, 32)
	_, _ = rand.Read(sig)
	return header + "." + b64(string(claims)) + "." + b64(string(sig))
}
