package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/paykit-kr/paykit/internal/redact"
)

// The Standard Webhooks headers PortOne sends with every delivery.
const (
	HeaderWebhookID        = "webhook-id"
	HeaderWebhookTimestamp = "webhook-timestamp"
	HeaderWebhookSignature = "webhook-signature"
)

// DefaultTolerance is how far a webhook-timestamp may lie from the
// verifier's clock, either way, as PortOne's SDKs and Standard Webhooks
// accept: five minutes.
const DefaultTolerance = 5 * time.Minute

// secretPrefix is the optional prefix of a Standard Webhooks secret.
const secretPrefix = "whsec_"

// PortOneConfig configures a PortOneVerifier.
type PortOneConfig struct {
	// Secrets are the webhook secrets from the PortOne console, each with
	// or without the "whsec_" prefix, base64 (padded or not). Give two
	// while rotating: PortOne signs with every live secret during a
	// rotation, and a delivery verifies when any signature matches any
	// secret. At least one is required; an empty one is refused.
	Secrets []string
	// Tolerance is how far webhook-timestamp may lie from Now, either way;
	// zero means DefaultTolerance. A timestamp exactly Tolerance away is
	// accepted, as PortOne's SDKs do.
	Tolerance time.Duration
	// Now is the clock; nil means time.Now, read at most once a second
	// with the monotonic time elapsed added in between (a synctest
	// bubble still sees its own clock).
	Now func() time.Time
}

// Format prints the config with its secrets as [REDACTED], for every fmt
// verb: a config printed while debugging a setup never shows them.
func (c PortOneConfig) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// LogValue logs the config with its secrets as [REDACTED], also through
// slog's JSON handler (which would encode them in the clear).
func (c PortOneConfig) LogValue() slog.Value {
	type plain PortOneConfig
	p := plain(c)
	p.Secrets = make([]string, len(c.Secrets))
	for i, s := range c.Secrets {
		p.Secrets[i] = redact.Secret(s)
	}
	return redact.LogValue(p)
}

// PortOneVerifier verifies PortOne V2 webhooks, which follow Standard
// Webhooks: the HMAC-SHA256, under the webhook secret, of
// "{webhook-id}.{webhook-timestamp}.{body}" is one of the space-separated
// "v1,<base64>" entries of webhook-signature.
//
// It checks the body byte for byte as received (never re-encode it), and
// signs the webhook-timestamp header exactly as sent, as PortOne's own SDK
// does (https://github.com/portone-io/server-sdk). The header must be a
// decimal integer: a sign, a space or any other character is refused, so
// the text signed and the number checked against the clock are one and the
// same. Signatures are compared in constant time, as base64 text; an entry
// of another version (v1a) is skipped.
//
// A PortOneVerifier is safe for concurrent use. Its secrets never appear in
// its errors or when it is printed.
//
// PortOne docs: https://developers.portone.io/opi/ko/integration/webhook/readme-v2
// Standard Webhooks: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
type PortOneVerifier struct {
	keys      []*hmacKey
	tolerance int64 // seconds
	clock     clock
}

// hmacKey is one secret: a pool of keyed HMACs, so that a verification
// neither re-derives the key's pads nor allocates.
type hmacKey struct{ pool sync.Pool }

// signer is one pooled HMAC with its scratch buffers.
type signer struct {
	h      hash.Hash
	prefix []byte   // "{id}.{timestamp}."
	sum    [32]byte // the MAC
	text   [44]byte // its base64
}

func newHMACKey(key []byte) *hmacKey {
	k := &hmacKey{}
	k.pool.New = func() any { return &signer{h: hmac.New(sha256.New, key), prefix: make([]byte, 0, 128)} }
	return k
}

