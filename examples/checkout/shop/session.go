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
	"strings"
)

// SessionCookie is the name of the shop's session cookie: the buyer's user
// id and an HMAC-SHA256 of it under Config.SessionKey. The buyer is always
// the one this cookie names, never a user_id in a request body, so nobody
// spends another buyer's 적립금 or reads another buyer's order.
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
// or changes the password of one who exists. Ids beginning "guest-" are
// the guests' (see SessionCookie) and refused.
func AddUser(ctx context.Context, db *DB, userID, password string) error {
	if userID == "" || strings.HasPrefix(userID, "guest-") || password == "" {
		return ErrBadRequest
	}
	salt := make([]byte, 16)
	rand.Read(salt)
	hash, err := hashPassword(password, salt)
	if err != nil {
		return err
	}
	_, err = db.Exec(ctx, `INSERT INTO users (id, salt, password_hash) VALUES (?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET salt = excluded.salt, password_hash = excluded.password_hash`, userID, hex.EncodeToString(salt), hash)
	return err
}

// Login checks a buyer's password; ErrLoginFailed when it does not match.
//
// A user id with no account costs what a wrong password costs: its
// password is hashed against a dummy salt (unknownUserSalt) with the same
// PBKDF2 work, so that the answer's time does not tell which user ids
// have accounts (user enumeration).
func (s *Server) Login(ctx context.Context, userID, password string) error {
	var salt, want string
	err := s.db.QueryRow(ctx, `SELECT salt, password_hash FROM users WHERE id = ?`, userID).Scan(&salt, &want)
	known := err == nil
	switch {
	case errors.Is(err, sql.ErrNoRows):
		salt, want = unknownUserSalt, ""
	case err != nil:
		return err
	}
	raw, err := hex.DecodeString(salt)
	if err != nil {
		return err
	}
	got, err := hashPassword(password, raw)
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 || !known {
		return ErrLoginFailed
	}
	return nil
}

// unknownUserSalt is the salt Login hashes a password against for a user
// id that has no account (hex, 16 bytes as AddUser's): only its cost
// matters, as the answer is ErrLoginFailed whatever the hash.
const unknownUserSalt = "00000000000000000000000000000000"

// sign is the session cookie's value for user.
func (s *Server) sign(user string) string {
	mac := hmac.New(sha256.New, s.cfg.SessionKey)
	mac.Write([]byte(user))
	return base64.RawURLEncoding.EncodeToString([]byte(user)) + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// sessionUser is the user the request's session cookie names, if its
// signature holds.
func (s *Server) sessionUser(r *http.Request) (string, bool) {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return "", false
	}
	enc, _, ok := strings.Cut(c.Value, ".")
	if !ok {
		return "", false
	}
	user, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || len(user) == 0 || !hmac.Equal([]byte(s.sign(string(user))), []byte(c.Value)) {
		return "", false
	}
	return string(user), true
}

// session returns the request's buyer. A browser without a valid session
// becomes a guest of its own ("guest-…", no 적립금), remembered by a new
// cookie, so that its orders stay its own.
func (s *Server) session(w http.ResponseWriter, r *http.Request) string {
	if user, ok := s.sessionUser(r); ok {
		return user
	}
	user := "guest-" + strings.ToLower(rand.Text()[:16])
	s.setSession(w, r, user)
	return user
}

func (s *Server) setSession(w http.ResponseWriter, r *http.Request, user string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: s.sign(user), Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
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
	if err := s.Login(r.Context(), req.UserID, req.Password); err != nil {
		s.writeError(w, "", err)
		return
	}
	s.setSession(w, r, req.UserID)
	writeJSON(w, http.StatusOK, SessionView{Success: true, UserID: req.UserID})
}

func (s *Server) serveSession(w http.ResponseWriter, r *http.Request) {
	user := s.session(w, r)
	writeJSON(w, http.StatusOK, SessionView{Success: true, UserID: user, Guest: strings.HasPrefix(user, "guest-")})
}
