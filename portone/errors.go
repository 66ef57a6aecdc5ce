package portone

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/internal/redact"
	"github.com/paykit-kr/paykit/internal/transport"
)

// The shared error categories, the same values in every paykit package.
// Match them with errors.Is.
var (
	ErrNotFound       = transport.ErrNotFound       // PortOne says the payment (or other object) does not exist (a 404 in another shape, a proxy's page, matches no category)
	ErrUnauthorized   = transport.ErrUnauthorized   // the secret or token was refused (401/403)
	ErrInvalidRequest = transport.ErrInvalidRequest // the request was refused as invalid (also *ValidationError)
	ErrConflict       = transport.ErrConflict       // the object's state forbids it (not paid, billing key deleted …); a write told it is already done ("already paid", "already cancelled", see "What a write returns" in the package doc) ends ErrOutcomeUnknown instead
	ErrRateLimited    = transport.ErrRateLimited    // HTTP 429
	ErrServer         = transport.ErrServer         // HTTP 5xx, including PG errors (PG_PROVIDER)
	ErrOutcomeUnknown = transport.ErrOutcomeUnknown // a write may or may not have been applied: repeat it with the same idempotency key, or look it up
)

// ValidationError reports input refused before any network I/O: a
// parameter, an id or a request option. Nothing was sent. It matches
// ErrInvalidRequest. (A bad client option makes NewClient return a plain
// error naming the option.)
type ValidationError struct {
	Gateway string // "portone"
	Field   string // the parameter or field as you name it: "PaymentID", "Amount", "Filter.Until"
	Reason  string // what is wrong with it
}

// Error reads "portone: invalid <field>: <reason>".
func (e *ValidationError) Error() string { return (*transport.ValidationError)(e).Error() }

// Is matches ErrInvalidRequest.
func (e *ValidationError) Is(target error) bool { return (*transport.ValidationError)(e).Is(target) }

// OutcomeUnknownError reports a write that may or may not have been
// applied: the request reached PortOne (or may have) and no trustworthy
// answer came back. Never send the write again under a new key: repeat the
// same call with WithIdempotencyKey(e.IdempotencyKey) within PortOne's key
// lifetime (about 3 hours) to receive the stored result, or look the
// object up by Reference and act on its state.
//
// It matches ErrOutcomeUnknown and no other category, whatever the last
// answer was (a 429 or 403 on a retry proves nothing about the attempt
// before it); errors.As still reaches that answer (*APIError,
// *NetworkError) for your logs, but never a *RateLimitError, whose "send
// it again" does not hold here.
type OutcomeUnknownError struct {
	Gateway        string // "portone"
	Op             string // the operation: "payments.cancel", "payments.payWithBillingKey" …
	Reference      string // the id to look up: the payment id, for most writes
	IdempotencyKey string // the Idempotency-Key every attempt carried
	Attempts       int    // requests sent, retries included
	Err            error  // the failure that left the outcome unknown
}

// Error names the operation, the reference and key to reconcile with, and
// the failure.
func (e *OutcomeUnknownError) Error() string { return (*transport.OutcomeUnknownError)(e).Error() }

// Is matches ErrOutcomeUnknown and, through Err, errors that are not one
// of the shared categories (context.DeadlineExceeded, say).
func (e *OutcomeUnknownError) Is(target error) bool {
	return (*transport.OutcomeUnknownError)(e).Is(target)
}

// As reaches the errors inside Err (*APIError, *NetworkError) for
// diagnosis, never a *RateLimitError (a rate-limited retry of a write
// that may have been applied must not be sent again). There is no Unwrap,
// so that errors.Is finds no category through it.
func (e *OutcomeUnknownError) As(target any) bool {
	return (*transport.OutcomeUnknownError)(e).As(target)
}

// RateLimitError is returned instead of sleeping when PortOne asks for a
// longer wait (Retry-After) than the client's limit. Nothing was applied;
// send the call again after RetryAfter. It matches ErrRateLimited.
// errors.As never finds it inside an *OutcomeUnknownError: a write rate
// limited on a retry, after an attempt that may have been applied, is an
// unknown outcome and must not be sent again (check ErrOutcomeUnknown
// first).
type RateLimitError struct {
	RetryAfter time.Duration // the wait PortOne asked for
	Err        error         // PortOne's *APIError for the 429
}

