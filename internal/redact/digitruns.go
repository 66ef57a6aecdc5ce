package redact

import "github.com/paykit-kr/paykit/internal/redact/mask"

// DigitRuns masks, in free text written by someone else (a gateway's error
// message), every run of at least ten digits, as Digits masks one value:
// all but the last four digits become '*'. A run may be split by single
// '-', ' ', '.' or '/' separators ("5365-1012-3456-1234", "010 1234
// 5678", "4111.1111.1111.1111") and may hold '*' already masked by the
// sender. Other text is returned unchanged,
// so a message stays readable while a card, account or phone number it
// echoes does not print. Ten digits catch a bank account number (10 to
// 14), a Korean mobile number (10 or 11) and every card number (13 to 19),
// at the cost of masking a long id or timestamp in the same text.
func DigitRuns(s string) string { return mask.DigitRuns(s) }
