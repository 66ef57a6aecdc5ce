package transport

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDefinitive5xx: a 5xx the gateway marks as its final answer (a PG's
// refusal) is neither retried nor reported as an unknown outcome, in any
// class; other 5xx keep their retry rules.
func TestDefinitive5xx(t *testing.T) {
	for _, class := range []Class{Safe, Keyed, Unsafe} {
		t.Run(class.String(), func(t *testing.T) {
			srv, hits := countingServer(t, func(w http.ResponseWriter, _ *http.Request, _ int64) {
				writeJSON(w, http.StatusBadGateway, `{"code":"PG_DECLINED"}`)
			})
			cfg := testConfig(srv.URL)
			cfg.IdempotencyHeader = "Idempotency-Key"
			cfg.IsDefinitive = func(status int, body []byte) bool {
				return status == http.StatusBadGateway && bytes.Contains(body, []byte("PG_DECLINED"))
			}
			c := newTestClient(t, cfg)
			_, err := c.Do(context.Background(), &Call{Op: "charge", Method: http.MethodPost, Path: "/charge", Body: map[string]int{"amount": 1000}, Class: class}, nil)
			require.Error(t, err)
			assert.Equal(t, int64(1), hits.Load(), "a final answer is not retried")
			assert.False(t, errors.Is(err, ErrOutcomeUnknown))
			assert.True(t, errors.Is(err, ErrServer))
		})
	}
}
