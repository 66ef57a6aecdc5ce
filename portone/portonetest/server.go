package portonetest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/paykit-kr/paykit/internal/fault"
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
	return func(c *config) {
		if access > 0 {
			c.accessTTL = access
		}
		if refresh > 0 {
			c.refreshTTL = refresh
		}
	}
}

// WithIdempotencyTTL sets how long a completed request's response is kept for replay under its
// Idempotency-Key (default [DefaultIdempotencyTTL]). A ttl <= 0 keeps the default.
func WithIdempotencyTTL(ttl time.Duration) Option {
	return func(c *config) {
		if ttl > 0 {
			c.idempotencyTTL = ttl
		}
	}
}

// WithClock makes the server read the time from now instead of time.Now: for token and
// idempotency-key expiry, every timestamp it writes, list date ranges and [Request.Time]. Advancing
// a fake clock past a token's lifetime expires it. now must be safe for concurrent use; nil keeps
// time.Now. Fault delays always use real time.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// A Server is an in-process PortOne V2 API (an httptest.Server) with payments, billing keys,
// payment schedules, both authentication modes, Idempotency-Key handling, fault injection and a
// request log. Create it with [NewServer] and stop it with [Server.Close]. All methods are safe
// for concurrent use.
type Server struct {
	cfg config
	ts  *httptest.Server

	faults   fault.Injector
	log      *fault.Log
	runner   *fault.Runner
	counters fault.Counters
	idem     idempotencyStore

	mu          sync.Mutex
	seq         int64 // creation order of payments, for listing
	payments    map[string]*payment
	billingKeys map[string]*billingKey
	schedules   map[string]*schedule
	preRegs     map[string]PreRegistration
	accessTok   map[string]tokenGrant
	refreshTok  map[string]tokenGrant
	currentRef  map[string]string // secret → its only live refresh token
	paymentNum  int

	closeOnce sync.Once
}

// tokenGrant is an issued token: whose it is and until when it works.
type tokenGrant struct {
	secret  string
	expires time.Time
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
		now:            time.Now,
	}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := &Server{
		cfg:         cfg,
		payments:    make(map[string]*payment),
		billingKeys: make(map[string]*billingKey),
		schedules:   make(map[string]*schedule),
		preRegs:     make(map[string]PreRegistration),
		accessTok:   make(map[string]tokenGrant),
		refreshTok:  make(map[string]tokenGrant),
		currentRef:  make(map[string]string),
	}
	s.idem.entries = make(map[idemScope]*idemEntry)
	s.idem.ttl = cfg.idempotencyTTL
	s.log = fault.NewLog(cfg.now)
	s.runner = fault.NewRunner(s.log, 0)
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	// Dropped and truncated connections are the point; keep the server's own complaints quiet.
	s.ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.ts.Start()
	return s
}

// URL returns the base URL of the API, such as "http://127.0.0.1:4567". PortOne's paths have no
// prefix (/payments/{paymentId}, /login/api-secret …), so use it as the client's base URL as is.
func (s *Server) URL() string { return s.ts.URL }

// Client returns an *http.Client configured for the server (plain HTTP; its transport is closed by
// [Server.Close]).
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Close shuts the server down: requests waiting in a [Delay] fault are abandoned without being
// applied, and Close returns once every other request has been served. Close is idempotent.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.runner.Shutdown()
		s.ts.Close()
	})
}

// ExpireTokens makes every access and refresh token issued so far invalid: requests using one get
// 401 UNAUTHORIZED, and POST /token/refresh with one too. PortOne <secret> authentication and a new
// POST /login/api-secret keep working.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.accessTok)
	clear(s.refreshTok)
	clear(s.currentRef)
}

func (s *Server) now() time.Time { return s.cfg.now() }

// stamp is the server time as written on objects: UTC, millisecond precision.
func (s *Server) stamp() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// request is what a handler needs from the HTTP request; the body comes from the Runner.
type request struct {
	r      *http.Request
	secret string // the authenticated API secret
	query  url.Values
}

// handler serves one routed operation after authentication; body is the request body as read.
type handler func(rq *request, body []byte) fault.Response

