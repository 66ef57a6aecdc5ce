package portone_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
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

// Schema drift checks for the billing-key, payment-schedule, cash-receipt
// and identity-verification services, built on the payment checks' helpers
// above (loadSchemas, jsonFields, kindMatches, objectGoTypes, enumKnown,
// unionCaseKnown).

// otherOperations are the endpoints of the four services. Their request
// and 200 response schemas, with the four union roots, are where the walk
// starts.
var otherOperations = []struct{ method, path string }{
	{"get", "/billing-keys/{billingKey}"},
	{"delete", "/billing-keys/{billingKey}"},
	{"get", "/billing-keys"},
	{"post", "/billing-keys"},
	{"post", "/billing-keys/confirm"},
	{"post", "/billing-keys/confirm-issue-and-pay"},
	{"post", "/payments/{paymentId}/schedule"},
	{"get", "/payment-schedules/{paymentScheduleId}"},
	{"get", "/payment-schedules"},
	{"delete", "/payment-schedules"},
	{"post", "/cash-receipts"},
	{"get", "/cash-receipts"},
	{"get", "/payments/{paymentId}/cash-receipt"},
	{"post", "/payments/{paymentId}/cash-receipt/cancel"},
	{"get", "/identity-verifications/{identityVerificationId}"},
	{"get", "/identity-verifications"},
	{"post", "/identity-verifications/{identityVerificationId}/send"},
	{"post", "/identity-verifications/{identityVerificationId}/confirm"},
	{"post", "/identity-verifications/{identityVerificationId}/resend"},
}

var otherUnionRoots = []string{"BillingKeyInfo", "PaymentSchedule", "CashReceipt", "IdentityVerification"}

