package redacttest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/internal/redact/redacttest"
)

// A random token is found by a 16-byte fragment, in clear or encoded, and
// not by the 8 bytes a random hex id elsewhere shares with it by chance.
func TestRandomTokensAreFoundByLongerFragments(t *testing.T) {
	token := "3f9a0c1d5e7b2468ace013579bdf02468ace13579bdf0246"
	d := redacttest.NewDetector()
	d.AddRandom(token)

	chance := "request id 0000" + token[10:18] + "ffff done" // 8 bytes in common
	if frag, _, found := d.Find(chance); found {
		t.Errorf("an 8-byte chance match %q reported as a leak", frag)
	}
	for _, leaked := range []string{
		"token=" + token[5:21],
		fmt.Sprintf("%x", token[20:36]),
		fmt.Sprintf("%v", []byte(token[30:46])),
	} {
		if _, planted, found := d.Find(leaked); !found || planted != token {
			t.Errorf("16 bytes of the token in %q not found", leaked)
		}
	}
	if _, _, found := d.Find(strings.ToUpper(token[:15])); found {
		t.Error("15 bytes reported")
	}

	defer func() {
		if recover() == nil {
			t.Error("a token shorter than 16 bytes was accepted")
		}
	}()
	d.AddRandom("0123456789abcde")
}
