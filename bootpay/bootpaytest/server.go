package bootpaytest

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/paykit-kr/paykit/internal/sandbox"
)

// Default credentials of a [Server]. They are fake; override them with [WithBasicCredentials] and
// [WithTokenCredentials].
const (
	// ClientKey and SecretKey are accepted as Authorization: Basic base64(ClientKey:SecretKey).
	ClientKey = "sandbox-client-key"
	SecretKey = "sandbox-secret-key"
	// ApplicationID and PrivateKey are exchanged for a Bearer token at POST /v2/request/token.
	ApplicationID = "sandbox-application-id"
	PrivateKey    = "sandbox-private-key"
)

// DefaultTokenTTL is how long an access token stays valid unless [WithTokenTTL] says otherwise: 30
// minutes, as documented by Bootpay.
const DefaultTokenTTL = 30 * time.Minute

// Operation names an endpoint of the sandbox, for [Server.Inject], the Op field of [Request] and
// [Stats.Requests].
type Operation string

// The operations the sandbox serves.
const (
	OpToken      Operation = "token"       // POST /v2/request/token
	OpReceiptGet Operation = "receipt.get" // GET /v2/receipt/{receipt_id}
	OpConfirm    Operation = "confirm"     // POST /v2/confirm
	OpCancel     Operation = "cancel"      // POST /v2/cancel

	OpBillingIssue         Operation = "billing.issue"          // POST /v2/request/subscribe
	OpTransferRequest      Operation = "billing.transfer"       // POST /v2/request/subscribe/automatic-transfer
	OpTransferPublish      Operation = "billing.publish"        // POST /v2/request/subscribe/automatic-transfer/publish
	OpBillingGet           Operation = "billing.get"            // GET /v2/billing_key/{billing_key}
	OpBillingGetByReceipt  Operation = "billing.get_by_receipt" // GET /v2/subscribe/billing_key/{receipt_id}
	OpBillingSequential    Operation = "billing.sequential"     // GET /v2/subscribe/sequential_billing_key/{billing_key}
	OpBillingDestroy       Operation = "billing.destroy"        // DELETE /v2/subscribe/billing_key/{billing_key}
	OpCharge               Operation = "billing.charge"         // POST /v2/subscribe/payment
	OpReserve              Operation = "billing.reserve"        // POST /v2/subscribe/payment/reserve
	OpReserveGet           Operation = "billing.reserve_get"    // GET /v2/subscribe/payment/reserve/{reserve_id}
	OpReserveCancel        Operation = "billing.reserve_cancel" // DELETE /v2/subscribe/payment/reserve/{reserve_id}
	OpAuthRequest          Operation = "auth.request"           // POST /v2/request/authentication
	OpAuthConfirm          Operation = "auth.confirm"           // POST /v2/authenticate/confirm
	OpAuthResend           Operation = "auth.resend"            // POST /v2/authenticate/realarm
	OpCertificateGet       Operation = "certificate.get"        // GET /v2/certificate/{receipt_id}
	OpCashPublish          Operation = "cash.publish"           // POST /v2/request/receipt/cash/publish
	OpCashCancel           Operation = "cash.cancel"            // DELETE /v2/request/receipt/cash/cancel/{receipt_id}
	OpCashStandalone       Operation = "cash.standalone"        // POST /v2/request/cash/receipt
	OpCashStandaloneCancel Operation = "cash.standalone_cancel" // DELETE /v2/request/cash/receipt/{receipt_id}
	OpShippingStart        Operation = "escrow.shipping_start"  // PUT /v2/escrow/shipping/start/{receipt_id}
	OpUserToken            Operation = "user.token"             // POST /v2/request/user/token
	OpLookupOrder          Operation = "lookup.order"           // GET /v2/lookup/order/{order_id}
	OpPaymentMethods       Operation = "seller.methods"         // GET /v2/seller/payment/method
	OpPaymentLink          Operation = "payment.link"           // POST /v2/request/payment
)

// An Option configures a [Server].
type Option func(*config)

type config struct {
	clientKey, secretKey      string
	applicationID, privateKey string
	tokenTTL                  time.Duration
	now                       func() time.Time
	listener                  net.Listener // WithListener
	decimalAmounts            bool
	basicRefused              map[Operation]bool
}

