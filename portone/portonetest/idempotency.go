package portonetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// Idempotency-Key handling, as PortOne documents it (https://developers.portone.io/api/rest-v2).
//
// A keyed write reserves (credential, key) before its body is read, so that a duplicate arriving
// while the first is delayed or still running gets 409 IDEMPOTENCY_OUTSTANDING_REQUEST. Once the
// operation has run, its response is stored under the key whatever happens to the connection
// afterwards (CloseAfterApply, TruncatedBody, StatusAfterApply, a client that gave up during a
// Delay), and a repeat with the same request is answered with it without applying anything. A
// request that was never applied (a Status fault, CloseBeforeRead, the server closing during a
// Delay, failed authentication) releases the key, so a retry is applied normally.

// idemScope is what a key is unique within: the API user (secret) and the key.
type idemScope struct{ secret, key string }

// Limits of an Idempotency-Key as PortOne documents them.
const (
	minKeyLen = 16
	maxKeyLen = 256
)

// errKeyFormat reports a malformed Idempotency-Key header; keyFormatMessage is the message of the
// 400 INVALID_REQUEST it gets.
var errKeyFormat = errors.New("malformed Idempotency-Key header")

const keyFormatMessage = `Idempotency-Key 헤더는 16~256자의 ASCII 문자열을 RFC 8941 형식으로 따옴표로 감싸야 합니다 (예: "unique-request-id-123").`

// idempotencyKey parses the Idempotency-Key header: one RFC 8941 sf-string (a quoted string with
// \" and \\ escapes) whose value is 16 to 256 printable ASCII characters. present is false when
// the header is absent.
func idempotencyKey(h http.Header) (key string, present bool, err error) {
	values := h.Values("Idempotency-Key")
	switch len(values) {
	case 0:
		return "", false, nil
	case 1:
	default:
		return "", true, errKeyFormat
	}
	v := strings.Trim(values[0], " \t")
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", true, errKeyFormat
	}
	var b strings.Builder
	for i := 1; i < len(v)-1; i++ {
		c := v[i]
		switch {
		case c == '\\':
			i++
			if i >= len(v)-1 || (v[i] != '"' && v[i] != '\\') {
				return "", true, errKeyFormat
			}
			b.WriteByte(v[i])
		case c == '"' || c < 0x20 || c > 0x7e:
			return "", true, errKeyFormat
		default:
			b.WriteByte(c)
		}
	}
	key = b.String()
	if len(key) < minKeyLen || len(key) > maxKeyLen {
		return "", true, errKeyFormat
	}
	return key, true, nil
}

// fingerprint identifies "the same request" for a key: method, path, query and body, with JSON
// (the body and the requestBody query parameter) compared in canonical form, so that key order
// and whitespace do not matter but any changed value does.
func fingerprint(r *http.Request, body []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte(r.Method + " " + r.URL.EscapedPath() + "\n"))
	q, _ := url.ParseQuery(r.URL.RawQuery)
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range q[k] {
			if k == "requestBody" {
				v = string(canonicalJSON([]byte(v)))
			}
			h.Write([]byte(url.QueryEscape(k) + "=" + url.QueryEscape(v) + "&"))
		}
	}
	h.Write([]byte("\n"))
	h.Write(canonicalJSON(body))
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// canonicalJSON re-encodes a JSON document with sorted object keys and no insignificant
// whitespace (numbers keep their spelling); anything else is returned unchanged.
func canonicalJSON(b []byte) []byte {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil || dec.More() {
		return b
	}
	out, err := json.Marshal(v)
	if err != nil {
		return b
	}
	return out
}
