package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/paykit-kr/paykit/internal/jsonx"
	"github.com/paykit-kr/paykit/internal/redact"
)

// The headers of Bootpay's alimtalk webhooks.
const (
	HeaderBootpaySignature = "X-Bootpay-Signature"
	HeaderBootpayTimestamp = "X-Bootpay-Timestamp"
)

// AlimtalkConfig configures an AlimtalkVerifier.
type AlimtalkConfig struct {
	// Secret is the webhook signing secret Bootpay shows in full once, when
	// it is issued (POST alimtalk/webhook/secret). It is used as the HMAC
	// key as shown, not decoded. Required.
	Secret string
	// Tolerance is how far X-Bootpay-Timestamp may lie from Now; zero
	// means DefaultTolerance (Bootpay refuses requests older than five
	// minutes).
	Tolerance time.Duration
	// Now is the clock; nil means time.Now, read at most once a second
	// with the monotonic time elapsed added in between (a synctest
	// bubble still sees its own clock).
	Now func() time.Time
}

// Format prints the config with its secret as [REDACTED], for every fmt
// verb.
func (c AlimtalkConfig) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, c) }

// LogValue logs the config with its secret as [REDACTED], also through
// slog's JSON handler (which would encode it in the clear).
func (c AlimtalkConfig) LogValue() slog.Value {
	type plain AlimtalkConfig
	p := plain(c)
	p.Secret = redact.Secret(c.Secret)
	return redact.LogValue(p)
}

// AlimtalkVerifier verifies the webhooks of Bootpay's alimtalk (KakaoTalk
// business message) service: X-Bootpay-Signature is
// "sha256=<hex HMAC-SHA256 of "{X-Bootpay-Timestamp}.{body}">" under the
// webhook secret, and the timestamp must lie within the tolerance.
//
// UNCONFIRMED by Bootpay's public docs: that the digest is hex (the
// "sha256=" prefix suggests it; base64 is refused) and that the timestamp
// is in Unix seconds. A timestamp of 13 digits or more is read as
// milliseconds, for the window only; the HMAC always covers the header as
// sent. Whatever is unconfirmed fails closed: a delivery this verifier
// cannot read is refused, never accepted.
//
// It is safe for concurrent use and never shows its secret.
//
// Bootpay's SDK: https://github.com/bootpay/backend-nodejs (src/lib/commerce/types/alimtalk-webhook.ts)
type AlimtalkVerifier struct {
	key       *hmacKey // pooled HMACs, as PortOneVerifier's
	tolerance int64
	clock     clock
}

// NewAlimtalkVerifier returns a verifier, or an error matching
// ErrInvalidSecret for an empty secret.
func NewAlimtalkVerifier(cfg AlimtalkConfig) (*AlimtalkVerifier, error) {
	if cfg.Secret == "" {
		return nil, secretError(0, "is empty")
	}
	v := &AlimtalkVerifier{key: newHMACKey([]byte(cfg.Secret)), tolerance: tolSeconds(cfg.Tolerance)}
	v.clock.now = cfg.Now
	return v, nil
}

// String never shows the secret.
func (v *AlimtalkVerifier) String() string { return "webhook.AlimtalkVerifier{secret: [REDACTED]}" }

// GoString never shows the secret.
func (v *AlimtalkVerifier) GoString() string { return v.String() }

// Verify returns nil for a delivery signed with the secret within the
// tolerance, and otherwise a *VerificationError (ErrMissingHeader,
// ErrDuplicateHeader, ErrMalformedTimestamp, ErrTooOld, ErrTooNew,
// ErrNoMatchingSignature).
func (v *AlimtalkVerifier) Verify(h http.Header, body []byte) error {
	sig, err := singleFor("alimtalk", h, HeaderBootpaySignature)
	if err != nil {
		return err
	}
	tsText, err := singleFor("alimtalk", h, HeaderBootpayTimestamp)
	if err != nil {
		return err
	}
	ts, ok := parseUnix(tsText)
	if !ok {
		return unverified("alimtalk", ErrMalformedTimestamp, HeaderBootpayTimestamp)
	}
	if len(tsText) >= 13 {
		ts /= 1000
	}
	if err := checkWindow("alimtalk", HeaderBootpayTimestamp, ts, v.clock.unix(), v.tolerance); err != nil {
		return err
	}
	got, ok := alimtalkDigest(sig)
	if !ok || !v.key.sums(got, tsText, body) {
		return unverified("alimtalk", ErrNoMatchingSignature, HeaderBootpaySignature)
	}
	return nil
}

// sums reports whether mac is this key's HMAC of "{ts}.{body}", compared
// in constant time.
func (k *hmacKey) sums(mac []byte, ts string, body []byte) bool {
	s := k.pool.Get().(*signer)
	s.prefix = append(append(s.prefix[:0], ts...), '.')
	s.h.Reset()
	s.h.Write(s.prefix)
	s.h.Write(body)
	s.h.Sum(s.sum[:0])
	equal := hmac.Equal(mac, s.sum[:])
	k.pool.Put(s)
	return equal
}

