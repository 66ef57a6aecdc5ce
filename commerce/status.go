package commerce

import (
	"fmt"
	"strconv"

	"github.com/paykit-kr/paykit/internal/jsonx"
)

// The status codes below are open types: a code paykit does not know
// still decodes, prints as Type(n), and reports IsKnown false. The values
// are Bootpay's own constants (bootpay/backend-java SConstant), see
// https://commerce.bootpay.ai/.

// OrderStatus is an order's status (주문 상태).
//
// Bootpay's checkout guide labels 0 대기, 1 결제완료, 2 확인, while its SDKs'
// constants read 1 as 입금대기 (DEPOSIT_WAIT) and 2 as 결제완료 (PAY_DONE);
// the guide's own example shows a paid order with status 2. paykit
// follows the constants, the reading under which no unpaid order counts
// as paid (see OrderStatus.Paid).
type OrderStatus int

// Order statuses.
const (
	OrderReady             OrderStatus = 0  // 주문대기
	OrderDepositWait       OrderStatus = 1  // 입금대기: a virtual account awaits the deposit
	OrderPaid              OrderStatus = 2  // 결제완료
	OrderSubscriptionDone  OrderStatus = 3  // 구독 결제완료
	OrderSubscriptionReady OrderStatus = 4  // 구독 대기
	OrderPaymentPending    OrderStatus = 5  // 결제 보류
	OrderPurchaseConfirmed OrderStatus = 8  // 구매확정
	OrderCancelled         OrderStatus = 10 // 취소완료
	OrderReturned          OrderStatus = 11 // 반품완료
	OrderExchanged         OrderStatus = 12 // 교환완료
)

var orderStatusNames = map[OrderStatus]string{
	OrderReady: "ready (주문대기)", OrderDepositWait: "deposit wait (입금대기)", OrderPaid: "paid (결제완료)",
	OrderSubscriptionDone: "subscription paid (구독 결제완료)", OrderSubscriptionReady: "subscription ready (구독 대기)",
	OrderPaymentPending: "payment pending (결제 보류)", OrderPurchaseConfirmed: "purchase confirmed (구매확정)",
	OrderCancelled: "cancelled (취소완료)", OrderReturned: "returned (반품완료)", OrderExchanged: "exchanged (교환완료)",
}

// String names the status in English with the Korean term.
func (s OrderStatus) String() string { return codeName(orderStatusNames, s, "OrderStatus") }

// IsKnown reports a status paykit has a name for.
func (s OrderStatus) IsKnown() bool { _, ok := orderStatusNames[s]; return ok }

// Paid reports a status in which the buyer's money was taken and nothing
// was given back: paid, a paid subscription, or a confirmed purchase.
func (s OrderStatus) Paid() bool {
	return s == OrderPaid || s == OrderSubscriptionDone || s == OrderPurchaseConfirmed
}

// paidUnderEitherNumbering reports a status that one of Bootpay's two
// numberings reads as paid: Paid under its SDKs' constants, or 1, which
// its checkout guide labels 결제완료 and Commerce's order-detail example
// (https://commerce.bootpay.ai/orders/detail) shows on a paid order. The
// rest are unpaid under both: 0 (대기 in both), 4, 5, 10, 11, 12 (the
// guide has no such code) and every code paykit does not know. Only where
// the status cannot be a deposit awaited (a billing-key charge's answer,
// beside receipt_status 1) does it decide anything (see
// SubscriptionsService.Charge).
func (s OrderStatus) paidUnderEitherNumbering() bool { return s.Paid() || s == OrderDepositWait }

// UnmarshalJSON accepts 2, 2.0 or "2".
func (s *OrderStatus) UnmarshalJSON(data []byte) error { return decodeCode(data, s, "order status") }

// ReceiptStatus is the status of the PG payment behind an order
// (receipt_status), Bootpay's receipt status codes.
type ReceiptStatus int

// Receipt statuses.
const (
	ReceiptReady           ReceiptStatus = 0  // 결제대기
	ReceiptPaid            ReceiptStatus = 1  // 결제완료
	ReceiptAwaitingConfirm ReceiptStatus = 2  // 승인대기
	ReceiptVirtualAccount  ReceiptStatus = 5  // 가상계좌 발급완료
	ReceiptCancelled       ReceiptStatus = 20 // 결제취소 완료
	ReceiptFailed          ReceiptStatus = -2 // 결제 승인 실패
	// 결제취소 실패: the PG's cancellation failed, so the money it was to
	// give back is still held (OrdersService.Verify refuses it).
	ReceiptCancelFailed ReceiptStatus = -20
	// 결제취소 진행중: the PG is still cancelling; the money may or may not
	// have gone back yet.
	ReceiptCancelling ReceiptStatus = -30
)

var receiptStatusNames = map[ReceiptStatus]string{
	ReceiptReady: "ready (결제대기)", ReceiptPaid: "paid (결제완료)", ReceiptAwaitingConfirm: "awaiting confirm (승인대기)",
	ReceiptVirtualAccount: "virtual account issued (가상계좌 발급완료)", ReceiptCancelled: "cancelled (결제취소 완료)",
	ReceiptFailed: "approval failed (결제 승인 실패)", ReceiptCancelFailed: "cancel failed (결제취소 실패)",
	ReceiptCancelling: "cancelling (결제취소 진행중)",
}

