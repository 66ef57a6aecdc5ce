package shop_test

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// balance is the buyer's 적립금.
func (f *fixture) balance(t *testing.T, user string) int64 {
	t.Helper()
	return queryOne[int64](t, f, `SELECT balance FROM points WHERE user_id = ?`, user)
}

// The buyer is the session's, never the body's user_id: a browser that
// names the demo buyer without logging in cannot spend their 적립금, a
// wrong password logs nobody in, and after the login the points are the
// logged-in buyer's.
func TestPointsAreTheSessionBuyers(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	spend := map[string]any{"product_id": "shoe-270", "quantity": 1, "flow": shop.FlowPortOne, "user_id": shop.DemoUser, "points": 1000}
	if code, body := f.post(t, 0, "/api/orders", spend); code != http.StatusConflict || body.Reason != shop.ReasonPointsShort {
		t.Errorf("a stranger naming %s: %d %+v, want 409 points_short", shop.DemoUser, code, body)
	}
	if code, _ := f.post(t, 0, "/api/login", shop.LoginRequest{UserID: shop.DemoUser, Password: "guess"}); code != http.StatusUnauthorized {
		t.Errorf("wrong password: %d, want 401", code)
	}
	if code, _ := f.post(t, 0, "/api/orders", spend); code != http.StatusConflict {
		t.Errorf("after a failed login: %d, want 409", code)
	}

	// A cookie naming the buyer without the server's signature is no session.
	req, _ := http.NewRequest(http.MethodPost, f.inst[0].api.URL+"/api/orders", strings.NewReader(`{"product_id":"shoe-270","quantity":1,"points":1000}`))
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(&http.Cookie{Name: shop.SessionCookie, Value: base64.RawURLEncoding.EncodeToString([]byte(shop.DemoUser)) + ".AAAA"})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if code, body := decode(t, resp); code != http.StatusConflict {
		t.Errorf("forged cookie: %d %+v, want 409", code, body)
	}

	f.login(t)
	code, body := f.post(t, 0, "/api/orders", spend)
	if code != http.StatusCreated || body.PointsUsed != 1000 {
		t.Fatalf("logged in: %d %+v, want 201 with 1000 points", code, body)
	}
	if o := f.order(t, body.OrderID); o.UserID != shop.DemoUser {
		t.Errorf("order's buyer %q, want %s", o.UserID, shop.DemoUser)
	}
	if n := f.balance(t, shop.DemoUser); n != 5000 {
		t.Errorf("balance %d before payment, want 5000", n)
	}
}
