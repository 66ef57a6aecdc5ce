package bootpaytest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/paykit-kr/paykit/internal/sandbox"
)

// Error codes of the billing, identity, cash-receipt and escrow endpoints. The ones Bootpay's
// sources name are used as named; the others are the sandbox's choice and marked UNCONFIRMED.
const (
	// CodeInvalidExpMonth (400): card_expire_month is not 01–12.
	CodeInvalidExpMonth = "RC_INVALID_EXP_MONTH"
	// CodeNotSubscribe (400): the receipt is not a billing-key issue.
	CodeNotSubscribe = "RC_NOT_SUBSCRIBE"
	// CodeBillingKeyExpired (400): the billing key was destroyed.
	CodeBillingKeyExpired = "SUBSCRIBE_BK_EXPIRED"
	// CodePublishNotReady (400): the bank-account request is not in status 41.
	CodePublishNotReady = "SUBSCRIBE_PUBLISH_NOT_READY"
	// CodeTransferLookupUserFailed (400): the account holder could not be verified.
	CodeTransferLookupUserFailed = "SUBSCRIBE_AT_LOOKUP_USER_FAILED"
	// CodeOrderIDDuplicated (400): the order_id was already charged or reserved; nothing is charged.
	//
	// UNCONFIRMED: whether and how Bootpay refuses a repeated order_id is not documented.
	CodeOrderIDDuplicated = "RC_ORDER_ID_DUPLICATED"
	// CodeReserveLimitExceeded (400): the billing key already has MaxReservationsPerKey scheduled
	// reservations. UNCONFIRMED code.
	CodeReserveLimitExceeded = "RC_RESERVE_LIMIT_EXCEEDED"
	// CodeReserveAlreadyExecuted (400): the reservation already ran. UNCONFIRMED code.
	CodeReserveAlreadyExecuted = "RC_RESERVE_ALREADY_EXECUTED"
	// Identity verification (본인인증).
	CodeAuthExpired              = "AUTH_EXPIRED"               // 400: more than 30 minutes since the request
	CodeAuthAlreadyAuthenticated = "AUTH_ALREADY_AUTHENTICATED" // 400: confirmed before
	CodeAuthNotConfirmed         = "AUTH_NOT_CONFIRMED"         // 400: wrong code (UNCONFIRMED which code Bootpay sends)
	// CodeNotEscrow (400): the payment is not an escrow payment.
	CodeNotEscrow = "RC_NOT_ESCROW"
	// CodeCashReceiptFailed (400): a cash receipt cannot be issued for this payment (a card payment, or
	// one not paid).
	CodeCashReceiptFailed = "RC_CASH_RECEIPT_FAILED"
	// CodeCashReceiptAlreadyPublished (400): the payment already has a cash receipt. UNCONFIRMED code.
	CodeCashReceiptAlreadyPublished = "RC_CASH_RECEIPT_ALREADY_PUBLISHED"
	// CodeEmptyObject (400): a request sent an empty object ({}) for an optional field, which
	// Bootpay's servers fail on. UNCONFIRMED code; the sandbox is strict so that clients that send
	// {} fail in tests.
	CodeEmptyObject = "INVALID_EMPTY_OBJECT"
)

func init() {
	for code, msg := range map[string]string{
		CodeInvalidExpMonth:             "카드 유효기간(월)이 올바르지 않습니다.",
		CodeNotSubscribe:                "빌링키 발급 건이 아닙니다.",
		CodeBillingKeyExpired:           "만료되었거나 삭제된 빌링키입니다.",
		CodePublishNotReady:             "빌링키 발급 준비가 되지 않았습니다.",
		CodeTransferLookupUserFailed:    "예금주 확인에 실패했습니다.",
		CodeOrderIDDuplicated:           "이미 사용된 order_id입니다.",
		CodeReserveLimitExceeded:        "빌링키당 예약 가능한 결제 수를 초과했습니다.",
		CodeReserveAlreadyExecuted:      "이미 실행된 예약입니다.",
		CodeAuthExpired:                 "본인인증 유효시간이 만료되었습니다.",
		CodeAuthAlreadyAuthenticated:    "이미 본인인증이 완료되었습니다.",
		CodeAuthNotConfirmed:            "인증번호가 일치하지 않습니다.",
		CodeNotEscrow:                   "에스크로 결제가 아닙니다.",
		CodeCashReceiptFailed:           "현금영수증을 발행할 수 없는 결제입니다.",
		CodeCashReceiptAlreadyPublished: "이미 현금영수증이 발행되었습니다.",
		CodeEmptyObject:                 "빈 객체는 보낼 수 없습니다.",
	} {
		messages[code] = msg
		statusOf[code] = http.StatusBadRequest
	}
}

// readBody checks the credentials of a write to op (refusing Basic ones where [WithBasicRefused]
// says so) and decodes its body, a JSON object without empty objects ({}) among its fields, into req.
// It returns ok == false and the response to send when one of them fails.
func (s *Server) readBody(r *http.Request, op Operation, body []byte, req any) (sandbox.Response, bool) {
	if resp, ok := s.authorizeFor(r, op); !ok {
		return resp, false
	}
	if err := sandbox.DecodeObject(body, req); err != nil {
		return errorResponse(CodeInvalidRequest, "요청 본문이 올바른 JSON이 아닙니다."), false
	}
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(body, &fields)
	for name, raw := range fields {
		if string(bytes.Join(bytes.Fields(raw), nil)) == "{}" {
			return errorResponse(CodeEmptyObject, name+"에 빈 객체를 보낼 수 없습니다."), false
		}
	}
	return sandbox.Response{}, true
}

// authorizeFor is authorize, except that Basic credentials are refused with 401 TOKEN_KEY_INVALID
// for the operations of [WithBasicRefused].
func (s *Server) authorizeFor(r *http.Request, op Operation) (sandbox.Response, bool) {
	scheme, _, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if s.cfg.basicRefused[op] && strings.EqualFold(scheme, "basic") {
		return errorResponse(CodeTokenKeyInvalid, "이 API는 Bearer 토큰만 허용합니다."), false
	}
	return s.authorize(r)
}

// WithBasicRefused makes the server refuse Basic credentials for ops with 401 TOKEN_KEY_INVALID,
// accepting only a Bearer token there, as Bootpay did for POST /v2/request/user/token in 2026
// (whether it still does is UNCONFIRMED).
func WithBasicRefused(ops ...Operation) Option {
	return func(c *config) {
		if c.basicRefused == nil {
			c.basicRefused = make(map[Operation]bool)
		}
		for _, op := range ops {
			c.basicRefused[op] = true
		}
	}
}
