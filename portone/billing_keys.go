package portone

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/paykit-kr/paykit/internal/transport"
)

// BillingKeysService issues, confirms, looks up and deletes billing keys (빌링키).
// Use it through the Client field of the same name.
type BillingKeysService struct{ c *Client }

// Get looks a billing key up (빌링키 단건 조회): GET /billing-keys/{billingKey}.
// The store id (WithStoreID, else the client's default) goes in the query.
//
// Errors: BILLING_KEY_NOT_FOUND (404, ErrNotFound), FORBIDDEN,
// UNAUTHORIZED, INVALID_REQUEST.
func (s *BillingKeysService) Get(ctx context.Context, billingKey BillingKey, opts ...RequestOption) (*BillingKeyInfo, error) {
	key, err := pathID("billingKey", string(billingKey))
	if err != nil {
		return nil, err
	}
	out := new(BillingKeyInfo)
	err = s.c.do(ctx, &transport.Call{
		Op: "billingKeys.get", Method: http.MethodGet,
		Path: "/billing-keys/" + key, Route: "/billing-keys/{billingKey}",
		Query: s.c.storeQuery("", opts), Class: transport.Safe,
	}, out, opts)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// BillingKeyListParams selects billing keys to list (GetBillingKeyInfosBody).
// It is sent as JSON in the requestBody query parameter.
type BillingKeyListParams struct {
	// Page is the page to return; zero means page 0 of 10 (요청할 페이지
	// 정보).
	Page PageInput `json:"page,omitzero"`
	// Sort orders the keys; zero means REQUESTED_AT, DESC (정렬 조건).
	Sort BillingKeySortInput `json:"sort,omitzero"`
	// Filter selects the keys (조회할 빌링키 조건 필터). Its StoreID, else
	// WithStoreID, else the client's default store is sent as filter.storeId.
	Filter BillingKeyFilterInput `json:"filter,omitzero"`
}

// BillingKeyInfoList is one page of billing keys (빌링키 다건 조회 성공 응답
// 정보).
type BillingKeyInfoList struct {
	// Items are the keys of this page (조회된 빌링키 리스트).
	Items []BillingKeyInfo `json:"items"`
	// Page describes the page (조회된 페이지 정보).
	Page PageInfo `json:"page"`
}

// List returns one page of billing keys (빌링키 다건 조회): GET /billing-keys
// with the params as JSON in the requestBody query parameter.
//
// Errors: FORBIDDEN, UNAUTHORIZED, INVALID_REQUEST.
func (s *BillingKeysService) List(ctx context.Context, p BillingKeyListParams, opts ...RequestOption) (*BillingKeyInfoList, error) {
	if err := firstError(checkPage(p.Page), checkRange("Filter", p.Filter.From, p.Filter.Until)); err != nil {
		return nil, err
	}
	p.Filter.StoreID = s.c.store(p.Filter.StoreID, opts)
	out := new(BillingKeyInfoList)
	if err := s.c.getWithRequestBody(ctx, "billingKeys.list", "/billing-keys", p, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// IssueBillingKeyParams describes a billing-key issuance from card
// credentials (IssueBillingKeyBody). The credentials print masked.
type IssueBillingKeyParams struct {
	// StoreID overrides WithStoreID and the client's default (상점 아이디).
	StoreID string `json:"storeId,omitzero"`
	// Method holds the card credentials (빌링키 결제 수단 정보). Required.
	Method BillingKeyMethodInput `json:"method"`
	// ChannelKey is the channel to issue on (채널 키). Set it or
	// ChannelGroupID.
	ChannelKey string `json:"channelKey,omitzero"`
	// ChannelGroupID is the channel group to issue on (채널 그룹 ID). Set it
	// or ChannelKey.
	ChannelGroupID string `json:"channelGroupId,omitzero"`
	// Customer describes the customer (고객 정보), nil for none.
	Customer *CustomerInput `json:"customer,omitzero"`
	// CustomData is the merchant's own data (사용자 지정 데이터).
	CustomData string `json:"customData,omitzero"`
	// Bypass holds PG-specific parameters (PG사별 추가 파라미터).
	Bypass map[string]any `json:"bypass,omitzero"`
	// NoticeURLs overrides the store's webhook URLs for this issuance
	// (웹훅 주소).
	NoticeURLs []string `json:"noticeUrls,omitzero"`
	// SkipWebhook, when true, suppresses the issuance webhook (웹훅 생략
	// 여부).
	SkipWebhook bool `json:"skipWebhook,omitzero"`
}

// BillingKeyMethodInput is the means a billing key is issued for
// (InstantBillingKeyPaymentMethodInput). Only cards are defined.
type BillingKeyMethodInput struct {
	// Card holds the card credentials. Required.
	Card *BillingKeyCardInput `json:"card,omitzero"`
}

// LogValue logs m with the card masked, also with slog's JSON handler.
func (m BillingKeyMethodInput) LogValue() slog.Value {
	type plain BillingKeyMethodInput
	return maskedLogValue(plain(m))
}

// BillingKeyCardInput wraps card credentials
// (InstantBillingKeyPaymentMethodInputCard). It prints masked, also through
// a pointer with %s, where fmt would otherwise dump the pointee raw.
type BillingKeyCardInput struct {
	// Credential is the card's credentials.
	Credential CardCredential `json:"credential"`
}

// String masks the card.
func (c BillingKeyCardInput) String() string { return "{Credential:" + c.Credential.String() + "}" }

// GoString masks the card.
func (c BillingKeyCardInput) GoString() string { return c.String() }

// LogValue masks the card in slog output.
func (c BillingKeyCardInput) LogValue() slog.Value { return slog.StringValue(c.String()) }

// LogValue logs the params with their credentials masked, also with slog's
// JSON handler (which would otherwise encode the struct as JSON).
func (p IssueBillingKeyParams) LogValue() slog.Value {
	type plain IssueBillingKeyParams
	return maskedLogValue(plain(p))
}

func (p *IssueBillingKeyParams) validate() error {
	err := firstError(optionalID("StoreID", p.StoreID), optionalID("ChannelKey", p.ChannelKey),
		optionalID("ChannelGroupID", p.ChannelGroupID), checkCustomerID("Customer", p.Customer))
	switch {
	case err != nil:
		return err
	case p.ChannelKey == "" && p.ChannelGroupID == "":
		return invalidField("ChannelKey", "set it or ChannelGroupID")
	case p.Method.Card == nil:
		return invalidField("Method.Card", "is required")
	}
	c := p.Method.Card.Credential
	switch {
	case c.BirthOrBusinessRegistrationNumber != "" && !allDigits(c.BirthOrBusinessRegistrationNumber):
		return invalidField("Method.Card.Credential.BirthOrBusinessRegistrationNumber", "must be digits (yyMMdd, or 10 for a business)")
	case c.PasswordTwoDigits != "" && (!allDigits(c.PasswordTwoDigits) || len(c.PasswordTwoDigits) != 2):
		return invalidField("Method.Card.Credential.PasswordTwoDigits", "must be two digits")
	}
	return c.validate("Method.Card.Credential")
}

// Issue issues a billing key from card credentials (빌링키 발급): POST
// /billing-keys. The store id goes in the body. The write is keyed: every
// attempt carries the same Idempotency-Key, so a retry cannot issue twice.
// When some channels of a channel group fail, the key is still issued and
// ChannelSpecificFailures lists them.
//
// Errors: CHANNEL_NOT_FOUND (404), CHANNEL_SPECIFIC (502, every channel
// failed; see APIError.RawBody), PG_PROVIDER (502, with PGCode and
// PGMessage), FORBIDDEN, UNAUTHORIZED, INVALID_REQUEST.
func (s *BillingKeysService) Issue(ctx context.Context, p IssueBillingKeyParams, opts ...RequestOption) (*IssueBillingKeyResponse, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	out := new(IssueBillingKeyResponse)
	err := s.c.do(ctx, &transport.Call{
		Op: "billingKeys.issue", Method: http.MethodPost, Path: "/billing-keys", Route: "/billing-keys",
		Body: p, Class: transport.Keyed,
	}, out, opts)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteBillingKeyParams describes a billing-key deletion. Everything but
// the key is sent in the query.
type DeleteBillingKeyParams struct {
	// BillingKey is the key to delete (삭제할 빌링키). Required.
	BillingKey BillingKey
	// StoreID overrides WithStoreID and the client's default (상점 아이디).
	StoreID string
	// Reason is why (사유); Naver Pay requires it.
	Reason string
	// Requester is who asked for it (요청 주체); Naver Pay requires it.
	Requester BillingKeyDeleteRequester
	// SkipWebhook, when true, suppresses the deletion webhook (웹훅 생략
	// 여부).
	SkipWebhook bool
}

// LogValue logs p with the billing key masked, also with slog's JSON
// handler.
func (p DeleteBillingKeyParams) LogValue() slog.Value {
	type plain DeleteBillingKeyParams
	return maskedLogValue(plain(p))
}

func (p *DeleteBillingKeyParams) query(store string) url.Values {
	q := url.Values{}
	if store != "" {
		q.Set("storeId", store)
	}
	if p.Reason != "" {
		q.Set("reason", p.Reason)
	}
	if p.Requester != "" {
		q.Set("requester", string(p.Requester))
	}
	if p.SkipWebhook {
		q.Set("skipWebhook", "true")
	}
	return q
}

// Delete deletes a billing key (빌링키 삭제): DELETE
// /billing-keys/{billingKey}, with storeId, reason, requester and
// skipWebhook in the query. The write is keyed. Delete refuses a key that
// still has scheduled payments (PAYMENT_SCHEDULE_ALREADY_EXISTS): revoke
// them first.
//
// Errors: BILLING_KEY_NOT_FOUND and BILLING_KEY_NOT_ISSUED (404,
// ErrNotFound), BILLING_KEY_ALREADY_DELETED and
// PAYMENT_SCHEDULE_ALREADY_EXISTS (409, ErrConflict), CHANNEL_SPECIFIC and
// PG_PROVIDER (502), FORBIDDEN, UNAUTHORIZED, INVALID_REQUEST.
func (s *BillingKeysService) Delete(ctx context.Context, p DeleteBillingKeyParams, opts ...RequestOption) (*DeleteBillingKeyResponse, error) {
	key, err := pathID("BillingKey", string(p.BillingKey))
	if err == nil {
		err = optionalID("StoreID", p.StoreID)
	}
	if err != nil {
		return nil, err
	}
	out := new(DeleteBillingKeyResponse)
	err = s.c.do(ctx, &transport.Call{
		Op: "billingKeys.delete", Method: http.MethodDelete,
		Path: "/billing-keys/" + key, Route: "/billing-keys/{billingKey}",
		Query: p.query(s.c.store(p.StoreID, opts)), Class: transport.Keyed,
	}, out, opts)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ConfirmBillingKeyParams approves a billing-key issuance made with manual
// approval (ConfirmBillingKeyBody).
type ConfirmBillingKeyParams struct {
	// StoreID overrides WithStoreID and the client's default (상점 아이디).
	StoreID string `json:"storeId,omitzero"`
	// BillingIssueToken is the token the browser received when the
	// issuance request completed (빌링키 발급 토큰). Required. It prints
	// masked.
	BillingIssueToken Secret `json:"billingIssueToken"`
	// IsTest, when set, must match whether the issuance is a test one (테스트
	// 결제 여부), or PortOne refuses with INFORMATION_MISMATCH.
	IsTest *bool `json:"isTest,omitzero"`
	// SkipWebhook, when true, suppresses the issuance webhook (웹훅 생략
	// 여부).
	SkipWebhook bool `json:"skipWebhook,omitzero"`
}

// Confirm completes a billing-key issuance that waits for manual approval
// (빌링키 발급 수동 승인): POST /billing-keys/confirm. Call it soon: the PG
// may time the issuance out. The store id goes in the body; the write is
// keyed.
//
// Errors: BILLING_KEY_NOT_FOUND (404), BILLING_KEY_ALREADY_ISSUED and
// INFORMATION_MISMATCH (409, ErrConflict), PG_PROVIDER (502), FORBIDDEN,
// UNAUTHORIZED, INVALID_REQUEST.
func (s *BillingKeysService) Confirm(ctx context.Context, p ConfirmBillingKeyParams, opts ...RequestOption) (*ConfirmedBillingKeySummary, error) {
	if err := firstError(optionalID("StoreID", p.StoreID), requireText("BillingIssueToken", p.BillingIssueToken)); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	out := new(ConfirmedBillingKeySummary)
	err := s.c.do(ctx, &transport.Call{
		Op: "billingKeys.confirm", Method: http.MethodPost,
		Path: "/billing-keys/confirm", Route: "/billing-keys/confirm",
		Body: p, Class: transport.Keyed,
	}, out, opts)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ConfirmBillingKeyIssueAndPayParams approves a billing-key issuance with a
// first payment made with manual approval
// (ConfirmBillingKeyIssueAndPayBody). The optional fields are checks:
// PortOne refuses with INFORMATION_MISMATCH when one differs.
type ConfirmBillingKeyIssueAndPayParams struct {
	// StoreID overrides WithStoreID and the client's default (상점 아이디).
	StoreID string `json:"storeId,omitzero"`
	// BillingIssueToken is the token the browser received (빌링키 발급 토큰).
	// Required. It prints masked.
	BillingIssueToken Secret `json:"billingIssueToken"`
	// PaymentID is the expected payment ID (결제 건 아이디).
	PaymentID string `json:"paymentId,omitzero"`
	// Currency is the expected currency (통화).
	Currency Currency `json:"currency,omitzero"`
	// TotalAmount is the expected total (결제 금액); positive when set.
	TotalAmount *int64 `json:"totalAmount,omitzero"`
	// TaxFreeAmount is the expected tax-free part (면세 금액).
	TaxFreeAmount *int64 `json:"taxFreeAmount,omitzero"`
	// IsTest is whether the payment is a test one (테스트 결제 여부).
	IsTest *bool `json:"isTest,omitzero"`
	// SkipWebhook, when true, suppresses the webhooks of the issuance and
	// payment (웹훅 생략 여부).
	SkipWebhook bool `json:"skipWebhook,omitzero"`
}

func (p *ConfirmBillingKeyIssueAndPayParams) validate() error {
	err := firstError(
		optionalID("StoreID", p.StoreID),
		requireText("BillingIssueToken", p.BillingIssueToken),
		optionalID("PaymentID", p.PaymentID),
		checkNonNegative("TaxFreeAmount", p.TaxFreeAmount),
	)
	switch {
	case err != nil:
		return err
	case p.TotalAmount != nil && *p.TotalAmount <= 0:
		return invalidField("TotalAmount", "must be positive")
	case p.TaxFreeAmount != nil && p.TotalAmount != nil && *p.TaxFreeAmount > *p.TotalAmount:
		return invalidField("TaxFreeAmount", "exceeds TotalAmount")
	}
	return nil
}

// ConfirmIssueAndPay completes a billing-key issuance and its first payment
// that wait for manual approval (빌링키 발급 및 초회 결제 수동 승인): POST
// /billing-keys/confirm-issue-and-pay. The store id goes in the body; the
// write is keyed, so a retry cannot charge twice.
//
// Errors: BILLING_KEY_NOT_FOUND (404), BILLING_KEY_ALREADY_ISSUED and
// INFORMATION_MISMATCH (409, ErrConflict), PG_PROVIDER (502), FORBIDDEN,
// UNAUTHORIZED, INVALID_REQUEST.
func (s *BillingKeysService) ConfirmIssueAndPay(ctx context.Context, p ConfirmBillingKeyIssueAndPayParams, opts ...RequestOption) (*ConfirmedBillingKeyIssueAndPaySummary, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	out := new(ConfirmedBillingKeyIssueAndPaySummary)
	err := s.c.do(ctx, &transport.Call{
		Op: "billingKeys.confirmIssueAndPay", Method: http.MethodPost,
		Path: "/billing-keys/confirm-issue-and-pay", Route: "/billing-keys/confirm-issue-and-pay",
		Body: p, Class: transport.Keyed, Reference: p.PaymentID,
	}, out, opts)
	if err != nil {
		return nil, err
	}
	return out, nil
}
