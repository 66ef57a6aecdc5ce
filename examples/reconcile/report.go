package main

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// csvHeader names the report's columns: the kind and key, then each
// side's common status, own status, amount and cancelled amount ("?" when
// the side cannot tell it), then each side's currency (a record naming
// none is KRW); a side that has no record leaves its columns empty. The
// currencies come last so that the earlier columns keep their places.
var csvHeader = []string{
	"kind", "key",
	"gateway_status", "gateway_source_status", "gateway_amount", "gateway_cancelled",
	"merchant_status", "merchant_source_status", "merchant_amount", "merchant_cancelled",
	"gateway_currency", "merchant_currency",
}

// csvRow is d as a row of the report.
func csvRow(d reconcile.Discrepancy) []string {
	row := append(append([]string{string(d.Kind), d.Key}, side(d.Gateway)...), side(d.Merchant)...)
	return append(row, currency(d.Gateway), currency(d.Merchant))
}

// currency is r's currency for the report: "" for no record, KRW for a
// record naming none.
func currency(r *reconcile.Record) string {
	if r == nil {
		return ""
	}
	return cmp.Or(r.Currency, "KRW")
}

func side(r *reconcile.Record) []string {
	if r == nil {
		return []string{"", "", "", ""}
	}
	cancelled := strconv.FormatInt(r.Cancelled, 10)
	if r.CancelledUnknown {
		cancelled = "?"
	}
	return []string{string(r.Status), r.SourceStatus, strconv.FormatInt(r.Amount, 10), cancelled}
}

// summary is what a run found, for the human summary.
type summary struct {
	Gateway  string
	Period   reconcile.Period
	Progress reconcile.Progress
	ByKind   map[reconcile.Kind]int
	Took     time.Duration
}

// write prints the short human summary.
func (s summary) write(w io.Writer, csvPath string) {
	fmt.Fprintf(w, "대사 %s %s – %s: %d gateway payments, %d merchant-only records looked up, %d discrepancies in %s\n",
		s.Gateway, s.Period.From.Format(time.RFC3339), s.Period.Until.Format(time.RFC3339),
		s.Progress.GatewayPayments, s.Progress.MerchantOnly, s.Progress.Discrepancies, s.Took.Round(time.Millisecond))
	for _, k := range summaryKinds {
		if n := s.ByKind[k]; n > 0 {
			fmt.Fprintf(w, "  %-20s %d\n", k, n)
		}
	}
	if csvPath != "" {
		fmt.Fprintf(w, "report: %s\n", csvPath)
	}
}

// summaryKinds orders the summary's counts: the kinds a plan seeds, then
// CurrencyDiffers, which only a real gateway's records can show.
var summaryKinds = append(slices.Clip(reconciletest.Kinds), reconcile.CurrencyDiffers)

// progressPrinter shows a run's progress: on a terminal one line rewritten
// with \r at most every 100 ms, otherwise a plain line at most every
// 5 seconds, and always the last one.
type progressPrinter struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	every time.Duration
	last  time.Time
	now   func() time.Time
}

func newProgressPrinter(w io.Writer, tty bool) *progressPrinter {
	p := &progressPrinter{w: w, tty: tty, every: 5 * time.Second, now: time.Now}
	if tty {
		p.every = 100 * time.Millisecond
	}
	return p
}

func (p *progressPrinter) update(pr reconcile.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if !pr.Done && now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	line := fmt.Sprintf("gateway %d · merchant-only %d · discrepancies %d", pr.GatewayPayments, pr.MerchantOnly, pr.Discrepancies)
	switch {
	case p.tty && pr.Done:
		fmt.Fprintf(p.w, "\r%s\n", line)
	case p.tty:
		fmt.Fprintf(p.w, "\r%s", line)
	default:
		fmt.Fprintln(p.w, line)
	}
}

// newCSV starts the report on w with its header.
func newCSV(w io.Writer) (*csv.Writer, error) {
	cw := csv.NewWriter(w)
	return cw, cw.Write(csvHeader)
}
