package portone_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unknownCase is an object of any union whose discriminator no union
// knows, whether the union is keyed by "type" or by "status".
const unknownCase = `{"type":"NOT_YET_DEFINED","status":"NOT_YET_DEFINED","x":1}`

// requiredBesides are the members a type refuses an object without (a
// write's answer that must say what was applied), sent beside the union
// field under test.
var requiredBesides = map[string]string{
	"IssueBillingKeyResponse": `"billingKeyInfo":{"billingKey":"bk","issuedAt":"2024-04-25T10:00:00Z"},`,
}

// TestEveryUnionFieldDecodes finds, by reflection over every exported type
// of the package, each struct field that holds a union (a sealed
// interface, or a slice of one) and decodes an object whose case no one
// knows into it: the field must hold the Unknown… fallback, never fail with
// "cannot unmarshal object into … of type PaymentMethod". A new
// union-typed field without its generated decoder (go generate not run)
// fails here.
func TestEveryUnionFieldDecodes(t *testing.T) {
	checked := 0
	for name, typ := range portoneTypes {
		if typ.Kind() != reflect.Struct {
			continue
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			elem, slice := f.Type, false
			if elem.Kind() == reflect.Slice {
				elem, slice = elem.Elem(), true
			}
			if f.Anonymous || tag == "" || tag == "-" || elem.Kind() != reflect.Interface || elem.NumMethod() == 0 {
				continue
			}
			member := unknownCase
			if slice {
				member = "[" + unknownCase + "]"
			}
			v := reflect.New(typ)
			require.NoError(t, json.Unmarshal([]byte(`{`+requiredBesides[name]+`"`+tag+`":`+member+`}`), v.Interface()), "%s.%s", name, f.Name)
			got := v.Elem().Field(i)
			if slice {
				require.Equal(t, 1, got.Len(), "%s.%s", name, f.Name)
				got = got.Index(0)
			}
			require.False(t, got.IsNil(), "%s.%s", name, f.Name)
			assert.True(t, strings.HasPrefix(got.Elem().Type().Elem().Name(), "Unknown"), "%s.%s holds %s", name, f.Name, got.Elem().Type())
			checked++
		}
	}
	assert.GreaterOrEqual(t, checked, 15, "the union-typed fields of the payment, event, billing-key and cancellation types")
}