// WithBasicCredentials sets the client key and secret key accepted by Basic authentication, instead
// of [ClientKey] and [SecretKey].
func WithBasicCredentials(clientKey, secretKey string) Option {
	return func(c *config) { c.clientKey, c.secretKey = clientKey, secretKey }
}

// WithTokenCredentials sets the application ID and private key accepted by POST /v2/request/token,
// instead of [ApplicationID] and [PrivateKey].
func WithTokenCredentials(applicationID, privateKey string) Option {
	return func(c *config) { c.applicationID, c.privateKey = applicationID, privateKey }
}

// WithTokenTTL sets the lifetime of the access tokens the server issues (default
// [DefaultTokenTTL]); expire_in reports it in whole seconds. A ttl <= 0 keeps the default.
func WithTokenTTL(ttl time.Duration) Option {
	return func(c *config) { c.tokenTTL = ttl }
}

// WithClock makes the server read the time from now instead of time.Now: for token expiry, receipt
// timestamps and the Time of each [Request]. Advancing a fake clock past the token lifetime
// expires tokens. now must be safe for concurrent use; nil keeps time.Now. Fault delays always use
// real time.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// WithDecimalAmounts makes the server write amounts (price, tax_free, cancelled_price,
// cancelled_tax_free) with a decimal point, 1000.0 instead of 1000, as Bootpay responses have been
// seen to do. Clients must decode both forms.
func WithDecimalAmounts() Option {
	return func(c *config) { c.decimalAmounts = true }
}

// A Server is an in-process Bootpay PG v2 API (an httptest.Server) with receipts, authentication,
// the confirm and cancel state machine, fault injection and a request log. Create it with
// [NewServer] and stop it with [Server.Close]. All methods are safe for concurrent use.
type Server struct {
	cfg   config
	kit   *sandbox.Server[Operation]
	stats sandbox.Tally[Stats] // applied state changes; Requests is filled from the kit

	mu         sync.Mutex
	receipts   map[string]*receipt
	orderSeq   int
	tokens     sandbox.Tokens[struct{}] // access tokens
	current    string                   // token handed out again while fresh
	reuseUntil time.Time

	billingKeys    map[string]*billingKey     // issued keys, by key
	transfers      map[string]*billingKey     // bank-account requests, by receipt id
	reservations   map[string]*reservation    // by reserve id
	orderIDs       map[string]bool            // order ids charged or reserved
	cancelIDs      map[string]bool            // cancel_ids applied, on any receipt: unique per merchant
	certs          map[string]*certificate    // identity verifications, by receipt id
	standaloneCash map[string]*standaloneCash // standalone cash receipts, by receipt id
}

