package reconcile

import (
	"context"
	"fmt"
	"iter"
	"sync"
)

// Defaults of Options.
const (
	DefaultBatchSize   = 500
	DefaultConcurrency = 4
)

// Run reconciles the gateway's payments of a period with the merchant's
// records and yields every discrepancy, lazily, in two passes:
//
//  1. The gateway's stream is read in batches of Options.BatchSize; each
//     batch's keys go to Merchant.Find, and each payment is compared with
//     the merchant's record: MissingAtMerchant, AmountDiffers,
//     CurrencyDiffers, StatusDiffers, CancelledDiffers. A key the stream
//     repeats within a batch (a page re-read after the list shifted) is
//     compared once, in its copy that took money, or its later copy when
//     both or neither did: a payment read pending and then paid is
//     compared paid.
//  2. Merchant.Unmatched streams the period's records Find never saw; each
//     is looked up at the gateway (Gateway.Lookup, Options.Concurrency at
//     a time, never a write). Not found: MissingAtGateway. Found (the
//     payment lies just outside the gateway's view of the period): it is
//     compared like pass 1. A lookup that answers with a record of
//     another key is an error that ends the run, never compared.
//
// A record on one side whose status took no money (pending or failed) and
// that the other side does not know is not a discrepancy: nothing was
// taken and nothing should have shipped.
//
// Each payment is compared in the state it is in when the run reads it,
// and the gateways list payments by when they were created (PortOne's
// requestedAt, a Commerce order's created_at), not by when money moved
// (the PortOne adapter adds the payments its payment events of the period
// name, looking each up in turn: one GET per payment created before the
// period whose money moved in it, outside Options.Concurrency; see
// PortOne).
// Money often moves later: a virtual account (가상계좌) is deposited up to
// its deposit deadline (입금 기한) after it was issued, an approval can
// land after midnight, and a refund or 부분취소 comes whenever the buyer
// asks, within the shop's refund window. A run over yesterday alone saw
// such a payment still pending (or not yet refunded), and the next day's
// run never lists it, since it was not created that day; the merchant's
// record, dated the day of the order, is not in that period either. Run
// it every day over a trailing window, [today − N days, today), where N
// covers the longest deposit deadline and refund window you allow, so that
// every payment is compared again until its money can no longer move: a
// deposit two days after the order is reported by the run of the day
// after it. A discrepancy that stands is then reported by each run whose
// window holds it; key your follow-up by Key and Kind.
//
// At most one batch of records, its merchant answers and its lookups are
// held at a time (see the package documentation for the bound). The first
// error, of either side or of the context, is yielded once with a zero
// Discrepancy and ends the iteration: a context deadline that falls
// before the run is done ends it with an error, never with the payments
// read so far passed off as the period's. Parameters are checked before
// any I/O (*ValidationError). Breaking out of the loop stops all I/O.
//
// The discrepancies yielded before an error stand: each was found with
// both sides' records in hand. But the run did not finish, so the period
// was not reconciled: the payments and records it had not reached yet are
// unknown, and no discrepancy (or fewer than usual) before an error proves
// nothing. Re-run the whole period once the cause is fixed; a report
// written from an interrupted run must say that it is incomplete, or not
// replace the last complete one.
func Run(ctx context.Context, g Gateway, m Merchant, period Period, opts Options) iter.Seq2[Discrepancy, error] {
	return func(yield func(Discrepancy, error) bool) {
		r, err := newRunner(g, m, period, opts)
		if err != nil {
			yield(Discrepancy{}, err)
			return
		}
		r.yield = yield
		if err := r.run(ctx); err != nil && !r.stopped {
			yield(Discrepancy{}, err)
		}
	}
}

// runner is the state of one Run: a batch and the counts.
type runner struct {
	g        Gateway
	m        Merchant
	period   Period
	opts     Options
	yield    func(Discrepancy, error) bool
	stopped  bool // the caller broke out of the loop
	progress Progress
}

func newRunner(g Gateway, m Merchant, period Period, opts Options) (*runner, error) {
	switch {
	case g == nil:
		return nil, &ValidationError{Field: "Gateway", Reason: "is nil"}
	case m == nil:
		return nil, &ValidationError{Field: "Merchant", Reason: "is nil"}
	case opts.BatchSize < 0:
		return nil, &ValidationError{Field: "Options.BatchSize", Reason: "may not be negative"}
	case opts.Concurrency < 0:
		return nil, &ValidationError{Field: "Options.Concurrency", Reason: "may not be negative"}
	}
	if err := period.validate(); err != nil {
		return nil, err
	}
	if opts.BatchSize == 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.Concurrency == 0 {
		opts.Concurrency = DefaultConcurrency
	}
	return &runner{g: g, m: m, period: period, opts: opts}, nil
}

// errStop ends a run whose caller stopped iterating.
var errStop = fmt.Errorf("reconcile: stopped")

