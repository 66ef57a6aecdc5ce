package bootpay

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Writes whose 2xx reply describes another object, another amount or
// another time than the one written are not this write's success: each
// ends as an *OutcomeUnknownError (or, for a certificate, a
// *NotVerifiedError), sent once.

// requireUnknownWrite checks that a write answered 2xx about something
// else ends as an *OutcomeUnknownError carrying ref, never as success,
// and that the write was sent once.
func requireUnknownWrite(t *testing.T, ws *wireServer, out any, err error, ref string) {
	t.Helper()
	require.Error(t, err, "a reply about another object is not this write's success: got %+v", out)
	assert.Nil(t, out)
	var unknown *OutcomeUnknownError
	require.True(t, errors.As(err, &unknown), "want *OutcomeUnknownError, got %T: %v", err, err)
	assert.Equal(t, ref, unknown.Reference)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Len(t, ws.requests(), 1, "an Unsafe write is sent once")
}

func standaloneParams() StandaloneCashReceiptParams {
	return StandaloneCashReceiptParams{OrderID: "order-mine", OrderName: "외부 결제", Price: 5000,
		Type: CashReceiptIncomeDeduction, IdentityNo: "01012345678"}
}

// cardIssue is a card billing-key issue of subscription sub for price
// (0: no charge with the issue).
func cardIssue(sub string, price int64) IssueBillingKeyParams {
	return IssueBillingKeyParams{PG: "nicepay", OrderName: "월간 구독", SubscriptionID: sub, CardNumber: "5365101234561234",
		CardPassword: "12", CardIdentityNo: "900101", CardExpireYear: "28", CardExpireMonth: "07", Price: price}
}

// TestPublishStandaloneRefusesAnotherOrder: a standalone cash receipt
// answered with a receipt of another order_id is not this order's: the
// caller would store its receipt_id and may later cancel another order's
// cash receipt with CancelStandalone.
func TestPublishStandaloneRefusesAnotherOrder(t *testing.T) {
	ws := newWireServer(t)
	ws.then(http.StatusOK, `{"receipt_id":"cr-other","order_id":"order-other","price":5000,"status":1}`)
	out, err := ws.client(t, BasicAuth("ck", "sk")).CashReceipts.PublishStandalone(context.Background(), standaloneParams())
	requireUnknownWrite(t, ws, out, err, "order-mine")
}

// TestPublishStandaloneRefusesAnotherAmount: a standalone cash receipt of
// this order reported to the tax service for 50,000 won when 5,000 was
// asked is not success.
func TestPublishStandaloneRefusesAnotherAmount(t *testing.T) {
	ws := newWireServer(t)
	ws.then(http.StatusOK, `{"receipt_id":"cr-1","order_id":"order-mine","price":50000,"status":1}`)
	out, err := ws.client(t, BasicAuth("ck", "sk")).CashReceipts.PublishStandalone(context.Background(), standaloneParams())
	requireUnknownWrite(t, ws, out, err, "order-mine")
}

// TestPublishStandaloneAcceptsItsOwnReceipt: the checks above refuse
// only what is present and different: this order and amount, or a reply
// naming neither, is the cash receipt.
func TestPublishStandaloneAcceptsItsOwnReceipt(t *testing.T) {
	for name, reply := range map[string]string{
		"same order and price": `{"receipt_id":"cr-1","order_id":"order-mine","price":5000,"status":1}`,
		"neither named":        `{"receipt_id":"cr-1","status":1}`,
	} {
		t.Run(name, func(t *testing.T) {
			ws := newWireServer(t)
			ws.then(http.StatusOK, reply)
			out, err := ws.client(t, BasicAuth("ck", "sk")).CashReceipts.PublishStandalone(context.Background(), standaloneParams())
			require.NoError(t, err)
			assert.Equal(t, "cr-1", out.ReceiptID)
		})
	}
}

// TestIssueRefusesAnotherSubscription: an issue answered with the billing
// key of another subscription_id (billingKeyReply is sub-1) is not this
// subscription's key: the caller would store it and later charge another
// subscription's card. The other key is never printed.
func TestIssueRefusesAnotherSubscription(t *testing.T) {
	ws := newWireServer(t)
	ws.then(http.StatusOK, billingKeyReply)
	out, err := ws.client(t, BasicAuth("ck", "sk")).Billing.Issue(context.Background(), cardIssue("sub-mine", 0))
	requireUnknownWrite(t, ws, out, err, "sub-mine")
	assert.NotContains(t, err.Error(), "bk-0001", "the other key is not printed")
}

// TestIssueTransferRefusesAnotherSubscription: the same for a
// bank-account request: PublishTransfer would then publish another
// subscription's request.
func TestIssueTransferRefusesAnotherSubscription(t *testing.T) {
	ws := newWireServer(t)
	ws.then(http.StatusOK, `{"receipt_id":"rc-at-other","subscription_id":"sub-other","status":41}`)
	out, err := ws.client(t, BasicAuth("ck", "sk")).Billing.IssueTransfer(context.Background(), TransferBillingKeyParams{
		PG: "nicepay", OrderName: "관리비", SubscriptionID: "sub-mine", Username: "홍길동", BankName: "국민",
		BankAccount: "110234567890", IdentityNo: "900101"})
	requireUnknownWrite(t, ws, out, err, "sub-mine")
}

