package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"reflect"
	"sync/atomic"
	"time"

	retryablehttp "github.com/hashicorp/go-retryablehttp"
)

// Call is one call of an Endpoint: the endpoint, the values that fill its
// route, and what this call sends.
type Call struct {
	Endpoint *Endpoint
	Args     []Arg      // fill the route's {placeholders}, in order
	Query    url.Values // encoded into the URL
	Body     any        // JSON-encoded once, or a *RawBody sent as it is; nil sends no body
	// Reference is the id to reconcile with when the outcome is unknown
	// (receipt id, payment id).
	Reference string
	// IdempotencyKey is the key of a keyed write. When the gateway takes
	// keys in a header, an empty key is replaced by the caller's
	// WithIdempotencyKey or a generated one; when it takes them in the body
	// (Bootpay cancel_id) the gateway code sets it for errors and meta.
	IdempotencyKey string
}

// NoBody is the response type of an operation whose answer carries
// nothing to read: Send[NoBody] succeeds on a 2xx without a body (a 204
// included) or with a JSON one; any other T takes no 2xx without a body.
// Any other 2xx body (an HTML page from a captive portal, a proxy or a
// wrong base URL) is not the gateway's answer: a *DecodeError,
// inside an *OutcomeUnknownError for a write, as for a typed result. The
// body goes through the gateway's Config.DecodeBody, so a 2xx in the
// gateway's error shape is its refusal (see Refusal).
//
// A gateway's own result type that has no body to read either (Commerce's
// Ack) embeds NoBody, under an unexported alias so that it adds no field
// to its API, and takes a 2xx without a body as NoBody does, keeping its
// own UnmarshalJSON for a body.
type NoBody struct{}

// takesNoBody marks NoBody, and every type embedding it, as a result that
// a 2xx without a body satisfies (finish2xx). The method is unexported so
// that only an embedded NoBody can provide it: one rule, declared here.
func (NoBody) takesNoBody() {}

// bodyOptional is a result that takes a 2xx without a body: NoBody, or a
// type embedding it.
type bodyOptional interface{ takesNoBody() }

// UnmarshalJSON accepts any JSON value and nothing else.
func (*NoBody) UnmarshalJSON(data []byte) error {
	if !json.Valid(data) {
		return errors.New("the answer is not JSON")
	}
	return nil
}

// Send is the one way a gateway package makes a call: it sends call,
// decodes a 2xx JSON body into a new T and returns it, with what happened
// beyond the value (Result). A 2xx without a body (a 204 as much as an
// empty 200) is a *DecodeError unless T is NoBody (or embeds it), inside an
// *OutcomeUnknownError for a write. On error the value is nil, and every error
// the transport made is converted into the gateway's own error types
// (Config.ErrorTypes), so that errors.As finds the types the gateway
// package documents.
func Send[T any](ctx context.Context, c *Client, call *Call, opts ...RequestOption) (*T, Result, error) {
	out := new(T)
	res, err := c.do(ctx, call, out, opts...)
	if err != nil {
		return nil, res, c.cfg.ErrorTypes.Export(err)
	}
	return out, res, nil
}

// Result tells the gateway code what happened beyond the decoded value.
type Result struct {
	StatusCode     int
	Attempts       int
	IdempotencyKey string
	// MayHaveApplied reports that some attempt reached the gateway and
	// ended without a trustworthy answer (a reset after writing, a timeout,
	// a 5xx, a cut body) before the final attempt. A refusal on the final
	// attempt may then be the echo of an earlier attempt's success.
	MayHaveApplied bool
}

