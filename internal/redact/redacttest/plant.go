// Package redacttest checks that paykit's types print nothing sensitive.
// It plants card numbers, account numbers and secrets in values (Filler),
// prints the values every way fmt and slog can (Checker) and fails on any
// fragment of a planted value found in the output, in clear or encoded as
// fmt encodes strings and bytes (Detector). Only tests import it.
package redacttest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/paykit-kr/paykit/internal/redact"
)

// Planted card and account numbers. The digits are distinctive, so a
// fragment of them in an output can only come from a leak. The dashed
// card's groups are chosen so that no 8-byte fragment spanning two dashes
// can occur inside a random UUID v4 (the outputs hold idempotency keys):
// no group after the first starts with 4 (the version nibble) or with 8, 9,
// a or b (the variant nibble). 8163-4321 once matched a generated key.
const (
	CardDashed    = "9410-7352-6163-5321"
	CardDigits    = "9410735261635321"
	CardSpaced    = "9410 7352 6163 5321"
	CardPGMasked  = "9410-73**-****-5321" // as a PG masks it: the BIN still shows
	Account       = "110-734-529163"
	AccountDigits = "110734529163"
)

// CardSpellings are the spellings a card number is planted in.
var CardSpellings = []string{CardDashed, CardDigits, CardSpaced, CardPGMasked}

// AccountSpellings are the spellings an account number is planted in.
var AccountSpellings = []string{Account, AccountDigits}

// Secret returns a planted secret for name, such as "PLANTED-Zq1f2e3dXw9":
// "PLANTED" and a code made from name, never a word an output may hold for
// another reason. Every one holds "PLANTED-", which no output may hold.
func Secret(name string) string {
	sum := sha256.Sum256([]byte(name))
	return "PLANTED-Zq" + hex.EncodeToString(sum[:4]) + "Xw9"
}

// A fragment is a substring of a planted value this many bytes long, in
// any encoding: found in an output, it is a leak. A substring of digits
// only is longer, so that a pointer printed in decimal (%d) cannot match
// one by chance.
//
// A random token (AddRandom) is looked for in longer fragments: eight hex
// characters are 32 bits, and the fragments of a few hundred tokens
// would match some random hex id among the hundreds of kilobytes a
// logging test prints by chance, now and then. Sixteen are 64 bits (hex)
// or 96 (base64): a chance match is out of reach, and a leak of fewer
// characters of a random token gives nobody the token.
const (
	window       = 8
	digitsWindow = 10
	randomWindow = 16
	prefixLen    = window // fragments are indexed by their first bytes
)

// Detector finds fragments of planted values in text.
type Detector struct {
	byPrefix map[string][]fragment
	added    map[string]bool
}

type fragment struct{ text, planted string }

// NewDetector returns a detector for the planted card and account numbers
// and for secrets. Masked forms stay allowed: a card number's last four
// digits may show.
func NewDetector(secrets ...string) *Detector {
	d := &Detector{byPrefix: map[string][]fragment{}, added: map[string]bool{}}
	for _, s := range CardSpellings {
		d.add(s, redact.Digits(s), window)
	}
	for _, s := range AccountSpellings {
		d.add(s, redact.Digits(s), window)
	}
	d.Add("PLANTED-") // every Secret, in every encoding
	d.Add(secrets...)
	return d
}

// Add adds secrets (tokens the sandbox issued, say) that must not show at
// all. A secret shorter than the fragment length is refused.
func (d *Detector) Add(secrets ...string) {
	for _, s := range secrets {
		if len(s) < window {
			panic(fmt.Sprintf("redacttest: secret %q is too short to detect", s))
		}
		d.add(s, "", window)
	}
}

// AddRandom adds random tokens (the sandboxes' access and refresh tokens,
// or their random parts: see RandomParts) that must not show at all,
// looked for in fragments of 16 bytes (see randomWindow). A token shorter
// than that is refused.
func (d *Detector) AddRandom(tokens ...string) {
	for _, t := range tokens {
		if len(t) < randomWindow {
			panic(fmt.Sprintf("redacttest: token %q is too short to detect", t))
		}
		d.add(t, "", randomWindow)
	}
}

// add forbids every fragment of value, win bytes long (digitsWindow for a
// run of digits when win is window), that its allowed (masked) form does
// not hold, in every encoding fmt may print it in.
func (d *Detector) add(value, allowed string, win int) {
	if d.added[value] {
		return
	}
	d.added[value] = true
	encoded := make([][]string, len(encodings)) // each byte of value, per encoding
	for e, enc := range encodings {
		encoded[e] = make([]string, len(value))
		for i := range len(value) {
			encoded[e][i] = enc.byteText(value[i])
		}
	}
	for i := 0; i+win <= len(value); i++ {
		n := win
		if n == window && allDigits(value[i:i+n]) {
			if n = digitsWindow; i+n > len(value) {
				continue
			}
		}
		if allowed != "" && strings.Contains(allowed, value[i:i+n]) {
			continue
		}
		for e, enc := range encodings {
			f := strings.Join(encoded[e][i:i+n], enc.sep)
			d.byPrefix[f[:prefixLen]] = append(d.byPrefix[f[:prefixLen]], fragment{f, value})
		}
	}
}

// encoding is a way fmt prints a string or a []byte, byte by byte.
type encoding struct {
	verb string // how one byte is written
	sep  string // between bytes
}

func (e encoding) byteText(b byte) string {
	if e.verb == "" {
		return string(b)
	}
	return fmt.Sprintf(e.verb, b)
}

// encodings are the ways fmt prints a string or a []byte: as is, %x, %X,
// and the elements of a []byte with %v/%d, %o, %b, %c and %U.
var encodings = []encoding{
	{"", ""}, {"%02x", ""}, {"%02X", ""},
	{"%d", " "}, {"%o", " "}, {"%b", " "}, {"%c", " "}, {"%U", " "},
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// RandomParts returns the part of each token after its last '-' or '.':
// the random part of the tokens the sandboxes issue, whose prefixes
// ("portonetest-refresh-", a JWT's header) are words outputs may hold for
// other reasons. A token whose tail is too short is kept whole.
func RandomParts(tokens []string) []string {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		out[i] = t
		if tail := t[strings.LastIndexAny(t, "-.")+1:]; len(tail) >= 2*digitsWindow {
			out[i] = tail
		}
	}
	return out
}

// Find returns the first planted fragment in text and the value it comes
// from.
func (d *Detector) Find(text string) (frag, planted string, found bool) {
	for i := 0; i+prefixLen <= len(text); i++ {
		for _, f := range d.byPrefix[text[i:i+prefixLen]] {
			if strings.HasPrefix(text[i:], f.text) {
				return f.text, f.planted, true
			}
		}
	}
	return "", "", false
}

// InJSON reports whether v's JSON encoding, which keeps masked values in
// the clear, holds a planted value: whether printing v is a real test.
func (d *Detector) InJSON(v any) bool {
	b, err := json.Marshal(v)
	if err != nil {
		return false
	}
	_, _, found := d.Find(string(b))
	return found
}

// excerpt returns the text around i, for a failure message.
func excerpt(text string, i int) string {
	lo, hi := max(0, i-40), min(len(text), i+60)
	for lo > 0 && !utf8.RuneStart(text[lo]) {
		lo--
	}
	for hi < len(text) && !utf8.RuneStart(text[hi]) {
		hi++
	}
	return text[lo:hi]
}
