package portonetest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/portone"
)

// Error types the sandbox sends that are not in PortOne's schema. Every other error uses the
// schema's types (the portone.ErrorType constants) with the HTTP status the schema gives them
// (x-portone-status-code). Error bodies are always {"type": …, "message": …}, plus "pgCode" and
// "pgMessage" for PG_PROVIDER.
const (
	// ErrorTypeIdempotencyKeyReused (HTTP 422) is sent when an Idempotency-Key is used again, by the
	// same credentials and within its lifetime, for a request that differs from the first one
	// (another method, path, query or JSON body). Nothing is applied.
	//
	// UNCONFIRMED: PortOne only says never to reuse a key for a different request. The sandbox
	// chose 422 and this type, following the IETF Idempotency-Key draft, so that the mistake
	// surfaces in tests instead of returning another request's response.
	ErrorTypeIdempotencyKeyReused portone.ErrorType = "IDEMPOTENCY_KEY_REUSED"

	// ErrorTypeTooManyRequests (HTTP 429) is the type in the body of the [Faults].RateLimit fault.
	//
	// UNCONFIRMED: PortOne's rate-limit response is not documented.
	ErrorTypeTooManyRequests portone.ErrorType = "TOO_MANY_REQUESTS"

	// ErrorTypeRouteNotFound (HTTP 404) is sent for a path the sandbox does not serve, and
	// ErrorTypeMethodNotAllowed (HTTP 405, with an Allow header) for a served path requested with
	// the wrong method. Both are sandbox-specific.
	ErrorTypeRouteNotFound    portone.ErrorType = "ROUTE_NOT_FOUND"
	ErrorTypeMethodNotAllowed portone.ErrorType = "METHOD_NOT_ALLOWED"
)

// errorInfo is the HTTP status and default message of an error type.
type errorInfo struct {
	status  int
	message string
}

// errorTypes lists the types the sandbox sends. Statuses are the schema's; messages are the
// sandbox's own Korean text (PortOne's real messages are UNCONFIRMED), and clients must not parse
// them.
var errorTypes = map[portone.ErrorType]errorInfo{
	portone.ErrorTypeInvalidRequest:                                     {http.StatusBadRequest, "요청된 입력 정보가 유효하지 않습니다."},
	portone.ErrorTypeUnauthorized:                                       {http.StatusUnauthorized, "인증 정보가 올바르지 않습니다."},
	portone.ErrorTypeForbidden:                                          {http.StatusForbidden, "요청이 거절되었습니다."},
	portone.ErrorTypePaymentNotFound:                                    {http.StatusNotFound, "결제 건이 존재하지 않습니다."},
	portone.ErrorTypeBillingKeyNotFound:                                 {http.StatusNotFound, "빌링키가 존재하지 않습니다."},
	portone.ErrorTypeChannelNotFound:                                    {http.StatusNotFound, "요청된 채널이 존재하지 않습니다."},
	portone.ErrorTypePaymentScheduleNotFound:                            {http.StatusNotFound, "결제 예약건이 존재하지 않습니다."},
	portone.ErrorTypePaymentNotPaid:                                     {http.StatusConflict, "결제가 완료되지 않았습니다."},
	portone.ErrorTypePaymentAlreadyCancelled:                            {http.StatusConflict, "결제가 이미 취소되었습니다."},
	portone.ErrorTypeCancellableAmountConsistencyBroken:                 {http.StatusConflict, "취소 가능 잔액 검증에 실패했습니다."},
	portone.ErrorTypeCancelAmountExceedsCancellableAmount:               {http.StatusConflict, "결제 취소 금액이 취소 가능 금액을 초과합니다."},
	portone.ErrorTypeCancelTaxFreeAmountExceedsCancellableTaxFreeAmount: {http.StatusConflict, "취소 면세 금액이 취소 가능한 면세 금액을 초과합니다."},
	portone.ErrorTypeCancelTaxAmountExceedsCancellableTaxAmount:         {http.StatusConflict, "취소 과세 금액이 취소 가능한 과세 금액을 초과합니다."},
	portone.ErrorTypeSumOfPartsExceedsCancelAmount:                      {http.StatusConflict, "면세 금액 등 하위 항목들의 합이 전체 취소 금액을 초과합니다."},
	portone.ErrorTypeSumOfPartsExceedsTotalAmount:                       {http.StatusConflict, "면세 금액 등 하위 항목들의 합이 전체 결제 금액을 초과합니다."},
	portone.ErrorTypeAlreadyPaid:                                        {http.StatusConflict, "결제가 이미 완료되었습니다."},
	portone.ErrorTypePaymentNotWaitingForDeposit:                        {http.StatusConflict, "결제 건이 입금 대기 상태가 아닙니다."},
	portone.ErrorTypeAlreadyPaidOrWaiting:                               {http.StatusConflict, "결제가 이미 완료되었거나 대기중입니다."},
	portone.ErrorTypeBillingKeyAlreadyDeleted:                           {http.StatusConflict, "빌링키가 이미 삭제되었습니다."},
	portone.ErrorTypePaymentScheduleAlreadyExists:                       {http.StatusConflict, "결제 예약건이 이미 존재합니다."},
	portone.ErrorTypePaymentScheduleAlreadyRevoked:                      {http.StatusConflict, "결제 예약건이 이미 취소되었습니다."},
	portone.ErrorTypePaymentScheduleAlreadyProcessed:                    {http.StatusConflict, "결제 예약건이 이미 처리되었습니다."},
	portone.ErrorTypeIdempotencyOutstandingRequest:                      {http.StatusConflict, "같은 Idempotency-Key의 요청이 아직 처리 중입니다. 잠시 후 다시 시도해 주세요."},
	portone.ErrorTypePGProvider:                                         {http.StatusBadGateway, "PG사에서 오류를 전달했습니다."},
	ErrorTypeIdempotencyKeyReused:                                       {http.StatusUnprocessableEntity, "이 Idempotency-Key는 다른 요청에 이미 사용되었습니다."},
	ErrorTypeTooManyRequests:                                            {http.StatusTooManyRequests, "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요."},
	ErrorTypeRouteNotFound:                                              {http.StatusNotFound, "요청한 API를 찾을 수 없습니다."},
	ErrorTypeMethodNotAllowed:                                           {http.StatusMethodNotAllowed, "허용되지 않은 HTTP 메서드입니다."},
}

