package commerce

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"iter"
	"strconv"
	"strings"

	"github.com/paykit-kr/paykit/internal/jsonx"
	"github.com/paykit-kr/paykit/internal/transport"
)

// send makes one call of ep, with the route's placeholders filled by
// args, the JSON body (nil: none) and the reference an unknown outcome
// carries, and decodes the answer into a new T.
func send[T any](ctx context.Context, c *Client, ep *transport.Endpoint, args []transport.Arg, body any, ref string, opts []RequestOption) (*T, error) {
	out, _, err := transport.Send[T](ctx, c.t, &transport.Call{Endpoint: ep, Args: args, Body: body, Reference: ref}, opts...)
	return out, err
}

// decodeBody decodes a 2xx body for the client
// (transport.Config.DecodeBody). Commerce answers errors as
// {"success": false, "error_code", "message"} too, and nothing promises
// such a body a non-2xx status: one with success false, or with an
// error_code, at its top level is a *transport.Refusal, never the call's
// result: the call ends as the refusal it is, an *APIError whose
// StatusCode is the 2xx status on a lookup and on a write whose one
// attempt was answered so (nothing was applied), and that *APIError inside
// an *OutcomeUnknownError for a write sent more than once, or one an
// earlier attempt of which may have been applied, since the refusal may be
// the echo of what the earlier attempt did.
//
// A result that requires members (a requiredMembers type) cannot decode
// from that shape, so for it the body is searched for the shape only when
// its decoding fails: the search costs more than a microsecond on a 1 KiB
// order, as much as the rest of the client's overhead on a lookup.
func decodeBody(body []byte, out any) error {
	if _, ok := out.(requiredMembers); ok {
		err := transport.DecodeJSON(body, out)
		if err == nil {
			return nil
		}
		if r := refusalOf(body); r != nil {
			return r
		}
		return err
	}
	if r := refusalOf(body); r != nil {
		return r
	}
	return transport.DecodeJSON(body, out)
}

// requiredMembers is implemented by the result types whose decoding fails
// on a body without their required members, which Commerce's error shape
// ({"success": false, "error_code", "message"}) never has.
type requiredMembers interface{ requiresMembers() }

// refusalOf returns body as a refusal when it is a JSON object whose own
// success is false or whose own error_code is a code (a string or a
// number); members of nested objects (a payment result's error_code) do
// not count (transport.RefusalOf). A body that is not valid JSON is left
// to the result's decoder, which reports it.
func refusalOf(body []byte) *transport.Refusal { return transport.RefusalOf(body, true) }

// lookup is a Safe GET of the object ep's route names by id (field names
// it in a *ValidationError): byID without a body.
func lookup[T any](ctx context.Context, c *Client, ep *transport.Endpoint, field, what, id string, replyID func(*T) string, opts []RequestOption) (*T, error) {
	return byID(ctx, c, ep, field, what, id, nil, replyID, opts)
}

// byID makes one call of ep on the object its route names by id (field
// names it in a *ValidationError), with body (nil: none), and decodes the
// reply into a new T. A 2xx reply that names another id (replyID) is not
// about the object asked for: a lookup refuses it with otherObject's
// *DecodeError, never returning it as the object asked for; a write,
// which was applied to something and maybe to id, ends as an
// *OutcomeUnknownError whose Reference is id, carrying that
// *DecodeError. A reply that names none is taken as it is, since these
// objects' shapes do not promise their ids (UNCONFIRMED).
func byID[T any](ctx context.Context, c *Client, ep *transport.Endpoint, field, what, id string, body any, replyID func(*T) string, opts []RequestOption) (*T, error) {
	out, res, err := transport.Send[T](ctx, c.t, &transport.Call{Endpoint: ep, Args: arg(field, id), Body: body, Reference: id}, opts...)
	if err != nil {
		return nil, err
	}
	got := replyID(out)
	if got == "" || got == id {
		return out, nil
	}
	derr := otherObject(ep.Op, res.StatusCode, what, got, id)
	if ep.Class == transport.Safe {
		return nil, derr
	}
	return nil, unknownReply(ep.Op, id, res, derr)
}

