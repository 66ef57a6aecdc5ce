package commerce_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// TestOrderBuyerPhoneNeverPrints: Commerce's order detail carries the
// buyer's phone in user.phone. Printing or logging the Order, which the
// package promises is safe for its card number, does not show the phone
// either.
func TestOrderBuyerPhoneNeverPrints(t *testing.T) {
	srv, c := newSandbox(t)
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 29900, Metadata: map[string]any{"order_id": "m-1"}})
	body := fmt.Sprintf(`{"order_id":%q,"order_number":%q,"order_name":"Professional 플랜","price":29900,"status":2,"receipt_status":1,
		"user":{"user_id":"u1","name":"홍길동","email":"user@example.com","phone":"01098765432"},"metadata":{"order_id":"m-1"}}`,
		ref.OrderID, ref.OrderNumber)
	srv.Inject(commercetest.OpOrderGet, commercetest.Faults.Status(http.StatusOK, body), 1)
	o, err := c.Orders.Get(context.Background(), ref.OrderNumber)
	require.NoError(t, err)
	require.NotNil(t, o.User)

	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("order", "o", o, "user", o.User)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("order", "o", o, "user", *o.User)
	for name, out := range map[string]string{
		"%v": fmt.Sprintf("%v", o), "%+v": fmt.Sprintf("%+v", *o), "%#v": fmt.Sprintf("%#v", o), "slog": logs.String(),
		"user %s": fmt.Sprintf("%s", o.User), "user %#v": fmt.Sprintf("%#v", *o.User), "phone %d": fmt.Sprintf("%d", o.User.Phone),
	} {
		assert.False(t, strings.Contains(out, "98765432"), "%s prints the buyer's phone number: %s", name, out)
	}
	assert.Equal(t, "01098765432", o.User.Phone.Reveal())
	assert.Equal(t, "*******5432", o.User.Phone.String())
}

// TestPhoneNumberJSONKeepsTheNumber: masking is printing only. A phone
// number decodes as Commerce sent it and encodes as given, so requests
// carry the real number.
func TestPhoneNumberJSONKeepsTheNumber(t *testing.T) {
	var u commerce.OrderUser
	require.NoError(t, json.Unmarshal([]byte(`{"user_id":"u1","phone":"010-9876-5432"}`), &u))
	assert.Equal(t, commerce.PhoneNumber("010-9876-5432"), u.Phone)
	out, err := json.Marshal(u)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"phone":"010-9876-5432"`)

	out, err = json.Marshal(commerce.UserGroupParams{Phone: "0212345678", ManagerPhone: "01011112222"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"phone":"0212345678","manager_phone":"01011112222"}`, string(out))
}
