package main

import (
	"bytes"
	"cmp"
	"fmt"
	"log"
	"maps"
	"slices"
	"strings"
)

// ---------------------------------------------------------------------------
// Wires: the single-pass decoders (wires_gen.go)
//
// A union's jsonx.Union decodes an object in two steps: a scan finds the
// discriminator, then encoding/json decodes the object as that variant.
// Nested inside another object, each union field is a json.Unmarshaler, so
// encoding/json skips its object, the union scans it, and encoding/json
// validates and decodes it again: four passes over every nested object.
//
// A wire is a struct that holds the discriminator and the members of every
// variant of a union (the common part's too, for a container), with each
// nested union as its own wire. encoding/json decodes a whole payment into
// its wire natively, in one validation and one decoding; a generated
// conversion then builds the variant value from the wire's fields. The
// conversion gives up (false) wherever the wire cannot decide as the union
// would: an unknown, absent, null or repeated discriminator, a required
// member that is zero, a null element of a union list. The caller then
// decodes the object with its jsonx.Union, as before, so errors, the
// Unknown fallbacks and their raw JSON are exactly today's: that path
// decodes the body a second time, only for those rare objects.
//
// One difference remains, on JSON that repeats a member name (RFC 8259
// leaves its meaning open; PortOne does not send it): encoding/json merges
// a repeated object member into the first, where the union replaces it.
// The wire counts repeated discriminators and leaves those objects to the
// union, but a repeated union member of which one copy lacks its
// discriminator, or a repeated "amount" whose last copy lacks "total",
// decodes merged instead of as the union decides.
//
// A union gets no wire (and keeps decoding through its jsonx.Union only)
// when one JSON name would need two Go types, when two names differ only in
// case (encoding/json would match them differently in the wider struct),
// when a part has its own UnmarshalJSON or an embedded field, or when a
// nested union has no wire.

// wireField is one member of a wire.
type wireField struct {
	name   string // the wire's Go field name
	json   string
	typ    string // the element type, as in the part struct
	slice  bool
	quoted bool
	union  *unionSpec // the plain union the member holds, or nil
}

// wire is the plan of one wire struct.
type wire struct {
	name   string     // Go type of the wire
	union  *unionSpec // nil for a struct with union-typed fields
	target string     // the struct of a struct wire
	key    string     // the discriminator's JSON name
	cases  []unionCase
	fields []wireField
	byJSON map[string]int
}

// wirePlanner decides which unions and structs get a wire.
type wirePlanner struct {
	doc    *schemaDoc
	src    *goSource
	wires  map[string]*wire  // by union schema or struct name
	why    map[string]string // why a union or struct has no wire
	active map[string]bool   // being planned: a cycle gets no wire
	order  []*wire
}

func newWirePlanner(doc *schemaDoc, src *goSource) *wirePlanner {
	return &wirePlanner{doc: doc, src: src, wires: map[string]*wire{}, why: map[string]string{}, active: map[string]bool{}}
}

// wireName is the Go type of the wire of a union.
func (u unionSpec) wireName() string { return strings.TrimSuffix(u.varName(), "Union") + "Wire" }

// planUnion returns the wire of u, or nil when u has none (see p.why).
func (p *wirePlanner) planUnion(u unionSpec) *wire {
	if w, ok := p.wires[u.schema]; ok || p.why[u.schema] != "" {
		return w
	}
	if p.active[u.schema] {
		p.why[u.schema] = "it contains itself"
		return nil
	}
	p.active[u.schema] = true
	defer delete(p.active, u.schema)
	cases, key := p.doc.cases(u.schema)
	w := &wire{name: u.wireName(), union: &u, key: key, cases: cases, byJSON: map[string]int{}}
	var parts []string
	if u.container != "" {
		parts = append(parts, u.common)
	}
	for _, c := range cases {
		parts = append(parts, u.goType(c.schema))
	}
	for _, part := range parts {
		if why := p.addPart(w, part, u.container != "" && part == u.common); why != "" {
			p.why[u.schema] = why
			return nil
		}
	}
	p.wires[u.schema] = w
	p.order = append(p.order, w)
	return w
}

