package commerce

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"path"

	"github.com/paykit-kr/paykit/internal/redact"
	"github.com/paykit-kr/paykit/internal/transport"
	"github.com/paykit-kr/paykit/internal/version"
)

// Client calls the Bootpay Commerce API (v1). Build one with NewClient
// and share it: it is immutable and safe for concurrent use.
//
// It prints without its secret key, with every fmt verb and in slog: the
// key is kept behind a pointer, which fmt prints as an address.
type Client struct {
	// Orders looks orders (주문) up, lists them and verifies a checkout.
	Orders *OrdersService
	// OrderCancellations requests, lists and decides order cancellations
	// (주문 취소 요청).
	OrderCancellations *OrderCancellationsService
	// Invoices creates, looks up, lists and sends invoices (청구서, 링크페이).
	Invoices *InvoicesService
	// Subscriptions manages subscription contracts (구독 계약).
	Subscriptions *SubscriptionsService
	// SubscriptionBills lists and looks up subscription bills (구독 청구).
	SubscriptionBills *SubscriptionBillsService
	// Products manages the catalog (상품).
	Products *ProductsService
	// Users manages the store's customers (고객).
	Users *UsersService
	// UserGroups manages customer groups (기업/개인 그룹).
	UserGroups *UserGroupsService
	// Store reads the store's information and tests its webhook.
	Store *StoreService

	t         *transport.Client
	clientKey string
	secretKey redact.Hidden
}

// Environment selects the Commerce API host.
type Environment string

// Commerce environments: the API host of each. Bootpay's Java SDK also
// names a "test" host, which no other source confirms; it is left out.
const (
	Production  Environment = "production"  // https://api.bootapi.com/v1
	Development Environment = "development" // https://dev-api.bootapi.com/v1
	Stage       Environment = "stage"       // https://stage-api.bootapi.com/v1
)

const productionURL = "https://api.bootapi.com/v1"

// BaseURL returns the environment's API base URL.
func (e Environment) BaseURL() (string, error) {
	switch e {
	case Production, "":
		return productionURL, nil
	case Development:
		return "https://dev-api.bootapi.com/v1", nil
	case Stage:
		return "https://stage-api.bootapi.com/v1", nil
	}
	return "", fmt.Errorf("commerce: unknown environment %q", string(e))
}

// Role is the BOOTPAY-ROLE header: the scope a call acts in. Each
// operation declares the role Bootpay requires for it, so a call never
// borrows another call's role; see the endpoint tables.
type Role string

// The roles Commerce knows (https://commerce.bootpay.ai/).
const (
	RoleUser       Role = "user"
	RoleManager    Role = "manager"
	RolePartner    Role = "partner"
	RoleVendor     Role = "vendor"
	RoleSupervisor Role = "supervisor"
)

// header is the static header an endpoint of this role sends.
func (r Role) header() http.Header { return http.Header{"Bootpay-Role": {string(r)}} }

// Headers every Commerce SDK sends. Bootpay collects them for support;
// whether the server requires them is UNCONFIRMED, so they are always
// sent. SDK type 305 is the Go family.
const (
	commerceAPIVersion = "1.0.0"
	commerceSDKType    = "305"
)

// baseURL is where the client's calls go: the WithBaseURL override, whose
// path must end in Commerce's /v1 prefix, or else the environment's host.
// An override that does not parse is left to the transport, which refuses
// it.
func (own *settings) baseURL(override string) (string, error) {
	if override == "" {
		return cmp.Or(own.envURL, productionURL), nil
	}
	if u, err := url.Parse(override); err == nil && path.Base(u.Path) != "v1" {
		return "", &ValidationError{Gateway: "commerce", Field: "base URL",
			Reason: "its path must end in /v1, the Commerce API version prefix (e.g. https://api.bootapi.com/v1, or a commercetest Server's URL())"}
	}
	return override, nil
}

// NewClient returns a client that authenticates every request with the
// Commerce client key and secret key as HTTP Basic credentials
// (Authorization: Basic base64(client_key:secret_key)). These are the
// Commerce keys (the "commerce" keychain), not the PG keys. No token is
// issued: Bootpay's current SDKs send Basic credentials on every call.
func NewClient(clientKey, secretKey string, opts ...Option) (*Client, error) {
	if clientKey == "" || secretKey == "" {
		return nil, &ValidationError{Gateway: "commerce", Field: "credentials", Reason: "both the client key and the secret key are required"}
	}
	own := &settings{}
	s := transport.NewSettings("commerce", "", own)
	if err := s.Apply(opts); err != nil {
		return nil, err
	}
	cfg := s.Config
	cfg.DecodeError = decodeAPIError
	cfg.DecodeBody = decodeBody
	cfg.ErrorTypes = errorTypes
	cfg.IdempotencyHeader = "Idempotency-Key"
	cfg.IsOutstanding = isOutstanding
	cfg.IsDefinitive = isDefinitive
	cfg.RequestIDHeaders = []string{"X-Request-Id"}
	cfg.Header = http.Header{
		"Accept-Charset":      {"utf-8"},
		"Bootpay-Api-Version": {commerceAPIVersion},
		"Bootpay-Sdk-Version": {version.Version},
		"Bootpay-Sdk-Type":    {commerceSDKType},
	}
	base, err := own.baseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	cfg.BaseURL = base
	cfg.Auth = transport.NewBasicAuth(clientKey, secretKey)
	t, err := transport.NewClient(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{t: t, clientKey: clientKey, secretKey: redact.Hide(secretKey)}
	c.Orders = &OrdersService{c: c}
	c.OrderCancellations = &OrderCancellationsService{c: c}
	c.Invoices = &InvoicesService{c: c}
	c.Subscriptions = &SubscriptionsService{c: c}
	c.SubscriptionBills = &SubscriptionBillsService{c: c}
	c.Products = &ProductsService{c: c}
	c.Users = &UsersService{c: c}
	c.UserGroups = &UserGroupsService{c: c}
	c.Store = &StoreService{c: c}
	return c, nil
}

// String describes the client without its secret key. It has a value
// receiver, like Format, so a Client value prints as safely as a *Client.
func (c Client) String() string {
	return fmt.Sprintf("commerce.Client{client key %s, secret key [REDACTED], %v}", c.clientKey, c.t)
}

// GoString is String, so %#v hides the secret key too.
func (c Client) GoString() string { return c.String() }
