package bootpay_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// TestIssueRefusesANonDigitCardNumber: a card number that is not 12 to 19
// digits (dashes and spaces between them allowed) is a *ValidationError
// naming CardNumber, and no request reaches the sandbox. The spellings
// Bootpay accepts still pass.
func TestIssueRefusesANonDigitCardNumber(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth(), noAttemptLimit)
	ctx := context.Background()
	for _, bad := range []string{"abcdefghijklmnop", "5365-1012-3456-12ab", "５３６５１０１２３４５６１２３４", "5365101234561234\x00", "536510123456.234", "+365101234561234"} {
		p := issueParams("sub-cn")
		p.CardNumber = bootpay.CardNumber(bad)
		_, err := c.Billing.Issue(ctx, p)
		var v *bootpay.ValidationError
		require.ErrorAs(t, err, &v, "%q", bad)
		assert.Equal(t, "CardNumber", v.Field)
		assert.NotContains(t, err.Error(), bad, "the number is not echoed")
	}
	assert.Empty(t, srv.Requests(), "nothing was sent")
	for _, good := range []string{"5365101234561234", "5365-1012-3456-1234", "5365 1012 3456 1234"} {
		p := issueParams("sub-" + good[len(good)-4:])
		p.CardNumber = bootpay.CardNumber(good)
		_, err := c.Billing.Issue(ctx, p)
		require.NoError(t, err, "%q", good)
	}
}
