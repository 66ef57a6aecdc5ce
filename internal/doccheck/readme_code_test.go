package doccheck

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// How a README's Go code blocks are built (TestREADMECodeBlocksBuild):
//
//   - Every ```go block of README.md, and of README.ko.md once it exists, is
//     type-checked by go/types against the repository's packages, compiled
//     (go list -export), so a renamed type, field or method fails the test.
//   - A block that starts with "package" is a whole file and is checked as it is.
//   - Any other block is a fragment: the statements of a function returning
//     error (so "return err" works), in a file that imports the packages
//     fragmentImports names. Unused imports are allowed (every fragment gets
//     them all), and so is an unused result, as a fragment shows a call, not
//     what the reader's program does with its result. An unused error is not:
//     a block that assigns err and never reads it (the next call's
//     `x, err :=` overwriting it) teaches its reader to drop a refusal or an
//     unknown outcome, so "declared and not used" fails the check for every
//     variable whose type is an error, and so does (droppedErrors) an error
//     result assigned to _, and an error that some path, through ifs,
//     switches and loops, assigns again or ends before reading (the cases
//     the compiler misses when another assignment is read); a loop's body
//     that assigns an error overwrites it on the next turn.
//   - A fragment's free names (ctx, client, order, …) come from a context:
//     <!-- context: NAME --> on the line directly above the block picks one of
//     the declarations in contexts. Without it the fragment gets none.
//   - <!-- skip: reason --> on the line directly above a block skips it; the
//     reason is printed. A skip without a reason is not a skip.
//
// Errors are reported at the README's own line numbers (a //line directive).

// fragmentImports are the packages a fragment may use by their package name.
var fragmentImports = []string{
	"context", "database/sql", "errors", "fmt", "iter", "net/http", "net/netip", "testing", "time",
	"github.com/paykit-kr/paykit/bootpay",
	"github.com/paykit-kr/paykit/bootpay/bootpaytest",
	"github.com/paykit-kr/paykit/commerce",
	"github.com/paykit-kr/paykit/commerce/commercetest",
	"github.com/paykit-kr/paykit/portone",
	"github.com/paykit-kr/paykit/portone/portonetest",
	"github.com/paykit-kr/paykit/reconcile",
	"github.com/paykit-kr/paykit/webhook",
}

// contexts declare the names the README's fragments take from the reader's
// own program, typed as the reader's would be.
var contexts = map[string]string{
	"bootpay": `
var (
	ctx                                             context.Context
	client                                          *bootpay.Client
	clientKey, secretKey, applicationID, privateKey string
	receiptID, id                                   string
	order                                           struct { ID string; Amount int64 }
	refund                                          struct { ID string }
	p                                               bootpay.ChargeParams
)
func fulfil(order any) {}`,
	"portone": `
var (
	ctx                         context.Context
	client                      *portone.Client
	apiSecret, paymentID, id    string
	key                         portone.BillingKey // as IssueBillingKey returned it
	order                       struct { ID string; Amount int64 }
)
func fulfil(order any)            {}
func showAccount(account any)     {}`,
	"commerce": `
var (
	ctx                                                        context.Context
	client                                                     *commerce.Client
	commerceClientKey, commerceSecretKey, orderNumber, contractID string
	key                                                        commerce.ChargeKey // as the subscription gave it
	order                                                      struct { ID string; Price int64 }
)`,
	"webhook": `
var (
	secret        string
	bootpayClient *bootpay.Client
	lbRange       netip.Prefix
)
type shopOrder struct { ID string; Amount int64 } // the merchant's own record
func fulfil(ctx context.Context, id string) error      { return nil }
func findOrder(ctx context.Context, orderID string) (shopOrder, error)   { return shopOrder{}, nil }
func holdForPerson(ctx context.Context, orderID string, why error) error { return nil }
func refunded(ctx context.Context, receipt *bootpay.Receipt) error { return nil }
func checkConfirm(ctx context.Context, paymentID string, amount int64) error { return nil }`,
	"commercewebhook": `
var (
	commerceClient *commerce.Client
	once           *webhook.Processor
)
type shopOrder struct { ID string; Price int64 } // the merchant's own record
func findOrder(ctx context.Context, orderID string) (shopOrder, error)   { return shopOrder{}, nil }
func fulfil(ctx context.Context, orderID string, amount int64) error   { return nil }
func holdForPerson(ctx context.Context, orderID string, why error) error { return nil }
func refunded(ctx context.Context, orderNumber string, cancelled int64) error { return nil }`,
	"reconcile": `
var (
	ctx      context.Context
	client   *portone.Client
	db       *sql.DB
	dayStart time.Time
)
type myOrders struct{ db *sql.DB }
func (myOrders) Find(ctx context.Context, keys []string) ([]reconcile.Record, error) { return nil, nil }
func (myOrders) Unmatched(ctx context.Context, period reconcile.Period) iter.Seq2[reconcile.Record, error] { return nil }`,
	"test": `
var t *testing.T // the reader's test`,
	"golive": `
var (
	ctx                                    context.Context
	bootpayClientKey, bootpaySecretKey     string // from your secret store
	portoneAPISecret, portoneWebhookSecret string
	paymentID                              string
	order                                  struct { ID string; Amount int64 }
	lbRange                                netip.Prefix
)`,
}

// A readmeSource is one code block made into a Go file.
type readmeSource struct {
	name string // "README.md:54", for messages
	file *ast.File
}

