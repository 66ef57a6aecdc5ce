package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/internal/redact"
)

// DefaultMaxBodyBytes is the largest body a handler reads unless
// WithMaxBodyBytes says otherwise: PortOne's and Bootpay's events are a few
// KiB.
const DefaultMaxBodyBytes = 1 << 20

// HandlerOption configures PortOneHandler, BootpayHandler, CommerceHandler
// and AlimtalkHandler.
type HandlerOption func(*handlerConfig)

type handlerConfig struct {
	maxBody   int64
	processor *Processor
	onError   func(*http.Request, error)
	guard     *SourceGuard
}

// WithMaxBodyBytes sets the largest body read; a larger one is answered
// 413 without being verified. n ≤ 0 keeps DefaultMaxBodyBytes.
func WithMaxBodyBytes(n int64) HandlerOption {
	return func(c *handlerConfig) {
		if n > 0 {
			c.maxBody = n
		}
	}
}

// WithProcessor makes the handler run the callback once per event key
// (PortOneKey, BootpayDelivery.Key, CommerceDelivery.Key, AlimtalkEvent.Key)
// through p: a redelivery of a processed event is acknowledged without
// calling it (save one Bootpay case: see BootpayHandler), and a delivery
// of an event another request is processing is answered 409 so that the
// sender tries again later. Without it every verified delivery calls the
// callback.
//
// With or without it, the handlers run the callback (and with it Claim,
// and Done or Release) on the request's context detached from its
// cancellation and its deadline (context.WithoutCancel):
// the sender hanging up (PortOne waits about 30 s) or a server or
// middleware timeout never cuts a callback half-way through a gateway
// write, whose outcome would be unknown and whose redelivery would run it
// again. The callback is the one to bound its time: give its own calls a
// context.WithTimeout that ends well within p.Lease (a callback still
// running when its lease ends may run twice; see Processor.Lease). Claim,
// Done and Release are bounded by the lease (see Processor.Process).
//
// The gateway lookup before them (BootpayHandler, CommerceHandler) is a
// read, run on the request's context itself: a sender that hangs up, or a
// server or middleware timeout, ends it, so that a flood of forged posts
// whose senders hang up (Bootpay's and Commerce's webhooks are unsigned)
// leaves no lookups running. A lookup cut so is a failed lookup, answered
// 502 (to nobody): the callback does not run, no key is spent, and the
// sender delivers again. The lookups are also bounded by their client's
// timeout and retry policy.
func WithProcessor(p *Processor) HandlerOption { return func(c *handlerConfig) { c.processor = p } }

// WithErrorHook calls f with the reason for every delivery not answered
// 2xx, and with ErrNotRecorded when a processed event could not be
// recorded as done: the answers themselves carry no detail. The errors
// never hold a secret or a signature.
func WithErrorHook(f func(r *http.Request, err error)) HandlerOption {
	return func(c *handlerConfig) { c.onError = f }
}

// WithSourceGuard replaces BootpayHandler's source-address guard (by
// default Bootpay's documented addresses, with no trusted proxy): set your
// proxies in TrustedProxies. The other handlers ignore it.
func WithSourceGuard(g SourceGuard) HandlerOption { return func(c *handlerConfig) { c.guard = &g } }

func newConfig(opts []HandlerOption) handlerConfig {
	c := handlerConfig{maxBody: DefaultMaxBodyBytes}
	for _, o := range opts {
		o(&c)
	}
	if c.guard == nil {
		c.guard = &SourceGuard{}
	}
	return c
}

// errCallback wraps the callback's error, so the answer can tell it from
// the store's.
type errCallback struct{ err error }

func (e errCallback) Error() string { return "webhook: callback failed: " + e.err.Error() }
func (e errCallback) Unwrap() error { return e.err }

// errLookup wraps a lookup failure at the gateway (not a verdict).
type errLookup struct{ err error }

func (e errLookup) Error() string { return "webhook: looking the payment up failed: " + e.err.Error() }
func (e errLookup) Unwrap() error { return e.err }

