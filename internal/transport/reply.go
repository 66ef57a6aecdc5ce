package transport

import "fmt"

// OtherObject is the *DecodeError of a 2xx reply (its status) to op that
// describes another object than the one asked for: the reply's own id,
// got, is not want. what names the kind of object ("payment", "receipt",
// "order"). Pass got and want both empty to print neither, for an id that
// is a secret (a billing key); got alone empty says the reply names none.
//
// Every lookup by id refuses such a reply with it, and a write wraps it in
// an *OutcomeUnknownError, since the write was applied to something. It is
// a bad reply, like a body that does not decode: it says nothing about the
// object asked for, so it matches no category (never ErrNotFound) and is
// never a gateway's *MismatchError, which is a verdict on the object. The
// transport does not retry it (a 2xx ends a call's attempts); the caller
// looks the object up again.
func OtherObject(gateway, op string, status int, what, got, want string) *DecodeError {
	var err error
	switch {
	case got == "" && want == "":
		err = fmt.Errorf("the reply describes another %s", what)
	case got == "":
		err = fmt.Errorf("the reply names no %s, where %q was asked for", what, clip(want))
	default:
		err = fmt.Errorf("the reply describes %s %q, not %q", what, clip(got), clip(want))
	}
	return &DecodeError{Gateway: gateway, Op: op, Status: status, Err: err}
}

// clip shortens an id from a reply to at most 64 bytes (and an ellipsis),
// so that a reply cannot fill a log line with its "id"; it never splits a
// UTF-8 sequence.
func clip(s string) string {
	const limit = 64
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
