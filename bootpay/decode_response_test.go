package bootpay

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The client decodes a 2xx body with decodeResponse, which hands a Receipt
// the response's own buffer: it must accept and refuse exactly what
// json.Unmarshal does, and give the same Receipt, raw JSON included.
func TestDecodeResponseMatchesUnmarshal(t *testing.T) {
	card := string(readFixture(t, "receipt_card.json"))
	for name, body := range map[string]string{
		"card":                             card,
		"vbank legacy":                     string(readFixture(t, "receipt_vbank_legacy.json")),
		"white space":                      "\n " + card + "\r\n\t",
		"trailing data":                    card + ` {"receipt_id": "other"}`,
		"cut short":                        card[:len(card)/2],
		"metadata array":                   strings.Replace(card, `"metadata": {"cart_id"`, `"metadata": [1], "x": {"cart_id"`, 1),
		"form feed (not JSON white space)": "\f" + card,
		"no receipt_id":                    strings.Replace(card, `"receipt_id"`, `"receipt_idx"`, 1),
	} {
		var viaStd, viaClient Receipt
		stdErr := json.Unmarshal([]byte(body), &viaStd)
		err := decodeResponse([]byte(body), &viaClient)
		if stdErr != nil {
			assert.Error(t, err, name)
			continue
		}
		require.NoError(t, err, name)
		assert.Equal(t, viaStd, viaClient, name)
		assert.JSONEq(t, body, string(viaClient.RawJSON()), name)
		assert.Equal(t, strings.TrimSpace(body), string(viaClient.RawJSON()), name+": the body as received, white space around it cut")
	}
}

// A Receipt keeps the response's own buffer as its raw JSON, and RawJSON
// still hands out copies: what a caller does to one changes neither the
// Receipt nor the next copy.
func TestDecodeResponseKeepsTheBodyAndHandsOutCopies(t *testing.T) {
	body := bytes.TrimSpace(readFixture(t, "receipt_card.json"))
	var r Receipt
	require.NoError(t, decodeResponse(body, &r))
	first := r.RawJSON()
	require.Equal(t, string(body), string(first))
	for i := range first {
		first[i] = 'x'
	}
	assert.Equal(t, string(body), string(r.RawJSON()))
}

// Other results go through transport.DecodeJSON unchanged.
func TestDecodeResponseOtherTypes(t *testing.T) {
	var m map[string]any
	require.NoError(t, decodeResponse([]byte(` {"a": 1} `), &m))
	assert.Equal(t, map[string]any{"a": float64(1)}, m)
	assert.Error(t, decodeResponse([]byte(`{"a": `), &m))
}
