package portone_test

// Schema drift checks for the billing-key, payment-schedule, cash-receipt
// and identity-verification services, built on the helpers of
// payment_schema_test.go (loadSchemas, jsonFields, kindMatches,
// objectGoTypes, enumKnown, unionCaseKnown).

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/internal/schema"
)

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
		f := decodeAs[portone.IssueBillingKeyResponse](t, `{"channelSpecificFailures":[{"type":"`+key+`"}]}`).ChannelSpecificFailures[0]
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
