package bootpay

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/paykit-kr/paykit/internal/redact"
	"github.com/paykit-kr/paykit/internal/transport"
	"github.com/paykit-kr/paykit/internal/version"
)

// Client calls the Bootpay PG REST API (v2). Build one with NewClient and
// share it: it is immutable and safe for concurrent use.
//
// It prints without its credentials or tokens, with every fmt verb and in
// slog, also as a value inside a struct of yours: they are kept behind
// pointers, which fmt prints as addresses.
type Client struct {
	// Receipts looks payments up, confirms and cancels them.
	Receipts *ReceiptsService
	// Billing issues billing keys, charges them and schedules charges.
	Billing *BillingService
	// Certificates verifies identities (본인인증).
	Certificates *CertificatesService
	// CashReceipts publishes and cancels cash receipts (현금영수증).
	CashReceipts *CashReceiptsService
	// Escrow reports escrow shipments.
	Escrow *EscrowService
	// Users issues easy-pay member tokens.
	Users *UsersService
	// Payments looks payments up by order id, lists enabled methods and
	// creates payment links.
	Payments *PaymentsService

	t      *transport.Client
	legacy *transport.Client // Bearer fallback of Auth.WithLegacyFallback; nil without it
	env    Environment
	auth   Auth
	now    func() time.Time
}

// Environment selects Bootpay's API host.
type Environment string

// Bootpay environments: the API host of each.
const (
	Production  Environment = "production"  // https://api.bootpay.co.kr/v2
	Development Environment = "development" // https://dev-api.bootpay.co.kr/v2
	Stage       Environment = "stage"       // https://stage-api.bootpay.co.kr/v2
	Test        Environment = "test"        // https://test-api.bootpay.co.kr/v2
)

// BaseURL returns the environment's API base URL.
func (e Environment) BaseURL() (string, error) {
	switch e {
	case Production, "":
		return "https://api.bootpay.co.kr/v2", nil
	case Development:
		return "https://dev-api.bootpay.co.kr/v2", nil
	case Stage:
		return "https://stage-api.bootpay.co.kr/v2", nil
	case Test:
		return "https://test-api.bootpay.co.kr/v2", nil
	}
	return "", fmt.Errorf("bootpay: unknown environment %q", string(e))
}

// Auth is how the client authenticates. Build it with BasicAuth (the
// recommended mode) or TokenAuth (the legacy mode). It prints without its
// secrets, with every fmt verb and in slog; the secrets are kept behind
// pointers, so that not even a struct holding an Auth in an unexported
// field prints them.
type Auth struct {
	clientKey     string
	secretKey     redact.Hidden
	applicationID string
	privateKey    redact.Hidden
}

// BasicAuth authenticates every request with the client key and secret key
// as HTTP Basic credentials (Authorization: Basic base64(client_key:secret_key)).
// No token is issued. This is Bootpay's recommended mode.
func BasicAuth(clientKey, secretKey string) Auth {
	return Auth{clientKey: clientKey, secretKey: redact.Hide(secretKey)}
}

// TokenAuth is the legacy mode: the application id and private key are
// exchanged for an access token (POST /request/token), which the client
// caches, renews before it expires (it lives 30 minutes), renews once after
// a 401, and sends as a Bearer token. Concurrent renewals collapse into one
// request, except after a 401: the renewal it starts does not wait for one
// begun before the refusal (whose token is then not used), so two token
// requests can overlap. The renewal runs in the background while the
// cached token is still valid, so calls never wait for it; one that fails
// is logged at WARN, and the next call starts another.
func TokenAuth(applicationID, privateKey string) Auth {
	return Auth{applicationID: applicationID, privateKey: redact.Hide(privateKey)}
}

// String names the mode and the public half of the credentials only.
func (a Auth) String() string {
	switch {
	case a.clientKey != "":
		return fmt.Sprintf("bootpay.BasicAuth(client key %s, secret key [REDACTED])", a.clientKey)
	case a.applicationID != "":
		return fmt.Sprintf("bootpay.TokenAuth(application id %s, private key [REDACTED])", a.applicationID)
	}
	return "bootpay.Auth(unset)"
}

// GoString is String, so %#v hides the secrets too.
func (a Auth) GoString() string { return a.String() }

func (a Auth) validate() error {
	secretKey, privateKey := a.secretKey.Reveal(), a.privateKey.Reveal()
	basic := a.clientKey != "" || secretKey != ""
	legacy := a.applicationID != "" || privateKey != ""
	switch {
	case basic && (a.clientKey == "" || secretKey == ""):
		return &ValidationError{Gateway: "bootpay", Field: "auth", Reason: "BasicAuth needs both the client key and the secret key"}
	case legacy && (a.applicationID == "" || privateKey == ""):
		return &ValidationError{Gateway: "bootpay", Field: "auth", Reason: "TokenAuth needs both the application id and the private key"}
	case !basic && !legacy:
		return &ValidationError{Gateway: "bootpay", Field: "auth", Reason: "no credentials: use BasicAuth(clientKey, secretKey) or TokenAuth(applicationID, privateKey)"}
	}
	return nil
}

// Headers the official SDKs send. Bootpay collects them
// for support; whether the server requires them is UNCONFIRMED, so they are
// always sent. SDK type 305 is the Go family.
const (
	bootpayAPIVersion = "5.0.0"
	bootpaySDKType    = "305"
)

