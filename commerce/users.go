package commerce

import (
	"cmp"
	"context"
	"iter"
	"net/http"

	"github.com/paykit-kr/paykit/internal/transport"
)

// UsersService manages a store's customers (고객): join, look up, list,
// change, delete, duplicate checks and customer tokens. Use it through
// Client.Users.
type UsersService struct{ c *Client }

// userEndpoints are the operations of UsersService, all in the user role.
// Every write is Unsafe, never sent again once it may have reached
// Commerce: Bootpay's SDKs send joining an Idempotency-Key, but Commerce's
// deduplication by it is UNCONFIRMED and a repeat would create a second
// customer. The join checks are declared before the {user_id} routes.
var userEndpoints = struct {
	join, check, get, list, update, delete, token transport.Endpoint
}{
	join:   transport.Endpoint{Op: "users.join", Method: http.MethodPost, Route: "/users/join", Class: transport.Unsafe, Header: RoleUser.header()},
	check:  transport.Endpoint{Op: "users.check", Method: http.MethodGet, Route: "/users/join/{type}", Class: transport.Safe, Header: RoleUser.header()},
	token:  transport.Endpoint{Op: "users.token", Method: http.MethodPost, Route: "/users/login/token", Class: transport.Unsafe, Header: RoleUser.header()},
	list:   transport.Endpoint{Op: "users.list", Method: http.MethodGet, Route: "/users", Class: transport.Safe, Header: RoleUser.header()},
	get:    transport.Endpoint{Op: "users.get", Method: http.MethodGet, Route: "/users/{user_id}", Class: transport.Safe, Header: RoleUser.header()},
	update: transport.Endpoint{Op: "users.update", Method: http.MethodPut, Route: "/users/{user_id}", Class: transport.Unsafe, Header: RoleUser.header()},
	delete: transport.Endpoint{Op: "users.delete", Method: http.MethodDelete, Route: "/users/{user_id}", Class: transport.Unsafe, Header: RoleUser.header()},
}

const defaultUserLimit = 20

// Join creates a customer (회원 가입): POST /users/join (Unsafe: an
// unknown outcome is an *OutcomeUnknownError carrying p.ExternalUID or
// p.LoginID; look the customer up before joining again). An answer
// naming another login_id or external_uid than p (each compared only when
// both name one, without surrounding space) is not this customer: it ends
// as that *OutcomeUnknownError too, never as the customer joined. The
// login_id is compared regardless of case only when both name an
// external_uid and it agrees (an e-mail address a server lower-cased is
// still this customer's); whether Commerce folds the case of login ids is
// UNCONFIRMED, so without that external_uid a login_id in another case is
// another customer's as far as paykit can tell: the unknown outcome, the
// side that never takes a stranger for this buyer. The
// password prints as [REDACTED] and is never logged.
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UsersService) Join(ctx context.Context, p UserParams, opts ...RequestOption) (*User, error) {
	if err := p.validate(true); err != nil {
		return nil, err
	}
	return created(ctx, s.c, &userEndpoints.join, &p, cmp.Or(p.ExternalUID, p.LoginID), func(u *User) []answerField {
		uid := idField("user external_uid", u.ExternalUID, p.ExternalUID)
		return []answerField{loginIDField("user login_id", u.LoginID, p.LoginID, uid), uid}
	}, opts)
}

// Exists runs a join duplicate check: GET /users/join/{check}?pk=value
// (Safe). The answer's shape is undocumented; it is returned as received
// (DuplicateCheckResult.RawJSON). A 2xx without a verdict (a 204, an
// empty 200, a JSON null) is a *DecodeError: ask again, never take it as
// "not taken". A 2xx in Commerce's error shape is its refusal, an
// *APIError.
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UsersService) Exists(ctx context.Context, check DuplicateCheck, value string, opts ...RequestOption) (*DuplicateCheckResult, error) {
	if value == "" {
		return nil, &ValidationError{Gateway: "commerce", Field: "value", Reason: "is required"}
	}
	q, err := encodeQuery(duplicateQuery{value})
	if err != nil {
		return nil, err
	}
	out, _, err := transport.Send[DuplicateCheckResult](ctx, s.c.t, &transport.Call{Endpoint: &userEndpoints.check, Args: arg("check", string(check)), Query: q}, opts...)
	return out, err
}

