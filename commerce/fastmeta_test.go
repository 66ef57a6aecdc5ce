package commerce

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
