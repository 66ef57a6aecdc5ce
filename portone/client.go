package portone

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/paykit-kr/paykit/internal/redact"
	"github.com/paykit-kr/paykit/internal/transport"
)

// DefaultBaseURL is PortOne's API host. Test and live payments share it;
// the channel decides which a payment is.
const DefaultBaseURL = "https://api.portone.io"

// Client calls the PortOne V2 REST API. Build one with NewClient and share
// it: it is immutable and safe for concurrent use.
//
// It prints without its credentials or tokens, with every fmt verb and in
// slog, also as a value inside a struct of yours: they are kept behind
// pointers, which fmt prints as addresses.
type Client struct {
	// Payments looks payments up and lists them, cancels, captures,
	// confirms, pre-registers and charges them (결제).
	Payments *PaymentsService
	// BillingKeys issues, confirms, looks up and deletes billing keys (빌링키).
	BillingKeys *BillingKeysService
	// PaymentSchedules schedules billing-key payments (결제 예약).
	PaymentSchedules *PaymentSchedulesService
	// CashReceipts issues, looks up and cancels cash receipts (현금영수증).
	CashReceipts *CashReceiptsService
	// IdentityVerifications looks up and drives identity verifications (본인인증).
	IdentityVerifications *IdentityVerificationsService

	t       *transport.Client
	storeID string // default store id, "" for the credential's own store
	secret  redact.Hidden
	tokens  *tokenFlow // nil unless WithTokenAuth
}

// NewClient returns a client that authenticates with the V2 API secret
// issued in PortOne's console (Authorization: PortOne <secret>), or with
// access tokens obtained from it when WithTokenAuth is given.
func NewClient(apiSecret string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(apiSecret) == "" {
		return nil, &ValidationError{Gateway: "portone", Field: "apiSecret", Reason: "is empty"}
	}
	if strings.ContainsAny(apiSecret, "\r\n") {
		return nil, &ValidationError{Gateway: "portone", Field: "apiSecret", Reason: "has a line break"}
	}
	own := &settings{}
	s := transport.NewSettings("portone", DefaultBaseURL, own)
	if err := s.Apply(opts); err != nil {
		return nil, err
	}
	cfg := s.Config
	cfg.DecodeError = decodeAPIError
	cfg.ErrorTypes = errorTypes
	cfg.IdempotencyHeader = "Idempotency-Key"
	cfg.FormatIdempotencyKey = formatIdempotencyKey
	cfg.IsOutstanding = isOutstanding
	cfg.IsDefinitive = isPGDecline
	cfg.RequestIDHeaders = []string{"X-Request-Id", "X-Portone-Request-Id"}
	c := &Client{storeID: own.storeID, secret: redact.Hide(apiSecret)}
	if own.tokenAuth {
		c.tokens = &tokenFlow{c: c, now: s.Now}
		cfg.Auth = &transport.BearerAuth{Source: transport.NewTokenSource(c.tokens.fetch, tokenMargin, s.Now)}
	} else {
		cfg.Auth = transport.NewStaticAuth("PortOne " + apiSecret)
	}
	t, err := transport.NewClient(cfg)
	if err != nil {
		return nil, err
	}
	c.t = t
	c.Payments = &PaymentsService{c: c}
	c.BillingKeys = &BillingKeysService{c: c}
	c.PaymentSchedules = &PaymentSchedulesService{c: c}
	c.CashReceipts = &CashReceiptsService{c: c}
	c.IdentityVerifications = &IdentityVerificationsService{c: c}
	return c, nil
}

// String describes the client without its secret. It has a value
// receiver, like Format, so that a Client value (in a struct of yours, say)
// prints as safely as a *Client.
func (c Client) String() string {
	mode := "api secret"
	if c.tokens != nil {
		mode = "access tokens"
	}
	return fmt.Sprintf("portone.Client{auth: %s [REDACTED], store: %q, %v}", mode, c.storeID, c.t)
}

// GoString is String, so %#v hides the secret too.
func (c Client) GoString() string { return c.String() }

// send makes one call through exchange and returns its decoded result.
func send[T any](ctx context.Context, c *Client, call *transport.Call, opts []RequestOption) (*T, error) {
	out, _, err := exchange[T](ctx, c, call, opts)
	return out, err
}

