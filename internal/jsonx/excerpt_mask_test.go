package jsonx

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestErrorsMaskDigitRuns: the bad value an error quotes may be a card or
// account number sent in an amount or time field; every run of ten
// digits or more is masked but for its last four, also a run the
// excerpt's 40 bytes cut off, so that no card number prints whole.
func TestErrorsMaskDigitRuns(t *testing.T) {
	card := "4111111111111111"
	pad := strings.Repeat("x", excerptLen-10)
	for name, in := range map[string]string{
		"quoted card":         `"4111-1111-1111-1111"`,
		"card and text":       `"` + card + ` x"`,
		"spaced card":         `"4111 1111 1111 1111"`,
		"card cut by excerpt": `"` + pad + card + `"`, // 9 or 10 of its digits fall before the cut
		"long run cut":        `"` + pad + strings.Repeat(card, 8) + `"`,
	} {
		_, _, intErr := Int64([]byte(in))
		_, timeErr := Time([]byte(in), time.UTC)
		for _, err := range []error{intErr, timeErr} {
			require.Error(t, err, name)
			for _, whole := range []string{"111111", "1111-1111", "1111 1111"} {
				assert.NotContains(t, err.Error(), whole, "%s: %s", name, err)
			}
		}
	}
	// Text around a run and short numbers stay readable.
	_, err := Time([]byte(`"order 123456789 at noon"`), time.UTC)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "order 123456789 at noon")
}
