package version_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/internal/version"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// semver is a Semantic Versioning 2.0.0 version without a "v" prefix.
var semver = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$`)

func TestVersionIsSemver(t *testing.T) {
	assert.Regexp(t, semver, version.Version)
}

// TestEveryClientSendsTheVersion: the one constant is what each gateway's
// client sends on the wire, in the User-Agent and in Bootpay's SDK-version
// header, as the sandboxes recorded it.
func TestEveryClientSendsTheVersion(t *testing.T) {
	ctx := context.Background()
	wantUA := "paykit-go/" + version.Version + " go/" + strings.TrimPrefix(runtime.Version(), "go")

	bp := bootpaytest.NewServer()
	defer bp.Close()
	bc, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(bp.URL()))
	require.NoError(t, err)
	_, _ = bc.Receipts.Get(ctx, "000000000000000000000000") // a 404 is fine: the headers are what counts

	po := portonetest.NewServer()
	defer po.Close()
	pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(po.URL()))
	require.NoError(t, err)
	_, _ = pc.Payments.Get(ctx, "payment-0")

	cm := commercetest.NewServer()
	defer cm.Close()
	cc, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(cm.URL()))
	require.NoError(t, err)
	_, _ = cc.Orders.Get(ctx, "00000000000000000000")

	require.NotEmpty(t, bp.Requests())
	require.NotEmpty(t, po.Requests())
	require.NotEmpty(t, cm.Requests())
	assert.Equal(t, wantUA, bp.Requests()[0].Header.Get("User-Agent"))
	assert.Equal(t, wantUA, po.Requests()[0].Header.Get("User-Agent"))
	assert.Equal(t, wantUA, cm.Requests()[0].Header.Get("User-Agent"))
	assert.Equal(t, version.Version, bp.Requests()[0].Header.Get("Bootpay-Sdk-Version"))
	assert.Equal(t, version.Version, cm.Requests()[0].Header.Get("Bootpay-Sdk-Version"))
}

// TestNoOtherVersionLiteral: the library spells its version nowhere else and
// builds its User-Agent in one place (internal/transport), so a release
// changes one line.
func TestNoOtherVersionLiteral(t *testing.T) {
	root := filepath.Join("..", "..")
	literal := `"` + version.Version + `"`
	var uaBuilders []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "examples" || d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			filepath.Base(filepath.Dir(path)) == "version" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), literal) {
			t.Errorf("%s spells the version %s; use version.Version", path, literal)
		}
		if strings.Contains(string(b), `"paykit-go/`) {
			uaBuilders = append(uaBuilders, filepath.ToSlash(path))
		}
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"../../internal/transport/client.go"}, uaBuilders, "the files that build a User-Agent")
}

// TestChangelogNamesTheVersion: the newest release in CHANGELOG.md is the
// version the code says it is; until the first release the changelog has
// only its Unreleased section.
func TestChangelogNamesTheVersion(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "CHANGELOG.md"))
	require.NoError(t, err)
	text := string(b)
	assert.Contains(t, text, "## [Unreleased]")
	if m := regexp.MustCompile(`(?m)^## \[(\d[^\]]*)\]`).FindStringSubmatch(text); m != nil {
		assert.Equal(t, version.Version, m[1], "the newest release in CHANGELOG.md")
	}
}
