package shop_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// A login for a user id that has no account must cost what one with a
// wrong password costs: Login answered an unknown id at once (one SELECT)
// and a known one only after PBKDF2's 600 000 iterations (~0.1 s), so the
// answer's time told anyone which user ids have accounts (user
// enumeration), with no rate limit. On HEAD the ratio was about
// hundredfold.
//
// Robust on a busy machine: the tries alternate between the two ids, so a
// busy spell slows both sides alike, and the fastest of each side's three
// is compared with a fourfold margin. Load only ever slows a try, and
// the unknown id's tries now do the same PBKDF2 work as the known one's,
// so the unknown side cannot be four times faster than the known side's
// fastest by chance.
func TestLoginTakesAsLongForAnUnknownUser(t *testing.T) {
	f := newFixture(t, t.TempDir()+"/shop.sqlite", options{})
	try := func(user string) time.Duration {
		start := time.Now()
		if code, _ := f.post(t, 0, "/api/login", shop.LoginRequest{UserID: user, Password: "wrong-password"}); code != http.StatusUnauthorized {
			t.Fatalf("login %s: %d, want 401", user, code)
		}
		return time.Since(start)
	}
	known, unknown := time.Hour, time.Hour
	for range 3 {
		known = min(known, try(shop.DemoUser))
		unknown = min(unknown, try("nobody-has-this-id"))
	}
	if unknown < known/4 {
		t.Errorf("a wrong password for %s takes %v, an unknown user id %v: the time tells which ids have accounts", shop.DemoUser, known, unknown)
	}
}
