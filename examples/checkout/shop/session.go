package shop

import (
	"context"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// SessionCookie is the name of the shop's session cookie. It names the
// buyer's user id, the user's session version, when it was issued and when
// it expires, under an HMAC-SHA256 of them all with Config.SessionKey (see
// sign). The buyer is always the one this cookie names, never a user_id in
// a request body, so nobody spends another buyer's 적립금 or reads another
// buyer's order.
//
// A session ends when it expires (Config.SessionTTL after the login, or
// after a guest's first request; a request that finds less than half of
// it left renews it for another SessionTTL, see session), at the latest
// Config.SessionMaxAge after that login or first request however often it
// is renewed (a renewed cookie keeps the time it was first issued), and a
// logged-in buyer's sessions all end when the password changes (AddUser)
// or the buyer logs out (POST /api/logout): either moves the user's
// session version on (users.session_version), and a cookie of an earlier
// version is no session. A leaked cookie so stops working when it
// expires unused, SessionMaxAge after it was first issued even if it is
// replayed to keep it renewed — a guest's, which no logout or password
// change can end, above all — and at once when the buyer changes the
// password or logs out.
const SessionCookie = "paykit_session"

// DemoUser and DemoPassword are the buyer Seed stores (with 5000 won of
// 적립금): a demo login, never a real account.
const (
	DemoUser     = "user_1234"
	DemoPassword = "paykit-demo-1234"
)

// ErrLoginFailed: the user id or password is wrong (answered 401).
var ErrLoginFailed = errors.New("아이디 또는 비밀번호가 맞지 않아요 (login failed)")

// passwordIterations is PBKDF2-HMAC-SHA256's work factor (OWASP's 2023
// recommendation): a stolen users table costs this much per guess.
const passwordIterations = 600_000

// hashPassword returns the salt and PBKDF2 hash stored in users.
func hashPassword(password string, salt []byte) (string, error) {
	key, err := pbkdf2.Key(sha256.New, password, salt, passwordIterations, 32)
	return hex.EncodeToString(key), err
}

// AddUser stores a buyer who can log in with password (POST /api/login),
// or changes the password of one who exists, which ends every session the
// buyer has (SessionCookie). Ids beginning "guest-" are the guests' (see
// SessionCookie) and refused.
func AddUser(ctx context.Context, db *DB, userID, password string) error {
	if userID == "" || isGuest(userID) || password == "" {
		return ErrBadRequest
	}
	salt := make([]byte, 16)
	rand.Read(salt)
	hash, err := hashPassword(password, salt)
	if err != nil {
		return err
	}
	_, err = db.Exec(ctx, `INSERT INTO users (id, salt, password_hash) VALUES (?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET salt = excluded.salt, password_hash = excluded.password_hash,
		session_version = users.session_version + 1`, userID, hex.EncodeToString(salt), hash)
	return err
}

// Login checks a buyer's password; ErrLoginFailed when it does not match.
//
// A user id with no account costs what a wrong password costs: its
// password is hashed against a dummy salt (unknownUserSalt) with the same
// PBKDF2 work, so that the answer's time does not tell which user ids
// have accounts (user enumeration).
func (s *Server) Login(ctx context.Context, userID, password string) error {
	_, err := s.login(ctx, userID, password)
	return err
}

// login is Login, returning the user's session version read with the
// password's hash, which the session it starts carries.
func (s *Server) login(ctx context.Context, userID, password string) (int64, error) {
	var salt, want string
	var version int64
	err := s.db.QueryRow(ctx, `SELECT salt, password_hash, session_version FROM users WHERE id = ?`, userID).Scan(&salt, &want, &version)
	known := err == nil
	switch {
	case errors.Is(err, sql.ErrNoRows):
		salt, want = unknownUserSalt, ""
	case err != nil:
		return 0, err
	}
	raw, err := hex.DecodeString(salt)
	if err != nil {
		return 0, err
	}
	got, err := hashPassword(password, raw)
	if err != nil {
		return 0, err
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 || !known {
		return 0, ErrLoginFailed
	}
	return version, nil
}

// unknownUserSalt is the salt Login hashes a password against for a user
// id that has no account (hex, 16 bytes as AddUser's): only its cost
// matters, as the answer is ErrLoginFailed whatever the hash.
const unknownUserSalt = "00000000000000000000000000000000"

// session is what a session cookie says: the buyer, the user's session
// version when it was issued (0 for a guest, who has no users row), and
// when it was issued and expires (Unix seconds).
type session struct {
	user                     string
	version, issued, expires int64
}

// sign is the session cookie's value for ss: its fields, the user id in
// base64url, joined by dots, and an HMAC-SHA256 of all that under
// Config.SessionKey.
func (s *Server) sign(ss session) string {
	payload := strings.Join([]string{base64.RawURLEncoding.EncodeToString([]byte(ss.user)),
		strconv.FormatInt(ss.version, 10), strconv.FormatInt(ss.issued, 10), strconv.FormatInt(ss.expires, 10)}, ".")
	mac := hmac.New(sha256.New, s.cfg.SessionKey)
	mac.Write([]byte(payload))
	return payload + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// parseSession reads a session cookie's value, if its signature holds
// (and whatever its expiry).
func (s *Server) parseSession(value string) (session, bool) {
	parts := strings.Split(value, ".")
	if len(parts) != 5 {
		return session{}, false // another shape: a cookie of an older release too
	}
	user, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil || len(user) == 0 {
		return session{}, false
	}
	ss := session{user: string(user)}
	for i, n := range []*int64{&ss.version, &ss.issued, &ss.expires} {
		if *n, err = strconv.ParseInt(parts[i+1], 10, 64); err != nil {
			return session{}, false
		}
	}
	if !hmac.Equal([]byte(s.sign(ss)), []byte(value)) {
		return session{}, false
	}
	return ss, true
}

// sessionOf is the session of the request's cookie, if its signature
// holds, it has not expired by Config.Now, it was first issued less than
// Config.SessionMaxAge ago (a cookie that was never renewed past that
// ends there too, should SessionMaxAge be lowered), and — for a buyer who logs in —
// its version is the user's (no password change or logout since). An
// error is the database's: the session is then neither valid nor invalid.
func (s *Server) sessionOf(r *http.Request) (session, bool, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return session{}, false, nil
	}
	ss, ok := s.parseSession(c.Value)
	if now := s.cfg.Now().Unix(); !ok || now >= ss.expires || now >= s.lastExpiry(ss.issued) {
		return session{}, false, nil
	}
	if isGuest(ss.user) {
		return ss, true, nil
	}
	var version int64
	err = s.db.QueryRow(r.Context(), `SELECT session_version FROM users WHERE id = ?`, ss.user).Scan(&version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return session{}, false, nil
	case err != nil:
		return session{}, false, err
	}
	return ss, version == ss.version, nil
}

// sessionUser is the user the request's session names, if it is valid
// (sessionOf); no cookie is set.
func (s *Server) sessionUser(r *http.Request) (string, bool, error) {
	ss, ok, err := s.sessionOf(r)
	return ss.user, ok, err
}

// isGuest reports a guest's user id ("guest-…", which AddUser refuses).
func isGuest(user string) bool { return strings.HasPrefix(user, "guest-") }

// session returns the request's buyer. A browser without a valid session
// becomes a guest of its own ("guest-…", no 적립금), remembered by a new
// cookie, so that its orders stay its own. An error (the database's) sets
// no cookie, so that a buyer's session outlives it.
//
// A valid session with less than half of Config.SessionTTL left is
// renewed: the cookie is issued again for the same buyer, session version
// and time first issued, for a whole SessionTTL from now but never past
// Config.SessionMaxAge after it was first issued (a cookie that cannot
// outlast the one it replaces is not issued again). Without that a session would
// end SessionTTL after its FIRST request however busy the buyer: a guest
// who first came six days ago and pays by virtual account today would
// lose the order — its account to deposit into — a day later, inside its
// 입금 기한 (a guest cannot log back in), and a logged-in buyer's confirm
// could be refused mid-payment. Only a cookie whose signature, expiry and
// version hold is renewed (sessionOf), so a logout or password change
// still ends every session at once, and a stolen cookie still stops at
// its expiry unless it is used, and SessionMaxAge after it was first
// issued even if it is: re-signed with the time of each renewal instead,
// a cookie replayed every few days would be renewed for ever. An idle
// session ends as before.
func (s *Server) session(w http.ResponseWriter, r *http.Request) (string, error) {
	ss, ok, err := s.sessionOf(r)
	switch {
	case err != nil:
		return "", err
	case ok:
		now := s.cfg.Now()
		if left := time.Unix(ss.expires, 0).Sub(now); left < s.cfg.SessionTTL/2 && s.expiry(now, ss.issued) > ss.expires {
			s.setSession(w, r, session{user: ss.user, version: ss.version, issued: ss.issued})
		}
		return ss.user, nil
	}
	user := "guest-" + strings.ToLower(rand.Text()[:16])
	s.setSession(w, r, session{user: user, issued: s.cfg.Now().Unix()})
	return user, nil
}

// setSession issues the cookie of session ss (its user, version and time
// first issued) from now for Config.SessionTTL, or until
// Config.SessionMaxAge after it was first issued if that comes sooner.
func (s *Server) setSession(w http.ResponseWriter, r *http.Request, ss session) {
	now := s.cfg.Now()
	ss.expires = s.expiry(now, ss.issued)
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: s.sign(ss), Path: "/", MaxAge: int(ss.expires - now.Unix()), HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// expiry is when a session first issued at issued (Unix seconds) expires
// if its cookie is issued at now: SessionTTL later, capped at lastExpiry.
func (s *Server) expiry(now time.Time, issued int64) int64 {
	return min(now.Add(s.cfg.SessionTTL).Unix(), s.lastExpiry(issued))
}

// lastExpiry is the latest a session first issued at issued (Unix seconds)
// may last: Config.SessionMaxAge after it.
func (s *Server) lastExpiry(issued int64) int64 {
	return time.Unix(issued, 0).Add(s.cfg.SessionMaxAge).Unix()
}

// LoginRequest is what POST /api/login takes.
type LoginRequest struct {
	UserID   string `json:"user_id"`
	Password string `json:"password"`
}

// SessionView is the answer of POST /api/login and GET /api/session.
type SessionView struct {
	Success bool   `json:"success"`
	UserID  string `json:"user_id"`
	Guest   bool   `json:"guest"`
}

func (s *Server) serveLogin(w http.ResponseWriter, r *http.Request) {
	var req LoginRequest
	if !readJSON(w, r, &req) {
		return
	}
	v, err := s.login(r.Context(), req.UserID, req.Password)
	if err != nil {
		s.writeError(w, "", err)
		return
	}
	s.setSession(w, r, session{user: req.UserID, version: v, issued: s.cfg.Now().Unix()})
	writeJSON(w, http.StatusOK, SessionView{Success: true, UserID: req.UserID})
}

// Logout ends every session of buyer userID, on every browser: the user's
// session version moves on, and no cookie issued before is a session.
// A guest has none to end.
func (s *Server) Logout(ctx context.Context, userID string) error {
	if isGuest(userID) {
		return nil
	}
	_, err := s.db.Exec(ctx, `UPDATE users SET session_version = session_version + 1 WHERE id = ?`, userID)
	return err
}

// serveLogout is POST /api/logout: the session's buyer is logged out
// everywhere (Logout) and the browser's cookie deleted; the browser is a
// new guest on its next request.
func (s *Server) serveLogout(w http.ResponseWriter, r *http.Request) {
	user, ok, err := s.sessionUser(r)
	if err == nil && ok {
		err = s.Logout(r.Context(), user)
	}
	if err != nil {
		s.writeError(w, "", err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	writeJSON(w, http.StatusOK, SessionView{Success: true})
}

func (s *Server) serveSession(w http.ResponseWriter, r *http.Request) {
	user, err := s.session(w, r)
	if err != nil {
		s.writeError(w, "", err)
		return
	}
	writeJSON(w, http.StatusOK, SessionView{Success: true, UserID: user, Guest: isGuest(user)})
}
