package portone

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// badIDs are ids that cannot name anything at PortOne. Before the fix
// only "." and ".." (and empty) were refused, and only in paths: the rest
// were escaped into the path or sent in the body as they were.
var badIDs = map[string]string{
	"blank":         " ",
	"tab":           "\t",
	"invalid UTF-8": "pay\xff1",
	"NUL":           "pay\x001",
	"newline":       "pay\n1",
	"padded":        " pay-1",
	"dot":           ".",
	"dot-dot":       "..",
}

// idCase sends one call with id in the field named field.
type idCase struct {
	name  string
	field string
	call  func(ctx context.Context, c *Client, id string) error
}

func idCases() []idCase {
	card := CardCredential{Number: "4512345678901234", ExpiryYear: "28", ExpiryMonth: "07"}
	bkPay := func(mod func(*BillingKeyPaymentParams)) BillingKeyPaymentParams {
		return modified(BillingKeyPaymentParams{PaymentID: "pay-1", BillingKey: "bk-1", OrderName: "o",
			Amount: PaymentAmountInput{Total: 1000}, Currency: CurrencyKRW}, mod)
	}
	instant := func(mod func(*InstantPaymentParams)) InstantPaymentParams {
		return modified(InstantPaymentParams{PaymentID: "pay-1", ChannelKey: "ch-1", OrderName: "o",
			Method: InstantPaymentMethodInput{Card: &InstantPaymentCardInput{Credential: card}},
			Amount: PaymentAmountInput{Total: 1000}, Currency: CurrencyKRW}, mod)
	}
	schedule := func(mod func(*CreatePaymentScheduleParams)) CreatePaymentScheduleParams {
		return modified(validScheduleParams(), mod)
	}
	logistics := PaymentLogistics{Company: PaymentLogisticsCompanyCJ, InvoiceNumber: "1234", SentAt: time.Now()}
	item := StoreReceiptItem{StoreBusinessRegistrationNumber: "1234567890", StoreName: "s", TotalAmount: 1000, Currency: CurrencyKRW}
	return []idCase{
		{"payments.get", "paymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.Get(ctx, id))
		}},
		{"payments.get WithStoreID", "", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.Get(ctx, "pay-1", WithStoreID(id)))
		}},
		{"payments.transactions", "paymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.Transactions(ctx, id))
		}},
		{"payments.verify", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.Verify(ctx, VerifyParams{PaymentID: id, Amount: 1000, Currency: CurrencyKRW}))
		}},
		{"payments.cancel", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.Cancel(ctx, CancelPaymentParams{PaymentID: id, Full: true, Reason: "r"}))
		}},
		{"payments.cancel store", "StoreID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.Cancel(ctx, CancelPaymentParams{PaymentID: "pay-1", StoreID: id, Full: true, Reason: "r"}))
		}},
		{"payments.cancel WithStoreID", "", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.Cancel(ctx, CancelPaymentParams{PaymentID: "pay-1", Full: true, Reason: "r"}, WithStoreID(id)))
		}},
		{"payments.stopCancellation", "CancellationID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.StopCancellation(ctx, StopPaymentCancellationParams{PaymentID: "pay-1", CancellationID: id}))
		}},
		{"payments.capture", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			return c.Payments.Capture(ctx, CapturePaymentParams{PaymentID: id})
		}},
		{"payments.confirm txId", "TxID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.Confirm(ctx, ConfirmPaymentParams{PaymentID: "pay-1", PaymentToken: "tok", TxID: id}))
		}},
		{"payments.preRegister", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			return c.Payments.PreRegister(ctx, PreRegisterPaymentParams{PaymentID: id})
		}},
		{"payments.payWithBillingKey", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, bkPay(func(p *BillingKeyPaymentParams) { p.PaymentID = id })))
		}},
		{"payments.payWithBillingKey key", "BillingKey", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, bkPay(func(p *BillingKeyPaymentParams) { p.BillingKey = BillingKey(id) })))
		}},
		{"payments.payWithBillingKey channel", "ChannelKey", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, bkPay(func(p *BillingKeyPaymentParams) { p.ChannelKey = id })))
		}},
		{"payments.payWithBillingKey customer", "Customer.ID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.PayWithBillingKey(ctx, bkPay(func(p *BillingKeyPaymentParams) { p.Customer = &CustomerInput{ID: id} })))
		}},
		{"payments.payInstantly channel", "ChannelKey", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.PayInstantly(ctx, instant(func(p *InstantPaymentParams) { p.ChannelKey = id })))
		}},
		{"payments.payInstantly promotion", "PromotionID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.PayInstantly(ctx, instant(func(p *InstantPaymentParams) { p.PromotionID = id })))
		}},
		{"payments.registerStoreReceipt store", "StoreID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.RegisterStoreReceipt(ctx, RegisterStoreReceiptParams{PaymentID: "pay-1", StoreID: id, Items: []StoreReceiptItem{item}}))
		}},
		{"payments.resendWebhook", "WebhookID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.ResendWebhook(ctx, ResendWebhookParams{PaymentID: "pay-1", WebhookID: id}))
		}},
		{"payments.closeVirtualAccount store", "StoreID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.CloseVirtualAccount(ctx, CloseVirtualAccountParams{PaymentID: "pay-1", StoreID: id}))
		}},
		{"payments.applyEscrowLogistics store", "StoreID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.ApplyEscrowLogistics(ctx, EscrowLogisticsParams{PaymentID: "pay-1", StoreID: id, Logistics: logistics}))
		}},
		{"payments.completeEscrow", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.Payments.CompleteEscrow(ctx, CompleteEscrowParams{PaymentID: id}))
		}},
		{"billingKeys.get", "billingKey", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.BillingKeys.Get(ctx, BillingKey(id)))
		}},
		{"billingKeys.issue channel", "ChannelKey", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.BillingKeys.Issue(ctx, IssueBillingKeyParams{ChannelKey: id,
				Method: BillingKeyMethodInput{Card: &BillingKeyCardInput{Credential: card}}}))
		}},
		{"billingKeys.delete", "BillingKey", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.BillingKeys.Delete(ctx, DeleteBillingKeyParams{BillingKey: BillingKey(id)}))
		}},
		{"billingKeys.confirm store", "StoreID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.BillingKeys.Confirm(ctx, ConfirmBillingKeyParams{StoreID: id, BillingIssueToken: "tok"}))
		}},
		{"billingKeys.confirmIssueAndPay", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.BillingKeys.ConfirmIssueAndPay(ctx, ConfirmBillingKeyIssueAndPayParams{BillingIssueToken: "tok", PaymentID: id}))
		}},
		{"paymentSchedules.create", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.PaymentSchedules.Create(ctx, schedule(func(p *CreatePaymentScheduleParams) { p.PaymentID = id })))
		}},
		{"paymentSchedules.create key", "Payment.BillingKey", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.PaymentSchedules.Create(ctx, schedule(func(p *CreatePaymentScheduleParams) { p.Payment.BillingKey = BillingKey(id) })))
		}},
		{"paymentSchedules.get", "paymentScheduleID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.PaymentSchedules.Get(ctx, id))
		}},
		{"paymentSchedules.revoke ids", "ScheduleIDs", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.PaymentSchedules.Revoke(ctx, RevokePaymentSchedulesParams{ScheduleIDs: []string{"sc-1", id}}))
		}},
		{"paymentSchedules.revoke key", "BillingKey", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.PaymentSchedules.Revoke(ctx, RevokePaymentSchedulesParams{BillingKey: BillingKey(id)}))
		}},
		{"cashReceipts.issue", "PaymentID", func(ctx context.Context, c *Client, id string) error {
			p := validCashReceiptParams()
			p.PaymentID = id
			return errOf(c.CashReceipts.Issue(ctx, p))
		}},
		{"cashReceipts.issue channel", "ChannelKey", func(ctx context.Context, c *Client, id string) error {
			p := validCashReceiptParams()
			p.ChannelKey = id
			return errOf(c.CashReceipts.Issue(ctx, p))
		}},
		{"cashReceipts.cancel", "paymentID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.CashReceipts.Cancel(ctx, id))
		}},
		{"identityVerifications.send", "IdentityVerificationID", func(ctx context.Context, c *Client, id string) error {
			p := validSendParams()
			p.IdentityVerificationID = id
			return errOf(c.IdentityVerifications.Send(ctx, p))
		}},
		{"identityVerifications.send channel", "ChannelKey", func(ctx context.Context, c *Client, id string) error {
			p := validSendParams()
			p.ChannelKey = id
			return errOf(c.IdentityVerifications.Send(ctx, p))
		}},
		{"identityVerifications.send customer", "Customer.ID", func(ctx context.Context, c *Client, id string) error {
			p := validSendParams()
			p.Customer.ID = id
			return errOf(c.IdentityVerifications.Send(ctx, p))
		}},
		{"paymentSchedules.create customer", "Payment.Customer.ID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.PaymentSchedules.Create(ctx, schedule(func(p *CreatePaymentScheduleParams) { p.Payment.Customer = &CustomerInput{ID: id} })))
		}},
		{"identityVerifications.confirm store", "StoreID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.IdentityVerifications.Confirm(ctx, ConfirmIdentityVerificationParams{IdentityVerificationID: "iv-1", StoreID: id}))
		}},
		{"identityVerifications.resend", "identityVerificationID", func(ctx context.Context, c *Client, id string) error {
			return errOf(c.IdentityVerifications.Resend(ctx, id))
		}},
	}
}