// String names the status in English with the Korean term.
func (s ReceiptStatus) String() string { return codeName(receiptStatusNames, s, "ReceiptStatus") }

// IsKnown reports a status paykit has a name for.
func (s ReceiptStatus) IsKnown() bool { _, ok := receiptStatusNames[s]; return ok }

// UnmarshalJSON accepts 1, 1.0 or "1".
func (s *ReceiptStatus) UnmarshalJSON(data []byte) error {
	return decodeCode(data, s, "receipt status")
}

// SubscriptionStatus is the status of an order's subscription (구독 상태).
// Bootpay's contract guide lists other numbers (0 대기, 1 진행, 2 일시정지,
// 3 해지, 4 만료) than its SDKs; paykit follows the SDKs' constants.
type SubscriptionStatus int

// Subscription statuses.
const (
	SubscriptionPending    SubscriptionStatus = 0  // 대기
	SubscriptionTrial      SubscriptionStatus = -1 // 무료체험
	SubscriptionActive     SubscriptionStatus = 1  // 진행
	SubscriptionPaused     SubscriptionStatus = -2 // 일시정지
	SubscriptionHoldOn     SubscriptionStatus = -3 // 보류
	SubscriptionAutoEnded  SubscriptionStatus = 15 // 자동종료
	SubscriptionTerminated SubscriptionStatus = 20 // 해지
)

var subscriptionStatusNames = map[SubscriptionStatus]string{
	SubscriptionPending: "pending (대기)", SubscriptionTrial: "trial (무료체험)", SubscriptionActive: "active (진행)",
	SubscriptionPaused: "paused (일시정지)", SubscriptionHoldOn: "on hold (보류)", SubscriptionAutoEnded: "auto ended (자동종료)",
	SubscriptionTerminated: "terminated (해지)",
}

// String names the status in English with the Korean term.
func (s SubscriptionStatus) String() string {
	return codeName(subscriptionStatusNames, s, "SubscriptionStatus")
}

// IsKnown reports a status paykit has a name for.
func (s SubscriptionStatus) IsKnown() bool { _, ok := subscriptionStatusNames[s]; return ok }

// UnmarshalJSON accepts 1, 1.0 or "1".
func (s *SubscriptionStatus) UnmarshalJSON(data []byte) error {
	return decodeCode(data, s, "subscription status")
}

// SendType is a channel an invoice is sent through (send_types).
type SendType int

// Invoice send types.
const (
	SendSMS   SendType = 1 // 문자
	SendKakao SendType = 2 // 카카오톡
	SendEmail SendType = 3 // 이메일
	SendPush  SendType = 4 // 푸시
)

var sendTypeNames = map[SendType]string{SendSMS: "sms", SendKakao: "kakao", SendEmail: "email", SendPush: "push"}

// String names the channel.
func (t SendType) String() string { return codeName(sendTypeNames, t, "SendType") }

// IsKnown reports a channel paykit has a name for.
func (t SendType) IsKnown() bool { _, ok := sendTypeNames[t]; return ok }

// UnmarshalJSON accepts 1, 1.0 or "1".
func (t *SendType) UnmarshalJSON(data []byte) error { return decodeCode(data, t, "send type") }

// codeName is the String of every code type: its name, or Type(n).
func codeName[C ~int](names map[C]string, c C, typ string) string {
	if name, ok := names[c]; ok {
		return name
	}
	return typ + "(" + strconv.Itoa(int(c)) + ")"
}

// decodeCode is the UnmarshalJSON of every code type.
func decodeCode[C ~int](data []byte, dst *C, what string) error {
	n, err := jsonx.Int(data)
	if err != nil {
		return fmt.Errorf("commerce: %s %w", what, err)
	}
	*dst = C(n)
	return nil
}

// BillStatus is the status of a subscription bill (청구 상태).
type BillStatus int

// Bill statuses.
const (
	BillFailed     BillStatus = -1 // 결제실패
	BillDone       BillStatus = 1  // 결제완료
	BillReady      BillStatus = 2  // 결제대기
	BillPending    BillStatus = 5  // 보류
	BillCancelled  BillStatus = 10 // 취소
	BillTerminated BillStatus = 20 // 해지
)

var billStatusNames = map[BillStatus]string{
	BillFailed: "failed (결제실패)", BillDone: "paid (결제완료)", BillReady: "ready (결제대기)",
	BillPending: "pending (보류)", BillCancelled: "cancelled (취소)", BillTerminated: "terminated (해지)",
}

// String names the status in English with the Korean term.
func (s BillStatus) String() string { return codeName(billStatusNames, s, "BillStatus") }

// IsKnown reports a status paykit has a name for.
func (s BillStatus) IsKnown() bool { _, ok := billStatusNames[s]; return ok }

// UnmarshalJSON accepts 1, 1.0 or "1".
func (s *BillStatus) UnmarshalJSON(data []byte) error { return decodeCode(data, s, "bill status") }
