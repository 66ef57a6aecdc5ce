// Package redact masks sensitive values for printing: card numbers, bank
// account numbers, credentials and the raw JSON of gateway objects. It is
// the one mechanism behind the printing of every paykit type:
//
//   - A masked value (a card or account number, a secret) is a named string
//     type in its gateway package whose Format calls Format here and whose
//     LogValue returns the masked form, so every fmt verb and every slog
//     handler sees the mask.
//   - A type holding masked values at any depth (a Receipt, a Payment, a
//     params struct) gets its LogValue from LogValue here and its Format from
//     FormatValue: both walk its exported fields, dereference pointers and
//     interfaces, let every masked value mask itself, print byte slices (raw
//     JSON) as their length only and never read an unexported field. fmt's
//     own walk cannot be trusted with such a type: with a verb that does not
//     suit a pointer (%s, %q) it prints the pointer's target with every
//     Format and String method switched off.
//   - A credential kept in an unexported field is held in a Hidden, which
//     stores it behind a pointer: fmt prints a pointer it reaches by
//     reflection as an address, so even a caller's struct that keeps a
//     client in an unexported field cannot print the credential.
//   - Raw JSON of no known schema that must stay readable in logs (a
//     webhook body of an unknown event type) is rendered by JSON, which
//     masks every value whose member name is not on the caller's
//     allow-list.
package redact

import (
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/internal/redact/mask"
)

// Redacted is what a secret prints as.
const Redacted = "[REDACTED]"

// Digits replaces every ASCII digit but the last four with '*', keeping
// separators so the shape stays recognisable: "5365-1012-3456-1234"
// becomes "****-****-****-1234". A value with four digits or fewer is
// returned as is.
func Digits(s string) string { return mask.Digits(s) }

// Secret returns Redacted, or "" for an empty s, so that a printout still
// shows whether the value was set.
func Secret(s string) string {
	if s == "" {
		return ""
	}
	return Redacted
}

// Format writes masked, the already masked form of a value, for any fmt
// verb: quoted for %q and %#v, as is otherwise. Types that hold a secret
// implement fmt.Formatter with it, so that %d, %x or %q cannot print the
// value raw either.
func Format(f fmt.State, verb rune, masked string) {
	if verb == 'q' || verb == 'v' && f.Flag('#') {
		masked = strconv.Quote(masked)
	}
	_, _ = io.WriteString(f, masked)
}

// FormatValue writes v's LogValue as text for any fmt verb: the fields as
// "{Name:value …}" with every masked value masked, quoted for %q and
// prefixed with the type's name for %#v. Types holding masked values use
// it for Format, so that fmt never walks their fields itself.
func FormatValue(f fmt.State, verb rune, v slog.LogValuer) {
	s := Text(v.LogValue())
	switch {
	case verb == 'q':
		s = strconv.Quote(s)
	case verb == 'v' && f.Flag('#'):
		s = fmt.Sprintf("%T", v) + s
	}
	_, _ = io.WriteString(f, s)
}

// String returns LogValue(v) as text: what FormatValue prints with %v.
func String(v any) string { return Text(LogValue(v)) }

// maxDepth bounds LogValue's walk; paykit's types are far shallower, so
// only a cycle a caller built reaches it.
const maxDepth = 16

// LogValue describes v for slog without anything sensitive: a struct
// becomes a group of its exported fields (an embedded struct's fields are
// inlined), a slice or map a group keyed by index or key, pointers and
// interfaces are followed, nil ones and empty slices and maps left out.
// A value that describes itself is used as it describes itself: a
// slog.LogValuer (so every masked value masks), a time.Time, an error or
// a fmt.Stringer. A byte slice, such as raw JSON, prints as its length
// only; unexported fields are never read.
//
// v itself is always walked, never asked to describe itself: types call
// LogValue on their value converted to a local type (type plain T;
// redact.LogValue(plain(v))), which may still have methods promoted from an
// embedded field.
//
// The result never holds a composite value for a handler to encode on its
// own: slog's JSON handler would encode it with encoding/json, which writes
// masked values in the clear because the wire format needs them.
func LogValue(v any) slog.Value { return walk(reflect.ValueOf(v), 0) }

func walk(rv reflect.Value, depth int) slog.Value {
	if !rv.IsValid() || isNil(rv) {
		return slog.AnyValue(nil)
	}
	if depth > maxDepth {
		return slog.StringValue("…")
	}
	if depth > 0 && rv.CanInterface() {
		if v, ok := self(rv.Interface()); ok {
			return v
		}
	}
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		return walk(rv.Elem(), depth+1)
	case reflect.Struct:
		return slog.GroupValue(fields(rv, depth)...)
	case reflect.Slice, reflect.Array:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return slog.StringValue("[" + strconv.Itoa(rv.Len()) + " bytes]")
		}
		return slog.GroupValue(elems(rv, depth)...)
	case reflect.Map:
		return slog.GroupValue(entries(rv, depth)...)
	}
	return scalar(rv)
}

