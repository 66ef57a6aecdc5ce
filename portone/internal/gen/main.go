// Command gen writes portone/payment_enums_gen.go: one open string type per
// PortOne schema enum used by the Payment object, with a constant for every
// value the schema defines and an IsKnown method.
//
// Run it from the portone directory (go generate does this, see payment.go):
//
//	go run ./internal/gen -schema ../../shared/api/portone/v2.openapi.json -out payment_enums_gen.go
//
// The list of enums, their Go names and their English doc comments live in
// the enums table below; values and their titles come from the schema.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"strings"
	"unicode"
)

type enumSpec struct {
	schema string // schema name under components.schemas
	name   string // Go type name
	doc    string // English doc comment; the type name starts it
	// rawNames uses the value itself as the constant suffix (CountryKR,
	// CurrencyKRW) instead of converting SNAKE_CASE to CamelCase.
	rawNames bool
}

var enums = []enumSpec{
	{schema: "Bank", name: "Bank", doc: "Bank is a standard Korean bank or securities-firm code (은행), used by virtual-account, transfer and easy-pay charge methods."},
	{schema: "CardBrand", name: "CardBrand", doc: "CardBrand is a card network brand (카드 브랜드); LOCAL is a domestic-only card."},
	{schema: "CardOwnerType", name: "CardOwnerType", doc: "CardOwnerType says whether a card belongs to a person or a company (카드 소유주 유형)."},
	{schema: "CardType", name: "CardType", doc: "CardType is the kind of card (카드 유형): credit, debit (체크카드) or gift card."},
	{schema: "CashReceiptIssuanceStatus", name: "CashReceiptIssuanceStatus", doc: "CashReceiptIssuanceStatus says whether a cash receipt was issued, as known at approval time (현금영수증 발행여부). It can be ISSUED while the payment has no CashReceipt, when the PG reports only the fact of issuance."},
	{schema: "CashReceiptType", name: "CashReceiptType", doc: "CashReceiptType is the purpose of a cash receipt (발급 유형): PERSONAL for an income deduction (소득공제용), CORPORATE as proof of expense (지출증빙용)."},
	{schema: "ConvenienceStoreBrand", name: "ConvenienceStoreBrand", doc: "ConvenienceStoreBrand is the convenience-store chain used for a convenience-store payment (편의점 브랜드)."},
	{schema: "Country", name: "Country", doc: "Country is an ISO 3166-1 alpha-2 country code (국가).", rawNames: true},
	{schema: "Currency", name: "Currency", doc: "Currency is an ISO 4217 currency code (통화). Amounts in this package are integers in the currency's minor unit (KRW: won, USD: cents).", rawNames: true},
	{schema: "DisputeStatus", name: "DisputeStatus", doc: "DisputeStatus is the state of a payment dispute (분쟁 상태)."},
	{schema: "EasyPayProvider", name: "EasyPayProvider", doc: "EasyPayProvider is the easy-pay service (간편 결제사) used for a payment, such as KAKAOPAY or NAVERPAY."},
	{schema: "Gender", name: "Gender", doc: "Gender is a customer's gender (성별)."},
	{schema: "PaymentMethodGiftCertificateType", name: "PaymentMethodGiftCertificateType", doc: "PaymentMethodGiftCertificateType is the kind of gift certificate used (상품권 종류)."},
	{schema: "PaymentMethodVirtualAccountRefundStatus", name: "PaymentMethodVirtualAccountRefundStatus", doc: "PaymentMethodVirtualAccountRefundStatus is the refund state of a virtual-account payment that is being refunded (가상계좌 환불 상태)."},
	{schema: "PaymentMethodVirtualAccountType", name: "PaymentMethodVirtualAccountType", doc: "PaymentMethodVirtualAccountType says whether a virtual account is fixed to a customer (고정식) or issued per payment (회전식, NORMAL)."},
	{schema: "PaymentOriginPlatformType", name: "PaymentOriginPlatformType", doc: "PaymentOriginPlatformType is the kind of platform a payment was requested from (플랫폼 타입)."},
	{schema: "PaymentWebhookPaymentStatus", name: "PaymentWebhookPaymentStatus", doc: "PaymentWebhookPaymentStatus is the payment's status when a webhook was sent (웹훅 발송 시 결제 건 상태). It spells the pending status PAY_PENDING, like PaymentStatus."},
	{schema: "PaymentWebhookStatus", name: "PaymentWebhookStatus", doc: "PaymentWebhookStatus is the delivery outcome of a webhook (웹훅 전송 상태)."},
	{schema: "PaymentWebhookTrigger", name: "PaymentWebhookTrigger", doc: "PaymentWebhookTrigger is what caused a webhook to be sent (웹훅 실행 트리거). It is set only for manual resends, virtual-account deposits, asynchronous approvals and cancellations, and disputes."},
	{schema: "PgProvider", name: "PgProvider", doc: "PgProvider is the PG (payment gateway) module that processed a payment (PG사 결제 모듈)."},
	{schema: "PortOneVersion", name: "PortOneVersion", doc: "PortOneVersion is the PortOne generation a payment was made with (포트원 버전). The V2 API also returns V1 payments."},
	{schema: "SelectedChannelType", name: "SelectedChannelType", doc: "SelectedChannelType says whether a channel is a live or a test integration (채널 타입)."},
	{schema: "Trigger", name: "CancellationTrigger", doc: "CancellationTrigger is where a cancellation was requested from (취소 요청 경로). The schema names this type Trigger."},
}

