// Package mask holds the digit masks behind package redact (Digits,
// DigitRuns) in a package that imports nothing of paykit, so that
// internal/jsonx, which redact imports, can mask the bad values its
// errors quote. Use them through package redact elsewhere.
package mask

// minDigitRun is the shortest run of digits DigitRuns masks: ten catches a
// bank account number (10 to 14 digits), a Korean mobile number (10 or 11)
// and every card number (13 to 19), at the cost of masking a long id or
// timestamp in the same text.
const minDigitRun = 10

// Digits replaces every ASCII digit but the last four with '*', keeping
// separators so the shape stays recognisable: "5365-1012-3456-1234"
// becomes "****-****-****-1234". A value with four digits or fewer is
// returned as is.
func Digits(s string) string {
	digits := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits++
		}
	}
	if digits <= 4 {
		return s
	}
	b := []byte(s)
	for i := range b {
		if b[i] >= '0' && b[i] <= '9' && digits > 4 {
			b[i] = '*'
			digits--
		}
	}
	return string(b)
}

// DigitRuns masks, in free text written by someone else (a gateway's error
// message), every run of at least ten digits, as Digits masks one value:
// all but the last four digits become '*'. A run may be split by single
// '-', ' ', '.' or '/' separators ("5365-1012-3456-1234", "010 1234
// 5678", "4111.1111.1111.1111") and may hold '*' already masked by the
// sender. Other text is returned unchanged,
// so a message stays readable while a card, account or phone number it
// echoes does not print.
func DigitRuns(s string) string {
	var b []byte // allocated on the first run to mask
	for i := 0; i < len(s); {
		end, digits := digitRun(s, i)
		if digits >= minDigitRun {
			if b == nil {
				b = []byte(s)
			}
			copy(b[i:end], Digits(s[i:end]))
		}
		if end > i {
			i = end
		} else {
			i++
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

// digitRun reads the run of digits starting at s[i] (none when s[i] is not
// a digit or '*'): it ends before anything else, two separators in a row,
// or a separator not followed by a digit. '*' counts as a digit the sender
// masked.
func digitRun(s string, i int) (end, digits int) {
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' || c == '*' }
	end = i
	for end < len(s) {
		switch c := s[end]; {
		case isDigit(c):
			digits++
			end++
		case isSeparator(c) && end > i && end+1 < len(s) && isDigit(s[end+1]):
			end++
		default:
			return end, digits
		}
	}
	return end, digits
}

// isSeparator reports a character that may stand between the groups of a
// card, account or phone number: '-' and ' ' ("5365-1012-3456-1234"), '.'
// and '/' ("4111.1111.1111.1111", "110/123/456789"). A comma is not one,
// so an amount such as 1,000,000 stays readable.
func isSeparator(c byte) bool { return c == '-' || c == ' ' || c == '.' || c == '/' }
