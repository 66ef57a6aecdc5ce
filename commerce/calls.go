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
// asks for on are fetched lazily until a short page.
func everyPage[T, Q any](ctx context.Context, c *Client, ep *transport.Endpoint, p listParams[Q], def int, opts []RequestOption) iter.Seq2[*T, error] {
	if err := p.validate(); err != nil {
		return transport.Fail[*T](err)
	}
	lp := p.paging()
	limit := cmp.Or(lp.Limit, def)
	return allPages(ctx, max(lp.Page, 1), limit, func(n int) (*Page[T], error) {
		return listPage[T](ctx, c, ep, p.query(n, limit), opts)
	})
}
