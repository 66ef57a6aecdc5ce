package portone

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ivCI, ivDI and ivPhone are the secrets in the verified fixture.
const (
	ivCI    = "ci-88-bytes-Zm9vYmFyYmF6cXV4Cg=="
	ivDI    = "di-64-bytes-c2l0ZS1zcGVjaWZpYw=="
	ivPhone = "01012345678"
)

// assertIdentityVerificationCommon checks the fields the fixtures share.
func assertIdentityVerificationCommon(t *testing.T, v IdentityVerification) {
	t.Helper()
	assert.Equal(t, "identity-verification-0001", v.ID)
	assert.Equal(t, `{"signup":true}`, v.CustomData)
	assertSameInstant(t, "2024-04-25T00:00:00Z", v.RequestedAt, "requestedAt")
	assertSameInstant(t, "2024-04-25T00:01:00Z", v.UpdatedAt, "updatedAt")
	assertSameInstant(t, "2024-04-25T00:01:00Z", v.StatusChangedAt, "statusChangedAt")
}

func TestDecodeReadyIdentityVerification(t *testing.T) {
	raw := readTestdata(t, "identity_verifications", "ready.json")
	v := decodeTestdata[IdentityVerification](t, "identity_verifications", "ready.json")
	assertIdentityVerificationCommon(t, v)
	assert.Equal(t, IdentityVerificationStatusReady, v.Status)
	assert.Equal(t, VersionV2, v.Version)
	assert.Empty(t, v.PGTxID)
	require.NotNil(t, v.Channel)
	assert.Equal(t, PGProviderDanal, v.Channel.PGProvider)
	r, ok := v.Variant.(*ReadyIdentityVerification)
	require.True(t, ok)
	assert.Equal(t, IdentityVerificationRequestedCustomer{
		ID: "customer-0001", Name: "홍길동", PhoneNumber: ivPhone, BirthYear: "1990", BirthMonth: "01", BirthDay: "31",
	}, r.RequestedCustomer)
	assertRoundTrip(t, raw, v)
}

func TestDecodeVerifiedIdentityVerification(t *testing.T) {
	raw := readTestdata(t, "identity_verifications", "verified.json")
	v := decodeTestdata[IdentityVerification](t, "identity_verifications", "verified.json")
	assertIdentityVerificationCommon(t, v)
	assert.Equal(t, "danal-tx-0001", v.PGTxID)
	ver, ok := v.Variant.(*VerifiedIdentityVerification)
	require.True(t, ok)
	assert.Equal(t, IdentityVerificationStatusVerified, ver.Status())
	c := ver.VerifiedCustomer
	assert.Equal(t, "customer-0001", c.ID)
	assert.Equal(t, "홍길동", c.Name)
	assert.Equal(t, IdentityVerificationOperatorSKTMVNO, c.Operator)
	assert.Equal(t, Secret(ivPhone), c.PhoneNumber)
	assert.Equal(t, "1990-01-31", c.BirthDate)
	birth, err := time.Parse(time.DateOnly, c.BirthDate)
	require.NoError(t, err)
	assert.Equal(t, time.January, birth.Month())
	assert.Equal(t, GenderMale, c.Gender)
	assert.Equal(t, Ptr(false), c.IsForeigner)
	assert.Equal(t, Secret(ivCI), c.CI)
	assert.Equal(t, Secret(ivDI), c.DI)
	assertSameInstant(t, "2024-04-25T00:01:00Z", ver.VerifiedAt, "verifiedAt")
	assert.Equal(t, `{"RETURNCODE":"0000"}`, ver.PGRawResponse.Reveal())
	assertRoundTrip(t, raw, v)
}

func TestDecodeFailedIdentityVerification(t *testing.T) {
	raw := readTestdata(t, "identity_verifications", "failed.json")
	v := decodeTestdata[IdentityVerification](t, "identity_verifications", "failed.json")
	assertIdentityVerificationCommon(t, v)
	assert.Equal(t, VersionV1, v.Version)
	assert.Nil(t, v.Channel)
	f, ok := v.Variant.(*FailedIdentityVerification)
	require.True(t, ok)
	assert.Equal(t, IdentityVerificationRequestedCustomer{Name: "김철수"}, f.RequestedCustomer)
	assert.Equal(t, IdentityVerificationFailure{Reason: "인증번호 불일치", PGCode: "1003", PGMessage: "OTP mismatch"}, f.Failure)
	assertRoundTrip(t, raw, v)
}

func TestDecodeUnknownIdentityVerification(t *testing.T) {
	raw := readTestdata(t, "identity_verifications", "unknown_status.json")
	v := decodeTestdata[IdentityVerification](t, "identity_verifications", "unknown_status.json")
	u, ok := v.Variant.(*UnknownIdentityVerification)
	require.True(t, ok)
	assert.Equal(t, IdentityVerificationStatus("EXPIRED"), u.Status())
	assert.Equal(t, "identity-verification-0001", v.ID)
	assertRoundTrip(t, raw, v)
}

