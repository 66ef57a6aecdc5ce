package webhook_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// TestBootpayHandlerRefusesTestModeReceipts: an event about a test-mode
// receipt (sandbox: true) is answered 403 and runs nothing, however well
// it matches; a handler whose lookup opts in with AllowSandbox runs it.
func TestBootpayHandlerRefusesTestModeReceipts(t *testing.T) {
	rig := newBootpayRig(t)
	rc := rig.srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-t", Price: 15000, Sandbox: true, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	body := completed(rc).JSON()
	assert.Equal(t, http.StatusForbidden, rig.post(body, false, "").Code)
	assert.Zero(t, rig.runs.Load())
	var mismatch *bootpay.MismatchError
	require.ErrorAs(t, rig.errs[0], &mismatch)
	assert.True(t, mismatch.Has("sandbox"))

	runs := 0
	h := webhook.BootpayHandler(webhook.BootpayLookup{Client: rig.client, AllowSandbox: true},
		func(context.Context, *webhook.BootpayDelivery) error { runs++; return nil })
	req, err := webhooktest.NewBootpayRequest("/webhooks/bootpay", body, false)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, 1, runs)
}
