package redact

import (
	"encoding/json"
	"slices"

	"github.com/paykit-kr/paykit/internal/jsonx"
)

// JSON renders doc, a JSON document, for printing with the value of every
// member masked unless the member's name is in allow. It is for raw JSON
// whose schema is not known in advance (an event type a package does not
// know yet), where any member may hold a credential or a card number:
// whatever allow does not name is masked, so a member the sender adds
// later fails closed.
//
//   - The structure, the member names, booleans and null are kept.
//   - A string or number value of a member not in allow becomes Redacted;
//     one of a member in allow is kept, numbers exactly as written.
//   - An array takes its member's decision for each element; an object,
//     wherever it stands, is walked member by member (an allowed name does
//     not reveal the object under it).
//   - A value outside any member (a document that is a bare string, the
//     elements of a top-level array) is masked.
//   - Anything that is not exactly one valid JSON value prints as Redacted
//     as a whole.
//
// The output is compact and, as encoding/json writes objects, its members
// are in sorted order, not in doc's order.
func JSON(doc []byte, allow []string) string {
	v, err := jsonx.ExactValue(doc) // numbers as written, not as float64
	if err != nil {
		return Redacted
	}
	b, err := json.Marshal(maskJSON(v, false, allow))
	if err != nil {
		return Redacted
	}
	return string(b)
}

// maskJSON masks v in place, the value of a member whose name is allowed
// or not.
func maskJSON(v any, allowed bool, allow []string) any {
	switch v := v.(type) {
	case map[string]any:
		for name, x := range v {
			v[name] = maskJSON(x, slices.Contains(allow, name), allow)
		}
		return v
	case []any:
		for i, x := range v {
			v[i] = maskJSON(x, allowed, allow)
		}
		return v
	case string, json.Number:
		if allowed {
			return v
		}
		return Redacted
	}
	return v // bool or nil
}