// route is the outcome of routing: the operation, its handler, and how it is served.
type route struct {
	op      Operation
	h       handler
	noAuth  bool // login and refresh
	keyable bool // a write that honours Idempotency-Key
	errResp *fault.Response
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	rt := s.route(r)
	var f fault.Fault
	if rt.op != "" {
		f, _ = s.faults.Take(string(rt.op))
	}
	if rt.errResp != nil {
		resp := *rt.errResp
		s.runner.Perform(w, r, string(rt.op), f, func([]byte) fault.Response { return resp })
		return
	}

	// A keyed write reserves its key before the body is read and before any delay, so that a
	// duplicate arriving meanwhile sees the first one in flight. A request whose fault never
	// applies it (Status, CloseBeforeRead) is never in flight.
	var ticket *idemTicket
	if rt.keyable && f.Kind().Applies() {
		if key, present, err := idempotencyKey(r.Header); present && err == nil {
			if secret, ok := s.credential(r); ok {
				ticket = s.idem.reserve(idemScope{secret, key}, s.now())
			}
		}
	}
	out := s.runner.Perform(w, r, string(rt.op), f, func(body []byte) fault.Response {
		return s.apply(rt, r, body, ticket)
	})
	if ticket != nil && !out.Applied {
		s.idem.release(ticket)
	}
}

// apply authenticates a request, handles its Idempotency-Key and runs its handler.
func (s *Server) apply(rt route, r *http.Request, body []byte, ticket *idemTicket) fault.Response {
	rq := &request{r: r, query: r.URL.Query()}
	if !rt.noAuth {
		secret, resp, ok := s.authorize(r)
		if !ok {
			s.idem.release(ticket)
			return resp
		}
		rq.secret = secret
	}
	if !rt.keyable {
		return rt.h(rq, body)
	}
	key, present, err := idempotencyKey(r.Header)
	if err != nil {
		s.idem.release(ticket)
		return errorResponse(portone.ErrorTypeInvalidRequest, keyFormatMessage)
	}
	if !present {
		return rt.h(rq, body)
	}
	scope := idemScope{rq.secret, key}
	fp := fingerprint(r, body)
	now := s.now()
	claim, stored, verdict := s.idem.claim(scope, ticket, fp, now)
	switch verdict {
	case idemReplay:
		s.counters.Inc(counterReplays)
		resp := stored
		resp.Header = resp.Header.Clone()
		if resp.Header == nil {
			resp.Header = make(http.Header)
		}
		resp.Header.Set("Idempotent-Replayed", "true")
		return resp
	case idemOutstanding:
		s.counters.Inc(counterOutstanding)
		return errorResponse(portone.ErrorTypeIdempotencyOutstandingRequest, "")
	case idemMismatch:
		s.counters.Inc(counterMismatches)
		return errorResponse(ErrorTypeIdempotencyKeyReused, "")
	}
	resp := rt.h(rq, body)
	s.idem.complete(claim, fp, resp, s.now())
	return resp
}

