package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"maps"
	"slices"
	"strings"
)

// ---------------------------------------------------------------------------
// Object schemas, with their properties in the schema's order

// objSchema is an object schema as the models need it.
type objSchema struct {
	Title      string     `json:"title"`
	Required   []string   `json:"required"`
	Properties properties `json:"properties"`
	OneOf      []struct {
		Ref string `json:"$ref"`
	} `json:"oneOf"`
}

// propSchema is one property (or an array's items).
type propSchema struct {
	Ref        string          `json:"$ref"`
	Type       string          `json:"type"`
	Format     string          `json:"format"`
	Title      string          `json:"title"`
	Items      *propSchema     `json:"items"`
	Properties json.RawMessage `json:"properties"`
}

// property is a named property; properties keeps the schema's order,
// which is the order of the Go fields.
type property struct {
	name string
	*propSchema
}

type properties []property

func (ps *properties) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		p := property{name: tok.(string), propSchema: new(propSchema)}
		if err := dec.Decode(p.propSchema); err != nil {
			return err
		}
		*ps = append(*ps, p)
	}
	return nil
}

type objDoc struct {
	Components struct {
		Schemas map[string]*objSchema `json:"schemas"`
	} `json:"components"`
}

func (d *schemaDoc) object(name string) *objSchema {
	if d.objects == nil {
		var od objDoc
		if err := json.Unmarshal(schemaJSON(), &od); err != nil {
			log.Fatal(err)
		}
		d.objects = od.Components.Schemas
	}
	s, ok := d.objects[name]
	if !ok {
		log.Fatalf("schema %s not found", name)
	}
	return s
}

func refName(ref string) string { return strings.TrimPrefix(ref, "#/components/schemas/") }

// ---------------------------------------------------------------------------
// Which structs are generated

// modelSpec declares one generated struct.
type modelSpec struct {
	name string // Go type
	// schemas are the object schemas whose properties the struct holds, in
	// order: usually one; several for the cases of a flattened union
	// (PaymentEscrow) or bodies with the same fields (PaymentCursorParams).
	schemas []string
	// shared, when set, is a container union: the struct holds only the
	// properties every case of it has (PaymentCommon). With variant it
	// holds the rest of the one case in schemas (PaidPayment).
	shared  string
	variant bool
	// order, when set, is the order of the JSON names where the Go struct
	// does not follow the schema's.
	order []string
}

// fieldOverride is the judgment the type rules cannot make for one field.
type fieldOverride struct {
	typ  string // Go type, when the rule's is not the one used
	opt  string // json option: "omitempty", "omitzero" or "-" for none
	name string // Go name, when the JSON name does not give it
	// omit, when set, leaves the property out of the struct, and says why.
	omit string
}

// extraField is a Go field with no schema property: an id that travels in
// the path (json:"-"), placed before the body's fields.
type extraField struct{ name, typ, tag string }

// ---------------------------------------------------------------------------
// Generation

// modelField is one field of a generated struct.
type modelField struct {
	name, typ, tag string
	json           string // the JSON name, or the Go name for a json:"-" field
	title          string // the schema's Korean title
}

// modelProps returns the properties of spec, in order, and which are
// required: a property is required when every schema it holds (every
// case, for a shared part) requires it, so a field that one case may lack
// is optional.
func (d *schemaDoc) modelProps(spec modelSpec) (props properties, required map[string]bool) {
	sources := spec.schemas
	keep := func(string) bool { return true }
	if spec.shared != "" {
		shared := d.sharedProps(spec.shared)
		keep = func(p string) bool { return !shared[p] }
		if !spec.variant {
			sources = nil
			for _, c := range d.object(spec.shared).OneOf {
				sources = append(sources, refName(c.Ref))
			}
			keep = func(p string) bool { return shared[p] }
		}
	}
	seen := map[string]bool{}
	count := map[string]int{}
	for _, name := range sources {
		s := d.object(name)
		for _, r := range s.Required {
			count[r]++
		}
		for _, p := range s.Properties {
			if !seen[p.name] && keep(p.name) {
				seen[p.name] = true
				props = append(props, p)
			}
		}
	}
	required = map[string]bool{}
	for p, n := range count {
		required[p] = n == len(sources)
	}
	if spec.order != nil {
		props = reorder(spec.name, props, spec.order)
	}
	return props, required
}

