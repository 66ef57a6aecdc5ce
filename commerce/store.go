package commerce

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/paykit-kr/paykit/internal/redact"
	"github.com/paykit-kr/paykit/internal/transport"
)

// StoreService reads the store's information and tests its webhook. Use
// it through Client.Store.
type StoreService struct{ c *Client }

// storeEndpoints are the operations of StoreService, in the user role.
// The webhook test is Unsafe: Bootpay's SDKs send it an Idempotency-Key,
// but Commerce's deduplication by it is UNCONFIRMED and a repeat would
// deliver a second test webhook, so it is sent at most once per call.
var storeEndpoints = struct {
	info, webhookTest transport.Endpoint
}{
	info:        transport.Endpoint{Op: "store.info", Method: http.MethodGet, Route: "/store", Class: transport.Safe, Header: RoleUser.header()},
	webhookTest: transport.Endpoint{Op: "store.webhook_test", Method: http.MethodPost, Route: "/webhook/test", Class: transport.Unsafe, Header: RoleUser.header()},
}

// Store is the store's basic information (상점 정보). Its fields beyond
// the ids and name are UNCONFIRMED; RawJSON keeps the whole answer.
type Store struct {
	StoreID   string `json:"store_id"`
	ProjectID string `json:"project_id"`
	Name      string `json:"name"`

	// raw is the answer as received; see RawJSON. It may hold the
	// store's settlement account or phone, so it is kept behind a pointer
	// (redact.Hidden), which fmt prints as an address.
	raw redact.Hidden
}

type storeFields Store

// UnmarshalJSON decodes the store and keeps the answer as received.
func (st *Store) UnmarshalJSON(data []byte) error {
	if err := json.Unmarshal(data, (*storeFields)(st)); err != nil {
		return err
	}
	st.raw = redact.Hide(string(data))
	return nil
}

// RawJSON returns the answer as Commerce sent it. No printing of the
// store shows it.
func (st *Store) RawJSON() []byte { return []byte(st.raw.Reveal()) }

// WebhookContentType is how a webhook body is encoded
// (header_content_type).
type WebhookContentType int

// Webhook content types.
const (
	WebhookForm WebhookContentType = 1 // application/x-www-form-urlencoded
	WebhookJSON WebhookContentType = 2 // application/json
)

type webhookTestBody struct {
	ContentType WebhookContentType `json:"header_content_type,omitempty"`
}

// Info returns the store's basic information: GET /store (Safe).
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *StoreService) Info(ctx context.Context, opts ...RequestOption) (*Store, error) {
	return send[Store](ctx, s.c, &storeEndpoints.info, nil, nil, "", opts)
}

// TestWebhook asks Commerce to send a test order webhook to the project's
// webhook URL: POST /webhook/test (Unsafe). A zero contentType leaves the
// encoding to the project's setting.
//
// An *OutcomeUnknownError (no Reference: nothing to look up) means the
// test webhook may or may not have been sent: check your webhook
// endpoint's log before asking again, or ask again and take two
// deliveries of the test as harmless.
//
// Commerce API docs: https://commerce.bootpay.ai/
func (s *StoreService) TestWebhook(ctx context.Context, contentType WebhookContentType, opts ...RequestOption) (*Ack, error) {
	return send[Ack](ctx, s.c, &storeEndpoints.webhookTest, nil, webhookTestBody{contentType}, "", opts)
}
