package sandbox

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"net/http"
)

// JSON returns a response with status and v encoded as its JSON body. v must be the sandbox's own
// wire struct or map; it panics, like any sandbox bug should in a test, if v cannot be encoded.
func JSON(status int, v any) Response {
	b, err := json.Marshal(v)
	if err != nil {
		panic("sandbox: encoding a response: " + err.Error())
	}
	return RawJSON(status, b)
}

// RawJSON returns a response with status and the JSON body b, with Content-Type
// application/json; charset=utf-8.
func RawJSON(status int, b []byte) Response {
	return Response{
		Status: status,
		Header: http.Header{"Content-Type": {"application/json; charset=utf-8"}},
		Body:   b,
	}
}

// errNotObject reports a request body that is not one JSON object.
var errNotObject = &json.SyntaxError{}

// DecodeObject decodes a request body that must be one JSON object into v. Unknown fields are
// allowed (SDKs send extra ones); an empty body, a value other than an object, and data after the
// object are not.
func DecodeObject(body []byte, v any) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return errNotObject
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errNotObject
	}
	return nil
}

// Equal compares two credentials in constant time.
func Equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// RandomHex returns n random bytes in hexadecimal, for tokens and ids.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// NewUUID returns a random (version 4) UUID.
func NewUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
