package bootpay

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
		{`{"receipt_id":"r","order_id":"o","price":1,"status":1,"metadata":5}`, "r", "o", 1, 1, `bootpay: metadata is not a JSON object but float64`},
		{`{"receipt_id":"r","order_id":"o","price":1,"status":99999999999999999999}`, "r", "o", 1, 0, `bootpay: status "99999999999999999999": out of range`},
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