func TestIdentityVerificationPrintsMasked(t *testing.T) {
	v := decodeTestdata[IdentityVerification](t, "identity_verifications", "verified.json")
	ver := v.Variant.(*VerifiedIdentityVerification)
	assertMasked(t, v, ivCI, ivDI, ivPhone)
	assertMasked(t, *ver, ivCI, ivDI, ivPhone)
	assertMasked(t, ver.VerifiedCustomer, ivCI, ivDI, ivPhone)
	assertMasked(t, ConfirmIdentityVerificationResponse{IdentityVerification: v}, ivCI, ivDI, ivPhone)
	ready := decodeTestdata[IdentityVerification](t, "identity_verifications", "ready.json")
	assertMasked(t, ready.Variant.(*ReadyIdentityVerification).RequestedCustomer, ivPhone)

	p := validSendParams()
	assertMasked(t, p, "01098765432", "9001311")
	assertMasked(t, p.Customer, "01098765432", "9001311")
	assertMasked(t, ConfirmIdentityVerificationParams{IdentityVerificationID: "iv", OTP: "482913"}, "482913")
	assertMasked(t, IdentityVerificationListParams{Filter: IdentityVerificationFilterInput{
		Customer: &IdentityVerificationFilterCustomerInput{PhoneNumber: "01098765432"}}}, "01098765432")
}

// validSendParams returns params that pass validation.
func validSendParams() SendIdentityVerificationParams {
	return SendIdentityVerificationParams{
		IdentityVerificationID: "identity-verification/0001",
		ChannelKey:             "channel-key-danal",
		Customer: SendIdentityVerificationCustomer{
			Name: "홍길동", PhoneNumber: "01098765432", IdentityNumber: "9001311", IPAddress: "203.0.113.7",
		},
		Operator: IdentityVerificationOperatorKT,
		Method:   IdentityVerificationMethodSMS,
	}
}

var verifiedJSON = string(mustRead("identity_verifications", "verified.json"))

var identityVerificationWireCases = []wireCase{
	{
		name: "get", reply: replyNaming(verifiedJSON, "id", "identity-verification/0001 é"),
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.IdentityVerifications.Get(context.Background(), "identity-verification/0001 é", opts...)
		},
		method: http.MethodGet, rawPath: "/identity-verifications/identity-verification%2F0001%20%C3%A9",
		check: func(t *testing.T, out any) {
			assert.IsType(t, &VerifiedIdentityVerification{}, out.(*IdentityVerification).Variant)
		},
	},
	{
		name: "list", reply: `{"items":[` + verifiedJSON + `],"page":{"number":0,"size":10,"totalCount":1}}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.IdentityVerifications.List(context.Background(), IdentityVerificationListParams{
				Sort: IdentityVerificationSortInput{Order: SortOrderDesc},
				Filter: IdentityVerificationFilterInput{
					TimeRangeField: IdentityVerificationTimeRangeFieldVerifiedAt,
					From:           time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC),
					Statuses:       []IdentityVerificationStatus{IdentityVerificationStatusVerified},
					IsTest:         Ptr(false),
					PGCompanies:    []PGCompany{PGCompanyDanal},
					Carriers:       []Carrier{CarrierSKT, CarrierKTMVNO},
					Customer:       &IdentityVerificationFilterCustomerInput{Name: "홍길동", PhoneNumber: "01012345678", Gender: GenderMale},
				},
			}, opts...)
		},
		method: http.MethodGet, rawPath: "/identity-verifications",
		requestBody: `{"sort":{"order":"DESC"},"filter":{"timeRangeField":"VERIFIED_AT","from":"2024-04-01T00:00:00Z",
			"statuses":["VERIFIED"],"isTest":false,"pgCompanies":["DANAL"],"carriers":["SKT","KT_MVNO"],
			"customer":{"name":"홍길동","phoneNumber":"01012345678","gender":"MALE"}}}`,
		check: func(t *testing.T, out any) {
			assert.Len(t, out.(*IdentityVerificationList).Items, 1)
		},
	},
	{
		name: "send", reply: `{}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			p := validSendParams()
			p.Customer.ID = "customer-0001"
			p.CustomData = `{"signup":true}`
			p.Bypass = map[string]any{"danal": map[string]any{"AGELIMIT": 19}}
			return c.IdentityVerifications.Send(context.Background(), p, opts...)
		},
		method: http.MethodPost, rawPath: "/identity-verifications/identity-verification%2F0001/send", keyed: true,
		body: `{"channelKey":"channel-key-danal","customer":{"id":"customer-0001","name":"홍길동","phoneNumber":"01098765432",
			"identityNumber":"9001311","ipAddress":"203.0.113.7"},"customData":"{\"signup\":true}",
			"bypass":{"danal":{"AGELIMIT":19}},"operator":"KT","method":"SMS"}`,
		check: func(t *testing.T, out any) {
			assert.Equal(t, &SendIdentityVerificationResponse{}, out)
		},
	},
	{
		name: "confirm", reply: `{"identityVerification":` + verifiedJSON + `}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.IdentityVerifications.Confirm(context.Background(), ConfirmIdentityVerificationParams{
				IdentityVerificationID: "identity-verification-0001", OTP: "482913",
			}, opts...)
		},
		method: http.MethodPost, rawPath: "/identity-verifications/identity-verification-0001/confirm", keyed: true,
		body: `{"otp":"482913"}`,
		check: func(t *testing.T, out any) {
			v := out.(*ConfirmIdentityVerificationResponse).IdentityVerification
			ver := v.Variant.(*VerifiedIdentityVerification)
			assert.Equal(t, Secret(ivCI), ver.VerifiedCustomer.CI)
		},
	},
	{
		name: "confirm app", reply: `{"identityVerification":` + replyNaming(verifiedJSON, "id", "iv") + `}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.IdentityVerifications.Confirm(context.Background(), ConfirmIdentityVerificationParams{IdentityVerificationID: "iv"}, opts...)
		},
		method: http.MethodPost, rawPath: "/identity-verifications/iv/confirm", keyed: true,
		body: `{}`,
	},
	{
		name: "resend", reply: `{}`,
		call: func(c *Client, opts ...RequestOption) (any, error) {
			return c.IdentityVerifications.Resend(context.Background(), "identity-verification/0001", append(opts, WithStoreID("store-0001"))...)
		},
		method: http.MethodPost, rawPath: "/identity-verifications/identity-verification%2F0001/resend", keyed: true,
		query: url.Values{"storeId": {"store-0001"}},
		check: func(t *testing.T, out any) {
			assert.Equal(t, &ResendIdentityVerificationResponse{}, out)
		},
	},
}