// alimtalkDigest decodes "sha256=<64 hex digits>".
func alimtalkDigest(sig string) ([]byte, bool) {
	const prefix = "sha256="
	if len(sig) != len(prefix)+64 || sig[:len(prefix)] != prefix {
		return nil, false
	}
	d, err := hex.DecodeString(sig[len(prefix):])
	return d, err == nil
}

// singleFor is single for a sender's own headers.
func singleFor(sender string, h http.Header, name string) (string, error) {
	v, err := single(h, name, name)
	var ve *VerificationError
	if errors.As(err, &ve) {
		ve.Sender = sender
	}
	return v, err
}

// AlimtalkEventCode is the numeric event of an alimtalk webhook.
type AlimtalkEventCode int

// The alimtalk event codes Bootpay's SDKs declare.
const (
	AlimtalkRequested       AlimtalkEventCode = 300 // 발송 접수 (not subscribed by default)
	AlimtalkDelivered       AlimtalkEventCode = 301 // 전달 성공
	AlimtalkFailed          AlimtalkEventCode = 302 // 전달 실패
	AlimtalkCancelled       AlimtalkEventCode = 303 // 예약 취소
	AlimtalkFallback        AlimtalkEventCode = 304 // 문자(LMS) 대체발송 전환
	AlimtalkInspectApproved AlimtalkEventCode = 310 // 검수 승인
	AlimtalkInspectRejected AlimtalkEventCode = 311 // 검수 반려
	AlimtalkOptOut          AlimtalkEventCode = 320 // 수신거부 등록 (not subscribed by default)
)

// AlimtalkEvent is a verified alimtalk webhook. Bootpay's public docs do
// not give the body's schema (UNCONFIRMED): the members its delivery log
// names (event_code, event, delivery_id) are read when present, and Raw
// keeps the whole body for the rest.
type AlimtalkEvent struct {
	EventCode  AlimtalkEventCode // 0 when absent
	Event      string
	DeliveryID string
	// Raw is the whole body (compact JSON). It may hold the recipient's
	// phone number and the message, so it prints masked, with its event
	// and delivery id shown; Raw.Reveal gives the bytes.
	Raw RawJSON
}

// Format prints the event with its body masked (see RawJSON), for every
// fmt verb.
func (e AlimtalkEvent) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, e) }

// LogValue logs the event with its body masked, also through slog's JSON
// handler (which would otherwise encode the body as received).
func (e AlimtalkEvent) LogValue() slog.Value {
	type plain AlimtalkEvent
	return redact.LogValue(plain(e))
}

// Key is the event's process-once key: its delivery id with its event
// (code and name), or when it has no delivery id, a digest of the body.
//
// Whether delivery_id names one message, reported on by several events
// (a 304 switch to LMS, then a 302 failure), or one event of it is
// UNCONFIRMED. Keyed by the id alone, the second event of a message would
// be acknowledged without running the callback; keyed with the event,
// each event of the message runs once, and a second delivery of one event
// (the same id, code and name) still collapses into the first.
func (e *AlimtalkEvent) Key() string {
	if e.DeliveryID != "" {
		return "alimtalk:delivery:" + strconv.Quote(e.DeliveryID) + ":" + strconv.Itoa(int(e.EventCode)) +
			":" + strconv.Quote(e.Event)
	}
	sum := sha256.Sum256(e.Raw)
	return "alimtalk:body:" + hex.EncodeToString(sum[:])
}

// DecodeAlimtalkEvent decodes a verified alimtalk webhook body, a JSON
// object. Anything else is a *DecodeError.
func DecodeAlimtalkEvent(body []byte) (*AlimtalkEvent, error) {
	ev, err := decodeAlimtalk(body)
	if err != nil {
		return nil, &DecodeError{Sender: "alimtalk", Err: err}
	}
	return ev, nil
}

func decodeAlimtalk(body []byte) (*AlimtalkEvent, error) {
	var w struct {
		EventCode  json.RawMessage `json:"event_code"`
		Event      json.RawMessage `json:"event"`
		DeliveryID string          `json:"delivery_id"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, err
	}
	raw, err := jsonx.Canonical(body)
	if err != nil || raw[0] != '{' {
		return nil, errors.New("not a JSON object")
	}
	code, err := jsonx.Int(w.EventCode)
	if err != nil {
		return nil, errors.New("event_code is not an integer")
	}
	ev := &AlimtalkEvent{EventCode: AlimtalkEventCode(code), DeliveryID: w.DeliveryID, Raw: RawJSON(raw)}
	// "event" may be a name or, in some payloads, the code itself.
	if n, ok, err := jsonx.Int64(w.Event); err == nil && ok && ev.EventCode == 0 {
		ev.EventCode = AlimtalkEventCode(n)
	} else if len(w.Event) > 0 && w.Event[0] == '"' {
		_ = json.Unmarshal(w.Event, &ev.Event) // a string the body's decoding already accepted
	}
	return ev, nil
}
