package webhook_test

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/paykit-kr/paykit/webhook"
)

// A claim's state reads as a word wherever it is printed or logged, and
// its token stays masked beside it.
func TestClaimStateReadsAsAWord(t *testing.T) {
	for state, want := range map[webhook.ClaimState]string{
		webhook.Claimed:       "claimed",
		webhook.AlreadyDone:   "already done",
		webhook.Busy:          "busy",
		webhook.ClaimState(0): "ClaimState(0)",
		webhook.ClaimState(7): "ClaimState(7)",
	} {
		if got := state.String(); got != want {
			t.Errorf("ClaimState(%d).String() = %q, want %q", int(state), got, want)
		}
	}
	c := webhook.Claim{State: webhook.Busy, Token: "tok-secret-123"}
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("claim", "claim", c)
	for _, out := range []string{fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), logged.String()} {
		if !strings.Contains(out, "busy") || strings.Contains(out, "tok-secret-123") {
			t.Errorf("printed claim %q: want the state as a word and no token", out)
		}
	}
}