// otherObjectGoTypes maps the object schemas of these services to the Go
// struct types whose fields together hold their properties; schemas shared
// with Payment are looked up in objectGoTypes.
var otherObjectGoTypes = func() map[string][]reflect.Type {
	bk := typeOf[portone.BillingKeyInfoCommon]()
	ps := typeOf[portone.PaymentScheduleCommon]()
	cr := typeOf[portone.CashReceiptCommon]()
	iv := typeOf[portone.IdentityVerificationCommon]()
	return map[string][]reflect.Type{
		"IssuedBillingKeyInfo":                    {bk, typeOf[portone.IssuedBillingKeyInfo]()},
		"DeletedBillingKeyInfo":                   {bk, typeOf[portone.DeletedBillingKeyInfo]()},
		"BillingKeyPaymentMethodCard":             {typeOf[portone.BillingKeyPaymentMethodCard]()},
		"BillingKeyPaymentMethodEasyPay":          {typeOf[portone.BillingKeyPaymentMethodEasyPay]()},
		"BillingKeyPaymentMethodEasyPayCharge":    {typeOf[portone.BillingKeyPaymentMethodEasyPayCharge]()},
		"BillingKeyPaymentMethodMobile":           {typeOf[portone.BillingKeyPaymentMethodMobile]()},
		"BillingKeyPaymentMethodPaypal":           {typeOf[portone.BillingKeyPaymentMethodPaypal]()},
		"BillingKeyPaymentMethodTransfer":         {typeOf[portone.BillingKeyPaymentMethodTransfer]()},
		"IssuedPgBillingKeyIssueResponse":         {typeOf[portone.IssuedPGBillingKeyIssueResponse]()},
		"FailedPgBillingKeyIssueResponse":         {typeOf[portone.FailedPGBillingKeyIssueResponse]()},
		"BillingKeyFailure":                       {typeOf[portone.BillingKeyFailure]()},
		"GetBillingKeyInfosBody":                  {typeOf[portone.BillingKeyListParams]()},
		"GetBillingKeyInfosResponse":              {typeOf[portone.BillingKeyInfoList]()},
		"BillingKeyFilterInput":                   {typeOf[portone.BillingKeyFilterInput]()},
		"BillingKeySortInput":                     {typeOf[portone.BillingKeySortInput]()},
		"BillingKeyTextSearch":                    {typeOf[portone.BillingKeyTextSearch]()},
		"DeleteBillingKeyResponse":                {typeOf[portone.DeleteBillingKeyResponse]()},
		"IssueBillingKeyBody":                     {typeOf[portone.IssueBillingKeyParams]()},
		"InstantBillingKeyPaymentMethodInput":     {typeOf[portone.BillingKeyMethodInput]()},
		"InstantBillingKeyPaymentMethodInputCard": {typeOf[portone.BillingKeyCardInput]()},
		"CardCredential":                          {typeOf[portone.CardCredential]()},
		"IssueBillingKeyResponse":                 {typeOf[portone.IssueBillingKeyResponse]()},
		"BillingKeyInfoSummary":                   {typeOf[portone.BillingKeyInfoSummary]()},
		"ChannelSpecificFailureInvalidRequest":    {typeOf[portone.ChannelSpecificFailureInvalidRequest]()},
		"ChannelSpecificFailurePgProvider":        {typeOf[portone.ChannelSpecificFailurePGProvider]()},
		"ConfirmBillingKeyBody":                   {typeOf[portone.ConfirmBillingKeyParams]()},
		"ConfirmedBillingKeySummary":              {typeOf[portone.ConfirmedBillingKeySummary]()},
		"ConfirmBillingKeyIssueAndPayBody":        {typeOf[portone.ConfirmBillingKeyIssueAndPayParams]()},
		"ConfirmedBillingKeyIssueAndPaySummary":   {typeOf[portone.ConfirmedBillingKeyIssueAndPaySummary]()},
		"PageInput":                               {typeOf[portone.PageInput]()},
		"PageInfo":                                {typeOf[portone.PageInfo]()},
		"CustomerInput":                           {typeOf[portone.CustomerInput]()},
		"CustomerNameInput":                       {typeOf[portone.CustomerNameInput]()},
		"CustomerSeparatedName":                   {typeOf[portone.CustomerSeparatedName]()},
		"SeparatedAddressInput":                   {typeOf[portone.SeparatedAddressInput]()},
		"PaymentAmountInput":                      {typeOf[portone.PaymentAmountInput]()},
		"CashReceiptInput":                        {typeOf[portone.CashReceiptInput]()},

		"ScheduledPaymentSchedule":       {ps, typeOf[portone.ScheduledPaymentSchedule]()},
		"StartedPaymentSchedule":         {ps, typeOf[portone.StartedPaymentSchedule]()},
		"SucceededPaymentSchedule":       {ps, typeOf[portone.SucceededPaymentSchedule]()},
		"FailedPaymentSchedule":          {ps, typeOf[portone.FailedPaymentSchedule]()},
		"PendingPaymentSchedule":         {ps, typeOf[portone.PendingPaymentSchedule]()},
		"RevokedPaymentSchedule":         {ps, typeOf[portone.RevokedPaymentSchedule]()},
		"CreatePaymentScheduleBody":      {typeOf[portone.CreatePaymentScheduleParams]()},
		"BillingKeyPaymentScheduleInput": {typeOf[portone.BillingKeyPaymentScheduleInput]()},
		"CreatePaymentScheduleResponse":  {typeOf[portone.CreatePaymentScheduleResponse]()},
		"PaymentScheduleSummary":         {typeOf[portone.PaymentScheduleSummary]()},
		"GetPaymentSchedulesBody":        {typeOf[portone.PaymentScheduleListParams]()},
		"GetPaymentSchedulesResponse":    {typeOf[portone.PaymentScheduleList]()},
		"PaymentScheduleSortInput":       {typeOf[portone.PaymentScheduleSortInput]()},
		"PaymentScheduleFilterInput":     {typeOf[portone.PaymentScheduleFilterInput]()},
		"RevokePaymentSchedulesBody":     {typeOf[portone.RevokePaymentSchedulesParams]()},
		"RevokePaymentSchedulesResponse": {typeOf[portone.RevokePaymentSchedulesResponse]()},

		"IssuedCashReceipt":             {cr, typeOf[portone.IssuedCashReceipt]()},
		"CancelledCashReceipt":          {cr, typeOf[portone.CancelledCashReceipt]()},
		"IssueFailedCashReceipt":        {cr, typeOf[portone.IssueFailedCashReceipt]()},
		"IssueCashReceiptBody":          {typeOf[portone.IssueCashReceiptParams]()},
		"IssueCashReceiptCustomerInput": {typeOf[portone.IssueCashReceiptCustomerInput]()},
		"IssueCashReceiptResponse":      {typeOf[portone.IssueCashReceiptResponse]()},
		"CashReceiptSummary":            {typeOf[portone.CashReceiptSummary]()},
		"GetCashReceiptsBody":           {typeOf[portone.CashReceiptListParams]()},
		"GetCashReceiptsResponse":       {typeOf[portone.CashReceiptList]()},
		"CashReceiptSortInput":          {typeOf[portone.CashReceiptSortInput]()},
		"CashReceiptFilterInput":        {typeOf[portone.CashReceiptFilterInput]()},
		"CancelCashReceiptResponse":     {typeOf[portone.CancelCashReceiptResponse]()},

		"ReadyIdentityVerification":               {iv, typeOf[portone.ReadyIdentityVerification]()},
		"VerifiedIdentityVerification":            {iv, typeOf[portone.VerifiedIdentityVerification]()},
		"FailedIdentityVerification":              {iv, typeOf[portone.FailedIdentityVerification]()},
		"IdentityVerificationRequestedCustomer":   {typeOf[portone.IdentityVerificationRequestedCustomer]()},
		"IdentityVerificationVerifiedCustomer":    {typeOf[portone.IdentityVerificationVerifiedCustomer]()},
		"IdentityVerificationFailure":             {typeOf[portone.IdentityVerificationFailure]()},
		"GetIdentityVerificationsBody":            {typeOf[portone.IdentityVerificationListParams]()},
		"GetIdentityVerificationsResponse":        {typeOf[portone.IdentityVerificationList]()},
		"IdentityVerificationSortInput":           {typeOf[portone.IdentityVerificationSortInput]()},
		"IdentityVerificationFilterInput":         {typeOf[portone.IdentityVerificationFilterInput]()},
		"IdentityVerificationFilterCustomerInput": {typeOf[portone.IdentityVerificationFilterCustomerInput]()},
		"SendIdentityVerificationBody":            {typeOf[portone.SendIdentityVerificationParams]()},
		"SendIdentityVerificationBodyCustomer":    {typeOf[portone.SendIdentityVerificationCustomer]()},
		"SendIdentityVerificationResponse":        {typeOf[portone.SendIdentityVerificationResponse]()},
		"ConfirmIdentityVerificationBody":         {typeOf[portone.ConfirmIdentityVerificationParams]()},
		"ConfirmIdentityVerificationResponse":     {typeOf[portone.ConfirmIdentityVerificationResponse]()},
		"ResendIdentityVerificationResponse":      {typeOf[portone.ResendIdentityVerificationResponse]()},
	}
}()

