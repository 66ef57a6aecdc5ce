package redact

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonAllow is a caller's allow-list for the tests.
var jsonAllow = []string{"type", "id", "ids", "status"}

// TestJSONMasksEveryValueNotAllowed checks the rendering rule on one
// document: values of allowed members kept (numbers exactly), those of
// other members masked, whether strings or numbers, in nested objects and
// in arrays; structure, names, booleans and null kept; members sorted.
func TestJSONMasksEveryValueNotAllowed(t *testing.T) {
	doc := `{"type":"BillingKey.Expired","timestamp":"2026-01-15T10:30:00Z",` +
		`"data":{"billingKey":"billing-key-PLANTED","id":12345678901234567890.50,` +
		`"card":{"number":"9410-7352-6163-5321","amount":15000,"status":"ACTIVE","valid":true,"note":null}},` +
		`"ids":["a-1",7],"tags":["secret-tag",{"id":"nested-id","pin":"0000"}],"ok":false}`
	got := JSON([]byte(doc), jsonAllow)
	assert.Equal(t, `{"data":{"billingKey":"[REDACTED]",`+
		`"card":{"amount":"[REDACTED]","note":null,"number":"[REDACTED]","status":"ACTIVE","valid":true},`+
		`"id":12345678901234567890.50},`+
		`"ids":["a-1",7],"ok":false,"tags":["[REDACTED]",{"id":"nested-id","pin":"[REDACTED]"}],`+
		`"timestamp":"[REDACTED]","type":"BillingKey.Expired"}`, got)
	assert.True(t, json.Valid([]byte(got)), "the rendering is JSON itself")
}

// TestJSONFailsClosed checks that an allowed name does not reveal an
// object or an array of objects under it, and that with no allow-list
// every string and number is masked.
func TestJSONFailsClosed(t *testing.T) {
	assert.Equal(t, `{"status":{"card":"[REDACTED]"}}`, JSON([]byte(`{"status":{"card":"9410735261635321"}}`), jsonAllow))
	assert.Equal(t, `{"ids":[{"pan":"[REDACTED]"}]}`, JSON([]byte(`{"ids":[{"pan":"9410735261635321"}]}`), jsonAllow))
	assert.Equal(t, `{"id":"[REDACTED]","n":"[REDACTED]","t":true}`, JSON([]byte(`{"id":"x","n":-0.5e3,"t":true}`), nil))
}

// TestJSONOutsideMembers checks that a value no member names is masked: a
// bare string or number, the scalars of a top-level array.
func TestJSONOutsideMembers(t *testing.T) {
	for doc, want := range map[string]string{
		`"9410735261635321"`:            `"[REDACTED]"`,
		`9410735261635321`:              `"[REDACTED]"`,
		`["9410735261635321",{"id":1}]`: `["[REDACTED]",{"id":1}]`,
		`null`:                          `null`,
		` true `:                        `true`,
	} {
		assert.Equal(t, want, JSON([]byte(doc), jsonAllow), doc)
	}
}

// TestJSONInvalidIsRedacted checks that what is not exactly one JSON
// value prints as Redacted as a whole, never partly.
func TestJSONInvalidIsRedacted(t *testing.T) {
	for _, doc := range []string{``, `{`, `{"card":"9410735261635321"`, `{"id":"a"} {"card":"9410735261635321"}`,
		`{"id":"a"}x`, `card=9410735261635321`, `{"n":01}`} {
		require.Equal(t, Redacted, JSON([]byte(doc), jsonAllow), doc)
	}
}

// TestJSONKeepsEscapes checks that escaped text decodes and encodes again
// as JSON, allowed values intact.
func TestJSONKeepsEscapes(t *testing.T) {
	assert.Equal(t, `{"id":"a\"b\u003c/c\u003e","x":"[REDACTED]"}`, JSON([]byte(`{"id":"a\"b</c>","x":"\u0031\u0032"}`), jsonAllow))
}
