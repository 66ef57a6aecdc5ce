package bootpay_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// bodiesWithoutAReceipt are 2xx bodies that are not a receipt: empty,
// {}, null, or a receipt missing a required field or with it null.
func bodiesWithoutAReceipt(receiptID string) map[string]string {
	return map[string]string{
		"empty":           "",
		"{}":              "{}",
		"null":            "null",
		"no price":        fmt.Sprintf(`{"receipt_id":%q,"order_id":"order-r","status":1}`, receiptID),
		"status null":     fmt.Sprintf(`{"receipt_id":%q,"order_id":"order-r","price":9000,"status":null}`, receiptID),
		"no status":       fmt.Sprintf(`{"receipt_id":%q,"order_id":"order-r","price":9000}`, receiptID),
		"receipt_id \"\"": `{"receipt_id":"","order_id":"order-r","price":9000,"status":1}`,
		"order_id null":   fmt.Sprintf(`{"receipt_id":%q,"order_id":null,"price":9000,"status":1}`, receiptID),
	}
}

// TestGetWithoutAReceipt: a lookup answered 200 with a body that is not a
// receipt is a *DecodeError, never a zero receipt in status 0
// (StatusReady) with a zero amount.
func TestGetWithoutAReceipt(t *testing.T) {
	for name, body := range bodiesWithoutAReceipt("r-1") {
		t.Run(name, func(t *testing.T) {
			srv := bootpaytest.NewServer()
			defer srv.Close()
			c := sandboxClient(t, srv, basicAuth())
			rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{ReceiptID: "r-1", OrderID: "order-r", Price: 9000})
			srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Status(200, body), 1)

			r, err := c.Receipts.Get(context.Background(), rc.ReceiptID)
			assert.Nil(t, r)
			var derr *bootpay.DecodeError
			require.True(t, errors.As(err, &derr), "%v", err)
			assert.False(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "a lookup changes nothing")
		})
	}
}

// TestConfirmWithoutAReceipt: a confirm answered 2xx with a body that is
// not a receipt was applied (here it was), but what it did cannot be
// read: Confirm reports ErrOutcomeUnknown, and ConfirmVerified reconciles
// by looking the receipt up and succeeds, instead of reporting a zero
// receipt as 위변조.
func TestConfirmWithoutAReceipt(t *testing.T) {
	for name, body := range bodiesWithoutAReceipt("r-1") {
		t.Run(name, func(t *testing.T) {
			srv := bootpaytest.NewServer()
			defer srv.Close()
			c := sandboxClient(t, srv, basicAuth())
			rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{ReceiptID: "r-1", OrderID: "order-r", Price: 9000})
			srv.Inject(bootpaytest.OpConfirm, bootpaytest.StatusAfterApply(200, body), 1)

			_, err := c.Receipts.Confirm(context.Background(), rc.ReceiptID)
			require.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "%v", err)
			var derr *bootpay.DecodeError
			assert.True(t, errors.As(err, &derr), "%v", err)
			assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
		})
		t.Run(name+"/verified", func(t *testing.T) {
			srv := bootpaytest.NewServer()
			defer srv.Close()
			c := sandboxClient(t, srv, basicAuth())
			rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{ReceiptID: "r-1", OrderID: "order-r", Price: 9000})
			srv.Inject(bootpaytest.OpConfirm, bootpaytest.StatusAfterApply(200, body), 1)

			res, err := c.Receipts.ConfirmVerified(context.Background(), bootpay.ConfirmParams{
				ReceiptID: rc.ReceiptID, OrderID: "order-r", Amount: 9000, CancelOnMismatch: true,
			})
			require.NoError(t, err, "reconciled by a lookup")
			assert.Equal(t, bootpay.StatusPaid, res.Receipt.Status)
			assert.False(t, res.AlreadyConfirmed)
			assert.Equal(t, 1, srv.Stats().ConfirmsApplied)
			assert.Equal(t, 0, srv.Stats().Requests[bootpaytest.OpCancel], "nothing was cancelled")
			assert.Equal(t, 2, srv.Stats().Requests[bootpaytest.OpReceiptGet], "checked before, reconciled after")
		})
	}
}

// TestReceiptRequiredFields: decoding a receipt requires receipt_id,
// order_id, price and status, present and not null.
func TestReceiptRequiredFields(t *testing.T) {
	for name, body := range bodiesWithoutAReceipt("r-1") {
		if body == "" {
			continue // not JSON at all
		}
		var r bootpay.Receipt
		assert.Error(t, json.Unmarshal([]byte(body), &r), name)
	}
	var r bootpay.Receipt
	require.NoError(t, json.Unmarshal([]byte(`{"receipt_id":"r-1","order_id":"o","price":0,"status":0}`), &r),
		"zero is a value, not a missing field")
	assert.Equal(t, bootpay.StatusReady, r.Status)
	assert.Equal(t, "r-1", r.ReceiptID)
}
