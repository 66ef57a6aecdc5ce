package main

// models lists the generated structs, in the order models_gen.go declares
// them (grouped by the hand-written file that holds their methods).
var models = []modelSpec{
	// payments_types.go
	{name: "PageInput", schemas: []string{"PageInput"}},
	{name: "PageInfo", schemas: []string{"PageInfo"}},
	{name: "DateTimeRange", schemas: []string{"DateTimeRange"}},
	{name: "PaymentAmountInput", schemas: []string{"PaymentAmountInput"}},
	{name: "CustomerInput", schemas: []string{"CustomerInput"}},
	{name: "CustomerNameInput", schemas: []string{"CustomerNameInput"}},
	{name: "CustomerSeparatedName", schemas: []string{"CustomerSeparatedName"}},
	{name: "SeparatedAddressInput", schemas: []string{"SeparatedAddressInput"}},
	{name: "CashReceiptInput", schemas: []string{"CashReceiptInput"}},
	{name: "CardCredential", schemas: []string{"CardCredential"}},
	{name: "PaymentListParams", schemas: []string{"GetPaymentsBody"}},
	{name: "PaymentFilter", schemas: []string{"PaymentFilterInput"}},
	{name: "PaymentTextSearch", schemas: []string{"PaymentTextSearch"}},
	{name: "PaymentPage", schemas: []string{"GetPaymentsResponse"}},
	{name: "PaymentCursorParams", schemas: []string{"GetAllPaymentsByCursorBody", "GetAllPaymentEventsByCursorBody"}},
	{name: "PaymentEventCommon", shared: "PaymentEvent"},
	{name: "PaidPaymentEvent", schemas: []string{"PaidPaymentEvent"}, shared: "PaymentEvent", variant: true},
	{name: "PartialCancelledPaymentEvent", schemas: []string{"PartialCancelledPaymentEvent"}, shared: "PaymentEvent", variant: true},
	{name: "CancelledPaymentEvent", schemas: []string{"CancelledPaymentEvent"}, shared: "PaymentEvent", variant: true},
	{name: "cancelPaymentBody", schemas: []string{"CancelPaymentBody"}},
	{name: "RefundAccount", schemas: []string{"CancelPaymentBodyRefundAccount"}},
	{name: "StopPaymentCancellationParams", schemas: []string{"StopPaymentCancellationBody"}},
	{name: "StoppedCancellation", schemas: []string{"StopPaymentCancellationResponse"}},
	{name: "CapturePaymentParams", schemas: []string{"CapturePaymentBody"}},
	{name: "ConfirmPaymentParams", schemas: []string{"ConfirmPaymentBody"}},
	{name: "ConfirmedPaymentSummary", schemas: []string{"ConfirmedPaymentSummary"}},
	{name: "PreRegisterPaymentParams", schemas: []string{"PreRegisterPaymentBody"}},
	{name: "BillingKeyPaymentParams", schemas: []string{"BillingKeyPaymentInput"}},
	{name: "BillingKeyPaymentSummary", schemas: []string{"BillingKeyPaymentSummary"}},
	{name: "InstantPaymentParams", schemas: []string{"InstantPaymentInput"}},
	{name: "InstantPaymentMethodInput", schemas: []string{"InstantPaymentMethodInput"}},
	{name: "InstantPaymentCardInput", schemas: []string{"InstantPaymentMethodInputCard"}},
	{name: "InstantPaymentVirtualAccountInput", schemas: []string{"InstantPaymentMethodInputVirtualAccount"}},
	{name: "VirtualAccountExpiry", schemas: []string{"InstantPaymentMethodInputVirtualAccountExpiry"}},
	{name: "VirtualAccountOption", schemas: []string{"InstantPaymentMethodInputVirtualAccountOption"}},
	{name: "FixedVirtualAccountOption", schemas: []string{"InstantPaymentMethodInputVirtualAccountOptionFixed"}},
	{name: "InstantPaymentSummary", schemas: []string{"InstantPaymentSummary"}},
	{name: "ResendWebhookParams", schemas: []string{"ResendWebhookBody"}},
	{name: "ClosedVirtualAccount", schemas: []string{"CloseVirtualAccountResponse"}},
	{name: "EscrowLogisticsParams", schemas: []string{"RegisterEscrowLogisticsBody", "ModifyEscrowLogisticsBody"}},
	{name: "EscrowSenderInput", schemas: []string{"PaymentEscrowSenderInput"}},
	{name: "EscrowReceiverInput", schemas: []string{"PaymentEscrowReceiverInput"}},
	{name: "PaymentLogistics", schemas: []string{"PaymentLogistics"}},
	{name: "EscrowLogisticsResult", schemas: []string{"ApplyEscrowLogisticsResponse", "ModifyEscrowLogisticsResponse"}},
	{name: "CompleteEscrowParams", schemas: []string{"ConfirmEscrowBody"}},
	{name: "CompletedEscrow", schemas: []string{"ConfirmEscrowResponse"}},
	{name: "RegisterStoreReceiptParams", schemas: []string{"RegisterStoreReceiptBody"}, order: []string{"storeId", "items"}},
	{name: "StoreReceiptItem", schemas: []string{"RegisterStoreReceiptBodyItem"}},
	{name: "RegisteredStoreReceipt", schemas: []string{"RegisterStoreReceiptResponse"}},

	// billing_key_types.go
	{name: "BillingKeyInfoCommon", shared: "BillingKeyInfo"},
	{name: "IssuedBillingKeyInfo", schemas: []string{"IssuedBillingKeyInfo"}, shared: "BillingKeyInfo", variant: true},
	{name: "DeletedBillingKeyInfo", schemas: []string{"DeletedBillingKeyInfo"}, shared: "BillingKeyInfo", variant: true},
	{name: "BillingKeyPaymentMethodCard", schemas: []string{"BillingKeyPaymentMethodCard"}},
	{name: "BillingKeyPaymentMethodEasyPay", schemas: []string{"BillingKeyPaymentMethodEasyPay"}},
	{name: "BillingKeyPaymentMethodEasyPayCharge", schemas: []string{"BillingKeyPaymentMethodEasyPayCharge"}},
	{name: "BillingKeyPaymentMethodMobile", schemas: []string{"BillingKeyPaymentMethodMobile"}},
	{name: "BillingKeyPaymentMethodPaypal", schemas: []string{"BillingKeyPaymentMethodPaypal"}},
	{name: "BillingKeyPaymentMethodTransfer", schemas: []string{"BillingKeyPaymentMethodTransfer"}},
	{name: "IssuedPGBillingKeyIssueResponse", schemas: []string{"IssuedPgBillingKeyIssueResponse"}},
	{name: "FailedPGBillingKeyIssueResponse", schemas: []string{"FailedPgBillingKeyIssueResponse"}},
	{name: "BillingKeyFailure", schemas: []string{"BillingKeyFailure"}},
	{name: "ChannelSpecificFailureInvalidRequest", schemas: []string{"ChannelSpecificFailureInvalidRequest"}},
	{name: "ChannelSpecificFailurePGProvider", schemas: []string{"ChannelSpecificFailurePgProvider"}},
	{name: "DeleteBillingKeyResponse", schemas: []string{"DeleteBillingKeyResponse"}},
	{name: "IssueBillingKeyResponse", schemas: []string{"IssueBillingKeyResponse"}},
	{name: "BillingKeyInfoSummary", schemas: []string{"BillingKeyInfoSummary"}},
	{name: "ConfirmedBillingKeySummary", schemas: []string{"ConfirmedBillingKeySummary"}},
	{name: "ConfirmedBillingKeyIssueAndPaySummary", schemas: []string{"ConfirmedBillingKeyIssueAndPaySummary"}},
	{name: "BillingKeyFilterInput", schemas: []string{"BillingKeyFilterInput"}},
	{name: "BillingKeyTextSearch", schemas: []string{"BillingKeyTextSearch"}},
	{name: "BillingKeySortInput", schemas: []string{"BillingKeySortInput"}},
	{name: "BillingKeyListParams", schemas: []string{"GetBillingKeyInfosBody"}},
	{name: "BillingKeyInfoList", schemas: []string{"GetBillingKeyInfosResponse"}},
	{name: "IssueBillingKeyParams", schemas: []string{"IssueBillingKeyBody"}},
	{name: "BillingKeyMethodInput", schemas: []string{"InstantBillingKeyPaymentMethodInput"}},
	{name: "BillingKeyCardInput", schemas: []string{"InstantBillingKeyPaymentMethodInputCard"}},
	{name: "ConfirmBillingKeyParams", schemas: []string{"ConfirmBillingKeyBody"}},
	{name: "ConfirmBillingKeyIssueAndPayParams", schemas: []string{"ConfirmBillingKeyIssueAndPayBody"}},

	// payment_schedule_types.go
	{name: "PaymentScheduleCommon", shared: "PaymentSchedule"},
	{name: "ScheduledPaymentSchedule", schemas: []string{"ScheduledPaymentSchedule"}, shared: "PaymentSchedule", variant: true},
	{name: "StartedPaymentSchedule", schemas: []string{"StartedPaymentSchedule"}, shared: "PaymentSchedule", variant: true},
	{name: "SucceededPaymentSchedule", schemas: []string{"SucceededPaymentSchedule"}, shared: "PaymentSchedule", variant: true},
	{name: "FailedPaymentSchedule", schemas: []string{"FailedPaymentSchedule"}, shared: "PaymentSchedule", variant: true},
	{name: "PendingPaymentSchedule", schemas: []string{"PendingPaymentSchedule"}, shared: "PaymentSchedule", variant: true},
	{name: "RevokedPaymentSchedule", schemas: []string{"RevokedPaymentSchedule"}, shared: "PaymentSchedule", variant: true},
	{name: "PaymentScheduleSummary", schemas: []string{"PaymentScheduleSummary"}},
	{name: "CreatePaymentScheduleResponse", schemas: []string{"CreatePaymentScheduleResponse"}},
	{name: "RevokePaymentSchedulesResponse", schemas: []string{"RevokePaymentSchedulesResponse"}},
	{name: "PaymentScheduleFilterInput", schemas: []string{"PaymentScheduleFilterInput"}},
	{name: "PaymentScheduleSortInput", schemas: []string{"PaymentScheduleSortInput"}},
	{name: "BillingKeyPaymentScheduleInput", schemas: []string{"BillingKeyPaymentScheduleInput"}},
	{name: "CreatePaymentScheduleParams", schemas: []string{"CreatePaymentScheduleBody"}},
	{name: "PaymentScheduleListParams", schemas: []string{"GetPaymentSchedulesBody"}},
	{name: "PaymentScheduleList", schemas: []string{"GetPaymentSchedulesResponse"}},
	{name: "RevokePaymentSchedulesParams", schemas: []string{"RevokePaymentSchedulesBody"}},

	// cash_receipt_types.go
	{name: "CashReceiptCommon", shared: "CashReceipt"},
	{name: "IssuedCashReceipt", schemas: []string{"IssuedCashReceipt"}, shared: "CashReceipt", variant: true},
	{name: "CancelledCashReceipt", schemas: []string{"CancelledCashReceipt"}, shared: "CashReceipt", variant: true},
	{name: "IssueFailedCashReceipt", schemas: []string{"IssueFailedCashReceipt"}, shared: "CashReceipt", variant: true},
	{name: "IssueCashReceiptParams", schemas: []string{"IssueCashReceiptBody"}},
	{name: "IssueCashReceiptCustomerInput", schemas: []string{"IssueCashReceiptCustomerInput"}},
	{name: "IssueCashReceiptResponse", schemas: []string{"IssueCashReceiptResponse"}},
	{name: "CashReceiptSummary", schemas: []string{"CashReceiptSummary"}},
	{name: "CancelCashReceiptResponse", schemas: []string{"CancelCashReceiptResponse"}},
	{name: "CashReceiptFilterInput", schemas: []string{"CashReceiptFilterInput"}},
	{name: "CashReceiptSortInput", schemas: []string{"CashReceiptSortInput"}},
	{name: "CashReceiptListParams", schemas: []string{"GetCashReceiptsBody"}},
	{name: "CashReceiptList", schemas: []string{"GetCashReceiptsResponse"}},

	// identity_verification_types.go
	{name: "IdentityVerificationCommon", shared: "IdentityVerification"},
	{name: "ReadyIdentityVerification", schemas: []string{"ReadyIdentityVerification"}, shared: "IdentityVerification", variant: true},
	{name: "VerifiedIdentityVerification", schemas: []string{"VerifiedIdentityVerification"}, shared: "IdentityVerification", variant: true},
	{name: "FailedIdentityVerification", schemas: []string{"FailedIdentityVerification"}, shared: "IdentityVerification", variant: true},
	{name: "IdentityVerificationRequestedCustomer", schemas: []string{"IdentityVerificationRequestedCustomer"}},
	{name: "IdentityVerificationVerifiedCustomer", schemas: []string{"IdentityVerificationVerifiedCustomer"}},
	{name: "IdentityVerificationFailure", schemas: []string{"IdentityVerificationFailure"}},
	{name: "SendIdentityVerificationParams", schemas: []string{"SendIdentityVerificationBody"}},
	{name: "SendIdentityVerificationCustomer", schemas: []string{"SendIdentityVerificationBodyCustomer"}},
	{name: "SendIdentityVerificationResponse", schemas: []string{"SendIdentityVerificationResponse"}},
	{name: "ConfirmIdentityVerificationParams", schemas: []string{"ConfirmIdentityVerificationBody"}},
	{name: "ConfirmIdentityVerificationResponse", schemas: []string{"ConfirmIdentityVerificationResponse"}},
	{name: "ResendIdentityVerificationResponse", schemas: []string{"ResendIdentityVerificationResponse"}},
	{name: "IdentityVerificationFilterInput", schemas: []string{"IdentityVerificationFilterInput"}},
	{name: "IdentityVerificationFilterCustomerInput", schemas: []string{"IdentityVerificationFilterCustomerInput"}},
	{name: "IdentityVerificationSortInput", schemas: []string{"IdentityVerificationSortInput"}},
	{name: "IdentityVerificationListParams", schemas: []string{"GetIdentityVerificationsBody"}},
	{name: "IdentityVerificationList", schemas: []string{"GetIdentityVerificationsResponse"}},

	// payment_parts.go
	{name: "SelectedChannel", schemas: []string{"SelectedChannel"}},
	{name: "ChannelGroupSummary", schemas: []string{"ChannelGroupSummary"}},
	{name: "Customer", schemas: []string{"Customer"}},
	{name: "Address", schemas: []string{"OneLineAddress", "SeparatedAddress"}},
	{name: "PaymentOrigin", schemas: []string{"PaymentOrigin"}},
	{name: "PaymentProduct", schemas: []string{"PaymentProduct"}},
	{name: "PaymentWebhook", schemas: []string{"PaymentWebhook"}},
	{name: "PaymentWebhookRequest", schemas: []string{"PaymentWebhookRequest"}},
	{name: "PaymentWebhookResponse", schemas: []string{"PaymentWebhookResponse"}},
	{name: "PaymentEscrow", schemas: []string{"BeforeRegisteredPaymentEscrow", "CancelledPaymentEscrow", "ConfirmedPaymentEscrow", "DeliveredPaymentEscrow", "RegisteredPaymentEscrow", "RejectConfirmedPaymentEscrow", "RejectedPaymentEscrow"}},
	{name: "PaymentFailure", schemas: []string{"PaymentFailure"}},
	{name: "Dispute", schemas: []string{"Dispute"}},
	{name: "RequestedPaymentCancellation", schemas: []string{"RequestedPaymentCancellation"}},
	{name: "SucceededPaymentCancellation", schemas: []string{"SucceededPaymentCancellation"}},
	{name: "FailedPaymentCancellation", schemas: []string{"FailedPaymentCancellation"}},
	{name: "IssuedPaymentCashReceipt", schemas: []string{"IssuedPaymentCashReceipt"}},
	{name: "CancelledPaymentCashReceipt", schemas: []string{"CancelledPaymentCashReceipt"}},

	// payment_method.go
	{name: "PaymentMethodCard", schemas: []string{"PaymentMethodCard"}},
	{name: "Card", schemas: []string{"Card"}},
	{name: "PaymentInstallment", schemas: []string{"PaymentInstallment"}},
	{name: "PaymentMethodVirtualAccount", schemas: []string{"PaymentMethodVirtualAccount"}},
	{name: "PaymentMethodEasyPay", schemas: []string{"PaymentMethodEasyPay"}},
	{name: "PaymentMethodEasyPayCharge", schemas: []string{"PaymentMethodEasyPayMethodCharge"}},
	{name: "PaymentMethodTransfer", schemas: []string{"PaymentMethodTransfer"}},
	{name: "PaymentMethodMobile", schemas: []string{"PaymentMethodMobile"}},
	{name: "PaymentMethodGiftCertificate", schemas: []string{"PaymentMethodGiftCertificate"}},
	{name: "PaymentMethodConvenienceStore", schemas: []string{"PaymentMethodConvenienceStore"}},
	{name: "PaymentMethodCrypto", schemas: []string{"PaymentMethodCrypto"}},

	// payment.go
	{name: "PaymentCommon", shared: "Payment"},
	{name: "PaymentAmount", schemas: []string{"PaymentAmount"}},
	{name: "ReadyPayment", schemas: []string{"ReadyPayment"}, shared: "Payment", variant: true},
	{name: "PayPendingPayment", schemas: []string{"PayPendingPayment"}, shared: "Payment", variant: true},
	{name: "VirtualAccountIssuedPayment", schemas: []string{"VirtualAccountIssuedPayment"}, shared: "Payment", variant: true},
	{name: "PaidPayment", schemas: []string{"PaidPayment"}, shared: "Payment", variant: true},
	{name: "FailedPayment", schemas: []string{"FailedPayment"}, shared: "Payment", variant: true},
	{name: "PartialCancelledPayment", schemas: []string{"PartialCancelledPayment"}, shared: "Payment", variant: true},
	{name: "CancelledPayment", schemas: []string{"CancelledPayment"}, shared: "Payment", variant: true},
}

