package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// listHookKey carries, in a call's context, a function the transport runs
// once the sandbox answered a GET /order/cancel of that call.
type listHookKey struct{}

// listHook is a transport to the sandbox that runs the context's hook
// after each cancellation list is answered, before the client reads it:
// the answer is the sandbox's state at that moment.
type listHook struct{ next http.RoundTripper }

func (h listHook) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := h.next.RoundTrip(r)
	if hook, ok := r.Context().Value(listHookKey{}).(func()); ok && err == nil &&
		r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/order/cancel") {
		hook()
	}
	return res, err
}

// Two returns of the browser with the SAME checkout (a double click, a
// reload) race the store's 부분취소 in its console: A's Verify reads the
// cancellation requests before the 부분취소 and settles the order Paid with
// the checkout; B's Verify reads them after it (a lone cancelled_price
// mismatch), and refundPartlyRefunded, finding the order no longer
// Pending, takes the checkout for a stray and cancels the rest of it —
// the very payment the order was just settled with. The order stays Paid
// (fulfilled) while Commerce refunded all of its money. A checkout the
// order is settled with is the order's own: no stray refund may touch it
// (the checkout shop's refundStrayLogged checks holds under the lock).
//
// A settles either before B reads the order's state (B's first list, in
// Verify) or after it (B's second list, in refundRest, once B read the
// order Pending): a check of the state alone closes only the first window;
// the checkout must be barred from settling once it is being refunded, as
// the checkout shop's adopt refuses a reference recorded STRAY.
func TestPartlyRefundedRaceNeverRefundsTheSettlingCheckout(t *testing.T) {
	for _, tc := range []struct {
		name string
		at   int // B's cancellation list at which A settles
	}{{"A settles before B reads the state", 1}, {"A settles after B read it Pending", 2}} {
		t.Run(tc.name, func(t *testing.T) { partlyRefundedRace(t, tc.at) })
	}
}

func partlyRefundedRace(t *testing.T, at int) {
	srv := commercetest.NewServer()
	t.Cleanup(srv.Close)
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()),
		commerce.WithHTTPClient(&http.Client{Transport: listHook{srv.Client().Transport}}))
	require.NoError(t, err)
	shop := NewShop(c)
	var log bytes.Buffer
	shop.Log = slog.New(slog.NewTextHandler(&log, nil))
	ref := checkedOut(t, srv, shop, "shop-race", commercetest.CheckoutSpec{})

	wait := func(ch <-chan struct{}) {
		select {
		case <-ch:
		case <-time.After(5 * time.Second):
			t.Error("the interleaving did not happen")
		}
	}
	aListed, releaseA, aDone := make(chan struct{}), make(chan struct{}), make(chan struct{})
	var onceA, onceB sync.Once
	lists := 0
	ctxA := context.WithValue(context.Background(), listHookKey{}, func() {
		onceA.Do(func() { close(aListed); wait(releaseA) })
	})
	var stateA State
	var errA error
	go func() {
		defer close(aDone)
		stateA, errA = shop.CompleteCheckout(ctxA, "shop-race", ref.OrderNumber)
	}()
	wait(aListed) // A read the requests: none applied yet

	partlyRefund(t, srv, ref.OrderNumber) // the store's 부분취소, between the two reads

	ctxB := context.WithValue(context.Background(), listHookKey{}, func() {
		if lists++; lists == at {
			onceB.Do(func() { close(releaseA); wait(aDone) }) // A settles while B decides
		}
	})
	stateB, errB := shop.CompleteCheckout(ctxB, "shop-race", ref.OrderNumber)
	onceB.Do(func() { close(releaseA) })
	wait(aDone)

	t.Logf("A: %s, %v; B: %s, %v", stateA, errA, stateB, errB)
	if shop.State("shop-race") == Paid && shop.orders["shop-race"].orderNumber == ref.OrderNumber {
		// Settled with the checkout: the shop keeps what is left of it.
		assert.Equal(t, 1, srv.Stats().Requests[commercetest.OpCancelRequest],
			"only the console's 부분취소: the shop must not cancel the rest of the payment its Paid order keeps")
		o, _ := srv.Order(ref.OrderNumber)
		assert.True(t, o.Status.Paid(), "Commerce must still hold the rest of the Paid order's payment: %v", o.Status)
		// The Paid order holds a partly refunded payment: a person is told.
		if at == 1 {
			assert.ErrorIs(t, errB, ErrPaidPartlyRefunded)
			assert.Contains(t, log.String(), "level=ERROR")
			assert.Contains(t, log.String(), ref.OrderNumber)
		}
		return
	}
	// Not settled with it: the rest is refunded, and the order is payable.
	assert.Equal(t, Pending, shop.State("shop-race"))
	wantRestRefunded(t, srv, ref.OrderNumber)
}

// Two returns of the browser with the same partly refunded checkout at
// once (a double click, the tab reloaded): each lists the order's
// cancellation requests, neither finds the shop's cancel_id, and both
// send the request for the rest — the second while the first may have
// reached Commerce, which the house rule forbids unless Commerce
// deduplicates it (UNCONFIRMED for cancel_id; the sandbox refuses the
// repeat). refundRest's lookup-then-request must not run twice at once for
// one Commerce order in the process (a lock per Commerce order, or the
// order row's state recording the request before it is sent).
func TestConcurrentReturnsRequestTheRestOnce(t *testing.T) {
	srv := commercetest.NewServer()
	t.Cleanup(srv.Close)
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()),
		commerce.WithHTTPClient(&http.Client{Transport: listHook{srv.Client().Transport}}))
	require.NoError(t, err)
	shop := NewShop(c)
	ref := checkedOut(t, srv, shop, "shop-twice-back", commercetest.CheckoutSpec{})
	partlyRefund(t, srv, ref.OrderNumber)

	wait := func(ch <-chan struct{}) {
		select {
		case <-ch:
		case <-time.After(5 * time.Second):
			t.Error("the interleaving did not happen")
		}
	}
	bListed, aDone := make(chan struct{}), make(chan struct{})
	lists := 0
	ctxB := context.WithValue(context.Background(), listHookKey{}, func() {
		if lists++; lists == 2 { // refundRest's lookup: answered before A sends
			close(bListed)
			wait(aDone)
		}
	})
	var errB error
	bDone := make(chan struct{})
	go func() {
		defer close(bDone)
		_, errB = shop.CompleteCheckout(ctxB, "shop-twice-back", ref.OrderNumber)
	}()
	wait(bListed)
	_, errA := shop.CompleteCheckout(context.Background(), "shop-twice-back", ref.OrderNumber)
	close(aDone)
	wait(bDone)

	assert.ErrorIs(t, errA, ErrPartlyRefunded)
	assert.ErrorIs(t, errB, ErrPartlyRefunded)
	wantRestRefunded(t, srv, ref.OrderNumber)
	assert.Equal(t, 2, srv.Stats().Requests[commercetest.OpCancelRequest],
		"the console's request and the shop's, once: B sent its request while A's had reached Commerce (%v)", errB)
}