func TestIdentityVerificationsWire(t *testing.T) { runWireCases(t, identityVerificationWireCases) }

func TestIdentityVerificationsRetrySendsSameRequest(t *testing.T) {
	runRetryCases(t, identityVerificationWireCases)
}

func TestIdentityVerificationsStoreID(t *testing.T) {
	runStoreCases(t, []storeCase{
		{
			name: "get", reply: replyNaming(verifiedJSON, "id", "iv"), sent: storeInQuery,
			call: func(c *Client, _ string, opts ...RequestOption) error {
				return errOf(c.IdentityVerifications.Get(context.Background(), "iv", opts...))
			},
		},
		{
			name: "list", reply: `{"items":[],"page":{"number":0,"size":10,"totalCount":0}}`, params: true,
			sent: storeInRequestBody("filter", "storeId"),
			call: func(c *Client, store string, opts ...RequestOption) error {
				return errOf(c.IdentityVerifications.List(context.Background(), IdentityVerificationListParams{
					Filter: IdentityVerificationFilterInput{StoreID: store}}, opts...))
			},
		},
		{
			name: "send", reply: `{}`, params: true, sent: storeInBody("storeId"),
			call: func(c *Client, store string, opts ...RequestOption) error {
				p := validSendParams()
				p.StoreID = store
				return errOf(c.IdentityVerifications.Send(context.Background(), p, opts...))
			},
		},
		{
			name: "confirm", reply: `{"identityVerification":` + replyNaming(verifiedJSON, "id", "iv") + `}`, params: true, sent: storeInBody("storeId"),
			call: func(c *Client, store string, opts ...RequestOption) error {
				return errOf(c.IdentityVerifications.Confirm(context.Background(), ConfirmIdentityVerificationParams{
					IdentityVerificationID: "iv", StoreID: store}, opts...))
			},
		},
		{
			name: "resend", reply: `{}`, sent: storeInQuery,
			call: func(c *Client, _ string, opts ...RequestOption) error {
				return errOf(c.IdentityVerifications.Resend(context.Background(), "iv", opts...))
			},
		},
	})
}

