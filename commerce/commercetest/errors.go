package commercetest

import (
	"encoding/json"
	"net/http"

	"github.com/paykit-kr/paykit/internal/sandbox"
)

// Error codes the sandbox sends. Bootpay documents the string codes it
// names in https://commerce.bootpay.ai/ (ORDER_NOT_FOUND,
// API_ROLE_NOT_SUPPORT, …) and the numeric 1700 of a refused credential;
// the codes marked UNCONFIRMED are the sandbox's own choice. Clients should
// treat codes as open-ended.
const (
	// CodeAuthInvalid (401, numeric) answers missing or wrong keys.
	CodeAuthInvalid = "1700"
	// CodeScopeInvalid (403) answers a BOOTPAY-ROLE the keys are not
	// scoped for ([WithKeyRoles]).
	CodeScopeInvalid = "API_SCOPE_INVALID"
	// CodeRoleNotSupported (403) answers a BOOTPAY-ROLE the operation does
	// not take (approve and reject need supervisor).
	CodeRoleNotSupported = "API_ROLE_NOT_SUPPORT"
	// CodeParamInvalid (442, as Commerce has been seen to answer instead of
	// 422) answers a body or query the sandbox cannot accept.
	CodeParamInvalid = "API_PARAM_INVALID"
	// CodeProcessDuplicated (409) answers a keyed write whose
	// Idempotency-Key is still in flight, and an order cancellation whose
	// cancel_id was already used for the order (UNCONFIRMED: whether
	// Commerce refuses a repeated cancel_id is not documented).
	CodeProcessDuplicated = "PROCESS_DUPLICATED"
	// CodeOrderNotFound, CodeInvoiceNotFound and
	// CodeCancellationNotFound (404) answer unknown ids; the last is
	// UNCONFIRMED.
	CodeOrderNotFound        = "ORDER_NOT_FOUND"
	CodeInvoiceNotFound      = "INVOICE_NOT_FOUND"
	CodeCancellationNotFound = "ORDER_CANCEL_REQUEST_NOT_FOUND"
	// CodeCancelNotAllowed (400, UNCONFIRMED) answers a cancellation of an
	// order that is not paid, more than what remains, or a decision on a
	// request that is no longer open.
	CodeCancelNotAllowed = "ORDER_CANCEL_NOT_ALLOWED"
	// CodeUserJWTRequired (500, UNCONFIRMED code) answers a storefront call
	// without a Bootpay-User-JWT ([Server.RequireUserJWT]).
	CodeUserJWTRequired = "USER_JWT_REQUIRED"
	// CodeRouteNotFound (404) and CodeMethodNotAllowed (405) are the
	// sandbox's answers to unknown routes.
	CodeRouteNotFound    = "ROUTE_NOT_FOUND"
	CodeMethodNotAllowed = "METHOD_NOT_ALLOWED"
	// CodeSubscriptionNotFound, CodeProductNotFound, CodeUserNotFound and
	// CodeUserGroupNotFound (404) answer unknown ids and charge keys; the
	// first is Bootpay's ORDER_SUBSCRIPTION_*_NOT_FOUND family.
	CodeSubscriptionNotFound = "ORDER_SUBSCRIPTION_NOT_FOUND"
	CodeProductNotFound      = "PRODUCT_NOT_FOUND"
	CodeUserNotFound         = "USER_NOT_FOUND"
	CodeUserGroupNotFound    = "USER_GROUP_NOT_FOUND"
	// CodeResumeUnable (400) answers resuming a contract that is not
	// paused.
	CodeResumeUnable = "ORDER_SUBSCRIPTION_RESUME_UNABLE"
	// CodeSubscriptionStatusInvalid (400, UNCONFIRMED code) answers pausing
	// a contract that is not active, or terminating a terminated one.
	CodeSubscriptionStatusInvalid = "ORDER_SUBSCRIPTION_STATUS_INVALID"
	// CodeBusinessNumberBlank (442) answers a corporate group without a
	// business number.
	CodeBusinessNumberBlank = "USER_BUSINESS_NUMBER_BLANK"
	// CodeTooManyRequests (429, UNCONFIRMED code) is the body of a
	// [Faults].RateLimit answer.
	CodeTooManyRequests = "TOO_MANY_REQUESTS"
)

const keyInFlight = "같은 Idempotency-Key의 요청이 처리 중입니다."