// do sends call and decodes a 2xx JSON body into out (which may be nil).
// Errors are the gateway's API error, *NetworkError, *RateLimitError,
// *OutcomeUnknownError, *DecodeError, *ResponseTooLargeError or
// *ValidationError; context errors stay reachable with errors.Is.
func (c *Client) do(ctx context.Context, call *Call, out any, opts ...RequestOption) (Result, error) {
	cc, err := newCallConfig(opts)
	if err != nil {
		return Result{}, &ValidationError{Gateway: c.cfg.Gateway, Field: "request option", Reason: err.Error()}
	}
	ep := call.Endpoint
	target, err := ep.url(c.cfg.Gateway, c.baseURL, call.Args)
	if err != nil {
		return Result{}, err
	}
	body, contentType, err := encodeBody(call.Body)
	if err != nil {
		return Result{}, &ValidationError{Gateway: c.cfg.Gateway, Field: "request body", Reason: err.Error()}
	}
	if cc.idempotencyKey != "" && ep.Class != Keyed {
		// A key the gateway never sees would let the caller believe a
		// repeat is deduplicated: refuse it rather than drop it.
		return Result{}, &ValidationError{Gateway: c.cfg.Gateway, Field: "WithIdempotencyKey",
			Reason: ep.Op + " is not a keyed write: it carries no Idempotency-Key and is never resent once it may have been applied"}
	}
	st := &callState{c: c, call: *call, ep: ep, cc: cc, key: call.IdempotencyKey, start: c.cfg.now(), contentType: contentType}
	st.bodyless = len(body) == 0
	defer st.fillMeta()
	if ep.Class == Keyed && c.cfg.IdempotencyHeader != "" {
		switch {
		case cc.idempotencyKey != "":
			st.key = cc.idempotencyKey
		case st.key == "":
			st.key = NewIdempotencyKey()
		}
	}
	st.maxRetries = c.cfg.Retry.MaxRetries
	if cc.maxRetries >= 0 {
		st.maxRetries = cc.maxRetries
	}
	hc := c.http
	if cc.timeout > 0 {
		hc = c.httpClient(cc.timeout)
	}
	if len(call.Query) > 0 {
		target += "?" + call.Query.Encode()
	}

	refreshed := false
	for {
		if err := st.send(ctx, hc, target, body); err != nil {
			return st.result(), err
		}
		if refreshed || ep.NoAuth || c.cfg.Auth == nil || st.resp == nil || st.resp.StatusCode != http.StatusUnauthorized {
			break
		}
		// A 401 was not processed, so replaying it is safe for every class,
		// unless an earlier attempt of an Unsafe write may have been
		// applied: that one is never sent again (finish reports it unknown).
		if ep.Class == Unsafe && st.mayHaveApplied {
			break
		}
		refreshed = true
		again, err := c.cfg.Auth.Refresh(ctx, st.sentHeader)
		if err != nil {
			return st.result(), st.unknownIfWrite(err, st.mayHaveApplied)
		}
		if !again {
			break
		}
		c.log.LogAttrs(ctx, slog.LevelDebug, "paykit: credentials refreshed after 401", slog.String("op", ep.Op))
	}
	err = st.finish(ctx, out)
	return st.result(), err
}

// callState is the state of one logical call across its attempts.
type callState struct {
	c          *Client
	call       Call
	ep         *Endpoint
	cc         CallConfig
	key        string
	maxRetries int
	start      time.Time
	// contentType is the body's Content-Type: JSON, or a RawBody's own.
	contentType string
	// bodyless reports a request without a body of its own: its headers
	// are the whole request (wroteHeaders).
	bodyless bool

	attempts   int
	written    atomic.Bool  // set by httptrace when the current attempt's request was fully written
	writes     atomic.Int32 // WroteRequest calls in the current attempt: more than one if net/http replayed it
	sentHeader http.Header
	trace      httptrace.ClientTrace
	rc         retryablehttp.Client

	resp           *http.Response // last response, body already read into respBody
	respBody       []byte
	lastErr        error // last attempt's transport error, when no response
	mayHaveApplied bool  // some attempt before the last may have been applied
	lastMayApplied bool  // the last attempt may have been applied
	rateLimitedFor time.Duration
	outstanding    bool
	nextWait       time.Duration
	tooLarge       bool
}

func (st *callState) result() Result {
	r := Result{Attempts: st.attempts, IdempotencyKey: st.key, MayHaveApplied: st.mayHaveApplied}
	if st.resp != nil {
		r.StatusCode = st.resp.StatusCode
	}
	return r
}

