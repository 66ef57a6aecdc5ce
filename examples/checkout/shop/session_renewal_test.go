package shop_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// clockAhead is a fixture whose shop clock (Config.Now) runs ahead of the
// real one by what the returned value holds.
func clockAhead(t *testing.T) (*fixture, *atomic.Int64) {
	t.Helper()
	ahead := &atomic.Int64{}
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{tweak: func(c *shop.Config) {
		c.Now = func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }
	}})
	return f, ahead
}

// sessionWith asks instance 0's GET /api/session who the cookie value
// names, and returns the session cookie the answer sets, if any.
func (f *fixture) sessionWith(t *testing.T, value string) (shop.SessionView, *http.Cookie) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.inst[0].api.URL+"/api/session", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: shop.SessionCookie, Value: value})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body shop.SessionView
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	for _, c := range resp.Cookies() {
		if c.Name == shop.SessionCookie {
			return body, c
		}
	}
	return body, nil
}

// DefaultSessionTTL is "a week, so that a guest awaiting a virtual
// account's deposit can still read the order". A guest who first came six
// days ago and orders today, paying by virtual account (입금 기한 72
// hours), must still read the order — its account to deposit into — a
// day later: the order's request renews the session, or the cookie
// expires a week after the first visit, the browser is a new guest, and
// the order answers 404 for good (a guest cannot log back in).
func TestGuestKeepsItsVirtualAccountOrderUntilTheDeposit(t *testing.T) {
	f, ahead := clockAhead(t)
	if code, _ := f.get(t, 0, "/api/session"); code != http.StatusOK { // the guest's first visit
		t.Fatalf("session: %d", code)
	}
	ahead.Store(int64(6 * 24 * time.Hour)) // six days later, the guest orders
	o := f.newOrder(t, shop.FlowPortOne)
	f.sb.PortOne.CreatePayment(portonetest.PaymentSpec{ID: o.PaymentID, Total: price, Status: portone.PaymentStatusVirtualAccountIssued,
		Method: &portone.PaymentMethodVirtualAccount{Bank: "SHINHAN", AccountNumber: "56211234567890", IssuedAt: time.Now()}})
	if code, body := f.complete(t, 0, o.PaymentID, o.ID); code != http.StatusOK || body.Status != shop.StatusAwaitingDeposit {
		t.Fatalf("completing the virtual account: %d %+v", code, body)
	}
	ahead.Store(int64(7*24*time.Hour + time.Hour)) // 25 hours later: 47 hours of the 입금 기한 left
	if got := f.order(t, o.ID); got.Status != shop.StatusAwaitingDeposit {
		t.Fatalf("order %s, want awaiting_deposit", got.Status)
	}
	if code, body := f.get(t, 0, "/api/orders/"+o.ID); code != http.StatusOK || body.VirtualAccount == nil {
		t.Errorf("the guest reading its order 25 hours into a 72-hour 입금 기한: %d %+v; want 200 with the account to deposit into", code, body)
	}
}

// A logged-in buyer who keeps using the shop stays logged in: a request
// finding less than half of the session left renews it for a whole
// SessionTTL, past the first cookie's expiry. One finding more than half
// left sets no cookie (a session is not re-signed on every request).
func TestBusyBuyerSessionIsRenewed(t *testing.T) {
	f, ahead := clockAhead(t)
	f.login(t)
	first := f.sessionCookie(t)
	ahead.Store(int64(3 * 24 * time.Hour)) // four days of seven left
	if got, set := f.sessionWith(t, first); got.UserID != shop.DemoUser || set != nil {
		t.Errorf("three days after the login: %+v, cookie set %v; want %s and no new cookie", got, set != nil, shop.DemoUser)
	}
	ahead.Store(int64(4 * 24 * time.Hour)) // three days left: less than half
	got, renewed := f.sessionWith(t, first)
	if got.UserID != shop.DemoUser || renewed == nil || renewed.Value == first || renewed.MaxAge != int(shop.DefaultSessionTTL.Seconds()) {
		t.Fatalf("four days after the login: %+v, cookie %+v; want %s and a renewed cookie for a week", got, renewed, shop.DemoUser)
	}
	ahead.Store(int64(10 * 24 * time.Hour)) // past the first cookie's expiry, within the renewed one's
	if got, _ := f.sessionWith(t, first); got.UserID == shop.DemoUser {
		t.Errorf("the first cookie ten days after the login still names %s", shop.DemoUser)
	}
	if got, _ := f.sessionWith(t, renewed.Value); got.UserID != shop.DemoUser || got.Guest {
		t.Errorf("the renewed cookie ten days after the login: %+v, want %s", got, shop.DemoUser)
	}
}

// Only a session whose signature, expiry and version hold is renewed: a
// cookie issued before a logout (the buyer's session version moved on)
// is no session however little of it is left, and is never re-issued
// naming the buyer. A renewed cookie keeps the session version, so a
// logout after it ends it too.
func TestRenewalNeedsAValidSession(t *testing.T) {
	f, ahead := clockAhead(t)
	ctx := context.Background()
	f.login(t)
	before := f.sessionCookie(t)
	if err := f.inst[0].srv.Logout(ctx, shop.DemoUser); err != nil {
		t.Fatal(err)
	}
	ahead.Store(int64(5 * 24 * time.Hour))
	if got, set := f.sessionWith(t, before); got.UserID == shop.DemoUser || !got.Guest || set == nil {
		t.Errorf("a cookie from before a logout, two days left: %+v; want a new guest", got)
	}
	f.login(t)
	ahead.Store(int64(10 * 24 * time.Hour))
	got, renewed := f.sessionWith(t, f.sessionCookie(t))
	if got.UserID != shop.DemoUser || renewed == nil {
		t.Fatalf("after a new login: %+v, cookie %v; want %s, renewed", got, renewed, shop.DemoUser)
	}
	if err := f.inst[0].srv.Logout(ctx, shop.DemoUser); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.sessionWith(t, renewed.Value); got.UserID == shop.DemoUser {
		t.Errorf("a renewed cookie after a logout still names %s", shop.DemoUser)
	}
}
