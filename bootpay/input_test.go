package bootpay_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// badIDs cannot name anything at Bootpay: "." and ".." become another path
// once resolved, control characters and invalid UTF-8 are never ids, and
// blanks are mistakes.
var badIDs = map[string]string{
	"dot":          ".",
	"dot dot":      "..",
	"NUL":          "r\x00-1",
	"newline":      "r-1\n",
	"inner tab":    "r\t1",
	"blank":        " ",
	"invalid UTF8": "r-\xff",
	"too long":     strings.Repeat("r", 1025),
}

// TestBadIDsNeverReachTheWire: every operation refuses a bad receipt id
// (and Cancel a bad cancel_id) with a *ValidationError, and the sandbox
// receives no request at all.
func TestBadIDsNeverReachTheWire(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	c := sandboxClient(t, srv, basicAuth())
	ctx := context.Background()
	for name, id := range badIDs {
		calls := map[string]func() error{
			"Get":             func() error { _, err := c.Receipts.Get(ctx, id); return err },
			"GetWithUserData": func() error { _, err := c.Receipts.GetWithUserData(ctx, id); return err },
			"Confirm":         func() error { _, err := c.Receipts.Confirm(ctx, id); return err },
			"ConfirmVerified": func() error {
				_, err := c.Receipts.ConfirmVerified(ctx, bootpay.ConfirmParams{ReceiptID: id, OrderID: "o", Amount: 1})
				return err
			},
			"ReconcileConfirm": func() error {
				_, err := c.Receipts.ReconcileConfirm(ctx, bootpay.ConfirmParams{ReceiptID: id, OrderID: "o", Amount: 1})
				return err
			},
			"Cancel": func() error {
				_, err := c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: id, Full: true})
				return err
			},
		}
		if len(id) <= 64 { // a longer cancel_id is refused for its length already
			calls["Cancel CancelID"] = func() error {
				_, err := c.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: "r-1", Full: true, CancelID: id})
				return err
			}
		}
		for op, call := range calls {
			err := call()
			var verr *bootpay.ValidationError
			assert.True(t, errors.As(err, &verr), "%s with %s: %v", op, name, err)
			assert.True(t, strings.HasPrefix(err.Error(), "bootpay: "), "%v", err)
		}
	}
	assert.Empty(t, srv.Requests(), "no bad id reached the wire")
}

// TestBaseURLWithoutVersionPrefix: a base URL without Bootpay's /v2 prefix
// is refused by NewClient, before a lookup's 404 could be misread as "no
// such receipt"; the sandbox's own URL (which has it) works, with or
// without a trailing slash.
func TestBaseURLWithoutVersionPrefix(t *testing.T) {
	srv := bootpaytest.NewServer()
	defer srv.Close()
	host := strings.TrimSuffix(srv.URL(), "/v2")
	for _, bad := range []string{host, host + "/", host + "/v1", host + "/v2/receipt", "https://api.bootpay.co.kr"} {
		_, err := bootpay.NewClient(basicAuth(), bootpay.WithBaseURL(bad))
		var verr *bootpay.ValidationError
		require.True(t, errors.As(err, &verr), "%s: %v", bad, err)
		assert.Contains(t, err.Error(), "/v2")
		assert.NotContains(t, err.Error(), host, "errors never carry a URL")
	}
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})
	for _, good := range []string{srv.URL(), srv.URL() + "/"} {
		c, err := bootpay.NewClient(basicAuth(), bootpay.WithBaseURL(good))
		require.NoError(t, err, good)
		_, err = c.Receipts.Get(context.Background(), rc.ReceiptID)
		require.NoError(t, err, good)
	}
	assert.Len(t, srv.Requests(), 2, "only the good clients sent anything")
}
