package commerce

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A 200 whose body is not JSON (a captive portal, a proxy's page) is not
// an Ack: a lookup fails with *DecodeError, and a write, which may have
// been applied, ends as ErrOutcomeUnknown with that *DecodeError inside.
func TestAckRefusesABodyThatIsNotJSON(t *testing.T) {
	const portal = "<html>captive portal</html>"
	ctx := context.Background()

	_, c := newWire(t, portal)
	_, err := c.Users.Exists(ctx, CheckEmail, "b@example.com")
	var derr *DecodeError
	require.True(t, errors.As(err, &derr), "a lookup: %v", err)
	assert.Equal(t, 200, derr.Status)

	for name, write := range map[string]func() error{
		"keyed": func() error { _, err := c.Subscriptions.RevokeChargeKey(ctx, "ck-secret", nil); return err },
		"unsafe": func() error {
			_, err := c.Subscriptions.AddAdjustment(ctx, "s1", Adjustment{Name: "x", Price: -1, DurationFrom: 1, DurationTo: 1})
			return err
		},
	} {
		err := write()
		assert.ErrorIs(t, err, ErrOutcomeUnknown, name)
		assert.True(t, errors.As(err, &derr), "%s: the decoding failure stays reachable: %v", name, err)
	}
}

// Valid JSON of any shape is still an Ack, kept as received.
func TestAckKeepsValidJSON(t *testing.T) {
	for _, body := range []string{`{"success":true}`, `[]`, `true`, `"ok"`} {
		var a Ack
		require.NoError(t, a.UnmarshalJSON([]byte(body)), body)
		assert.Equal(t, body, string(a.RawJSON()))
	}
	var a Ack
	assert.Error(t, a.UnmarshalJSON([]byte(`{"success":true`)), "cut JSON")
}
