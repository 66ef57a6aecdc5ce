package bootpaytest

import "github.com/paykit-kr/paykit/bootpay"

// statusLocales are the Korean labels the sandbox sends as "status_locale". The exact labels
// Bootpay sends are not documented; these follow Bootpay's table of statuses.
var statusLocales = map[bootpay.Status]string{
	bootpay.StatusReady:                 "결제대기",
	bootpay.StatusPaid:                  "결제완료",
	bootpay.StatusAwaitingConfirm:       "승인대기",
	bootpay.StatusConfirming:            "결제승인중",
	bootpay.StatusVirtualAccountIssued:  "가상계좌발급완료",
	bootpay.StatusBillingKeyIssued:      "빌링키발급완료",
	bootpay.StatusCertified:             "본인인증완료",
	bootpay.StatusCancelled:             "결제취소완료",
	bootpay.StatusTransferAuthenticated: "자동이체인증완료",
	bootpay.StatusFailedBeforeApproval:  "결제중간실패",
	bootpay.StatusApprovalFailed:        "결제승인실패",
	bootpay.StatusVirtualAccountRevoked: "가상계좌발급취소",
	bootpay.StatusBillingKeyRevoked:     "빌링키취소완료",
	bootpay.StatusCancelFailed:          "결제취소실패",
	bootpay.StatusCancelling:            "결제취소진행중",
}

// Ptr returns a pointer to a copy of v, for the optional fields of a spec:
// ReceiptSpec{Status: bootpaytest.Ptr(bootpay.StatusPaid)}.
func Ptr[T any](v T) *T { return &v }
