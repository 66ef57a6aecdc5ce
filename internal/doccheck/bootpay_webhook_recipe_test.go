package doccheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"testing"
)

// TestBootpayWebhookRecipeRefundsOnlyCancellations: BootpayHandler
// delivers PAYMENT_VIRTUAL_ACCOUNT_ISSUED (status 5, 가상계좌 발급완료:
// nothing paid, nothing refunded), any status an older payload names no
// type for as "STATUS_<n>", and types Bootpay adds later, besides the
// completion and the cancellations. A README recipe that sends everything
// but PAYMENT_COMPLETED to refunded teaches its reader to record a refund
// (or release the order, as a refund handler does) when the buyer is shown
// an account to pay into; the deposit's PAYMENT_COMPLETED then fulfils an
// order the shop thinks refunded. In the Bootpay callback of each README,
// refunded must be called only in a case of `switch d.Event.Kind()` that
// lists the cancellation kinds and nothing else, and fulfil only in the
// case of PAYMENT_COMPLETED alone.
func TestBootpayWebhookRecipeRefundsOnlyCancellations(t *testing.T) {
	only := map[string][]string{
		"refunded": {"webhook.BootpayPaymentCancelled", "webhook.BootpayPaymentPartialCancelled"},
		"fulfil":   {"webhook.BootpayPaymentCompleted"},
	}
	for _, name := range readmes {
		text, ok := readmeFile(t, name)
		if !ok {
			continue
		}
		seen := map[string]int{}
		for _, b := range goBlocks(text) {
			if b.Context != "webhook" {
				continue
			}
			src, err := blockSource(name, b)
			if err != nil {
				t.Fatal(err)
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, name+".go", src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatalf("%s:%d: %v", name, b.Line, err)
			}
			for _, cb := range bootpayCallbacks(f) {
				inspectWithParents(cb, func(n ast.Node, parents []ast.Node) {
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return
					}
					fn, ok := call.Fun.(*ast.Ident)
					if !ok || only[fn.Name] == nil {
						return
					}
					seen[fn.Name]++
					kinds, ok := kindCase(parents)
					if !ok || !slices.Equal(kinds, only[fn.Name]) {
						t.Errorf("%s: %s is called for the kinds %v (in a case of switch d.Event.Kind(): %t), want only %v",
							fset.Position(call.Pos()), fn.Name, kinds, ok, only[fn.Name])
					}
				})
			}
		}
		for fn := range only {
			if seen[fn] == 0 {
				t.Errorf("%s: no Bootpay webhook recipe calls %s: the check found nothing to check", name, fn)
			}
		}
	}
}

// bootpayCallbacks are the callbacks passed to webhook.BootpayHandler in f.
func bootpayCallbacks(f *ast.File) []*ast.FuncLit {
	var out []*ast.FuncLit
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && types.ExprString(call.Fun) == "webhook.BootpayHandler" && len(call.Args) > 1 {
			if lit, ok := call.Args[1].(*ast.FuncLit); ok {
				out = append(out, lit)
			}
		}
		return true
	})
	return out
}

// kindCase returns the sorted expressions of the innermost case clause
// among parents, if that clause belongs to a `switch d.Event.Kind()`.
func kindCase(parents []ast.Node) ([]string, bool) {
	for i := len(parents) - 1; i >= 2; i-- {
		cc, ok := parents[i].(*ast.CaseClause)
		if !ok {
			continue
		}
		sw, ok := parents[i-2].(*ast.SwitchStmt) // the clause's parent is the switch's body
		if !ok || sw.Tag == nil || types.ExprString(sw.Tag) != "d.Event.Kind()" {
			return nil, false
		}
		var kinds []string
		for _, e := range cc.List {
			kinds = append(kinds, types.ExprString(e))
		}
		slices.Sort(kinds)
		return kinds, true
	}
	return nil, false
}

// inspectWithParents calls visit for each node under root with the nodes
// enclosing it, outermost first.
func inspectWithParents(root ast.Node, visit func(n ast.Node, parents []ast.Node)) {
	var stack []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		visit(n, stack)
		stack = append(stack, n)
		return true
	})
}