// known adapts an IsKnown method for the enum table.
func known[E ~string](isKnown func(E) bool) func(string) bool {
	return func(v string) bool { return isKnown(E(v)) }
}

// otherEnumKnown maps the enum schemas of these services to their Go
// type's IsKnown; enums shared with Payment are in enumKnown.
var otherEnumKnown = map[string]func(string) bool{
	"BillingKeyStatus":                                known(portone.BillingKeyStatus.IsKnown),
	"BillingKeyDeleteRequester":                       known(portone.BillingKeyDeleteRequester.IsKnown),
	"BillingKeyTimeRangeField":                        known(portone.BillingKeyTimeRangeField.IsKnown),
	"BillingKeySortBy":                                known(portone.BillingKeySortBy.IsKnown),
	"BillingKeyTextSearchField":                       known(portone.BillingKeyTextSearchField.IsKnown),
	"BillingKeyPaymentMethodType":                     known(portone.BillingKeyPaymentMethodType.IsKnown),
	"PgCompany":                                       known(portone.PGCompany.IsKnown),
	"PaymentScheduleStatus":                           known(portone.PaymentScheduleStatus.IsKnown),
	"PaymentScheduleSortBy":                           known(portone.PaymentScheduleSortBy.IsKnown),
	"CashReceiptStatus":                               known(portone.CashReceiptFilterStatus.IsKnown),
	"CashReceiptSortBy":                               known(portone.CashReceiptSortBy.IsKnown),
	"CashReceiptTimeRangeField":                       known(portone.CashReceiptTimeRangeField.IsKnown),
	"IssueCashReceiptCustomerInputIdentityNumberType": known(portone.CashReceiptIdentityNumberType.IsKnown),
	"IssueCashReceiptPaymentMethodType":               known(portone.IssueCashReceiptPaymentMethodType.IsKnown),
	"IdentityVerificationStatus":                      known(portone.IdentityVerificationStatus.IsKnown),
	"IdentityVerificationSortBy":                      known(portone.IdentityVerificationSortBy.IsKnown),
	"IdentityVerificationTimeRangeField":              known(portone.IdentityVerificationTimeRangeField.IsKnown),
	"IdentityVerificationOperator":                    known(portone.IdentityVerificationOperator.IsKnown),
	"IdentityVerificationMethod":                      known(portone.IdentityVerificationMethod.IsKnown),
	"Carrier":                                         known(portone.Carrier.IsKnown),
	"SortOrder":                                       known(portone.SortOrder.IsKnown),
	"PaymentClientType":                               known(portone.PaymentClientType.IsKnown),
	"CashReceiptInputType":                            known(portone.CashReceiptInputType.IsKnown),
	"PaymentProductType":                              known(portone.PaymentProductType.IsKnown),
	"Locale":                                          known(portone.Locale.IsKnown),
}

