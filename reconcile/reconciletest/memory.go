package reconciletest

import (
	"context"
	"iter"
	"slices"
	"strings"
	"sync"

	"github.com/paykit-kr/paykit/reconcile"
)

// Memory is a reconcile.Merchant over records held in memory, for tests
// and examples: it holds every record, so its memory grows with the
// period, unlike a Merchant over a database. It counts the calls it
// serves. Create it with NewMemory; one value serves one run.
type Memory struct {
	mu        sync.Mutex
	records   map[string]reconcile.Record
	matched   map[string]bool
	findCalls int
	maxBatch  int
}

// NewMemory returns a Memory holding records (later records replace
// earlier ones with the same key).
func NewMemory(records iter.Seq[reconcile.Record]) *Memory {
	m := &Memory{records: map[string]reconcile.Record{}, matched: map[string]bool{}}
	for r := range records {
		m.records[r.Key] = r
	}
	return m
}

// Find returns the records among keys and marks the keys matched.
func (m *Memory) Find(_ context.Context, keys []string) ([]reconcile.Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.findCalls++
	m.maxBatch = max(m.maxBatch, len(keys))
	var out []reconcile.Record
	for _, k := range keys {
		m.matched[k] = true
		if r, ok := m.records[k]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// Unmatched yields the records in period whose keys Find never saw, in
// key order.
func (m *Memory) Unmatched(_ context.Context, period reconcile.Period) iter.Seq2[reconcile.Record, error] {
	m.mu.Lock()
	var out []reconcile.Record
	for k, r := range m.records {
		if !m.matched[k] && period.Contains(r.At) {
			out = append(out, r)
		}
	}
	m.mu.Unlock()
	slices.SortFunc(out, func(a, b reconcile.Record) int { return strings.Compare(a.Key, b.Key) })
	return func(yield func(reconcile.Record, error) bool) {
		for _, r := range out {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// FindCalls returns how many times Find was called and the largest number
// of keys one call asked about.
func (m *Memory) FindCalls() (calls, largestBatch int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.findCalls, m.maxBatch
}
