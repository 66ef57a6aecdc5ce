package webhook_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/webhook"
)

// TestDecodeAlimtalkEventMember pins how "event" is read: a string is the
// event's name (escapes decoded), unless it is a number standing for a code
// the body does not give as event_code; a number is only ever the code;
// anything else is neither.
func TestDecodeAlimtalkEventMember(t *testing.T) {
	for body, want := range map[string]struct {
		code webhook.AlimtalkEventCode
		name string
	}{
		`{"event":"delivered","event_code":301}`:       {301, "delivered"},
		`{"event":"\ubc1c\uc1a1 \u0026 \uc804\ub2ec"}`: {0, "발송 & 전달"},
		`{"event":302}`:                     {302, ""},
		`{"event":"303"}`:                   {303, ""},
		`{"event":302,"event_code":301}`:    {301, ""},
		`{"event":"304","event_code":301}`:  {301, "304"},
		`{"event":null,"event_code":"301"}`: {301, ""},
		`{"event":{"name":"delivered"}}`:    {0, ""},
		`{"event":true}`:                    {0, ""},
		`{"delivery_id":"d"}`:               {0, ""},
	} {
		ev, err := webhook.DecodeAlimtalkEvent([]byte(body))
		require.NoError(t, err, body)
		assert.Equal(t, want.code, ev.EventCode, body)
		assert.Equal(t, want.name, ev.Event, body)
	}
}
