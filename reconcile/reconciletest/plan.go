package reconciletest

import (
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/reconcile"
)

// Kinds lists the kinds of discrepancy a Plan seeds, in the order it
// places them: every kind but reconcile.CurrencyDiffers, which a Plan
// does not seed (Commerce orders carry no currency; seed a PortOne
// payment in another currency with portonetest.PaymentSpec.Currency).
var Kinds = []reconcile.Kind{
	reconcile.MissingAtMerchant, reconcile.MissingAtGateway, reconcile.AmountDiffers,
	reconcile.StatusDiffers, reconcile.CancelledDiffers,
}

// Plan is a seeded period, computed from its fields alone (the same Plan
// gives the same records in every process), so that the gateway side and
// the merchant side can be produced apart and streamed.
//
// Record i has the key Prefix+"%07d", an amount of 1,000 to 10,600 won,
// and its time From+i*Step. Its status varies so that a reconciliation
// meets every status: mostly paid, some partially cancelled (a quarter of
// the amount) and fully cancelled on both sides, some pending or failed on
// both sides, and some that exist on one side only without having taken
// money (a failed payment the merchant never recorded, a pending order
// that never reached the gateway), none of which is a discrepancy. The
// records chosen for Drift are paid, then drift:
//
//   - MissingAtMerchant: the gateway's payment only;
//   - MissingAtGateway: the merchant's record only;
//   - AmountDiffers: the merchant's amount is 100 won more;
//   - StatusDiffers: the gateway's payment failed, the merchant says paid;
//   - CancelledDiffers: the gateway cancelled it in full, the merchant
//     still says paid.
type Plan struct {
	// N is the number of records (keys); at least 1.
	N int
	// Prefix starts every key; default "seed-".
	Prefix string
	// From is the time of record 0; default 2026-03-01 00:00 UTC. Step is
	// the time between two records; default one second.
	From time.Time
	Step time.Duration
	// Drift is how many records drift in each way; their sum may not
	// exceed N. They are spread evenly over the period.
	Drift map[reconcile.Kind]int
}

// Pair is record i of a plan: its two sides (nil where the side has none)
// and the discrepancy it was seeded with ("" for none).
type Pair struct {
	Index    int
	Gateway  *reconcile.Record
	Merchant *reconcile.Record
	Drift    reconcile.Kind
}

func (p Plan) filled() Plan {
	if p.Prefix == "" {
		p.Prefix = "seed-"
	}
	if p.From.IsZero() {
		p.From = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	}
	if p.Step <= 0 {
		p.Step = time.Second
	}
	total := 0
	for _, n := range p.Drift {
		total += n
	}
	if p.N < 1 || total > p.N {
		panic(fmt.Sprintf("reconciletest: Plan of %d records cannot hold %d drifts", p.N, total))
	}
	return p
}

// Period is the plan's period: From to one Step after the last record.
func (p Plan) Period() reconcile.Period {
	p = p.filled()
	return reconcile.Period{From: p.From, Until: p.From.Add(time.Duration(p.N) * p.Step)}
}

// drifts maps the index of each drifting record to its kind.
func (p Plan) drifts() map[int]reconcile.Kind {
	var order []reconcile.Kind
	for _, k := range Kinds {
		for range p.Drift[k] {
			order = append(order, k)
		}
	}
	out := make(map[int]reconcile.Kind, len(order))
	for d, k := range order {
		out[d*p.N/len(order)] = k
	}
	return out
}

// Pairs yields the plan's records in index order. Only the drifting
// indexes are held in memory.
func (p Plan) Pairs() iter.Seq[Pair] {
	p = p.filled()
	drifts := p.drifts()
	return func(yield func(Pair) bool) {
		for i := range p.N {
			if !yield(p.pair(i, drifts[i])) {
				return
			}
		}
	}
}

func (p Plan) pair(i int, drift reconcile.Kind) Pair {
	base := reconcile.Record{
		Key: p.key(i), Amount: 1000 + int64(i%97)*100,
		Status: reconcile.StatusPaid, At: p.From.Add(time.Duration(i) * p.Step),
	}
	if drift == "" {
		return p.plain(i, base)
	}
	g, m := base, base
	pr := Pair{Index: i, Gateway: &g, Merchant: &m, Drift: drift}
	switch drift {
	case reconcile.MissingAtMerchant:
		pr.Merchant = nil
	case reconcile.MissingAtGateway:
		pr.Gateway = nil
	case reconcile.AmountDiffers:
		m.Amount += 100
	case reconcile.StatusDiffers:
		g.Status = reconcile.StatusFailed
	case reconcile.CancelledDiffers:
		g.Status, g.Cancelled = reconcile.StatusCancelled, g.Amount
	}
	return pr.sourced()
}

// plain is record i without a drift: the same on both sides, or on one
// side only when it took no money.
func (p Plan) plain(i int, base reconcile.Record) Pair {
	switch {
	case i%10 == 3:
		base.Status, base.Cancelled = reconcile.StatusPartiallyCancelled, base.Amount/4
	case i%10 == 7:
		base.Status, base.Cancelled = reconcile.StatusCancelled, base.Amount
	case i%20 == 9:
		base.Status = reconcile.StatusPending
	case i%20 == 19:
		base.Status = reconcile.StatusFailed
	}
	g, m := base, base
	pr := Pair{Index: i, Gateway: &g, Merchant: &m}
	switch i % 50 {
	case 11: // a failed payment the merchant never recorded
		g.Status = reconcile.StatusFailed
		pr.Merchant = nil
	case 21: // a pending order that never reached the gateway
		m.Status = reconcile.StatusPending
		pr.Gateway = nil
	}
	return pr.sourced()
}

// sourced fills SourceStatus with the common status: the sandboxes write
// their own, and a merchant keeps the common vocabulary.
func (pr Pair) sourced() Pair {
	for _, r := range []*reconcile.Record{pr.Gateway, pr.Merchant} {
		if r != nil {
			r.SourceStatus = string(r.Status)
		}
	}
	return pr
}

// Gateway yields the gateway's side of the plan, in index order.
func (p Plan) Gateway() iter.Seq[reconcile.Record] {
	return p.side(func(pr Pair) *reconcile.Record { return pr.Gateway })
}

// Merchant yields the merchant's side of the plan, in index order: load
// it into your database.
func (p Plan) Merchant() iter.Seq[reconcile.Record] {
	return p.side(func(pr Pair) *reconcile.Record { return pr.Merchant })
}

func (p Plan) side(pick func(Pair) *reconcile.Record) iter.Seq[reconcile.Record] {
	return func(yield func(reconcile.Record) bool) {
		for pr := range p.Pairs() {
			if r := pick(pr); r != nil && !yield(*r) {
				return
			}
		}
	}
}

// Expected returns the key and kind of every seeded discrepancy, ordered
// by key: exactly what a reconciliation of the plan's period must report.
func (p Plan) Expected() []Expectation {
	p = p.filled()
	var out []Expectation
	for i, k := range p.drifts() {
		out = append(out, Expectation{Key: p.key(i), Kind: k})
	}
	slices.SortFunc(out, func(a, b Expectation) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// Expectation is one discrepancy a plan was seeded with.
type Expectation struct {
	Key  string
	Kind reconcile.Kind
}

// key is the merchant key of payment i of the plan.
func (p Plan) key(i int) string { return fmt.Sprintf("%s%07d", p.Prefix, i) }