// Error is PortOne's error with the requested wait.
func (e *RateLimitError) Error() string { return (*transport.RateLimitError)(e).Error() }

// Unwrap returns PortOne's error.
func (e *RateLimitError) Unwrap() error { return e.Err }

// Is matches ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return (*transport.RateLimitError)(e).Is(target) }

// NetworkError reports a failed exchange with PortOne: a refused or reset
// connection, a timeout, a body cut short. It names the operation, never
// the URL.
//
// Returned as it is, not inside an *OutcomeUnknownError, it means nothing
// can have been applied: the call was a lookup (or a token request), or a
// write that provably never reached PortOne (the connection failed before
// the request was written). Send the call again, with a live context if
// the caller's ended (errors.Is(err, context.DeadlineExceeded)). A write
// that may have reached PortOne never ends as a bare NetworkError but as an
// *OutcomeUnknownError, inside which errors.As finds this error for your
// logs only: settle that write as *OutcomeUnknownError says, never as if
// this error said "send it again".
type NetworkError struct {
	Gateway  string // "portone"
	Op       string // the operation, e.g. "payments.get"
	Attempts int    // requests sent, retries included
	Err      error  // the cause: *net.OpError, context.DeadlineExceeded, io.ErrUnexpectedEOF …
}

// Error names the operation and the failure, never the URL.
func (e *NetworkError) Error() string { return (*transport.NetworkError)(e).Error() }

// Unwrap returns the cause.
func (e *NetworkError) Unwrap() error { return e.Err }

// Timeout reports whether the failure was a timeout.
func (e *NetworkError) Timeout() bool { return (*transport.NetworkError)(e).Timeout() }

// DecodeError reports a 2xx response whose body is not what PortOne
// documents (empty, not JSON, a result without its required fields, a
// reply about another payment or store than the one asked for).
//
// Returned as it is, it is about the reply to a lookup or a list (or a
// token request), the lookup a method makes before it writes included:
// nothing was changed, and nothing is known about the object asked for.
// Look it up again, and report it if it persists (PortOne's answer no longer
// reads as documented; Op and Status name it). A DecodeError about a
// write's own reply always comes inside an *OutcomeUnknownError, since the
// write may have been applied: settle it as that error says, never by
// sending the write again.
type DecodeError struct {
	Gateway string // "portone"
	Op      string // the operation, e.g. "payments.get"
	Status  int    // the HTTP status of the response
	Err     error  // what is wrong with the body
}

// Error names the operation and the decoding failure.
func (e *DecodeError) Error() string { return (*transport.DecodeError)(e).Error() }

// Unwrap returns the decoding failure.
func (e *DecodeError) Unwrap() error { return e.Err }

// ResponseTooLargeError reports a successful response over the client's
// limit (WithMaxResponseBytes). Returned as it is, it comes from a lookup
// or a list (or a token request): nothing was changed; raise the limit
// with WithMaxResponseBytes and call again. For a write it always comes
// inside an *OutcomeUnknownError: the write may have been applied and its
// answer was not read, so look the object up by the error's Reference
// first; never send the write again to read its answer.
type ResponseTooLargeError struct {
	Gateway string // "portone"
	Op      string // the operation, e.g. "payments.all"
	Limit   int64  // the limit in bytes
}

// Error names the operation and the limit.
func (e *ResponseTooLargeError) Error() string { return (*transport.ResponseTooLargeError)(e).Error() }

// errorTypes turns the transport's errors into this package's, at the one
// place a call returns (transport.Send).
var errorTypes = &transport.ErrorTypes{
	Validation:     func(e *transport.ValidationError) error { return (*ValidationError)(e) },
	OutcomeUnknown: func(e *transport.OutcomeUnknownError) error { return (*OutcomeUnknownError)(e) },
	RateLimit:      func(e *transport.RateLimitError) error { return (*RateLimitError)(e) },
	Network:        func(e *transport.NetworkError) error { return (*NetworkError)(e) },
	Decode:         func(e *transport.DecodeError) error { return (*DecodeError)(e) },
	TooLarge:       func(e *transport.ResponseTooLargeError) error { return (*ResponseTooLargeError)(e) },
}