func (st *callState) send(ctx context.Context, hc *http.Client, target string, body []byte) error {
	c := st.c
	if st.trace.WroteRequest == nil {
		st.trace.WroteRequest = st.wroteRequest
		st.trace.WroteHeaders = st.wroteHeaders
	}
	var raw any
	if body != nil {
		raw = body
	}
	req, err := retryablehttp.NewRequestWithContext(httptrace.WithClientTrace(ctx, &st.trace), st.ep.Method, target, raw)
	if err != nil {
		return &ValidationError{Gateway: c.cfg.Gateway, Field: "request", Reason: err.Error()}
	}
	h := req.Header
	for k, vs := range c.header {
		h[k] = vs // shared, but capped: an append below copies instead of writing into it
	}
	if body != nil && !c.headerHasContentType {
		h.Set("Content-Type", st.contentType)
	}
	for k, vs := range st.ep.Header {
		if cur, ok := h[k]; ok {
			h[k] = append(cur, vs...)
		} else {
			h[k] = vs[:len(vs):len(vs)] // the endpoint's own, shared and capped like c.header
		}
	}
	for k, vs := range st.cc.header {
		h[k] = append(h[k], vs...)
	}
	if st.ep.Class == Keyed && c.cfg.IdempotencyHeader != "" {
		v := st.key
		if c.cfg.FormatIdempotencyKey != nil {
			v = c.cfg.FormatIdempotencyKey(v)
		}
		h.Set(c.cfg.IdempotencyHeader, v)
	}
	if c.cfg.Auth != nil && !st.ep.NoAuth {
		if err := c.cfg.Auth.Authorize(ctx, h); err != nil {
			return st.authorizeFailed(ctx, err)
		}
	}
	st.sentHeader = h
	st.resp, st.respBody, st.lastErr = nil, nil, nil
	// A fresh retryablehttp.Client per send: it holds sync.Once fields and
	// must not be copied after use.
	st.rc = retryablehttp.Client{
		HTTPClient:     hc,
		RetryMax:       st.maxRetries,
		CheckRetry:     st.checkRetry,
		Backoff:        st.backoff,
		ErrorHandler:   keepLastResponse,
		RequestLogHook: st.beforeAttempt,
	}
	resp, err := st.rc.Do(req)
	if resp != nil && resp.Body != nil {
		resp.Body.Close() // already read in checkRetry; closing is for form
	}
	if err != nil && st.lastErr == nil && st.resp == nil {
		st.lastErr = err // e.g. the context ended during a backoff wait
	}
	return nil
}

// authorizeFailed is the call's error when no credentials could be had
// for the next attempt. A context that ended while the call waited for an
// access token becomes a *NetworkError naming the gateway and the
// operation (the wait was for the token request's exchange); errors.Is
// still finds the context's error. A token request's own failure is
// already the gateway's typed error. Either way, once an earlier attempt
// may have been applied (a 5xx, then a 401, then the wait for a new token
// ends) the write's outcome is unknown, as in finish.
func (st *callState) authorizeFailed(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
		err = &NetworkError{Gateway: st.c.cfg.Gateway, Op: st.ep.Op, Attempts: st.attempts, Err: err}
	}
	st.logEnd(ctx, 0, err)
	return st.unknownIfWrite(err, st.mayHaveApplied || st.lastMayApplied)
}

// wroteRequest is the httptrace hook. A request whose write failed never
// reached the server whole, so it cannot have been processed; one without
// a body is whole once its headers are out (wroteHeaders).
func (st *callState) wroteRequest(info httptrace.WroteRequestInfo) {
	st.writes.Add(1)
	if info.Err == nil {
		st.written.Store(true)
	}
}

// wroteHeaders is the httptrace hook for the request's headers. A request
// without a body is whole once they are out: HTTP/2 sends them in a
// HEADERS frame of their own, and a server may act on it before the empty
// body's END_STREAM arrives. A stream reset between the two (the server
// read the request and reset it) ends the body's write with an error, so
// WroteRequest alone would report an Unsafe write that reached the
// gateway as never sent, and checkRetry would send it again. net/http
// calls this hook also when writing the headers failed; that counts as
// written too, the cautious side. Over HTTP/1 WroteRequest follows at
// once, and nothingWritten still tells a request that never left.
func (st *callState) wroteHeaders() {
	if st.bodyless {
		st.written.Store(true)
	}
}

// keepLastResponse lets the final response through on give-up, so its
// (already read) body can be decoded into the gateway's error
// (retryablehttp otherwise drops it, #46).
func keepLastResponse(resp *http.Response, err error, _ int) (*http.Response, error) {
	if resp != nil {
		return resp, nil
	}
	return nil, err
}

