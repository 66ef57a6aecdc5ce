package portonetest_test

import (
	"net/http"
	"testing"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// TestScheduleWithForeignChannelAnswersAScheduleError: POST
// /payments/{paymentId}/schedule with a channelKey other than the billing
// key's channel is refused with a type PortOne's CreatePaymentScheduleError
// lists (ALREADY_PAID_OR_WAITING, BILLING_KEY_ALREADY_DELETED,
// BILLING_KEY_NOT_FOUND, FORBIDDEN, INVALID_REQUEST,
// PAYMENT_SCHEDULE_ALREADY_EXISTS, SUM_OF_PARTS_EXCEEDS_TOTAL_AMOUNT,
// UNAUTHORIZED), never 404 CHANNEL_NOT_FOUND, which it does not: a client
// test written against the sandbox must not assert an answer PortOne's
// schema says it never gives. The request goes through the package's
// schema check (newServer), which fails on an unlisted type; nothing is
// scheduled.
func TestScheduleWithForeignChannelAnswersAScheduleError(t *testing.T) {
	srv, a := newServer(t)
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: "bk"})
	body := scheduleBody("bk", 9900, "2026-05-25T10:00:00+09:00")
	body["payment"].(map[string]any)["channelKey"] = "channel-key-of-another-channel"
	requireError(t, a.Must(http.MethodPost, "/payments/sub-2026-05/schedule", body), http.StatusBadRequest, portone.ErrorTypeInvalidRequest)
	if n := srv.Stats().SchedulesCreated; n != 0 {
		t.Fatalf("%d schedules created for a foreign channel", n)
	}
}
