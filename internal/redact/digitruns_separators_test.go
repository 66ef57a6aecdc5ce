package redact

import (
	"strings"
	"testing"
)

// TestDigitRunsMasksCardGroupsSplitByDots: a gateway's error message
// (APIError.Message, PGMessage) that echoes a card or account number
// written with '.' or '/' between its groups has it masked: DigitRuns
// joins groups across '.' and '/' as across '-' and ' '.
func TestDigitRunsMasksCardGroupsSplitByDots(t *testing.T) {
	for _, in := range []string{
		"카드번호 4111.1111.1111.1111 확인 필요",
		"card 4111/1111/1111/1111 declined",
		"계좌 110.123.456789 해지",
	} {
		got := DigitRuns(in)
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, got)
		if len(digits) > 4 {
			t.Errorf("DigitRuns(%q) = %q: %d digits print, want the last four at most", in, got, len(digits))
		}
	}
}
