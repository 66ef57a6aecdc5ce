package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/webhook"
)

// kindRig is one sender's handler rig (portOneRig, bootpayRig,
// commerceRig) as the scenarios every handler shares see it.
type kindRig struct {
	// deliver posts one genuine event again, as the sender's next attempt.
	deliver func() *httptest.ResponseRecorder
	// later lets time pass between attempts (a no-op without a clock).
	later func(time.Duration)
	runs  func() int32
	// failNext makes the callback fail once.
	failNext func()
	// hold runs f inside the callback.
	hold func(f func())
	// lookups counts the gateway lookups; nil: the sender is not looked up.
	lookups func() int
	// failLookups each make the next lookup fail in one of its requests.
	failLookups []func()
	// failedRuns is how many runs a failed callback counts (portOneRig
	// counts every run, the others successful ones).
	failedRuns int32
}

// callbackRig is the callback side of the Bootpay and Commerce rigs: the
// deliveries the callback accepted, its successful runs, the handler's
// errors, and the knobs that make it fail or hold.
type callbackRig[D any] struct {
	runs atomic.Int32
	fail atomic.Int32 // the callback fails this many more times
	hook func()       // runs inside the callback, when set
	mu   sync.Mutex
	got  []D
	errs []error
}

func (c *callbackRig[D]) callback(_ context.Context, d D) error {
	if c.hook != nil {
		c.hook()
	}
	if c.fail.Add(-1) >= 0 {
		return errors.New("the merchant's database is down")
	}
	c.runs.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, d)
	return nil
}

// errorHook is the handler's WithErrorHook.
func (c *callbackRig[D]) errorHook(_ *http.Request, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.errs = append(c.errs, err)
}

// handlerKinds are the three webhook handlers with a process-once store.
var handlerKinds = []struct {
	name string
	new  func(*testing.T) kindRig
}{
	{"PortOne", func(t *testing.T) kindRig {
		rig := newPortOneRig(t)
		return kindRig{
			deliver:    func() *httptest.ResponseRecorder { return rig.deliver(portOneSecret, paidBody) },
			later:      rig.clock.Advance,
			runs:       rig.runs.Load,
			failNext:   func() { rig.fail.Store(1) },
			hold:       func(f func()) { rig.hook = func(context.Context) { f() } },
			failedRuns: 1,
		}
	}},
	{"Bootpay", func(t *testing.T) kindRig {
		rig := newBootpayRig(t)
		body := completed(paidReceipt(rig.srv)).JSON()
		return kindRig{
			deliver:  func() *httptest.ResponseRecorder { return rig.post(body, false, "") },
			later:    func(time.Duration) {},
			runs:     rig.runs.Load,
			failNext: func() { rig.fail.Store(1) },
			hold:     func(f func()) { rig.hook = f },
			lookups:  rig.lookups,
			failLookups: []func(){func() {
				rig.srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Faults.Status(http.StatusServiceUnavailable, ""), 1)
			}},
		}
	}},
	{"Commerce", func(t *testing.T) kindRig {
		rig := newCommerceRig(t)
		body := orderPaid(commercePaidOrder(rig.srv)).JSON()
		unavailable := func(op commercetest.Operation) func() {
			return func() { rig.srv.Inject(op, commercetest.Faults.Status(http.StatusServiceUnavailable, ""), 1) }
		}
		return kindRig{
			deliver:  func() *httptest.ResponseRecorder { return rig.post(body, false) },
			later:    func(time.Duration) {},
			runs:     rig.runs.Load,
			failNext: func() { rig.fail.Store(1) },
			hold:     func(f func()) { rig.hook = f },
			lookups:  rig.lookups,
			// The order (an ORDER_PAID sums no refunds; the refund
			// events' lookup of the cancellation requests is in
			// TestCommerceHandlerRefunds).
			failLookups: []func(){unavailable(commercetest.OpOrderGet)},
		}
	}},
}

// TestHandlerDuplicate: the sender delivers the same event three times
// (PortOne signs each attempt anew); the callback runs once, every attempt
// is acknowledged, and every one was looked up.
func TestHandlerDuplicate(t *testing.T) {
	for _, k := range handlerKinds {
		t.Run(k.name, func(t *testing.T) {
			rig := k.new(t)
			for range 3 {
				assert.Equal(t, http.StatusOK, rig.deliver().Code)
				rig.later(time.Minute)
			}
			assert.Equal(t, int32(1), rig.runs())
			if rig.lookups != nil {
				assert.Equal(t, 3, rig.lookups(), "each delivery was looked up")
			}
		})
	}
}