// exchange is transport.Send for a service method that writes: the
// value, what happened beyond it (for a method that compares the reply
// with the call), and the error, where PortOne's refusals that an
// earlier call of the caller's may have caused read as unknown outcomes
// (alreadySettled).
func exchange[T any](ctx context.Context, c *Client, call *transport.Call, opts []RequestOption) (*T, transport.Result, error) {
	out, res, err := transport.Send[T](ctx, c.t, call, opts...)
	return out, res, alreadySettled(call, res, err)
}

// lookup is a Safe GET of the one object call's route names, want: a
// 2xx reply whose own id (replyID) is another, or none, is refused with
// otherObject's *DecodeError, never returned as the object asked for; so
// is one of another store than the call named (otherStore). what names the
// kind of object in that error ("payment", "payment schedule").
func lookup[T any](ctx context.Context, c *Client, call *transport.Call, what, want string, replyID func(*T) string, opts []RequestOption) (*T, error) {
	out, res, err := transport.Send[T](ctx, c.t, call, opts...)
	if err != nil {
		return nil, err
	}
	if got := replyID(out); got != want {
		return nil, otherObject(call.Endpoint.Op, res.StatusCode, what, got, want)
	}
	if err := otherStore(call.Endpoint.Op, res.StatusCode, call.Query.Get("storeId"), what, out); err != nil {
		return nil, err
	}
	if err := missingReplyMember(call.Endpoint.Op, res.StatusCode, out); err != nil {
		return nil, err
	}
	return out, nil
}

// incompleteReply is a reply that may lack a member the schema requires
// (an object's id a caller compares, a list's items): missingMember names
// it, or is "". Such
// a reply is a *DecodeError (look again), where comparing it would read
// the absence as a different value, a 위변조 verdict.
type incompleteReply interface{ missingMember() string }

// storedReply is an object whose reply names its store (storeId, which
// PortOne's schema requires of payments, payment events, billing keys,
// payment schedules and cash receipts; identity verifications carry none).
type storedReply interface{ replyStore() string }

func (p *PaymentCommon) replyStore() string         { return p.StoreID }
func (e *PaymentEventCommon) replyStore() string    { return e.StoreID }
func (k *BillingKeyInfoCommon) replyStore() string  { return k.StoreID }
func (s *PaymentScheduleCommon) replyStore() string { return s.StoreID }
func (r *CashReceiptCommon) replyStore() string     { return r.StoreID }

// storedList is a reply listing objects that name their store: what names
// their kind ("payment"), and stores yields each one's storeId.
type storedList interface {
	listedStores() (what string, stores iter.Seq[string])
}

func (l *PaymentPage) listedStores() (string, iter.Seq[string]) { return "payment", storesOf(l.Items) }
func (l *BillingKeyInfoList) listedStores() (string, iter.Seq[string]) {
	return "billing key", storesOf(l.Items)
}
func (l *PaymentScheduleList) listedStores() (string, iter.Seq[string]) {
	return "payment schedule", storesOf(l.Items)
}
func (l *CashReceiptList) listedStores() (string, iter.Seq[string]) {
	return "cash receipt", storesOf(l.Items)
}
func (r *paymentTransactionsResponse) listedStores() (string, iter.Seq[string]) {
	return "payment attempt", storesOf(r.Items)
}
func (r *paymentsByCursorResponse) listedStores() (string, iter.Seq[string]) {
	return "payment", func(yield func(string) bool) {
		for i := range r.Items {
			if !yield(r.Items[i].Payment.replyStore()) {
				return
			}
		}
	}
}
func (r *paymentEventsByCursorResponse) listedStores() (string, iter.Seq[string]) {
	return "payment event", func(yield func(string) bool) {
		for i := range r.Items {
			if !yield(r.Items[i].PaymentEvent.replyStore()) {
				return
			}
		}
	}
}

// storesOf yields the storeId of each of items, for a storedList.
func storesOf[T any, PT interface {
	*T
	storedReply
}](items []T) iter.Seq[string] {
	return func(yield func(string) bool) {
		for i := range items {
			if !yield(PT(&items[i]).replyStore()) {
				return
			}
		}
	}
}

