package bootpay_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
)

// TestIssueTransferAcceptsTheReplyAsBootpayTypesIt: Bootpay's own Node
// SDK (@bootpay/backend-js, requestSubscribeAutomaticTransferBillingKey)
// types the reply of POST /request/subscribe/automatic-transfer as a
// ReceiptResponseParameters: receipt_id, order_id, status … and no
// subscription_id. A request answered that way (status 41, its receipt
// id) is the documented success, and must be publishable; refused as an
// unknown outcome, every bank-account billing key ends unknown, and the
// doc's advice (start again with a new SubscriptionID) calls the account
// holder again and ends the same way.
func TestIssueTransferAcceptsTheReplyAsBootpayTypesIt(t *testing.T) {
	srv, c := basicSandbox(t, bootpay.WithHTTPClient(&http.Client{Transport: receiptShapedTransferReply{http.DefaultTransport}}))
	ctx := context.Background()
	req, err := c.Billing.IssueTransfer(ctx, bootpay.TransferBillingKeyParams{PG: "nicepay", OrderName: "관리비", SubscriptionID: "sub-at",
		Username: "홍길동", BankName: "국민", BankAccount: "110234567890", IdentityNo: "900101"})
	require.NoError(t, err, "a status-41 reply shaped as Bootpay's SDK types it (no subscription_id) is refused")
	require.True(t, req.AwaitingPublish())
	key, err := c.Billing.PublishTransfer(ctx, req.ReceiptID)
	require.NoError(t, err)
	assert.True(t, key.Issued())
	assert.Equal(t, 1, srv.Stats().TransfersRequested)
}

// receiptShapedTransferReply drops subscription_id from the reply of a
// bank-account billing key request (not of its publish), as Bootpay's
// Node SDK types that reply.
type receiptShapedTransferReply struct{ next http.RoundTripper }

func (rt receiptShapedTransferReply) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := rt.next.RoundTrip(r)
	if err != nil || !strings.HasSuffix(r.URL.Path, "/request/subscribe/automatic-transfer") || res.StatusCode != http.StatusOK {
		return res, err
	}
	body, err := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, err
	}
	delete(m, "subscription_id")
	if body, err = json.Marshal(m); err != nil {
		return nil, err
	}
	res.Body, res.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	res.Header.Del("Content-Length")
	return res, nil
}
