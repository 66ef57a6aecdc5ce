package bootpay_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// TestIssueNeverReturnsAKeyOfAReplyNamingNoSubscription: a 2xx issue
// reply naming no subscription_id proves nothing about whose key it
// carries; returned as this subscriber's key, it would be stored and
// charged every month: possibly another person's card.
func TestIssueNeverReturnsAKeyOfAReplyNamingNoSubscription(t *testing.T) {
	ctx := context.Background()
	srv, c := basicSandbox(t)
	other, err := c.Billing.Issue(ctx, issueParams("sub-other"))
	require.NoError(t, err)

	srv.Inject(bootpaytest.OpBillingIssue, bootpaytest.Faults.StatusAfterApply(200,
		`{"receipt_id":"`+other.ReceiptID+`","billing_key":"`+other.BillingKey.Reveal()+`","status":11}`), 1)
	mine, err := c.Billing.Issue(ctx, issueParams("sub-mine"))
	if err == nil {
		assert.False(t, other.BillingKey == mine.BillingKey, "Issue returned sub-other's billing key as sub-mine's")
	}
	assert.ErrorIs(t, err, bootpay.ErrOutcomeUnknown, "a reply naming no subscription proves no key of this one")
}

// TestBillingExamplesLookAReservationUpBeforeCancellingIt: Reserve's doc
// says its Reservation "cannot prove it is this order's: before acting on
// its ReserveID (CancelReservation), look it up (GetReservation) and
// check its OrderID". Every Example (what go doc shows, and callers copy)
// must do so; one cancelling rv.ReserveID straight away teaches the
// cancellation of another customer's reservation.
func TestBillingExamplesLookAReservationUpBeforeCancellingIt(t *testing.T) {
	files, err := filepath.Glob("*example*_test.go")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || !strings.HasPrefix(fn.Name.Name, "Example") || fn.Body == nil {
				continue
			}
			looked := false
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				switch sel.Sel.Name {
				case "GetReservation":
					looked = true
				case "CancelReservation":
					assert.True(t, looked, "%s (%s) cancels a reservation Reserve returned without looking its order up",
						fn.Name.Name, fset.Position(sel.Pos()))
				}
				return true
			})
		}
	}
}
