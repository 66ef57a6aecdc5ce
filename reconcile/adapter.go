package reconcile

import (
	"errors"
	"iter"
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

// lookedUp is a gateway's Lookup answer from its client's: not found
// (notFound, the gateway's ErrNotFound) is no record and no error, any
// other error is the error, and a payment is its record.
func lookedUp[T any](p T, err, notFound error, record func(T) Record) (Record, bool, error) {
	if errors.Is(err, notFound) {
		return Record{}, false, nil
	}
	if err != nil {
		return Record{}, false, err
	}
	return record(p), true, nil
}
