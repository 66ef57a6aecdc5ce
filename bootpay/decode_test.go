package bootpay

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/transport"
)

// The client decodes a response with transport.DecodeJSON, which hands the
// body straight to Receipt.UnmarshalJSON: it must accept and refuse exactly
// what json.Unmarshal does.
func TestReceiptDecodeJSONMatchesUnmarshal(t *testing.T) {
	for _, name := range []string{"receipt_card.json", "receipt_vbank_legacy.json"} {
		body := readFixture(t, name)
		var viaStd, viaClient Receipt
		require.NoError(t, json.Unmarshal(body, &viaStd), name)
		require.NoError(t, transport.DecodeJSON(body, &viaClient), name)
		assert.Equal(t, viaStd, viaClient, name)
	}
}

func TestReceiptDecodeJSONRefusesWhatUnmarshalRefuses(t *testing.T) {
	body := string(readFixture(t, "receipt_card.json"))
	for name, bad := range map[string]string{
		"trailing data":       body + ` {"receipt_id": "other"}`,
		"trailing garbage":    body + " x",
		"cut short":           body[:len(body)/2],
		"metadata array":      strings.Replace(body, `"metadata": {"cart_id"`, `"metadata": [1], "x": {"cart_id"`, 1),
		"metadata number":     strings.Replace(body, `"metadata": {"cart_id"`, `"metadata": 7, "x": {"cart_id"`, 1),
		"metadata bad string": strings.Replace(body, `"metadata": {"cart_id"`, `"metadata": "[1]", "x": {"cart_id"`, 1),
	} {
		var viaStd, viaClient Receipt
		assert.Error(t, json.Unmarshal([]byte(bad), &viaStd), name)
		assert.Error(t, transport.DecodeJSON([]byte(bad), &viaClient), name)
	}
	var r Receipt
	require.NoError(t, transport.DecodeJSON([]byte("\n"+body+"\r\n"), &r), "white space around the body is JSON")
	assert.Equal(t, Amount(50000), r.Price)
}

func TestMetadataNullOrEmptyIsNil(t *testing.T) {
	body := string(readFixture(t, "receipt_card.json"))
	for _, v := range []string{`null`, `""`} {
		var r Receipt
		require.NoError(t, transport.DecodeJSON([]byte(strings.Replace(body, `"metadata": {"cart_id"`, `"metadata": `+v+`, "x": {"cart_id"`, 1)), &r), v)
		assert.Nil(t, r.Metadata, v)
	}
}