// route maps a request to its operation. Unknown routes get the operation "".
func (s *Server) route(r *http.Request) route {
	segs, ok := pathSegments(r.URL)
	if !ok {
		return route{errResp: ptr(errorResponse(ErrorTypeRouteNotFound, ""))}
	}
	var (
		rt     route
		method = http.MethodPost
	)
	id := func(i int) string { return segs[i] }
	switch {
	case len(segs) == 2 && segs[0] == "login" && segs[1] == "api-secret":
		rt = route{op: OpLogin, h: s.handleLogin, noAuth: true}
	case len(segs) == 2 && segs[0] == "token" && segs[1] == "refresh":
		rt = route{op: OpTokenRefresh, h: s.handleRefresh, noAuth: true}
	case len(segs) == 1 && segs[0] == "payments":
		rt, method = route{op: OpPaymentList, h: s.handlePaymentList}, http.MethodGet
	case len(segs) == 1 && segs[0] == "payments-by-cursor":
		rt, method = route{op: OpPaymentListByCursor, h: s.handlePaymentCursor}, http.MethodGet
	case len(segs) == 2 && segs[0] == "payments" && segs[1] != "":
		pid := id(1)
		rt, method = route{op: OpPaymentGet, h: func(rq *request, _ []byte) fault.Response {
			return s.handlePaymentGet(rq, pid)
		}}, http.MethodGet
	case len(segs) == 3 && segs[0] == "payments" && segs[1] != "":
		pid := id(1)
		switch segs[2] {
		case "cancel":
			rt = route{op: OpPaymentCancel, keyable: true, h: func(rq *request, b []byte) fault.Response {
				return s.handleCancel(rq, pid, b)
			}}
		case "billing-key":
			rt = route{op: OpBillingKeyPay, keyable: true, h: func(rq *request, b []byte) fault.Response {
				return s.handleBillingKeyPay(rq, pid, b)
			}}
		case "schedule":
			rt = route{op: OpScheduleCreate, keyable: true, h: func(rq *request, b []byte) fault.Response {
				return s.handleScheduleCreate(rq, pid, b)
			}}
		case "pre-register":
			rt = route{op: OpPaymentPreRegister, keyable: true, h: func(rq *request, b []byte) fault.Response {
				return s.handlePreRegister(rq, pid, b)
			}}
		}
	case len(segs) == 1 && segs[0] == "billing-keys":
		rt = route{op: OpBillingKeyIssue, keyable: true, h: s.handleBillingKeyIssue}
	case len(segs) == 2 && segs[0] == "billing-keys" && segs[1] != "":
		key := id(1)
		switch r.Method {
		case http.MethodDelete:
			rt, method = route{op: OpBillingKeyDelete, keyable: true, h: func(rq *request, _ []byte) fault.Response {
				return s.handleBillingKeyDelete(rq, key)
			}}, http.MethodDelete
		default:
			rt, method = route{op: OpBillingKeyGet, h: func(rq *request, _ []byte) fault.Response {
				return s.handleBillingKeyGet(rq, key)
			}}, http.MethodGet
		}
	case len(segs) == 1 && segs[0] == "payment-schedules":
		rt, method = route{op: OpScheduleRevoke, keyable: true, h: s.handleScheduleRevoke}, http.MethodDelete
	case len(segs) == 2 && segs[0] == "payment-schedules" && segs[1] != "":
		sid := id(1)
		rt, method = route{op: OpScheduleGet, h: func(rq *request, _ []byte) fault.Response {
			return s.handleScheduleGet(rq, sid)
		}}, http.MethodGet
	}
	if rt.op == "" {
		return route{errResp: ptr(errorResponse(ErrorTypeRouteNotFound, ""))}
	}
	if r.Method != method {
		allow := method
		if rt.op == OpBillingKeyGet || rt.op == OpBillingKeyDelete {
			allow = "GET, DELETE"
		}
		resp := errorResponse(ErrorTypeMethodNotAllowed, "")
		resp.Header.Set("Allow", allow)
		return route{errResp: &resp}
	}
	return rt
}

