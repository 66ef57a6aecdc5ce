package doccheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// TestFragmentDroppingAnErrorFails proves the README check refuses a block
// that drops an error: the PortOne "Cancel, charge a billing key" block as
// it once read, whose cancel's err is overwritten by the charge's and
// neither is read (the loop below declares its own), so a reader who copies
// it returns nil after a refund and a charge that both ended
// ErrOutcomeUnknown; and the migration block as it once read, whose
// NewClient error is overwritten by the cancel's, which is read, so the
// compiler says nothing. An unused result that is not an error (the
// reader's program uses it), an error read once, and an error assigned in
// two branches are still accepted.
func TestFragmentDroppingAnErrorFails(t *testing.T) {
	cases := []struct {
		name string
		code string
		want []string // substrings, one per reported error, in order
	}{
		{"dropped twice", `c, err := client.Payments.Cancel(ctx, portone.CancelPaymentParams{
	PaymentID: id, Amount: 3000, Reason: "부분 반품", CurrentCancellableAmount: portone.Ptr(order.Amount),
})
s, err := client.Payments.PayWithBillingKey(ctx, portone.BillingKeyPaymentParams{
	PaymentID: "sub-2026-11", BillingKey: key, OrderName: "월 구독", Amount: portone.PaymentAmountInput{Total: 9900},
	Currency: portone.CurrencyKRW,
})
for p, err := range client.Payments.All(ctx, portone.PaymentCursorParams{}) {
	if err != nil {
		return err
	}
	fmt.Println(p.ID)
}`, []string{"README.md:10: declared and not used: err", "README.md:10: err assigned here is never read: README.md:13 overwrites it"}},
		{"overwritten, then read", `client, err := portone.NewClient(apiSecret)
c, err := client.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: id, Full: true})
if err != nil {
	return err
}`, []string{"README.md:10: err assigned here is never read: README.md:11 overwrites it"}},
		{"one-line client", `client, err := portone.NewClient(apiSecret)`, []string{"declared and not used: err"}},
		{"read, result unused", `c, err := client.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: id, Full: true})
if err != nil {
	return err
}`, nil},
		{"assigned in branches", `var err error
if id == "" {
	_, err = client.Payments.Get(ctx, paymentID)
} else {
	_, err = client.Payments.Get(ctx, id)
}
return err`, nil},
	}
	fset := token.NewFileSet()
	files := make([]*ast.File, len(cases))
	var sources []readmeSource
	for i, c := range cases {
		src, err := blockSource("README.md", codeBlock{Line: 10, Context: "portone", Code: c.code})
		if err != nil {
			t.Fatal(err)
		}
		if files[i], err = parser.ParseFile(fset, "README.md.go", src, 0); err != nil {
			t.Fatal(err)
		}
		sources = append(sources, readmeSource{c.name, files[i]})
	}
	imp := exportImporter(t, fset, sources)
	for i, c := range cases {
		errs := typeCheck(fset, imp, files[i])
		if len(errs) != len(c.want) {
			t.Errorf("%s: got %v, want %d errors: %q", c.name, errs, len(c.want), c.want)
			continue
		}
		for j, w := range c.want {
			if !strings.Contains(errs[j].Error(), w) {
				t.Errorf("%s: error %d: got %v, want %q", c.name, j, errs[j], w)
			}
		}
	}
}

// definedAt returns the object whose declaring identifier is at pos, or nil.
func definedAt(info *types.Info, pos token.Pos) types.Object {
	for id, obj := range info.Defs {
		if id.Pos() == pos && obj != nil {
			return obj
		}
	}
	return nil
}

// isError reports a variable whose type is an error.
func isError(obj types.Object) bool {
	errorType := types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
	_, isVar := obj.(*types.Var)
	return isVar && types.Implements(obj.Type(), errorType)
}