// ErrorType is the "type" of a PortOne error body. Unknown types still
// decode; PortOne adds new ones over time.
type ErrorType string

// Error types reachable from the operations this package covers, with
// their HTTP status and meaning, as PortOne's API reference lists them
// (https://developers.portone.io/api/rest-v2/payment and its sibling
// pages).
const (
	ErrorTypeAlreadyPaid                                        ErrorType = "ALREADY_PAID"                                               // 409: 결제가 이미 완료된 경우
	ErrorTypeAlreadyPaidOrWaiting                               ErrorType = "ALREADY_PAID_OR_WAITING"                                    // 409: 결제가 이미 완료되었거나 대기중인 경우
	ErrorTypeBillingKeyAlreadyDeleted                           ErrorType = "BILLING_KEY_ALREADY_DELETED"                                // 409: 빌링키가 이미 삭제된 경우
	ErrorTypeBillingKeyAlreadyIssued                            ErrorType = "BILLING_KEY_ALREADY_ISSUED"                                 // 409: BillingKeyAlreadyIssuedError
	ErrorTypeBillingKeyNotFound                                 ErrorType = "BILLING_KEY_NOT_FOUND"                                      // 404: 빌링키가 존재하지 않는 경우
	ErrorTypeBillingKeyNotIssued                                ErrorType = "BILLING_KEY_NOT_ISSUED"                                     // 404: BillingKeyNotIssuedError
	ErrorTypeCancellableAmountConsistencyBroken                 ErrorType = "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN"                      // 409: 취소 가능 잔액 검증에 실패한 경우
	ErrorTypeCancelAmountExceedsCancellableAmount               ErrorType = "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT"                   // 409: 결제 취소 금액이 취소 가능 금액을 초과한 경우
	ErrorTypeCancelTaxAmountExceedsCancellableTaxAmount         ErrorType = "CANCEL_TAX_AMOUNT_EXCEEDS_CANCELLABLE_TAX_AMOUNT"           // 409: 취소 과세 금액이 취소 가능한 과세 금액을 초과한 경우
	ErrorTypeCancelTaxFreeAmountExceedsCancellableTaxFreeAmount ErrorType = "CANCEL_TAX_FREE_AMOUNT_EXCEEDS_CANCELLABLE_TAX_FREE_AMOUNT" // 409: 취소 면세 금액이 취소 가능한 면세 금액을 초과한 경우
	ErrorTypeCashReceiptAlreadyIssued                           ErrorType = "CASH_RECEIPT_ALREADY_ISSUED"                                // 409: 현금영수증이 이미 발급된 경우
	ErrorTypeCashReceiptNotFound                                ErrorType = "CASH_RECEIPT_NOT_FOUND"                                     // 404: 현금영수증이 존재하지 않는 경우
	ErrorTypeCashReceiptNotIssued                               ErrorType = "CASH_RECEIPT_NOT_ISSUED"                                    // 404: 현금영수증이 발급되지 않은 경우
	ErrorTypeChannelNotFound                                    ErrorType = "CHANNEL_NOT_FOUND"                                          // 404: 요청된 채널이 존재하지 않는 경우
	ErrorTypeChannelSpecific                                    ErrorType = "CHANNEL_SPECIFIC"                                           // 502: 여러 채널을 지정한 요청에서, 채널 각각에서 오류가 발생한 경우
	ErrorTypeDiscountAmountExceedsTotalAmount                   ErrorType = "DISCOUNT_AMOUNT_EXCEEDS_TOTAL_AMOUNT"                       // 400: 프로모션 할인 금액이 결제 시도 금액 이상인 경우
	ErrorTypeForbidden                                          ErrorType = "FORBIDDEN"                                                  // 403: 요청이 거절된 경우
	ErrorTypeIdentityVerificationAlreadySent                    ErrorType = "IDENTITY_VERIFICATION_ALREADY_SENT"                         // 409: 본인인증 건이 이미 API로 요청된 상태인 경우
	ErrorTypeIdentityVerificationAlreadyVerified                ErrorType = "IDENTITY_VERIFICATION_ALREADY_VERIFIED"                     // 409: 본인인증 건이 이미 인증 완료된 상태인 경우
	ErrorTypeIdentityVerificationNotFound                       ErrorType = "IDENTITY_VERIFICATION_NOT_FOUND"                            // 404: 요청된 본인인증 건이 존재하지 않는 경우
	ErrorTypeIdentityVerificationNotSent                        ErrorType = "IDENTITY_VERIFICATION_NOT_SENT"                             // 404: 본인인증 건이 API로 요청된 상태가 아닌 경우
	ErrorTypeInformationMismatch                                ErrorType = "INFORMATION_MISMATCH"                                       // 409: 정보가 일치하지 않는 경우
	ErrorTypeInvalidPaymentToken                                ErrorType = "INVALID_PAYMENT_TOKEN"                                      // 400: 유효하지 않은 결제 토큰인 경우
	ErrorTypeInvalidRequest                                     ErrorType = "INVALID_REQUEST"                                            // 400: 요청된 입력 정보가 유효하지 않은 경우
	ErrorTypeMaxCancelCountReached                              ErrorType = "MAX_CANCEL_COUNT_REACHED"                                   // 409: 취소 시도 횟수가 초과된 경우
	ErrorTypeMaxTransactionCountReached                         ErrorType = "MAX_TRANSACTION_COUNT_REACHED"                              // 400: 결제 혹은 본인인증 시도 횟수가 최대에 도달한 경우
	ErrorTypeMaxWebhookRetryCountReached                        ErrorType = "MAX_WEBHOOK_RETRY_COUNT_REACHED"                            // 400: 동일한 webhook id에 대한 수동 재시도 횟수가 최대에 도달한 경우
	ErrorTypeNegativePromotionAdjustedCancelAmount              ErrorType = "NEGATIVE_PROMOTION_ADJUSTED_CANCEL_AMOUNT"                  // 400: 프로모션에 의해 조정된 취소 금액이 음수인 경우
	ErrorTypePaymentAlreadyCancelled                            ErrorType = "PAYMENT_ALREADY_CANCELLED"                                  // 409: 결제가 이미 취소된 경우
	ErrorTypePaymentCancellationNotFound                        ErrorType = "PAYMENT_CANCELLATION_NOT_FOUND"                             // 404: 결제 취소 내역이 존재하지 않는 경우
	ErrorTypePaymentCancellationNotPending                      ErrorType = "PAYMENT_CANCELLATION_NOT_PENDING"                           // 409: 결제 취소 내역이 취소 요청 상태가 아닌 경우
	ErrorTypePaymentNotFound                                    ErrorType = "PAYMENT_NOT_FOUND"                                          // 404: 결제 건이 존재하지 않는 경우
	ErrorTypePaymentNotPaid                                     ErrorType = "PAYMENT_NOT_PAID"                                           // 409: 결제가 완료되지 않은 경우
	ErrorTypePaymentNotWaitingForDeposit                        ErrorType = "PAYMENT_NOT_WAITING_FOR_DEPOSIT"                            // 409: 결제 건이 입금 대기 상태가 아닌 경우
	ErrorTypePaymentScheduleAlreadyExists                       ErrorType = "PAYMENT_SCHEDULE_ALREADY_EXISTS"                            // 409: 결제 예약건이 이미 존재하는 경우
	ErrorTypePaymentScheduleAlreadyProcessed                    ErrorType = "PAYMENT_SCHEDULE_ALREADY_PROCESSED"                         // 409: 결제 예약건이 이미 처리된 경우
	ErrorTypePaymentScheduleAlreadyRevoked                      ErrorType = "PAYMENT_SCHEDULE_ALREADY_REVOKED"                           // 409: 결제 예약건이 이미 취소된 경우
	ErrorTypePaymentScheduleNotFound                            ErrorType = "PAYMENT_SCHEDULE_NOT_FOUND"                                 // 404: 결제 예약건이 존재하지 않는 경우
	ErrorTypePGProvider                                         ErrorType = "PG_PROVIDER"                                                // 502: PG사에서 오류를 전달한 경우
	ErrorTypePromotionDiscountRetainOptionShouldNotBeChanged    ErrorType = "PROMOTION_DISCOUNT_RETAIN_OPTION_SHOULD_NOT_BE_CHANGED"     // 400: 프로모션 혜택 유지 옵션을 이전 부분 취소와 다른 것으로 입력한 경우
	ErrorTypePromotionNotFound                                  ErrorType = "PROMOTION_NOT_FOUND"                                        // 404: 프로모션이 존재하지 않는 경우
	ErrorTypePromotionPayMethodDoesNotMatch                     ErrorType = "PROMOTION_PAY_METHOD_DOES_NOT_MATCH"                        // 400: 결제수단이 프로모션에 지정된 것과 일치하지 않는 경우
	ErrorTypeSumOfPartsExceedsCancelAmount                      ErrorType = "SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT"                         // 409: 면세 금액 등 하위 항목들의 합이 전체 취소 금액을 초과한 경우
	ErrorTypeSumOfPartsExceedsTotalAmount                       ErrorType = "SUM_OF_PARTS_EXCEEDS_TOTAL_AMOUNT"                          // 409: 면세 금액 등 하위 항목들의 합이 전체 결제 금액을 초과한 경우
	ErrorTypeUnauthorized                                       ErrorType = "UNAUTHORIZED"                                               // 401: 인증 정보가 올바르지 않은 경우
	ErrorTypeWebhookNotFound                                    ErrorType = "WEBHOOK_NOT_FOUND"                                          // 404: 웹훅 내역이 존재하지 않는 경우
	ErrorTypeIdempotencyOutstandingRequest                      ErrorType = "IDEMPOTENCY_OUTSTANDING_REQUEST"                            // 409: a request with the same Idempotency-Key is still being processed (documented outside the schema)
)

