package doccheck

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// outsideDocuments are the marks of a citation of a document the repository's
// users do not have: the lead's working notes and the gateway summaries kept
// outside the repository. Doc comments cite the gateways' public docs instead.
var outsideDocuments = []string{
	"/work/shared",
	"shared/api/",
	"shared/seeds",
	"api/bootpay/README",
	"api/portone/README",
	"reference §",
	"§", // section numbers of those documents; no public doc is cited that way
	"DESIGN.md",
}

// TestNoCommentCitesOutsideDocuments fails when a comment in the library's Go
// files (every package of the library module, tests excluded) cites a
// document outside the repository.
func TestNoCommentCitesOutsideDocuments(t *testing.T) {
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "examples", "testdata", "node_modules", ".git": // examples is its own module
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if mark := citesOutside(c.Text); mark != "" {
					t.Errorf("%s: a comment cites %q, a document outside the repository; cite the gateway's public docs instead", fset.Position(c.Pos()), mark)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("only %d library files were read; is repoRoot right?", files)
	}
}

// citesOutside returns the first mark of an outside document in text, or "".
func citesOutside(text string) string {
	for _, m := range outsideDocuments {
		if strings.Contains(text, m) {
			return m
		}
	}
	return ""
}

func TestCitesOutsideFindsEachMark(t *testing.T) {
	for _, text := range []string{
		"// See /work/shared/api/bootpay/README.md.",
		"// As reference §3.2 says, a cancel is keyed.",
		"// (api/portone/README, Idempotency)",
		"/* seeds: shared/seeds/001 */",
	} {
		if citesOutside(text) == "" {
			t.Errorf("citesOutside(%q) found nothing", text)
		}
	}
	if m := citesOutside("// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/receipt"); m != "" {
		t.Errorf("a public docs URL was flagged as %q", m)
	}
}
