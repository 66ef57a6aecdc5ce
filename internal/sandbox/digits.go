package sandbox

// Digits reports whether s is minLen to maxLen ASCII digits: the sandboxes' check of card,
// account, phone and identity numbers.
func Digits(s string, minLen, maxLen int) bool {
	if len(s) < minLen || len(s) > maxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