// errorTypeIdempotencyKeyReused is the answer to a request under an
// Idempotency-Key already used for a different request (another body,
// path or method). PortOne documents no such answer (it only says never
// to reuse a key), so its status and type are UNCONFIRMED: this is what
// portonetest sends (422), after the IETF Idempotency-Key draft. Whatever
// PortOne's is, it can exist only because an earlier request under the
// key exists, which may have been applied, so a write refused with it
// ends with ErrOutcomeUnknown (settledOnEveryWrite), never as "nothing
// applied".
const errorTypeIdempotencyKeyReused ErrorType = "IDEMPOTENCY_KEY_REUSED"

// errorCategories maps each known type to a shared category; unknown types
// fall back to the HTTP status.
var errorCategories = map[ErrorType]error{
	ErrorTypeAlreadyPaid:                                        ErrConflict,
	ErrorTypeAlreadyPaidOrWaiting:                               ErrConflict,
	ErrorTypeBillingKeyAlreadyDeleted:                           ErrConflict,
	ErrorTypeBillingKeyAlreadyIssued:                            ErrConflict,
	ErrorTypeBillingKeyNotFound:                                 ErrNotFound,
	ErrorTypeBillingKeyNotIssued:                                ErrNotFound,
	ErrorTypeCancellableAmountConsistencyBroken:                 ErrConflict,
	ErrorTypeCancelAmountExceedsCancellableAmount:               ErrConflict,
	ErrorTypeCancelTaxAmountExceedsCancellableTaxAmount:         ErrConflict,
	ErrorTypeCancelTaxFreeAmountExceedsCancellableTaxFreeAmount: ErrConflict,
	ErrorTypeCashReceiptAlreadyIssued:                           ErrConflict,
	ErrorTypeCashReceiptNotFound:                                ErrNotFound,
	ErrorTypeCashReceiptNotIssued:                               ErrNotFound,
	ErrorTypeChannelNotFound:                                    ErrNotFound,
	ErrorTypeChannelSpecific:                                    ErrServer,
	ErrorTypeDiscountAmountExceedsTotalAmount:                   ErrInvalidRequest,
	ErrorTypeForbidden:                                          ErrUnauthorized,
	ErrorTypeIdentityVerificationAlreadySent:                    ErrConflict,
	ErrorTypeIdentityVerificationAlreadyVerified:                ErrConflict,
	ErrorTypeIdentityVerificationNotFound:                       ErrNotFound,
	ErrorTypeIdentityVerificationNotSent:                        ErrNotFound,
	ErrorTypeInformationMismatch:                                ErrConflict,
	ErrorTypeInvalidPaymentToken:                                ErrInvalidRequest,
	ErrorTypeInvalidRequest:                                     ErrInvalidRequest,
	ErrorTypeMaxCancelCountReached:                              ErrConflict,
	ErrorTypeMaxTransactionCountReached:                         ErrInvalidRequest,
	ErrorTypeMaxWebhookRetryCountReached:                        ErrInvalidRequest,
	ErrorTypeNegativePromotionAdjustedCancelAmount:              ErrInvalidRequest,
	ErrorTypePaymentAlreadyCancelled:                            ErrConflict,
	ErrorTypePaymentCancellationNotFound:                        ErrNotFound,
	ErrorTypePaymentCancellationNotPending:                      ErrConflict,
	ErrorTypePaymentNotFound:                                    ErrNotFound,
	ErrorTypePaymentNotPaid:                                     ErrConflict,
	ErrorTypePaymentNotWaitingForDeposit:                        ErrConflict,
	ErrorTypePaymentScheduleAlreadyExists:                       ErrConflict,
	ErrorTypePaymentScheduleAlreadyProcessed:                    ErrConflict,
	ErrorTypePaymentScheduleAlreadyRevoked:                      ErrConflict,
	ErrorTypePaymentScheduleNotFound:                            ErrNotFound,
	ErrorTypePGProvider:                                         ErrServer,
	ErrorTypePromotionDiscountRetainOptionShouldNotBeChanged:    ErrInvalidRequest,
	ErrorTypePromotionNotFound:                                  ErrNotFound,
	ErrorTypePromotionPayMethodDoesNotMatch:                     ErrInvalidRequest,
	ErrorTypeSumOfPartsExceedsCancelAmount:                      ErrConflict,
	ErrorTypeSumOfPartsExceedsTotalAmount:                       ErrConflict,
	ErrorTypeUnauthorized:                                       ErrUnauthorized,
	ErrorTypeWebhookNotFound:                                    ErrNotFound,
	ErrorTypeIdempotencyOutstandingRequest:                      ErrConflict,
}

