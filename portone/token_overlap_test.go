package portone

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rotatingTokenServer is PortOne's token flow as documented: every login
// or refresh issues a new pair and expires the previous refresh token at
// once; a refresh with any other refresh token is 401. GET /payments/…
// answers payment for any access token it issued and has not revoked, and
// records the access tokens it was called with. A gate armed with hold
// makes the next token request of its kind wait before it replies (its
// reply lost in a slow network): an accepted refresh and a login are
// applied first, so the pair they issued is already current.
type rotatingTokenServer struct {
	payment string

	mu      sync.Mutex
	n       int
	current string // the refresh token that works
	issued  map[string]bool
	revoked map[string]bool
	logins  int
	refused []string // refresh tokens refused, in order
	used    []string // access tokens the lookups carried, in order
	gates   map[gateKind]*gate
	all     []*gate
}

// gateKind names the token request a gate holds.
type gateKind string

const (
	gateAcceptedRefresh gateKind = "accepted refresh"
	gateRefusedRefresh  gateKind = "refused refresh"
	gateLogin           gateKind = "login"
)

// gate holds one token request's reply: reached is closed once the request
// was handled (and, for an accepted one, applied), and the reply is written
// once release is called.
type gate struct {
	reached, released chan struct{}
	once              sync.Once
}

func (g *gate) release() { g.once.Do(func() { close(g.released) }) }

// await waits until the gate's request arrived, failing the test (rather
// than hanging it) when none does.
func (g *gate) await(t *testing.T, what string) {
	t.Helper()
	select {
	case <-g.reached:
	case <-time.After(2 * time.Second):
		t.Fatal("no token request reached the gate: " + what)
	}
}

func newRotatingTokenServer(t *testing.T, payment string) (*rotatingTokenServer, *httptest.Server) {
	s := &rotatingTokenServer{payment: payment, issued: map[string]bool{}, revoked: map[string]bool{}, gates: map[gateKind]*gate{}}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	t.Cleanup(s.releaseAll) // runs before the server closes
	return s, srv
}

// hold arms a gate for the next token request of kind.
func (s *rotatingTokenServer) hold(kind gateKind) *gate {
	g := &gate{reached: make(chan struct{}), released: make(chan struct{})}
	s.mu.Lock()
	s.gates[kind] = g
	s.all = append(s.all, g)
	s.mu.Unlock()
	return g
}

func (s *rotatingTokenServer) releaseAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, g := range s.all {
		g.release()
	}
}

// takeLocked disarms and returns the gate for kind, nil if none is armed.
func (s *rotatingTokenServer) takeLocked(kind gateKind) *gate {
	g := s.gates[kind]
	delete(s.gates, kind)
	return g
}

// pass lets a request through g (nil: at once) once it was handled.
func pass(g *gate) {
	if g != nil {
		close(g.reached)
		<-g.released
	}
}

func (s *rotatingTokenServer) issueLocked() string {
	s.n++
	access, refresh := fmt.Sprintf("access-%d", s.n), fmt.Sprintf("refresh-%d", s.n)
	s.issued[access] = true
	s.current = refresh
	return fmt.Sprintf(`{"accessToken":%q,"refreshToken":%q}`, access, refresh)
}

func (s *rotatingTokenServer) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.URL.Path == "/login/api-secret":
		s.mu.Lock()
		s.logins++
		pair, g := s.issueLocked(), s.takeLocked(gateLogin)
		s.mu.Unlock()
		pass(g)
		_, _ = w.Write([]byte(pair))
	case r.URL.Path == "/token/refresh":
		var body struct{ RefreshToken string }
		_ = json.NewDecoder(r.Body).Decode(&body)
		s.mu.Lock()
		if body.RefreshToken != s.current {
			s.refused = append(s.refused, body.RefreshToken)
			g := s.takeLocked(gateRefusedRefresh)
			s.mu.Unlock()
			pass(g)
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"type":"UNAUTHORIZED","message":"유효하지 않은 리프레시 토큰입니다."}`))
			return
		}
		pair, g := s.issueLocked(), s.takeLocked(gateAcceptedRefresh)
		s.mu.Unlock()
		pass(g)
		_, _ = w.Write([]byte(pair))
	case strings.HasPrefix(r.URL.Path, "/payments/"):
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		s.mu.Lock()
		s.used = append(s.used, tok)
		ok := s.issued[tok] && !s.revoked[tok]
		s.mu.Unlock()
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"type":"UNAUTHORIZED","message":"인증 정보가 올바르지 않습니다."}`))
			return
		}
		_, _ = w.Write([]byte(s.payment))
	default:
		w.WriteHeader(http.StatusTeapot)
	}
}

