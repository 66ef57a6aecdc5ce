package webhook_test

import (
	"bytes"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/internal/redact/redacttest"
	"github.com/paykit-kr/paykit/webhook"
)

// deliveryPhone is a buyer's phone number planted in the deliveries below:
// the gateways send it unmasked, and it must print masked like a card.
const deliveryPhone = "01073529163"

// TestDeliveriesLogMasked: the deliveries BootpayHandler and
// CommerceHandler hand the callback hold the looked-up receipt or order,
// with its card, account and phone numbers. Logged as an attribute, the
// way a callback logs what it received, slog's JSON handler must show them
// masked, as it does for a PortOneDelivery (which implements LogValue)
// and for the bootpay.Receipt and commerce.Order themselves. A delivery
// without LogValue is encoded with encoding/json, which writes every
// number as received.
func TestDeliveriesLogMasked(t *testing.T) {
	receipt := &bootpay.Receipt{ReceiptID: "r-1", OrderID: "o-1", Price: 1000, Status: bootpay.StatusPaid,
		CardData:  &bootpay.CardData{CardNo: redacttest.CardDashed},
		PhoneData: &bootpay.PhoneData{Phone: deliveryPhone},
		VbankData: &bootpay.BankData{BankAccount: redacttest.Account}}
	order := &commerce.Order{OrderID: "oid-1", OrderNumber: "ON-1", Price: 1000,
		User:       &commerce.OrderUser{Name: "홍길동", Phone: deliveryPhone},
		ResultData: &commerce.ResultData{CardNo: redacttest.CardDashed}}
	detector := redacttest.NewDetector(deliveryPhone)
	for name, v := range map[string]any{
		"receipt (control)": receipt,
		"order (control)":   order,
		"BootpayDelivery":   &webhook.BootpayDelivery{Event: &webhook.BootpayEvent{ReceiptID: "r-1"}, Receipt: receipt, Key: "k"},
		"CommerceDelivery":  &webhook.CommerceDelivery{Event: &webhook.CommerceEvent{OrderNumber: "ON-1"}, Order: order, Key: "k"},
	} {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			slog.New(slog.NewJSONHandler(&logs, nil)).Info("webhook", "delivery", v)
			frag, planted, leaked := detector.Find(logs.String())
			assert.False(t, leaked, "%s logged through slog's JSON handler shows %q of %q:\n%s", name, frag, planted, logs.String())
		})
	}
}