// APIError is an error response from PortOne: {"type": …, "message": …}.
//
// errors.As finds it inside an *OutcomeUnknownError too, for your logs:
// there it is only the last answer to a write an earlier attempt of which
// may have been applied, and proves nothing about that attempt, so check
// ErrOutcomeUnknown before acting on its code.
type APIError struct {
	StatusCode     int       // HTTP status
	Type           ErrorType // e.g. ErrorTypePaymentNotFound; empty for a non-JSON body
	Message        string    // PortOne's message, often Korean, verbatim but for runs of 10+ digits (a card, account or phone number it echoes), masked; RawBody has the original
	PGCode         string    // PG_PROVIDER: the PG's own code
	PGMessage      string    // PG_PROVIDER: the PG's own message, long digit runs masked like Message
	Op             string    // the operation, e.g. "payments.cancel"
	Attempts       int       // requests sent, retries included
	RequestID      string    // the response's request id header, if any
	IdempotencyKey string    // the key the write was sent with
	raw            redact.Hidden
}

// Error reads "portone: payments.cancel: 409 PAYMENT_ALREADY_CANCELLED: <message>".
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "portone: %s: %d", e.Op, e.StatusCode)
	if e.Type != "" {
		b.WriteString(" " + string(e.Type))
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.PGCode != "" || e.PGMessage != "" {
		fmt.Fprintf(&b, " (PG %s: %s)", e.PGCode, e.PGMessage)
	}
	return b.String()
}