// pipeline is what every handler does; each sender (PortOne, Bootpay,
// Commerce, alimtalk) fills in its steps as one pipeline value.
type pipeline[D any] struct {
	cfg handlerConfig
	// check runs on the raw request before decoding: signature, source.
	check func(r *http.Request, body []byte) error
	// decode turns the checked body into the delivery.
	decode func(r *http.Request, body []byte) (D, error)
	// verify runs after decoding (a lookup at the gateway); nil for none.
	verify func(ctx context.Context, d D) error
	// key is the delivery's process-once key, read after verify, which may
	// settle it from the record (a Bootpay cancellation naming no amount).
	key func(d D) string
	// callback is the caller's.
	callback func(ctx context.Context, d D) error
	// redelivered answers a delivery whose key was already processed: nil
	// (or no function) acknowledges it; an error refuses it (a Bootpay
	// cancellation whose key cannot tell it from a further one).
	redelivered func(d D) error
	// ack writes the 2xx the sender expects.
	ack func(w http.ResponseWriter)
}

// ServeHTTP answers as the senders act on it: 2xx only after the callback
// succeeded (or the event was already processed and redelivered accepts
// that, or is superseded by a later state with its own webhook); 405 for
// a method other than POST; 413 for an oversize body; 401 for a failed
// signature or timestamp check, 403 for an
// untrusted source address or an event the gateway's record contradicts,
// 400 for a verified body that is not an event; 409 while another request
// processes the same event; 500 when the callback failed, 502 when the
// gateway lookup failed or the record has not caught up with the event
// (ErrNotCaughtUp), and 503 when the process-once store failed, so that
// the sender delivers again. No answer carries detail.
func (p *pipeline[D]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		p.fail(w, r, http.StatusMethodNotAllowed, errors.New("webhook: method "+r.Method))
		return
	}
	body, err := readBody(w, r, p.cfg.maxBody)
	if err != nil {
		p.fail(w, r, statusOf(err), err)
		return
	}
	if err := p.handle(r, body); err != nil {
		p.fail(w, r, statusOf(err), err)
		return
	}
	p.ack(w)
}

func (p *pipeline[D]) handle(r *http.Request, body []byte) error {
	if err := p.check(r, body); err != nil {
		return err
	}
	d, err := p.decode(r, body)
	if err != nil {
		return err
	}
	// The lookup is a read: it runs on the request's context, so that a
	// sender who hangs up ends it (a flood of forged, unsigned posts must
	// not leave lookups running); cut, it moves no money, and the sender
	// delivers again.
	if p.verify != nil {
		err := p.verify(r.Context(), d)
		if errors.Is(err, ErrSuperseded) {
			p.report(r, err) // a later state has its own webhook: acknowledge this one
			return nil
		}
		if err != nil {
			return err
		}
	}
	// From the claim on, the sender hanging up (PortOne waits about 30 s)
	// or a server timeout must not cut the work half-way: a gateway write
	// cancelled mid-flight leaves its outcome unknown, the key is
	// released, and the redelivery runs the write again. The claim, the
	// callback and Done or Release run to their end on the request's
	// values; Process bounds the Store's calls by the lease, and the
	// callback bounds its own (see WithProcessor).
	ctx := context.WithoutCancel(r.Context())
	run := func(ctx context.Context) error {
		if err := p.callback(ctx, d); err != nil {
			return errCallback{err}
		}
		return nil
	}
	if p.cfg.processor == nil {
		return run(ctx)
	}
	ran, err := p.cfg.processor.Process(ctx, p.key(d), run)
	var cb errCallback
	switch {
	case errors.Is(err, ErrNotRecorded) && !errors.As(err, &cb):
		// Process's own: the work is done, acknowledge it. The callback's
		// error may wrap an ErrNotRecorded of its own (an inner Process):
		// the callback failed, answered 500.
		p.report(r, err)
		return nil
	case err == nil && !ran && p.redelivered != nil:
		return p.redelivered(d)
	}
	return err
}

