package bootpay

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/paykit-kr/paykit/internal/redact"
	"github.com/paykit-kr/paykit/internal/transport"
)

// UsersService issues user tokens for easy-pay members (간편결제 회원
// 토큰). Use it through Client.Users.
type UsersService struct{ c *Client }

// userEndpoints are the operations of UsersService.
var userEndpoints = struct {
	token transport.Endpoint
}{
	token: transport.Endpoint{Op: "users.token", Method: http.MethodPost, Route: "/request/user/token", Class: transport.Safe},
}

// WithLegacyFallback adds the legacy application id and private key to a
// BasicAuth, for the endpoints that have refused Basic credentials with
// TOKEN_KEY_INVALID (POST /request/user/token, seen in 2026; whether
// Bootpay fixed it is UNCONFIRMED): such a refusal is answered by sending
// the call again with a Bearer token issued from these keys. Every other
// call keeps using Basic credentials.
func (a Auth) WithLegacyFallback(applicationID, privateKey string) Auth {
	a.applicationID, a.privateKey = applicationID, redact.Hide(privateKey)
	return a
}

// UserTokenParams identifies the member a user token is for.
type UserTokenParams struct {
	UserID   string // required: your id of the member
	Email    string
	Username string
	Gender   *Gender // sent only when set
	Birth    Secret  // YYYYMMDD or YYYY-MM-DD
	Phone    PhoneNumber
}

type userTokenRequest struct {
	UserID   string  `json:"user_id"`
	Email    string  `json:"email,omitempty"`
	Username string  `json:"username,omitempty"`
	Gender   *Gender `json:"gender,omitempty"`
	Birth    string  `json:"birth,omitempty"`
	Phone    string  `json:"phone,omitempty"`
}

func (p *UserTokenParams) validate() error {
	if err := checkID("UserID", p.UserID); err != nil {
		return err
	}
	u := User{Gender: p.Gender, Birth: p.Birth, Phone: p.Phone}
	return u.validate("UserTokenParams")
}

// UserToken is a member's token for the payment window. Token is secret:
// hand it to that member's browser only.
type UserToken struct {
	Token     Secret `json:"user_token"`
	ExpiredAt Time   `json:"expired_at"`
}

// UnmarshalJSON requires user_token.
func (t *UserToken) UnmarshalJSON(data []byte) error {
	type fields UserToken
	*t = UserToken{} // a reused value keeps no token of an earlier decode
	if err := json.Unmarshal(data, (*fields)(t)); err != nil {
		return err
	}
	if t.Token == "" {
		return errors.New("bootpay: user token reply without user_token")
	}
	return nil
}

// Token issues a user token (간편결제 회원 토큰): POST
// /request/user/token. With BasicAuth(…).WithLegacyFallback(…), a 401
// TOKEN_KEY_INVALID to the Basic credentials is answered by sending the
// request again with a Bearer token from the legacy keys.
//
// Retry class Safe: a repeated request only issues another token.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/flow
func (s *UsersService) Token(ctx context.Context, p UserTokenParams, opts ...RequestOption) (*UserToken, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	call := &transport.Call{Endpoint: &userEndpoints.token, Body: userTokenRequest{
		UserID: p.UserID, Email: p.Email, Username: p.Username, Gender: p.Gender, Birth: string(p.Birth), Phone: string(p.Phone),
	}}
	out, _, err := transport.Send[UserToken](ctx, s.c.t, call, opts...)
	var apiErr *APIError
	if err != nil && s.c.legacy != nil && errors.As(err, &apiErr) && apiErr.Code == CodeTokenKeyInvalid {
		out, _, err = transport.Send[UserToken](ctx, s.c.legacy, call, opts...)
	}
	return out, err
}