// TestIssueRequiresAnIssuedKey: a 2xx issue reply that is not an issued
// key (status 11 with a key) is not success: a caller that skipped
// Issued() would store no key, and one that read it as "not issued" could
// issue again and, with a Price, charge twice. It is an unknown outcome
// naming the receipt to look up.
func TestIssueRequiresAnIssuedKey(t *testing.T) {
	ws := newWireServer(t)
	ws.then(http.StatusOK, `{"receipt_id":"rc-bk-9","subscription_id":"sub-mine","status":0}`)
	out, err := ws.client(t, BasicAuth("ck", "sk")).Billing.Issue(context.Background(), cardIssue("sub-mine", 0))
	requireUnknownWrite(t, ws, out, err, "rc-bk-9") // the receipt id to look the key up with
}

// TestReserveRefusesAnotherExecuteAt: Bootpay's reserve reply is
// {reserve_id, reserve_execute_at} (it names no order, so the order id
// cannot be checked); a reply scheduling the charge a month early is not
// the reservation asked for.
func TestReserveRefusesAnotherExecuteAt(t *testing.T) {
	ws := newWireServer(t)
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, kst)
	at := now.AddDate(0, 1, 0)
	ws.then(http.StatusOK, `{"reserve_id":"rsv-1","reserve_execute_at":"`+kstTimestamp(now.Add(time.Minute))+`"}`)
	c := ws.client(t, BasicAuth("ck", "sk"), WithClock(func() time.Time { return now }))
	out, err := c.Billing.Reserve(context.Background(), ReserveParams{ExecuteAt: at,
		ChargeParams: ChargeParams{BillingKey: "bk-1", OrderName: "12월 구독료", OrderID: "order-dec", Price: 9900}})
	// The reply comes back with the error: its reserve id is the one
	// handle on a reservation that may charge at the wrong time.
	require.NotNil(t, out)
	assert.Equal(t, "rsv-1", out.ReserveID)
	requireUnknownWrite(t, ws, nil, err, "order-dec")
}

// TestReserveSameInstantIsAccepted: the check above does not refuse the
// same instant written in another zone or without sub-seconds, nor a
// reply that names no time.
func TestReserveSameInstantIsAccepted(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, kst)
	at := now.AddDate(0, 1, 0).Add(500 * time.Millisecond)
	for name, reply := range map[string]string{
		"UTC, whole seconds": `{"reserve_id":"rsv-1","reserve_execute_at":"` + at.UTC().Truncate(time.Second).Format(time.RFC3339) + `"}`,
		"no time":            `{"reserve_id":"rsv-1"}`,
	} {
		t.Run(name, func(t *testing.T) {
			ws := newWireServer(t)
			ws.then(http.StatusOK, reply)
			c := ws.client(t, BasicAuth("ck", "sk"), WithClock(func() time.Time { return now }))
			out, err := c.Billing.Reserve(context.Background(), ReserveParams{ExecuteAt: at,
				ChargeParams: ChargeParams{BillingKey: "bk-1", OrderName: "12월 구독료", OrderID: "order-dec", Price: 9900}})
			require.NoError(t, err)
			assert.Equal(t, "rsv-1", out.ReserveID)
		})
	}
}

// TestCertificateRequestRefusesAnotherAuthentication: a request answered
// with the receipt of another authentication_id is not this one's: the
// person's code would then be confirmed against another verification.
func TestCertificateRequestRefusesAnotherAuthentication(t *testing.T) {
	ws := newWireServer(t)
	ws.then(http.StatusOK, `{"receipt_id":"rc-auth-other","authentication_id":"signup-other","status":2}`)
	out, err := ws.client(t, BasicAuth("ck", "sk")).Certificates.Request(context.Background(), AuthenticationParams{
		PG: "danal", Method: "본인인증", AuthenticationID: "signup-mine", OrderName: "회원가입 본인인증",
		Username: "홍길동", IdentityNo: "9001011", Carrier: CarrierSKT, Phone: "010-1234-5678", ClientIP: "203.0.113.7"})
	requireUnknownWrite(t, ws, out, err, "signup-mine")
}