// state returns copies of what the server counted.
func (s *rotatingTokenServer) state() (logins int, refused, used []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logins, append([]string(nil), s.refused...), append([]string(nil), s.used...)
}

// overlapFixture is a client with WithTokenAuth on a rotatingTokenServer
// and a fake clock, logged in (access-1, refresh-1).
type overlapFixture struct {
	s   *rotatingTokenServer
	c   *Client
	mu  sync.Mutex
	now time.Time
	id  string // the payment looked up
}

func newOverlapFixture(t *testing.T) *overlapFixture {
	f := &overlapFixture{now: time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC), id: "order-20240425-0001"}
	var srv *httptest.Server
	f.s, srv = newRotatingTokenServer(t, payFixture(t, "paid_card.json"))
	var err error
	f.c, err = NewClient("test-api-secret", WithBaseURL(srv.URL), WithTokenAuth(), WithClock(f.clock))
	require.NoError(t, err)
	f.get(t, "the first lookup, which logs in")
	return f
}

func (f *overlapFixture) clock() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }

func (f *overlapFixture) advance(d time.Duration) { f.mu.Lock(); f.now = f.now.Add(d); f.mu.Unlock() }

func (f *overlapFixture) get(t *testing.T, what string) {
	t.Helper()
	_, err := f.c.Payments.Get(t.Context(), f.id)
	require.NoError(t, err, what)
}

// heldMarginRenewal moves into the margin before access-1 expires and
// makes a lookup, whose background renewal PortOne applies (refresh-1 is
// spent, refresh-2 works) but whose reply it holds: the returned gate
// releases it. The gateway then refuses access-1, and the returned
// channel carries the error of a lookup made after that refusal.
func (f *overlapFixture) heldMarginRenewal(t *testing.T) (*gate, <-chan error) {
	t.Helper()
	f.advance(26 * time.Minute) // inside the five-minute margin
	held := f.s.hold(gateAcceptedRefresh)
	f.get(t, "the lookup in the margin") // access-1; the renewal runs behind it
	held.await(t, "the renewal in the margin")

	f.s.mu.Lock()
	f.s.revoked["access-1"] = true // the gateway refuses the cached token
	f.s.mu.Unlock()
	got := make(chan error, 1)
	go func() { _, err := f.c.Payments.Get(t.Context(), f.id); got <- err }()
	return held, got
}

// storedRefresh waits until the client stored want as its refresh token.
func (f *overlapFixture) storedRefresh(t *testing.T, want string) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		f.c.tokens.mu.Lock()
		got := f.c.tokens.refreshToken.Reveal()
		f.c.tokens.mu.Unlock()
		if got == want {
			return
		}
	}
	t.Fatalf("the client never stored %s", want)
}

// nextRenewalIsNotRefused moves into the next token's margin, makes a
// lookup and waits for its renewal: PortOne refuses no refresh token but
// the ones it refused before.
func (f *overlapFixture) nextRenewalIsNotRefused(t *testing.T) {
	t.Helper()
	_, before, _ := f.s.state()
	f.advance(26 * time.Minute)
	f.get(t, "the lookup in the next margin")
	f.c.t.WaitRenewals()
	_, after, _ := f.s.state()
	assert.Equal(t, before, after, "the next renewal's refresh was refused: the client stored a refresh token PortOne had already expired")
}

