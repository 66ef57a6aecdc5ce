package jsonx

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Metadata arrives as an object, a string holding one, or null; anything else is refused.
func TestMetadataJSON(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want map[string]any
	}{
		{`{"order_id":"A1"}`, map[string]any{"order_id": "A1"}},
		{`"{\"order_id\":\"A1\"}"`, map[string]any{"order_id": "A1"}},
		{`null`, nil},
		{`""`, nil},
	} {
		got, err := MetadataJSON([]byte(tc.in))
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	for _, bad := range []string{`[1]`, `3`, `"not json"`, `"[1]"`, `{`} {
		_, err := MetadataJSON([]byte(bad))
		assert.Error(t, err, bad)
	}
	_, err := MetadataJSON([]byte(`[1]`))
	assert.True(t, errors.Is(err, ErrNotObject))
}

// The zero time encodes as null, any other as RFC 3339 in its own zone.
func TestTimeJSON(t *testing.T) {
	b, err := TimeJSON(time.Time{})
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))
	b, err = TimeJSON(time.Date(2025, 7, 11, 10, 30, 0, 0, KST))
	require.NoError(t, err)
	assert.Equal(t, `"2025-07-11T10:30:00+09:00"`, string(b))
}