// TestHandlerCallbackError: a failing callback is answered 500, without
// its detail, so the sender redelivers; the redelivery runs it once more
// and succeeds, and a later one does not run it again.
func TestHandlerCallbackError(t *testing.T) {
	for _, k := range handlerKinds {
		t.Run(k.name, func(t *testing.T) {
			rig := k.new(t)
			rig.failNext()
			rec := rig.deliver()
			assert.Equal(t, http.StatusInternalServerError, rec.Code)
			assert.NotContains(t, rec.Body.String(), "database")
			assert.Equal(t, rig.failedRuns, rig.runs())
			rig.later(time.Minute) // PortOne's first retry
			assert.Equal(t, http.StatusOK, rig.deliver().Code)
			rig.later(4 * time.Minute)
			assert.Equal(t, http.StatusOK, rig.deliver().Code)
			assert.Equal(t, rig.failedRuns+1, rig.runs(), "the failed run, where counted, and the one successful run")
		})
	}
}

// TestHandlerLookupFails: the gateway failing a lookup is answered 502
// (the event may be genuine: deliver it again), whichever of its requests
// fails; the redelivery runs the callback once.
func TestHandlerLookupFails(t *testing.T) {
	for _, k := range handlerKinds {
		t.Run(k.name, func(t *testing.T) {
			rig := k.new(t)
			if rig.failLookups == nil {
				t.Skip("verified by its signature, never looked up")
			}
			for _, fail := range rig.failLookups {
				fail()
				assert.Equal(t, http.StatusBadGateway, rig.deliver().Code)
				assert.Equal(t, int32(0), rig.runs())
			}
			assert.Equal(t, http.StatusOK, rig.deliver().Code)
			assert.Equal(t, int32(1), rig.runs())
		})
	}
}

// TestHandlerConcurrent: 50 deliveries of one event at once run the
// callback once; the others are answered 409 (retry later) or 200
// (already done), never 200 while the event is unprocessed. Every one was
// looked up.
func TestHandlerConcurrent(t *testing.T) {
	for _, k := range handlerKinds {
		t.Run(k.name, func(t *testing.T) {
			rig := k.new(t)
			inside := make(chan struct{})
			release := make(chan struct{})
			var once sync.Once
			rig.hold(func() { once.Do(func() { close(inside); <-release }) })
			var wg sync.WaitGroup
			codes := make(chan int, 50)
			for range 50 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					codes <- rig.deliver().Code
				}()
			}
			<-inside
			time.Sleep(20 * time.Millisecond) // let the other deliveries reach the store
			close(release)
			wg.Wait()
			close(codes)
			count := map[int]int{}
			for c := range codes {
				count[c]++
			}
			assert.Equal(t, int32(1), rig.runs())
			assert.Equal(t, 50, count[http.StatusOK]+count[http.StatusConflict], "%v", count)
			assert.GreaterOrEqual(t, count[http.StatusOK], 1)
			if rig.lookups != nil {
				assert.Equal(t, 50, rig.lookups())
			}
		})
	}
}

// fuzzDecoder fuzzes one of the event decoders with each seed sent as JSON
// (Content-Type jsonType) and as a form: whatever the body, decode returns
// a *DecodeError and no event, or an event that check accepts; it never
// panics.
func fuzzDecoder[E comparable](f *testing.F, jsonType string, seeds []string, decode func(contentType string, body []byte) (E, error), check func(*testing.T, E)) {
	for _, s := range seeds {
		f.Add(false, []byte(s))
		f.Add(true, []byte(s))
	}
	f.Fuzz(func(t *testing.T, form bool, body []byte) {
		ct := jsonType
		if form {
			ct = "application/x-www-form-urlencoded"
		}
		ev, err := decode(ct, body)
		var none E
		if err != nil {
			var de *webhook.DecodeError
			if !errors.As(err, &de) || ev != none {
				t.Fatalf("got %v, %v", ev, err)
			}
			return
		}
		if ev == none {
			t.Fatal("no event and no error")
		}
		check(t, ev)
	})
}
