package commerce_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// A 2xx that cannot be read is logged as an error at INFO, and the
// *DecodeError's text quotes up to 40 bytes of the bad value. A card or
// account number in a field read as an amount or a time (a renamed or
// shifted field) must not print whole, in the error or in the log: its
// digit runs are masked but for the last four.
func TestDecodeErrorLogMasksDigitRuns(t *testing.T) {
	for name, body := range map[string]string{
		"price":      `{"order_id":"a","order_number":"n1","price":"4111-1111-1111-1111","status":2}`,
		"created_at": `{"order_id":"a","order_number":"n1","price":1000,"status":2,"created_at":"4111111111111111 x"}`,
		"status":     `{"order_id":"a","order_number":"n1","price":1000,"status":"4111 1111 1111 1111"}`,
	} {
		t.Run(name, func(t *testing.T) {
			srv := commercetest.NewServer()
			t.Cleanup(srv.Close)
			var logs bytes.Buffer
			c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
				commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()),
				commerce.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))))
			require.NoError(t, err)
			srv.Inject(commercetest.OpOrderGet, commercetest.Faults.Status(http.StatusOK, body), 1)

			_, err = c.Orders.Get(context.Background(), "n1")

			var decodeErr *commerce.DecodeError
			require.ErrorAs(t, err, &decodeErr)
			require.Contains(t, logs.String(), "call ended")
			for _, whole := range []string{"1111-1111-1111", "1111 1111 1111", "111111111111"} {
				assert.NotContains(t, logs.String(), whole, logs.String())
				assert.NotContains(t, err.Error(), whole)
			}
			assert.Contains(t, err.Error(), "1111", "the last four still say which value it was")
		})
	}
}
