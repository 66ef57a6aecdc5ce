package portone

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// IdentityVerificationsService looks up and drives identity verifications (본인인증).
// Use it through the Client field of the same name.
type IdentityVerificationsService struct{ c *Client }

// identityVerificationRoute is the path template of one verification.
const identityVerificationRoute = "/identity-verifications/{identityVerificationId}"

// Get looks an identity verification up (본인인증 단건 조회): GET
// /identity-verifications/{identityVerificationId}. The store id
// (WithStoreID, else the client's default) goes in the query. Check the
// Variant: only a *VerifiedIdentityVerification proves the customer.
//
// Errors: IDENTITY_VERIFICATION_NOT_FOUND (404, ErrNotFound), FORBIDDEN,
// UNAUTHORIZED, INVALID_REQUEST.
func (s *IdentityVerificationsService) Get(ctx context.Context, identityVerificationID string, opts ...RequestOption) (*IdentityVerification, error) {
	id, err := pathID("identityVerificationID", identityVerificationID)
	if err != nil {
		return nil, err
	}
	out := new(IdentityVerification)
	err = s.c.do(ctx, &transport.Call{
		Op: "identityVerifications.get", Method: http.MethodGet,
		Path: "/identity-verifications/" + id, Route: identityVerificationRoute,
		Query: s.c.storeQuery("", opts), Class: transport.Safe,
	}, out, opts)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// IdentityVerificationListParams selects verifications to list
// (GetIdentityVerificationsBody). It is sent as JSON in the requestBody
// query parameter.
type IdentityVerificationListParams struct {
	// Page is the page to return; zero means page 0 of 10 (요청할 페이지
	// 정보).
	Page PageInput `json:"page,omitzero"`
	// Sort orders the verifications; zero means REQUESTED_AT, DESC (정렬
	// 조건).
	Sort IdentityVerificationSortInput `json:"sort,omitzero"`
	// Filter selects the verifications (조회할 본인인증 내역 조건 필터). Its
	// StoreID, else WithStoreID, else the client's default store is sent as
	// filter.storeId.
	Filter IdentityVerificationFilterInput `json:"filter,omitzero"`
}

// LogValue logs p with the customer's phone number masked, also with
// slog's JSON handler.
func (p IdentityVerificationListParams) LogValue() slog.Value {
	type plain IdentityVerificationListParams
	return maskedLogValue(plain(p))
}

// IdentityVerificationList is one page of verifications (본인인증 내역 다건
// 조회 성공 응답 정보).
type IdentityVerificationList struct {
	// Items are the verifications of this page (조회된 본인인증 내역 리스트).
	Items []IdentityVerification `json:"items"`
	// Page describes the page (조회된 페이지 정보).
	Page PageInfo `json:"page"`
}

// List returns one page of identity verifications (본인인증 내역 다건 조회):
// GET /identity-verifications with the params as JSON in the requestBody
// query parameter.
//
// Errors: FORBIDDEN, UNAUTHORIZED, INVALID_REQUEST.
func (s *IdentityVerificationsService) List(ctx context.Context, p IdentityVerificationListParams, opts ...RequestOption) (*IdentityVerificationList, error) {
	if err := firstError(checkPage(p.Page), checkRange("Filter", p.Filter.From, p.Filter.Until)); err != nil {
		return nil, err
	}
	p.Filter.StoreID = s.c.store(p.Filter.StoreID, opts)
	out := new(IdentityVerificationList)
	if err := s.c.getWithRequestBody(ctx, "identityVerifications.list", "/identity-verifications", p, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Send asks the customer's carrier to start a verification by SMS or app
// (본인인증 요청 전송): POST /identity-verifications/{identityVerificationId}/send.
// Confirm it next, with the OTP for SMS. The store id goes in the body; the
// write is keyed.
//
// Errors: CHANNEL_NOT_FOUND and IDENTITY_VERIFICATION_NOT_FOUND (404),
// IDENTITY_VERIFICATION_ALREADY_SENT and
// IDENTITY_VERIFICATION_ALREADY_VERIFIED (409, ErrConflict),
// MAX_TRANSACTION_COUNT_REACHED (400), PG_PROVIDER (502), FORBIDDEN,
// UNAUTHORIZED, INVALID_REQUEST.
func (s *IdentityVerificationsService) Send(ctx context.Context, p SendIdentityVerificationParams, opts ...RequestOption) (*SendIdentityVerificationResponse, error) {
	id, err := pathID("IdentityVerificationID", p.IdentityVerificationID)
	if err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	out := new(SendIdentityVerificationResponse)
	if err := s.post(ctx, "identityVerifications.send", id, "/send", p.IdentityVerificationID, p, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Confirm completes a verification started with Send (본인인증 확인): POST
// /identity-verifications/{identityVerificationId}/confirm, with the OTP
// for SMS. The store id goes in the body; the write is keyed. The response
// holds the verified customer.
//
// Errors: IDENTITY_VERIFICATION_NOT_FOUND and IDENTITY_VERIFICATION_NOT_SENT
// (404, ErrNotFound), IDENTITY_VERIFICATION_ALREADY_VERIFIED (409,
// ErrConflict), PG_PROVIDER (502, e.g. a wrong OTP), FORBIDDEN,
// UNAUTHORIZED, INVALID_REQUEST.
func (s *IdentityVerificationsService) Confirm(ctx context.Context, p ConfirmIdentityVerificationParams, opts ...RequestOption) (*ConfirmIdentityVerificationResponse, error) {
	id, err := pathID("IdentityVerificationID", p.IdentityVerificationID)
	if err == nil {
		err = optionalID("StoreID", p.StoreID)
	}
	if err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	out := new(ConfirmIdentityVerificationResponse)
	if err := s.post(ctx, "identityVerifications.confirm", id, "/confirm", p.IdentityVerificationID, p, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Resend sends the SMS of a verification again (SMS 본인인증 요청 재전송):
// POST /identity-verifications/{identityVerificationId}/resend, with the
// store id (WithStoreID, else the client's default) in the query and no
// body. The write is keyed.
//
// Errors: IDENTITY_VERIFICATION_NOT_FOUND and IDENTITY_VERIFICATION_NOT_SENT
// (404, ErrNotFound), IDENTITY_VERIFICATION_ALREADY_VERIFIED (409,
// ErrConflict), PG_PROVIDER (502), FORBIDDEN, UNAUTHORIZED,
// INVALID_REQUEST.
func (s *IdentityVerificationsService) Resend(ctx context.Context, identityVerificationID string, opts ...RequestOption) (*ResendIdentityVerificationResponse, error) {
	id, err := pathID("identityVerificationID", identityVerificationID)
	if err != nil {
		return nil, err
	}
	out := new(ResendIdentityVerificationResponse)
	err = s.c.do(ctx, &transport.Call{
		Op: "identityVerifications.resend", Method: http.MethodPost,
		Path: "/identity-verifications/" + id + "/resend", Route: identityVerificationRoute + "/resend",
		Query: s.c.storeQuery("", opts), Class: transport.Keyed, Reference: identityVerificationID,
	}, out, opts)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// post sends a keyed POST with a JSON body to one of a verification's
// actions (suffix "/send" or "/confirm"); escapedID is the path segment.
func (s *IdentityVerificationsService) post(ctx context.Context, op, escapedID, suffix, reference string, body, out any, opts []RequestOption) error {
	return s.c.do(ctx, &transport.Call{
		Op: op, Method: http.MethodPost,
		Path: "/identity-verifications/" + escapedID + suffix, Route: identityVerificationRoute + suffix,
		Body: body, Class: transport.Keyed, Reference: reference,
	}, out, opts)
}