// otherStore refuses a 2xx reply out (its status) to op that describes an
// object of another store than want, the store the call named: the
// storeId of a lookup's query, or of a list's filter (WithStoreID, else
// the client's default, or the params' own). Under a merchant-level
// secret the other stores (하위 상점) are other sellers, so their payment
// of the same id is no answer about this store's, and no item of this
// store's list. An object naming no store is refused too, since it cannot
// be shown to be this store's. out is one object (a storedReply; what
// names its kind) or a page of them (a storedList, which names its own):
// one item of another store refuses the whole page, so none of it is
// returned or yielded. The error is otherObject's *DecodeError (look
// again), as for a reply about another id; nil when want is "" or out
// names no store to compare.
func otherStore(op string, status int, want, what string, out any) error {
	if want == "" {
		return nil
	}
	var stores iter.Seq[string]
	switch r := out.(type) {
	case storedReply:
		stores = func(yield func(string) bool) { yield(r.replyStore()) }
	case storedList:
		what, stores = r.listedStores()
	default:
		return nil
	}
	for got := range stores {
		if got != want {
			return otherObject(op, status, what+" of store", got, want)
		}
	}
	return nil
}

// otherObject is the *DecodeError of a 2xx reply (its status) to op that
// describes another object (what) than want: a bad reply, neither
// ErrNotFound nor a *MismatchError, so look again (transport.OtherObject).
func otherObject(op string, status int, what, got, want string) *DecodeError {
	return (*DecodeError)(transport.OtherObject("portone", op, status, what, got, want))
}

// listPage fetches one page of a list endpoint: a GET whose params travel
// as JSON in the requestBody query parameter, as PortOne's lists take them.
// store is the store params filter by ("" for none): a page holding an
// item of another store, or of none, is otherStore's *DecodeError. A reply
// without the items every list's schema requires (absent or null) is a
// *DecodeError too (missingReplyMember), never an empty page: All and the
// other iterations end at an empty page, so a reconciliation would read
// the rest of the list as absent and look complete.
func listPage[T any](ctx context.Context, c *Client, ep *transport.Endpoint, store string, params any, opts []RequestOption) (*T, error) {
	q, err := requestBodyQuery(params)
	if err != nil {
		return nil, err
	}
	out, res, err := transport.Send[T](ctx, c.t, &transport.Call{Endpoint: ep, Query: q}, opts...)
	if err != nil {
		return nil, err
	}
	if err := otherStore(ep.Op, res.StatusCode, store, "", out); err != nil {
		return nil, err
	}
	if err := missingReplyMember(ep.Op, res.StatusCode, out); err != nil {
		return nil, err
	}
	return out, nil
}

// missingReplyMember is the *DecodeError of a 2xx reply out (its status)
// to op that lacks a member PortOne's schema requires (an
// incompleteReply's missingMember), or nil: look again.
func missingReplyMember(op string, status int, out any) error {
	r, ok := out.(incompleteReply)
	if !ok {
		return nil
	}
	if member := r.missingMember(); member != "" {
		return &DecodeError{Gateway: "portone", Op: op, Status: status,
			Err: fmt.Errorf("the reply names no %s, which PortOne's schema requires", member)}
	}
	return nil
}

// missingItems is the missingMember of a list reply holding items: "items"
// when the reply had none (absent or null; an empty page sends []), which
// the schema of every list requires.
func missingItems[T any](items []T) string {
	if items == nil {
		return "items"
	}
	return ""
}

// The page-numbered lists' replies (GetPaymentsResponse,
// GetBillingKeyInfosResponse, GetPaymentSchedulesResponse,
// GetCashReceiptsResponse, GetIdentityVerificationsResponse) require items.
func (l *PaymentPage) missingMember() string              { return missingItems(l.Items) }
func (l *BillingKeyInfoList) missingMember() string       { return missingItems(l.Items) }
func (l *PaymentScheduleList) missingMember() string      { return missingItems(l.Items) }
func (l *CashReceiptList) missingMember() string          { return missingItems(l.Items) }
func (l *IdentityVerificationList) missingMember() string { return missingItems(l.Items) }

// idArg fills a route's one {placeholder} with id; field names it in a
// *ValidationError when it could not name anything (transport.CheckID).
func idArg(field, id string) []transport.Arg { return []transport.Arg{{Field: field, Value: id}} }

