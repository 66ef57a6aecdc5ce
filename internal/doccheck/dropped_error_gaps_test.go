package doccheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestFragmentDroppingAnErrorFailsEverywhere: each fragment below drops
// the error of a money-moving call (a cancel), and a reader who copies it
// returns nil after a refund that ended ErrOutcomeUnknown or was refused.
// Beyond an error never read at all ("declared and not used") and an
// overwrite among a function body's top-level statements, the check must
// refuse:
//
//   - the blank identifier: `c, _ := client.Payments.Cancel(...)`;
//   - a write's error assigned by the last statement (after an earlier
//     error of the same variable was read), which nothing overwrites;
//   - the same overwrite nested one level down, in an if, for or case
//     body, where recipes put their branches;
//   - an error assigned on every turn of a loop and read once after it:
//     every cancel but the last may have failed;
//   - an error read on one path only: a branch that returns, or breaks
//     out of a loop, before reading it.
func TestFragmentDroppingAnErrorFailsEverywhere(t *testing.T) {
	cases := []struct{ name, code, want string }{
		{"blank identifier", `c, _ := client.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: id, Full: true})
fmt.Println(c)`, "README.md:10: the error client.Payments.Cancel returns is assigned to _"},
		{"blank identifier, one result", `var refund func() error
_ = refund()`, "README.md:11: the error refund returns is assigned to _"},
		{"last write unchecked", `p, err := client.Payments.Get(ctx, id)
if err != nil {
	return err
}
fmt.Println(p)
_, err = client.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: id, Full: true})`,
			"README.md:15: err assigned here is never read: a path reaches a return or the end of its block first"},
		{"overwrite inside an if", `if id != "" {
	c, err := client.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: id, Full: true})
	p, err := client.Payments.Get(ctx, paymentID)
	if err != nil {
		return err
	}
	fmt.Println(c, p)
}`, "README.md:11: err assigned here is never read: README.md:12 overwrites it"},
		{"overwrite inside a case", `switch id {
case "":
default:
	_, err := client.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: id, Full: true})
	_, err = client.Payments.Get(ctx, paymentID)
	return err
}`, "README.md:13: err assigned here is never read: README.md:14 overwrites it"},
		{"overwrite after a branch that did not read it", `var err error
if id != "" {
	_, err = client.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: id, Full: true})
}
_, err = client.Payments.Get(ctx, paymentID)
return err`, "README.md:12: err assigned here is never read: README.md:14 overwrites it"},
		{"overwritten on each turn of a loop", `var err error
for _, pid := range []string{id, paymentID} {
	_, err = client.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: pid, Full: true})
}
return err`, "README.md:12: err assigned here is never read: the loop's next turn overwrites it"},
		{"overwritten on each turn of a three-clause loop", `var err error
for i := 0; i < 2; i++ {
	_, err = client.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: id, Amount: 1000, Full: false, CurrentCancellableAmount: portone.Ptr(order.Amount)})
}
return err`, "README.md:12: err assigned here is never read: the loop's next turn overwrites it"},
		{"a branch returns before reading it", `_, err := client.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: id, Full: true})
if id == paymentID {
	return nil
}
return err`, "README.md:10: err assigned here is never read: a path reaches a return or the end of its block first"},
		{"a loop breaks before reading it", `for {
	_, err := client.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: id, Full: true})
	if id != "" {
		break
	}
	if err != nil {
		return err
	}
}`, "README.md:11: err assigned here is never read: a path reaches a return or the end of its block first"},
		{"in a function literal", `check := func() error {
	_, err := client.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: id, Full: true})
	_, err = client.Payments.Get(ctx, paymentID)
	return err
}
return check()`, "README.md:11: err assigned here is never read: README.md:12 overwrites it"},
	}
	errs := checkFragments(t, cases)
	for i, c := range cases {
		if len(errs[i]) != 1 || !strings.Contains(errs[i][0].Error(), c.want) {
			t.Errorf("%s: the block drops a cancel's error; got %v, want one error: %q\n%s", c.name, errs[i], c.want, c.code)
		}
	}
}

// TestFragmentReadingItsErrorsPasses: the stricter rule leaves alone an
// error that every path reads, however the paths go: checked in a
// condition, a case, after a switch, in each turn of a retry loop before
// the next, in the key of a range over an iterator, returned at once, or
// handed to a function literal (which the check cannot follow, so it does
// not judge).
func TestFragmentReadingItsErrorsPasses(t *testing.T) {
	cases := []struct{ name, code, want string }{
		{"if with init", `if _, err := client.Payments.Get(ctx, id); err != nil {
	return err
}`, ""},
		{"tagless switch", `v, err := client.Payments.Verify(ctx, portone.VerifyParams{PaymentID: paymentID, Amount: order.Amount})
var mismatch *portone.MismatchError
switch {
case errors.As(err, &mismatch):
case err != nil:
	return err
case v.Outcome == portone.OutcomePaid:
	fulfil(order)
}`, ""},
		{"retry loop", `var err error
for i := 0; i < 3; i++ {
	if _, err = client.Payments.Get(ctx, id); err == nil {
		break
	}
}
return err`, ""},
		{"range over an iterator", `for p, err := range client.Payments.All(ctx, portone.PaymentCursorParams{}) {
	if err != nil {
		return err
	}
	fmt.Println(p.ID)
}`, ""},
		{"labelled loop, continue after the read", `outer:
for _, pid := range []string{id, paymentID} {
	_, err := client.Payments.Get(ctx, pid)
	switch {
	case err == nil:
		continue outer
	case errors.Is(err, portone.ErrOutcomeUnknown):
		break outer
	}
	return err
}`, ""},
		{"fallthrough", `_, err := client.Payments.Get(ctx, id)
switch id {
case "a":
	fallthrough
case "b":
	return err
default:
	return err
}`, ""},
		{"a function literal reads it", `_, err := client.Payments.Get(ctx, id)
report := func() error { return err }
return report()`, ""},
		{"type switch", `_, err := client.Payments.Get(ctx, id)
switch e := err.(type) {
case *portone.MismatchError:
	fmt.Println(e)
}`, ""},
		{"panic", `_, err := client.Payments.Get(ctx, id)
if id == "" {
	panic("no id")
}
return err`, ""},
	}
	errs := checkFragments(t, cases)
	for i, c := range cases {
		if len(errs[i]) != 0 {
			t.Errorf("%s: every path reads the error, yet the check refuses it: %v\n%s", c.name, errs[i], c.code)
		}
	}
}

// checkFragments type-checks each case's code as a README fragment of the
// portone context and returns what the check reports for each.
func checkFragments(t *testing.T, cases []struct{ name, code, want string }) [][]error {
	t.Helper()
	fset := token.NewFileSet()
	files := make([]*ast.File, len(cases))
	var sources []readmeSource
	for i, c := range cases {
		src, err := blockSource("README.md", codeBlock{Line: 10, Context: "portone", Code: c.code})
		if err != nil {
			t.Fatal(err)
		}
		if files[i], err = parser.ParseFile(fset, "README.md.go", src, 0); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		sources = append(sources, readmeSource{c.name, files[i]})
	}
	imp := exportImporter(t, fset, sources)
	errs := make([][]error, len(cases))
	for i := range cases {
		errs[i] = typeCheck(fset, imp, files[i])
	}
	return errs
}
