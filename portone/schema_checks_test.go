package portone_test

import (
	"maps"
	"reflect"
	"slices"
	"testing"
)

// The three schema-drift checks that the Payment tests
// (payment_schema_test.go) and the other services' tests
// (schema_others_test.go) run over their own walk and tables. from names
// the walk's roots and table the Go table a missing entry belongs in, so
// a failure says where to add it.

// checkGoFields fails, naming the property, when an object in w has a
// property with no Go field of that json tag or with a field fits refuses,
// when goTypesOf knows no Go type for the object, and when a Go field's
// tag is a property of none of the schemas mapped to its type (a typo).
func checkGoFields(t *testing.T, schemas map[string]*openAPISchema, w schemaWalk, from, table string,
	goTypesOf func(string) ([]reflect.Type, bool), fits func(*openAPISchema, reflect.Type) bool) {
	t.Helper()
	tagsUsed := map[reflect.Type]map[string]bool{} // Go type -> properties of schemas mapped to it
	for _, name := range w.objects {
		goTypes, ok := goTypesOf(name)
		if !ok {
			t.Errorf("schema %s is reachable%s but has no Go type in %s", name, from, table)
			continue
		}
		fields := map[string]goField{}
		for _, gt := range goTypes {
			maps.Copy(fields, jsonFields(gt))
			if tagsUsed[gt] == nil {
				tagsUsed[gt] = map[string]bool{}
			}
		}
		for _, prop := range slices.Sorted(maps.Keys(schemas[name].Properties)) {
			for _, gt := range goTypes {
				tagsUsed[gt][prop] = true
			}
			f, ok := fields[prop]
			switch {
			case !ok && w.discriminatorOf[name] == prop:
				// written by the union's MarshalJSON, implied by the Go type
			case !ok:
				t.Errorf("schema %s property %q has no Go field with json tag %q in %v", name, prop, prop, goTypes)
			case !fits(schemas[name].Properties[prop], f.typ):
				t.Errorf("schema %s property %q: Go field %s.%s has type %s, which cannot hold it", name, prop, f.owner.Name(), f.name, f.typ)
			}
		}
	}
	for gt, used := range tagsUsed {
		for tag, f := range jsonFields(gt) {
			if f.owner == gt && !used[tag] {
				t.Errorf("Go field %s.%s has json tag %q, which no schema mapped to %s defines", gt.Name(), f.name, tag, gt.Name())
			}
		}
	}
}

// checkCasesKnown fails when a schema in names (enums or unions, said by
// kind) has no entry in knownOf, or when a case of it (casesOf: an enum's
// values, a union's discriminator keys) is refused by that entry; refused
// says what that means for the kind.
func checkCasesKnown(t *testing.T, kind string, names []string, casesOf func(string) []string, from, table string,
	knownOf func(string) (func(string) bool, bool), refused string) {
	t.Helper()
	for _, name := range names {
		known, ok := knownOf(name)
		if !ok {
			t.Errorf("%s %s is reachable%s but has no entry in %s", kind, name, from, table)
			continue
		}
		for _, c := range casesOf(name) {
			if !known(c) {
				t.Errorf("%s %s case %q %s", kind, name, c, refused)
			}
		}
	}
}

// checkEnumsKnown fails when an enum in w has no Go type in knownOf, or a
// value of it no Go constant.
func checkEnumsKnown(t *testing.T, schemas map[string]*openAPISchema, w schemaWalk, from, table string,
	knownOf func(string) (func(string) bool, bool)) {
	t.Helper()
	checkCasesKnown(t, "enum", w.enums, func(name string) []string { return schemas[name].Enum }, from, table,
		knownOf, "has no Go constant (re-run go generate)")
}

// checkUnionCasesDecode fails when a union in w has no check in checkOf,
// or a case of it decodes into the Unknown fallback.
func checkUnionCasesDecode(t *testing.T, schemas map[string]*openAPISchema, w schemaWalk, from, table string,
	checkOf func(string) (func(*testing.T, string) bool, bool)) {
	t.Helper()
	keys := func(name string) []string { return slices.Sorted(maps.Keys(schemas[name].Discriminator.Mapping)) }
	decodes := func(name string) (func(string) bool, bool) {
		check, ok := checkOf(name)
		return func(key string) bool { return check(t, key) }, ok
	}
	checkCasesKnown(t, "union", w.unions, keys, from, table, decodes, "decodes into the Unknown fallback")
}