// TestOverlappingRenewalsKeepTheLiveRefreshToken: with WithTokenAuth, the
// gateway refuses the cached access token (a 401) while the renewal the
// margin started is still waiting for its reply (PortOne applied it:
// refresh-1 is spent). The call after the refusal does not wait for that
// renewal: a second renewal runs at the same time, with the same refresh
// token, is refused, and logs in with the secret. When the first renewal's
// reply finally arrives, its refresh token — expired by that login — must
// not replace the one that works: otherwise the next renewal's refresh is
// refused and needs yet another login (each of them expiring the refresh
// token again).
func TestOverlappingRenewalsKeepTheLiveRefreshToken(t *testing.T) {
	f := newOverlapFixture(t)
	held, got := f.heldMarginRenewal(t)
	var err error
	select {
	case err = <-got: // the call did not wait for the held renewal
	case <-time.After(150 * time.Millisecond): // it waits for the held renewal
		held.release()
		err = <-got
	}
	require.NoError(t, err, "the call after the refusal")
	held.release()
	f.c.t.WaitRenewals()

	logins, refused, _ := f.s.state()
	t.Logf("refresh tokens refused during the refusal's renewal: %v; logins %d", refused, logins)
	f.nextRenewalIsNotRefused(t)
}

// TestRefusedRefreshFollowsTheNewerRefreshToken: as above, but the held
// renewal's reply (refresh-2) arrives while the renewal after the refusal
// waits for the 401 to its own refresh with refresh-1. That renewal then
// refreshes with refresh-2 instead of logging in with the secret, and the
// call after the refusal goes out with the access token that refresh
// issued: neither the refused access-1 nor access-2, which the renewal
// started before the refusal brought.
func TestRefusedRefreshFollowsTheNewerRefreshToken(t *testing.T) {
	f := newOverlapFixture(t)
	refusal := f.s.hold(gateRefusedRefresh)
	held, got := f.heldMarginRenewal(t)
	refusal.await(t, "the renewal after the refusal")
	held.release()
	f.storedRefresh(t, "refresh-2")
	refusal.release()
	require.NoError(t, <-got, "the call after the refusal")
	f.c.t.WaitRenewals()

	logins, refused, used := f.s.state()
	assert.Equal(t, 1, logins, "the renewal after the refusal logged in with the secret although another renewal had stored a live refresh token")
	assert.Equal(t, []string{"refresh-1"}, refused)
	assert.Equal(t, []string{"access-1", "access-1", "access-1", "access-3"}, used,
		"the call after the refusal carries the token its own renewal got")
	f.nextRenewalIsNotRefused(t)
}

// TestLoginAfterARefusalOutlivesALateRefreshReply: the renewal after the
// refusal is refused at once and logs in (refresh-3 now works), and the
// held renewal's reply (refresh-2) arrives while that login's reply is on
// its way. The login's refresh token must win although the stored one
// changed since its renewal began: PortOne applied the held refresh before
// it refused refresh-1, so before the login, which expired refresh-2.
// (The code before the overlap rule stored whichever came last, which was
// right here; a compare-and-swap on logins too would keep refresh-2.)
func TestLoginAfterARefusalOutlivesALateRefreshReply(t *testing.T) {
	f := newOverlapFixture(t)
	loggingIn := f.s.hold(gateLogin)
	held, got := f.heldMarginRenewal(t)
	loggingIn.await(t, "the login after the refusal")
	held.release()
	f.storedRefresh(t, "refresh-2")
	loggingIn.release()
	require.NoError(t, <-got, "the call after the refusal")
	f.c.t.WaitRenewals()

	logins, refused, used := f.s.state()
	assert.Equal(t, 2, logins)
	assert.Equal(t, []string{"refresh-1"}, refused)
	assert.Equal(t, "access-3", used[len(used)-1], "the call after the refusal carries the login's token")
	f.nextRenewalIsNotRefused(t)
}