// reorder puts props in the order of names, which must name each once.
func reorder(typ string, props properties, names []string) properties {
	if len(names) != len(props) {
		log.Fatalf("%s: order names %d properties of %d", typ, len(names), len(props))
	}
	out := make(properties, 0, len(props))
	for _, n := range names {
		i := slices.IndexFunc(props, func(p property) bool { return p.name == n })
		if i < 0 {
			log.Fatalf("%s: order names %q, which is no property", typ, n)
		}
		out = append(out, props[i])
	}
	return out
}

// sharedProps returns the properties every case of union has.
func (d *schemaDoc) sharedProps(union string) map[string]bool {
	var shared map[string]bool
	for _, c := range d.object(union).OneOf {
		props := map[string]bool{}
		for _, p := range d.object(refName(c.Ref)).Properties {
			if shared == nil || shared[p.name] {
				props[p.name] = true
			}
		}
		shared = props
	}
	return shared
}

// goTypeNames maps schemas to the Go types that stand for them in a $ref.
type goTypeNames map[string]string

func typeNames() goTypeNames {
	names := goTypeNames{}
	for _, e := range enums {
		if e.schema != "" {
			if _, dup := names[e.schema]; !dup {
				names[e.schema] = e.name
			}
		}
	}
	for _, u := range unions {
		names[u.schema] = u.iface
		if u.container != "" {
			names[u.schema] = u.container
		}
	}
	for _, u := range flatUnions {
		names[u.schema] = u.name
	}
	for _, m := range models {
		if m.shared != "" {
			continue
		}
		for _, s := range m.schemas {
			if _, dup := names[s]; !dup {
				names[s] = m.name
			}
		}
	}
	return names
}

// flatUnion is a union whose cases differ only in which optional fields
// they have: one struct holds every case's properties, and the
// discriminator is an ordinary field of the enum type discriminator.
type flatUnion struct{ schema, name, discriminator string }

var flatUnions = []flatUnion{
	{"PaymentEscrow", "PaymentEscrow", "PaymentEscrowStatus"},
	{"Address", "Address", "AddressType"},
}

// goType is the rule that gives a property its Go type: strings, int64
// for int64 integers and int for the others, bool, time.Time for
// date-times, enums, unions and objects by their Go names, arrays as
// slices. An optional integer, boolean or object is a pointer, because
// its zero value is a real value distinct from "absent"; an optional
// date-time stays time.Time (the zero time is absent).
func (names goTypeNames) goType(p *propSchema, required bool) string {
	ptr := ""
	if !required {
		ptr = "*"
	}
	if p.Ref != "" {
		target := refName(p.Ref)
		t, ok := names[target]
		if !ok {
			log.Fatalf("schema %s has no Go type: add it to models, or an override", target)
		}
		if isObjectModel(target) {
			return ptr + t
		}
		return t
	}
	switch p.Type {
	case "string":
		if p.Format == "date-time" {
			return "time.Time"
		}
		return "string"
	case "integer":
		if p.Format == "int64" {
			return ptr + "int64"
		}
		return ptr + "int"
	case "boolean":
		return ptr + "bool"
	case "array":
		return "[]" + names.goType(p.Items, true)
	case "object":
		if len(p.Properties) == 0 {
			return "map[string]any"
		}
	}
	log.Fatalf("no Go type for %+v", *p)
	return ""
}

// isObjectModel reports whether schema is a plain object (not an enum or
// a union).
func isObjectModel(schema string) bool {
	for _, u := range unions {
		if u.schema == schema {
			return false
		}
	}
	for _, e := range enums {
		if e.schema == schema {
			return false
		}
	}
	return true
}