// Get looks a customer up: GET /users/{user_id} (Safe). A missing one
// matches ErrNotFound; a 2xx reply naming another user_id is a
// *DecodeError, never that customer: a bad reply, so look again.
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UsersService) Get(ctx context.Context, userID string, opts ...RequestOption) (*User, error) {
	return lookup(ctx, s.c, &userEndpoints.get, "userID", "user", userID,
		func(u *User) string { return u.UserID }, opts)
}

// List returns one page of customers (고객 목록): GET /users (Safe).
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UsersService) List(ctx context.Context, p UserListParams, opts ...RequestOption) (*Page[User], error) {
	return pageOf[User](ctx, s.c, &userEndpoints.list, &p, defaultUserLimit, opts)
}

// All iterates over every customer matching p, fetching pages lazily;
// breaking out of the loop stops fetching.
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UsersService) All(ctx context.Context, p UserListParams, opts ...RequestOption) iter.Seq2[*User, error] {
	return everyPage[User](ctx, s.c, &userEndpoints.list, &p, defaultUserLimit, opts)
}

// Update changes a customer: PUT /users/{user_id} (Unsafe). Only the
// fields set in p are sent. An answer naming another user (user_id) is an
// *OutcomeUnknownError carrying userID, never that user.
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UsersService) Update(ctx context.Context, userID string, p UserParams, opts ...RequestOption) (*User, error) {
	if err := p.validate(false); err != nil {
		return nil, err
	}
	return byID(ctx, s.c, &userEndpoints.update, "userID", "user", userID, &p, func(u *User) string { return u.UserID }, opts)
}

// Delete deletes a customer: DELETE /users/{user_id} (Unsafe).
//
// An *OutcomeUnknownError (Reference: userID) means the customer may or
// may not be deleted: look the customer up (Get; ErrNotFound: deleted)
// before deleting again.
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UsersService) Delete(ctx context.Context, userID string, opts ...RequestOption) (*Ack, error) {
	return send[Ack](ctx, s.c, &userEndpoints.delete, arg("userID", userID), nil, userID, opts)
}

// Token issues a customer's token (사용자 토큰): POST /users/login/token
// (Unsafe, like every write of this service), for the storefront calls
// made as that customer (WithUserJWT). The token prints masked.
//
// An answer whose user names another customer (user.user_id) than
// p.UserID is a *DecodeError, never that token: the storefront calls made
// with it would act as a stranger. It is a bad answer, not an unknown
// outcome: a token moves no money and creates nothing to look up, so ask
// again. The other token is never part of the error.
//
// After an attempt that may have reached Commerce, a failure is an
// *OutcomeUnknownError carrying p.UserID: a token may have been issued,
// which is harmless (it is not sent again by the client, and you may ask
// for a new one with another call).
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *UsersService) Token(ctx context.Context, p UserTokenParams, opts ...RequestOption) (*UserToken, error) {
	if err := checkID("UserID", p.UserID); err != nil {
		return nil, err
	}
	tok, res, err := transport.Send[UserToken](ctx, s.c.t, &transport.Call{Endpoint: &userEndpoints.token, Body: &p, Reference: p.UserID}, opts...)
	if err != nil {
		return nil, err
	}
	if got := tok.User; got != nil && got.UserID != "" && got.UserID != p.UserID {
		return nil, otherObject(userEndpoints.token.Op, res.StatusCode, "user", got.UserID, p.UserID)
	}
	return tok, nil
}