// NewPortOneVerifier checks the secrets and returns a verifier. An empty
// secret, one that is only "whsec_", or one that is not base64 is an error
// matching ErrInvalidSecret that names the secret by position only.
func NewPortOneVerifier(cfg PortOneConfig) (*PortOneVerifier, error) {
	if len(cfg.Secrets) == 0 {
		return nil, secretError(0, "is missing")
	}
	v := &PortOneVerifier{tolerance: tolSeconds(cfg.Tolerance)}
	v.clock.now = cfg.Now
	for i, s := range cfg.Secrets {
		key, err := decodeSecret(s)
		if err != nil {
			return nil, secretError(i, err.Error())
		}
		v.keys = append(v.keys, newHMACKey(key))
	}
	return v, nil
}

func tolSeconds(d time.Duration) int64 {
	if d <= 0 {
		d = DefaultTolerance
	}
	return int64(d / time.Second)
}

// decodeSecret strips "whsec_" and decodes the base64, padded or not
// (PortOne's JS SDK uses the forgiving atob; Standard Webhooks' Python
// library accepts unpadded secrets too).
func decodeSecret(s string) ([]byte, error) {
	s = strings.TrimPrefix(s, secretPrefix)
	if s == "" {
		return nil, errors.New("is empty")
	}
	key, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		key, err = base64.RawStdEncoding.DecodeString(s)
	}
	if err != nil {
		return nil, errors.New("is not base64")
	}
	if len(key) == 0 {
		return nil, errors.New("is empty")
	}
	return key, nil
}

// String never shows the secrets.
func (v *PortOneVerifier) String() string { return "webhook.PortOneVerifier{secrets: [REDACTED]}" }

// GoString never shows the secrets.
func (v *PortOneVerifier) GoString() string { return v.String() }

// Verify verifies one delivery: the headers as received and the raw body.
// It returns nil or a *VerificationError matching ErrUnverified and one
// reason, checked in this order: a missing or duplicated header
// (ErrMissingHeader, ErrDuplicateHeader), a timestamp that is not a decimal
// integer (ErrMalformedTimestamp), outside the tolerance (ErrTooOld,
// ErrTooNew), and no matching signature (ErrNoMatchingSignature).
func (v *PortOneVerifier) Verify(h http.Header, body []byte) error {
	_, _, err := v.verify(h, body)
	return err
}

// verify is Verify returning the webhook-id and the timestamp it checked.
func (v *PortOneVerifier) verify(h http.Header, body []byte) (id string, ts int64, err error) {
	id, err = single(h, "Webhook-Id", HeaderWebhookID)
	if err != nil {
		return "", 0, err
	}
	tsText, err := single(h, "Webhook-Timestamp", HeaderWebhookTimestamp)
	if err != nil {
		return "", 0, err
	}
	sigs, err := single(h, "Webhook-Signature", HeaderWebhookSignature)
	if err != nil {
		return "", 0, err
	}
	ts, ok := parseUnix(tsText)
	if !ok {
		return "", 0, unverified("portone", ErrMalformedTimestamp, HeaderWebhookTimestamp)
	}
	if err := checkWindow("portone", HeaderWebhookTimestamp, ts, v.clock.unix(), v.tolerance); err != nil {
		return "", 0, err
	}
	for _, k := range v.keys {
		if k.matches(id, tsText, body, sigs) {
			return id, ts, nil
		}
	}
	return "", 0, unverified("portone", ErrNoMatchingSignature, HeaderWebhookSignature)
}

// matches reports whether one of the signatures is this key's MAC of the
// message.
func (k *hmacKey) matches(id, ts string, body []byte, sigs string) bool {
	s := k.pool.Get().(*signer)
	s.prefix = append(append(append(append(s.prefix[:0], id...), '.'), ts...), '.')
	s.h.Reset()
	s.h.Write(s.prefix)
	s.h.Write(body)
	s.h.Sum(s.sum[:0])
	base64.StdEncoding.Encode(s.text[:], s.sum[:])
	found := 0
	for rest := sigs; rest != ""; {
		var entry string
		entry, rest, _ = strings.Cut(rest, " ")
		if sig, ok := v1Signature(entry); ok {
			found |= equalText(sig, s.text[:])
		}
	}
	k.pool.Put(s)
	return found == 1
}

