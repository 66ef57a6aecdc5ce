package commerce

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// CancelFailed singles out, among the open requests, the ones a person
// must decide: approved (or acted on) and then failed at the PG, and not
// closed since. A request still waiting for approval, one carried out
// after an earlier error, and a closed one are not.
func TestCancelFailedIsAnOpenRequestThePGFailed(t *testing.T) {
	action := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	at := func(d time.Duration) Time { return Time{action.Add(d)} }
	for _, tc := range []struct {
		name   string
		r      CancellationRequest
		failed bool
	}{
		{"approved, then failed", CancellationRequest{Status: 3, ActionAt: at(0), LastErroredAt: at(time.Second)}, true},
		{"failed at the approval", CancellationRequest{Status: 3, ActionAt: at(0), LastErroredAt: at(0)}, true},
		{"failed, no action recorded", CancellationRequest{Status: 1, LastErroredAt: at(0)}, true},
		{"waiting for approval", CancellationRequest{Status: 1}, false},
		{"applied", CancellationRequest{Status: 3, ActionAt: at(0)}, false},
		{"failed, then carried out", CancellationRequest{Status: 3, ActionAt: at(0), LastErroredAt: at(-time.Second)}, false},
		{"failed, then withdrawn", CancellationRequest{Status: 1, LastErroredAt: at(0), WithdrawnAt: at(time.Second)}, false},
		{"rejected, failed after", CancellationRequest{Status: 2, ActionAt: at(0), LastErroredAt: at(time.Second)}, false},
	} {
		assert.Equal(t, tc.failed, tc.r.CancelFailed(), "%s", tc.name)
		if tc.failed {
			assert.True(t, tc.r.Open(), "%s: a failed refund must stay open", tc.name)
			assert.False(t, tc.r.Applied(), "%s", tc.name)
		}
	}
}
