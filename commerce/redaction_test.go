package commerce_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/internal/redact/redacttest"
)

// TestCardNumberNeverPrinted: an order's card number, nested in
// result_data.card_data, never shows in any fmt verb of the order, its
// pointer, its page, a struct of yours holding it, a MismatchError, or
// slog's JSON and text output; nor does the secret key in the client; nor
// a phone number planted in a buyer (user.phone of an order), a customer
// from the sandbox and every type that holds one.
func TestCardNumberNeverPrinted(t *testing.T) {
	const card = "5570421234561074"
	const secret = "sk-very-secret-0123456789"
	const phone = "01098765432"
	srv := commercetest.NewServer(commercetest.WithCredentials("ck", secret))
	defer srv.Close()
	var logs redacttest.LogBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := commerce.NewClient("ck", secret, commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()), commerce.WithLogger(logger))
	require.NoError(t, err)
	ref := srv.CreateOrder(commercetest.OrderSpec{CardNo: card, Price: 100, Metadata: map[string]any{"order_id": "m"}})
	ctx := context.Background()
	o, err := c.Orders.Get(ctx, ref.OrderNumber)
	require.NoError(t, err)
	require.Equal(t, card, o.Card().Reveal(), "the number is there, readable on purpose")
	page, err := c.Orders.List(ctx, commerce.OrderListParams{})
	require.NoError(t, err)
	_, verr := c.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: ref.OrderNumber, Amount: 999, MerchantOrderID: "m"})
	require.Error(t, verr)

	srv.Inject(commercetest.OpOrderGet, commercetest.Faults.Status(200, `{"order_id":"`+ref.OrderID+`","order_number":"`+ref.OrderNumber+
		`","price":100,"status":2,"receipt_status":1,"user":{"user_id":"u1","phone":"`+phone+`"}}`), 1)
	bought, err := c.Orders.Get(ctx, ref.OrderNumber)
	require.NoError(t, err)
	require.Equal(t, phone, bought.User.Phone.Reveal(), "the phone is there, readable on purpose")
	joined, err := c.Users.Join(ctx, commerce.UserParams{LoginID: "buyer-1", Phone: phone})
	require.NoError(t, err)
	user, err := c.Users.Get(ctx, joined.UserID)
	require.NoError(t, err)
	require.Equal(t, phone, user.Phone.Reveal())
	phones := []any{bought, *bought, bought.User, *bought.User, user, *user, commerce.UserToken{AccessToken: "t", User: user},
		commerce.User{Tel: phone}, commerce.UserGroup{Phone: phone}, commerce.InvoiceUser{Phone: phone}, commerce.ChargeUser{Phone: phone},
		commerce.UserParams{Phone: phone, Tel: phone}, commerce.UserGroupParams{Phone: phone, ManagerPhone: phone},
		commerce.InvoiceCreateParams{User: &commerce.InvoiceUser{Phone: phone}}, &commerce.ChargeParams{User: &commerce.ChargeUser{Phone: phone}},
		commerce.TransferRequest{NewUserPhone: phone}, commerce.PhoneNumber(phone)}

	type holder struct {
		Order *commerce.Order
		Page  *commerce.Page[commerce.Order]
		User  *commerce.User
	}
	var out strings.Builder
	for _, v := range append([]any{o, *o, page, *page, holder{o, page, user}, []commerce.Order{*o}, o.ResultData, *o.ResultData.CardData, verr, c, *c}, phones...) {
		out.WriteString(redacttest.AllVerbs(v))
	}
	logger.Info("order", "order", o, "page", page, "card", o.Card(), "data", o.ResultData, "err", verr)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("order", "order", *o)
	for i, v := range phones {
		logger.Info("phone", "v", v)
		slog.New(slog.NewTextHandler(&logs, nil)).Info("phone", "i", i, "v", v)
	}
	for _, text := range []string{out.String(), logs.String(), verr.Error()} {
		assert.NotContains(t, text, card)
		assert.NotContains(t, text, "4212345610")
		assert.NotContains(t, text, secret)
		assert.NotContains(t, text, "98765432", "a phone number prints")
	}
	assert.Contains(t, out.String(), "*******5432", "a phone number prints masked, its last four digits kept")
	assert.Contains(t, out.String(), "1074", "the last four digits stay for support")
	assert.Equal(t, "************1074", fmt.Sprintf("%d", o.Card()))
}
