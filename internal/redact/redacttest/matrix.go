package redacttest

import (
	"bytes"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Matrix is one package's redaction matrix: every exported type, populated
// with planted values and as the client produced it against its sandbox,
// printed every way fmt and slog can.
type Matrix struct {
	// Types is every exported type of the package, by name.
	Types map[string]reflect.Type
	// Values holds, by type name, values the client produced against the
	// sandbox; under "error", the errors of calls that sent planted values.
	Values map[string][]any
	// Holders are structs of a caller's program that keep the package's
	// values (reflect cannot build them), by name.
	Holders map[string]any
	// Holding names the types whose populated value must hold planted
	// values (their JSON shows them), so the check of them can fail.
	Holding []string
	// Detector knows the planted values and the sandbox's tokens.
	Detector *Detector
}

// Check prints every value of m and fails the test on any planted fragment
// in the output, or on a type of m.Holding whose populated value holds no
// planted value.
func (m Matrix) Check(t *testing.T) {
	t.Helper()
	types := make([]reflect.Type, 0, len(m.Types))
	for _, typ := range m.Types {
		types = append(types, typ)
	}
	filler := &Filler{Types: types, Detector: m.Detector}
	checker := &Checker{T: t, Detector: m.Detector}
	var holding []string
	for _, name := range slices.Sorted(maps.Keys(m.Types)) {
		filled := filler.Fill(m.Types[name]).Interface()
		if m.Detector.InJSON(filled) {
			holding = append(holding, name)
		}
		checker.Check(name+" (populated)", filled)
		for i, v := range m.Values[name] {
			checker.Check(fmt.Sprintf("%s (from the sandbox, #%d)", name, i), v)
		}
	}
	for i, err := range m.Values["error"] {
		checker.Check(fmt.Sprintf("error #%d", i), err)
	}
	for name, v := range m.Holders {
		checker.Check(name, v)
	}
	for _, name := range m.Holding {
		assert.Contains(t, holding, name, "the populated %s holds planted values", name)
	}
	t.Logf("%d types (%d populated with planted values in their JSON), %d strings checked",
		len(m.Types), len(holding), checker.Printed)
	for _, name := range slices.Sorted(maps.Keys(checker.Leaks)) {
		t.Logf("leaked: %s, %d ways", name, checker.Leaks[name])
	}
}

// RequireEveryType fails on an exported type of the package in dir missing
// from table, or a table entry the package no longer declares, so a new
// type cannot escape the matrix.
func RequireEveryType(t *testing.T, table map[string]reflect.Type, dir string) {
	t.Helper()
	declared := ExportedTypes(t, dir)
	for _, name := range declared {
		assert.Contains(t, table, name, "exported type %s is not in the redaction matrix", name)
	}
	for name := range table {
		assert.Contains(t, declared, name, "the redaction matrix lists %s, which is not declared", name)
	}
}

// LogBuffer is a log sink safe for a logger's concurrent writers.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written so far.
func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