// idCall is a call of an endpoint whose route takes one id, which is also
// the reference to reconcile a write with (a payment id, a verification
// id); field names the id in errors.
func idCall(ep *transport.Endpoint, field, id string, body any) *transport.Call {
	return &transport.Call{Endpoint: ep, Args: idArg(field, id), Body: body, Reference: id}
}

// defaultPageSize is PortOne's page size when none is sent.
const defaultPageSize = 10

// listParams are the params of a page-based list: checked before any I/O,
// with a page and a filter that takes the call's store id.
type listParams[P any] interface {
	*P
	validate() error
	page() *PageInput
	filterStore() *string
}

// listOf is the List method of every page-based list endpoint: p is
// checked, its filter gets the store (the params', else WithStoreID, else
// the client's default), and one page is fetched.
func listOf[L, P any, PP listParams[P]](ctx context.Context, c *Client, ep *transport.Endpoint, p P, opts []RequestOption) (*L, error) {
	if err := PP(&p).validate(); err != nil {
		return nil, err
	}
	store := PP(&p).filterStore()
	*store = c.store(*store, opts)
	return listPage[L](ctx, c, ep, *store, p, opts)
}

// allOf is the All method of every page-based list: it walks the pages
// of ep from p's page on (transport.Pages), and items picks a page's items
// and its page information. Params that ep's List would refuse are
// yielded as the error, before any I/O.
//
// Each page's totalCount is passed on as the list's total, so that a page
// shorter than asked ends the list only once the items read reach it.
// Whether totalCount counts every page or only the one returned is
// UNCONFIRMED; either reading is safe: a count of the page alone is
// always reached by the items read, and leaves the first short page the
// end, as before.
func allOf[T, L, P any, PP listParams[P]](ctx context.Context, c *Client, ep *transport.Endpoint,
	p P, opts []RequestOption, items func(*L) ([]T, PageInfo)) iter.Seq2[*T, error] {
	if err := PP(&p).validate(); err != nil {
		return transport.Fail[*T](err)
	}
	first := *PP(&p).page()
	return transport.Pages(ctx, c.t, ep, 0, first.Number, cmp.Or(first.Size, defaultPageSize), func(n int) ([]*T, int64, error) {
		q := p
		*PP(&q).page() = PageInput{Number: n, Size: first.Size}
		out, err := listOf[L, P, PP](ctx, c, ep, q, opts)
		if err != nil {
			return nil, 0, err
		}
		page, info := items(out)
		ptrs := make([]*T, len(page))
		for i := range page {
			ptrs[i] = &page[i]
		}
		return ptrs, int64(info.TotalCount), nil
	})
}

// store returns the store id for a call: the params' own, else one set by
// WithStoreID, else the client's default ("" = the credential's store).
func (c *Client) store(fromParams string, opts []RequestOption) string {
	if fromParams != "" {
		return fromParams
	}
	if cc, err := transport.ApplyOptions(opts); err == nil {
		if id := cc.Value(storeIDKey); id != "" {
			return id
		}
	}
	return c.storeID
}

// storeQuery returns url.Values with storeId set, for endpoints that take
// the store in the query.
func (c *Client) storeQuery(fromParams string, opts []RequestOption) url.Values {
	if id := c.store(fromParams, opts); id != "" {
		return url.Values{"storeId": {id}}
	}
	return nil
}

// requestBodyQuery encodes v as PortOne's requestBody query parameter, the
// form its GET (and one DELETE) endpoints take their JSON input in.
func requestBodyQuery(v any) (url.Values, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, &ValidationError{Gateway: "portone", Field: "request body", Reason: err.Error()}
	}
	if string(b) == "{}" {
		return nil, nil
	}
	return url.Values{"requestBody": {string(b)}}, nil
}

// optionalID refuses an optional id (a store id, a channel key …) that is
// set but could not name anything: blank, padded with white space, not
// UTF-8, holding a control character, "." or "..", or over 1024 bytes
// (transport.CheckID, the same rule for every gateway); "" is unset.
func optionalID(field, id string) error {
	if id == "" {
		return nil
	}
	return requiredID(field, id)
}

// requiredID refuses a required id by the rule of optionalID, "" included.
func requiredID(field, id string) error {
	return errorTypes.Export(transport.CheckID("portone", field, id))
}

// invalidField returns the *ValidationError for one refused input field.
func invalidField(field, reason string) error {
	return &ValidationError{Gateway: "portone", Field: field, Reason: reason}
}

