package main

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGeneratedFilesAreCurrent regenerates the three files in memory from
// the vendored schema, the doc table and the package's source and
// compares them with the committed ones, so a schema update, a doc edit or
// a new union-typed field that was not followed by go generate fails here
// as well as in CI.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	dir := filepath.Join("..", "..")
	doc := loadSchema()
	for name, b := range map[string]*bytes.Buffer{
		"enums_gen.go":  genEnums(doc),
		"models_gen.go": genModels(doc, parseDocs(docsTxt)),
		"unions_gen.go": genUnions(doc, parsePackage(dir, doc)),
	} {
		want, err := format.Source(b.Bytes())
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(want, got), "%s is stale: run go generate ./...", name)
	}
}

func TestCamelKeepsInitialisms(t *testing.T) {
	values := strings.Fields("KDB IBK_SECURITIES KOOKMIN HTML5_INICIS KCP_V2 PG_TX_ID SKT_MVNO ALIPAY_HK STATUS_CHANGED_AT SDK_PC THAI_QR K_BANK")
	want := strings.Fields("KDB IBKSecurities Kookmin HTML5Inicis KCPV2 PGTxID SKTMVNO AlipayHK StatusChangedAt SDKPC ThaiQR KBank")
	for i, v := range values {
		assert.Equal(t, want[i], camel(v), v)
	}
}

func TestConstNameStyles(t *testing.T) {
	assert.Equal(t, "CountryKR", constName(enumSpec{name: "Country", style: "raw"}, "KR"))
	assert.Equal(t, "LocaleZhTW", constName(enumSpec{name: "Locale", style: "locale"}, "ZH_TW"))
	assert.Equal(t, "PaymentLogisticsCompanyFedEx", constName(enumSpec{name: "PaymentLogisticsCompany", names: map[string]string{"FEDEX": "FedEx"}}, "FEDEX"))
	assert.Equal(t, "PGProviderKCPQuick", constName(enumSpec{name: "PGProvider"}, "KCP_QUICK"))
}

// TestEveryEnumHasOneSource: each spec names exactly one source, and no
// two specs declare the same Go type.
func TestEveryEnumHasOneSource(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range enums {
		assert.True(t, (e.schema == "") != (e.union == ""), "%s: set schema or union", e.name)
		assert.False(t, seen[e.name], "%s declared twice", e.name)
		seen[e.name] = true
		assert.True(t, strings.HasPrefix(e.doc, e.name+" "), "%s: the doc starts with the name", e.name)
	}
}

func TestWrapComment(t *testing.T) {
	got := wrapComment("\t", strings.Repeat("word ", 30)+"\n\nsecond")
	for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		assert.True(t, strings.HasPrefix(line, "\t//"), line)
		assert.LessOrEqual(t, len(line), 80, line)
	}
	assert.Contains(t, got, "\t//\n\t// second\n")
}
