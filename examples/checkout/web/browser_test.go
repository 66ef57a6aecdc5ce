package web_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/examples/checkout/web"
	"github.com/paykit-kr/paykit/portone"
)

// ChromiumEnv names a Chromium (or Chrome) binary to use instead of the
// first of chromium, chromium-browser, google-chrome found on PATH.
const ChromiumEnv = "PAYKIT_CHROMIUM"

// chromium returns the browser binary, or skips the test saying why.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv(ChromiumEnv); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium binary found (chromium, chromium-browser, google-chrome on PATH, or " + ChromiumEnv +
		"): the browser tests skip; .ci/run installs Debian's chromium")
	return ""
}

// site is the shop with its pages on SQLite and the sandboxes, served on a
// loopback port, as `go run ./examples/checkout` serves it.
type site struct {
	URL string
	sb  *shop.Sandbox
	srv *shop.Server
}

func newSite(t *testing.T) *site {
	t.Helper()
	ctx := context.Background()
	db, err := shop.Open(ctx, filepath.Join(t.TempDir(), "shop.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := shop.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	sb, err := shop.NewSandbox(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	cfg := sb.Config
	cfg.DB = db
	srv, err := shop.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h, err := web.Handler(web.Config{API: srv.Handler(), Sandbox: sb})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return &site{URL: hs.URL, sb: sb, srv: srv}
}

// browser starts one headless Chromium for the test; each call of the
// returned function opens a new tab with its own deadline.
func browser(t *testing.T) func(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox, // Chromium refuses to run as root (CI) with its sandbox on
		chromedp.DisableGPU,
		chromedp.WindowSize(900, 900),
		chromedp.Flag("lang", "ko-KR"),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	root, cancelRoot := chromedp.NewContext(alloc)
	if err := chromedp.Do(root); err != nil {
		cancelRoot()
		cancelAlloc()
		t.Fatalf("Chromium did not start: %v", err)
	}
	t.Cleanup(func() { cancelRoot(); cancelAlloc() })
	return func(t *testing.T) context.Context {
		tab, cancelTab := chromedp.NewContext(root)
		ctx, cancel := context.WithTimeout(tab, 60*time.Second)
		t.Cleanup(func() { cancel(); cancelTab() })
		return ctx
	}
}

// do runs the steps, failing the test with where the page was and what it
// said.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		msg, _ := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS("#message")))
		t.Fatalf("browser: %v (at %s, message %q)", err, loc, msg)
	}
}

// get runs one action that returns a value.
func get[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	return v
}

// resultOf waits for the page to show the order (the result section
// appears once the server answered other than 202), checks that its status
// is want, and returns the status text shown, the page's location and a
// screenshot.
func resultOf(t *testing.T, ctx context.Context, want string) (text, loc string, shot []byte) {
	t.Helper()
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#order-status")))
	status := get(t, ctx, chromedp.AttributeValue(chromedp.CSS("#order-status"), "data-status"))
	text, loc = get(t, ctx, chromedp.Text(chromedp.CSS("#order-status"))), get(t, ctx, chromedp.Location())
	if status.Value != want {
		msg := get(t, ctx, chromedp.Text(chromedp.CSS("#message")))
		order := get(t, ctx, chromedp.Text(chromedp.CSS("#order")))
		t.Fatalf("the page shows the order %s (%q, message %q, %s), want %s", status.Value, text, msg, order, want)
	}
	return text, loc, get(t, ctx, chromedp.FullScreenshot(100))
}

// ScreenshotsEnv names a directory where the screenshots are copied too
// (they are removed with the test's temporary directory otherwise): how
// docs/checkout-result.png was made.
const ScreenshotsEnv = "PAYKIT_SCREENSHOTS"

// save writes a screenshot under the test's temporary directory (and
// PAYKIT_SCREENSHOTS when set) and logs where.
func save(t *testing.T, name string, png []byte) {
	t.Helper()
	dirs := []string{t.TempDir()}
	if d := os.Getenv(ScreenshotsEnv); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		p := filepath.Join(d, name+".png")
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot of the result page: %s", p)
	}
}

// orderID finds the order on the page: the result page's URL
// (/orders/{id}/result, /commerce/result?order_id=…), or the id the order
// form recorded on the body.
func orderID(t *testing.T, ctx context.Context, loc string) string {
	t.Helper()
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	if id := u.Query().Get("order_id"); id != "" {
		return id
	}
	if parts := strings.Split(u.Path, "/"); len(parts) == 4 && parts[1] == "orders" && parts[3] == "result" {
		return parts[2]
	}
	attr := get(t, ctx, chromedp.AttributeValue(chromedp.CSS("body"), "data-order-id"))
	if attr.Value == "" {
		t.Fatalf("no order on %s", loc)
	}
	return attr.Value
}

// wantPaid checks the database: the order is paid, once.
func (s *site) wantPaid(t *testing.T, id string) *shop.Order {
	t.Helper()
	o, err := s.srv.Order(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != shop.StatusPaid || o.PaidCount != 1 {
		t.Fatalf("database: order %s is %s (paid %d times), want paid once", id, o.Status, o.PaidCount)
	}
	return o
}

// click waits for an element to be visible and clicks it.
func click(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel)))
}