func isNil(rv reflect.Value) bool {
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return rv.IsNil()
	}
	return false
}

// self returns the description of a value that describes itself.
func self(x any) (slog.Value, bool) {
	switch x := x.(type) {
	case slog.LogValuer:
		return slog.AnyValue(x).Resolve(), true
	case time.Time:
		return slog.TimeValue(x), true
	case time.Duration:
		return slog.DurationValue(x), true
	case error:
		return slog.StringValue(x.Error()), true
	case fmt.Stringer:
		return slog.StringValue(x.String()), true
	}
	return slog.Value{}, false
}

func fields(rv reflect.Value, depth int) []slog.Attr {
	t := rv.Type()
	attrs := make([]slog.Attr, 0, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		fv := rv.Field(i)
		if !sf.IsExported() || isNil(fv) || isEmpty(fv) {
			continue
		}
		v := walk(fv, depth+1)
		key := sf.Name
		if sf.Anonymous && v.Kind() == slog.KindGroup {
			key = "" // inlined, as slog does with a group without a key
		}
		attrs = append(attrs, slog.Attr{Key: key, Value: v})
	}
	return attrs
}

func isEmpty(rv reflect.Value) bool {
	k := rv.Kind()
	return (k == reflect.Slice || k == reflect.Map) && rv.Len() == 0
}

func elems(rv reflect.Value, depth int) []slog.Attr {
	attrs := make([]slog.Attr, rv.Len())
	for i := range attrs {
		attrs[i] = slog.Attr{Key: strconv.Itoa(i), Value: walk(rv.Index(i), depth+1)}
	}
	return attrs
}

func entries(rv reflect.Value, depth int) []slog.Attr {
	attrs := make([]slog.Attr, 0, rv.Len())
	for it := rv.MapRange(); it.Next(); {
		key := Text(walk(it.Key(), depth+1))
		attrs = append(attrs, slog.Attr{Key: key, Value: walk(it.Value(), depth+1)})
	}
	sort.Slice(attrs, func(i, j int) bool { return attrs[i].Key < attrs[j].Key })
	return attrs
}

func scalar(rv reflect.Value) slog.Value {
	switch rv.Kind() {
	case reflect.String:
		return slog.StringValue(rv.String())
	case reflect.Bool:
		return slog.BoolValue(rv.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return slog.Int64Value(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return slog.Uint64Value(rv.Uint())
	case reflect.Float32, reflect.Float64:
		return slog.Float64Value(rv.Float())
	}
	// Functions, channels, complex numbers: their type says enough.
	return slog.StringValue(rv.Type().String())
}

// Text renders a value LogValue built as "{Name:value …}", the way %+v
// prints a struct.
func Text(v slog.Value) string {
	var b strings.Builder
	writeText(&b, v.Resolve())
	return b.String()
}

func writeText(b *strings.Builder, v slog.Value) {
	if v.Kind() != slog.KindGroup {
		b.WriteString(v.String())
		return
	}
	b.WriteByte('{')
	writeAttrs(b, v.Group(), true)
	b.WriteByte('}')
}

// writeAttrs writes attrs separated by spaces, inlining groups without a
// key; it returns whether nothing was written.
func writeAttrs(b *strings.Builder, attrs []slog.Attr, first bool) bool {
	for _, a := range attrs {
		v := a.Value.Resolve()
		if a.Key == "" && v.Kind() == slog.KindGroup {
			first = writeAttrs(b, v.Group(), first)
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		b.WriteString(a.Key)
		b.WriteByte(':')
		writeText(b, v)
	}
	return first
}

// Hidden holds a credential (a secret key, an API secret, an error body)
// in an unexported field. It keeps the value behind a pointer: fmt prints
// a pointer it reaches by reflection as an address, so a struct that holds
// a paykit client in an unexported field, printed with any verb, shows no
// credential. The zero Hidden holds "".
type Hidden struct{ p *string }

// Hide returns a Hidden holding s.
func Hide(s string) Hidden {
	if s == "" {
		return Hidden{}
	}
	return Hidden{p: &s}
}

// Reveal returns the value, for the code that must send it.
func (h Hidden) Reveal() string {
	if h.p == nil {
		return ""
	}
	return *h.p
}

// Format prints [REDACTED] (or nothing when empty) for every verb.
func (h Hidden) Format(f fmt.State, verb rune) { Format(f, verb, Secret(h.Reveal())) }

// LogValue logs [REDACTED] (or nothing when empty).
func (h Hidden) LogValue() slog.Value { return slog.StringValue(Secret(h.Reveal())) }
