package shop_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// A session cookie was HMAC(SessionKey, user id) and nothing else: the same
// value at every login, valid for ever, on every instance. Once it leaks
// (a shared computer, a log, a proxy) the buyer's account — their 적립금,
// their orders and virtual accounts, the payment endpoints acting on their
// orders — is the holder's for good: changing the password does not end
// it, and nothing can. A session should carry an expiry and something a
// password change (or a logout) revokes.
func TestPasswordChangeEndsEarlierSessions(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	f.login(t)
	base, err := url.Parse(f.inst[0].api.URL)
	if err != nil {
		t.Fatal(err)
	}
	var stolen *http.Cookie
	for _, c := range f.browser.Jar.Cookies(base) {
		if c.Name == shop.SessionCookie {
			stolen = c
		}
	}
	if stolen == nil {
		t.Fatal("no session cookie after the login")
	}
	if err := shop.AddUser(context.Background(), f.inst[0].db, shop.DemoUser, "a-new-password-after-the-leak"); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodGet, f.inst[0].api.URL+"/api/session", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: shop.SessionCookie, Value: stolen.Value})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body shop.SessionView
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if body.UserID == shop.DemoUser {
		t.Errorf("the cookie issued before the password change still names %s", shop.DemoUser)
	}
}

// sessionAs asks instance 0's GET /api/session who the cookie value names
// (a guest's new id when it is no session).
func (f *fixture) sessionAs(t *testing.T, value string) shop.SessionView {
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
	return body
}

// sessionCookie is the fixture browser's session cookie's value.
func (f *fixture) sessionCookie(t *testing.T) string {
	t.Helper()
	base, err := url.Parse(f.inst[0].api.URL)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range f.browser.Jar.Cookies(base) {
		if c.Name == shop.SessionCookie {
			return c.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// A session cookie carries its expiry under the signature: valid until
// Config.SessionTTL after the login by the shop's clock, no session after.
func TestSessionEndsWhenItExpires(t *testing.T) {
	var ahead atomic.Int64 // how far the shop's clock is ahead of the real one
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{tweak: func(c *shop.Config) {
		c.SessionTTL = time.Hour
		c.Now = func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }
	}})
	f.login(t)
	cookie := f.sessionCookie(t)
	ahead.Store(int64(59 * time.Minute))
	if got := f.sessionAs(t, cookie); got.UserID != shop.DemoUser {
		t.Errorf("59 minutes after the login: %+v, want %s", got, shop.DemoUser)
	}
	ahead.Store(int64(time.Hour + time.Second))
	if got := f.sessionAs(t, cookie); got.UserID == shop.DemoUser || !got.Guest {
		t.Errorf("an hour after the login (SessionTTL): %+v, want a guest", got)
	}
}

// POST /api/logout ends every session of the buyer — a copy of the cookie
// on another computer too — and a new login starts a session again.
func TestLogoutEndsEverySessionOfTheBuyer(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	f.login(t)
	copied := f.sessionCookie(t)
	if code, body := f.post(t, 0, "/api/logout", struct{}{}); code != http.StatusOK {
		t.Fatalf("logout: %d %+v", code, body)
	}
	if got := f.sessionAs(t, copied); got.UserID == shop.DemoUser {
		t.Errorf("a copy of the cookie after the logout still names %s", shop.DemoUser)
	}
	resp, err := f.browser.Get(f.inst[0].api.URL + "/api/session")
	if err != nil {
		t.Fatal(err)
	}
	var after shop.SessionView
	err = json.NewDecoder(resp.Body).Decode(&after)
	resp.Body.Close()
	if err != nil || !after.Guest {
		t.Errorf("the browser after its logout: %+v (%v), want a guest", after, err)
	}
	f.login(t)
	if got := f.sessionAs(t, f.sessionCookie(t)); got.UserID != shop.DemoUser {
		t.Errorf("after a new login: %+v, want %s", got, shop.DemoUser)
	}
}