// Is maps the error to the shared categories: by type where paykit knows
// it, otherwise by HTTP status. A 404 without PortOne's type (a proxy's
// page, a wrong base URL) matches no category, not ErrNotFound.
func (e *APIError) Is(target error) bool {
	if cat, ok := errorCategories[e.Type]; ok {
		return cat == target
	}
	return target != nil && transport.CategoryForStatus(e.StatusCode, e.Type != "") == target
}

// RawBody returns the error body as received (at most 1 MiB), for the
// extra fields of a few types (CHANNEL_SPECIFIC's failures, say). No
// printing of the error shows it.
func (e *APIError) RawBody() []byte { return []byte(e.raw.Reveal()) }

type errorBody struct {
	Type      string `json:"type"`
	Message   string `json:"message"`
	PGCode    string `json:"pgCode"`
	PGMessage string `json:"pgMessage"`
}

// decodeAPIError builds an *APIError from any body, JSON or not.
func decodeAPIError(r *transport.ErrorResponse) error {
	e := &APIError{
		StatusCode: r.StatusCode, Op: r.Op, Attempts: r.Attempts, RequestID: r.RequestID,
		IdempotencyKey: r.IdempotencyKey, raw: redact.Hide(string(r.Body)),
	}
	var body errorBody
	if json.Unmarshal(r.Body, &body) == nil {
		e.Type, e.PGCode = ErrorType(body.Type), body.PGCode
		e.Message, e.PGMessage = redact.DigitRuns(body.Message), redact.DigitRuns(body.PGMessage)
	}
	if e.Type == "" && e.Message == "" {
		e.Message = http.StatusText(r.StatusCode)
	}
	return e
}

