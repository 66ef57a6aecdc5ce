package shop

import (
	"context"
	"crypto/rand"
	"net/netip"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/webhook"
)

// SandboxWebhookSecret is the PortOne webhook secret of sandbox mode: a
// fixed test value, never a real secret.
const SandboxWebhookSecret = "whsec_cGF5a2l0LWNoZWNrb3V0LXNhbmRib3gtMQ=="

// Sandbox is the three gateways in-process (bootpaytest, portonetest,
// commercetest) and a Config whose clients talk to them: what
// `go run ./examples/checkout` runs on, and what tests and the browser
// pages start the shop with.
type Sandbox struct {
	Bootpay  *bootpaytest.Server
	PortOne  *portonetest.Server
	Commerce *commercetest.Server
	// Config has the clients, the PortOne webhook verifier, a Bootpay
	// source guard that admits loopback (the sandbox's webhooks come from
	// this machine) and AcceptTestPayments set (the sandboxes' payments
	// are test payments: PortOne's default channel is a TEST one) and a
	// random SessionKey, shared by every instance made from it; set DB (and
	// Log) before New.
	Config Config
}

// NewSandbox starts the three sandboxes. Extra client options (a
// transport, a retry policy for tests) apply to the Bootpay and PortOne
// clients.
func NewSandbox(bopts []bootpay.Option, popts []portone.Option) (*Sandbox, error) {
	sb := &Sandbox{Bootpay: bootpaytest.NewServer(), PortOne: portonetest.NewServer(), Commerce: commercetest.NewServer()}
	bc, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey),
		append([]bootpay.Option{bootpay.WithBaseURL(sb.Bootpay.URL())}, bopts...)...)
	if err != nil {
		sb.Close()
		return nil, err
	}
	pc, err := portone.NewClient(portonetest.APISecret, append([]portone.Option{portone.WithBaseURL(sb.PortOne.URL())}, popts...)...)
	if err != nil {
		sb.Close()
		return nil, err
	}
	cc, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
		commerce.WithBaseURL(sb.Commerce.URL()), commerce.WithHTTPClient(sb.Commerce.Client()))
	if err != nil {
		sb.Close()
		return nil, err
	}
	v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{SandboxWebhookSecret}})
	if err != nil {
		sb.Close()
		return nil, err
	}
	sb.Config = Config{
		Bootpay: bc, PortOne: pc, Commerce: cc, PortOneWebhooks: v, AcceptTestPayments: true, SessionKey: []byte(rand.Text() + rand.Text()),
		BootpaySources: webhook.SourceGuard{Allowed: append([]netip.Prefix{
			netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128"),
		}, webhook.BootpayAddresses...)},
	}
	return sb, nil
}

// Close stops the sandboxes.
func (sb *Sandbox) Close() {
	sb.Bootpay.Close()
	sb.PortOne.Close()
	sb.Commerce.Close()
}

// Seed stores the demo catalogue if it is not there: a stocked product for
// the PG flows, two plans for Commerce, a coupon and a buyer with points
// who logs in as DemoUser with DemoPassword. It changes nothing that exists.
func Seed(ctx context.Context, db *DB) error {
	for _, q := range []struct {
		query string
		args  []any
	}{
		{`INSERT INTO products (id, name, price, stock) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, []any{"shoe-270", "나이키 운동화 270", 89000, 10}},
		{`INSERT INTO products (id, name, price, stock) VALUES (?, ?, ?, NULL) ON CONFLICT (id) DO NOTHING`, []any{"plan-basic", "Basic 플랜", 9900}},
		{`INSERT INTO products (id, name, price, stock) VALUES (?, ?, ?, NULL) ON CONFLICT (id) DO NOTHING`, []any{"plan-pro", "Professional 플랜", 29900}},
		{`INSERT INTO coupons (code, discount, uses_left) VALUES (?, ?, ?) ON CONFLICT (code) DO NOTHING`, []any{"WELCOME3000", 3000, 100}},
		{`INSERT INTO points (user_id, balance) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING`, []any{DemoUser, 5000}},
		// DemoPassword's hash, computed once (AddUser would spend PBKDF2's
		// work on every start): the password is public, so is its salt.
		{`INSERT INTO users (id, salt, password_hash) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`, []any{DemoUser,
			"7061796b69742d64656d6f2d73616c74", "2e4c64580a60277acd27902cb2e85dcc07cebc95d6c51dc2733e4ab4d66ee52f"}},
	} {
		if _, err := db.Exec(ctx, q.query, q.args...); err != nil {
			return err
		}
	}
	return nil
}
