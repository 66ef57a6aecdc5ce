package transport

import (
	"slices"
	"strings"
)

// mismatch is the shape of every gateway's Mismatch: one field where what
// the gateway returned differs from what the merchant expected. Each
// gateway declares its own type (so that go doc shows it); the helpers
// below take any of them.
type mismatch = struct{ Field, Expected, Actual string }

// JoinMismatches lists ms as a MismatchError's message does:
// "field: expected x, got y; …", each value written by show (as it is when
// show is nil).
func JoinMismatches[M ~struct{ Field, Expected, Actual string }](ms []M, show func(string) string) string {
	if show == nil {
		show = func(s string) string { return s }
	}
	parts := make([]string, len(ms))
	for i, m := range ms {
		m := mismatch(m)
		parts[i] = m.Field + ": expected " + show(m.Expected) + ", got " + show(m.Actual)
	}
	return strings.Join(parts, "; ")
}

// HasMismatch reports whether field is among ms: a MismatchError's Has.
func HasMismatch[M ~struct{ Field, Expected, Actual string }](ms []M, field string) bool {
	return slices.ContainsFunc(ms, func(m M) bool { return mismatch(m).Field == field })
}
