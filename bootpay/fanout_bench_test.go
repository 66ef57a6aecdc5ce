package bootpay

import (
	"context"
	"encoding/base64"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/internal/wiretest"
)

// Fan-out shape: fanoutCallers goroutines, each making fanoutLookups
// lookups in a row, against a server that answers after fanoutDelay.
const (
	fanoutCallers = 1000
	fanoutLookups = 20
	fanoutDelay   = 2 * time.Millisecond
)

// fanoutServer answers every receipt lookup with the card receipt after
// fanoutDelay, over plain HTTP/1.1, and counts the TCP connections it
// accepts.
func fanoutServer(b *testing.B) (*httptest.Server, *atomic.Int64) {
	body := readFixture(b, "receipt_card.json")
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(fanoutDelay)
		if r.Header.Get("Authorization") == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	b.Cleanup(srv.Close)
	return srv, &conns
}

// runFanout runs b.N fan-outs of lookup and reports throughput, latency
// percentiles and the connections the server accepted per fan-out.
func runFanout(b *testing.B, conns *atomic.Int64, lookup func(ctx context.Context) (*Receipt, error)) {
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N*fanoutCallers*fanoutLookups)
	var mu sync.Mutex
	var failed atomic.Int64
	conns.Store(0)
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		var wg sync.WaitGroup
		for range fanoutCallers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				mine := make([]time.Duration, 0, fanoutLookups)
				for range fanoutLookups {
					t0 := time.Now()
					r, err := lookup(ctx)
					if err != nil || r.Price != 50000 {
						failed.Add(1)
						return
					}
					mine = append(mine, time.Since(t0))
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	elapsed := time.Since(start)
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d callers failed a lookup", n)
	}
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "lookups/s")
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
	b.ReportMetric(float64(conns.Load())/float64(b.N), "conns")
}

// BenchmarkFanout is a merchant backend's fan-out: 1,000 goroutines × 20
// receipt lookups through one client against a loopback server that
// answers in 2 ms. paykit is the default client, with no option but the
// base URL; stdlib-tuned is a hand-written net/http + encoding/json lookup
// over http.DefaultTransport cloned with MaxIdleConnsPerHost: 100. conns
// is the TCP connections the server accepted per fan-out. Run it with
// -benchtime 3x: one iteration is 20,000 lookups.
func BenchmarkFanout(b *testing.B) {
	const id = "62afc194e38c300021b345d4"
	b.Run("paykit", func(b *testing.B) {
		srv, conns := fanoutServer(b)
		c, err := NewClient(BasicAuth("ck", "sk"), WithBaseURL(srv.URL+"/v2"))
		if err != nil {
			b.Fatal(err)
		}
		runFanout(b, conns, func(ctx context.Context) (*Receipt, error) { return c.Receipts.Get(ctx, id) })
	})
	b.Run("stdlib-tuned", func(b *testing.B) {
		srv, conns := fanoutServer(b)
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 100
		b.Cleanup(tr.CloseIdleConnections)
		hc := &http.Client{Transport: tr, Timeout: time.Minute}
		header := http.Header{
			"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte("ck:sk"))},
			"Accept":        {"application/json"},
		}
		url := srv.URL + "/v2/receipt/" + id
		runFanout(b, conns, func(ctx context.Context) (*Receipt, error) {
			return wiretest.StdlibGet[Receipt](ctx, hc, url, header)
		})
	})
}