var messages = map[string]string{
	CodeAuthInvalid:               "Access Token이 잘못되었거나 인증 정보가 없습니다.",
	CodeScopeInvalid:              "이 키로 사용할 수 없는 권한입니다.",
	CodeRoleNotSupported:          "이 API를 호출할 수 없는 권한입니다.",
	CodeParamInvalid:              "요청 값이 올바르지 않습니다.",
	CodeProcessDuplicated:         "이미 처리된 요청입니다.",
	CodeOrderNotFound:             "주문내역을 찾지 못했습니다.",
	CodeInvoiceNotFound:           "청구서를 찾지 못했습니다.",
	CodeCancellationNotFound:      "취소 요청을 찾지 못했습니다.",
	CodeCancelNotAllowed:          "취소할 수 없는 주문입니다.",
	CodeUserJWTRequired:           "Bootpay-User-JWT 헤더가 필요합니다.",
	CodeRouteNotFound:             "요청한 API를 찾을 수 없습니다.",
	CodeMethodNotAllowed:          "허용되지 않은 HTTP 메서드입니다.",
	CodeTooManyRequests:           "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.",
	CodeSubscriptionNotFound:      "구독을 찾지 못했습니다.",
	CodeProductNotFound:           "상품을 찾지 못했습니다.",
	CodeUserNotFound:              "고객을 찾지 못했습니다.",
	CodeUserGroupNotFound:         "그룹을 찾지 못했습니다.",
	CodeResumeUnable:              "일시정지 상태의 구독만 재개할 수 있습니다.",
	CodeSubscriptionStatusInvalid: "현재 구독 상태에서 할 수 없는 요청입니다.",
	CodeBusinessNumberBlank:       "기업 그룹에는 사업자등록번호가 필요합니다.",
}

var statusOf = map[string]int{
	CodeAuthInvalid:               http.StatusUnauthorized,
	CodeScopeInvalid:              http.StatusForbidden,
	CodeRoleNotSupported:          http.StatusForbidden,
	CodeParamInvalid:              442,
	CodeProcessDuplicated:         http.StatusConflict,
	CodeOrderNotFound:             http.StatusNotFound,
	CodeInvoiceNotFound:           http.StatusNotFound,
	CodeCancellationNotFound:      http.StatusNotFound,
	CodeCancelNotAllowed:          http.StatusBadRequest,
	CodeUserJWTRequired:           http.StatusInternalServerError,
	CodeRouteNotFound:             http.StatusNotFound,
	CodeMethodNotAllowed:          http.StatusMethodNotAllowed,
	CodeTooManyRequests:           http.StatusTooManyRequests,
	CodeSubscriptionNotFound:      http.StatusNotFound,
	CodeProductNotFound:           http.StatusNotFound,
	CodeUserNotFound:              http.StatusNotFound,
	CodeUserGroupNotFound:         http.StatusNotFound,
	CodeResumeUnable:              http.StatusBadRequest,
	CodeSubscriptionStatusInvalid: http.StatusBadRequest,
	CodeBusinessNumberBlank:       442,
}

// statusBody is the documented error shape; Code is a json.Number for a
// numeric code and a string otherwise.
type statusBody struct {
	Status  int             `json:"status"`
	Code    json.RawMessage `json:"code"`
	Message string          `json:"message"`
	Data    any             `json:"data"`
}

// successBody is the other shape Commerce has been seen to send.
type successBody struct {
	Success   bool            `json:"success"`
	ErrorCode json.RawMessage `json:"error_code"`
	Message   string          `json:"message"`
}

// ErrorBody returns the documented Commerce error body for code,
// {"status": …, "code": …, "message": …, "data": null}, for use with the
// [Faults].Status and [Faults].StatusAfterApply faults. A numeric code is written as a
// number. An empty message is replaced by the sandbox's message for code.
func ErrorBody(code, message string) string { return string(errorJSON(code, message, false)) }

// SuccessErrorBody is ErrorBody in the other shape,
// {"success": false, "error_code": …, "message": …}.
func SuccessErrorBody(code, message string) string { return string(errorJSON(code, message, true)) }

func errorJSON(code, message string, success bool) []byte {
	if message == "" {
		message = messages[code]
	}
	raw := json.RawMessage(code)
	if !json.Valid(raw) || raw[0] == '"' || raw[0] == '{' || raw[0] == '[' {
		raw, _ = json.Marshal(code)
	}
	var b []byte
	if success {
		b, _ = json.Marshal(successBody{ErrorCode: raw, Message: message})
	} else {
		b, _ = json.Marshal(statusBody{Status: statusOf[code], Code: raw, Message: message})
	}
	return b
}

// errorResponse is the server's answer for code, in its configured shape.
func (s *Server) errorResponse(code, message string) sandbox.Response {
	return sandbox.RawJSON(statusOf[code], errorJSON(code, message, s.cfg.successShape))
}