func (st *callState) beforeAttempt(_ retryablehttp.Logger, req *http.Request, i int) {
	if st.ep.Class == Unsafe {
		// An Unsafe write is sent again only by checkRetry, when it
		// provably never left: net/http must not resend it by itself. Its
		// HTTP/2 client resends a request whose stream the server reset
		// (PROTOCOL_ERROR, REFUSED_STREAM), even after the server read it,
		// whenever it can rebuild the body: with GetBody, or with no body
		// at all (nil or http.NoBody: nothing to rebuild). So GetBody goes,
		// and a write without a body gets an empty one; the reset then ends
		// the attempt ("cannot retry ... after Request.Body was written"),
		// and the write's outcome is unknown.
		//
		// The empty body leaves HTTP/1 framing as it was for a DELETE (the
		// only Unsafe writes without a body): ContentLength 0 with a body
		// means "unknown length", for which net/http reads one byte of a
		// DELETE's (or GET's) body, finds EOF and sends no body and no
		// Content-Length, exactly as for a nil body; HTTP/2 sends an empty
		// DATA frame that ends the stream. A POST, PUT or PATCH without a
		// body (none is declared today) would go out over HTTP/1 with
		// an empty chunked body, still well framed. The cost: a stream
		// that a GOAWAY proves the server never took is not resent by
		// HTTP/2 either, and that write too ends unknown (the cautious
		// side). Keyed writes keep nil bodies: HTTP/2's resend is the
		// same request with the same Idempotency-Key, which the gateway
		// deduplicates, and checkRetry counts a resend as "may have
		// applied".
		req.GetBody = nil
		if req.Body == nil || req.Body == http.NoBody {
			req.Body, req.ContentLength = emptyBody{}, 0
		}
	}
	st.written.Store(false)
	st.writes.Store(0)
	st.attempts++
	if st.attempts > 1 && st.lastMayApplied {
		st.mayHaveApplied = true
	}
	st.lastMayApplied = false
	if log := st.c.log; log.Enabled(context.Background(), slog.LevelDebug) {
		log.LogAttrs(context.Background(), slog.LevelDebug, "paykit: sending request",
			slog.String("op", st.ep.Op), slog.String("method", st.ep.Method),
			slog.String("route", st.ep.Route), slog.Int("attempt", i+1))
	}
}

// emptyBody is the body of an Unsafe write that has none (beforeAttempt):
// empty, yet not nil or http.NoBody, so that net/http's HTTP/2 client
// cannot resend the write by itself.
type emptyBody struct{}

func (emptyBody) Read([]byte) (int, error) { return 0, io.EOF }
func (emptyBody) Close() error             { return nil }

// checkRetry decides, per retry class, whether the attempt that just ended
// may be sent again. It reads the response body here (bounded) so that a
// body cut short counts as a failed attempt.
func (st *callState) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	c := st.c
	if err == nil {
		limit := c.cfg.MaxResponseBytes
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			limit = MaxErrorBodyBytes
		}
		body, tooLarge, rerr := readBody(resp.Body, resp.ContentLength, limit)
		resp.Body.Close()
		resp.Body = http.NoBody
		switch {
		case tooLarge && resp.StatusCode >= 200 && resp.StatusCode <= 299:
			st.resp, st.respBody, st.tooLarge = resp, nil, true
			return false, nil
		case rerr != nil:
			err = rerr // a body cut short: the attempt failed after it was written
		default:
			st.resp, st.respBody, st.lastErr = resp, body, nil
		}
	}
	if err != nil {
		st.resp, st.respBody, st.lastErr = nil, nil, err
		written := st.written.Load() && !(st.writes.Load() == 1 && nothingWritten(err))
		st.lastMayApplied = written
		if ctx.Err() != nil || permanentError(ctx, err) {
			return false, nil
		}
		if written && st.ep.Class == Unsafe {
			return false, nil
		}
		return st.schedule(ctx, 0, "network error")
	}

	if st.writes.Load() > 1 {
		// net/http sent this attempt twice: it resends a request carrying
		// an Idempotency-Key by itself when its reused connection dies, also
		// after the request was written. The first send may have been
		// applied, so this answer proves nothing about the write; which
		// failure made net/http resend is not visible here, so every resend
		// counts (the cautious side).
		st.mayHaveApplied = true
	}
	status := resp.StatusCode
	st.outstanding, st.rateLimitedFor = false, 0 // describe the last response only
	retryAfter, hasRetryAfter := parseRetryAfter(resp.Header.Get("Retry-After"), c.cfg.now())
	switch {
	case status == http.StatusTooManyRequests:
		if hasRetryAfter && retryAfter > c.cfg.Retry.MaxRetryAfter {
			st.rateLimitedFor = retryAfter
			return false, nil
		}
		if st.ep.Class == Unsafe {
			return false, nil
		}
		return st.schedule(ctx, retryAfter, "429")
	case status == http.StatusConflict:
		st.outstanding = st.ep.Class == Keyed && c.cfg.IsOutstanding != nil && c.cfg.IsOutstanding(status, st.respBody)
		if !st.outstanding {
			return false, nil
		}
		st.lastMayApplied = true
		return st.schedule(ctx, retryAfter, "idempotent request outstanding")
	case status >= 500 && st.definitive(status):
		return false, nil
	case status == http.StatusRequestTimeout || (status >= 500 && status != http.StatusNotImplemented):
		st.lastMayApplied = status >= 500
		if st.ep.Class == Unsafe {
			return false, nil
		}
		return st.schedule(ctx, retryAfter, http.StatusText(status))
	}
	return false, nil
}