// readBody reads the whole body, or fails with *http.MaxBytesError when
// it is larger than max.
func readBody(w http.ResponseWriter, r *http.Request, max int64) ([]byte, error) {
	if r.ContentLength > max {
		return nil, &http.MaxBytesError{Limit: max}
	}
	return io.ReadAll(http.MaxBytesReader(w, r.Body, max))
}

// statusOf maps an error to the answer (see pipeline.ServeHTTP).
func statusOf(err error) int {
	var (
		tooLarge *http.MaxBytesError
		decode   *DecodeError
		cb       errCallback
		lookup   errLookup
	)
	switch {
	case errors.As(err, &cb): // first: the callback's error may wrap anything
		return http.StatusInternalServerError
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.As(err, &lookup), errors.Is(err, ErrNotCaughtUp):
		return http.StatusBadGateway
	case errors.Is(err, ErrUntrustedSource), errors.Is(err, ErrMismatch):
		return http.StatusForbidden
	case errors.Is(err, ErrUnverified):
		return http.StatusUnauthorized
	case errors.As(err, &decode):
		return http.StatusBadRequest
	case errors.Is(err, ErrInProgress):
		return http.StatusConflict
	default:
		return http.StatusServiceUnavailable // the store, or reading the body
	}
}

func (p *pipeline[D]) fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	p.report(r, err)
	http.Error(w, http.StatusText(status), status)
}

func (p *pipeline[D]) report(r *http.Request, err error) {
	if p.cfg.onError != nil {
		p.cfg.onError(r, err)
	}
}

// PortOneDelivery is one verified, decoded PortOne webhook.
type PortOneDelivery struct {
	WebhookID string       // the webhook-id header, the same on every redelivery
	SentAt    time.Time    // the webhook-timestamp of this attempt
	Event     PortOneEvent // switch on its type
	Key       string       // PortOneKey(Event, WebhookID), the process-once key
}

// Format prints the delivery with its event's secrets (a billing key)
// masked, for every fmt verb.
func (d PortOneDelivery) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, d) }

// LogValue logs the delivery with its event's secrets masked, also through
// slog's JSON handler (see BootpayDelivery.LogValue for what that handler
// prints in full).
func (d PortOneDelivery) LogValue() slog.Value {
	type plain PortOneDelivery
	return redact.LogValue(plain(d))
}

// PortOneHandler returns an http.Handler for PortOne V2 webhooks: it reads
// the body (up to WithMaxBodyBytes), verifies it with v, decodes it
// (DecodePortOneEvent) and calls fn, once per PortOneKey when given
// WithProcessor. It answers 200 only after fn returned nil; see the status
// rules on the answers below. fn receives unknown event types too
// (*PortOneUnknownEvent): return nil to acknowledge them, as PortOne asks.
//
// For Transaction.Confirm (컨펌 프로세스), PortOne approves the payment only
// on a 200: return an error from fn to refuse it.
//
// fn runs on the request's context detached from its cancellation and
// deadline: PortOne hanging up after its 30 s never cuts it half-way (see
// WithProcessor). Bound fn's own gateway calls with context.WithTimeout,
// well within the Processor's Lease.
//
// Answers: 200 after fn succeeded or for an event already processed; 405
// for a method other than POST; 413
// oversize; 401 unverified (missing or duplicated header, bad timestamp,
// outside the window, no matching signature); 400 not an event; 409 the
// event is being processed by another request; 500 fn failed; 503 the
// process-once store failed. PortOne redelivers on any non-2xx.
//
// PortOne docs: https://developers.portone.io/opi/ko/integration/webhook/readme-v2
func PortOneHandler(v *PortOneVerifier, fn func(context.Context, *PortOneDelivery) error, opts ...HandlerOption) http.Handler {
	return &pipeline[*PortOneDelivery]{
		cfg:   newConfig(opts),
		check: func(*http.Request, []byte) error { return nil },
		decode: func(r *http.Request, body []byte) (*PortOneDelivery, error) {
			id, ts, err := v.verify(r.Header, body)
			if err != nil {
				return nil, err
			}
			ev, err := DecodePortOneEvent(r.Header.Get("Content-Type"), body)
			if err != nil {
				return nil, err
			}
			return &PortOneDelivery{WebhookID: id, SentAt: time.Unix(ts, 0), Event: ev, Key: PortOneKey(ev, id)}, nil
		},
		key:      func(d *PortOneDelivery) string { return d.Key },
		callback: fn,
		ack:      func(w http.ResponseWriter) { w.WriteHeader(http.StatusOK) },
	}
}

