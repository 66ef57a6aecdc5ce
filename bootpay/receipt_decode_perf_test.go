package bootpay

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/jsonx"
)

// TestReceiptRequiredFieldsDecodeAsBefore pins what Receipt.UnmarshalJSON
// returns and leaves in the Receipt, error or not, for bodies that probe
// its required fields: escaped and non-ASCII ids, wrong types, null and
// repeated keys, keys in another case, a bad field beside a missing one.
// The expectations are the outputs of the decoder that read the required
// fields as json.RawMessage, before they were decoded in the same pass.
func TestReceiptRequiredFieldsDecodeAsBefore(t *testing.T) {
	for _, c := range []struct {
		body          string
		id, order     string
		price, status int64
		err           string
	}{
		{`{"receipt_id":"r-1","order_id":"o","price":1000,"status":1}`, "r-1", "o", 1000, 1, ""},
		{`{"receipt_id":"r\u002d1","order_id":"o\"x","price":"1000","status":"1"}`, "r-1", "o\"x", 1000, 1, ""},
		{`{"receipt_id":"r-\xff","order_id":"주문","price":1e3,"status":1.0}`, "", "", 0, 0, `invalid character 'x' in string escape code`},
		{`{"receipt_id":123,"order_id":"o","price":1,"status":1}`, "", "", 0, 0, `bootpay: receipt_id: json: cannot unmarshal number into Go value of type string`},
		{`{"receipt_id":123,"price":1,"status":1}`, "", "", 0, 0, `bootpay: receipt without order_id`},
		{`{"receipt_id":"r","order_id":"o","price":-1,"status":1}`, "r", "o", 0, 0, `bootpay: amount -1: negative amount`},
		{`{"receipt_id":"r","order_id":"o","price":1.5}`, "", "", 0, 0, `bootpay: receipt without status`},
		{`{"receipt_id":"r","order_id":"o","price":null,"status":1}`, "", "", 0, 0, `bootpay: receipt without price`},
		{`{"receipt_id":"r","order_id":"o","price":1,"status":1,"price":null}`, "", "", 0, 0, `bootpay: receipt without price`},
		{`{"receipt_id":"r","order_id":"o","price":"x","status":1,"price":2}`, "r", "o", 2, 1, ""},
		{`{"receipt_id":"","order_id":"o","price":1,"status":1}`, "", "o", 1, 1, `bootpay: receipt with an empty receipt_id or order_id`},
		{`{"RECEIPT_ID":"r","Order_Id":"o","PRICE":1,"Status":1}`, "r", "o", 1, 1, ""},
		{`{"receipt_id":"r","order_id":"o","price":1,"status":"x","tax_free":"bad"}`, "", "", 0, 0, `bootpay: amount "\"bad\"": not a JSON number`},
		{`{"receipt_id":"r","order_id":"o","price":1,"status":1,"metadata":"{\"a\":1}"}`, "r", "o", 1, 1, ""},
		{`{"receipt_id":"r","order_id":"o","price":1,"status":1,"metadata":5}`, "r", "o", 1, 1, `bootpay: metadata is not a JSON object but json.Number`},
		{`{"receipt_id":"r","order_id":"o","price":1,"status":99999999999999999999}`, "r", "o", 1, 0, `bootpay: status "****************9999": out of range`},
		{`{"receipt_id":"a\tb","order_id":"o","price":1,"status":1}`, "a\tb", "o", 1, 1, ""},
		{`{"receipt_id":"a\u0000b","order_id":"o","price":1,"status":1}`, "a\x00b", "o", 1, 1, ""},
		{`{"receipt_id":["x"],"order_id":{},"price":1,"status":1}`, "", "", 0, 0, `bootpay: receipt_id: json: cannot unmarshal array into Go value of type string`},
		{`{"receipt_id":true,"order_id":"o","price":1,"status":true}`, "", "", 0, 0, `bootpay: receipt_id: json: cannot unmarshal bool into Go value of type string`},
		{`{}`, "", "", 0, 0, `bootpay: receipt without receipt_id, order_id, price, status`},
		{`null`, "", "", 0, 0, `bootpay: receipt without receipt_id, order_id, price, status`},
		{`[]`, "", "", 0, 0, `json: cannot unmarshal array into Go value of type bootpay.receiptWire`},
		{`{"receipt_id":"r"} x`, "", "", 0, 0, `invalid character 'x' after top-level value`},
		{"{\"receipt_id\":\"r-\xff\",\"order_id\":\"o\",\"price\":1,\"status\":1}", "r-\ufffd", "o", 1, 1, ""},
		{"{\"receipt_id\":\"r\x7f\",\"order_id\":\"o\",\"price\":1,\"status\":1}", "r\x7f", "o", 1, 1, ""},
	} {
		var r Receipt
		err := json.Unmarshal([]byte(c.body), &r)
		if c.err == "" {
			require.NoError(t, err, c.body)
		} else {
			require.EqualError(t, err, c.err, c.body)
		}
		assert.Equal(t, c.id, r.ReceiptID, c.body)
		assert.Equal(t, c.order, r.OrderID, c.body)
		assert.Equal(t, c.price, r.Price.Int64(), c.body)
		assert.Equal(t, c.status, int64(r.Status), c.body)
	}
}

