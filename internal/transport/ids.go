package transport

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxIDLength bounds an id the caller passes (receipt id, payment id,
// billing key). No gateway documents a longer one; a longer value is a bug
// or an attack, never an id.
const MaxIDLength = 1024

// CheckID refuses, before any I/O, an id that cannot name an object at any
// gateway: empty or blank, with leading or trailing white space, not valid
// UTF-8, holding a control character (NUL, a line break, a tab), longer
// than MaxIDLength, or "." or ".." (url.PathEscape keeps dots, so such a
// path segment would be resolved to another path by the server or a
// proxy). gateway and field name the error: "portone", "PaymentID".
//
// Every gateway package checks every id with it, so the same bad input is
// refused the same way everywhere.
func CheckID(gateway, field, id string) error {
	reason := ""
	switch {
	case id == "":
		reason = "is empty"
	case len(id) > MaxIDLength:
		reason = "is longer than 1024 bytes"
	case !utf8.ValidString(id):
		reason = "is not valid UTF-8"
	case strings.TrimFunc(id, unicode.IsSpace) != id:
		reason = "has leading or trailing white space" // also catches " " and "\t"
	case strings.IndexFunc(id, unicode.IsControl) >= 0:
		reason = "holds a control character"
	case id == "." || id == "..":
		reason = `may not be "." or ".."`
	}
	if reason == "" {
		return nil
	}
	return &ValidationError{Gateway: gateway, Field: field, Reason: reason}
}

// Digits reports whether s is minLen to maxLen ASCII digits: the check of
// card, account, phone and identity numbers the clients make before any
// I/O and the sandboxes make on what they receive.
func Digits(s string, minLen, maxLen int) bool {
	if len(s) < minLen || len(s) > maxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
