package bootpaytest

import (
	"encoding/json"
	"net/http"
)

// Error codes the sandbox sends in the "error_code" field of its error bodies, which always have the
// shape {"error_code":"…","message":"<Korean text>"}. Bootpay's documentation
// (https://developers.bootpay.co.kr/pg/server/flow) names only a few codes; the sandbox uses those where they
// apply and marks the codes it had to choose as UNCONFIRMED.
// A client should treat error codes as open-ended strings.
const (
	// CodeTokenKeyInvalid (HTTP 401) is sent for missing, malformed or wrong credentials: an absent
	// or unknown Authorization header, wrong client_key/secret_key (Basic), an unknown or expired
	// Bearer token, or wrong application_id/private_key at POST /v2/request/token.
	CodeTokenKeyInvalid = "TOKEN_KEY_INVALID"

	// CodeReceiptNotFound (HTTP 404) is sent when no receipt has the requested receipt_id.
	CodeReceiptNotFound = "RC_NOT_FOUND"

	// CodeNotConfirmReady (HTTP 400) is sent by POST /v2/confirm for a receipt that is not in
	// status 2 (승인대기), including one that was already confirmed.
	CodeNotConfirmReady = "RC_NOT_CONFIRM_READY"

	// CodeAlreadyCancelled (HTTP 400) is sent by POST /v2/cancel for a receipt with nothing left to
	// cancel (cancelled_price == price).
	CodeAlreadyCancelled = "RC_ALREADY_CANCELLED"

	// CodeCancelPriceExceeded (HTTP 400) is sent by POST /v2/cancel when cancel_price exceeds the
	// remaining cancellable amount, or when the taxable part of the cancel (cancel_price minus
	// cancel_tax_free) exceeds the remaining taxable amount.
	//
	// UNCONFIRMED: Bootpay documents no code for this case; the sandbox chose this one.
	CodeCancelPriceExceeded = "RC_CANCEL_PRICE_EXCEEDED"

	// CodeCancelTaxFreeExceeded (HTTP 400) is sent by POST /v2/cancel when cancel_tax_free exceeds
	// the remaining tax-free amount.
	//
	// UNCONFIRMED: Bootpay documents no code for this case; the sandbox chose this one.
	CodeCancelTaxFreeExceeded = "RC_CANCEL_TAX_FREE_EXCEEDED"

	// CodeCancelIDDuplicated (HTTP 400) is sent by POST /v2/cancel when the cancel_id was already
	// applied, to that receipt or to any other (Bootpay documents cancel_id as the merchant's unique
	// cancel id); nothing is cancelled. Bootpay documents that a repeated cancel_id is rejected,
	// but not with which code.
	//
	// UNCONFIRMED: the sandbox chose this code. It is checked before the status and the remaining
	// amount, so a retried full cancel gets this code rather than CodeAlreadyCancelled.
	CodeCancelIDDuplicated = "RC_CANCEL_ID_DUPLICATED"

	// CodeNotCancellable (HTTP 400) is sent by POST /v2/cancel for a receipt that was never paid
	// (any status other than 1 and 20, for example 2 = 승인대기 or 0 = 결제대기).
	//
	// UNCONFIRMED: Bootpay documents no code for this case; the sandbox chose this one.
	CodeNotCancellable = "RC_NOT_CANCELLABLE"

	// CodeInvalidRequest (HTTP 400) is sent for a request body the sandbox cannot accept: malformed
	// JSON, a missing receipt_id, or an amount that is not a whole non-negative JSON number (strings
	// such as "1000" are rejected; 1000.0 is accepted), a cancel_price of 0, or a cancel_tax_free
	// larger than cancel_price.
	//
	// UNCONFIRMED: Bootpay documents no validation error; the sandbox chose this code and is
	// deliberately strict so that client bugs surface in tests.
	CodeInvalidRequest = "INVALID_REQUEST"

	// CodeTooManyRequests (HTTP 429) is the code in the body of the [Faults].RateLimit fault.
	//
	// UNCONFIRMED: Bootpay's rate-limit response is not documented.
	CodeTooManyRequests = "TOO_MANY_REQUESTS"

	// CodeRouteNotFound (HTTP 404) is sent for a path the sandbox does not serve, and CodeMethodNotAllowed
	// (HTTP 405, with an Allow header) for a served path requested with the wrong method. Both are
	// sandbox-specific.
	CodeRouteNotFound    = "ROUTE_NOT_FOUND"
	CodeMethodNotAllowed = "METHOD_NOT_ALLOWED"
)

// Korean messages of the error bodies.
var messages = map[string]string{
	CodeTokenKeyInvalid:       "인증 정보가 올바르지 않습니다.",
	CodeReceiptNotFound:       "결제 정보를 찾을 수 없습니다.",
	CodeNotConfirmReady:       "승인 대기 상태의 결제가 아닙니다.",
	CodeAlreadyCancelled:      "이미 취소된 결제입니다.",
	CodeCancelPriceExceeded:   "취소 요청 금액이 취소 가능 금액을 초과합니다.",
	CodeCancelTaxFreeExceeded: "취소 요청 면세 금액이 취소 가능 면세 금액을 초과합니다.",
	CodeCancelIDDuplicated:    "이미 처리된 취소 요청입니다. (중복된 cancel_id)",
	CodeNotCancellable:        "취소할 수 없는 상태의 결제입니다.",
	CodeInvalidRequest:        "요청 값이 올바르지 않습니다.",
	CodeTooManyRequests:       "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.",
	CodeRouteNotFound:         "요청한 API를 찾을 수 없습니다.",
	CodeMethodNotAllowed:      "허용되지 않은 HTTP 메서드입니다.",
}

// statusOf is the HTTP status sent with each code.
var statusOf = map[string]int{
	CodeTokenKeyInvalid:       http.StatusUnauthorized,
	CodeReceiptNotFound:       http.StatusNotFound,
	CodeNotConfirmReady:       http.StatusBadRequest,
	CodeAlreadyCancelled:      http.StatusBadRequest,
	CodeCancelPriceExceeded:   http.StatusBadRequest,
	CodeCancelTaxFreeExceeded: http.StatusBadRequest,
	CodeCancelIDDuplicated:    http.StatusBadRequest,
	CodeNotCancellable:        http.StatusBadRequest,
	CodeInvalidRequest:        http.StatusBadRequest,
	CodeTooManyRequests:       http.StatusTooManyRequests,
	CodeRouteNotFound:         http.StatusNotFound,
	CodeMethodNotAllowed:      http.StatusMethodNotAllowed,
}

type errorBody struct {
	ErrorCode string `json:"error_code"`
	Message   string `json:"message"`
}

// ErrorBody returns a Bootpay PG error body, {"error_code":code,"message":message}, for use with
// the [Faults].Status and [Faults].StatusAfterApply faults. An empty message is replaced by the
// sandbox's message for code, if it has one.
func ErrorBody(code, message string) string {
	if message == "" {
		message = messages[code]
	}
	b, _ := json.Marshal(errorBody{ErrorCode: code, Message: message})
	return string(b)
}