// unknownReply is the *OutcomeUnknownError of a write to op (reference
// ref, its result res) whose answer could not be taken for this write.
func unknownReply(op, ref string, res transport.Result, err error) *OutcomeUnknownError {
	return &OutcomeUnknownError{Gateway: "commerce", Op: op, Reference: ref,
		IdempotencyKey: res.IdempotencyKey, Attempts: res.Attempts, Err: err}
}

// answerField is one field of the answer to a creation (created), what
// it names (got) and what the request named (want), as text: "" when
// either names nothing, so that only a field both name is compared.
type answerField struct{ what, got, want string }

// created makes one call of ep that creates an object (no route id; ref
// is the reference an unknown outcome carries) with body, and decodes the
// answer into a new T. An answer naming another object than the one asked
// for — a field of fields(out) that it and the request both name, with
// another value — is not this creation's answer: the write was applied to
// something, maybe to what was asked, so the call ends as an
// *OutcomeUnknownError carrying ref around otherObject's *DecodeError,
// never the answer (a replayed or misrouted answer accepted would hide a
// creation that failed, or report another's as this one).
func created[T any](ctx context.Context, c *Client, ep *transport.Endpoint, body any, ref string, fields func(*T) []answerField, opts []RequestOption) (*T, error) {
	out, res, err := transport.Send[T](ctx, c.t, &transport.Call{Endpoint: ep, Body: body, Reference: ref}, opts...)
	if err != nil {
		return nil, err
	}
	for _, f := range fields(out) {
		if f.got != "" && f.want != "" && f.got != f.want {
			return nil, unknownReply(ep.Op, ref, res, otherObject(ep.Op, res.StatusCode, f.what, f.got, f.want))
		}
	}
	return out, nil
}

// idField is the answerField of an identifier the merchant or its buyer
// typed (an external_uid): compared without its surrounding space, which
// a server may well trim and which names no other object.
func idField(what, got, want string) answerField {
	return answerField{what, strings.TrimSpace(got), strings.TrimSpace(want)}
}

// loginIDField is the answerField of a login id, compared as idField does,
// and regardless of case only when uid, the external_uid field of the same
// answer, is named by both sides and agrees: a login id is commonly an
// e-mail address, which servers store lower-cased, but whether Commerce
// folds login ids is UNCONFIRMED (a login id need not be an e-mail
// address), so two login ids differing in case may be two customers.
// Without an agreeing external_uid the login id is all that tells this
// customer from another, and it is compared exactly: a mismatch is an
// unknown outcome (look the customer up), the side that never stores a
// stranger's user_id for this buyer.
func loginIDField(what, got, want string, uid answerField) answerField {
	f := idField(what, got, want)
	if uid.got != "" && uid.got == uid.want && strings.EqualFold(f.got, f.want) {
		f.got = f.want
	}
	return f
}