// settledOnEveryWrite are the refusals that read as "an earlier call of
// yours may have done it" on every write: the payment is already where
// the write would take it, or moved since the caller read it (paid,
// ALREADY_PAID; cancelled, PAYMENT_ALREADY_CANCELLED; its balance
// changed, CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN), or the key was already
// used (errorTypeIdempotencyKeyReused). Each is what the caller's own
// earlier call, applied and its answer lost, leaves for a repeat made
// once PortOne forgot that call's key (about 3 hours), under a new key,
// or under the same key with a body that differs. PortOne's schema lists
// the first three on the payment writes only (charges, confirm,
// pre-registration, cancel); elsewhere they are still read so, which can
// never move money twice.
var settledOnEveryWrite = map[ErrorType]bool{
	ErrorTypeAlreadyPaid:                        true,
	ErrorTypePaymentAlreadyCancelled:            true,
	ErrorTypeCancellableAmountConsistencyBroken: true,
	errorTypeIdempotencyKeyReused:               true,
}

// settledOnOp are, per operation, the refusals that read so only there,
// each in the error union PortOne's schema gives that endpoint. Elsewhere
// they say something else, and stay definite: a charge refused with
// PAYMENT_SCHEDULE_ALREADY_EXISTS (a schedule waits under its payment id,
// which no earlier charge makes), a billing key whose deletion is refused
// so (schedules still use it), a verification already verified when
// sent or re-sent (only Confirm verifies).
var settledOnOp = map[string][]ErrorType{
	// a schedule is made, or its payment paid or awaiting payment: what
	// an earlier Create of the same payment id leaves
	paymentScheduleEndpoints.create.Op: {ErrorTypeAlreadyPaidOrWaiting, ErrorTypePaymentScheduleAlreadyExists},
	// a partial cancel names the balance it read and asks at most that
	// (validate, balanceNamed), so "exceeds what is cancellable" (in
	// total, tax-free or taxable) says the balance moved since, maybe by
	// an earlier cancel of the caller's whose answer was lost, and "no
	// more cancels" may be that cancel having used the last one allowed.
	// A full cancel asks for whatever remains, so only a moved balance
	// can make it exceed anything either. Whether PortOne compares the
	// named balance before these checks is UNCONFIRMED: read as definite,
	// they would send the merchant to refund the same money again.
	paymentEndpoints.cancel.Op: {ErrorTypeCancelAmountExceedsCancellableAmount,
		ErrorTypeCancelTaxFreeAmountExceedsCancellableTaxFreeAmount,
		ErrorTypeCancelTaxAmountExceedsCancellableTaxAmount, ErrorTypeMaxCancelCountReached},
	// the token's key is issued and its first payment charged by an
	// earlier ConfirmIssueAndPay of the same token. Not on Confirm: no
	// money moves there, and an unknown outcome would name nothing to look
	// up (no payment id; the token is a secret), so the refusal stays
	// definite and Confirm's doc says where the key is.
	billingKeyEndpoints.confirmIssueAndPay.Op: {ErrorTypeBillingKeyAlreadyIssued},
	// verified by an earlier Confirm of the same verification
	identityVerificationEndpoints.confirm.Op: {ErrorTypeIdentityVerificationAlreadyVerified},
	// issued by an earlier Issue for the same payment
	cashReceiptEndpoints.issue.Op: {ErrorTypeCashReceiptAlreadyIssued},
}

