package bootpay

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// errorCode2xx is Bootpay's error shape answered with a 200.
const errorCode2xx = `{"error_code":"RC_NOT_FOUND","message":"영수증을 찾을 수 없습니다."}`

// The typed calls read a 2xx whose top level carries an error_code as the
// no-body writes do: as Bootpay's refusal, an *APIError built as for a
// non-2xx answer (its code, its category, the 2xx status), never a bad
// reply (a *DecodeError) and, for a write answered so on its one attempt,
// not an unknown outcome either: nothing was applied.
func TestTypedCallsTakeA2xxErrorCodeAsARefusal(t *testing.T) {
	ctx := context.Background()
	for op, call := range map[string]func(*Client) error{
		"receipts.get": func(c *Client) error { _, err := c.Receipts.Get(ctx, "r-1"); return err },
		"billing.get":  func(c *Client) error { _, err := c.Billing.Get(ctx, "bk-0001"); return err },
		"certificates.get": func(c *Client) error {
			_, err := c.Certificates.Get(ctx, "rc-1")
			return err
		},
		"receipts.confirm": func(c *Client) error { _, err := c.Receipts.Confirm(ctx, "r-1"); return err },
		"receipts.cancel": func(c *Client) error {
			_, err := c.Receipts.Cancel(ctx, CancelParams{ReceiptID: "r-1", Full: true})
			return err
		},
		"billing.charge": func(c *Client) error {
			_, err := c.Billing.Charge(ctx, ChargeParams{BillingKey: "bk-0001", OrderName: "11월 구독료", OrderID: "o-1", Price: 9900})
			return err
		},
		"billing.destroy":            func(c *Client) error { return c.Billing.Destroy(ctx, "bk-0001") },
		"billing.cancel_reservation": func(c *Client) error { return c.Billing.CancelReservation(ctx, "rsv-1") },
		"cash_receipts.publish": func(c *Client) error {
			_, err := c.CashReceipts.Publish(ctx, CashReceiptParams{ReceiptID: "rc-bank-1", Type: CashReceiptIncomeDeduction,
				IdentityNo: "010-1234-5678", Username: "홍길동"})
			return err
		},
	} {
		t.Run(op, func(t *testing.T) {
			ws := newWireServer(t)
			ws.then(http.StatusOK, errorCode2xx)
			c := ws.client(t, BasicAuth("ck", "sk"))
			err := call(c)
			require.Error(t, err, "a refusal read as success")
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr, "%T: %v", err, err)
			assert.Equal(t, CodeReceiptNotFound, apiErr.Code)
			assert.Equal(t, "영수증을 찾을 수 없습니다.", apiErr.Message)
			assert.Equal(t, http.StatusOK, apiErr.StatusCode)
			assert.Equal(t, op, apiErr.Op)
			assert.Equal(t, errorCode2xx, string(apiErr.RawBody()))
			assert.ErrorIs(t, err, ErrNotFound, "categorised by its code")
			assert.NotErrorIs(t, err, ErrOutcomeUnknown, "one attempt, answered: nothing was applied")
			var derr *DecodeError
			assert.NotErrorAs(t, err, &derr, "Bootpay's answer, not a bad reply")
			assert.Len(t, ws.requests(), 1)
		})
	}
}

// Only a top-level error_code that is a code makes a 2xx a refusal: one
// that is null or "", or one nested in a member, leaves the body to its
// result's decoder, and "success": false is not Bootpay's refusal shape
// (CancelReservation reads it itself).
func TestOnlyATopLevelErrorCodeIn2xxIsARefusal(t *testing.T) {
	ctx := context.Background()
	ws := newWireServer(t)
	c := ws.client(t, BasicAuth("ck", "sk"))
	for _, body := range []string{`{"error_code":null}`, `{"error_code":""}`, `{"data":{"error_code":"X"}}`, `{"success":false}`, `[]`} {
		ws.then(http.StatusOK, body)
		require.NoError(t, c.CashReceipts.CancelStandalone(ctx, CashReceiptCancelParams{ReceiptID: "rc-cash-1"}), body)
	}
	ws.then(http.StatusOK, `{"error_code":-2410,"message":"old"}`)
	err := c.CashReceipts.CancelStandalone(ctx, CashReceiptCancelParams{ReceiptID: "rc-cash-1"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr, "a numeric code is a code")
	assert.Equal(t, ErrorCode("-2410"), apiErr.Code)
}