func (r *runner) run(ctx context.Context) error {
	if err := r.matchGateway(ctx); err != nil {
		return err
	}
	if err := r.lookupMerchantOnly(ctx); err != nil {
		return err
	}
	r.progress.Done = true
	r.report()
	return nil
}

// matchGateway is pass 1: the gateway's stream against Merchant.Find.
func (r *runner) matchGateway(ctx context.Context) error {
	return r.inBatches(ctx, r.g.Payments(ctx, r.period), r.matchBatch)
}

// inBatches hands the records of seq to fn in batches of
// Options.BatchSize (the last one shorter), so that a pass holds one batch
// at a time. The first error, seq's or fn's, ends it.
func (r *runner) inBatches(ctx context.Context, seq iter.Seq2[Record, error], fn func(context.Context, []Record) error) error {
	batch := make([]Record, 0, r.opts.BatchSize)
	for rec, err := range seq {
		if err != nil {
			return err
		}
		batch = append(batch, rec)
		if len(batch) == r.opts.BatchSize {
			if err := fn(ctx, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		return fn(ctx, batch)
	}
	return ctx.Err()
}

func (r *runner) matchBatch(ctx context.Context, batch []Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	keys, pick := pickCopies(batch)
	found, err := r.m.Find(ctx, keys)
	if err != nil {
		return err
	}
	merchant := make(map[string]*Record, len(found))
	for i := range found {
		if _, asked := pick[found[i].Key]; !asked {
			return fmt.Errorf("reconcile: Merchant.Find returned key %q it was not asked about", found[i].Key)
		}
		if merchant[found[i].Key] != nil {
			return fmt.Errorf("%w: the merchant holds two records for %q", ErrDuplicateKey, found[i].Key)
		}
		merchant[found[i].Key] = &found[i]
	}
	for i := range batch {
		g := &batch[i]
		if pick[g.Key] != i {
			continue
		}
		if err := r.emit(compare(g, merchant[g.Key])); err != nil {
			return err
		}
	}
	r.progress.GatewayPayments += len(batch)
	r.report()
	return nil
}

// pickCopies returns the batch's keys, each once in the order first seen,
// and for each key the index of the copy to compare. A page overlap
// repeats a payment, perhaps in another state: the page was re-read after
// the payment moved on. The copy that took money is compared, else the
// later copy (the newer state): an older pending copy must never hide a
// paid one, which the merchant may not know.
func pickCopies(batch []Record) ([]string, map[string]int) {
	keys := make([]string, 0, len(batch))
	pick := make(map[string]int, len(batch))
	for i := range batch {
		key := batch[i].Key
		j, seen := pick[key]
		switch {
		case !seen:
			keys = append(keys, key)
			pick[key] = i
		case replaces(batch[i].Status, batch[j].Status):
			pick[key] = i
		}
	}
	return keys, pick
}

// replaces reports whether a later copy of a payment, in status later,
// replaces an earlier copy in status earlier: it took money, or the
// earlier one did not (the newer state wins). A copy that took no money
// never replaces one that did.
func replaces(later, earlier Status) bool {
	return later.tookMoney() || !earlier.tookMoney()
}

// lookupMerchantOnly is pass 2: the merchant's unmatched records, each
// looked up at the gateway.
func (r *runner) lookupMerchantOnly(ctx context.Context) error {
	return r.inBatches(ctx, r.m.Unmatched(ctx, r.period), r.lookupBatch)
}

// lookup is the answer of Gateway.Lookup for one merchant record.
type lookup struct {
	rec   Record
	found bool
	err   error
}

func (r *runner) lookupBatch(ctx context.Context, batch []Record) error {
	answers, err := r.lookupAll(ctx, batch)
	if err != nil {
		return err
	}
	for i := range batch {
		var gw *Record
		if answers[i].found {
			gw = &answers[i].rec
		}
		if err := r.emit(compare(gw, &batch[i])); err != nil {
			return err
		}
	}
	r.progress.MerchantOnly += len(batch)
	r.report()
	return nil
}

// lookupAll looks every record of batch up, Options.Concurrency at a
// time; the first error cancels the others and is returned.
//
// The first error is the one that happened first, recorded as the
// context's cause before the cancellation reaches the other lookups: their
// context.Canceled is a consequence, and returning it (say, the first by
// index) would hide the real 401 or 5xx and make
// errors.Is(err, context.Canceled) hold although the caller cancelled
// nothing.
func (r *runner) lookupAll(ctx context.Context, batch []Record) ([]lookup, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	answers := make([]lookup, len(batch))
	slots := make(chan struct{}, r.opts.Concurrency)
	var wg sync.WaitGroup
	for i := range batch {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			a := &answers[i]
			a.rec, a.found, a.err = r.g.Lookup(ctx, batch[i].Key)
			if a.err == nil && a.found && a.rec.Key != batch[i].Key {
				// A misrouted reply or a wrongly keyed cache: comparing
				// another payment would settle this record unseen.
				a.err = fmt.Errorf("answered with a record of key %q", a.rec.Key)
			}
			if a.err != nil {
				cancel(fmt.Errorf("reconcile: looking up %q: %w", batch[i].Key, a.err))
			}
		}()
	}
	wg.Wait()
	// Only the first cancel sets the cause; a caller's cancellation of
	// the parent context comes through as its own cause.
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	return answers, nil
}

// emit yields ds; errStop when the caller stopped.
func (r *runner) emit(ds []Discrepancy) error {
	for _, d := range ds {
		r.progress.Discrepancies++
		if !r.yield(d, nil) {
			r.stopped = true
			return errStop
		}
	}
	return nil
}

func (r *runner) report() {
	if r.opts.Progress != nil {
		r.opts.Progress(r.progress)
	}
}

// compare returns the discrepancies between the two sides of one key;
// either side may be nil (absent). The discrepancies hold copies: the
// batches g and m point into are reused.
func compare(g, m *Record) []Discrepancy {
	switch {
	case g == nil && m == nil:
		return nil
	case m == nil:
		if !g.Status.tookMoney() {
			return nil
		}
		return []Discrepancy{{Kind: MissingAtMerchant, Key: g.Key, Gateway: clone(g)}}
	case g == nil:
		if !m.Status.tookMoney() {
			return nil
		}
		return []Discrepancy{{Kind: MissingAtGateway, Key: m.Key, Merchant: clone(m)}}
	}
	var kinds []Kind
	if g.Amount != m.Amount {
		kinds = append(kinds, AmountDiffers)
	}
	if g.currency() != m.currency() {
		kinds = append(kinds, CurrencyDiffers)
	}
	gc, mc := g.Status.class(), m.Status.class()
	switch {
	case gc != mc || gc == StatusUnknown:
		kinds = append(kinds, StatusDiffers)
	case gc == StatusPaid && cancelledDiffers(g, m):
		kinds = append(kinds, CancelledDiffers)
	}
	if len(kinds) == 0 {
		return nil
	}
	g, m = clone(g), clone(m)
	out := make([]Discrepancy, len(kinds))
	for i, k := range kinds {
		out[i] = Discrepancy{Kind: k, Key: m.Key, Gateway: g, Merchant: m}
	}
	return out
}

// cancelledDiffers reports whether two paid records' cancellations
// differ as far as both sides can tell. Two known amounts differ when
// unequal, and also when equal but the statuses tell another story: one
// side cancelled in full and the other not, or one side saying something
// was cancelled and the other that nothing was. A merchant that marks an
// order refunded without recording the amount (0) against a gateway that
// cancelled nothing (0) believes the buyer got money back that the
// gateway still holds. An unknown amount differs when the other side's
// amount is one it cannot be; two unknown amounts differ only when one
// side says cancelled in full and the other that something is left.
func cancelledDiffers(g, m *Record) bool {
	switch {
	case g.CancelledUnknown && m.CancelledUnknown:
		return (g.Status == StatusCancelled) != (m.Status == StatusCancelled)
	case g.CancelledUnknown:
		return !g.couldHaveCancelled(m)
	case m.CancelledUnknown:
		return !m.couldHaveCancelled(g)
	}
	return g.Cancelled != m.Cancelled || g.cancelledInFull() != m.cancelledInFull() ||
		g.nothingCancelled() != m.nothingCancelled()
}

// cancelledInFull reports whether r says it was cancelled in full: by its
// status, or by a cancelled amount that reaches its total.
func (r *Record) cancelledInFull() bool {
	return r.Status == StatusCancelled || (r.Cancelled > 0 && r.Cancelled >= r.Amount)
}

// nothingCancelled reports whether r says nothing was cancelled: paid,
// with no cancelled amount.
func (r *Record) nothingCancelled() bool {
	return r.Status == StatusPaid && r.Cancelled <= 0
}

// couldHaveCancelled reports whether r, a paid record whose cancelled
// amount is unknown, can have cancelled what other says it cancelled.
// Paid or partially cancelled, r still holds something (Commerce's
// 결제완료 stays until nothing remains), so other's full cancel
// (StatusCancelled, or Cancelled >= its Amount) is not r's amount;
// partially cancelled, r cancelled something, so other's paid record with
// nothing cancelled is not r's amount either. Cancelled in full (a
// merchant that marks an order refunded without the amount), r says the
// buyer got everything back: only other's full cancel can be r's amount,
// and less (nothing, or a partial cancel) is money one side still holds.
func (r *Record) couldHaveCancelled(other *Record) bool {
	full, none := other.cancelledInFull(), other.nothingCancelled()
	switch r.Status {
	case StatusPaid:
		return !full
	case StatusPartiallyCancelled:
		return !full && !none
	}
	return full
}

func clone(r *Record) *Record {
	if r == nil {
		return nil
	}
	c := *r
	return &c
}
