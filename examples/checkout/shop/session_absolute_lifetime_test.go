package shop_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/examples/checkout/shop"
)

// A session cookie signs when it was issued, but renewal (session) issues
// a new one "for a whole SessionTTL from now" with issued = now: nothing
// keeps the first login's time, so no session has an absolute lifetime.
// A stolen cookie replayed every few days is renewed for ever — a
// guest's above all, which no logout or password change can end (Logout
// does nothing for a guest), and which reads the guest's orders and a
// virtual account's number. The doc says a leaked cookie "stops working
// when it expires unused"; it must also stop some bounded time after the
// login or the guest's first visit (here: 90 days of continuous use, far
// beyond any 입금 기한 a guest needs, is not a session any more).
func TestRenewedSessionHasAnAbsoluteLifetime(t *testing.T) {
	for _, who := range []string{"buyer", "guest"} {
		t.Run(who, func(t *testing.T) {
			f, ahead := clockAhead(t)
			if who == "buyer" {
				f.login(t)
			} else if code, _ := f.get(t, 0, "/api/session"); code != http.StatusOK {
				t.Fatalf("session: %d", code)
			}
			stolen := f.sessionCookie(t)
			first, _ := f.sessionWith(t, stolen)
			// The thief replays the cookie every three days
			// and keeps whatever renewed one the shop sets.
			var last shop.SessionView
			for day := 3.0; day <= 90; day += 3 {
				ahead.Store(int64(time.Duration(day * float64(24*time.Hour))))
				got, renewed := f.sessionWith(t, stolen)
				if got.UserID != first.UserID {
					return // the session ended: what the test wants
				}
				last = got
				if renewed != nil {
					stolen = renewed.Value
				}
			}
			t.Errorf("a %s's cookie replayed every 3 days still names %s (%+v) 90 days after it was first issued: renewed for ever",
				who, first.UserID, last)
		})
	}
}

// A session used every three days stays the same buyer's until
// Config.SessionMaxAge after it was first issued, and no renewed cookie
// reaches past that: renewal keeps the time the cookie was first issued
// (a cookie re-signed with the time of its renewal, Max-Age a whole
// SessionTTL, would be renewed for ever).
func TestRenewedSessionLastsUntilSessionMaxAge(t *testing.T) {
	f, ahead := clockAhead(t)
	if code, _ := f.get(t, 0, "/api/session"); code != http.StatusOK {
		t.Fatalf("session: %d", code)
	}
	cookie := f.sessionCookie(t)
	first, _ := f.sessionWith(t, cookie)
	renewals := 0
	for day := 3 * 24 * time.Hour; day < shop.DefaultSessionMaxAge; day += 3 * 24 * time.Hour {
		ahead.Store(int64(day))
		got, renewed := f.sessionWith(t, cookie)
		if got.UserID != first.UserID {
			t.Fatalf("day %d: the session names %q, want %q until SessionMaxAge (%v) after it was first issued",
				int(day/(24*time.Hour)), got.UserID, first.UserID, shop.DefaultSessionMaxAge)
		}
		if renewed == nil {
			continue
		}
		renewals++
		// A second or two of slack: the real clock moves on under the test.
		if left := shop.DefaultSessionMaxAge - day; renewed.MaxAge > int(left.Seconds())+2 {
			t.Errorf("day %d: the renewed cookie lasts %ds, past SessionMaxAge after its first issue (%ds left)",
				int(day/(24*time.Hour)), renewed.MaxAge, int(left.Seconds()))
		}
		cookie = renewed.Value
	}
	if renewals == 0 {
		t.Fatal("no renewal in a month of use: the test's premise failed")
	}
	ahead.Store(int64(shop.DefaultSessionMaxAge))
	if got, _ := f.sessionWith(t, cookie); got.UserID == first.UserID {
		t.Errorf("SessionMaxAge after its first issue the cookie still names %s: renewed past its absolute lifetime", got.UserID)
	}
}
