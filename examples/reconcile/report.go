package main

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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

// csvRow is d as a row of the report. Its text cells pass through text,
// so that none is a spreadsheet formula.
func csvRow(d reconcile.Discrepancy) []string {
	row := append(append([]string{string(d.Kind), text(d.Key)}, side(d.Gateway)...), side(d.Merchant)...)
	return append(row, text(currency(d.Gateway)), text(currency(d.Merchant)))
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
	return []string{text(string(r.Status)), text(r.SourceStatus), strconv.FormatInt(r.Amount, 10), cancelled}
}

// text is a text cell of the report made safe to open in a spreadsheet
// (CSV formula injection, https://owasp.org/www-community/attacks/CSV_Injection):
// a cell starting with '=', '+', '-', '@', a tab or a carriage return is
// prefixed with "'", so it is shown as text and never run as a formula. A
// PortOne payment id, for one, is chosen in the buyer's browser. A cell
// that is a plain integer (Bootpay's status "-2") is no formula and stays
// as it is; amount cells never pass through text, so a negative amount
// stays a number.
func text(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return s
	}
	return "'" + s
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

// reportFile is the CSV report under way: a temporary file beside the
// report, renamed over it by commit. Until then the previous report stays
// as it was. A report that is no regular file (/dev/stdout, a FIFO) is
// written to directly: there is nothing to rename over it.
type reportFile struct {
	*csv.Writer
	f      *os.File
	path   string // where commit renames f, unless direct
	direct bool
	done   bool // committed: nothing to discard
}

// createReport starts the report for path with its header. path is
// followed through its symbolic links (latest.csv -> reports/current.csv
// gets the report in current.csv, the link stays), as os.Create would.
// The report is written to a temporary file in the directory of that
// target (a rename within one file system replaces the report at once),
// with the previous report's permissions, or for a new report what
// os.Create gives any file (0666 less the umask).
func createReport(path string) (*reportFile, error) {
	target, err := reportTarget(path)
	if err != nil {
		return nil, err
	}
	old, err := os.Stat(target)
	var r *reportFile
	switch {
	case err == nil && !old.Mode().IsRegular():
		f, err := os.Create(target) // a device or a FIFO: write to it, as a program's output
		if err != nil {
			return nil, err
		}
		r = &reportFile{Writer: csv.NewWriter(f), f: f, direct: true}
	case err == nil || errors.Is(err, fs.ErrNotExist):
		f, err := createTemp(target, old)
		if err != nil {
			return nil, err
		}
		r = &reportFile{Writer: csv.NewWriter(f), f: f, path: target}
	default:
		return nil, err
	}
	if err := r.Write(csvHeader); err != nil {
		r.discard()
		return nil, err
	}
	return r, nil
}

// reportTarget is path with the symbolic links of its directory and of
// the file itself followed; a link to a file that does not exist yet
// names that file, which the report creates. Each step resolves the
// directory first, so a relative link's ".." is read from the link's real
// directory, as the kernel reads it.
func reportTarget(path string) (string, error) {
	for range 255 { // the kernel's limit is lower (40): a loop ends here
		dir, err := filepath.EvalSymlinks(filepath.Dir(path))
		if err != nil {
			return "", err
		}
		path = filepath.Join(dir, filepath.Base(path))
		link, err := os.Readlink(path)
		if err != nil {
			return path, nil // not a link, or nothing there yet
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(dir, link)
		}
		path = link
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", path)
}

// createTemp creates the temporary file for the report at target, beside
// it, with old's permissions (old is nil for a new report: 0666 less the
// umask, as os.Create). os.CreateTemp would make it 0600, and the rename
// would take the report from the readers the previous one had.
func createTemp(target string, old fs.FileInfo) (*os.File, error) {
	for range 100 {
		name := filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+"."+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil || old == nil {
			return f, err
		}
		if err := f.Chmod(old.Mode().Perm()); err != nil { // the umask stripped nothing it had
			f.Close()
			os.Remove(name)
			return nil, err
		}
		return f, nil
	}
	return nil, fmt.Errorf("%s: no free temporary name beside it", target)
}

// commit flushes the report to disk and renames it over its path; on an
// error the temporary file is removed and the previous report stays. A
// report written directly is flushed and closed.
func (r *reportFile) commit() error {
	r.Flush()
	err := r.Error()
	if err == nil && !r.direct {
		err = r.f.Sync()
	}
	if cerr := r.f.Close(); err == nil {
		err = cerr
	}
	if err == nil && !r.direct {
		err = os.Rename(r.f.Name(), r.path)
	}
	if err != nil {
		r.discard()
		return err
	}
	r.done = true
	return nil
}

// discard removes the temporary file of a report not committed (a report
// written directly is closed: what it wrote is gone already).
func (r *reportFile) discard() {
	if r.done {
		return
	}
	r.done = true
	r.f.Close()
	if !r.direct {
		os.Remove(r.f.Name())
	}
}