// tokenMargin renews a token this long before it expires. Bootpay hands
// out the same token for its first 25 minutes, so renewing earlier gains
// nothing.
const tokenMargin = 5 * time.Minute

// NewClient returns a client for auth with the given options.
func NewClient(auth Auth, opts ...Option) (*Client, error) {
	if err := auth.validate(); err != nil {
		return nil, err
	}
	own := &settings{env: Production}
	s := transport.NewSettings("bootpay", "", own)
	if err := s.Apply(opts); err != nil {
		return nil, err
	}
	cfg := s.Config
	cfg.DecodeError = decodeAPIError
	cfg.DecodeBody = decodeResponse
	cfg.ErrorTypes = errorTypes
	cfg.RequestIDHeaders = []string{"X-Request-Id"}
	cfg.Header = http.Header{
		"Accept-Charset":      {"utf-8"},
		"Bootpay-Api-Version": {bootpayAPIVersion},
		"Bootpay-Sdk-Version": {version.Version},
		"Bootpay-Sdk-Type":    {bootpaySDKType},
	}
	if cfg.BaseURL == "" {
		base, err := own.env.BaseURL()
		if err != nil {
			return nil, err
		}
		cfg.BaseURL = base
	} else if err := checkBaseURL(cfg.BaseURL); err != nil {
		return nil, err
	}
	c := &Client{env: own.env, auth: auth, now: s.Now}
	if c.now == nil {
		c.now = time.Now
	}
	if auth.clientKey != "" {
		cfg.Auth = transport.NewBasicAuth(auth.clientKey, auth.secretKey.Reveal())
	} else {
		src := transport.NewTokenSource(c.issueToken, tokenMargin, c.now)
		cfg.Auth = &transport.BearerAuth{Source: src}
	}
	t, err := transport.NewClient(cfg)
	if err != nil {
		return nil, err
	}
	c.t = t
	if auth.clientKey != "" && auth.applicationID != "" {
		fallback := cfg
		fallback.Auth = &transport.BearerAuth{Source: transport.NewTokenSource(c.issueToken, tokenMargin, c.now)}
		if c.legacy, err = transport.NewClient(fallback); err != nil {
			return nil, err
		}
	}
	c.Receipts = &ReceiptsService{c: c}
	c.Billing = &BillingService{c: c}
	c.Certificates = &CertificatesService{c: c}
	c.CashReceipts = &CashReceiptsService{c: c}
	c.Escrow = &EscrowService{c: c}
	c.Users = &UsersService{c: c}
	c.Payments = &PaymentsService{c: c}
	return c, nil
}

// String describes the client without credentials. It has a value
// receiver, like Format, so that a Client value (in a struct of yours,
// say) prints as safely as a *Client.
func (c Client) String() string {
	return fmt.Sprintf("bootpay.Client{%v, %v}", c.auth, c.t)
}

// GoString is String, so %#v hides the credentials too.
func (c Client) GoString() string { return c.String() }

// tokenRequest and tokenResponse are POST /request/token.
type tokenRequest struct {
	ApplicationID string `json:"application_id"`
	PrivateKey    string `json:"private_key"`
}

type tokenResponse struct {
	AccessToken string  `json:"access_token"`
	ExpireIn    float64 `json:"expire_in"`
}

// tokenEndpoint is the access-token request of TokenAuth. It carries no
// credentials, and it is Safe: a repeated request only issues another
// token.
var tokenEndpoint = transport.Endpoint{
	Op: "token.issue", Method: http.MethodPost, Route: "/request/token", Class: transport.Safe, NoAuth: true,
}

// issueToken exchanges the legacy keys for an access token.
func (c *Client) issueToken(ctx context.Context) (transport.Token, error) {
	out, _, err := transport.Send[tokenResponse](ctx, c.t, &transport.Call{
		Endpoint: &tokenEndpoint,
		Body:     tokenRequest{ApplicationID: c.auth.applicationID, PrivateKey: c.auth.privateKey.Reveal()},
	})
	if err != nil {
		return transport.Token{}, err
	}
	if out.AccessToken == "" {
		return transport.Token{}, &DecodeError{Gateway: "bootpay", Op: tokenEndpoint.Op, Status: http.StatusOK,
			Err: fmt.Errorf("response has no access_token")}
	}
	return transport.Token{Value: out.AccessToken, Expiry: tokenExpiry(c.now(), out.ExpireIn)}, nil
}

// tokenLifetime is the documented lifetime of an access token.
const tokenLifetime = 30 * time.Minute

// tokenExpiry reads expire_in. Bootpay documents it as seconds ("(초)");
// whether it is a duration or a Unix time is UNCONFIRMED, so both are
// accepted and the result is never later than the documented 30 minutes.
func tokenExpiry(now time.Time, expireIn float64) time.Time {
	limit := now.Add(tokenLifetime)
	switch {
	case expireIn <= 0 || math.IsNaN(expireIn):
		return limit
	case expireIn > 1e9: // a Unix time, in seconds or milliseconds
		secs := expireIn
		if secs > 1e12 {
			secs /= 1000
		}
		at := time.Unix(int64(secs), 0)
		if at.After(limit) {
			return limit
		}
		return at
	default:
		at := now.Add(time.Duration(expireIn * float64(time.Second)))
		if at.After(limit) {
			return limit
		}
		return at
	}
}