// TestReceiptDecodeAllocatesLikeEncodingJSON: decoding the card receipt
// allocates at most one object more than encoding/json decoding the same
// fields into a plain struct (plainReceipt): the required fields are no
// longer copied into json.RawMessage and decoded a second time.
func TestReceiptDecodeAllocatesLikeEncodingJSON(t *testing.T) {
	body := readFixture(t, "receipt_card.json")
	sdk := testing.AllocsPerRun(50, func() {
		var r Receipt
		if err := r.UnmarshalJSON(body); err != nil {
			t.Fatal(err)
		}
	})
	plain := testing.AllocsPerRun(50, func() {
		var r plainReceipt
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatal(err)
		}
	})
	assert.LessOrEqual(t, sdk, plain+1, "allocations: Receipt %v, plain struct %v", sdk, plain)
}

// TestReceiptWireMatchesReceipt keeps receiptWire, the flat struct
// Receipt.UnmarshalJSON decodes into, in step with Receipt: the same
// fields in the same order with the same JSON tags, and the same types
// except for the required fields and the metadata, which the wire
// decodes its own way.
func TestReceiptWireMatchesReceipt(t *testing.T) {
	own := map[string]bool{"ReceiptID": true, "OrderID": true, "Price": true, "Status": true, "Metadata": true}
	rt, wt := reflect.TypeFor[Receipt](), reflect.TypeFor[receiptWire]()
	var exported []reflect.StructField
	for i := range rt.NumField() {
		if f := rt.Field(i); f.IsExported() {
			exported = append(exported, f)
		}
	}
	require.Equal(t, len(exported), wt.NumField(), "receiptWire has one field per exported field of Receipt")
	for i, f := range exported {
		w := wt.Field(i)
		assert.Equal(t, f.Name, w.Name, "field %d", i)
		assert.Equal(t, f.Tag.Get("json"), w.Tag.Get("json"), f.Name)
		if !own[f.Name] {
			assert.Equal(t, f.Type, w.Type, f.Name)
		}
	}
}

// TestReceiptDecodeKeepsWhatTheBodyDoesNotSet: decoding into a Receipt
// that already holds values keeps every field the body leaves out, as
// json.Unmarshal does for any struct (and as the decoder did when it
// decoded into the Receipt directly): the wire's load misses no field.
// (A field store missed would be zero after decoding a body that sets it:
// TestReceiptDecodesEveryField.)
func TestReceiptDecodeKeepsWhatTheBodyDoesNotSet(t *testing.T) {
	var r Receipt
	v := reflect.ValueOf(&r).Elem()
	skip := map[string]bool{"ReceiptID": true, "OrderID": true, "Price": true, "Status": true, "Metadata": true}
	for i := range v.NumField() {
		f, sf := v.Field(i), v.Type().Field(i)
		if !sf.IsExported() || skip[sf.Name] {
			continue
		}
		switch f.Kind() {
		case reflect.String:
			f.SetString("kept " + sf.Name)
		case reflect.Int64:
			f.SetInt(int64(i + 1))
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		case reflect.Struct:
			f.Set(reflect.ValueOf(Time{time.Unix(int64(1e9+i), 0)}))
		default:
			t.Fatalf("field %s of kind %s: teach this test to fill it", sf.Name, f.Kind())
		}
	}
	before := r
	require.NoError(t, json.Unmarshal([]byte(`{"receipt_id":"r","order_id":"o","price":1,"status":1}`), &r))
	for i := range v.NumField() {
		sf := v.Type().Field(i)
		if sf.IsExported() && !skip[sf.Name] {
			assert.Equal(t, reflect.ValueOf(before).Field(i).Interface(), v.Field(i).Interface(), sf.Name)
		}
	}
}

// amountInputs probe Amount's fast path for plain integers and its edges.
var amountInputs = []string{
	"0", "00", "01", "7", "50000", "999999999999999999", "1000000000000000000",
	"9223372036854775807", "9223372036854775808", "-0", "-1", "1.0", "1e3", "1E3",
	`"1000"`, `""`, " 1", "1 ", "", "null", "１", "0x10", "+1", "1a",
}

// TestAmountFastPathAgreesWithJSONX: every input Amount reads on its fast
// path gives the value jsonx.Int64 gives, and every other input decodes
// exactly as before (value and error).
func TestAmountFastPathAgreesWithJSONX(t *testing.T) {
	for _, in := range amountInputs {
		checkAmountFastPath(t, []byte(in))
	}
}

// FuzzAmountFastPath is TestAmountFastPathAgreesWithJSONX on any input.
func FuzzAmountFastPath(f *testing.F) {
	for _, in := range amountInputs {
		f.Add([]byte(in))
	}
	f.Fuzz(checkAmountFastPath)
}

func checkAmountFastPath(t *testing.T, data []byte) {
	want, _, wantErr := jsonx.Int64(data)
	if wantErr == nil && want < 0 {
		wantErr = errNegativeAmount
	}
	if n, ok := plainInteger(data); ok {
		require.NoError(t, wantErr, "%q: the fast path accepts only what jsonx accepts", data)
		require.Equal(t, want, n, "%q", data)
	}
	var a Amount
	err := a.UnmarshalJSON(data)
	if wantErr != nil {
		require.Error(t, err, "%q", data)
		return
	}
	require.NoError(t, err, "%q", data)
	require.Equal(t, want, a.Int64(), "%q", data)
}
