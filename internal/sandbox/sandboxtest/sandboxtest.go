// Package sandboxtest holds the test helpers paykit's client tests share when they drive a
// sandbox (bootpaytest, portonetest): settling a server, the timings and retry policy of fault
// tests, and the runner of the write-outcome matrix. Only tests import it.
package sandboxtest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/internal/transport"
)

// Timings of the client fault tests: an attempt times out well before a delayed reply arrives.
const (
	AttemptTimeout = 150 * time.Millisecond
	FaultDelay     = 400 * time.Millisecond
)

// FastRetries is the retry policy of the client fault tests: the default two retries with
// near-zero backoff, and a Retry-After of up to a second honoured.
func FastRetries() transport.RetryPolicy {
	return transport.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond, MaxRetryAfter: time.Second}
}

// A Settler is a sandbox server: bootpaytest.Server, portonetest.Server or a sandbox.Server.
type Settler interface {
	Settle(ctx context.Context) error
}

// Settle waits until srv has served every request it received, so that its state is final before
// the test compares it with what the client reported. It fails t after 5 seconds.
func Settle(t testing.TB, srv Settler) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Settle(ctx); err != nil {
		t.Fatalf("sandbox did not settle: %v", err)
	}
}

// RunMatrix runs body as the subtest "<group>/<cell>" for every group (the writes under test, or
// writes × connection states) and every cell of the write-outcome matrix, at most parallel at a
// time. The cells run from their own goroutines rather than with t.Parallel, which would cap them
// at GOMAXPROCS although most of them only wait on a delay.
func RunMatrix(t *testing.T, groups []string, cells []sandbox.Cell, parallel int, body func(t *testing.T, group int, c sandbox.Cell)) {
	t.Logf("write-outcome matrix: %d groups × %d cells = %d subtests", len(groups), len(cells), len(groups)*len(cells))
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(parallel, 1))
	for g := range groups {
		for _, c := range cells {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				t.Run(groups[g]+"/"+c.Name, func(t *testing.T) { body(t, g, c) })
			}()
		}
	}
	wg.Wait()
}

// EachFault runs body as a parallel subtest named after the fault, for every fault case, each with
// its own sandbox from newServer, closed when the subtest ends.
func EachFault[S interface{ Close() }](t *testing.T, faults []sandbox.FaultCase, newServer func() S, body func(t *testing.T, srv S, fc sandbox.FaultCase)) {
	for _, fc := range faults {
		t.Run(fc.Name, func(t *testing.T) {
			t.Parallel()
			srv := newServer()
			defer srv.Close()
			body(t, srv, fc)
		})
	}
}

// CloseAbandonsDelayed checks that closing a sandbox abandons a request a Delay fault holds: send
// issues it (the test has injected the delay), received counts the requests the sandbox logged,
// close shuts it down, and applied counts what it applied, which must stay 0. Close must not wait
// for the delay, and the request must fail.
func CloseAbandonsDelayed(t *testing.T, send func() error, received func() int, close func(), applied func() int) {
	t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- send() }()
	require.Eventually(t, func() bool { return received() == 1 }, 5*time.Second, 5*time.Millisecond)
	start := time.Now()
	close()
	assert.Less(t, time.Since(start), 5*time.Second)
	require.Error(t, <-errc)
	assert.Zero(t, applied())
}

// Burst calls call from n goroutines at once and fails t on any error.
func Burst(t *testing.T, n int, call func() error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := call(); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}
