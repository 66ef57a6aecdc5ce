package doccheck

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestFragmentDroppingAnErrorFails proves the README check refuses a block
// that drops an error: the PortOne "Cancel, charge a billing key" block as
// it once read, whose cancel's err is overwritten by the charge's and
// neither is read (the loop below declares its own), so a reader who copies
// it returns nil after a refund and a charge that both ended
// ErrOutcomeUnknown. An unused result that is not an error (the reader's
// program uses it) and an error read once are still accepted.
func TestFragmentDroppingAnErrorFails(t *testing.T) {
	dropped := codeBlock{Line: 167, Context: "portone", Code: `c, err := client.Payments.Cancel(ctx, portone.CancelPaymentParams{
	PaymentID: id, Amount: 3000, Reason: "부분 반품",
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
}`}
	checked := codeBlock{Line: 3, Context: "portone", Code: `c, err := client.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: id, Full: true})
if err != nil {
	return err
}`}
	oneLine := codeBlock{Line: 9, Context: "portone", Code: `client, err := portone.NewClient(apiSecret)`}

	fset := token.NewFileSet()
	var sources []readmeSource
	for _, b := range []codeBlock{dropped, checked, oneLine} {
		src, err := blockSource("README.md", b)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, "README.md.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, readmeSource{"", f})
	}
	imp := exportImporter(t, fset, sources)

	errs := typeCheck(fset, imp, sources[0].file)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "README.md:167") || !strings.Contains(errs[0].Error(), "declared and not used: err") {
		t.Errorf("a block dropping its errors: want one unused err at README.md:167, got %v", errs)
	}
	for _, e := range errs {
		if strings.Contains(e.Error(), "declared and not used: c") || strings.Contains(e.Error(), "declared and not used: s") {
			t.Errorf("an unused result that is not an error was reported: %v", e)
		}
	}
	if errs := typeCheck(fset, imp, sources[1].file); len(errs) != 0 {
		t.Errorf("a block reading its error, its result unused: %v", errs)
	}
	if errs := typeCheck(fset, imp, sources[2].file); len(errs) != 1 || !strings.Contains(errs[0].Error(), "declared and not used: err") {
		t.Errorf("a one-line NewClient whose error is never read: %v", errs)
	}
}
