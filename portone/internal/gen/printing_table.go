package main

import (
	"bytes"
	"fmt"
	"log"
	"strings"
)

// The printing methods that follow one pattern: Format prints the value
// through redact.FormatValue and LogValue logs it through redact.LogValue,
// so that card and account numbers, secrets and raw data are masked for
// every fmt verb and every slog handler. Types whose printing needs more
// keep hand-written methods in printing.go.

// printedTypes get both Format and LogValue.
var printedTypes = []string{
	"Card", "PaymentMethodCard", "PaymentMethodVirtualAccount", "PaymentMethodTransfer",
	"PaymentMethodEasyPay", "UnknownPaymentMethod", "PaymentCommon", "Payment", "PaidPayment",
	"PartialCancelledPayment", "CancelledPayment", "UnknownPayment", "PaymentPage", "VerifiedPayment",
	"PaymentEventCommon", "PaymentEvent", "PaidPaymentEvent", "PartialCancelledPaymentEvent",
	"CancelledPaymentEvent", "UnknownPaymentEvent", "UnknownPaymentCancellation",
	"UnknownPaymentCashReceipt", "ConfirmPaymentParams", "BillingKeyInfoCommon",
	"UnknownBillingKeyInfo", "BillingKeyInfoList", "BillingKeyPaymentMethodCard",
	"BillingKeyPaymentMethodEasyPay", "BillingKeyPaymentMethodTransfer",
	"UnknownBillingKeyPaymentMethod", "IssuedPGBillingKeyIssueResponse",
	"UnknownPGBillingKeyIssueResponse", "UnknownChannelSpecificFailure", "BillingKeyInfoSummary",
	"ConfirmBillingKeyParams", "ConfirmBillingKeyIssueAndPayParams", "PaymentScheduleCommon",
	"UnknownPaymentSchedule", "PaymentScheduleList", "PaymentScheduleFilterInput",
	"BillingKeyPaymentScheduleInput", "CashReceipt", "UnknownCashReceipt", "CashReceiptList",
	"UnknownIdentityVerification", "IdentityVerificationList", "IdentityVerificationFilterInput",
	"BillingKeyInfo", "IssueBillingKeyResponse", "ConfirmedBillingKeySummary",
	"ConfirmedBillingKeyIssueAndPaySummary", "BillingKeyMethodInput", "IssueBillingKeyParams",
	"DeleteBillingKeyParams", "IdentityVerification", "IdentityVerificationRequestedCustomer",
	"IdentityVerificationVerifiedCustomer", "SendIdentityVerificationParams",
	"SendIdentityVerificationCustomer", "ConfirmIdentityVerificationParams",
	"ConfirmIdentityVerificationResponse", "IdentityVerificationFilterCustomerInput",
	"IdentityVerificationListParams", "IssueCashReceiptParams", "IssueCashReceiptCustomerInput",
	"PaymentSchedule", "CreatePaymentScheduleParams", "PaymentScheduleListParams",
	"RevokePaymentSchedulesParams", "CancelPaymentParams", "BillingKeyPaymentParams",
	"InstantPaymentMethodInput", "VirtualAccountOption",
}

// formattedTypes get only Format.
var formattedTypes = []string{
	"RefundAccount", "InstantPaymentParams", "InstantPaymentCardInput",
	"InstantPaymentVirtualAccountInput", "CashReceiptInput", "CardCredential", "BillingKeyCardInput",
	"ReadyIdentityVerification", "VerifiedIdentityVerification",
}

// genPrinting writes printing_gen.go: the patterned Format and LogValue
// methods of printedTypes and formattedTypes.
func genPrinting() *bytes.Buffer {
	var b bytes.Buffer
	b.WriteString(printingHeader + "package portone\n\nimport (\n\t\"fmt\"\n\t\"log/slog\"\n\n\t\"github.com/paykit-kr/paykit/internal/redact\"\n)\n")
	seen := map[string]bool{}
	for _, list := range []struct {
		types    []string
		logValue bool
	}{{printedTypes, true}, {formattedTypes, false}} {
		for _, typ := range list.types {
			if seen[typ] {
				log.Fatalf("printing: %s listed twice", typ)
			}
			seen[typ] = true
			r := strings.ToLower(typ[:1])
			fmt.Fprintf(&b, "\n// Format prints %s with its card and account numbers, secrets and raw\n// data masked, for every verb.\nfunc (%s %s) Format(f fmt.State, verb rune) { redact.FormatValue(f, verb, %s) }\n", r, r, typ, r)
			if list.logValue {
				fmt.Fprintf(&b, "\n// LogValue logs %s with its card and account numbers, secrets and raw\n// data masked, with every slog handler.\nfunc (%s %s) LogValue() slog.Value {\n\ttype plain %s\n\treturn redact.LogValue(plain(%s))\n}\n", r, r, typ, typ, r)
			}
		}
	}
	return &b
}