// checkPositive refuses an amount that is zero or negative.
func checkPositive(field string, v int64) error {
	if v <= 0 {
		return invalidField(field, "must be positive")
	}
	return nil
}

// partsExceed reports whether non-negative parts add up to more than
// total. It subtracts instead of adding, so parts near MaxInt64 cannot wrap
// around to a small (or negative) sum that passes.
func partsExceed(total int64, parts ...int64) bool {
	left := total
	for _, p := range parts {
		if p > left {
			return true
		}
		left -= p
	}
	return false
}

// taxFreeWithin refuses a tax-free amount above the total when both are
// set (a check of the payment's amounts, not an amount to charge).
func taxFreeWithin(total, taxFree *int64) error {
	if total != nil && taxFree != nil && partsExceed(*total, *taxFree) {
		return invalidField("TaxFreeAmount", "exceeds TotalAmount")
	}
	return nil
}

// checkNonNegative refuses an optional amount or count that is negative.
func checkNonNegative[T int | int64](field string, v *T) error {
	if v != nil && *v < 0 {
		return invalidField(field, "may not be negative")
	}
	return nil
}

// requireText refuses an empty or blank required string.
func requireText[S ~string](field string, v S) error {
	if strings.TrimSpace(string(v)) == "" {
		return invalidField(field, "is empty")
	}
	return nil
}

// optionalPositive refuses an optional amount that is set but not positive.
func optionalPositive(field string, v *int64) error {
	if v != nil {
		return checkPositive(field, *v)
	}
	return nil
}

// checkRange refuses a time range whose end is before its start. prefix
// names the struct holding From and Until ("" for the params themselves).
func checkRange(prefix string, from, until time.Time) error {
	if !from.IsZero() && !until.IsZero() && until.Before(from) {
		if prefix != "" {
			prefix += "."
		}
		return invalidField(prefix+"Until", "is before From")
	}
	return nil
}

// deref returns *p, or the zero value for a nil p.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// firstError returns the first non-nil error, for validation written as one
// list of checks.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Ptr returns a pointer to v, for the optional fields of params whose zero
// value means something (an amount of 0, false): portone.Ptr(int64(0)).
func Ptr[T any](v T) *T { return &v }

// tokenMargin renews an access token this long before it expires.
const tokenMargin = 5 * time.Minute

// accessTokenLifetime is the documented lifetime of an access token.
const accessTokenLifetime = 30 * time.Minute

// refreshTokenLifetime is the documented lifetime of a refresh token.
const refreshTokenLifetime = 24 * time.Hour

// tokenFlow obtains access tokens: a refresh with the current refresh
// token while it lives, otherwise a login with the API secret. Each login
// or refresh expires the previous refresh token at PortOne
// (https://developers.portone.io/api/rest-v2), so flows should not
// overlap, and the TokenSource around it runs one at a time, except after
// a refusal: a 401 detaches the running renewal, which may be waiting for
// a slow reply, and the next call starts another at once, so that a
// hanging renewal holds no caller. Two flows may then run together, and
// the one whose reply comes last must not store a refresh token the other
// already expired (the next renewal would be refused and log in again).
// So every flow notes the version of the refresh token it started with,
// and:
//
//   - a refresh stores its new refresh token only if the stored one is
//     still the one it started with (compare and swap under mu). One
//     stored since came from a login or a refresh that PortOne applied
//     after it accepted this flow's token (a token works once), so it is
//     the newer one;
//   - a refused refresh (401, 400) first looks again: if another flow
//     stored a refresh token meanwhile, it refreshes with that one (up to
//     maxFollow times) instead of logging in. Its caller thus gets an
//     access token issued after its own request began, never one from the
//     other flow, which may have begun before a refusal and bring the
//     refused token back; a failed refresh is the caller's error, as for
//     any renewal;
//   - a login stores its refresh token unless another login stored one
//     since the flow began. Every refresh applied after this login would
//     need this login's token, which no other flow knows yet, so a
//     refresh stored meanwhile was applied before it and is older. Of two
//     logins the first to store wins: their order at PortOne is unknown,
//     and a wrong guess costs one refused refresh and a login, never a
//     failed call.
//
// The access token a flow got is returned either way: it was issued to
// this flow's request, and the TokenSource decides whether to use it.
type tokenFlow struct {
	c   *Client
	now func() time.Time

	mu             sync.Mutex
	refreshToken   redact.Hidden // behind a pointer so that no printing reaches it
	refreshExpires time.Time
	version        uint64 // counts the refresh tokens stored
	loginVersion   uint64 // the version a login stored last
}

