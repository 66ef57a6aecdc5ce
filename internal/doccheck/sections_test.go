package doccheck

import (
	"slices"
	"strings"
	"testing"
)

// TestREADMESectionsInStep fails when a "##" section exists in README.md but
// not in README.ko.md, or the other way round. A Korean heading names the
// English section it stands for with <!-- section: English heading --> on the
// line above it (a heading kept in English needs no comment).
func TestREADMESectionsInStep(t *testing.T) {
	en, ok := readmeFile(t, "README.md")
	if !ok {
		t.Fatal("README.md is missing")
	}
	ko, ok := readmeFile(t, "README.ko.md")
	if !ok {
		t.Skip("README.ko.md does not exist yet; its sections are compared with README.md's once it does")
	}
	for _, m := range sectionDiff(sections(en), sections(ko)) {
		t.Error(m)
	}
}

// sectionDiff names every section one README has and the other lacks.
func sectionDiff(en, ko []string) []string {
	var out []string
	for _, k := range en {
		if !slices.Contains(ko, k) {
			out = append(out, "README.ko.md has no section for README.md's \"## "+k+"\" (add it, with <!-- section: "+k+" --> above a Korean heading)")
		}
	}
	for _, k := range ko {
		if !slices.Contains(en, k) {
			out = append(out, "README.md has no section \"## "+k+"\" that README.ko.md has (name the English section with <!-- section: … --> above the Korean heading, or add it to README.md)")
		}
	}
	return out
}

func TestSectionDiffNamesBothSides(t *testing.T) {
	got := sectionDiff([]string{"Bootpay", "PortOne", "Errors"}, []string{"Bootpay", "Errors", "결제"})
	if len(got) != 2 || !strings.Contains(got[0], `"## PortOne"`) || !strings.Contains(got[1], `"## 결제"`) {
		t.Fatalf("sectionDiff = %q", got)
	}
	if got := sectionDiff([]string{"A", "B"}, []string{"B", "A"}); len(got) != 0 {
		t.Fatalf("the same sections in another order differ: %q", got)
	}
}
