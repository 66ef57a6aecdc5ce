package bootpaytest

import "strconv"

// ReceiptStatus is the numeric status of a Bootpay receipt (the "status" field), with the values of
// the Bootpay PG reference §3.2.
type ReceiptStatus int

// Receipt statuses. Only StatusAwaitingConfirm → StatusPaid (confirm) and StatusPaid or
// StatusCancelled → StatusCancelled (cancel) are reachable through the API; the others can be set
// when a receipt is created with [Server.CreateReceipt].
const (
	StatusReady              ReceiptStatus = 0   // 결제대기: requested, not yet approved
	StatusPaid               ReceiptStatus = 1   // 결제완료: approved
	StatusAwaitingConfirm    ReceiptStatus = 2   // 승인대기: separately confirmed payment waiting for POST /v2/confirm
	StatusApproving          ReceiptStatus = 3   // 결제승인중: the PG is approving
	StatusVbankIssued        ReceiptStatus = 5   // 가상계좌발급완료: virtual account issued, awaiting deposit
	StatusBillingKeyIssued   ReceiptStatus = 11  // 빌링키발급완료: billing key issued
	StatusCertified          ReceiptStatus = 12  // 본인인증완료: identity verified
	StatusCancelled          ReceiptStatus = 20  // 결제취소완료: cancelled in full or in part
	StatusTransferAuthorized ReceiptStatus = 41  // 자동이체인증완료: bank-transfer billing authorised, awaiting publish
	StatusFailed             ReceiptStatus = -1  // 결제중간실패: failed before approval
	StatusApprovalFailed     ReceiptStatus = -2  // 결제승인실패: approval failed
	StatusVbankCancelled     ReceiptStatus = -3  // 가상계좌발급취소: virtual account issuance cancelled
	StatusBillingKeyRevoked  ReceiptStatus = -11 // 빌링키취소완료: billing key revoked
	StatusCancelFailed       ReceiptStatus = -20 // 결제취소실패: cancellation failed
	StatusCancelling         ReceiptStatus = -30 // 결제취소진행중: cancellation in progress
)

var statusNames = map[ReceiptStatus]struct{ name, locale string }{
	StatusReady:              {"ready", "결제대기"},
	StatusPaid:               {"paid", "결제완료"},
	StatusAwaitingConfirm:    {"awaiting_confirm", "승인대기"},
	StatusApproving:          {"approving", "결제승인중"},
	StatusVbankIssued:        {"vbank_issued", "가상계좌발급완료"},
	StatusBillingKeyIssued:   {"billing_key_issued", "빌링키발급완료"},
	StatusCertified:          {"certified", "본인인증완료"},
	StatusCancelled:          {"cancelled", "결제취소완료"},
	StatusTransferAuthorized: {"transfer_authorized", "자동이체인증완료"},
	StatusFailed:             {"failed", "결제중간실패"},
	StatusApprovalFailed:     {"approval_failed", "결제승인실패"},
	StatusVbankCancelled:     {"vbank_cancelled", "가상계좌발급취소"},
	StatusBillingKeyRevoked:  {"billing_key_revoked", "빌링키취소완료"},
	StatusCancelFailed:       {"cancel_failed", "결제취소실패"},
	StatusCancelling:         {"cancelling", "결제취소진행중"},
}

// String returns an English name such as "paid", or "status(N)" for a value not listed above.
func (s ReceiptStatus) String() string {
	if n, ok := statusNames[s]; ok {
		return n.name
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

// Locale returns the Korean label the sandbox sends as "status_locale" (for example "결제완료"), or
// "" for a value not listed above. The exact labels Bootpay sends are not documented; these follow
// the status table of the reference.
func (s ReceiptStatus) Locale() string {
	return statusNames[s].locale
}

// Ptr returns a pointer to a copy of s, for [ReceiptSpec.Status].
func (s ReceiptStatus) Ptr() *ReceiptStatus { return &s }
