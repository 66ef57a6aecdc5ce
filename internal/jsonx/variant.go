package jsonx

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// Variant decodes data as a new V with encoding/json (through V's own
// UnmarshalJSON, if it has one) and returns it as the union's interface U.
// It is the decoder of an entry of Union.Variants for a variant that is a
// plain struct, one generic function instead of a closure per variant:
//
//	Variants: map[string]func([]byte) (PaymentMethod, error){
//		"PaymentMethodCard": jsonx.Variant[PaymentMethodCard, PaymentMethod],
//	}
//
// *V must implement U, which Go's type parameters cannot require; if it
// does not, Variant returns an error instead of the value (never a panic).
// Like encoding/json, on a decoding error it returns the partly decoded
// value with the error; Union.Decode drops both.
func Variant[V, U any](data []byte) (U, error) {
	v := new(V)
	err := json.Unmarshal(data, v)
	u, ok := any(v).(U)
	if !ok {
		return u, fmt.Errorf("jsonx: %T is not a variant of %v", v, reflect.TypeFor[U]())
	}
	return u, err
}

// DecodeUnion decodes data, one object of union u, into *dst: in one
// encoding/json pass through its wire W where value can convert the wire
// (see Wire), and otherwise with u, whose results and errors are the
// reference. On an error *dst is left unchanged. It is the body of the
// UnmarshalJSON of a union's container type, after the container's own
// answer to null.
func DecodeUnion[W, V any](data []byte, dst *V, value func(*W) (V, bool), u *Union[V]) error {
	if v, ok := Wire(data, value); ok {
		*dst = v
		return nil
	}
	v, err := u.Decode(data)
	if err != nil {
		return err
	}
	*dst = v
	return nil
}
