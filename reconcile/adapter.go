package reconcile

import (
	"iter"
	"time"
)

// records turns a client's list iterator into the gateway's stream: the
// items keep says belong to the period, each as record makes it. The
// client's first error ends the stream, so a failed page is never a
// silent gap.
func records[T any](items iter.Seq2[T, error], keep func(T) bool, record func(T) Record) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		for it, err := range items {
			if err != nil {
				yield(Record{}, err)
				return
			}
			if !keep(it) {
				continue
			}
			if !yield(record(it), nil) {
				return
			}
		}
	}
}

// lookedUp is a gateway's Lookup answer from its client's: an error absent
// recognises as the gateway's own "no such payment" is no record and no
// error, any other error is the error, and a payment is its record.
//
// absent must not match on the category (errors.Is(err, ErrNotFound)):
// the category also covers the gateway's not-found of another object (a
// channel, a store), and a payment the gateway holds, paid, would be
// reported MissingAtGateway. Only the gateway's own code for this object
// proves there is no record; every other 404 ends the run.
func lookedUp[T any](p T, err error, absent func(error) bool, record func(T) Record) (Record, bool, error) {
	if err != nil && absent(err) {
		return Record{}, false, nil
	}
	if err != nil {
		return Record{}, false, err
	}
	return record(p), true, nil
}

// inPeriodOrUndated reports whether a listed record's time t puts it in
// period, a zero t (the list gave none) included: the server's own filter
// returned it, and dropping it would hide it from every run.
func inPeriodOrUndated(period Period, t time.Time) bool {
	return t.IsZero() || period.Contains(t)
}

// moneyless is the status of a test payment (a Bootpay test-mode receipt,
// a PortOne payment through a TEST channel) whose gateway status reads s:
// it moved no money, so a status that says money was taken (or may have
// been) is StatusFailed, and one that says none was (pending, failed)
// stays. The merchant's record of it as paid then differs, instead of
// matching: goods shipped for no money.
func moneyless(s Status) Status {
	if s.tookMoney() {
		return StatusFailed
	}
	return s
}
