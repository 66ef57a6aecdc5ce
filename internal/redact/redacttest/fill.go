package redacttest

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"sort"
	"time"
)

// maskedTypes names the types that hold a sensitive value by type, and
// what is planted in them.
var maskedTypes = map[string]func(f *Filler) string{
	"CardNumber":    func(f *Filler) string { return f.card() },
	"AccountNumber": func(f *Filler) string { return f.account() },
	"Secret":        func(*Filler) string { return Secret("secret") },
	"BillingKey":    func(*Filler) string { return Secret("billing-key") },
	"RawText":       func(*Filler) string { return rawJSON },
}

// sensitiveField matches the names of fields that hold a card or account
// number, a credential or a raw gateway response whatever their type: a
// field named so must mask even if it is a plain string, so the Filler
// plants in it.
var sensitiveField = regexp.MustCompile(`^(Number|CardNo|CardNumber|AccountNumber|BankAccount|BillingKey|.*Secret|.*Token|.*Password.*|PrivateKey|CI|DI|OTP|.*IdentityNumber|PGResponse|PGRawResponse|Raw|RawJSON)$`)

var (
	cardField    = regexp.MustCompile(`^(Number|CardNo|CardNumber)$`)
	accountField = regexp.MustCompile(`^(AccountNumber|BankAccount)$`)
)

// rawJSON is planted in byte-slice fields named like raw JSON.
var rawJSON = `{"card":{"number":"` + CardDashed + `"},"card_no":"` + CardDigits +
	`","accountNumber":"` + Account + `","billingKey":"` + Secret("raw-billing-key") + `"}`

// Filler builds a populated value of any type, planting card numbers,
// account numbers and secrets wherever the type or the field name says
// they belong. An interface is filled with one of its implementations
// from Types, one that holds planted values when there is one.
type Filler struct {
	// Types are the package's exported types, where implementations of
	// interfaces are looked for.
	Types []reflect.Type
	// Detector recognises planted values, to choose implementations.
	Detector *Detector

	cards, accounts int
	impl            map[reflect.Type]reflect.Type
}

func (f *Filler) card() string {
	f.cards++
	return CardSpellings[f.cards%len(CardSpellings)]
}

func (f *Filler) account() string {
	f.accounts++
	return AccountSpellings[f.accounts%len(AccountSpellings)]
}

// Fill returns a populated value of t.
func (f *Filler) Fill(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	f.fill(v, "", 0)
	return v
}

// maxFillDepth stops recursive types; paykit's are shallower.
const maxFillDepth = 8

func (f *Filler) fill(v reflect.Value, field string, depth int) {
	if depth > maxFillDepth || !v.CanSet() {
		return
	}
	t := v.Type()
	switch t.Kind() {
	case reflect.String:
		v.SetString(f.text(t, field))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if t != reflect.TypeFor[time.Duration]() {
			v.SetInt(7)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(7)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(7)
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		f.fill(p.Elem(), field, depth+1)
		v.Set(p)
	case reflect.Struct:
		f.fillStruct(v, depth)
	case reflect.Slice:
		f.fillSlice(v, field, depth)
	case reflect.Map:
		m := reflect.MakeMap(t)
		key, elem := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
		f.fill(key, "", depth+1)
		f.fill(elem, field, depth+1)
		m.SetMapIndex(key, elem)
		v.Set(m)
	case reflect.Interface:
		if x, ok := f.implementation(t, depth); ok {
			v.Set(x)
		}
	}
}

// text is what a string field holds: a planted value where the type or
// the field name asks for one, a harmless one elsewhere.
func (f *Filler) text(t reflect.Type, field string) string {
	if plant, ok := maskedTypes[t.Name()]; ok {
		return plant(f)
	}
	switch {
	case cardField.MatchString(field):
		return f.card()
	case accountField.MatchString(field):
		return f.account()
	case sensitiveField.MatchString(field):
		return Secret(field)
	}
	return "v"
}

func (f *Filler) fillStruct(v reflect.Value, depth int) {
	if v.Type() == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC)))
		return
	}
	for i := 0; i < v.NumField(); i++ {
		if sf := v.Type().Field(i); sf.IsExported() {
			f.fill(v.Field(i), sf.Name, depth+1)
		}
	}
}

func (f *Filler) fillSlice(v reflect.Value, field string, depth int) {
	t := v.Type()
	if t.Elem().Kind() == reflect.Uint8 {
		if sensitiveField.MatchString(field) {
			v.SetBytes([]byte(rawJSON))
		}
		return
	}
	s := reflect.MakeSlice(t, 1, 1)
	f.fill(s.Index(0), field, depth+1)
	v.Set(s)
}

// implementation fills an interface type with one of its implementations:
// the first, in name order, whose filled value encodes to JSON with a
// planted value in it, else the first.
func (f *Filler) implementation(iface reflect.Type, depth int) (reflect.Value, bool) {
	switch {
	case iface == reflect.TypeFor[error]():
		return reflect.ValueOf(errors.New("v")), true
	case iface.NumMethod() == 0:
		return reflect.ValueOf("v"), true
	}
	if f.impl == nil {
		f.impl = map[reflect.Type]reflect.Type{}
	}
	if t, ok := f.impl[iface]; ok {
		if t == nil {
			return reflect.Value{}, false
		}
		x := reflect.New(t).Elem()
		f.fill(x, "", depth+1)
		return x, true
	}
	f.impl[iface] = nil // while choosing, a recursive use gets nothing
	var chosen reflect.Value
	for _, t := range f.implementations(iface) {
		x := reflect.New(t).Elem()
		f.fill(x, "", depth+1)
		if !chosen.IsValid() {
			chosen = x
		}
		if b, err := json.Marshal(x.Interface()); err == nil && f.Detector != nil {
			if _, _, leak := f.Detector.Find(string(b)); leak {
				chosen = x
				break
			}
		}
	}
	if !chosen.IsValid() {
		return reflect.Value{}, false
	}
	f.impl[iface] = chosen.Type()
	return chosen, true
}

// implementations returns the concrete types among Types (or pointers to
// them) that implement iface, in name order.
func (f *Filler) implementations(iface reflect.Type) []reflect.Type {
	var out []reflect.Type
	for _, t := range f.Types {
		if t.Kind() == reflect.Interface {
			continue
		}
		switch {
		case t.Implements(iface):
			out = append(out, t)
		case reflect.PointerTo(t).Implements(iface):
			out = append(out, reflect.PointerTo(t))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}
