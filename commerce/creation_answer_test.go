package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A customer token whose answer names another customer (user.user_id) is
// refused as the bad answer it is, a *DecodeError (not an unknown outcome:
// a token moves no money and leaves nothing to look up), and the other
// customer's token appears nowhere in the error. An answer naming u1, or
// no user, is u1's token.
func TestUserTokenForAnotherUserIsRefused(t *testing.T) {
	m, c := newWire(t, `{}`)
	m.Then(http.StatusOK, `{"access_token":"jwt-of-u-OTHER","user":{"user_id":"u-OTHER"}}`)
	tok, err := c.Users.Token(context.Background(), UserTokenParams{UserID: "u1"})
	assert.Nil(t, tok, "another customer's token returned for u1")
	var derr *DecodeError
	require.True(t, errors.As(err, &derr), "%v", err)
	assert.False(t, errors.Is(err, ErrOutcomeUnknown))
	assert.NotContains(t, err.Error(), "jwt-of-u-OTHER")
	assert.Contains(t, err.Error(), "u-OTHER")

	for _, reply := range []string{`{"access_token":"jwt-u1","user":{"user_id":"u1"}}`, `{"access_token":"jwt-u1"}`} {
		m.Then(http.StatusOK, reply)
		tok, err = c.Users.Token(context.Background(), UserTokenParams{UserID: "u1"})
		require.NoError(t, err, reply)
		assert.Equal(t, Password("jwt-u1"), tok.AccessToken)
	}
}

// An invoice creation answered with an invoice of another price, tax-free
// part or merchant order (a replayed or misrouted answer) is no invoice
// created: its invoice_id would go to the checkout as request_id and
// have the buyer pay another amount for another order. It is an
// *OutcomeUnknownError carrying the order id, sent once. An answer naming
// none of them, or the same ones, is the invoice.
func TestInvoiceAnswerOfAnotherPriceOrOrderIsNoSuccess(t *testing.T) {
	p := InvoiceCreateParams{Name: "플랜", Price: 27000, TaxFreePrice: 2000, OrderID: "shop-1"}
	for name, reply := range map[string]string{
		"another price":    `{"invoice_id":"i-1","price":99000,"order_id":"shop-1"}`,
		"another order":    `{"invoice_id":"i-1","price":27000,"order_id":"shop-OTHER"}`,
		"another tax-free": `{"invoice_id":"i-1","price":27000,"tax_free_price":5000,"order_id":"shop-1"}`,
	} {
		t.Run(name, func(t *testing.T) {
			m, c := newWire(t, `{}`)
			m.Then(http.StatusOK, reply)
			inv, err := c.Invoices.Create(context.Background(), p)
			assert.Nil(t, inv, "an answer about another invoice read as the one created")
			var ou *OutcomeUnknownError
			require.True(t, errors.As(err, &ou), "%v", err)
			assert.Equal(t, "shop-1", ou.Reference)
			var derr *DecodeError
			assert.True(t, errors.As(err, &derr), "%v", err)
			require.Len(t, m.Requests(), 1)
		})
	}
	for name, reply := range map[string]string{
		"the same": `{"invoice_id":"i-1","price":27000,"tax_free_price":2000,"order_id":"shop-1"}`,
		"only id":  `{"invoice_id":"i-1"}`,
	} {
		t.Run(name, func(t *testing.T) {
			m, c := newWire(t, `{}`)
			m.Then(http.StatusOK, reply)
			inv, err := c.Invoices.Create(context.Background(), p)
			require.NoError(t, err)
			assert.Equal(t, "i-1", inv.InvoiceID)
		})
	}
}

// Joining a customer or creating a group answered with another customer
// (login_id, external_uid) or another group (external_uid, corporate_type)
// is no creation confirmed: an *OutcomeUnknownError carrying the external
// uid (or login id) to look it up by, sent once — nothing received is
// silently accepted.
func TestCreationAnswerAboutAnotherCustomerOrGroupIsRefused(t *testing.T) {
	join := UserParams{LoginID: "buyer01", ExternalUID: "shop-user-1"}
	for name, reply := range map[string]string{
		"another login_id":     `{"user_id":"u9","login_id":"buyer99"}`,
		"another external_uid": `{"user_id":"u9","login_id":"buyer01","external_uid":"shop-user-9"}`,
	} {
		t.Run("join/"+name, func(t *testing.T) {
			m, c := newWire(t, `{}`)
			m.Then(http.StatusOK, reply)
			u, err := c.Users.Join(context.Background(), join)
			assert.Nil(t, u)
			var ou *OutcomeUnknownError
			require.True(t, errors.As(err, &ou), "%v", err)
			assert.Equal(t, "shop-user-1", ou.Reference)
			require.Len(t, m.Requests(), 1)
		})
	}
	group := UserGroupParams{CorporateType: Corporate, BusinessNumber: "1234567890", CompanyName: "주식회사", ExternalUID: "shop-group-1"}
	for name, reply := range map[string]string{
		"another external_uid":   `{"user_group_id":"g9","external_uid":"shop-group-9","corporate_type":2}`,
		"another corporate_type": `{"user_group_id":"g9","external_uid":"shop-group-1","corporate_type":1}`,
	} {
		t.Run("group/"+name, func(t *testing.T) {
			m, c := newWire(t, `{}`)
			m.Then(http.StatusOK, reply)
			g, err := c.UserGroups.Create(context.Background(), group)
			assert.Nil(t, g)
			var ou *OutcomeUnknownError
			require.True(t, errors.As(err, &ou), "%v", err)
			assert.Equal(t, "shop-group-1", ou.Reference)
			require.Len(t, m.Requests(), 1)
		})
	}
	m, c := newWire(t, `{}`)
	m.Then(http.StatusOK, `{"user_id":"u1","login_id":"buyer01"}`)
	u, err := c.Users.Join(context.Background(), join)
	require.NoError(t, err)
	assert.Equal(t, "u1", u.UserID)
	m.Then(http.StatusOK, `{"user_group_id":"g1","external_uid":"shop-group-1","corporate_type":2}`)
	g, err := c.UserGroups.Create(context.Background(), group)
	require.NoError(t, err)
	assert.Equal(t, "g1", g.UserGroupID)
}
