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
// slog's JSON and text output; nor does the secret key in the client.
func TestCardNumberNeverPrinted(t *testing.T) {
	const card = "5570421234561074"
	const secret = "sk-very-secret-0123456789"
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

	type holder struct {
		Order *commerce.Order
		Page  *commerce.Page[commerce.Order]
	}
	var out strings.Builder
	for _, v := range []any{o, *o, page, *page, holder{o, page}, []commerce.Order{*o}, o.ResultData, *o.ResultData.CardData, verr, c, *c} {
		out.WriteString(redacttest.AllVerbs(v))
	}
	logger.Info("order", "order", o, "page", page, "card", o.Card(), "data", o.ResultData, "err", verr)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("order", "order", *o)
	for _, text := range []string{out.String(), logs.String(), verr.Error()} {
		assert.NotContains(t, text, card)
		assert.NotContains(t, text, "4212345610")
		assert.NotContains(t, text, secret)
	}
	assert.Contains(t, out.String(), "1074", "the last four digits stay for support")
	assert.Equal(t, "************1074", fmt.Sprintf("%d", o.Card()))
}