func TestIdentityVerificationsValidation(t *testing.T) {
	send := func(mod func(*SendIdentityVerificationParams)) func(c *Client) error {
		return func(c *Client) error {
			return errOf(c.IdentityVerifications.Send(context.Background(), modified(validSendParams(), mod)))
		}
	}
	runValidationCases(t, []validationCase{
		{name: "get empty id", field: "identityVerificationID", call: func(c *Client) error {
			return errOf(c.IdentityVerifications.Get(context.Background(), ""))
		}},
		{name: "resend empty id", field: "identityVerificationID", call: func(c *Client) error {
			return errOf(c.IdentityVerifications.Resend(context.Background(), ""))
		}},
		{name: "confirm empty id", field: "IdentityVerificationID", call: func(c *Client) error {
			return errOf(c.IdentityVerifications.Confirm(context.Background(), ConfirmIdentityVerificationParams{OTP: "1"}))
		}},
		{name: "send empty id", field: "IdentityVerificationID", call: send(func(p *SendIdentityVerificationParams) { p.IdentityVerificationID = "" })},
		{name: "send without channel", field: "ChannelKey", call: send(func(p *SendIdentityVerificationParams) { p.ChannelKey = "" })},
		{name: "send without name", field: "Customer.Name", call: send(func(p *SendIdentityVerificationParams) { p.Customer.Name = "" })},
		{name: "send without phone", field: "Customer.PhoneNumber", call: send(func(p *SendIdentityVerificationParams) { p.Customer.PhoneNumber = "" })},
		{name: "send phone with dashes", field: "Customer.PhoneNumber", call: send(func(p *SendIdentityVerificationParams) {
			p.Customer.PhoneNumber = "010-9876-5432"
		})},
		{name: "send without ip", field: "Customer.IPAddress", call: send(func(p *SendIdentityVerificationParams) { p.Customer.IPAddress = "" })},
		{name: "send without operator", field: "Operator", call: send(func(p *SendIdentityVerificationParams) { p.Operator = "" })},
		{name: "send without method", field: "Method", call: send(func(p *SendIdentityVerificationParams) { p.Method = "" })},
		{name: "send SMS without identity number", field: "Customer.IdentityNumber", call: send(func(p *SendIdentityVerificationParams) {
			p.Customer.IdentityNumber = ""
		})},
		{name: "send bad identity number", field: "Customer.IdentityNumber", call: send(func(p *SendIdentityVerificationParams) {
			p.Customer.IdentityNumber = "900131-1"
		})},
		{name: "list reversed range", field: "Filter.Until", call: func(c *Client) error {
			return errOf(c.IdentityVerifications.List(context.Background(), IdentityVerificationListParams{Filter: IdentityVerificationFilterInput{
				From: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)}}))
		}},
	})

	// APP needs no identity number.
	ws := newWireServer(t, `{}`)
	p := validSendParams()
	p.Method, p.Customer.IdentityNumber = IdentityVerificationMethodApp, ""
	_, err := testClient(t, ws).IdentityVerifications.Send(context.Background(), p)
	require.NoError(t, err)
}

func TestIdentityVerificationsErrors(t *testing.T) {
	runErrorCases(t, []errorCase{
		{
			name: "get not found", status: 404, wantType: ErrorTypeIdentityVerificationNotFound, wantIs: ErrNotFound,
			body: `{"type":"IDENTITY_VERIFICATION_NOT_FOUND","message":"요청된 본인인증 건이 존재하지 않습니다."}`,
			call: func(c *Client) error { return errOf(c.IdentityVerifications.Get(context.Background(), "iv")) },
		},
		{
			name: "send already sent", status: 409, wantType: ErrorTypeIdentityVerificationAlreadySent, wantIs: ErrConflict,
			body: `{"type":"IDENTITY_VERIFICATION_ALREADY_SENT"}`,
			call: func(c *Client) error {
				return errOf(c.IdentityVerifications.Send(context.Background(), validSendParams()))
			},
		},
		{
			name: "send too many", status: 400, wantType: ErrorTypeMaxTransactionCountReached, wantIs: ErrInvalidRequest,
			body: `{"type":"MAX_TRANSACTION_COUNT_REACHED"}`,
			call: func(c *Client) error {
				return errOf(c.IdentityVerifications.Send(context.Background(), validSendParams()))
			},
		},
		{
			name: "confirm not sent", status: 404, wantType: ErrorTypeIdentityVerificationNotSent, wantIs: ErrNotFound,
			body: `{"type":"IDENTITY_VERIFICATION_NOT_SENT"}`,
			call: func(c *Client) error {
				return errOf(c.IdentityVerifications.Confirm(context.Background(), ConfirmIdentityVerificationParams{IdentityVerificationID: "iv", OTP: "1"}))
			},
		},
		{
			name: "resend already verified", status: 409, wantType: ErrorTypeIdentityVerificationAlreadyVerified, wantIs: ErrConflict,
			body: `{"type":"IDENTITY_VERIFICATION_ALREADY_VERIFIED"}`,
			call: func(c *Client) error {
				return errOf(c.IdentityVerifications.Resend(context.Background(), "iv"))
			},
		},
	})
}