func TestREADMECodeBlocksBuild(t *testing.T) {
	fset := token.NewFileSet()
	var sources []readmeSource
	for _, name := range readmes {
		text, ok := readmeFile(t, name)
		if !ok {
			t.Logf("%s does not exist (yet): nothing to build", name)
			continue
		}
		for _, b := range goBlocks(text) {
			where := fmt.Sprintf("%s:%d", name, b.Line)
			if b.Skip != "" {
				t.Logf("%s: skipped: %s", where, b.Skip)
				continue
			}
			src, err := blockSource(name, b)
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			f, err := parser.ParseFile(fset, name+".go", src, parser.SkipObjectResolution)
			if err != nil {
				t.Errorf("in the block at %s: it does not parse: %v", where, err)
				continue
			}
			sources = append(sources, readmeSource{where, f})
		}
	}
	if len(sources) == 0 {
		return
	}
	imp := exportImporter(t, fset, sources)
	for _, s := range sources {
		for _, e := range typeCheck(fset, imp, s.file) {
			t.Errorf("in the block at %s: %v", s.name, e)
		}
	}
}

// blockSource makes a Go file of a block: a whole file as it is, a fragment in
// the template described above. Line directives map positions back to path.
func blockSource(path string, b codeBlock) (string, error) {
	if strings.HasPrefix(strings.TrimSpace(b.Code), "package ") {
		return fmt.Sprintf("//line %s:%d\n%s\n", path, b.Line, b.Code), nil
	}
	decls, ok := contexts[b.Context]
	if b.Context != "" && !ok {
		return "", fmt.Errorf("unknown context %q (known: %s)", b.Context, strings.Join(contextNames(), ", "))
	}
	var buf bytes.Buffer
	buf.WriteString("package readme\n\nimport (\n")
	for _, p := range fragmentImports {
		fmt.Fprintf(&buf, "\t%q\n", p)
	}
	fmt.Fprintf(&buf, ")\n%s\n\nfunc _() error {\n//line %s:%d\n%s\n\treturn nil\n}\n", decls, path, b.Line, b.Code)
	return buf.String(), nil
}

func contextNames() []string {
	var names []string
	for n := range contexts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// typeCheck returns the errors the compiler would report on f, less the
// unused imports and the unused results that are not errors a fragment may
// leave (see above).
func typeCheck(fset *token.FileSet, imp types.Importer, f *ast.File) []error {
	var errs, unused []error
	conf := types.Config{Importer: imp, Error: func(err error) {
		if te, ok := err.(types.Error); ok && te.Soft {
			switch {
			case strings.Contains(te.Msg, "imported and not used"):
				return
			case strings.Contains(te.Msg, "declared and not used"):
				unused = append(unused, err) // judged by its type once Defs is complete
				return
			}
		}
		errs = append(errs, err)
	}}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	_, _ = conf.Check(f.Name.Name, fset, []*ast.File{f}, info) // errors arrive through conf.Error
	unusedErrors := map[types.Object]bool{}
	for _, err := range unused {
		if obj := definedAt(info, err.(types.Error).Pos); obj == nil || isError(obj) {
			errs = append(errs, err) // a dropped error (or one not found: never hide what cannot be judged)
			unusedErrors[obj] = true
		}
	}
	return append(errs, droppedErrors(fset, f, info, unusedErrors)...)
}

// exportImporter compiles every package the sources import (go list -export,
// from the build cache when it can) and returns an importer reading their
// export data, as the compiler itself would.
func exportImporter(t *testing.T, fset *token.FileSet, sources []readmeSource) types.Importer {
	t.Helper()
	seen := map[string]bool{}
	args := []string{"list", "-export", "-deps", "-f", "{{if .Export}}{{.ImportPath}}={{.Export}}{{end}}"}
	for _, s := range sources {
		for _, is := range s.file.Imports {
			p, err := strconv.Unquote(is.Path.Value)
			if err == nil && !seen[p] {
				seen[p] = true
				args = append(args, p)
			}
		}
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = repoRoot
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -export: %v\n%s", err, stderr.String())
	}
	exports := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if path, file, ok := strings.Cut(line, "="); ok {
			exports[path] = file
		}
	}
	return importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("package %s is not available to README code (add it to an import or to fragmentImports)", path)
		}
		return os.Open(file)
	})
}

// TestBrokenBlockFails proves the check can fail: a fragment calling a method
// that does not exist, and one using a name no context declares, are reported.
func TestBrokenBlockFails(t *testing.T) {
	fset := token.NewFileSet()
	var sources []readmeSource
	for _, b := range []codeBlock{
		{Line: 3, Context: "bootpay", Code: "r, err := client.Receipts.Fetch(ctx, receiptID)"},
		{Line: 9, Code: "client.Receipts.Get(ctx, receiptID)"},
		{Line: 12, Context: "bootpay", Code: "r, err := client.Receipts.Get(ctx, receiptID)\nif err != nil {\n\treturn err\n}"},
	} {
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
	if errs := typeCheck(fset, imp, sources[0].file); len(errs) == 0 || !strings.Contains(errs[0].Error(), "README.md:3") || !strings.Contains(errs[0].Error(), "Fetch") {
		t.Errorf("a missing method: %v", errs)
	}
	if errs := typeCheck(fset, imp, sources[1].file); len(errs) == 0 || !strings.Contains(errs[0].Error(), "undefined: client") {
		t.Errorf("a name no context declares: %v", errs)
	}
	if errs := typeCheck(fset, imp, sources[2].file); len(errs) != 0 {
		t.Errorf("a good fragment with an unused result: %v", errs)
	}
}