// pathSegments splits the escaped path into unescaped segments, so that an id containing an
// escaped "/" stays one segment. A trailing slash yields a final empty segment.
func pathSegments(u *url.URL) ([]string, bool) {
	p := u.EscapedPath()
	if !strings.HasPrefix(p, "/") {
		return nil, false
	}
	raw := strings.Split(p[1:], "/")
	out := make([]string, len(raw))
	for i, seg := range raw {
		v, err := url.PathUnescape(seg)
		if err != nil {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

func ptr[T any](v T) *T { return &v }

// credential returns the API secret a request authenticates as, without side effects.
func (s *Server) credential(r *http.Request) (string, bool) {
	secret, _, ok := s.authorize(r)
	return secret, ok
}

// authorize checks the Authorization header of a request to any endpoint but login and refresh.
// It returns the API secret the credentials stand for, or the 401 response to send.
func (s *Server) authorize(r *http.Request) (secret string, resp fault.Response, ok bool) {
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
			if equal(cred, sec) {
				return sec, fault.Response{}, true
			}
		}
		return "", errorResponse(portone.ErrorTypeUnauthorized, "API 시크릿이 올바르지 않습니다."), false
	case "bearer":
		now := s.now()
		s.mu.Lock()
		g, known := s.accessTok[cred]
		s.mu.Unlock()
		switch {
		case cred == "" || !known:
			return "", errorResponse(portone.ErrorTypeUnauthorized, "유효하지 않은 액세스 토큰입니다."), false
		case !now.Before(g.expires):
			return "", errorResponse(portone.ErrorTypeUnauthorized, "만료된 액세스 토큰입니다."), false
		}
		return g.secret, fault.Response{}, true
	default:
		return "", errorResponse(portone.ErrorTypeUnauthorized, "지원하지 않는 인증 방식입니다. PortOne 또는 Bearer를 사용하세요."), false
	}
}

// resolveStore returns the store a request acts on: the one it names, or the credentials' store.
// A store the credentials may not access gets 403 FORBIDDEN.
func (s *Server) resolveStore(named string) (string, *fault.Response) {
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

type loginRequest struct {
	APISecret *string `json:"apiSecret"`
}

type refreshRequest struct {
	RefreshToken *string `json:"refreshToken"`
}

type tokenPair struct {
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken"`
}

// handleLogin serves POST /login/api-secret: a new access token and a new refresh token; the
// secret's previous refresh token stops working at once, as PortOne documents.
func (s *Server) handleLogin(_ *request, body []byte) fault.Response {
	var req loginRequest
	if err := decodeJSON(body, &req); err != nil || req.APISecret == nil {
		return errorResponse(portone.ErrorTypeInvalidRequest, "apiSecret이 필요합니다.")
	}
	var secret string
	for _, sec := range s.cfg.secrets {
		if equal(*req.APISecret, sec) {
			secret = sec
		}
	}
	if secret == "" {
		return errorResponse(portone.ErrorTypeUnauthorized, "API 시크릿이 올바르지 않습니다.")
	}
	s.mu.Lock()
	pair := s.issueTokensLocked(secret)
	s.mu.Unlock()
	s.counters.Inc(counterTokensIssued)
	return jsonResponse(http.StatusOK, pair)
}

// handleRefresh serves POST /token/refresh: the refresh token must be the secret's current one
// and unexpired; it is replaced by a new one.
func (s *Server) handleRefresh(_ *request, body []byte) fault.Response {
	var req refreshRequest
	if err := decodeJSON(body, &req); err != nil || req.RefreshToken == nil {
		return errorResponse(portone.ErrorTypeInvalidRequest, "refreshToken이 필요합니다.")
	}
	now := s.now()
	s.mu.Lock()
	g, known := s.refreshTok[*req.RefreshToken]
	if !known || s.currentRef[g.secret] != *req.RefreshToken {
		s.mu.Unlock()
		return errorResponse(portone.ErrorTypeUnauthorized, "유효하지 않은 리프레시 토큰입니다.")
	}
	if !now.Before(g.expires) {
		s.mu.Unlock()
		return errorResponse(portone.ErrorTypeUnauthorized, "만료된 리프레시 토큰입니다.")
	}
	pair := s.issueTokensLocked(g.secret)
	s.mu.Unlock()
	s.counters.Inc(counterTokensRefreshed)
	return jsonResponse(http.StatusOK, pair)
}

// issueTokensLocked creates a token pair for secret and retires its previous refresh token.
// Access tokens issued before stay valid until they expire (UNCONFIRMED: PortOne documents the
// rotation of refresh tokens only).
func (s *Server) issueTokensLocked(secret string) tokenPair {
	now := s.now()
	if old := s.currentRef[secret]; old != "" {
		delete(s.refreshTok, old)
	}
	access := newAccessToken(now, s.cfg.accessTTL)
	refresh := "portonetest-refresh-" + randomHex(24)
	s.accessTok[access] = tokenGrant{secret, now.Add(s.cfg.accessTTL)}
	s.refreshTok[refresh] = tokenGrant{secret, now.Add(s.cfg.refreshTTL)}
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
	}{"portonetest", now.Unix(), now.Add(ttl).Unix(), randomHex(8)})
	sig := make([]byte, 32)
	_, _ = rand.Read(sig)
	return header + "." + b64(string(claims)) + "." + b64(string(sig))
}

// randomHex returns n random bytes in hexadecimal.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
