package commerce

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bigOrderID is 2^53 + 1, the first integer a float64 cannot hold: read
// through one, it becomes 9007199254740992.
const bigOrderID = "9007199254740993"

// Numeric metadata keeps the digits Commerce sent, wherever Metadata is
// decoded: an order (object or string-held metadata), a subscription, a
// user, an invoice, and Metadata itself. Nested numbers are json.Number
// too. The kinds of metadata accepted before still are (null, "", a
// string holding null, absent) and those refused still are (an array, a
// number, a string holding no object, trailing data).
func TestMetadataNumbersKeepTheirDigits(t *testing.T) {
	for _, md := range []string{
		`{"order_id":` + bigOrderID + `,"cart":{"n":` + bigOrderID + `}}`,
		`"{\"order_id\":` + bigOrderID + `,\"cart\":{\"n\":` + bigOrderID + `}}"`,
	} {
		var o Order
		require.NoError(t, json.Unmarshal([]byte(`{"order_id":"o","order_number":"n","price":1,"status":2,"metadata":`+md+`}`), &o), md)
		assert.Equal(t, bigOrderID, o.Metadata.String("order_id"), md)
		assert.Equal(t, json.Number(bigOrderID), o.Metadata["cart"].(map[string]any)["n"], md)

		var m Metadata
		require.NoError(t, json.Unmarshal([]byte(md), &m), md)
		assert.Equal(t, bigOrderID, m.String("order_id"), md)

		for _, v := range []interface{ meta() Metadata }{&Subscription{}, &User{}, &Invoice{}} {
			require.NoError(t, json.Unmarshal([]byte(`{"invoice_id":"i","metadata":`+md+`}`), v), "%T %s", v, md)
			assert.Equal(t, bigOrderID, v.meta().String("order_id"), "%T %s", v, md)
		}
	}
	var m Metadata
	require.NoError(t, json.Unmarshal([]byte(`{"a":1e3,"b":2800.0,"c":-7}`), &m))
	assert.Equal(t, []string{"1e3", "2800.0", "-7"}, []string{m.String("a"), m.String("b"), m.String("c")}, "as sent")

	for _, ok := range []string{`null`, `""`, `"null"`, `{}`, `" {\"a\":\"b\"} "`} {
		var m Metadata
		assert.NoError(t, json.Unmarshal([]byte(ok), &m), ok)
	}
	for _, bad := range []string{`[]`, `7`, `"[1]"`, `"7"`, `"{\"a\":1} x"`, `"{"`, `true`} {
		var m Metadata
		assert.Error(t, json.Unmarshal([]byte(bad), &m), bad)
	}
	var o Order
	require.NoError(t, json.Unmarshal([]byte(`{"order_id":"o","order_number":"n","price":1,"status":2}`), &o))
	assert.Nil(t, o.Metadata, "absent")
	assert.Error(t, json.Unmarshal([]byte(`{"order_id":"o","order_number":"n","price":1,"status":2,"metadata":[1]}`), &o))
}

func (s *Subscription) meta() Metadata { return s.Metadata }
func (u *User) meta() Metadata         { return u.Metadata }
func (i *Invoice) meta() Metadata      { return i.Metadata }

// Verify compares a numeric metadata order id exactly: 9007199254740993
// is the merchant's order, 9007199254740992 is not.
func TestVerifyComparesANumericOrderIDExactly(t *testing.T) {
	const order = `{"order_id":"o-1","order_number":"N-1","price":2800,"status":2,"receipt_status":1,"metadata":{"order_id":` + bigOrderID + `}}`
	m, c := newWire(t, order)
	m.Then(http.StatusOK, order)
	m.Then(http.StatusOK, `{"list":[],"count":0}`) // its cancellation requests: none
	_, err := c.Orders.Verify(context.Background(), VerifyParams{OrderNumber: "N-1", Amount: 2800, MerchantOrderID: bigOrderID})
	require.NoError(t, err)
	_, err = c.Orders.Verify(context.Background(), VerifyParams{OrderNumber: "N-1", Amount: 2800, MerchantOrderID: "9007199254740992"})
	var me *MismatchError
	require.True(t, errors.As(err, &me), "%v", err)
	assert.Equal(t, []Mismatch{{"metadata.order_id", "9007199254740992", bigOrderID}}, me.Mismatches)
}

// TestOrderDecodeAllocatesLikeEncodingJSON: decoding the checkout guide's
// order allocates at most two objects more than encoding/json decoding
// the same fields into a plain struct (plainOrder), exact metadata
// included: its numbers as json.Number cost no json.Decoder and no copy
// of its bytes.
func TestOrderDecodeAllocatesLikeEncodingJSON(t *testing.T) {
	body, err := os.ReadFile("testdata/order_seed001.json")
	require.NoError(t, err)
	sdk := testing.AllocsPerRun(50, func() {
		var o Order
		if err := o.UnmarshalJSON(body); err != nil {
			t.Fatal(err)
		}
	})
	plain := testing.AllocsPerRun(50, func() {
		var o plainOrder
		if err := json.Unmarshal(body, &o); err != nil {
			t.Fatal(err)
		}
	})
	assert.LessOrEqual(t, sdk, plain+2, "allocations: Order %v, plain struct %v", sdk, plain)
}

// The order's metadata member, decoded in encoding/json's own pass, keeps
// the rules of a member read raw: the last copy of a repeated member
// decides, an order decoded without metadata has none (whatever the Order
// held before), and a missing required field is reported before bad
// metadata.
func TestOrderMetadataMember(t *testing.T) {
	const head = `{"order_id":"o","order_number":"n","price":1,"status":2`
	var o Order
	require.NoError(t, json.Unmarshal([]byte(head+`,"metadata":[1],"metadata":{"n":`+bigOrderID+`}}`), &o))
	assert.Equal(t, Metadata{"n": json.Number(bigOrderID)}, o.Metadata)
	require.Error(t, json.Unmarshal([]byte(head+`,"metadata":{"n":1},"metadata":7}`), &o))

	require.NoError(t, json.Unmarshal([]byte(head+`,"metadata":{"a":"b"}}`), &o))
	require.NoError(t, json.Unmarshal([]byte(head+`}`), &o))
	assert.Nil(t, o.Metadata, "absent after present")

	err := json.Unmarshal([]byte(`{"order_number":"n","price":1,"status":2,"metadata":7}`), &o)
	assert.EqualError(t, err, "commerce: order without order_id")
}