// NewServer starts a sandbox server on a loopback port. Close it when done, typically with
// t.Cleanup(srv.Close).
func NewServer(opts ...Option) *Server {
	cfg := config{
		clientKey:     ClientKey,
		secretKey:     SecretKey,
		applicationID: ApplicationID,
		privateKey:    PrivateKey,
		tokenTTL:      DefaultTokenTTL,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.tokenTTL <= 0 {
		cfg.tokenTTL = DefaultTokenTTL
	}
	s := &Server{
		cfg:            cfg,
		receipts:       make(map[string]*receipt),
		billingKeys:    make(map[string]*billingKey),
		transfers:      make(map[string]*billingKey),
		reservations:   make(map[string]*reservation),
		orderIDs:       make(map[string]bool),
		cancelIDs:      make(map[string]bool),
		certs:          make(map[string]*certificate),
		standaloneCash: make(map[string]*standaloneCash),
	}
	s.kit = s.start()
	return s
}

// start starts the HTTP side of the sandbox on the kit: the endpoints it serves
// (https://developers.bootpay.co.kr/pg/server/flow) and its answers to the requests none of them takes.
func (s *Server) start() *sandbox.Server[Operation] {
	return sandbox.NewServer(sandbox.Config{
		Now:              s.cfg.now,
		Listener:         s.cfg.listener,
		NotFound:         errorResponse(CodeRouteNotFound, ""),
		MethodNotAllowed: errorResponse(CodeMethodNotAllowed, ""),
	}, []sandbox.Route[Operation]{
		{Pattern: "POST /v2/request/token", Op: OpToken, Handle: s.handleToken},
		{Pattern: "GET /v2/receipt/{receipt_id}", Op: OpReceiptGet, Handle: s.handleReceiptGet},
		{Pattern: "POST /v2/confirm", Op: OpConfirm, Handle: s.handleConfirm},
		{Pattern: "POST /v2/cancel", Op: OpCancel, Handle: s.handleCancel},
		{Pattern: "POST /v2/request/subscribe", Op: OpBillingIssue, Handle: s.handleBillingIssue},
		{Pattern: "POST /v2/request/subscribe/automatic-transfer", Op: OpTransferRequest, Handle: s.handleTransferRequest},
		{Pattern: "POST /v2/request/subscribe/automatic-transfer/publish", Op: OpTransferPublish, Handle: s.handleTransferPublish},
		{Pattern: "GET /v2/billing_key/{billing_key}", Op: OpBillingGet, Handle: s.handleBillingGet},
		{Pattern: "GET /v2/subscribe/billing_key/{receipt_id}", Op: OpBillingGetByReceipt, Handle: s.handleBillingGetByReceipt},
		{Pattern: "GET /v2/subscribe/sequential_billing_key/{billing_key}", Op: OpBillingSequential, Handle: s.handleBillingSequential},
		{Pattern: "DELETE /v2/subscribe/billing_key/{billing_key}", Op: OpBillingDestroy, Handle: s.handleBillingDestroy},
		{Pattern: "POST /v2/subscribe/payment", Op: OpCharge, Handle: s.handleCharge},
		{Pattern: "POST /v2/subscribe/payment/reserve", Op: OpReserve, Handle: s.handleReserve},
		{Pattern: "GET /v2/subscribe/payment/reserve/{reserve_id}", Op: OpReserveGet, Handle: s.handleReserveGet},
		{Pattern: "DELETE /v2/subscribe/payment/reserve/{reserve_id}", Op: OpReserveCancel, Handle: s.handleReserveCancel},
		{Pattern: "POST /v2/request/authentication", Op: OpAuthRequest, Handle: s.handleAuthRequest},
		{Pattern: "POST /v2/authenticate/confirm", Op: OpAuthConfirm, Handle: s.handleAuthConfirm},
		{Pattern: "POST /v2/authenticate/realarm", Op: OpAuthResend, Handle: s.handleAuthResend},
		{Pattern: "GET /v2/certificate/{receipt_id}", Op: OpCertificateGet, Handle: s.handleCertificateGet},
		{Pattern: "POST /v2/request/receipt/cash/publish", Op: OpCashPublish, Handle: s.handleCashPublish},
		{Pattern: "DELETE /v2/request/receipt/cash/cancel/{receipt_id}", Op: OpCashCancel, Handle: s.handleCashCancel},
		{Pattern: "POST /v2/request/cash/receipt", Op: OpCashStandalone, Handle: s.handleCashStandalone},
		{Pattern: "DELETE /v2/request/cash/receipt/{receipt_id}", Op: OpCashStandaloneCancel, Handle: s.handleCashStandaloneCancel},
		{Pattern: "PUT /v2/escrow/shipping/start/{receipt_id}", Op: OpShippingStart, Handle: s.handleShippingStart},
		{Pattern: "POST /v2/request/user/token", Op: OpUserToken, Handle: s.handleUserToken},
		{Pattern: "GET /v2/lookup/order/{order_id}", Op: OpLookupOrder, Handle: s.handleLookupOrder},
		{Pattern: "GET /v2/seller/payment/method", Op: OpPaymentMethods, Handle: s.handlePaymentMethods},
		{Pattern: "POST /v2/request/payment", Op: OpPaymentLink, Handle: s.handlePaymentLink},
	})
}

// URL returns the base URL of the API including the version prefix, such as
// "http://127.0.0.1:4567/v2". Configure a client with it as its base URL.
func (s *Server) URL() string { return s.kit.URL() + "/v2" }

// Client returns an *http.Client configured for the server (plain HTTP; its transport is closed by
// [Server.Close]).
func (s *Server) Client() *http.Client { return s.kit.Client() }

// Close shuts the server down: requests waiting in a [Faults].Delay fault are abandoned without
// being applied, and Close returns once every other request has been served. Close is idempotent.
func (s *Server) Close() { s.kit.Close() }

// Settle waits until the server has served every request it received: a confirm held by a
// [Faults].Delay fault has been applied (or abandoned by Close), and a request whose client gave up
// has been answered. Call it before comparing the receipts with what a client reported. It returns
// ctx's error if ctx ends first.
func (s *Server) Settle(ctx context.Context) error { return s.kit.Settle(ctx) }

// now reads the server's clock ([WithClock]), which the kit keeps.
func (s *Server) now() time.Time { return s.kit.Now() }

// errorResponse returns the Bootpay error body for code with its HTTP status; detail, when not
// empty, replaces the default message.
func errorResponse(code, detail string) sandbox.Response {
	return sandbox.RawJSON(statusOf[code], []byte(ErrorBody(code, detail)))
}

// authorize checks the Authorization header of a request to any endpoint but the token one. It
// returns ok == false and the 401 response to send when the credentials are not accepted.
func (s *Server) authorize(r *http.Request) (resp sandbox.Response, ok bool) {
	scheme, cred, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	switch strings.ToLower(scheme) {
	case "":
		return errorResponse(CodeTokenKeyInvalid, "인증 정보(Authorization 헤더)가 없습니다."), false
	case "basic":
		ck, sk, ok := r.BasicAuth()
		if ok && sandbox.Equal(ck, s.cfg.clientKey) && sandbox.Equal(sk, s.cfg.secretKey) {
			return sandbox.Response{}, true
		}
		return errorResponse(CodeTokenKeyInvalid, "client_key 또는 secret_key가 올바르지 않습니다."), false
	case "bearer":
		switch _, _, st := s.tokens.Check(strings.TrimSpace(cred), s.now()); st {
		case sandbox.TokenUnknown:
			return errorResponse(CodeTokenKeyInvalid, "유효하지 않은 토큰입니다."), false
		case sandbox.TokenExpired:
			return errorResponse(CodeTokenKeyInvalid, "만료된 토큰입니다. 토큰을 다시 발급해 주세요."), false
		}
		return sandbox.Response{}, true
	default:
		return errorResponse(CodeTokenKeyInvalid, "지원하지 않는 인증 방식입니다."), false
	}
}

// ExpireTokens makes every access token issued so far invalid: the next request using one gets 401
// TOKEN_KEY_INVALID, and the next POST /v2/request/token issues a new token.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens.ExpireAll()
	s.current = ""
}