// BootpayDelivery is one verified Bootpay PG webhook.
type BootpayDelivery struct {
	Event *BootpayEvent
	// Receipt is the receipt as looked up at Bootpay, which agreed with
	// Event: act on it rather than on the event, but only once it agrees
	// with your order too. The lookup proves that Bootpay took this
	// payment, not that it pays for your order: Bootpay's browser SDK sets
	// the price, so a buyer who edits it pays 100 won for a 15 000 won
	// order, and Bootpay sends a genuine webhook about that genuine
	// receipt. Before fulfilling, compare the receipt's order_id, price and
	// currency with your own order's, as bootpay's Receipt.Verify does
	// (VerifyParams{OrderID, Amount, Currency: "KRW", Status}), and fulfil
	// nothing on a *bootpay.MismatchError. For a PAYMENT_COMPLETED the
	// receipt may already show a later partial cancel (status 20; see
	// BootpayLookup.Verify).
	Receipt *bootpay.Receipt
	Key     string // Event.VerifiedKey(Receipt), the process-once key
}

// Format prints the delivery with the receipt's card, account and phone
// numbers masked, as bootpay.Receipt prints them, for every fmt verb.
func (d BootpayDelivery) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, d) }

// LogValue logs the delivery with the receipt's card, account and phone
// numbers masked, also through slog's JSON handler, which would otherwise
// encode the receipt with encoding/json and write them as received.
//
// That handler asks for LogValue only for a value logged itself: as an
// attribute, through a pointer or in a group. A slice of deliveries (of
// any of the three senders), or a struct or map of yours holding one, is
// encoded with encoding/json, which keeps the numbers as received: it
// prints them in full. Log each delivery itself, or give your type a
// LogValue.
func (d BootpayDelivery) LogValue() slog.Value {
	type plain BootpayDelivery
	return redact.LogValue(plain(d))
}