// schedule approves a retry if one is left and the context's deadline
// leaves time to wait for it.
func (st *callState) schedule(ctx context.Context, retryAfter time.Duration, reason string) (bool, error) {
	if st.attempts > st.maxRetries {
		return false, nil
	}
	if retryAfter > st.c.cfg.Retry.MaxRetryAfter {
		return false, nil // a 5xx, 408 or 409 asking for a longer wait ends the call, like a 429 does
	}
	wait := retryAfter
	if wait <= 0 {
		wait = st.c.cfg.Retry.backoff(st.attempts, st.c.cfg.jitter)
	}
	if deadline, ok := ctx.Deadline(); ok && st.c.cfg.now().Add(wait).After(deadline) {
		return false, nil
	}
	st.nextWait = wait
	if log := st.c.log; log.Enabled(ctx, slog.LevelWarn) {
		log.LogAttrs(ctx, slog.LevelWarn, "paykit: retrying",
			slog.String("op", st.ep.Op), slog.Int("attempt", st.attempts),
			slog.String("reason", reason), slog.Duration("wait", wait))
	}
	return true, nil
}

func (st *callState) backoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
	return st.nextWait
}

// backoff is "equal jitter" exponential backoff: half of the step is fixed,
// half random, so waits never collapse to zero yet retries still spread.
func (p RetryPolicy) backoff(attempt int, jitter func(int64) int64) time.Duration {
	step := p.BaseDelay
	for i := 1; i < attempt && step < p.MaxDelay; i++ {
		step *= 2
	}
	step = min(step, p.MaxDelay)
	if step <= 1 {
		return step
	}
	half := int64(step / 2)
	return time.Duration(half + jitter(int64(step)-half))
}

// nothingWritten reports an error net/http marks as "no byte of this
// request reached the connection" (its unexported nothingWrittenError).
// The WroteRequest hook cannot tell on its own: it fires once the request
// is in the connection's write buffer, before that buffer is flushed, so a
// request under 4 KiB whose flush fails is reported as written. Should
// net/http rename the type, this reports false: more cautious, never less.
// It speaks only for net/http's last try, so checkRetry trusts it only when
// the request was not replayed (one WroteRequest call). net/http strips it
// from a read error that wins the race (a bare EOF is left): the attempt
// then counts as written, again the cautious side.
func nothingWritten(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if t := reflect.TypeOf(err); t.PkgPath() == "net/http" && t.Name() == "nothingWrittenError" {
			return true
		}
	}
	return false
}

// permanentError reports transport errors that no retry can fix: bad TLS
// certificates, unsupported schemes, invalid headers, redirect loops. The
// list is go-retryablehttp's own.
func permanentError(ctx context.Context, err error) bool {
	retry, _ := retryablehttp.DefaultRetryPolicy(ctx, nil, err)
	return !retry
}

// readBody reads at most limit bytes, in one allocation when the length is
// announced. tooLarge reports a longer body; the rest is drained a little
// so a short overrun keeps the connection usable.
func readBody(r io.Reader, length, limit int64) (body []byte, tooLarge bool, err error) {
	if length >= 0 && length <= limit {
		body = make([]byte, length+1) // one spare byte detects a body longer than announced
		n, err := io.ReadFull(r, body)
		switch {
		case err == io.ErrUnexpectedEOF && int64(n) == length:
			return body[:n], false, nil
		case err == io.ErrUnexpectedEOF || err == io.EOF && length > 0:
			return nil, false, io.ErrUnexpectedEOF
		case err == io.EOF:
			return body[:0], false, nil
		case err != nil:
			return nil, false, err
		}
		return nil, true, nil // more than announced: the length lied
	}
	body, err = readAllSized(io.LimitReader(r, limit+1), unknownLengthBuffer)
	if err != nil {
		return nil, false, err
	}
	if int64(len(body)) > limit {
		_, _ = io.CopyN(io.Discard, r, 64<<10)
		return nil, true, nil
	}
	return body, false, nil
}

