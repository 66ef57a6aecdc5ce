package bootpay_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// TestPhonePaymentReceiptNeverPrintsThePhone: a mobile-phone payment's
// receipt carries the buyer's phone number in phone_data.phone (the
// receipt object of https://developers.bootpay.co.kr/pg/server/receipt).
// Printing or logging the receipt or its PhoneData, as the package
// promises is safe, shows only its last four digits, as every other phone
// number of the package (a PhoneNumber); Reveal and JSON keep it. Before
// the fix PhoneData.Phone was a string and printed in clear.
func TestPhonePaymentReceiptNeverPrintsThePhone(t *testing.T) {
	srv, c := basicSandbox(t)
	const phone = "01098765432"
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 5000, Method: "phone", Status: bootpaytest.Ptr(bootpay.StatusPaid),
		Extra: map[string]any{"phone_data": map[string]any{"tid": "t1", "phone": phone}}})
	r, err := c.Receipts.Get(context.Background(), rc.ReceiptID)
	require.NoError(t, err)
	require.NotNil(t, r.PhoneData)

	var logs bytes.Buffer
	for _, h := range []slog.Handler{slog.NewJSONHandler(&logs, nil), slog.NewTextHandler(&logs, nil)} {
		slog.New(h).Info("receipt", "r", r, "phone", r.PhoneData, "data", *r.PhoneData)
	}
	for name, out := range map[string]string{
		"%v": fmt.Sprintf("%v", r), "%+v": fmt.Sprintf("%+v", *r), "%#v": fmt.Sprintf("%#v", r), "%s": fmt.Sprintf("%s", r),
		"%+v PhoneData": fmt.Sprintf("%+v", *r.PhoneData), "%s *PhoneData": fmt.Sprintf("%s", r.PhoneData),
		"%#v PhoneData": fmt.Sprintf("%#v", *r.PhoneData), "slog": logs.String(),
	} {
		assert.False(t, strings.Contains(out, "98765432"), "%s prints the buyer's phone number: %s", name, out)
		assert.Contains(t, out, "5432", "%s shows the last four digits", name)
	}
	assert.Equal(t, phone, r.PhoneData.Phone.Reveal(), "Reveal gives the number as received")
	b, err := json.Marshal(r.PhoneData)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"phone":"`+phone+`"`, "JSON keeps it")
}