// planStruct returns the wire of a struct with union-typed fields, or nil.
func (p *wirePlanner) planStruct(name string) *wire {
	w := &wire{name: lowerFirst(name) + "Wire", target: name, byJSON: map[string]int{}}
	if why := p.addPart(w, name, false); why != "" {
		p.why[name] = why
		return nil
	}
	p.wires[name] = w
	p.order = append(p.order, w)
	return w
}

// addPart adds the fields of struct part to w; common says that part holds
// the discriminator. It returns why it cannot, or "".
func (p *wirePlanner) addPart(w *wire, part string, common bool) string {
	fields, ok := p.src.structs[part]
	switch {
	case !ok:
		return part + " is not a struct of the package"
	case p.src.unmarshal[part]:
		return part + " has its own UnmarshalJSON"
	case p.src.embedded[part]:
		return part + " has an embedded field"
	}
	for _, f := range fields {
		if w.key != "" && strings.EqualFold(f.json, w.key) {
			if common && f.json == w.key && !f.slice {
				continue // the discriminator
			}
			return fmt.Sprintf("%s.%s is named like the discriminator", part, f.name)
		}
		wf := wireField{name: f.name, json: f.json, typ: f.typ, slice: f.slice, quoted: f.quoted}
		for _, u := range unions {
			if f.typ == u.iface || f.typ == u.container {
				if u.container != "" {
					return fmt.Sprintf("%s.%s holds the container %s", part, f.name, u.container)
				}
				if p.planUnion(u) == nil {
					return fmt.Sprintf("%s.%s: %s has no wire (%s)", part, f.name, u.schema, p.why[u.schema])
				}
				wf.union = &u
			}
		}
		if why := w.add(wf); why != "" {
			return part + ": " + why
		}
	}
	return ""
}

// add merges f into w: a JSON name already there must have the same type.
func (w *wire) add(f wireField) string {
	if i, ok := w.byJSON[f.json]; ok {
		g := w.fields[i]
		if g.typ != f.typ || g.slice != f.slice || g.quoted != f.quoted {
			return fmt.Sprintf("member %q is both %s and %s", f.json, g.goType(), f.goType())
		}
		return ""
	}
	for _, g := range w.fields {
		if strings.EqualFold(g.json, f.json) {
			return fmt.Sprintf("members %q and %q differ only in case", g.json, f.json)
		}
	}
	base, n := f.name, 2
	for slices.ContainsFunc(w.fields, func(g wireField) bool { return g.name == f.name }) || f.name == "Key" {
		f.name = fmt.Sprintf("%s%d", base, n)
		n++
	}
	w.byJSON[f.json] = len(w.fields)
	w.fields = append(w.fields, f)
	return ""
}

// goType is the field's type in the wire.
func (f wireField) goType() string {
	t := f.typ
	if f.union != nil {
		t = "*" + f.union.wireName()
	}
	if f.slice {
		return "[]" + t
	}
	return t
}

// planWires plans a wire for every union and every struct with union-typed
// fields (not a union's part) that can have one.
func planWires(doc *schemaDoc, src *goSource) *wirePlanner {
	p := newWirePlanner(doc, src)
	for _, u := range unions {
		p.planUnion(u)
	}
	for _, name := range structDecoders(src) {
		if !isUnionPart(doc, name) {
			p.planStruct(name)
		}
	}
	return p
}

// genWires writes wires_gen.go from the plan p (see planWires).
func genWires(src *goSource, p *wirePlanner) *bytes.Buffer {
	imports := map[string]bool{"github.com/paykit-kr/paykit/internal/jsonx": true}
	for _, w := range p.order {
		for _, f := range w.fields {
			if pkg, _, ok := strings.Cut(strings.TrimLeft(f.typ, "*[]"), "."); ok {
				imports[stdImports[pkg]] = true
			}
		}
	}
	var b bytes.Buffer
	b.WriteString(wiresHeader + "package portone\n\nimport (\n")
	paths := slices.Sorted(maps.Keys(imports))
	slices.SortStableFunc(paths, func(a, b string) int { // the standard library first
		return cmp.Compare(strings.Count(a, "."), strings.Count(b, "."))
	})
	for _, path := range paths {
		switch {
		case path == "":
			log.Fatal("wires: a field type from an unknown package")
		case strings.Contains(path, "."):
			fmt.Fprintf(&b, "\n\t%q\n", path) // the module's own, after the standard library
		default:
			fmt.Fprintf(&b, "\t%q\n", path)
		}
	}
	b.WriteString(")\n\n")
	b.WriteString("// The wires of the unions and of the structs with union-typed fields:\n")
	b.WriteString("// single-pass decoding (see portone/internal/gen/wire.go).\n")
	var without []string
	for name, why := range p.why {
		without = append(without, name+": "+why)
	}
	slices.Sort(without)
	if len(without) > 0 {
		b.WriteString("//\n// Decoded through their jsonx.Union or UnmarshalJSON only:\n")
		for _, w := range without {
			b.WriteString("//   - " + w + "\n")
		}
	}
	for _, w := range p.order {
		w.gen(&b, src)
	}
	return &b
}