// unknownLengthBuffer is the first buffer for a body of unannounced length
// (chunked): large enough for a typical payment object in one read, where
// io.ReadAll would start at 512 bytes and grow several times.
const unknownLengthBuffer = 4 << 10

// readAllSized is io.ReadAll with a chosen initial capacity.
func readAllSized(r io.Reader, size int) ([]byte, error) {
	b := make([]byte, 0, size)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow: append picks the new capacity
		}
	}
}

// finish turns the call's last attempt into the value or error Do returns.
func (st *callState) finish(ctx context.Context, out any) error {
	c, call := st.c, st.ep
	if st.tooLarge {
		err := &ResponseTooLargeError{Gateway: c.cfg.Gateway, Op: call.Op, Limit: c.cfg.MaxResponseBytes}
		return st.unknownIfWrite(err, true)
	}
	if st.resp == nil {
		base := st.lastErr
		if ctxErr := ctx.Err(); ctxErr != nil {
			base = ctxErr
		}
		var uerr *url.Error
		if errors.As(base, &uerr) {
			base = uerr.Err // *url.Error prints the URL; keep its cause only
		}
		err := &NetworkError{Gateway: c.cfg.Gateway, Op: call.Op, Attempts: st.attempts, Err: base}
		st.logEnd(ctx, 0, err)
		return st.unknownIfWrite(err, st.lastMayApplied || st.mayHaveApplied)
	}
	status := st.resp.StatusCode
	if status >= 200 && status <= 299 {
		// Logged after decoding: a 2xx that is a refusal or cannot be
		// read ends the call with an error, and is logged as one.
		err := st.finish2xx(status, out)
		st.logEnd(ctx, status, err)
		return err
	}
	apiErr := c.cfg.DecodeError(&ErrorResponse{
		Gateway: c.cfg.Gateway, Op: call.Op, StatusCode: status, Header: st.resp.Header,
		Body: st.respBody, Attempts: st.attempts, RequestID: st.requestID(), IdempotencyKey: st.key,
	})
	st.logEnd(ctx, status, apiErr)
	err := apiErr
	if st.rateLimitedFor > 0 {
		err = &RateLimitError{RetryAfter: st.rateLimitedFor, Err: apiErr}
	}
	// Once an earlier attempt may have been applied, no refusal on a later
	// one proves what happened: a 400/401/403/408/429 may come from a proxy,
	// a WAF or a rate limiter in front of the gateway, and even the
	// gateway's own "declined" or "already cancelled" may be the echo of the
	// earlier attempt. Only a 2xx (or the gateway code's own lookup) proves
	// the state, so every other answer ends unknown.
	mayHaveApplied := st.mayHaveApplied || st.outstanding || (status >= 500 && !st.definitive(status))
	err = st.unknownIfWrite(err, mayHaveApplied)
	if ctxErr := ctx.Err(); ctxErr != nil {
		err = &contextEndedError{err: err, ctxErr: ctxErr}
	}
	return err
}

// finish2xx is finish for a 2xx answer: the value decoded into out, or the
// error of a body that is a refusal or cannot be read. A 204 No Content is
// no exception: it carries no body, which only a call without a result
// (out nil) or a NoBody one (NoBody or a type embedding it, bodyOptional)
// may take; a typed result left unread would return as nil without an
// error, and a write as a success nobody can read.
func (st *callState) finish2xx(status int, out any) error {
	c, call := st.c, st.ep
	if out == nil {
		return nil
	}
	_, noBody := out.(bodyOptional)
	body := bytes.TrimSpace(st.respBody)
	if noBody && len(body) == 0 {
		return nil
	}
	if !noBody && (len(body) == 0 || string(body) == "null") {
		// The operation documents a body; without one (a 204, an empty
		// 200, or JSON null, which encoding/json would leave as a zero
		// value) the result, and for a write what was applied, cannot be
		// read.
		derr := &DecodeError{Gateway: c.cfg.Gateway, Op: call.Op, Status: status, Err: errors.New("empty or null response body")}
		return st.unknownIfWrite(derr, true)
	}
	decode := c.cfg.DecodeBody
	if decode == nil {
		decode = DecodeJSON
	}
	if err := decode(st.respBody, out); err != nil {
		var r *Refusal
		if errors.As(err, &r) {
			return st.refused(status, r)
		}
		derr := &DecodeError{Gateway: c.cfg.Gateway, Op: call.Op, Status: status, Err: err}
		return st.unknownIfWrite(derr, true)
	}
	return nil
}

