package bootpay_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// TestIssueReferenceIsNeverAnotherSubscriptionsKey: a 2xx issue reply
// that names no subscription_id but carries another subscriber's key
// receipt must not make that receipt the Reference Issue's doc says to
// settle by (GetByReceipt): the caller would keep another person's
// billing key. Reference is then the SubscriptionID.
func TestIssueReferenceIsNeverAnotherSubscriptionsKey(t *testing.T) {
	ctx := context.Background()
	srv, c := basicSandbox(t)
	other, err := c.Billing.Issue(ctx, issueParams("sub-other"))
	require.NoError(t, err)

	srv.Inject(bootpaytest.OpBillingIssue, bootpaytest.Faults.StatusAfterApply(200,
		`{"receipt_id":"`+other.ReceiptID+`","status":0}`), 1)
	_, err = c.Billing.Issue(ctx, issueParams("sub-mine"))
	var unknown *bootpay.OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, "sub-mine", unknown.Reference)
	assert.NotEqual(t, other.ReceiptID, unknown.Reference)
}