// extraFields are the ids a params struct carries to the route, not in
// the body (json:"-"); they come before the body's fields.
var extraFields = map[string][]extraField{
	"StopPaymentCancellationParams":     {{"PaymentID", "string", "`json:\"-\"`"}, {"CancellationID", "string", "`json:\"-\"`"}},
	"CapturePaymentParams":              {{"PaymentID", "string", "`json:\"-\"`"}},
	"ConfirmPaymentParams":              {{"PaymentID", "string", "`json:\"-\"`"}},
	"PreRegisterPaymentParams":          {{"PaymentID", "string", "`json:\"-\"`"}},
	"BillingKeyPaymentParams":           {{"PaymentID", "string", "`json:\"-\"`"}},
	"InstantPaymentParams":              {{"PaymentID", "string", "`json:\"-\"`"}},
	"ResendWebhookParams":               {{"PaymentID", "string", "`json:\"-\"`"}},
	"EscrowLogisticsParams":             {{"PaymentID", "string", "`json:\"-\"`"}},
	"CompleteEscrowParams":              {{"PaymentID", "string", "`json:\"-\"`"}},
	"RegisterStoreReceiptParams":        {{"PaymentID", "string", "`json:\"-\"`"}},
	"CreatePaymentScheduleParams":       {{"PaymentID", "string", "`json:\"-\"`"}},
	"SendIdentityVerificationParams":    {{"IdentityVerificationID", "string", "`json:\"-\"`"}},
	"ConfirmIdentityVerificationParams": {{"IdentityVerificationID", "string", "`json:\"-\"`"}},
}

