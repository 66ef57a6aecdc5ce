package redacttest

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// Verbs are the fmt verbs every value is printed with: the usual ones and
// others that fmt handles differently for strings, bytes and pointers.
var Verbs = []string{
	"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d",
	"%o", "%b", "%t", "%c", "%U", "%e", "%p", "%8.3s", "%-12v", "%#x", "%+q",
}

// AllVerbs returns v printed with every verb of Verbs, one per line, but
// %p when v is not a pointer (see NotPointerP).
func AllVerbs(v any) string {
	var b strings.Builder
	for _, verb := range Verbs {
		if verb == NotPointerP && reflect.ValueOf(v).Kind() != reflect.Pointer {
			continue
		}
		b.WriteString(fmt.Sprintf(verb, v))
		b.WriteByte('\n')
	}
	return b.String()
}

// NotPointerP documents the one verb the matrix does not apply to a value
// that is not a pointer: fmt handles %p before it looks for any method, and
// prints a value that is not a pointer, a map, a slice, a channel or a
// function with every Format and String method switched off ("%!p(…)").
// No method can mask it; go vet reports such a %p. Secrets held by the
// clients stay safe even then, because they are kept behind pointers
// (redact.Hidden), which fmt prints as addresses.
const NotPointerP = "%p"

// maxReports bounds the failures reported for one value.
const maxReports = 3

// Checker prints values and fails the test on any planted fragment.
type Checker struct {
	T        testing.TB
	Detector *Detector

	// Printed counts the strings checked; Leaks counts, by value name, the
	// ways of printing it that leaked (all of them, not only those reported).
	Printed int
	Leaks   map[string]int
}

// Check prints v, a pointer to it and structs, slices and maps holding it
// with every verb, and logs them through slog's text and JSON handlers, as
// attribute values, in a group and inside structs. name names v in
// failures.
func (c *Checker) Check(name string, v any) {
	c.T.Helper()
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return
	}
	ptr := reflect.New(rv.Type())
	ptr.Elem().Set(rv)
	second := held{"through a pointer", ptr}
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		// v is a pointer already (an interface type's implementation, say):
		// its target is printed, not a pointer to a pointer.
		second = held{"pointed to", rv.Elem()}
	}
	reports := 0
	check := func(how, out string) {
		c.T.Helper()
		c.Printed++
		frag, planted, leak := c.Detector.Find(out)
		if !leak {
			return
		}
		if c.Leaks == nil {
			c.Leaks = map[string]int{}
		}
		c.Leaks[name]++
		if reports < maxReports {
			reports++
			c.T.Errorf("%s printed %s shows %q (of %q):\n%s", name, how, frag, planted, excerpt(out, strings.Index(out, frag)))
		}
	}
	values := append([]held{{"itself", rv}, second}, holders(rv, ptr)...)
	for _, h := range values {
		for _, verb := range Verbs {
			if verb == NotPointerP && h.v.Kind() != reflect.Pointer {
				continue // see NotPointerP
			}
			check(h.how+" with "+verb, fmt.Sprintf(verb, h.v.Interface()))
		}
		check(h.how+" with slog's text handler", logText(slog.NewTextHandler, h.v.Interface()))
	}
	// slog's JSON handler encodes a value that is not a slog.LogValuer with
	// encoding/json, which writes masked values in the clear (requests need
	// them so): it is checked with the values a LogValue describes.
	for _, h := range values[:2] {
		check(h.how+" with slog's JSON handler", logText(slog.NewJSONHandler, h.v.Interface()))
	}
}

// held is a value to print and how it is held.
type held struct {
	how string
	v   reflect.Value
}

// holders returns structs holding v by value, by pointer and as an
// interface, and a slice and a map of v.
func holders(v, ptr reflect.Value) []held {
	t := v.Type()
	field := func(name string, typ reflect.Type, x reflect.Value) held {
		s := reflect.New(reflect.StructOf([]reflect.StructField{
			{Name: "Note", Type: reflect.TypeFor[string]()},
			{Name: name, Type: typ},
		})).Elem()
		s.Field(0).SetString("held")
		s.Field(1).Set(x)
		return held{"in a struct field of type " + typ.String(), s}
	}
	slice := reflect.MakeSlice(reflect.SliceOf(t), 0, 1)
	m := reflect.MakeMap(reflect.MapOf(reflect.TypeFor[string](), t))
	m.SetMapIndex(reflect.ValueOf("k"), v)
	return []held{
		field("Value", t, v),
		field("Pointer", ptr.Type(), ptr),
		field("Any", reflect.TypeFor[any](), v),
		{"in a slice", reflect.Append(slice, v)},
		{"in a map", m},
	}
}

// logText logs v with a handler made by newHandler: as an attribute, in a
// group, and in a nested group.
func logText[H slog.Handler](newHandler func(w io.Writer, o *slog.HandlerOptions) H, v any) string {
	var b bytes.Buffer
	l := slog.New(newHandler(&b, nil))
	l.Info("value", "v", v)
	l.Info("group", slog.Group("g", "v", v, slog.Group("inner", "v", v)))
	l.With("w", v).WithGroup("wg").Info("with", "v", v)
	return b.String()
}

// ExportedTypes returns the names of the exported types, aliases included,
// declared in the non-test Go files of the package in dir.
func ExportedTypes(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var names []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, exported(f)...)
	}
	sort.Strings(names)
	return names
}

func exported(f *ast.File) []string {
	var names []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, s := range g.Specs {
			if ts := s.(*ast.TypeSpec); ts.Name.IsExported() {
				names = append(names, ts.Name.Name)
			}
		}
	}
	return names
}
