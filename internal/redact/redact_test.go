package redact

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDigits(t *testing.T) {
	for in, want := range map[string]string{
		"5365101234561234":    "************1234",
		"5365-10**-****-1234": "****-****-****-1234",
		"110-234-567890":      "***-***-**7890",
		"1234":                "1234",
		"":                    "",
		"홍길동 12345":           "홍길동 *2345",
	} {
		if got := Digits(in); got != want {
			t.Errorf("Digits(%q) = %q, want %q", in, got, want)
		}
	}
}

const (
	testCard   = "9410-7352-6163-5321"
	testSecret = "sk_live_PLANTED_walk"
)

// number is a masked value as the gateway packages declare them.
type number string

func (n number) Format(f fmt.State, verb rune) { Format(f, verb, Digits(string(n))) }
func (n number) LogValue() slog.Value          { return slog.StringValue(Digits(string(n))) }

type shape interface{ isShape() }

type card struct{ Number number }

func (*card) isShape() {}

// holder holds masked values every way a paykit type does.
type holder struct {
	Name     string
	Card     *card
	Shape    shape
	Cards    []card
	ByKey    map[string]*card
	Raw      json.RawMessage
	At       time.Time
	Wait     time.Duration
	Err      error
	Missing  *card
	Empty    []card
	secret   string
	Embedded // fields inlined
}

// Embedded is exported: LogValue reads no unexported field, embedded or not.
type Embedded struct{ Note string }

func (h holder) Format(f fmt.State, verb rune) { FormatValue(f, verb, h) }
func (h holder) LogValue() slog.Value {
	type plain holder
	return LogValue(plain(h))
}

func newHolder() holder {
	return holder{
		Name: "h", Card: &card{testCard}, Shape: &card{testCard}, Cards: []card{{testCard}},
		ByKey: map[string]*card{"b": {testCard}, "a": {testCard}},
		Raw:   json.RawMessage(`{"number":"` + testCard + `"}`),
		At:    time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC), Wait: time.Second,
		Err: errors.New("boom"), secret: testSecret, Embedded: Embedded{"inline"},
	}
}

// TestLogValueDescribesWithoutSecrets checks the walk: pointers and
// interfaces followed, masked values masked, raw bytes as their length,
// unexported fields and nil or empty ones left out, embedded fields
// inlined, and no composite value left for a handler to encode itself.
func TestLogValueDescribesWithoutSecrets(t *testing.T) {
	h := newHolder()
	v := h.LogValue()
	requireNoComposite(t, "", v)
	assert.Equal(t, "{Name:h Card:{Number:****-****-****-5321} Shape:{Number:****-****-****-5321} "+
		"Cards:{0:{Number:****-****-****-5321}} ByKey:{a:{Number:****-****-****-5321} b:{Number:****-****-****-5321}} "+
		"Raw:[32 bytes] At:2026-01-15 10:30:00 +0000 UTC Wait:1s Err:boom Note:inline}", Text(v))

	for name, newHandler := range map[string]func(*bytes.Buffer) slog.Handler{
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		var b bytes.Buffer
		slog.New(newHandler(&b)).Info("m", "h", h, "p", &h, slog.Group("g", "h", h))
		assert.NotContains(t, b.String(), "7352", name)
		assert.NotContains(t, b.String(), testSecret, name)
		assert.Contains(t, b.String(), "5321", name)
	}
	var b bytes.Buffer
	slog.New(slog.NewJSONHandler(&b, nil)).Info("m", "h", h)
	assert.Contains(t, b.String(), `"h":{"Name":"h","Card":{"Number":"****-****-****-5321"}`, "JSON logs keep the structure")
}

func requireNoComposite(t *testing.T, path string, v slog.Value) {
	t.Helper()
	switch v.Kind() {
	case slog.KindGroup:
		for _, a := range v.Group() {
			requireNoComposite(t, path+"."+a.Key, a.Value)
		}
	case slog.KindAny, slog.KindLogValuer:
		require.Nil(t, v.Any(), "%s is left for the handler to encode", path)
	}
}

// TestFormatValueEveryVerb checks that a type using FormatValue prints
// its masked text for every verb: quoted for %q, named for %#v.
func TestFormatValueEveryVerb(t *testing.T) {
	h := newHolder()
	text := String(h)
	for _, verb := range []string{"%v", "%+v", "%s", "%x", "%X", "%d", "%t", "%o", "%-10v"} {
		assert.Equal(t, text, fmt.Sprintf(verb, h), verb)
		assert.Equal(t, text, fmt.Sprintf(verb, &h), verb+" through a pointer")
	}
	assert.Equal(t, fmt.Sprintf("%q", text), fmt.Sprintf("%q", h))
	assert.Equal(t, "redact.holder"+text, fmt.Sprintf("%#v", h))
	assert.NotContains(t, text, "7352")
	assert.NotContains(t, text, testSecret)
}

// TestLogValueStopsAtCycles checks that a cycle a caller built ends the
// walk instead of recursing for ever.
func TestLogValueStopsAtCycles(t *testing.T) {
	type node struct {
		Next *node
		N    int
	}
	n := &node{N: 1}
	n.Next = n
	text := String(n)
	assert.Contains(t, text, "…")
	assert.Equal(t, maxDepth/2, strings.Count(text, "N:1"), "each node is a pointer and a struct deep")
}

// TestHiddenPrintsNoValue checks that a Hidden shows no value with any
// verb, neither held nor reached by fmt through an unexported field, a
// bad verb or %p, while Reveal returns it.
func TestHiddenPrintsNoValue(t *testing.T) {
	h := Hide(testSecret)
	assert.Equal(t, testSecret, h.Reveal())
	assert.Empty(t, Hidden{}.Reveal())
	assert.Equal(t, Hidden{}, Hide(""))

	type keeps struct {
		name string
		key  Hidden
	}
	k := keeps{"k", h}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%p", "%c"} {
		for _, v := range []any{h, &h, k, &k, struct{ K keeps }{k}, []keeps{k}, struct{ P *keeps }{&k}} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "PLANTED", "%s of %T: %s", verb, v, out)
			assert.NotContains(t, out, fmt.Sprintf("%x", testSecret[:8]), "%s of %T: %s", verb, v, out)
		}
	}
	assert.Equal(t, Redacted, fmt.Sprint(h))
	assert.Equal(t, `"[REDACTED]"`, fmt.Sprintf("%#v", h))
	assert.Equal(t, Redacted, h.LogValue().String())
	assert.Empty(t, fmt.Sprint(Hidden{}), "an empty secret prints as empty")
}

func TestSecret(t *testing.T) {
	assert.Equal(t, Redacted, Secret("x"))
	assert.Empty(t, Secret(""))
}
