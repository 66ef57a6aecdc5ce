package portone

import (
	"context"
	"iter"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// IdentityVerificationsService looks up and drives identity verifications (본인인증).
// Use it through the Client field of the same name.
type IdentityVerificationsService struct{ c *Client }

// identityVerificationEndpoints are the operations of
// IdentityVerificationsService.
var identityVerificationEndpoints = struct {
	get, list, send, confirm, resend transport.Endpoint
}{
	get:     transport.Endpoint{Op: "identityVerifications.get", Method: http.MethodGet, Route: "/identity-verifications/{identityVerificationId}", Class: transport.Safe},
	list:    transport.Endpoint{Op: "identityVerifications.list", Method: http.MethodGet, Route: "/identity-verifications", Class: transport.Safe},
	send:    transport.Endpoint{Op: "identityVerifications.send", Method: http.MethodPost, Route: "/identity-verifications/{identityVerificationId}/send", Class: transport.Keyed},
	confirm: transport.Endpoint{Op: "identityVerifications.confirm", Method: http.MethodPost, Route: "/identity-verifications/{identityVerificationId}/confirm", Class: transport.Keyed},
	resend:  transport.Endpoint{Op: "identityVerifications.resend", Method: http.MethodPost, Route: "/identity-verifications/{identityVerificationId}/resend", Class: transport.Keyed},
}

// Get looks an identity verification up (본인인증 단건 조회): GET
// /identity-verifications/{identityVerificationId}. The store id
// (WithStoreID, else the client's default) goes in the query. Check the
// Variant: only a *VerifiedIdentityVerification proves the customer.
//
// Errors: IDENTITY_VERIFICATION_NOT_FOUND (404, ErrNotFound), FORBIDDEN,
// UNAUTHORIZED, INVALID_REQUEST. A 2xx reply about another verification
// (its id) is a *DecodeError naming both ids, never that verification,
// which would prove another person: a bad reply, not ErrNotFound, so look
// again.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/identityVerification
func (s *IdentityVerificationsService) Get(ctx context.Context, identityVerificationID string, opts ...RequestOption) (*IdentityVerification, error) {
	call := idCall(&identityVerificationEndpoints.get, "identityVerificationID", identityVerificationID, nil)
	call.Query = s.c.storeQuery("", opts)
	return lookup(ctx, s.c, call, "identity verification", identityVerificationID,
		func(v *IdentityVerification) string { return v.ID }, opts)
}

// List returns one page of identity verifications (본인인증 내역 다건 조회):
// GET /identity-verifications with the params as JSON in the requestBody
// query parameter.
//
// Errors: FORBIDDEN, UNAUTHORIZED, INVALID_REQUEST.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/identityVerification
func (s *IdentityVerificationsService) List(ctx context.Context, p IdentityVerificationListParams, opts ...RequestOption) (*IdentityVerificationList, error) {
	return listOf[IdentityVerificationList](ctx, s.c, &identityVerificationEndpoints.list, p, opts)
}

// All iterates over every verification List would return page by page,
// from p.Page on (page 0 of 10 for a zero p.Page), fetching each page only
// when the loop needs it: breaking out stops fetching, and an error is
// yielded once, with a nil verification, and ends the iteration.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/identityVerification
func (s *IdentityVerificationsService) All(ctx context.Context, p IdentityVerificationListParams, opts ...RequestOption) iter.Seq2[*IdentityVerification, error] {
	return allOf(ctx, s.c, &identityVerificationEndpoints.list, p, opts, func(l *IdentityVerificationList) ([]IdentityVerification, PageInfo) { return l.Items, l.Page })
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
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/identityVerification
func (s *IdentityVerificationsService) Send(ctx context.Context, p SendIdentityVerificationParams, opts ...RequestOption) (*SendIdentityVerificationResponse, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	call := idCall(&identityVerificationEndpoints.send, "IdentityVerificationID", p.IdentityVerificationID, p)
	return send[SendIdentityVerificationResponse](ctx, s.c, call, opts)
}

// Confirm completes a verification started with Send (본인인증 확인): POST
// /identity-verifications/{identityVerificationId}/confirm, with the OTP
// for SMS. The store id goes in the body; the write is keyed. The response
// holds the verified customer: on a nil error its IdentityVerification is
// p.IdentityVerificationID's, and its Variant a
// *VerifiedIdentityVerification.
//
// Any other 2xx proves nothing about this customer and ends with
// ErrOutcomeUnknown (an *OutcomeUnknownError whose Reference is
// p.IdentityVerificationID, around a *DecodeError): a reply without the
// verification's id and status ({} or null), one about another
// verification (another key's stored answer: another person's CI and DI),
// or one whose verification is not VERIFIED (READY, FAILED, a status this
// package does not know). Look the verification up (Get) before trusting
// it.
//
// Errors: IDENTITY_VERIFICATION_NOT_FOUND and IDENTITY_VERIFICATION_NOT_SENT
// (404, ErrNotFound), PG_PROVIDER (502, e.g. a wrong OTP), FORBIDDEN,
// UNAUTHORIZED, INVALID_REQUEST. A 409
// IDENTITY_VERIFICATION_ALREADY_VERIFIED ends with ErrOutcomeUnknown even
// on the only attempt (Reference: p.IdentityVerificationID, the *APIError
// inside): an earlier Confirm of yours whose answer was lost may be what
// verified it. Look the verification up (Get).
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/identityVerification
func (s *IdentityVerificationsService) Confirm(ctx context.Context, p ConfirmIdentityVerificationParams, opts ...RequestOption) (*ConfirmIdentityVerificationResponse, error) {
	if err := optionalID("StoreID", p.StoreID); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	call := idCall(&identityVerificationEndpoints.confirm, "IdentityVerificationID", p.IdentityVerificationID, p)
	out, res, err := exchange[ConfirmIdentityVerificationResponse](ctx, s.c, call, opts)
	if err != nil {
		return nil, err
	}
	if err := out.IdentityVerification.confirms(p.IdentityVerificationID); err != nil {
		return nil, outcomeUnknown(call.Endpoint.Op, p.IdentityVerificationID, res, err)
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
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/identityVerification
func (s *IdentityVerificationsService) Resend(ctx context.Context, identityVerificationID string, opts ...RequestOption) (*ResendIdentityVerificationResponse, error) {
	call := idCall(&identityVerificationEndpoints.resend, "identityVerificationID", identityVerificationID, nil)
	call.Query = s.c.storeQuery("", opts)
	return send[ResendIdentityVerificationResponse](ctx, s.c, call, opts)
}