// maxFollow bounds how many times one flow refreshes again with a refresh
// token another flow stored while its own refresh was refused, before it
// logs in: each time needs yet another flow to have stored one meanwhile.
const maxFollow = 3

type loginResponse struct {
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken"`
}

func (f *tokenFlow) clock() time.Time {
	if f.now != nil {
		return f.now()
	}
	return time.Now()
}

// current returns the stored refresh token ("" once it has expired) and
// its version.
func (f *tokenFlow) current() (string, uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.clock().Before(f.refreshExpires) {
		return "", f.version
	}
	return f.refreshToken.Reveal(), f.version
}

// fetch is the TokenSource's fetch: a refresh, else a login, by the rule
// for overlapping flows in tokenFlow's comment.
func (f *tokenFlow) fetch(ctx context.Context) (transport.Token, error) {
	refresh, seen := f.current()
	var out *loginResponse
	var err error
	for follow := 0; refresh != ""; follow++ {
		out, err = f.post(ctx, &authEndpoints.refresh, map[string]string{"refreshToken": refresh})
		if !errors.Is(err, ErrUnauthorized) && !errors.Is(err, ErrInvalidRequest) {
			break
		}
		// Expired or superseded: refresh with a newer one another flow
		// stored meanwhile, else log in again.
		next, v := f.current()
		if v == seen || follow == maxFollow {
			next = ""
		}
		refresh, seen = next, v
	}
	login := refresh == ""
	if login {
		out, err = f.post(ctx, &authEndpoints.login, map[string]string{"apiSecret": f.c.secret.Reveal()})
	}
	if err != nil {
		return transport.Token{}, err
	}
	if out.AccessToken == "" {
		return transport.Token{}, &DecodeError{Gateway: "portone", Op: authEndpoints.login.Op, Status: http.StatusOK,
			Err: errors.New("response has no accessToken")}
	}
	now := f.clock()
	f.store(out.RefreshToken, seen, login, now)
	return transport.Token{Value: out.AccessToken, Expiry: accessTokenExpiry(out.AccessToken, now)}, nil
}

// store keeps refresh, issued at now by a login or a refresh to a flow
// that began at version seen, by the rule in tokenFlow's comment.
func (f *tokenFlow) store(refresh string, seen uint64, login bool, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case refresh == "":
		return
	case login && f.loginVersion > seen: // another login stored since
		return
	case !login && f.version != seen: // a newer one is stored
		return
	}
	f.version++
	if login {
		f.loginVersion = f.version
	}
	f.refreshToken, f.refreshExpires = redact.Hide(refresh), now.Add(refreshTokenLifetime-tokenMargin)
}

// authEndpoints are the token requests of WithTokenAuth. They carry no
// credentials and are Safe: a retried refresh whose first attempt rotated
// the refresh token fails with 401, and fetch then logs in again.
var authEndpoints = struct {
	login, refresh transport.Endpoint
}{
	login:   transport.Endpoint{Op: "auth.login", Method: http.MethodPost, Route: "/login/api-secret", Class: transport.Safe, NoAuth: true},
	refresh: transport.Endpoint{Op: "auth.refresh", Method: http.MethodPost, Route: "/token/refresh", Class: transport.Safe, NoAuth: true},
}

// post sends a token request.
func (f *tokenFlow) post(ctx context.Context, ep *transport.Endpoint, body map[string]string) (*loginResponse, error) {
	return send[loginResponse](ctx, f.c, &transport.Call{Endpoint: ep, Body: body}, nil)
}

// accessTokenExpiry reads the exp claim when the token is a JWT (the
// scheme is named bearerJwt; that it is one is UNCONFIRMED) and never
// returns later than the documented 30 minutes.
func accessTokenExpiry(token string, now time.Time) time.Time {
	limit := now.Add(accessTokenLifetime)
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return limit
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return limit
	}
	var claims struct {
		Exp int64 `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp <= 0 {
		return limit
	}
	if exp := time.Unix(claims.Exp, 0); exp.Before(limit) {
		return exp
	}
	return limit
}