// StatusOf returns the HTTP status the sandbox sends with error type typ, or 0 for a type it
// never sends.
func StatusOf(typ portone.ErrorType) int { return errorTypes[typ].status }

type errorBody struct {
	Type      string  `json:"type"`
	Message   string  `json:"message"`
	PGCode    *string `json:"pgCode,omitempty"`
	PGMessage *string `json:"pgMessage,omitempty"`
}

// ErrorBody returns a PortOne error body, {"type":typ,"message":message}, for use with the
// [Faults].Status and [Faults].StatusAfterApply faults. An empty message is replaced by the
// sandbox's message for typ, if it has one.
func ErrorBody(typ portone.ErrorType, message string) string {
	if message == "" {
		message = errorTypes[typ].message
	}
	return string(mustJSON(errorBody{Type: string(typ), Message: message}))
}

// PGProviderErrorBody returns the body of a 502 PG_PROVIDER error, {"type":"PG_PROVIDER",
// "message":…,"pgCode":pgCode,"pgMessage":pgMessage}, for use with the [Faults].Status fault.
func PGProviderErrorBody(pgCode, pgMessage string) string {
	return string(mustJSON(errorBody{
		Type: string(portone.ErrorTypePGProvider), Message: errorTypes[portone.ErrorTypePGProvider].message,
		PGCode: &pgCode, PGMessage: &pgMessage,
	}))
}

// errorResponse returns the error body for typ with its HTTP status; detail, when not empty,
// replaces the default message.
func errorResponse(typ portone.ErrorType, detail string) sandbox.Response {
	status := errorTypes[typ].status
	if status == 0 {
		status = http.StatusBadRequest
	}
	return sandbox.RawJSON(status, []byte(ErrorBody(typ, detail)))
}

// pgErrorResponse returns a 502 PG_PROVIDER response.
func pgErrorResponse(e PGError) sandbox.Response {
	return sandbox.RawJSON(http.StatusBadGateway, []byte(PGProviderErrorBody(e.Code, e.Message)))
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("portonetest: encoding response: " + err.Error())
	}
	return b
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