// v1Signature returns the 44 characters after "v1," in an entry that could
// hold a MAC. PortOne's SDKs and Standard Webhooks' libraries read the
// signature as the text between the first comma and the next one, and a
// MAC is 44 characters of base64, which hold no comma: so an entry can
// match only when it is "v1,", 44 characters, and then its end or a comma.
// (Any comma among the 44 makes them unequal to every MAC.) Other versions
// are not ours to check. Looking at the 48th byte instead of searching for
// the comma keeps a search out of every verification.
func v1Signature(entry string) (string, bool) {
	const head, macText = len("v1,"), 44
	if len(entry) < head+macText || entry[:head] != "v1," {
		return "", false
	}
	if len(entry) > head+macText && entry[head+macText] != ',' {
		return "", false
	}
	return entry[head : head+macText], true
}

// equalText is subtle.ConstantTimeCompare for a string and a byte slice,
// without converting the string (which would allocate). It compares eight
// bytes at a time, with no branch on the contents: a signature is 44 bytes.
func equalText(a string, b []byte) int {
	if len(a) != len(b) {
		return 0
	}
	var diff uint64
	i := 0
	for ; i+8 <= len(b); i += 8 {
		diff |= load64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:])
	}
	for ; i < len(b); i++ {
		diff |= uint64(a[i] ^ b[i])
	}
	return subtle.ConstantTimeEq(int32(diff|diff>>32), 0)
}

// load64 reads the first eight bytes of s, little-endian (one load once
// compiled).
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// single returns the one value of a header. canonical is its key as
// net/http stores it; a header map built by hand under another spelling is
// searched case-insensitively when the canonical key is absent.
func single(h http.Header, canonical, name string) (string, error) {
	vals, ok := h[canonical]
	if !ok {
		vals = lookupFold(h, canonical)
	}
	switch {
	case len(vals) > 1:
		return "", unverified("portone", ErrDuplicateHeader, name)
	case len(vals) == 0 || vals[0] == "":
		return "", unverified("portone", ErrMissingHeader, name)
	}
	return vals[0], nil
}

// lookupFold gathers the values of every key spelled like name in any
// case.
func lookupFold(h http.Header, name string) []string {
	var vals []string
	for k, vs := range h {
		if len(k) == len(name) && strings.EqualFold(k, name) {
			vals = append(vals, vs...)
		}
	}
	return vals
}

// parseUnix reads a timestamp of decimal digits only. ok is false for
// anything else, including a value beyond int64.
func parseUnix(s string) (int64, bool) {
	if s == "" || len(s) > 19 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d := int64(c - '0')
		// 18 digits cannot overflow an int64: only a 19th needs the check.
		if i == 18 && n > (1<<63-1-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}

// checkWindow refuses a timestamp more than tol seconds from now (both in
// Unix seconds); exactly tol away is accepted.
func checkWindow(sender, header string, ts, now, tol int64) error {
	switch {
	case ts < now && now-ts > tol:
		return &VerificationError{Sender: sender, Reason: ErrTooOld, Header: header, Skew: skew(now-ts, tol)}
	case ts > now && ts-now > tol:
		return &VerificationError{Sender: sender, Reason: ErrTooNew, Header: header, Skew: skew(ts-now, tol)}
	}
	return nil
}

// skew is how far beyond the tolerance a difference lies, capped so that
// the Duration cannot overflow.
func skew(diff, tol int64) time.Duration {
	const maxSeconds = int64(1<<63-1) / int64(time.Second)
	if d := diff - tol; d < maxSeconds {
		return time.Duration(d) * time.Second
	}
	return time.Duration(maxSeconds) * time.Second
}
