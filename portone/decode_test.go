package portone

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/transport"
)

// The client decodes a response with transport.DecodeJSON, which hands the
// body straight to Payment.UnmarshalJSON: it must decode every fixture as
// json.Unmarshal does and refuse what json.Unmarshal refuses.
func TestPaymentDecodeJSONMatchesUnmarshal(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "payments", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		body, err := os.ReadFile(file)
		require.NoError(t, err)
		var viaStd, viaClient Payment
		errStd := json.Unmarshal(body, &viaStd)
		errClient := transport.DecodeJSON(body, &viaClient)
		assert.Equal(t, errStd == nil, errClient == nil, "%s: %v / %v", file, errStd, errClient)
		assert.Equal(t, viaStd, viaClient, file)

		for name, bad := range map[string]string{
			"trailing data":    string(body) + ` {"status": "PAID"}`,
			"trailing garbage": string(body) + " x",
			"cut short":        string(body[:len(body)/2]),
			"form feed before": "\f" + string(body),
		} {
			var p Payment
			assert.Error(t, transport.DecodeJSON([]byte(bad), &p), "%s: %s", file, name)
		}
	}
}
