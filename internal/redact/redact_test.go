package redact

import "testing"

func TestDigits(t *testing.T) {
	for in, want := range map[string]string{
		"5365101234561234":    "************1234",
		"5365-10**-****-1234": "****-****-****-1234",
		"110-234-567890":      "***-***-**7890",
		"1234":                "1234",
		"":                    "",
		"홍길동 12345":           "홍길동 *2345",
	} {
		if got := Digits(in); got != want {
			t.Errorf("Digits(%q) = %q, want %q", in, got, want)
		}
	}
}