// Each flow's page, in a real headless Chromium: open it, pay in the
// stand-in's window, and the result page shows 결제 완료 read from the
// server, the database has the order paid once, and the gateway sandbox
// holds the payment the page made.
func TestBrowserFlowsPay(t *testing.T) {
	tab := browser(t)
	s := newSite(t)
	for _, tc := range []struct {
		name  string
		path  string
		start chromedp.Action[chromedp.Void]
		check func(t *testing.T, o *shop.Order)
	}{
		{"bootpay", "/bootpay", click("#pay"), func(t *testing.T, o *shop.Order) {
			rc, ok := s.sb.Bootpay.Receipt(o.ReceiptID)
			if !ok || rc.Status != bootpay.StatusPaid || rc.Price != o.Amount || rc.OrderID != o.ID {
				t.Errorf("Bootpay receipt %+v, want paid for %s at %d", rc, o.ID, o.Amount)
			}
		}},
		{"bootpay-client", "/bootpay-client", click("#pay"), func(t *testing.T, o *shop.Order) {
			rc, ok := s.sb.Bootpay.Receipt(o.ReceiptID)
			if !ok || rc.Status != bootpay.StatusPaid || rc.Price != o.Amount {
				t.Errorf("Bootpay receipt %+v, want paid at %d", rc, o.Amount)
			}
		}},
		{"portone", "/portone", click("#pay"), func(t *testing.T, o *shop.Order) {
			p, ok := s.sb.PortOne.Payment(o.PaymentID)
			if !ok || p.Status != portone.PaymentStatusPaid || p.Amount.Total != o.Amount {
				t.Errorf("PortOne payment %v %s, want PAID at %d", ok, p.Status, o.Amount)
			}
		}},
		{"commerce", "/plans", chromedp.Steps(
			chromedp.SendKeys(chromedp.CSS(`input[name="coupon_code"]`), "WELCOME3000"),
			click("#plan-pro"),
		), func(t *testing.T, o *shop.Order) {
			co, ok := s.sb.Commerce.Order(o.CommerceOrderNumber)
			if !ok || co.Status != commerce.OrderPaid || co.Price != o.Amount || o.InvoiceID == "" {
				t.Errorf("Commerce order %+v (invoice %q), want paid at %d through the invoice", co, o.InvoiceID, o.Amount)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := tab(t)
			do(t, ctx, chromedp.Navigate(s.URL+tc.path), tc.start, click("#paykit-sandbox-pay"))
			text, loc, shot := resultOf(t, ctx, shop.StatusPaid)
			if text != "결제 완료" {
				t.Errorf("page shows %q, want 결제 완료", text)
			}
			save(t, tc.name+"-result", shot)
			tc.check(t, s.wantPaid(t, orderID(t, ctx, loc)))
		})
	}
	if n := s.sb.Bootpay.Stats().ConfirmsApplied; n != 1 {
		t.Errorf("Bootpay REST confirms %d, want 1 (the server confirm flow's; the client flow confirms in the window)", n)
	}
}

// The buyer cancels in the payment window: the page says so and shows the
// order still pending, read from the server; the database agrees (never
// paid, no receipt) and the gateway holds no payment for it.
func TestBrowserCancelKeepsOrderPending(t *testing.T) {
	tab := browser(t)
	s := newSite(t)
	for _, tc := range []struct{ name, path, pay string }{
		{"bootpay", "/bootpay", "#pay"},
		{"portone", "/portone", "#pay"},
		{"commerce", "/plans", "#plan-basic"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := tab(t)
			do(t, ctx, chromedp.Navigate(s.URL+tc.path), click(tc.pay), click("#paykit-sandbox-cancel"))
			text, loc, shot := resultOf(t, ctx, shop.StatusPending)
			msg := get(t, ctx, chromedp.Text(chromedp.CSS("#message")))
			if text != "결제 대기" || !strings.Contains(msg, "취소") {
				t.Errorf("page shows %q with %q, want 결제 대기 and the cancel", text, msg)
			}
			save(t, tc.name+"-cancelled", shot)
			o, err := s.srv.Order(context.Background(), orderID(t, ctx, loc))
			if err != nil {
				t.Fatal(err)
			}
			if o.Status != shop.StatusPending || o.PaidCount != 0 || o.ReceiptID != "" || o.CommerceOrderNumber != "" {
				t.Errorf("database: %+v, want pending, never paid, no payment recorded", o)
			}
			if _, ok := s.sb.PortOne.Payment(o.PaymentID); tc.name == "portone" && ok {
				t.Errorf("PortOne holds payment %s after the cancel", o.PaymentID)
			}
		})
	}
	if n := s.sb.Bootpay.Stats().ConfirmsApplied; n != 0 {
		t.Errorf("Bootpay confirms %d, want 0", n)
	}
}