// TestBadIDsNeverReachTheWire: every path id and every id a write sends
// is checked by transport.CheckID; a bad one is a *ValidationError naming
// the field, and the counting server receives nothing.
func TestBadIDsNeverReachTheWire(t *testing.T) {
	ws := newWireServer(t, `{}`)
	c := testClient(t, ws)
	ctx := context.Background()
	for _, tc := range idCases() {
		for name, id := range badIDs {
			err := tc.call(ctx, c, id)
			var verr *ValidationError
			if !assert.True(t, errors.As(err, &verr), "%s with a %s id: %v", tc.name, name, err) {
				continue
			}
			if tc.field != "" {
				assert.Equal(t, tc.field, verr.Field, "%s with a %s id", tc.name, name)
			}
			assert.ErrorIs(t, err, ErrInvalidRequest)
			if strings.Contains(id, "pay") {
				assert.NotContains(t, err.Error(), id, "the bad value is not echoed")
			}
		}
	}
	assert.Empty(t, ws.recorded(), "no request was sent")
}

// TestBadDefaultStoreID: the client's default store is checked once, when
// the client is built.
func TestBadDefaultStoreID(t *testing.T) {
	for name, id := range badIDs {
		_, err := NewClient("test-api-secret", WithDefaultStoreID(id))
		var verr *ValidationError
		require.True(t, errors.As(err, &verr), "%s: %v", name, err)
		assert.Equal(t, "storeID", verr.Field)
	}
	_, err := NewClient("test-api-secret", WithDefaultStoreID(""))
	require.NoError(t, err, "no default store is fine")
}

// TestGoodIDsStillEscaped: ids with characters that need escaping, and
// Korean ids, still reach the wire, escaped as one path segment.
func TestGoodIDsStillEscaped(t *testing.T) {
	ws := newWireServer(t, `{}`)
	c := testClient(t, ws)
	for _, id := range []string{"order/2026 11#1", "주문-1", "a.b", "..a"} {
		err := c.Payments.PreRegister(context.Background(), PreRegisterPaymentParams{PaymentID: id})
		require.NoError(t, err, "%q", id)
		assert.Equal(t, "/payments/"+id+"/pre-register", ws.last(t).Path)
	}
}
