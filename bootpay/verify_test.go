package bootpay

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReceiptsVerify: Verify looks the receipt up and returns it when
// receipt id, order id, amount and status match the order; otherwise a
// *MismatchError names each differing field. Params it cannot compare
// with are refused before any request.
func TestReceiptsVerify(t *testing.T) {
	ws := newWireServer(t)
	c := ws.client(t, BasicAuth("ck", "sk"))
	ctx := t.Context()
	// testdata/receipt_card.json is Bootpay's documented sample, a
	// test-mode receipt (sandbox: true).
	order := VerifyParams{ReceiptID: "r-1", OrderID: "order-20261122-0001", Amount: 50000, Status: StatusPaid, AllowSandbox: true}

	r, err := c.Receipts.Verify(ctx, order)
	require.NoError(t, err)
	assert.Equal(t, "r-1", r.ReceiptID)
	reqs := ws.requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "GET /v2/receipt/r-1", reqs[0].method+" "+reqs[0].path)

	forged := order
	forged.Amount = 5000
	forged.OrderID = "order-other"
	r, err = c.Receipts.Verify(ctx, forged)
	assert.Nil(t, r)
	var mismatch *MismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.True(t, mismatch.Has("price"))
	assert.True(t, mismatch.Has("order_id"))
	assert.False(t, mismatch.Has("status"))
	assert.Equal(t, "r-1", mismatch.ReceiptID)

	ws.then(http.StatusNotFound, `{"error_code":"RC_NOT_FOUND","message":"없음"}`)
	_, err = c.Receipts.Verify(ctx, order)
	assert.ErrorIs(t, err, ErrNotFound)

	before := len(ws.requests())
	for field, p := range map[string]VerifyParams{
		"ReceiptID": {OrderID: "o", Amount: 1, Status: StatusPaid},
		"OrderID":   {ReceiptID: "r-1", Amount: 1, Status: StatusPaid},
		"Amount":    {ReceiptID: "r-1", OrderID: "o", Status: StatusPaid},
	} {
		_, err := c.Receipts.Verify(ctx, p)
		var verr *ValidationError
		require.ErrorAs(t, err, &verr, field)
		assert.Equal(t, field, verr.Field)
	}
	assert.Len(t, ws.requests(), before, "nothing sent for params that cannot be compared")
}

// TestVerifyChecksCurrency: a receipt in another currency than the one
// expected is a mismatch naming "currency"; with Currency unset KRW is
// expected.
func TestVerifyChecksCurrency(t *testing.T) {
	r := &Receipt{ReceiptID: "r1", OrderID: "o1", Price: 1000, Status: StatusPaid, Currency: "USD"}
	p := VerifyParams{ReceiptID: "r1", OrderID: "o1", Amount: 1000, Status: StatusPaid, Currency: "KRW"}
	var mismatch *MismatchError
	require.ErrorAs(t, r.Verify(p), &mismatch)
	assert.True(t, mismatch.Has("currency"))
	assert.Len(t, mismatch.Mismatches, 1)

	r.Currency = "KRW"
	assert.NoError(t, r.Verify(p))
	r.Currency = "USD"
	p.Currency = ""
	require.ErrorAs(t, r.Verify(p), &mismatch, "unset: KRW expected")
	assert.Equal(t, []Mismatch{{Field: "currency", Expected: "KRW", Actual: "USD"}}, mismatch.Mismatches)

	// A receipt that names no currency is Bootpay's default, KRW.
	r.Currency = ""
	p.Currency = "KRW"
	assert.NoError(t, r.Verify(p), "no currency on the receipt: KRW")
	p.Currency = "USD"
	require.ErrorAs(t, r.Verify(p), &mismatch, "no currency on the receipt is never USD")
	assert.True(t, mismatch.Has("currency"))
}

// TestReceiptVerifyRefusesAnUnsetStatus: Receipt.Verify, like
// ReceiptsService.Verify, refuses a VerifyParams whose Status is left at
// its zero value (StatusReady) with a *ValidationError naming Status, even
// for a receipt in status 0 whose order id and amount match; a receipt
// that is really paid then verifies once Status is set.
func TestReceiptVerifyRefusesAnUnsetStatus(t *testing.T) {
	for _, status := range []Status{StatusReady, StatusPaid} {
		r := &Receipt{ReceiptID: "r-1", OrderID: "o-1", Price: 1000, Status: status}
		err := r.Verify(VerifyParams{OrderID: "o-1", Amount: 1000})
		var v *ValidationError
		require.ErrorAs(t, err, &v, "receipt in status %v", status)
		assert.Equal(t, "Status", v.Field)
		assert.Contains(t, v.Reason, "StatusPaid")
	}
	paid := &Receipt{ReceiptID: "r-1", OrderID: "o-1", Price: 1000, Status: StatusPaid}
	assert.NoError(t, paid.Verify(VerifyParams{OrderID: "o-1", Amount: 1000, Status: StatusPaid}))
}
