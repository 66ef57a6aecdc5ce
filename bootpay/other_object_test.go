package bootpay

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// otherCertificate is a completed certificate of receipt rc-a, as
// GET /certificate/{receipt_id} answers.
const otherCertificate = `{"receipt_id":"rc-a","authenticate_id":"auth-1","pg":"danal","method":"본인인증","status":"12",
	"authenticated_at":"2026-11-22T09:01:00+09:00","requested_at":"2026-11-22T09:00:00+09:00"}`

// requireOtherObject checks that err is the *DecodeError of a lookup
// (op) answered about another object: a bad reply, never ErrNotFound, a
// *MismatchError or a *NotVerifiedError (verdicts on the object asked
// for), and that the lookup sent one request: a bad 2xx is not retried.
func requireOtherObject(t *testing.T, ws *wireServer, err error, op string) {
	t.Helper()
	var derr *DecodeError
	require.ErrorAs(t, err, &derr)
	assert.Equal(t, op, derr.Op)
	assert.Equal(t, http.StatusOK, derr.Status)
	assert.NotErrorIs(t, err, ErrNotFound)
	var mismatch *MismatchError
	assert.False(t, errors.As(err, &mismatch), "not a verdict: %v", err)
	var notVerified *NotVerifiedError
	assert.False(t, errors.As(err, &notVerified), "not a verdict: %v", err)
	assert.Len(t, ws.requests(), 1, "a bad 2xx is not retried")
}

// TestLookupsRefuseAnotherObject: every lookup by id whose 2xx reply
// names another id returns a *DecodeError, never that object.
func TestLookupsRefuseAnotherObject(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, op, reply string
		call            func(c *Client) (any, error)
	}{
		{"receipt", "receipts.get", receiptJSON("r-other", 1000, StatusPaid),
			func(c *Client) (any, error) { return c.Receipts.Get(ctx, "r-1") }},
		{"receipt with user data", "receipts.get", receiptJSON("r-other", 1000, StatusPaid),
			func(c *Client) (any, error) { return c.Receipts.GetWithUserData(ctx, "r-1") }},
		{"billing key by key", "billing.get", billingKeyReply, // billing_key bk-0001
			func(c *Client) (any, error) { return c.Billing.Get(ctx, "bk-mine") }},
		{"billing key by receipt", "billing.get_by_receipt", billingKeyReply, // receipt_id rc-bk-1
			func(c *Client) (any, error) { return c.Billing.GetByReceipt(ctx, "rc-other") }},
		{"reservation", "billing.get_reservation", `{"reserve_id":"rsv-other","order_id":"o","price":9900,"status":1}`,
			func(c *Client) (any, error) { return c.Billing.GetReservation(ctx, "rsv-1") }},
		{"certificate", "certificates.get", otherCertificate,
			func(c *Client) (any, error) { return c.Certificates.Get(ctx, "rc-b") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWireServer(t)
			ws.then(http.StatusOK, tc.reply)
			out, err := tc.call(ws.client(t, BasicAuth("ck", "sk")))
			assert.Nil(t, out)
			requireOtherObject(t, ws, err, tc.op)
			if strings.HasPrefix(tc.name, "billing key by key") {
				assert.NotContains(t, err.Error(), "bk-", "neither billing key is printed")
			}
		})
	}
}

// TestVerifyPathsSurfaceAnotherObject: the checks that look an object up
// first (Receipts.Verify, Certificates.Verify) return the lookup's
// *DecodeError when it is answered about another object, never the
// *MismatchError or *NotVerifiedError that would tell the caller the
// payment or the person is not what was claimed.
func TestVerifyPathsSurfaceAnotherObject(t *testing.T) {
	ctx := context.Background()
	t.Run("receipt", func(t *testing.T) {
		ws := newWireServer(t)
		ws.then(http.StatusOK, receiptJSON("r-other", 1000, StatusPaid))
		_, err := ws.client(t, BasicAuth("ck", "sk")).Receipts.Verify(ctx,
			VerifyParams{ReceiptID: "r-1", OrderID: "o-1", Amount: 1000, Status: StatusPaid})
		requireOtherObject(t, ws, err, "receipts.get")
	})
	t.Run("certificate", func(t *testing.T) {
		ws := newWireServer(t)
		ws.then(http.StatusOK, otherCertificate)
		now := time.Now()
		_, err := ws.client(t, BasicAuth("ck", "sk"), WithClock(func() time.Time { return now })).Certificates.Verify(ctx,
			CertificateParams{ReceiptID: "rc-b", AuthenticationID: "auth-1"})
		requireOtherObject(t, ws, err, "certificates.get")
	})
}

// TestConfirmVerifiedReconcilesOnAnotherReceipt: a confirm whose outcome
// is unknown (a 500), then a lookup answered about another receipt, ends
// as an *OutcomeUnknownError carrying the lookup's *DecodeError: nothing
// is confirmed again or cancelled, and no *MismatchError says the
// payment is settled.
func TestConfirmVerifiedReconcilesOnAnotherReceipt(t *testing.T) {
	ws := newWireServer(t)
	ws.then(http.StatusOK, receiptJSON("r-1", 30000, StatusAwaitingConfirm))
	ws.then(http.StatusInternalServerError, `{"error_code":"INTERNAL","message":"오류"}`)
	ws.then(http.StatusOK, receiptJSON("r-other", 30000, StatusPaid))
	c := ws.client(t, BasicAuth("ck", "sk"), WithRetryPolicy(RetryPolicy{MaxRetries: 0}))
	_, err := c.Receipts.ConfirmVerified(context.Background(),
		ConfirmParams{ReceiptID: "r-1", OrderID: "o-1", Amount: 30000, CancelOnMismatch: true})
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, "r-1", unknown.Reference)
	var derr *DecodeError
	require.ErrorAs(t, err, &derr)
	assert.Equal(t, "receipts.get", derr.Op)
	var mismatch *MismatchError
	assert.False(t, errors.As(err, &mismatch), "not a verdict: %v", err)
	assert.Len(t, ws.requests(), 3, "lookup, one confirm, lookup")
	assert.Empty(t, cancelsOf(t, ws))
}