// goName gives a JSON name its Go name with Go's initialisms:
// transactionId gives TransactionID, pgTxId PGTxID.
func goName(json string) string {
	var words []string
	start := 0
	for i := 1; i < len(json); i++ {
		if json[i] >= 'A' && json[i] <= 'Z' {
			words = append(words, json[start:i])
			start = i
		}
	}
	words = append(words, json[start:])
	var b strings.Builder
	for _, w := range words {
		up := strings.ToUpper(w)
		switch {
		case initialisms[up]:
			b.WriteString(up)
		case len(w) > 1 && w[len(w)-1] == 's' && initialisms[up[:len(up)-1]]:
			// a plural initialism: scheduleIds gives ScheduleIDs
			b.WriteString(up[:len(up)-1] + "s")
		default:
			b.WriteString(camel(up))
		}
	}
	return b.String()
}

// discriminatorOf returns the union a model's struct shares or
// flattens, and the Go type of its discriminator, when it has one.
func (d *schemaDoc) discriminator(spec modelSpec) (key, typ string, drop bool) {
	if spec.shared != "" {
		for _, u := range unions {
			if u.schema == spec.shared {
				_, key := d.cases(u.schema)
				return key, u.result, false
			}
		}
	}
	for _, f := range flatUnions {
		if f.name == spec.name {
			_, key := d.cases(f.schema)
			return key, f.discriminator, false
		}
	}
	// A case of a plain union: the discriminator is implied by the Go
	// type and written by its MarshalJSON, so it is no field.
	for _, u := range unions {
		if u.container != "" {
			continue
		}
		cases, key := d.cases(u.schema)
		for _, c := range cases {
			if u.goType(c.schema) == spec.name {
				return key, "", true
			}
		}
	}
	return "", "", false
}

// modelFields applies the type rules and the overrides to spec.
func (d *schemaDoc) modelFields(spec modelSpec, names goTypeNames) []modelField {
	var out []modelField
	for _, x := range extraFields[spec.name] {
		out = append(out, modelField{name: x.name, typ: x.typ, tag: x.tag, json: x.name})
	}
	props, required := d.modelProps(spec)
	key, keyType, dropKey := d.discriminator(spec)
	for _, p := range props {
		o, ok := overrides[spec.name+"."+p.name]
		if !ok {
			o = byName[p.name]
		}
		if o.omit != "" || dropKey && p.name == key {
			continue
		}
		f := modelField{name: goName(p.name), json: p.name, title: p.Title}
		req := required[p.name]
		switch {
		case o.typ != "":
			f.typ = o.typ
		case p.name == key && keyType != "":
			f.typ = keyType
		default:
			f.typ = names.goType(p.propSchema, req)
		}
		opt := "omitzero"
		if req {
			opt = ""
		}
		if o.name != "" {
			f.name = o.name
		}
		switch o.opt {
		case "":
		case "-":
			opt = ""
		default:
			opt = o.opt
		}
		if opt != "" {
			f.tag = fmt.Sprintf("`json:\"%s,%s\"`", p.name, opt)
		} else {
			f.tag = fmt.Sprintf("`json:%q`", p.name)
		}
		out = append(out, f)
	}
	return out
}

// checkOverrides returns what is wrong with the override tables: an
// entry for a type that is not generated, or for a property its schemas do
// not have (a stale entry after a schema change would otherwise be
// silently ignored). Every property of a generated type is a field unless
// an override omits it, so the drift rule holds by construction.
func (d *schemaDoc) checkOverrides() []string {
	props := map[string]bool{}
	for _, spec := range models {
		ps, _ := d.modelProps(spec)
		for _, p := range ps {
			props[spec.name+"."+p.name] = true
		}
		props[spec.name] = true
	}
	var problems []string
	for _, key := range slices.Sorted(maps.Keys(overrides)) {
		if !props[key] {
			problems = append(problems, fmt.Sprintf("override %s: no such property of a generated type", key))
		}
	}
	for _, typ := range slices.Sorted(maps.Keys(extraFields)) {
		if !props[typ] {
			problems = append(problems, fmt.Sprintf("extra fields of %s: not a generated type", typ))
		}
	}
	return problems
}

