package transport

import (
	"bytes"
	"encoding/json"

	"github.com/paykit-kr/paykit/internal/jsonx"
)

// Refusal is a 2xx answer in the gateway's error shape. A gateway whose
// answers carry their verdict in the body (Bootpay's error_code, Commerce's
// success false) has its Config.DecodeBody return a *Refusal for such a
// body (RefusalOf finds one) instead of decoding it, and the call then
// ends as the gateway's own error for it, never as its result: an error
// built by Config.DecodeError as for a non-2xx answer (its code and
// category, the 2xx status) when the call is a lookup or a write answered
// so on its one attempt, and that error inside an *OutcomeUnknownError
// when the write was sent more than once or an earlier attempt may have
// been applied.
type Refusal struct {
	Body []byte // the answer as received
}

// Error says what the body is; the call never returns it as it is.
func (r *Refusal) Error() string { return "a 2xx answer in the gateway's error shape" }

// ErrorShape holds the top-level members by which a gateway's error shape
// is told from a result: its success and its error_code, raw.
type ErrorShape struct {
	Success   json.RawMessage `json:"success"`
	ErrorCode json.RawMessage `json:"error_code"`
}

// Refuses reports an error_code that is a code (a string or a number; not
// null or ""), or, when successFalse, a success that is false.
func (e *ErrorShape) Refuses(successFalse bool) bool {
	return successFalse && string(e.Success) == "false" || jsonx.CodeText(e.ErrorCode) != ""
}

// The member names RefusalOf looks for before it decodes anything: most
// bodies have neither, and are then decoded once, by their own type.
var (
	successMember   = []byte(`"success"`)
	errorCodeMember = []byte(`"error_code"`)
)

// RefusalOf returns body as a *Refusal when it is a JSON object whose own
// error_code is a code (a string or a number) or, when successFalse,
// whose own success is false (ErrorShape.Refuses); members of nested
// objects (a payment result's error_code) do not count. A body that is
// not a valid JSON object is left to the result's decoder, which reports
// it.
func RefusalOf(body []byte, successFalse bool) *Refusal {
	trimmed := TrimJSONSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' ||
		!bytes.Contains(trimmed, errorCodeMember) && !(successFalse && bytes.Contains(trimmed, successMember)) {
		return nil
	}
	var w ErrorShape
	if json.Unmarshal(trimmed, &w) != nil || !w.Refuses(successFalse) {
		return nil
	}
	return &Refusal{Body: body}
}
