package redact

import "testing"

func TestDigitRuns(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"카드 한도초과", "카드 한도초과"},
		{"card 5365101234561234 declined", "card ************1234 declined"},
		{"card 5365-1012-3456-1234 declined", "card ****-****-****-1234 declined"},
		{"account 110 123 456789 closed", "account *** *** **6789 closed"},
		{"phone 010-1234-5678", "phone ***-****-5678"},
		{"already masked 5365-10**-****-1234", "already masked ****-****-****-1234"},
		{"order 123456789 (nine digits stay)", "order 123456789 (nine digits stay)"},
		{"amount 1,000,000 won", "amount 1,000,000 won"},
		{"two separators 12345--67890 stay", "two separators 12345--67890 stay"},
		{"trailing dash 1234567890-", "trailing dash ******7890-"},
		{"1234567890", "******7890"},
		{"a1234567890b", "a******7890b"},
	} {
		if got := DigitRuns(tc.in); got != tc.want {
			t.Errorf("DigitRuns(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDigitRunsLeavesCleanTextUncopied(t *testing.T) {
	s := "결제 실패: 잔액 부족 (code 1234)"
	if allocs := testing.AllocsPerRun(100, func() { _ = DigitRuns(s) }); allocs != 0 {
		t.Fatalf("DigitRuns on text without a long run allocated %v times", allocs)
	}
}