// TestIssueWithPriceReadsItsCharge: Issue with a Price charges that
// amount with the issue. A reply whose first charge (receipt_data) shows
// another price, another status, a test-mode receipt, or no charge at
// all is not success: money may have moved, not as asked, so it matches
// ErrOutcomeUnknown with the key's receipt id as Reference, and the
// receipt, when there is one, is reachable for a cancel.
func TestIssueWithPriceReadsItsCharge(t *testing.T) {
	for name, tc := range map[string]struct {
		receiptData string
		mismatch    string // the field a *MismatchError names; "" when there is none
	}{
		"another price": {`,"receipt_data":{"receipt_id":"rc-first","order_id":"sub-mine","price":99000,"status":1}`, "price"},
		"cancelled":     {`,"receipt_data":{"receipt_id":"rc-first","order_id":"sub-mine","price":9900,"status":20,"cancelled_price":9900}`, "status"},
		"test mode":     {`,"receipt_data":{"receipt_id":"rc-first","order_id":"sub-mine","price":9900,"status":1,"sandbox":true}`, "sandbox"},
		"pending":       {`,"receipt_data":{"receipt_id":"rc-first","order_id":"sub-mine","price":9900,"status":3}`, ""},
		"no charge":     {``, ""},
	} {
		t.Run(name, func(t *testing.T) {
			ws := newWireServer(t)
			ws.then(http.StatusOK, `{"receipt_id":"rc-bk-1","billing_key":"bk-0001","subscription_id":"sub-mine","status":11`+tc.receiptData+`}`)
			out, err := ws.client(t, BasicAuth("ck", "sk")).Billing.Issue(context.Background(), cardIssue("sub-mine", 9900))
			requireUnknownWrite(t, ws, out, err, "rc-bk-1") // the key's receipt id, for GetByReceipt
			assert.NotContains(t, err.Error(), "bk-0001", "the key is not printed")
			var mismatch *MismatchError
			if assert.Equal(t, tc.mismatch != "", errors.As(err, &mismatch), "%v", err) && tc.mismatch != "" {
				assert.True(t, mismatch.Has(tc.mismatch), "%v", err)
				assert.Equal(t, "rc-first", mismatch.Receipt.ReceiptID, "the receipt to cancel")
			}
		})
	}
}

// TestIssueWithPriceAcceptsItsCharge: the first charge as asked (status
// 1, exactly Price; a test-mode one with AllowSandbox) is the issue's
// success, whatever order id Bootpay gave it.
func TestIssueWithPriceAcceptsItsCharge(t *testing.T) {
	for name, tc := range map[string]struct {
		sandbox, allow bool
	}{"production": {}, "test mode allowed": {sandbox: true, allow: true}} {
		t.Run(name, func(t *testing.T) {
			ws := newWireServer(t)
			sandbox := "false"
			if tc.sandbox {
				sandbox = "true"
			}
			ws.then(http.StatusOK, `{"receipt_id":"rc-bk-1","billing_key":"bk-0001","subscription_id":"sub-mine","status":11,`+
				`"receipt_data":{"receipt_id":"rc-first","order_id":"sub-mine-first","price":9900,"status":1,"sandbox":`+sandbox+`}}`)
			p := cardIssue("sub-mine", 9900)
			p.AllowSandbox = tc.allow
			out, err := ws.client(t, BasicAuth("ck", "sk")).Billing.Issue(context.Background(), p)
			require.NoError(t, err)
			assert.True(t, out.Issued())
			assert.Equal(t, "rc-first", out.ReceiptData.ReceiptID)
		})
	}
}

// TestConfirmVerifiedWithoutIdentityData: a status-12 certificate of this
// verification with no authenticate_data, or without its unique (CI), is
// not verified: every caller that keeps the CI (cert.Data.Unique) would
// dereference nil or keep nothing. Confirm and Verify both refuse it
// with a *NotVerifiedError naming "authenticate_data".
func TestConfirmVerifiedWithoutIdentityData(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 5, 0, 0, kst)
	for name, data := range map[string]string{
		"no authenticate_data": ``,
		"no unique (CI)":       `,"authenticate_data":{"name":"홍길동","phone":"01012345678","carrier":"SKT"}`,
	} {
		reply := `{"receipt_id":"rc-a","authenticate_id":"auth-1","status":12,"authenticated_at":"2026-11-22T09:01:00+09:00"` + data + `}`
		p := CertificateParams{ReceiptID: "rc-a", AuthenticationID: "auth-1"}
		for call, do := range map[string]func(c *Client) (*Certificate, error){
			"Confirm": func(c *Client) (*Certificate, error) {
				return c.Certificates.Confirm(context.Background(), p, "123456")
			},
			"Verify": func(c *Client) (*Certificate, error) { return c.Certificates.Verify(context.Background(), p) },
		} {
			t.Run(call+"/"+name, func(t *testing.T) {
				ws := newWireServer(t)
				ws.then(http.StatusOK, reply)
				cert, err := do(ws.client(t, BasicAuth("ck", "sk"), WithClock(func() time.Time { return now })))
				require.Error(t, err, "verified without the person's identity data: %+v", cert)
				assert.Nil(t, cert)
				var notVerified *NotVerifiedError
				require.ErrorAs(t, err, &notVerified)
				assert.True(t, notVerified.Has("authenticate_data"), "%v", err)
				assert.ErrorIs(t, err, ErrConflict)
			})
		}
	}
}