// BootpayHandler returns an http.Handler for Bootpay PG webhooks (결제
// 통지). It admits only Bootpay's addresses (WithSourceGuard to name your
// proxies), reads the JSON or form body, looks the receipt up with lookup
// and compares it (BootpayLookup.Verify), and calls fn with the receipt,
// once per BootpayDelivery.Key (the event's VerifiedKey) when given
// WithProcessor. It answers 200 with
// {"success":true} — the answer Bootpay requires, both parts — only after
// fn returned nil.
//
// The receipt fn gets agrees with the event, not necessarily with your
// order (the buyer's browser set its price): fn must compare its order_id,
// price and currency with your own order's before fulfilling, as
// bootpay's Receipt.Verify does (see BootpayDelivery.Receipt).
//
// Answers: 200 {"success":true} after fn succeeded, for an event already
// processed, or for one the receipt has moved past (ErrSuperseded,
// reported to WithErrorHook; fn is not run); 405 for a method other than
// POST; 413 oversize; 403 from an untrusted address, or an event the
// receipt contradicts (or a receipt Bootpay does not know); 400 not an
// event; 409 being processed by another request; 500 fn failed; 502
// the receipt lookup failed, or the receipt has not caught up with the
// event (ErrNotCaughtUp); 503 the process-once store failed. Bootpay
// redelivers on anything but the 200 with its body.
//
// The process-once key is the event's VerifiedKey: a cancellation whose
// body names no cancelled_price is keyed by its receipt's cumulative
// cancelled amount (BootpayDelivery.Key). A delivery of such a
// cancellation, naming no cancelled_at earlier than its receipt's (none,
// or one equal to the second), whose key was already
// processed while its receipt is not cancelled in full, is answered 502
// (ErrNotCaughtUp) and fn is not run: it may be a redelivery, or a further
// cancel the receipt does not show yet, and nothing in it tells which
// (UNCONFIRMED whether Bootpay's body always names one or the other; see
// BootpayLookup.Verify). Acknowledging it could lose the merchant's only
// notice of a refund; running it could run one cancel twice. Refused, a
// further cancel runs under its own key once the receipt shows it, and a
// true redelivery is refused until Bootpay stops retrying: noise in
// WithErrorHook and Bootpay's log, never a refund missed or run twice.
//
// The receipt lookup runs on the request's context: a sender that hangs up
// before it is done ends the delivery there (502, fn not run, no key
// spent). fn runs on the request's context detached from its cancellation
// and deadline: the sender hanging up never cuts it half-way (see
// WithProcessor). Bound fn's own gateway calls with context.WithTimeout,
// well within the Processor's Lease.
//
// Bootpay docs: https://developers.bootpay.ai/server/webhook
func BootpayHandler(lookup BootpayLookup, fn func(context.Context, *BootpayDelivery) error, opts ...HandlerOption) http.Handler {
	cfg := newConfig(opts)
	return &pipeline[*BootpayDelivery]{
		cfg:   cfg,
		check: func(r *http.Request, _ []byte) error { return cfg.guard.Check(r) },
		decode: func(r *http.Request, body []byte) (*BootpayDelivery, error) {
			ev, err := DecodeBootpayEvent(r.Header.Get("Content-Type"), body)
			if err != nil {
				return nil, err
			}
			return &BootpayDelivery{Event: ev, Key: ev.Key()}, nil
		},
		verify: func(ctx context.Context, d *BootpayDelivery) error {
			r, err := lookup.Verify(ctx, d.Event)
			d.Receipt, d.Key = r, d.Event.VerifiedKey(r)
			return lookupError(err)
		},
		key:         func(d *BootpayDelivery) string { return d.Key },
		callback:    fn,
		redelivered: func(d *BootpayDelivery) error { return d.Event.redelivered(d.Receipt) },
		ack:         ackSuccess,
	}
}

// CommerceDelivery is one verified Bootpay Commerce webhook.
type CommerceDelivery struct {
	Event *CommerceEvent
	// Order is the order as looked up at Commerce, which agreed with
	// Event: act on it (its Metadata holds your own order id).
	Order *commerce.Order
	Key   string // Event.VerifiedKey(Order), the process-once key
}

// Format prints the delivery with the order's card number and the buyer's
// phone number masked, as commerce.Order prints them, for every fmt verb.
func (d CommerceDelivery) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, d) }

// LogValue logs the delivery with the order's card number and the buyer's
// phone number masked, also through slog's JSON handler, which would
// otherwise encode the order with encoding/json and write them as
// received. A slice of deliveries, or a struct of yours holding one, is
// encoded so and prints them in full (see BootpayDelivery.LogValue).
func (d CommerceDelivery) LogValue() slog.Value {
	type plain CommerceDelivery
	return redact.LogValue(plain(d))
}

