package doccheck

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// goLine is the go directive of a go.mod file, "go 1.26.0".
var goLine = regexp.MustCompile(`(?m)^go\s+(1\.\d+)(?:\.\d+)?\s*$`)

// minimumGo finds the sentence that tells a user which Go the library needs:
// "needs Go 1.24 or later" in README.md, "Go 1.24 이상이 필요" in README.ko.md.
var minimumGo = map[string]*regexp.Regexp{
	"README.md":    regexp.MustCompile(`needs Go (1\.\d+) or later`),
	"README.ko.md": regexp.MustCompile(`Go (1\.\d+) 이상이 필요`),
}

// TestREADMEGoVersionMatchesGoMod fails when a README promises a Go version
// older than the library module's go directive. The go command refuses a
// module whose go line is newer than the toolchain (GOTOOLCHAIN=local), or
// downloads a newer toolchain and raises the caller's own go line
// (GOTOOLCHAIN=auto), so a user on the version the README names cannot
// `go get` the library as the README says.
func TestREADMEGoVersionMatchesGoMod(t *testing.T) {
	mod, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	require.NoError(t, err)
	m := goLine.FindSubmatch(mod)
	require.NotNil(t, m, "go.mod has no go directive")
	want := string(m[1])

	for _, name := range readmes {
		text, ok := readmeFile(t, name)
		if !ok {
			continue
		}
		got := minimumGo[name].FindStringSubmatch(text)
		require.NotNil(t, got, "%s names no minimum Go version", name)
		if strings.TrimSpace(got[1]) != want {
			t.Errorf("%s says the library needs Go %s, but go.mod's go directive is %s", name, got[1], want)
		}
	}
}
