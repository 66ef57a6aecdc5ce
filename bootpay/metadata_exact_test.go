package bootpay_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// exactMetadata holds what a float64 cannot: 2^53 + 1 (read through a
// float64 it becomes 9007199254740992), 0.1 and 1e3 as written, at the
// top and nested in objects and arrays. It is compact with its keys in
// encoding/json's order, so re-encoding must give back these very bytes.
const exactMetadata = `{"cart":{"items":[{"n":9007199254740993,"price":0.1}],"tags":["a",1e3]},"order_id":9007199254740993,"rate":0.1}`

// checkExactMetadata asserts that md is exactMetadata with every number a
// json.Number of the digits sent, and that it encodes back to them.
func checkExactMetadata(t *testing.T, md bootpay.Metadata, how string) {
	t.Helper()
	assert.Equal(t, json.Number("9007199254740993"), md["order_id"], how)
	assert.Equal(t, "9007199254740993", md.String("order_id"), how)
	assert.Equal(t, json.Number("0.1"), md["rate"], how)
	assert.Equal(t, "0.1", md.String("rate"), how)
	want := map[string]any{
		"items": []any{map[string]any{"n": json.Number("9007199254740993"), "price": json.Number("0.1")}},
		"tags":  []any{"a", json.Number("1e3")},
	}
	assert.Equal(t, want, md["cart"], how)
	out, err := json.Marshal(md)
	require.NoError(t, err, how)
	assert.Equal(t, exactMetadata, string(out), how)
}

// A receipt's metadata keeps its numbers exact, whether it arrives as an
// object or as a string holding one (Bootpay's SDKs send both), decoded by
// json.Unmarshal; re-encoding the receipt writes the same digits.
func TestReceiptMetadataNumbersAreExact(t *testing.T) {
	const head = `{"receipt_id":"r-1","order_id":"o-1","price":1000,"status":1,"metadata":`
	for how, md := range map[string]string{"object": exactMetadata, "string": strconv.Quote(exactMetadata)} {
		var r bootpay.Receipt
		require.NoError(t, json.Unmarshal([]byte(head+md+`}`), &r), how)
		checkExactMetadata(t, r.Metadata, how)

		encoded, err := json.Marshal(&r)
		require.NoError(t, err, how)
		var back struct{ Metadata json.RawMessage }
		require.NoError(t, json.Unmarshal(encoded, &back), how)
		assert.Equal(t, exactMetadata, string(back.Metadata), "%s: the receipt re-encoded", how)
	}
}

// The client decodes a receipt response on its own path (the response's
// buffer kept, not copied): a receipt looked up through the sandbox keeps
// the metadata's numbers exact too.
func TestReceiptGetKeepsMetadataNumbersExact(t *testing.T) {
	srv, c := basicSandbox(t)
	dec := json.NewDecoder(bytes.NewReader([]byte(exactMetadata)))
	dec.UseNumber()
	var spec map[string]any // sent by the sandbox with the same digits
	require.NoError(t, dec.Decode(&spec))
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "o-meta", Price: 1000, Metadata: spec})

	r, err := c.Receipts.Get(context.Background(), rc.ReceiptID)
	require.NoError(t, err)
	checkExactMetadata(t, r.Metadata, "Get")
}

// Every other Bootpay type with metadata decodes it the same exact way:
// a billing key, a reservation, a standalone cash receipt, a certificate.
func TestOtherMetadataNumbersAreExact(t *testing.T) {
	for _, c := range []struct {
		head string
		v    interface{ meta() bootpay.Metadata }
	}{
		{`{"receipt_id":"r","status":41`, &billingKey{}},
		{`{"reserve_id":"rv"`, &reservation{}},
		{`{"receipt_id":"r"`, &cashReceipt{}},
		{`{"receipt_id":"r","status":12`, &certificate{}},
	} {
		require.NoError(t, json.Unmarshal([]byte(c.head+`,"metadata":`+exactMetadata+`}`), c.v), "%T", c.v)
		checkExactMetadata(t, c.v.meta(), c.head)
	}
}

type (
	billingKey  struct{ bootpay.BillingKey }
	reservation struct{ bootpay.ReservationDetail }
	cashReceipt struct{ bootpay.StandaloneCashReceipt }
	certificate struct{ bootpay.Certificate }
)

func (k *billingKey) meta() bootpay.Metadata  { return k.Metadata }
func (r *reservation) meta() bootpay.Metadata { return r.Metadata }
func (c *cashReceipt) meta() bootpay.Metadata { return c.Metadata }
func (c *certificate) meta() bootpay.Metadata { return c.Metadata }
