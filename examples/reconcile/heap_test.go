package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/examples/internal/sqlitedb"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// sandboxEnv, when set to N, makes the test binary a PortOne sandbox
// seeded with seedPlan("portone", N): it prints its URL and serves until
// its stdin closes. The heap tests run the sandbox in such a child process
// so that the heap they measure is the reconciler's alone, not the
// sandbox's 100,000 stored payments.
const sandboxEnv = "PAYKIT_RECONCILE_SANDBOX"

func TestMain(m *testing.M) {
	if n := os.Getenv(sandboxEnv); n != "" {
		serveSandbox(n)
		return
	}
	os.Exit(m.Run())
}

func serveSandbox(n string) {
	count, err := strconv.Atoi(n)
	if err != nil {
		fmt.Println("bad", sandboxEnv, err)
		os.Exit(2)
	}
	srv := portonetest.NewServer()
	reconciletest.SeedPortOne(srv, seedPlan("portone", count))
	fmt.Println("URL", srv.URL())
	io.Copy(io.Discard, os.Stdin) // until the parent closes it
	srv.Close()
}

// startSandbox runs the seeded sandbox child and returns its URL.
func startSandbox(t *testing.T, n int) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), sandboxEnv+"="+strconv.Itoa(n))
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { stdin.Close(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "URL ")
	require.True(t, ok, line)
	return url
}

// heapPeak samples HeapInuse every 2 ms until stopped and returns the
// largest value seen.
func heapPeak() (stop func() uint64) {
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		mu.Lock()
		peak = max(peak, ms.HeapInuse)
		mu.Unlock()
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		sample()
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// reconcileAtScale reconciles n sandbox PortOne payments against n SQLite
// orders and returns the time and the peak heap of the run.
func reconcileAtScale(t *testing.T, n int) (time.Duration, uint64) {
	url := startSandbox(t, n)
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, filepath.Join(t.TempDir(), "shop.db"), schema)
	require.NoError(t, err)
	defer db.Close()
	plan := seedPlan("portone", n)
	loaded, err := loadOrders(ctx, db, plan.Merchant())
	require.NoError(t, err)
	require.Greater(t, loaded, n*9/10)
	client, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(url))
	require.NoError(t, err)
	cfg := config{gateway: "portone", csvPath: filepath.Join(t.TempDir(), "report.csv"), period: plan.Period(), batchSize: reconcile.DefaultBatchSize}

	runtime.GC()
	stop := heapPeak()
	start := time.Now()
	sum, err := run(ctx, cfg, sandboxPortOne(client), db, &bytes.Buffer{}, false)
	took := time.Since(start)
	peak := stop()
	require.NoError(t, err)

	got, _ := readReport(t, cfg.csvPath)
	require.Equal(t, plan.Expected(), got, "every planted discrepancy once, nothing else")
	gatewaySide := 0
	for range plan.Gateway() {
		gatewaySide++
	}
	require.Equal(t, gatewaySide, sum.Progress.GatewayPayments, "every gateway payment read once")
	t.Logf("%d PortOne payments against %d SQLite orders: %s, peak HeapInuse %.1f MB (process peak RSS, SQLite's memory included: %s)",
		gatewaySide, loaded, took.Round(time.Millisecond), float64(peak)/(1<<20), peakRSS())
	return took, peak
}

// peakRSS is the process's peak resident set (VmHWM) on Linux, or "n/a".
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "n/a"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "n/a"
}

// heapBound is the bound on the reconciler's heap.
const heapBound = 64 << 20

// A reconciliation of 5,000 PortOne payments stays within the heap bound
// of 100,000 scaled to 5,000: its memory is a batch and a page, not the
// period, so the small run needs no more than the large one may use.
func TestReconcile5000WithinHeapBound(t *testing.T) {
	_, peak := reconcileAtScale(t, 5000)
	require.Less(t, peak, uint64(heapBound*5000/100_000+16<<20), "bounded by a page, not the period")
}

// The measurement: 100,000 PortOne payments against 100,000 SQLite
// orders under 64 MB of heap. It takes longer than a default test run
// should; set PAYKIT_RECONCILE_100K=1 to run it.
func TestReconcile100000WithinHeapBound(t *testing.T) {
	if os.Getenv("PAYKIT_RECONCILE_100K") == "" {
		t.Skip("set PAYKIT_RECONCILE_100K=1 to reconcile 100,000 payments")
	}
	// 102,044 keys give 100,000 payments and 100,000 orders: the plan also
	// holds records on one side only that took no money.
	_, peak := reconcileAtScale(t, 102_044)
	require.Less(t, peak, uint64(heapBound))
}