// stdImports are the packages a wire's field types may come from.
var stdImports = map[string]string{"time": "time", "json": "encoding/json"}

// structDecoders returns the structs that get a generated UnmarshalJSON:
// those that hold a plain union and have no UnmarshalJSON of their own.
func structDecoders(src *goSource) []string {
	var out []string
	for name := range src.structs {
		if fs, _ := src.unionFields(name); len(fs) > 0 && !src.unmarshal[name] {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// isUnionPart reports whether struct name is the common part or a case of
// a union: those decode through their union's wire.
func isUnionPart(doc *schemaDoc, name string) bool {
	for _, u := range unions {
		if u.common == name {
			return true
		}
		cases, _ := doc.cases(u.schema)
		for _, c := range cases {
			if u.goType(c.schema) == name {
				return true
			}
		}
	}
	return false
}

func (w *wire) gen(b *bytes.Buffer, src *goSource) {
	what := "struct " + w.target
	if w.union != nil {
		what = fmt.Sprintf("%s (every variant's members, by %q)", w.union.name, w.key)
	}
	fmt.Fprintf(b, "\n// %s decodes one %s in one encoding/json pass.\ntype %s struct {\n", w.name, what, w.name)
	if w.union != nil {
		fmt.Fprintf(b, "\tKey jsonx.Tag `json:%q`\n", w.key)
	}
	for _, f := range w.fields {
		tag := f.json
		if f.quoted {
			tag += ",string"
		}
		fmt.Fprintf(b, "\t%s %s `json:%q`\n", f.name, f.goType(), tag)
	}
	b.WriteString("}\n")
	switch {
	case w.union == nil:
		w.genStructValue(b, src)
	case w.union.container != "":
		w.genContainerValue(b, src)
	default:
		w.genPlainValue(b, src)
	}
}

// conversion writes the statements that convert the union fields of part
// and returns the composite literal of part.
func (w *wire) conversion(b *bytes.Buffer, src *goSource, part, fail, indent string, extra ...string) string {
	var elems []string
	n := 0
	for _, f := range src.structs[part] {
		i, ok := w.byJSON[f.json]
		if !ok {
			continue // the discriminator
		}
		wf := w.fields[i]
		if wf.union == nil {
			elems = append(elems, f.name+": w."+wf.name)
			continue
		}
		v := fmt.Sprintf("u%d", n)
		n++
		if wf.slice {
			fmt.Fprintf(b, "%s%s, ok := jsonx.Values(w.%s, (*%s).value)\n", indent, v, wf.name, wf.union.wireName())
		} else {
			fmt.Fprintf(b, "%s%s, ok := w.%s.value()\n", indent, v, wf.name)
		}
		fmt.Fprintf(b, "%sif !ok {\n%s\treturn %s\n%s}\n", indent, indent, fail, indent)
		elems = append(elems, f.name+": "+v)
	}
	elems = append(extra, elems...)
	return part + "{" + strings.Join(elems, ", ") + "}"
}

func (w *wire) genPlainValue(b *bytes.Buffer, src *goSource) {
	u := w.union
	fmt.Fprintf(b, "\n// value converts the wire to the variant its discriminator names; nil\n// for a null member. false: decode with %s instead.\n", u.varName())
	fmt.Fprintf(b, "func (w *%s) value() (%s, bool) {\n\tif w == nil {\n\t\treturn nil, true\n\t}\n\tif !w.Key.Once() {\n\t\treturn nil, false\n\t}\n", w.name, u.iface)
	w.genVariantSwitch(b, src)
	b.WriteString("}\n")
}

// genVariantSwitch writes the switch that converts the members of the
// variant the discriminator names, and the false return after it for a
// value it does not know: the body of a plain union's value and of a
// container's variant.
func (w *wire) genVariantSwitch(b *bytes.Buffer, src *goSource) {
	b.WriteString("\tswitch w.Key.Value {\n")
	for _, c := range w.cases {
		fmt.Fprintf(b, "\tcase %q:\n", c.value)
		lit := w.conversion(b, src, w.union.goType(c.schema), "nil, false", "\t\t")
		fmt.Fprintf(b, "\t\treturn &%s, true\n", lit)
	}
	b.WriteString("\t}\n\treturn nil, false\n")
}

// genContainerValue writes the value of a container's wire, which
// converts the variant and the common part once each.
func (w *wire) genContainerValue(b *bytes.Buffer, src *goSource) {
	u := w.union
	fail := u.container + "{}, false"
	fmt.Fprintf(b, "\n// value converts the wire to a %s. false: decode with %s\n// instead.\n", u.container, u.varName())
	fmt.Fprintf(b, "func (w *%s) value() (%s, bool) {\n", w.name, u.container)
	checks := append(w.requiredChecks(src), "!w.Key.Once()")
	fmt.Fprintf(b, "\tif %s {\n\t\treturn %s\n\t}\n", strings.Join(checks, " || "), fail)
	fmt.Fprintf(b, "\tv, ok := w.variant()\n\tif !ok {\n\t\treturn %s\n\t}\n", fail)
	fmt.Fprintf(b, "\tc, ok := w.common()\n\treturn %s{%s: c, Variant: v}, ok\n}\n", u.container, u.common)

	fmt.Fprintf(b, "\n// variant converts the members of the %s the discriminator names.\nfunc (w *%s) variant() (%s, bool) {\n", u.iface, w.name, u.iface)
	w.genVariantSwitch(b, src)
	b.WriteString("}\n")

	fmt.Fprintf(b, "\n// common converts the members of %s.\nfunc (w *%s) common() (%s, bool) {\n", u.common, w.name, u.common)
	key := fmt.Sprintf("%s: %s(w.Key.Value)", u.discriminatorField(src), u.result)
	lit := w.conversion(b, src, u.common, u.common+"{}, false", "\t", key)
	fmt.Fprintf(b, "\treturn %s, true\n}\n", lit)
}

func (w *wire) genStructValue(b *bytes.Buffer, src *goSource) {
	fail := w.target + "{}, false"
	fmt.Fprintf(b, "\n// value converts the wire to a %s. false: decode the slow way instead.\n", w.target)
	fmt.Fprintf(b, "func (w *%s) value() (%s, bool) {\n", w.name, w.target)
	lit := w.conversion(b, src, w.target, fail, "\t")
	fmt.Fprintf(b, "\treturn %s, true\n}\n", lit)
}

// requiredChecks returns, for each required member but the discriminator,
// the Go condition under which the wire's value is zero: the wire then
// cannot tell absent, null and "" from a real zero, and the union decides.
func (w *wire) requiredChecks(src *goSource) []string {
	var out []string
	for _, path := range w.union.required {
		if path == w.key {
			continue
		}
		segs := strings.Split(path, ".")
		i, ok := w.byJSON[segs[0]]
		if !ok {
			log.Fatalf("%s: required %q is no member", w.name, path)
		}
		f := w.fields[i]
		expr, typ := "w."+f.name, f.typ
		for _, seg := range segs[1:] {
			j := slices.IndexFunc(src.structs[typ], func(g goField) bool { return g.json == seg })
			if j < 0 || strings.HasPrefix(typ, "*") {
				log.Fatalf("%s: required %q: cannot follow %s", w.name, path, typ)
			}
			g := src.structs[typ][j]
			expr, typ = expr+"."+g.name, g.typ
		}
		out = append(out, expr+" == "+zeroLiteral(typ, path))
	}
	return out
}

// zeroLiteral is the zero value of a required member's type.
func zeroLiteral(typ, path string) string {
	switch typ {
	case "string":
		return `""`
	case "int", "int64":
		return "0"
	}
	if _, ok := enumByName(typ); ok {
		return `""`
	}
	log.Fatalf("required %q: no zero literal for %s", path, typ)
	return ""
}
