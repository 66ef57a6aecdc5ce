package sandboxtest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox"
)

// RunWrites runs body for every write under test in every cell of the
// write-outcome matrix, through RunMatrix: the subtest "<name>/<cell>",
// where name gives the write's name.
func RunWrites[W any](t *testing.T, writes []W, name func(W) string, cells []sandbox.Cell, parallel int, body func(t *testing.T, w W, c sandbox.Cell)) {
	names := make([]string, len(writes))
	for i, w := range writes {
		names[i] = name(w)
	}
	RunMatrix(t, names, cells, parallel, func(t *testing.T, i int, c sandbox.Cell) { body(t, writes[i], c) })
}

// AppliedAtMostOnce asserts the rule every cell of the write-outcome
// matrix keeps, for a call that returned err after the sandbox applied its
// write applied times: the write was applied at most once, a success was
// applied, and an applied write that did not succeed ended in unknown (the
// gateway's ErrOutcomeUnknown), never in a refusal that would let the
// caller send it again.
func AppliedAtMostOnce(t *testing.T, applied int, err, unknown error) {
	t.Helper()
	require.LessOrEqual(t, applied, 1, "applied at most once (err: %v)", err)
	switch {
	case err == nil:
		assert.Equal(t, 1, applied, "success means the write was applied")
	case applied == 1:
		assert.ErrorIs(t, err, unknown, "applied but not a success: must be unknown")
	}
}
