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

// TestGeneratedFilesAreCurrent regenerates the five files in memory from
// the vendored schema, the doc table and the package's source and
// compares them with the committed ones, so a schema update, a doc edit or
// a new union-typed field that was not followed by go generate fails here
// as well as in CI.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	dir := filepath.Join("..", "..")
	doc := loadSchema()
	src := parsePackage(dir, doc)
	wires := planWires(doc, src)
	for name, b := range map[string]*bytes.Buffer{
		"enums_gen.go":    genEnums(doc),
		"models_gen.go":   genModels(doc, parseDocs(docsTxt)),
		"unions_gen.go":   genUnions(doc, src, wires),
		"printing_gen.go": genPrinting(),
		"wires_gen.go":    genWires(src, wires),
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

// TestGoNameKeepsInitialisms: JSON names become Go names with Go's
// initialisms, plural ones too.
func TestGoNameKeepsInitialisms(t *testing.T) {
	for json, want := range map[string]string{
		"id": "ID", "transactionId": "TransactionID", "pgTxId": "PGTxID", "vatAmount": "VATAmount",
		"receiptUrl": "ReceiptURL", "noticeUrls": "NoticeURLs", "scheduleIds": "ScheduleIDs",
		"isCulturalExpense": "IsCulturalExpense", "html5": "HTML5",
	} {
		assert.Equal(t, want, goName(json), json)
	}
}

// TestGoTypeRules: each schema shape gets the Go type the rules name, a
// pointer only for an optional integer, boolean or object.
func TestGoTypeRules(t *testing.T) {
	names := typeNames()
	ref := func(s string) *propSchema { return &propSchema{Ref: "#/components/schemas/" + s} }
	for _, c := range []struct {
		p        *propSchema
		required bool
		want     string
	}{
		{&propSchema{Type: "string"}, true, "string"},
		{&propSchema{Type: "string"}, false, "string"},
		{&propSchema{Type: "string", Format: "date-time"}, false, "time.Time"},
		{&propSchema{Type: "integer", Format: "int64"}, true, "int64"},
		{&propSchema{Type: "integer", Format: "int64"}, false, "*int64"},
		{&propSchema{Type: "integer", Format: "int32"}, true, "int"},
		{&propSchema{Type: "integer", Format: "int32"}, false, "*int"},
		{&propSchema{Type: "boolean"}, false, "*bool"},
		{&propSchema{Type: "object"}, false, "map[string]any"},
		{&propSchema{Type: "array", Items: &propSchema{Type: "string"}}, false, "[]string"},
		{&propSchema{Type: "array", Items: ref("PaymentWebhook")}, false, "[]PaymentWebhook"},
		{ref("Currency"), false, "Currency"},                // an enum
		{ref("PgProvider"), true, "PGProvider"},             // an enum renamed in Go
		{ref("PaymentMethod"), false, "PaymentMethod"},      // a union's interface
		{ref("Payment"), true, "Payment"},                   // a union's container
		{ref("PaymentEscrow"), false, "*PaymentEscrow"},     // a flattened union
		{ref("SelectedChannel"), false, "*SelectedChannel"}, // an optional object
		{ref("PaymentAmount"), true, "PaymentAmount"},
		{ref("GetPaymentsBody"), true, "PaymentListParams"}, // a renamed object
	} {
		assert.Equal(t, c.want, names.goType(c.p, c.required), "%+v required=%v", *c.p, c.required)
	}
}

// fieldOf returns the generated field of typ with JSON name json.
func fieldOf(t *testing.T, typ, json string) (modelField, bool) {
	t.Helper()
	doc := loadSchema()
	for _, spec := range models {
		if spec.name != typ {
			continue
		}
		for _, f := range doc.modelFields(spec, typeNames()) {
			if f.json == json {
				return f, true
			}
		}
		return modelField{}, false
	}
	t.Fatalf("%s is not generated", typ)
	return modelField{}, false
}

// wantField is a generated field as a test expects it.
type wantField struct{ typ, json, goName, goType, tag string }

// assertFields checks each field's Go name, type and tag.
func assertFields(t *testing.T, want []wantField) {
	t.Helper()
	for _, c := range want {
		f, ok := fieldOf(t, c.typ, c.json)
		require.True(t, ok, "%s.%s", c.typ, c.json)
		assert.Equal(t, []string{c.goName, c.goType, c.tag}, []string{f.name, f.typ, f.tag}, "%s.%s", c.typ, c.json)
	}
}

// TestModelFieldRules: required only where every schema of the type
// requires it; a case's discriminator is no field of a plain union's case
// but a typed field of a shared part or a flattened union.
func TestModelFieldRules(t *testing.T) {
	assertFields(t, []wantField{
		// channel is optional for READY and FAILED payments only
		{"PaymentCommon", "channel", "Channel", "*SelectedChannel", "`json:\"channel,omitzero\"`"},
		{"PaymentCommon", "status", "Status", "PaymentStatus", "`json:\"status\"`"},
		{"PaymentCommon", "transactionId", "TransactionID", "string", "`json:\"transactionId\"`"},
		// addressLine1 is required in SeparatedAddress, absent in OneLineAddress
		{"Address", "addressLine1", "AddressLine1", "string", "`json:\"addressLine1,omitzero\"`"},
		{"Address", "type", "Type", "AddressType", "`json:\"type\"`"},
		{"PaymentEscrow", "isAutomaticallyConfirmed", "IsAutomaticallyConfirmed", "*bool", "`json:\"isAutomaticallyConfirmed,omitzero\"`"},
		// appliedAt is only in the response to a registration
		{"EscrowLogisticsResult", "appliedAt", "AppliedAt", "time.Time", "`json:\"appliedAt,omitzero\"`"},
		{"PaidPayment", "paidAt", "PaidAt", "time.Time", "`json:\"paidAt\"`"},
	})
	_, ok := fieldOf(t, "PaymentMethodCard", "type")
	assert.False(t, ok, "the discriminator of a plain union's case is written by its MarshalJSON")
	_, ok = fieldOf(t, "PaidPayment", "id")
	assert.False(t, ok, "a shared property belongs to PaymentCommon only")
}

// TestOverrides: the override tables win over the rules, in order
// type.property, then the property's name; a path id comes first.
func TestOverrides(t *testing.T) {
	assertFields(t, []wantField{
		{"Card", "number", "Number", "CardNumber", "`json:\"number,omitzero\"`"},
		{"IdentityVerificationVerifiedCustomer", "ci", "CI", "Secret", "`json:\"ci,omitzero\"`"},
		{"PaymentCommon", "billingKey", "BillingKey", "BillingKey", "`json:\"billingKey,omitzero\"`"},
		{"PaymentCommon", "origin", "Origin", "*PaymentOrigin", "`json:\"origin,omitzero\"`"},
		{"PaymentFilter", "status", "Status", "[]PaymentFilterStatus", "`json:\"status,omitempty\"`"},
		{"ConfirmPaymentParams", "skipWebhook", "SkipWebhook", "bool", "`json:\"skipWebhook,omitzero\"`"},
		{"ConfirmPaymentParams", "PaymentID", "PaymentID", "string", "`json:\"-\"`"},
	})
	doc := loadSchema()
	for _, spec := range models {
		if spec.name == "ConfirmPaymentParams" {
			assert.Equal(t, "PaymentID", doc.modelFields(spec, typeNames())[0].name)
		}
		if spec.name == "RegisterStoreReceiptParams" {
			fs := doc.modelFields(spec, typeNames())
			assert.Equal(t, []string{"PaymentID", "StoreID", "Items"}, []string{fs[0].name, fs[1].name, fs[2].name})
		}
	}
}

// TestOmitRemovesOnlyThatField: an override that omits a property leaves
// exactly that field out.
func TestOmitRemovesOnlyThatField(t *testing.T) {
	overrides["PageInfo.totalCount"] = fieldOverride{omit: "for this test"}
	t.Cleanup(func() { delete(overrides, "PageInfo.totalCount") })
	f, ok := fieldOf(t, "PageInfo", "totalCount")
	assert.False(t, ok, "%+v", f)
	_, ok = fieldOf(t, "PageInfo", "size")
	assert.True(t, ok)
}

// TestStaleOverridesAreRefused: an override of a property the schema does
// not have (renamed upstream, or misspelled) is an error, never ignored;
// the committed tables have none.
func TestStaleOverridesAreRefused(t *testing.T) {
	doc := loadSchema()
	require.Empty(t, doc.checkOverrides())
	overrides["Card.numbr"] = fieldOverride{typ: "CardNumber"}
	extraFields["NoSuchParams"] = []extraField{{"ID", "string", "`json:\"-\"`"}}
	t.Cleanup(func() {
		delete(overrides, "Card.numbr")
		delete(extraFields, "NoSuchParams")
	})
	assert.Equal(t, []string{
		"override Card.numbr: no such property of a generated type",
		"extra fields of NoSuchParams: not a generated type",
	}, doc.checkOverrides())
}

// TestDocTable: comments come from the table verbatim, paragraphs kept;
// an empty entry means no comment; a missing one gets a sentence from the
// schema's Korean title.
func TestDocTable(t *testing.T) {
	docs := parseDocs([]byte("# a comment\nT\n\tT is one.\n\n\tSecond paragraph.\n\nT.a\n\nT.b //\n\tend\n"))
	none := func() string { t.Fatal("no fallback expected"); return "" }
	assert.Equal(t, "// T is one.\n//\n// Second paragraph.\n", docs.comment("", "T", "", none))
	assert.Equal(t, "", docs.comment("\t", "T", "a", none))
	assert.Equal(t, []string{"end"}, docs["T.b //"])
	assert.Equal(t, "\t// C is 총 금액.\n", docs.comment("\t", "T", "c", func() string { return "C is 총 금액." }))

	b := genModels(loadSchema(), docTable{}).String()
	assert.Contains(t, b, "// PaymentAmountInput is 금액 세부 입력 정보 (schema PaymentAmountInput).\ntype PaymentAmountInput struct {\n\t// Total is 총 금액.\n")
}

// TestRequiredMembersExist: every path of the requiredMembers table names
// a member of its struct, through nested structs, so that a typo cannot
// make a generated decoder refuse every reply.
func TestRequiredMembersExist(t *testing.T) {
	src := parsePackage(filepath.Join("..", ".."), loadSchema())
	for name, paths := range requiredMembers {
		for _, path := range paths {
			assert.True(t, src.hasPath(name, path), "%s.%s", name, path)
		}
	}
	assert.False(t, src.hasPath("IssueBillingKeyResponse", "billingKeyInfo.billingKeys"))
	assert.False(t, src.hasPath("IssueBillingKeyResponse", "channelSpecificFailures.type"), "not through a list")
}