// handleToken serves POST /v2/request/token. Bootpay documents that re-requesting a token within 25
// of its 30 minutes returns the same token; the sandbox does the same (within the first 5/6 of the
// TTL) and then reports in expire_in the seconds that token has left (UNCONFIRMED: Bootpay does
// not say whether expire_in is reset on reuse; the remaining lifetime is the safe reading).
func (s *Server) handleToken(_ *http.Request, body []byte) sandbox.Response {
	var req tokenRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return errorResponse(CodeInvalidRequest, "요청 본문이 올바른 JSON이 아닙니다.")
	}
	if !sandbox.Equal(req.ApplicationID, s.cfg.applicationID) || !sandbox.Equal(req.PrivateKey, s.cfg.privateKey) {
		return errorResponse(CodeTokenKeyInvalid, "application_id 또는 private_key가 올바르지 않습니다.")
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current != "" && now.Before(s.reuseUntil) {
		if _, exp, st := s.tokens.Check(s.current, now); st == sandbox.TokenValid {
			return sandbox.JSON(http.StatusOK, tokenResponse{s.current, int64(exp.Sub(now) / time.Second)})
		}
	}
	tok := sandbox.RandomHex(32)
	s.tokens.Issue(tok, struct{}{}, now.Add(s.cfg.tokenTTL))
	s.current, s.reuseUntil = tok, now.Add(s.cfg.tokenTTL*5/6)
	s.stats.Count(func(st *Stats) { st.TokensIssued++ })
	return sandbox.JSON(http.StatusOK, tokenResponse{tok, int64(s.cfg.tokenTTL / time.Second)})
}