// decodeAs decodes doc into a T or fails the test.
func decodeAs[T any](t *testing.T, doc string) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal([]byte(doc), &v), doc)
	return v
}

// isUnknown reports whether v is one of the Unknown… fallbacks.
func isUnknown(v any) bool { return strings.HasPrefix(reflect.TypeOf(v).Elem().Name(), "Unknown") }

// otherUnionCaseKnown maps the unions of these services to a check that a
// discriminator value decodes into its own Go case; Address is shared.
var otherUnionCaseKnown = map[string]func(t *testing.T, key string) bool{
	"BillingKeyInfo": func(t *testing.T, key string) bool {
		v := decodeAs[portone.BillingKeyInfo](t, `{"status":"`+key+`"}`).Variant
		return !isUnknown(v) && string(v.Status()) == key
	},
	"BillingKeyPaymentMethod": func(t *testing.T, key string) bool {
		m := decodeAs[portone.BillingKeyInfo](t, `{"status":"ISSUED","methods":[{"type":"`+key+`"}]}`).Methods[0]
		return !isUnknown(m) && m.MethodType() == key
	},
	"BillingKeyPaymentMethodEasyPayMethod": func(t *testing.T, key string) bool {
		b := decodeAs[portone.BillingKeyInfo](t, `{"status":"ISSUED","methods":[{"type":"BillingKeyPaymentMethodEasyPay","method":{"type":"`+key+`"}}]}`)
		m := b.Methods[0].(*portone.BillingKeyPaymentMethodEasyPay).Method
		return !isUnknown(m) && m.MethodType() == key
	},
	"PgBillingKeyIssueResponse": func(t *testing.T, key string) bool {
		r := decodeAs[portone.BillingKeyInfo](t, `{"status":"ISSUED","pgBillingKeyIssueResponses":[{"type":"`+key+`"}]}`).PGBillingKeyIssueResponses[0]
		return !isUnknown(r) && r.Type() == key
	},
	"ChannelSpecificFailure": func(t *testing.T, key string) bool {
		f := decodeAs[portone.IssueBillingKeyResponse](t, `{"billingKeyInfo":{"billingKey":"bk","issuedAt":"2024-04-25T10:00:00Z"},`+
			`"channelSpecificFailures":[{"type":"`+key+`"}]}`).ChannelSpecificFailures[0]
		return !isUnknown(f) && string(f.Type()) == key
	},
	"PaymentSchedule": func(t *testing.T, key string) bool {
		v := decodeAs[portone.PaymentSchedule](t, `{"status":"`+key+`"}`).Variant
		return !isUnknown(v) && string(v.Status()) == key
	},
	"CashReceipt": func(t *testing.T, key string) bool {
		v := decodeAs[portone.CashReceipt](t, `{"status":"`+key+`"}`).Variant
		return !isUnknown(v) && string(v.Status()) == key
	},
	"IdentityVerification": func(t *testing.T, key string) bool {
		v := decodeAs[portone.IdentityVerification](t, `{"status":"`+key+`"}`).Variant
		return !isUnknown(v) && string(v.Status()) == key
	},
}

