// Package redact masks sensitive values for printing: card numbers, bank
// account numbers and the like. The gateway packages give such values
// their own types whose String, GoString and LogValue call into it.
package redact

import (
	"fmt"
	"io"
	"strconv"
)

// Digits replaces every ASCII digit but the last four with '*', keeping
// separators so the shape stays recognisable: "5365-1012-3456-1234"
// becomes "****-****-****-1234". A value with four digits or fewer is
// returned as is.
func Digits(s string) string {
	digits := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits++
		}
	}
	if digits <= 4 {
		return s
	}
	b := []byte(s)
	for i := range b {
		if b[i] >= '0' && b[i] <= '9' && digits > 4 {
			b[i] = '*'
			digits--
		}
	}
	return string(b)
}

// Format writes masked, the already masked form of a value, for any fmt
// verb: quoted for %q and %#v, as is otherwise. Types that hold a secret
// implement fmt.Formatter with it, so that %d, %x or %q cannot print the
// value raw either.
func Format(f fmt.State, verb rune, masked string) {
	if verb == 'q' || verb == 'v' && f.Flag('#') {
		masked = strconv.Quote(masked)
	}
	_, _ = io.WriteString(f, masked)
}