func genModels(doc *schemaDoc, docs docTable) *bytes.Buffer {
	if problems := doc.checkOverrides(); len(problems) > 0 {
		log.Fatal(strings.Join(problems, "\n"))
	}
	var b bytes.Buffer
	b.WriteString(header + "package portone\n\nimport \"time\"\n")
	names := typeNames()
	for _, spec := range models {
		fields := doc.modelFields(spec, names)
		b.WriteString("\n")
		b.WriteString(docs.comment("", spec.name, "", func() string {
			if spec.schemas == nil {
				return fmt.Sprintf("%s holds the properties every case of %s (%s) has.", spec.name, spec.shared, doc.object(spec.shared).Title)
			}
			return fmt.Sprintf("%s is %s (schema %s).", spec.name, doc.object(spec.schemas[0]).Title, spec.schemas[0])
		}))
		if len(fields) == 0 {
			fmt.Fprintf(&b, "type %s struct{}\n", spec.name)
			continue
		}
		fmt.Fprintf(&b, "type %s struct {\n", spec.name)
		for _, f := range fields {
			b.WriteString(docs.comment("\t", spec.name, f.json, func() string {
				return fmt.Sprintf("%s is %s.", f.name, f.title)
			}))
			fmt.Fprintf(&b, "\t%s %s %s", f.name, f.typ, f.tag)
			if line, ok := docs[spec.name+"."+f.json+" //"]; ok {
				b.WriteString(" // " + strings.Join(line, " "))
			}
			b.WriteString("\n")
		}
		b.WriteString("}\n")
	}
	return &b
}

// modelStructs returns the fields of the generated structs as the union
// generator reads hand-written ones.
func modelStructs(doc *schemaDoc) map[string][]goField {
	names := typeNames()
	out := map[string][]goField{}
	for _, spec := range models {
		var fs []goField
		for _, f := range doc.modelFields(spec, names) {
			if strings.Contains(f.tag, `"-"`) {
				continue
			}
			typ, slice := f.typ, false
			if strings.HasPrefix(typ, "[]") {
				typ, slice = typ[2:], true
			}
			fs = append(fs, goField{name: f.name, json: f.json, typ: typ, slice: slice})
		}
		out[spec.name] = fs
	}
	return out
}

// ---------------------------------------------------------------------------
// The doc table

// docTable holds the English doc comments of the generated structs and
// their fields, read from docs.txt: a line "Type", "Type.json" or
// "Type.json //" (a comment at the end of the field's line) followed by
// the comment's lines, each indented by a tab. A key with no lines means
// no comment.
type docTable map[string][]string

func parseDocs(b []byte) docTable {
	t := docTable{}
	key := ""
	var blank int
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			blank++
		case strings.HasPrefix(line, "\t"):
			for ; blank > 0 && len(t[key]) > 0; blank-- {
				t[key] = append(t[key], "")
			}
			blank = 0
			t[key] = append(t[key], line[1:])
		case strings.HasPrefix(line, "#"):
		default:
			key, blank = line, 0
			if _, dup := t[key]; dup {
				log.Fatalf("docs: %s twice", key)
			}
			t[key] = []string{}
		}
	}
	return t
}

// comment returns the doc comment of type typ (field "") or of its
// field; fallback gives one where the table has no entry.
func (t docTable) comment(indent, typ, field string, fallback func() string) string {
	key := typ
	if field != "" {
		key += "." + field
	}
	lines, ok := t[key]
	if !ok {
		return wrapComment(indent, fallback())
	}
	var b strings.Builder
	for _, l := range lines {
		switch {
		case l == "":
			b.WriteString(indent + "//\n")
		case strings.HasPrefix(l, "\t"):
			b.WriteString(indent + "//" + l + "\n")
		default:
			b.WriteString(indent + "// " + l + "\n")
		}
	}
	return b.String()
}