// numberText is a number (an amount, a code) as answerField text: "" for
// 0, which no request sends (an answer without the member decodes to 0).
func numberText(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

// otherObject is the *DecodeError of a 2xx reply (its status) to op that
// describes another object (what) than want: a bad reply, neither
// ErrNotFound nor a *MismatchError, so look again (transport.OtherObject).
func otherObject(op string, status int, what, got, want string) *DecodeError {
	return (*DecodeError)(transport.OtherObject("commerce", op, status, what, got, want))
}

// arg names the value of a route placeholder, checked by transport.CheckID
// before any I/O under the caller's field name.
func arg(field, value string) []transport.Arg { return []transport.Arg{{Field: field, Value: value}} }

// Ack is the answer of a Commerce write whose body paykit does not type:
// Commerce's documents give none, so only its raw JSON is kept (RawJSON).
// A 2xx answer whose success is false, or that carries an error_code, is
// Commerce's refusal and never an Ack: the call returns an *APIError, or
// an *OutcomeUnknownError when an earlier attempt may have been applied.
// A 2xx without a body (a 204 No Content, an empty 200) is an empty Ack,
// as Commerce documents no body to read: success, never an outcome in
// doubt. A body is an Ack only when it is JSON other than null: an HTML
// page (a captive portal, a proxy, a wrong base URL) or a JSON null (what
// a serializer writes for a nil value) is no acknowledgement, so the call
// ends with a *DecodeError, inside an *OutcomeUnknownError for a write.
// A result that carries data (an order, a user) refuses a 2xx without a
// body too.
type Ack struct {
	// Embedded for its method set alone: the transport lets a result
	// that embeds NoBody take a 2xx without a body.
	//lint:ignore U1000 used through the method set, which staticcheck does not follow
	noBody
	raw []byte
}

// noBody is transport.NoBody under an unexported name, so that Ack embeds
// it (and with it the transport's rule for a 2xx without a body) without
// an exported field.
//
//lint:ignore U1000 used as Ack's embedded field
type noBody = transport.NoBody

// UnmarshalJSON keeps the answer as received, once it is valid JSON other
// than null (keepAnswer). The transport hands a 2xx body straight to this
// method, so without the checks a proxy's or captive portal's HTML page,
// or a null, would count as Commerce's success; a 2xx without a body
// never reaches it.
func (a *Ack) UnmarshalJSON(data []byte) error { return keepAnswer(&a.raw, data) }

// RawJSON returns the answer as Commerce sent it: empty when it sent no
// body.
func (a *Ack) RawJSON() []byte { return append([]byte(nil), a.raw...) }

// keepAnswer copies data into *raw, an answer kept as received (Ack,
// DuplicateCheckResult), once it is valid JSON other than null.
func keepAnswer(raw *[]byte, data []byte) error {
	switch {
	case !json.Valid(data):
		return errNotJSON
	case jsonx.IsNull(data):
		return errNullAnswer
	}
	*raw = append([]byte(nil), data...)
	return nil
}

// The decoding errors of keepAnswer: a body that is not JSON, or that is
// JSON null.
var (
	errNotJSON    = errors.New("commerce: answer is not JSON")
	errNullAnswer = errors.New("commerce: answer is null, which answers nothing")
)

// reason is the body of the decisions that carry only an optional reason.
type reason struct {
	Reason string `json:"reason,omitempty"`
}

// listParams are the params of a page-based list: checked before any I/O
// (validate), asking for a page (paging, from the embedded ListPage), and
// written as the go-querystring struct Q for a page number and size.
type listParams[Q any] interface {
	validate() error
	paging() ListPage
	query(page, limit int) Q
}

// pageOf is the List of a page-based list: p is checked, then the page it
// asks for (1 when 0), of limit p.Limit or def, is fetched.
func pageOf[T, Q any](ctx context.Context, c *Client, ep *transport.Endpoint, p listParams[Q], def int, opts []RequestOption) (*Page[T], error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	lp := p.paging()
	return listPage[T](ctx, c, ep, p.query(max(lp.Page, 1), cmp.Or(lp.Limit, def)), opts)
}

// everyPage is the All of a page-based list: p is checked (refused params
// are yielded as the error, before any I/O), then the pages from the one p
// asks for on are fetched lazily until a short page ends the list
// (allPages).
func everyPage[T, Q any](ctx context.Context, c *Client, ep *transport.Endpoint, p listParams[Q], def int, opts []RequestOption) iter.Seq2[*T, error] {
	if err := p.validate(); err != nil {
		return transport.Fail[*T](err)
	}
	lp := p.paging()
	limit := cmp.Or(lp.Limit, def)
	return allPages(ctx, c, ep, max(lp.Page, 1), limit, func(n int) (*Page[T], error) {
		return listPage[T](ctx, c, ep, p.query(n, limit), opts)
	})
}