type schemaEnum struct {
	Type   string   `json:"type"`
	Enum   []string `json:"enum"`
	Titles map[string]struct {
		Title string `json:"title"`
	} `json:"x-portone-enum"`
}

func main() {
	schemaPath := flag.String("schema", "../../shared/api/portone/v2.openapi.json", "path to the PortOne V2 OpenAPI schema")
	out := flag.String("out", "payment_enums_gen.go", "output Go file")
	flag.Parse()

	raw, err := os.ReadFile(*schemaPath)
	if err != nil {
		log.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		log.Fatal(err)
	}

	var b bytes.Buffer
	b.WriteString("// Code generated by portone/internal/gen from the PortOne V2 OpenAPI schema; DO NOT EDIT.\n\n")
	b.WriteString("package portone\n")
	for _, spec := range enums {
		rawSchema, ok := doc.Components.Schemas[spec.schema]
		if !ok {
			log.Fatalf("schema %s not found", spec.schema)
		}
		var e schemaEnum
		if err := json.Unmarshal(rawSchema, &e); err != nil {
			log.Fatalf("%s: %v", spec.schema, err)
		}
		if e.Type != "string" || len(e.Enum) == 0 {
			log.Fatalf("%s is not a string enum", spec.schema)
		}
		writeEnum(&b, spec, e)
	}

	src, err := format.Source(b.Bytes())
	if err != nil {
		log.Fatalf("gofmt: %v\n%s", err, b.Bytes())
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

func writeEnum(b *bytes.Buffer, spec enumSpec, e schemaEnum) {
	b.WriteString("\n")
	b.WriteString(wrapComment(spec.doc))
	b.WriteString("//\n")
	fmt.Fprintf(b, "// It is an open enum: PortOne may add values at any time, and values not\n// listed here decode unchanged (see IsKnown).\n")
	fmt.Fprintf(b, "type %s string\n\n", spec.name)
	fmt.Fprintf(b, "// %s values defined by the schema.\nconst (\n", spec.name)
	names := make([]string, len(e.Enum))
	seen := map[string]string{}
	for i, v := range e.Enum {
		suffix := v
		if !spec.rawNames {
			suffix = camel(v)
		}
		name := spec.name + suffix
		if prev, dup := seen[name]; dup {
			log.Fatalf("%s: values %q and %q both map to %s", spec.schema, prev, v, name)
		}
		seen[name] = v
		names[i] = name
		fmt.Fprintf(b, "\t%s %s = %q", name, spec.name, v)
		if t := e.Titles[v].Title; t != "" {
			fmt.Fprintf(b, " // %s", t)
		}
		b.WriteString("\n")
	}
	b.WriteString(")\n\n")
	fmt.Fprintf(b, "// IsKnown reports whether v is one of the %s values defined by the schema.\n", spec.name)
	fmt.Fprintf(b, "func (v %s) IsKnown() bool {\n\tswitch v {\n\tcase %s:\n\t\treturn true\n\t}\n\treturn false\n}\n",
		spec.name, strings.Join(names, ",\n\t\t"))
}

// wrapComment formats text as // comment lines of at most about 78 columns.
func wrapComment(text string) string {
	var b, line strings.Builder
	for _, word := range strings.Fields(text) {
		if line.Len() > 0 && line.Len()+1+len([]rune(word)) > 75 {
			b.WriteString("// " + line.String() + "\n")
			line.Reset()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(word)
	}
	if line.Len() > 0 {
		b.WriteString("// " + line.String() + "\n")
	}
	return b.String()
}

// initialisms are words kept in upper case, as Go style asks.
var initialisms = map[string]bool{"API": true, "PC": true, "QR": true, "ID": true, "URL": true}

// camel turns SNAKE_CASE into CamelCase: KB_APP -> KbApp, HTML5_INICIS ->
// Html5Inicis, THAI_QR -> ThaiQR.
func camel(s string) string {
	var b strings.Builder
	for _, part := range strings.Split(s, "_") {
		if initialisms[part] {
			b.WriteString(part)
			continue
		}
		for i, r := range part {
			if i == 0 {
				b.WriteRune(unicode.ToUpper(r))
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
		}
	}
	out := b.String()
	if out == "" || !unicode.IsLetter(rune(out[0])) && !unicode.IsDigit(rune(out[0])) {
		log.Fatalf("cannot name enum value %q", s)
	}
	return out
}