// CommerceHandler returns an http.Handler for Bootpay Commerce order and
// subscription webhooks (주문·구독 웹훅): it reads the JSON or form body
// (DecodeCommerceEvent), looks the order up with lookup and compares it
// (CommerceLookup.Verify), and calls fn with the order, once per
// CommerceEvent.VerifiedKey when given WithProcessor.
//
// The process-once key is taken from the looked-up order
// (CommerceDelivery.Key): a payment of the order, whatever its kind and
// however the payload names the order, has the key CommercePaidKey gives
// the browser-callback path, so the two run your fulfilment once between
// them.
//
// The answer Commerce expects is UNCONFIRMED. The handler answers 200 with
// {"success":true}, the answer Bootpay requires of its PG webhooks: a
// sender content with any 200 accepts it, and one that wants the body does
// not redeliver an event already processed. It answers so only after fn
// returned nil.
//
// Commerce's sending addresses are not documented, so the handler does not
// check the source (WithSourceGuard is ignored): trust comes from the
// lookup. Wrap the handler in SourceGuard.Check yourself once you know
// them.
//
// Answers: 200 {"success":true} after fn succeeded, for an event
// already processed, or for one the receipt has moved past (ErrSuperseded,
// reported to WithErrorHook; fn is not run); 405 for a method other than POST; 413 oversize; 403
// an event the order contradicts (or
// an order Commerce does not know); 400 not an event; 409 being processed
// by another request; 500 fn failed; 502 the order lookup failed, or the
// order has not caught up with the event (ErrNotCaughtUp: a 부분취소 the
// cancellation requests do not show yet, or a paid event whose order holds
// an open cancellation request, delivered again until it is decided);
// 503 the process-once store failed.
//
// The order lookup runs on the request's context: a sender that hangs up
// before it is done ends the delivery there (502, fn not run, no key
// spent). fn runs on the request's context detached from its cancellation
// and deadline: the sender hanging up never cuts it half-way (see
// WithProcessor). Bound fn's own gateway calls with context.WithTimeout,
// well within the Processor's Lease.
//
// Commerce docs: https://developers.bootpay.co.kr/commerce/order/checkout
func CommerceHandler(lookup CommerceLookup, fn func(context.Context, *CommerceDelivery) error, opts ...HandlerOption) http.Handler {
	return &pipeline[*CommerceDelivery]{
		cfg:   newConfig(opts),
		check: func(*http.Request, []byte) error { return nil },
		decode: func(r *http.Request, body []byte) (*CommerceDelivery, error) {
			ev, err := DecodeCommerceEvent(r.Header.Get("Content-Type"), body)
			if err != nil {
				return nil, err
			}
			return &CommerceDelivery{Event: ev, Key: ev.Key()}, nil
		},
		verify: func(ctx context.Context, d *CommerceDelivery) error {
			o, err := lookup.Verify(ctx, d.Event)
			d.Order, d.Key = o, d.Event.VerifiedKey(o)
			return lookupError(err)
		},
		key:      func(d *CommerceDelivery) string { return d.Key },
		callback: fn,
		ack:      ackSuccess,
	}
}

// AlimtalkHandler returns an http.Handler for Bootpay's alimtalk webhooks:
// it verifies the signature with v, decodes the event and calls fn, once
// per AlimtalkEvent.Key when given WithProcessor, answering as
// PortOneHandler does (200 after fn succeeded; 405, 413, 401, 400, 409,
// 500, 503 otherwise). fn runs, as there, on the request's context
// detached from its cancellation and deadline (see WithProcessor).
func AlimtalkHandler(v *AlimtalkVerifier, fn func(context.Context, *AlimtalkEvent) error, opts ...HandlerOption) http.Handler {
	return &pipeline[*AlimtalkEvent]{
		cfg:   newConfig(opts),
		check: func(r *http.Request, body []byte) error { return v.Verify(r.Header, body) },
		decode: func(_ *http.Request, body []byte) (*AlimtalkEvent, error) {
			return DecodeAlimtalkEvent(body)
		},
		key:      (*AlimtalkEvent).Key,
		callback: fn,
		ack:      func(w http.ResponseWriter) { w.WriteHeader(http.StatusOK) },
	}
}

// lookupError sorts the error of a lookup that verifies an event: a
// verification failure stays one (answered 4xx, never redelivered for
// nothing), and so does ErrNotCaughtUp (answered 502: the lookup worked,
// the record lags); any other failure is the lookup's (answered 502, so
// the sender delivers again).
func lookupError(err error) error {
	var ve *VerificationError
	switch {
	case err == nil, errors.As(err, &ve), errors.Is(err, ErrNotCaughtUp):
		return err
	}
	return errLookup{err}
}

// ackSuccess answers 200 {"success": true}, the acknowledgement Bootpay's
// PG webhooks require and the one the Commerce handler sends too.
func ackSuccess(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, bootpayAck)
}
