package transport

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckID(t *testing.T) {
	t.Parallel()
	bad := map[string]string{
		"empty":            "",
		"space":            " ",
		"tab":              "\t",
		"leading space":    " r-1",
		"trailing newline": "r-1\n",
		"inner newline":    "r-1\nX-Injected: 1",
		"NUL":              "r\x00-1",
		"DEL":              "r\x7f-1",
		"invalid UTF-8":    "r-\xff",
		"dot":              ".",
		"dot dot":          "..",
		"too long":         strings.Repeat("a", MaxIDLength+1),
		"no-break space":   "\u00a0r-1",
	}
	for name, id := range bad {
		err := CheckID("gw", "ID", id)
		var verr *ValidationError
		if assert.True(t, errors.As(err, &verr), "%s: %q must be refused", name, id) {
			assert.Equal(t, "ID", verr.Field)
			assert.ErrorIs(t, err, ErrInvalidRequest)
			if len(id) > 3 {
				assert.NotContains(t, err.Error(), id, "%s: the error does not echo the id", name)
			}
		}
	}
	for _, id := range []string{"62b2d3a5d01c7e001c2f8c8e", "order-2026-11/1", "주문-1", "a.b", "...", strings.Repeat("a", MaxIDLength)} {
		assert.NoError(t, CheckID("gw", "ID", id), "%q is a possible id", id)
	}
}
