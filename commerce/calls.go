package commerce

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"iter"

	"github.com/paykit-kr/paykit/internal/transport"
)

// send makes one call of ep, with the route's placeholders filled by
// args, the JSON body (nil: none) and the reference an unknown outcome
// carries, and decodes the answer into a new T.
func send[T any](ctx context.Context, c *Client, ep *transport.Endpoint, args []transport.Arg, body any, ref string, opts []RequestOption) (*T, error) {
	out, _, err := transport.Send[T](ctx, c.t, &transport.Call{Endpoint: ep, Args: args, Body: body, Reference: ref}, opts...)
	return out, err
}

// arg names the value of a route placeholder, checked by transport.CheckID
// before any I/O under the caller's field name.
func arg(field, value string) []transport.Arg { return []transport.Arg{{Field: field, Value: value}} }

// Ack is the answer of a Commerce write whose body paykit does not type:
// Commerce's documents give none, so only its raw JSON is kept (RawJSON).
type Ack struct{ raw []byte }

// UnmarshalJSON keeps the answer as received, once it is valid JSON.
// The transport hands a 2xx body straight to this method, so without the
// check a proxy's or captive portal's HTML page would count as Commerce's
// success.
func (a *Ack) UnmarshalJSON(data []byte) error {
	if !json.Valid(data) {
		return errors.New("commerce: answer is not JSON")
	}
	a.raw = append([]byte(nil), data...)
	return nil
}

// RawJSON returns the answer as Commerce sent it.
func (a *Ack) RawJSON() []byte { return append([]byte(nil), a.raw...) }

// reason is the body of the decisions that carry only an optional reason.
type reason struct {
	Reason string `json:"reason,omitempty"`
}

// pageOf fetches the page p asks for (1 when 0), of limit p.Limit or def,
// from a list whose query query builds for a page and a limit.
func pageOf[T any](ctx context.Context, c *Client, ep *transport.Endpoint, p ListPage, def int, query func(page, limit int) any, opts []RequestOption) (*Page[T], error) {
	return listPage[T](ctx, c, ep, query(max(p.Page, 1), cmp.Or(p.Limit, def)), opts)
}

// everyPage is the All of a page-based list: from the page p asks for on,
// fetched lazily until a short page.
func everyPage[T any](ctx context.Context, c *Client, ep *transport.Endpoint, p ListPage, def int, query func(page, limit int) any, opts []RequestOption) iter.Seq2[*T, error] {
	limit := cmp.Or(p.Limit, def)
	return allPages(ctx, max(p.Page, 1), limit, func(n int) (*Page[T], error) {
		return listPage[T](ctx, c, ep, query(n, limit), opts)
	})
}