// settledOn reports whether PortOne's refusal typ of a write to endpoint
// op is one an earlier call of the caller's may have caused:
// settledOnEveryWrite, or settledOnOp for op.
func settledOn(op string, typ ErrorType) bool {
	return settledOnEveryWrite[typ] || slices.Contains(settledOnOp[op], typ)
}

// alreadySettled is the error of a write (call, its result res) that
// PortOne refused with a refusal settledOn lists for it: an
// *OutcomeUnknownError carrying call.Reference (the payment id, for most
// writes) and the refusal (err, which errors.As still finds), even on the
// only attempt. Such a refusal says nothing was applied by this request,
// not that the object is as the caller wanted it before: "already paid"
// after a charge whose answer was lost is that charge, and a merchant
// reading it as "declined" would charge the buyer again under a new
// payment id. Only the object's state settles it (Get). A lookup's
// error, and one that is already an unknown outcome, pass unchanged.
func alreadySettled(call *transport.Call, res transport.Result, err error) error {
	var apiErr *APIError
	var unknown *OutcomeUnknownError
	if err == nil || call.Endpoint.Class == transport.Safe || errors.As(err, &unknown) ||
		!errors.As(err, &apiErr) || !settledOn(call.Endpoint.Op, apiErr.Type) {
		return err
	}
	return &OutcomeUnknownError{
		Gateway: "portone", Op: call.Endpoint.Op, Reference: call.Reference,
		IdempotencyKey: res.IdempotencyKey, Attempts: res.Attempts, Err: err,
	}
}

// isOutstanding recognises 409 IDEMPOTENCY_OUTSTANDING_REQUEST: the first
// request with this key is still running, so the same key is retried.
func isOutstanding(status int, body []byte) bool {
	if status != http.StatusConflict || !bytes.Contains(body, []byte("IDEMPOTENCY_OUTSTANDING_REQUEST")) {
		return false
	}
	var b errorBody
	return json.Unmarshal(body, &b) == nil && ErrorType(b.Type) == ErrorTypeIdempotencyOutstandingRequest
}

// isPGDecline recognises the 502s that carry the PG's own refusal
// (PG_PROVIDER: a declined card, say; CHANNEL_SPECIFIC: every channel
// refused). PortOne processed the request and the PG said no, so the
// answer is not retried, and on the only attempt that could have applied
// it is a definite refusal. After an earlier attempt that may have been
// applied it proves nothing (it may be a proxy's body, or the PG refusing
// a duplicate of a charge that went through), and the transport ends the
// call with ErrOutcomeUnknown; nothing here may turn that back into a
// decline.
//
// Whether PortOne ever answers PG_PROVIDER for a PG timeout after which
// the card company had approved is UNCONFIRMED. A retry of the same
// payment id stays safe either way (PortOne refuses a second payment
// under an id it has recorded as paid); the charging methods' docs tell
// the caller to look the payment up before charging under a new id.
func isPGDecline(status int, body []byte) bool {
	if status != http.StatusBadGateway {
		return false
	}
	var b errorBody
	if json.Unmarshal(body, &b) != nil {
		return false
	}
	t := ErrorType(b.Type)
	return t == ErrorTypePGProvider || t == ErrorTypeChannelSpecific
}