// refused is the error of a 2xx answer in the gateway's error shape (r,
// from Config.DecodeBody): the gateway's error for it, built as for a
// non-2xx answer (Config.DecodeError) with the 2xx status. On a lookup,
// and on a write whose one attempt was answered so, that is the answer:
// nothing was applied. A write sent more than once, or one an earlier
// attempt of which may have been applied, ends as an *OutcomeUnknownError
// carrying it: the refusal may be the echo of what the earlier attempt
// did.
func (st *callState) refused(status int, r *Refusal) error {
	apiErr := st.c.cfg.DecodeError(&ErrorResponse{
		Gateway: st.c.cfg.Gateway, Op: st.ep.Op, StatusCode: status, Header: st.resp.Header,
		Body: r.Body, Attempts: st.attempts, RequestID: st.requestID(), IdempotencyKey: st.key,
	})
	return st.unknownIfWrite(apiErr, st.attempts > 1 || st.mayHaveApplied)
}

// contextEndedError is a gateway's answer that arrived as the caller's
// context ended: both stay reachable with errors.Is and errors.As. It
// reads "<answer> (<context error>)".
type contextEndedError struct{ err, ctxErr error }

func (e *contextEndedError) Error() string   { return e.err.Error() + " (" + e.ctxErr.Error() + ")" }
func (e *contextEndedError) Unwrap() []error { return []error{e.err, e.ctxErr} }

// definitive reports whether the last response is a final gateway answer
// despite its 5xx status.
func (st *callState) definitive(status int) bool {
	f := st.c.cfg.IsDefinitive
	return f != nil && f(status, st.respBody)
}

// unknownIfWrite wraps err in *OutcomeUnknownError when the call is a write
// and an attempt may have been applied.
func (st *callState) unknownIfWrite(err error, mayHaveApplied bool) error {
	if st.ep.Class == Safe || !mayHaveApplied {
		return err
	}
	return &OutcomeUnknownError{
		Gateway: st.c.cfg.Gateway, Op: st.ep.Op, Reference: st.call.Reference,
		IdempotencyKey: st.key, Attempts: st.attempts, Err: err,
	}
}

func (st *callState) requestID() string {
	if st.resp == nil {
		return ""
	}
	for _, name := range st.c.cfg.RequestIDHeaders {
		if v := st.resp.Header.Get(name); v != "" {
			return v
		}
	}
	return ""
}

func (st *callState) logEnd(ctx context.Context, status int, err error) {
	level := slog.LevelDebug
	if err != nil {
		level = slog.LevelInfo
	}
	log := st.c.log
	if !log.Enabled(ctx, level) {
		return
	}
	attrs := []slog.Attr{
		slog.String("op", st.ep.Op), slog.String("method", st.ep.Method), slog.String("route", st.ep.Route),
		slog.Int("status", status), slog.Int("attempts", st.attempts),
		slog.Duration("duration", st.c.cfg.now().Sub(st.start)),
	}
	if id := st.requestID(); id != "" {
		attrs = append(attrs, slog.String("request_id", id))
	}
	if st.key != "" {
		attrs = append(attrs, slog.String("idempotency_key", st.key))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	log.LogAttrs(ctx, level, "paykit: call ended", attrs...)
}

func (st *callState) fillMeta() {
	m := st.cc.meta
	if m == nil {
		return
	}
	*m = ResponseMeta{
		Attempts:       st.attempts,
		Duration:       st.c.cfg.now().Sub(st.start),
		IdempotencyKey: st.key,
		RequestID:      st.requestID(),
	}
	if st.resp != nil {
		m.StatusCode = st.resp.StatusCode
		m.Header = st.resp.Header
	}
}