// operationRoots returns the schemas the operations take and return: JSON
// bodies, the requestBody query parameter, $ref query parameters and 200
// responses. It fails when an operation is missing.
func operationRoots(t *testing.T) []string {
	t.Helper()
	type content map[string]struct {
		Schema openAPISchema `json:"schema"`
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Schema  *openAPISchema `json:"schema"`
				Content content        `json:"content"`
			} `json:"parameters"`
			RequestBody *struct {
				Content content `json:"content"`
			} `json:"requestBody"`
			Responses map[string]struct {
				Content content `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(schema.JSON, &doc))
	var roots []string
	add := func(c content) {
		if s, ok := c["application/json"]; ok && s.Schema.Ref != "" {
			roots = append(roots, refName(s.Schema.Ref))
		}
	}
	for _, op := range otherOperations {
		o, ok := doc.Paths[op.path][op.method]
		require.True(t, ok, "%s %s is not in the schema", op.method, op.path)
		for _, p := range o.Parameters {
			if p.Schema != nil && p.Schema.Ref != "" {
				roots = append(roots, refName(p.Schema.Ref))
			}
			add(p.Content)
		}
		if o.RequestBody != nil {
			add(o.RequestBody.Content)
		}
		add(o.Responses["200"].Content)
	}
	return roots
}

// lookup returns m[name], else fallback[name].
func lookup[V any](m, fallback map[string]V, name string) (V, bool) {
	if v, ok := m[name]; ok {
		return v, true
	}
	v, ok := fallback[name]
	return v, ok
}

// freeObjectMatches accepts a map for a free-form object ("bypass"), which
// kindMatches does not know.
func freeObjectMatches(p *openAPISchema, gt reflect.Type) bool {
	return p.Type == "object" && len(p.Properties) == 0 && gt.Kind() == reflect.Map
}

// TestSchemaOtherServicesHaveGoFields walks every schema reachable from
// the four services' operations and from BillingKeyInfo, PaymentSchedule,
// CashReceipt and IdentityVerification, and fails, naming the property,
// when an object property has no Go field with that json tag or one of an
// incompatible kind, when a reachable object has no Go type, and when a Go
// field's tag is in none of the schemas mapped to its type.
func TestSchemaOtherServicesHaveGoFields(t *testing.T) {
	schemas := loadSchemas(t)
	w := walkSchemas(t, schemas, append(operationRoots(t), otherUnionRoots...)...)
	require.Contains(t, w.objects, "VerifiedIdentityVerification")
	require.Contains(t, w.objects, "BillingKeyPaymentMethodEasyPayCharge")

	checkGoFields(t, schemas, w, "", "otherObjectGoTypes", func(name string) ([]reflect.Type, bool) {
		return lookup(otherObjectGoTypes, objectGoTypes, name)
	}, func(p *openAPISchema, gt reflect.Type) bool {
		return kindMatches(schemas, p, gt) || freeObjectMatches(p, gt)
	})
}

// TestSchemaOtherEnumValuesKnown checks that every value of every enum
// reachable from the four services has a Go constant.
func TestSchemaOtherEnumValuesKnown(t *testing.T) {
	schemas := loadSchemas(t)
	w := walkSchemas(t, schemas, append(operationRoots(t), otherUnionRoots...)...)
	require.Contains(t, w.enums, "BillingKeyDeleteRequester") // a query parameter
	checkEnumsKnown(t, schemas, w, "", "otherEnumKnown", func(name string) (func(string) bool, bool) {
		return lookup(otherEnumKnown, enumKnown, name)
	})
}

// TestSchemaOtherUnionCasesDecode checks that every case of every union
// reachable from the four services decodes into its own Go type rather
// than the Unknown fallback.
func TestSchemaOtherUnionCasesDecode(t *testing.T) {
	schemas := loadSchemas(t)
	w := walkSchemas(t, schemas, append(operationRoots(t), otherUnionRoots...)...)
	require.Contains(t, w.unions, "ChannelSpecificFailure")
	checkUnionCasesDecode(t, schemas, w, "", "otherUnionCaseKnown", func(name string) (func(*testing.T, string) bool, bool) {
		return lookup(otherUnionCaseKnown, unionCaseKnown, name)
	})
}

// The three schema-drift checks that the Payment tests and the other
// services' tests above run over their own walk and tables. from names
// the walk's roots and table the Go table a missing entry belongs in, so
// a failure says where to add it.

// checkGoFields fails, naming the property, when an object in w has a
// property with no Go field of that json tag or with a field fits refuses,
// when goTypesOf knows no Go type for the object, and when a Go field's
// tag is a property of none of the schemas mapped to its type (a typo).
func checkGoFields(t reporter, schemas map[string]*openAPISchema, w schemaWalk, from, table string,
	goTypesOf func(string) ([]reflect.Type, bool), fits func(*openAPISchema, reflect.Type) bool) {
	t.Helper()
	tagsUsed := map[reflect.Type]map[string]bool{} // Go type -> properties of schemas mapped to it
	for _, name := range w.objects {
		goTypes, ok := goTypesOf(name)
		if !ok {
			t.Errorf("schema %s is reachable%s but has no Go type in %s", name, from, table)
			continue
		}
		fields := map[string]goField{}
		for _, gt := range goTypes {
			maps.Copy(fields, jsonFields(gt))
			if tagsUsed[gt] == nil {
				tagsUsed[gt] = map[string]bool{}
			}
		}
		for _, prop := range slices.Sorted(maps.Keys(schemas[name].Properties)) {
			for _, gt := range goTypes {
				tagsUsed[gt][prop] = true
			}
			f, ok := fields[prop]
			switch {
			case !ok && w.discriminatorOf[name] == prop:
				// written by the union's MarshalJSON, implied by the Go type
			case !ok:
				t.Errorf("schema %s property %q has no Go field with json tag %q in %v", name, prop, prop, goTypes)
			case !fits(schemas[name].Properties[prop], f.typ):
				t.Errorf("schema %s property %q: Go field %s.%s has type %s, which cannot hold it", name, prop, f.owner.Name(), f.name, f.typ)
			}
		}
	}
	for gt, used := range tagsUsed {
		for tag, f := range jsonFields(gt) {
			if f.owner == gt && !used[tag] {
				t.Errorf("Go field %s.%s has json tag %q, which no schema mapped to %s defines", gt.Name(), f.name, tag, gt.Name())
			}
		}
	}
}

// checkCasesKnown fails when a schema in names (enums or unions, said by
// kind) has no entry in knownOf, or when a case of it (casesOf: an enum's
// values, a union's discriminator keys) is refused by that entry; refused
// says what that means for the kind.
func checkCasesKnown(t *testing.T, kind string, names []string, casesOf func(string) []string, from, table string,
	knownOf func(string) (func(string) bool, bool), refused string) {
	t.Helper()
	for _, name := range names {
		known, ok := knownOf(name)
		if !ok {
			t.Errorf("%s %s is reachable%s but has no entry in %s", kind, name, from, table)
			continue
		}
		for _, c := range casesOf(name) {
			if !known(c) {
				t.Errorf("%s %s case %q %s", kind, name, c, refused)
			}
		}
	}
}

// checkEnumsKnown fails when an enum in w has no Go type in knownOf, or a
// value of it no Go constant.
func checkEnumsKnown(t *testing.T, schemas map[string]*openAPISchema, w schemaWalk, from, table string,
	knownOf func(string) (func(string) bool, bool)) {
	t.Helper()
	checkCasesKnown(t, "enum", w.enums, func(name string) []string { return schemas[name].Enum }, from, table,
		knownOf, "has no Go constant (re-run go generate)")
}

// checkUnionCasesDecode fails when a union in w has no check in checkOf,
// or a case of it decodes into the Unknown fallback.
func checkUnionCasesDecode(t *testing.T, schemas map[string]*openAPISchema, w schemaWalk, from, table string,
	checkOf func(string) (func(*testing.T, string) bool, bool)) {
	t.Helper()
	keys := func(name string) []string { return slices.Sorted(maps.Keys(schemas[name].Discriminator.Mapping)) }
	decodes := func(name string) (func(string) bool, bool) {
		check, ok := checkOf(name)
		return func(key string) bool { return check(t, key) }, ok
	}
	checkCasesKnown(t, "union", w.unions, keys, from, table, decodes, "decodes into the Unknown fallback")
}

// reporter is the part of *testing.T that checkGoFields uses, so that a
// test can run it on a schema with planted drift and read its verdict.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

// recorder collects what checkGoFields reports.
type recorder struct{ errs []string }

func (*recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestSchemaDriftIsCaught: the structs are generated from the vendored
// schema, so the drift checks pass on it; they must still fail when the
// schema and the Go types part, as they would after a schema update
// without go generate. A renamed property and a property whose type
// changed are each reported by name.
func TestSchemaDriftIsCaught(t *testing.T) {
	schemas := loadSchemas(t)
	w := walkFromPayment(t, schemas)
	check := func() []string {
		var r recorder
		checkGoFields(&r, schemas, w, " from Payment", "objectGoTypes", func(name string) ([]reflect.Type, bool) {
			goTypes, ok := objectGoTypes[name]
			return goTypes, ok
		}, func(p *openAPISchema, gt reflect.Type) bool { return kindMatches(schemas, p, gt) })
		return r.errs
	}
	require.Empty(t, check())

	amount := schemas["PaymentAmount"].Properties
	amount["grandTotal"] = amount["total"]
	delete(amount, "total")
	schemas["Card"].Properties["number"] = &openAPISchema{Type: "integer", Format: "int64"}
	errs := check()
	require.Len(t, errs, 3, strings.Join(errs, "\n"))
	all := strings.Join(errs, "\n")
	require.Contains(t, all, `schema PaymentAmount property "grandTotal" has no Go field`)
	require.Contains(t, all, `schema Card property "number": Go field Card.Number has type portone.CardNumber, which cannot hold it`)
	require.Contains(t, all, `Go field PaymentAmount.Total has json tag "total", which no schema mapped to PaymentAmount defines`)
}
