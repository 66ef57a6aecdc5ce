package portone_test

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/internal/schema"
)

// openAPISchema is the part of a components.schemas entry these tests read.
type openAPISchema struct {
	Ref           string                    `json:"$ref"`
	Type          string                    `json:"type"`
	Format        string                    `json:"format"`
	Enum          []string                  `json:"enum"`
	Properties    map[string]*openAPISchema `json:"properties"`
	Items         *openAPISchema            `json:"items"`
	OneOf         []*openAPISchema          `json:"oneOf"`
	Discriminator *struct {
		PropertyName string            `json:"propertyName"`
		Mapping      map[string]string `json:"mapping"`
	} `json:"discriminator"`
}

func refName(ref string) string { return strings.TrimPrefix(ref, "#/components/schemas/") }

func loadSchemas(t *testing.T) map[string]*openAPISchema {
	t.Helper()
	var doc struct {
		Components struct {
			Schemas map[string]*openAPISchema `json:"schemas"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(schema.JSON, &doc))
	require.NotEmpty(t, doc.Components.Schemas)
	return doc.Components.Schemas
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// objectGoTypes maps every object schema reachable from Payment to the Go
// struct types whose fields together hold its properties. A Payment variant
// is PaymentCommon plus the variant struct; the cases of the flattened
// unions (PaymentEscrow, Address) all map to the one struct.
var objectGoTypes = map[string][]reflect.Type{
	"ReadyPayment":                {typeOf[portone.PaymentCommon](), typeOf[portone.ReadyPayment]()},
	"PayPendingPayment":           {typeOf[portone.PaymentCommon](), typeOf[portone.PayPendingPayment]()},
	"VirtualAccountIssuedPayment": {typeOf[portone.PaymentCommon](), typeOf[portone.VirtualAccountIssuedPayment]()},
	"PaidPayment":                 {typeOf[portone.PaymentCommon](), typeOf[portone.PaidPayment]()},
	"FailedPayment":               {typeOf[portone.PaymentCommon](), typeOf[portone.FailedPayment]()},
	"PartialCancelledPayment":     {typeOf[portone.PaymentCommon](), typeOf[portone.PartialCancelledPayment]()},
	"CancelledPayment":            {typeOf[portone.PaymentCommon](), typeOf[portone.CancelledPayment]()},

	"PaymentMethodCard":                {typeOf[portone.PaymentMethodCard]()},
	"PaymentMethodVirtualAccount":      {typeOf[portone.PaymentMethodVirtualAccount]()},
	"PaymentMethodEasyPay":             {typeOf[portone.PaymentMethodEasyPay]()},
	"PaymentMethodEasyPayMethodCharge": {typeOf[portone.PaymentMethodEasyPayCharge]()},
	"PaymentMethodTransfer":            {typeOf[portone.PaymentMethodTransfer]()},
	"PaymentMethodMobile":              {typeOf[portone.PaymentMethodMobile]()},
	"PaymentMethodGiftCertificate":     {typeOf[portone.PaymentMethodGiftCertificate]()},
	"PaymentMethodConvenienceStore":    {typeOf[portone.PaymentMethodConvenienceStore]()},
	"PaymentMethodCrypto":              {typeOf[portone.PaymentMethodCrypto]()},
	"Card":                             {typeOf[portone.Card]()},
	"PaymentInstallment":               {typeOf[portone.PaymentInstallment]()},

	"RequestedPaymentCancellation": {typeOf[portone.RequestedPaymentCancellation]()},
	"SucceededPaymentCancellation": {typeOf[portone.SucceededPaymentCancellation]()},
	"FailedPaymentCancellation":    {typeOf[portone.FailedPaymentCancellation]()},
	"IssuedPaymentCashReceipt":     {typeOf[portone.IssuedPaymentCashReceipt]()},
	"CancelledPaymentCashReceipt":  {typeOf[portone.CancelledPaymentCashReceipt]()},

	"BeforeRegisteredPaymentEscrow": {typeOf[portone.PaymentEscrow]()},
	"RegisteredPaymentEscrow":       {typeOf[portone.PaymentEscrow]()},
	"DeliveredPaymentEscrow":        {typeOf[portone.PaymentEscrow]()},
	"ConfirmedPaymentEscrow":        {typeOf[portone.PaymentEscrow]()},
	"RejectedPaymentEscrow":         {typeOf[portone.PaymentEscrow]()},
	"RejectConfirmedPaymentEscrow":  {typeOf[portone.PaymentEscrow]()},
	"CancelledPaymentEscrow":        {typeOf[portone.PaymentEscrow]()},
	"OneLineAddress":                {typeOf[portone.Address]()},
	"SeparatedAddress":              {typeOf[portone.Address]()},

	"PaymentAmount":          {typeOf[portone.PaymentAmount]()},
	"SelectedChannel":        {typeOf[portone.SelectedChannel]()},
	"ChannelGroupSummary":    {typeOf[portone.ChannelGroupSummary]()},
	"Customer":               {typeOf[portone.Customer]()},
	"PaymentOrigin":          {typeOf[portone.PaymentOrigin]()},
	"PaymentProduct":         {typeOf[portone.PaymentProduct]()},
	"PaymentWebhook":         {typeOf[portone.PaymentWebhook]()},
	"PaymentWebhookRequest":  {typeOf[portone.PaymentWebhookRequest]()},
	"PaymentWebhookResponse": {typeOf[portone.PaymentWebhookResponse]()},
	"PaymentFailure":         {typeOf[portone.PaymentFailure]()},
	"Dispute":                {typeOf[portone.Dispute]()},
}

// enumKnown maps every enum schema reachable from Payment to its Go type's
// IsKnown.
var enumKnown = map[string]func(string) bool{
	"Bank":                             func(v string) bool { return portone.Bank(v).IsKnown() },
	"CardBrand":                        func(v string) bool { return portone.CardBrand(v).IsKnown() },
	"CardOwnerType":                    func(v string) bool { return portone.CardOwnerType(v).IsKnown() },
	"CardType":                         func(v string) bool { return portone.CardType(v).IsKnown() },
	"CashReceiptIssuanceStatus":        func(v string) bool { return portone.CashReceiptIssuanceStatus(v).IsKnown() },
	"CashReceiptType":                  func(v string) bool { return portone.CashReceiptType(v).IsKnown() },
	"ConvenienceStoreBrand":            func(v string) bool { return portone.ConvenienceStoreBrand(v).IsKnown() },
	"Country":                          func(v string) bool { return portone.Country(v).IsKnown() },
	"Currency":                         func(v string) bool { return portone.Currency(v).IsKnown() },
	"DisputeStatus":                    func(v string) bool { return portone.DisputeStatus(v).IsKnown() },
	"EasyPayProvider":                  func(v string) bool { return portone.EasyPayProvider(v).IsKnown() },
	"Gender":                           func(v string) bool { return portone.Gender(v).IsKnown() },
	"PaymentMethodGiftCertificateType": func(v string) bool { return portone.PaymentMethodGiftCertificateType(v).IsKnown() },
	"PaymentMethodVirtualAccountRefundStatus": func(v string) bool { return portone.PaymentMethodVirtualAccountRefundStatus(v).IsKnown() },
	"PaymentMethodVirtualAccountType":         func(v string) bool { return portone.PaymentMethodVirtualAccountType(v).IsKnown() },
	"PaymentOriginPlatformType":               func(v string) bool { return portone.PaymentOriginPlatformType(v).IsKnown() },
	"PaymentWebhookPaymentStatus":             func(v string) bool { return portone.PaymentWebhookPaymentStatus(v).IsKnown() },
	"PaymentWebhookStatus":                    func(v string) bool { return portone.PaymentWebhookStatus(v).IsKnown() },
	"PaymentWebhookTrigger":                   func(v string) bool { return portone.PaymentWebhookTrigger(v).IsKnown() },
	"PgProvider":                              func(v string) bool { return portone.PGProvider(v).IsKnown() },
	"PortOneVersion":                          func(v string) bool { return portone.Version(v).IsKnown() },
	"SelectedChannelType":                     func(v string) bool { return portone.SelectedChannelType(v).IsKnown() },
	"Trigger":                                 func(v string) bool { return portone.CancellationTrigger(v).IsKnown() },
}

// decodePayment decodes doc, given the id and amount.total every payment
// must have, or fails the test.
func decodePayment(t *testing.T, doc string) portone.Payment {
	t.Helper()
	doc = `{"id":"payment-1","amount":{"total":1000},` + strings.TrimPrefix(doc, "{")
	var p portone.Payment
	require.NoError(t, json.Unmarshal([]byte(doc), &p), doc)
	return p
}

// unionCaseKnown maps every union schema reachable from Payment to a check
// that a discriminator value decodes into a known (non-fallback) Go case.
var unionCaseKnown = map[string]func(t *testing.T, key string) bool{
	"Payment": func(t *testing.T, key string) bool {
		p := decodePayment(t, `{"status":"`+key+`"}`)
		_, unknown := p.Variant.(*portone.UnknownPayment)
		return !unknown && p.Variant.Status() == portone.PaymentStatus(key)
	},
	"PaymentMethod": func(t *testing.T, key string) bool {
		p := decodePayment(t, `{"status":"READY","method":{"type":"`+key+`"}}`)
		_, unknown := p.Method.(*portone.UnknownPaymentMethod)
		return !unknown && p.Method.MethodType() == key
	},
	"PaymentMethodEasyPayMethod": func(t *testing.T, key string) bool {
		p := decodePayment(t, `{"status":"READY","method":{"type":"PaymentMethodEasyPay","easyPayMethod":{"type":"`+key+`"}}}`)
		m := p.Method.(*portone.PaymentMethodEasyPay).EasyPayMethod
		_, unknown := m.(*portone.UnknownPaymentMethod)
		return !unknown && m.MethodType() == key
	},
	"PaymentCancellation": func(t *testing.T, key string) bool {
		p := decodePayment(t, `{"status":"CANCELLED","cancellations":[{"status":"`+key+`"}]}`)
		c := p.Variant.(*portone.CancelledPayment).Cancellations[0]
		_, unknown := c.(*portone.UnknownPaymentCancellation)
		return !unknown && c.Status() == portone.PaymentCancellationStatus(key)
	},
	"PaymentCashReceipt": func(t *testing.T, key string) bool {
		p := decodePayment(t, `{"status":"PAID","cashReceipt":{"status":"`+key+`"}}`)
		r := p.Variant.(*portone.PaidPayment).CashReceipt
		_, unknown := r.(*portone.UnknownPaymentCashReceipt)
		return !unknown && r.Status() == portone.PaymentCashReceiptStatus(key)
	},
	"PaymentEscrow": func(t *testing.T, key string) bool { return portone.PaymentEscrowStatus(key).IsKnown() },
	"Address":       func(t *testing.T, key string) bool { return portone.AddressType(key).IsKnown() },
}

// goField is one JSON-visible field of a Go struct.
type goField struct {
	owner reflect.Type
	name  string
	typ   reflect.Type
}

// jsonFields returns the fields of struct type t by JSON name, following
// embedded structs without a tag the way encoding/json does.
func jsonFields(t reflect.Type) map[string]goField {
	fields := map[string]goField{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for k, v := range jsonFields(f.Type) {
				fields[k] = v
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = goField{owner: t, name: f.Name, typ: f.Type}
	}
	return fields
}

// schemaWalk is the set of schemas reachable from Payment, by kind, with the
// discriminator property of every union case.
type schemaWalk struct {
	objects, enums, unions []string
	discriminatorOf        map[string]string // case schema -> discriminator property
}

// walkFromPayment walks everything reachable from Payment.
func walkFromPayment(t *testing.T, schemas map[string]*openAPISchema) schemaWalk {
	return walkSchemas(t, schemas, "Payment")
}

// walkSchemas lists the schemas reachable from roots by kind, with the
// discriminator property of each union case.
func walkSchemas(t *testing.T, schemas map[string]*openAPISchema, roots ...string) schemaWalk {
	t.Helper()
	w := schemaWalk{discriminatorOf: map[string]string{}}
	seen := map[string]bool{}
	queue := append([]string(nil), roots...)
	var visit func(s *openAPISchema)
	visit = func(s *openAPISchema) {
		if s == nil {
			return
		}
		if s.Ref != "" {
			queue = append(queue, refName(s.Ref))
		}
		visit(s.Items)
		for _, p := range s.Properties {
			visit(p)
		}
		for _, c := range s.OneOf {
			visit(c)
		}
	}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		s, ok := schemas[name]
		require.True(t, ok, "schema %s is referenced but not defined", name)
		switch {
		case len(s.OneOf) > 0:
			require.NotNil(t, s.Discriminator, "union %s has no discriminator", name)
			w.unions = append(w.unions, name)
			for _, ref := range s.Discriminator.Mapping {
				w.discriminatorOf[refName(ref)] = s.Discriminator.PropertyName
			}
		case len(s.Enum) > 0:
			w.enums = append(w.enums, name)
		default:
			w.objects = append(w.objects, name)
		}
		visit(s)
	}
	sort.Strings(w.objects)
	sort.Strings(w.enums)
	sort.Strings(w.unions)
	return w
}

// kindMatches reports whether Go type gt can hold schema property p.
func kindMatches(schemas map[string]*openAPISchema, p *openAPISchema, gt reflect.Type) bool {
	for gt.Kind() == reflect.Pointer {
		gt = gt.Elem()
	}
	if p.Ref != "" {
		target := schemas[refName(p.Ref)]
		switch {
		case len(target.Enum) > 0:
			return gt.Kind() == reflect.String
		case len(target.OneOf) > 0:
			return gt.Kind() == reflect.Interface || gt.Kind() == reflect.Struct
		default:
			return gt.Kind() == reflect.Struct
		}
	}
	switch p.Type {
	case "string":
		if p.Format == "date-time" {
			return gt == reflect.TypeFor[time.Time]()
		}
		return gt.Kind() == reflect.String
	case "integer":
		if p.Format == "int64" {
			return gt.Kind() == reflect.Int64
		}
		return gt.Kind() == reflect.Int || gt.Kind() == reflect.Int64 || gt.Kind() == reflect.Int32
	case "boolean":
		return gt.Kind() == reflect.Bool
	case "array":
		return gt.Kind() == reflect.Slice && kindMatches(schemas, p.Items, gt.Elem())
	}
	return false
}

// TestSchemaPropertiesHaveGoFields walks every schema reachable from
// Payment (all payment variants, payment methods, the easy-pay method,
// cancellation, cash receipt, escrow and address unions and every nested
// object) and fails, naming the property, when a schema property has no Go
// field with that json tag or a field of an incompatible kind. It also fails
// when a reachable object schema has no Go type, and when a Go field's tag
// is not a property of any schema mapped to its type (a typo).
func TestSchemaPropertiesHaveGoFields(t *testing.T) {
	schemas := loadSchemas(t)
	w := walkFromPayment(t, schemas)
	require.Contains(t, w.objects, "PaidPayment")
	require.Contains(t, w.objects, "PaymentMethodEasyPayMethodCharge")

	checkGoFields(t, schemas, w, " from Payment", "objectGoTypes", func(name string) ([]reflect.Type, bool) {
		goTypes, ok := objectGoTypes[name]
		return goTypes, ok
	}, func(p *openAPISchema, gt reflect.Type) bool { return kindMatches(schemas, p, gt) })
}

// TestSchemaPaymentCommonIsSharedSet checks that PaymentCommon holds exactly
// the properties all seven Payment variants share, and each variant struct
// exactly the rest of its schema's properties.
func TestSchemaPaymentCommonIsSharedSet(t *testing.T) {
	schemas := loadSchemas(t)
	union := schemas["Payment"]
	require.NotNil(t, union.Discriminator)
	var shared map[string]bool
	for _, ref := range union.Discriminator.Mapping {
		props := map[string]bool{}
		for p := range schemas[refName(ref)].Properties {
			props[p] = true
		}
		if shared == nil {
			shared = props
			continue
		}
		for p := range shared {
			if !props[p] {
				delete(shared, p)
			}
		}
	}
	common := jsonFields(typeOf[portone.PaymentCommon]())
	for p := range shared {
		if _, ok := common[p]; !ok {
			t.Errorf("property %q is shared by all Payment variants but is not in PaymentCommon", p)
		}
	}
	for p := range common {
		if !shared[p] {
			t.Errorf("PaymentCommon has %q, which not every Payment variant defines", p)
		}
	}
	for key, ref := range union.Discriminator.Mapping {
		name := refName(ref)
		goTypes, ok := objectGoTypes[name]
		require.True(t, ok, "no Go type for %s (%s)", name, key)
		variant := jsonFields(goTypes[len(goTypes)-1])
		for p := range schemas[name].Properties {
			_, inVariant := variant[p]
			if shared[p] == inVariant {
				t.Errorf("%s: property %q should be in exactly one of PaymentCommon and %s", name, p, goTypes[len(goTypes)-1].Name())
			}
		}
	}
}

// TestSchemaEnumValuesKnown checks that every value of every enum reachable
// from Payment has a constant (IsKnown reports true), so a schema update
// without re-running the generator is noticed.
func TestSchemaEnumValuesKnown(t *testing.T) {
	schemas := loadSchemas(t)
	w := walkFromPayment(t, schemas)
	checkEnumsKnown(t, schemas, w, " from Payment", "enumKnown", func(name string) (func(string) bool, bool) {
		known, ok := enumKnown[name]
		return known, ok
	})
	// The filter enum, spelled PENDING, is not reachable from Payment.
	for _, v := range schemas["PaymentStatus"].Enum {
		if !portone.PaymentFilterStatus(v).IsKnown() {
			t.Errorf("filter status %q has no PaymentFilterStatus constant", v)
		}
	}
}

// TestSchemaUnionCasesDecode checks that every case of every union reachable
// from Payment decodes into its own Go type rather than the Unknown
// fallback.
func TestSchemaUnionCasesDecode(t *testing.T) {
	schemas := loadSchemas(t)
	w := walkFromPayment(t, schemas)
	checkUnionCasesDecode(t, schemas, w, " from Payment", "unionCaseKnown", func(name string) (func(*testing.T, string) bool, bool) {
		check, ok := unionCaseKnown[name]
		return check, ok
	})
}