// byName is the judgment that holds for a property wherever it appears,
// by JSON name; overrides below win over it.
var byName = map[string]fieldOverride{
	// A billing key is a credential: it prints masked.
	"billingKey": {typ: "BillingKey"},
	// Account numbers print masked.
	"accountNumber": {typ: "AccountNumber"},
	// PortOne documents that absent means false: a plain bool.
	"skipWebhook": {typ: "bool"},
	// The PG's raw answer, kept as text and printed shortened.
	"pgResponse":    {typ: "RawText"},
	"pgRawResponse": {typ: "RawText"},
}

// overrides is the judgment the type rules cannot make, by "Type.json".
var overrides = map[string]fieldOverride{
	// Secrets, card numbers and personal numbers print masked.
	"CashReceiptInput.customerIdentityNumber":              {typ: "Secret"},
	"CardCredential.number":                                {typ: "CardNumber"},
	"Card.number":                                          {typ: "CardNumber"},
	"RefundAccount.number":                                 {typ: "AccountNumber"},
	"ConfirmPaymentParams.paymentToken":                    {typ: "Secret"},
	"ConfirmBillingKeyParams.billingIssueToken":            {typ: "Secret"},
	"ConfirmBillingKeyIssueAndPayParams.billingIssueToken": {typ: "Secret"},
	"IssueCashReceiptCustomerInput.identityNumber":         {typ: "Secret"},
	"IdentityVerificationRequestedCustomer.phoneNumber":    {typ: "Secret"},
	"IdentityVerificationVerifiedCustomer.phoneNumber":     {typ: "Secret"},
	"IdentityVerificationVerifiedCustomer.ci":              {typ: "Secret", name: "CI"},
	"IdentityVerificationVerifiedCustomer.di":              {typ: "Secret", name: "DI"},
	"SendIdentityVerificationCustomer.phoneNumber":         {typ: "Secret"},
	"SendIdentityVerificationCustomer.identityNumber":      {typ: "Secret"},
	"ConfirmIdentityVerificationParams.otp":                {typ: "Secret"},
	"IdentityVerificationFilterCustomerInput.phoneNumber":  {typ: "Secret"},

	// A page number or size of 0 is PortOne's default (page 0, size 10):
	// plain values, omitted when 0.
	"PageInput.number":         {typ: "int"},
	"PageInput.size":           {typ: "int"},
	"PaymentCursorParams.size": {typ: "int"},

	// A list's page, sort and filter are values, omitted when zero, so that
	// a caller sets the fields without allocating.
	"PaymentListParams.page":                {typ: "PageInput"},
	"PaymentListParams.filter":              {typ: "PaymentFilter"},
	"BillingKeyListParams.page":             {typ: "PageInput"},
	"BillingKeyListParams.sort":             {typ: "BillingKeySortInput"},
	"BillingKeyListParams.filter":           {typ: "BillingKeyFilterInput"},
	"PaymentScheduleListParams.page":        {typ: "PageInput"},
	"PaymentScheduleListParams.sort":        {typ: "PaymentScheduleSortInput"},
	"PaymentScheduleListParams.filter":      {typ: "PaymentScheduleFilterInput"},
	"CashReceiptListParams.page":            {typ: "PageInput"},
	"CashReceiptListParams.sort":            {typ: "CashReceiptSortInput"},
	"CashReceiptListParams.filter":          {typ: "CashReceiptFilterInput"},
	"IdentityVerificationListParams.page":   {typ: "PageInput"},
	"IdentityVerificationListParams.sort":   {typ: "IdentityVerificationSortInput"},
	"IdentityVerificationListParams.filter": {typ: "IdentityVerificationFilterInput"},

	// Absent means false for an instant payment (PortOne's default).
	"InstantPaymentParams.isCulturalExpense": {typ: "bool"},
	"InstantPaymentParams.isEscrow":          {typ: "bool"},

	// Required, but added in a later schema version: nil for data that
	// predates it, never invented as an empty object on re-encoding.
	"PaymentCommon.origin":      {typ: "*PaymentOrigin", opt: "omitzero"},
	"PaymentEventCommon.origin": {typ: "*PaymentOrigin", opt: "omitzero"},

	// The schema's own type for these is another name for a Go type.
	"InstantPaymentVirtualAccountInput.cashReceipt":            {typ: "*CashReceiptInput"},
	"ConfirmIdentityVerificationResponse.identityVerification": {typ: "IdentityVerification"},

	// These lists and maps are omitempty, not omitzero: an empty non-nil
	// one is not sent either (omitzero would send [] or {}), as the
	// hand-written structs did.
	"PaymentFilter.status":               {opt: "omitempty"},
	"PaymentFilter.methods":              {opt: "omitempty"},
	"PaymentFilter.pgProvider":           {opt: "omitempty"},
	"PaymentFilter.textSearch":           {opt: "omitempty"},
	"BillingKeyPaymentParams.noticeUrls": {opt: "omitempty"},
	"BillingKeyPaymentParams.products":   {opt: "omitempty"},
	"BillingKeyPaymentParams.bypass":     {opt: "omitempty"},
	"InstantPaymentParams.noticeUrls":    {opt: "omitempty"},
	"InstantPaymentParams.products":      {opt: "omitempty"},
	"InstantPaymentParams.bypass":        {opt: "omitempty"},
	"EscrowLogisticsParams.products":     {opt: "omitempty"},
}

// requiredMembers is the judgment the schema's "required" cannot make for a
// generated UnmarshalJSON (a struct with union-typed fields): the members,
// as dot-separated paths, without which (absent, null or "") an object is
// refused. They are the members that say what a write applied, so that a
// 2xx reply without them is a decode error, which the transport reports as
// an unknown outcome, never a success with zero values. The hand-written
// answers of the other writes do the same with decodeRequired.
var requiredMembers = map[string][]string{
	"IssueBillingKeyResponse": {"billingKeyInfo.billingKey", "billingKeyInfo.issuedAt"},
}
