package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A login id is commonly an e-mail address, which servers store
// lower-cased (whether Commerce does is UNCONFIRMED): the customer
// Commerce answers with, under the external_uid the join named, is then
// this very customer. Beside that agreeing external_uid, login ids
// differing only in case or surrounding space are no evidence of another
// customer.
func TestJoinAnswerWithANormalisedLoginIDIsTheCustomer(t *testing.T) {
	m, c := newWire(t, `{}`)
	m.Then(http.StatusOK, `{"user_id":"u-1","login_id":"buyer.kim@example.com","external_uid":"shop-user-1"}`)
	u, err := c.Users.Join(context.Background(), UserParams{LoginID: "Buyer.Kim@Example.com", ExternalUID: "shop-user-1"})
	require.NoError(t, err, "a genuine join answered with the login id lower-cased reads as another customer")
	assert.Equal(t, "u-1", u.UserID)
}

// Identifiers are compared without their surrounding space, and a login
// id regardless of case beside an agreeing external_uid; any other
// difference is another object's answer, an *OutcomeUnknownError carrying
// the reference, sent once.
func TestCreationAnswerIdentifiersAreComparedNormalised(t *testing.T) {
	join := func(answer string, p UserParams) (u *User, sent int, err error) {
		m, c := newWire(t, `{}`)
		m.Then(http.StatusOK, answer)
		u, err = c.Users.Join(context.Background(), p)
		return u, len(m.Requests()), err
	}
	group := func(answer string) (*UserGroup, error) {
		m, c := newWire(t, `{}`)
		m.Then(http.StatusOK, answer)
		return c.UserGroups.Create(context.Background(), UserGroupParams{CorporateType: Individual, ExternalUID: " shop-group-1 "})
	}

	u, _, err := join(`{"user_id":"u-1","login_id":" buyer.kim@example.com ","external_uid":"shop-user-1 "}`,
		UserParams{LoginID: "Buyer.Kim@Example.com", ExternalUID: " shop-user-1"})
	require.NoError(t, err, "space and case around the same customer's ids")
	assert.Equal(t, "u-1", u.UserID)
	g, err := group(`{"user_group_id":"g-1","external_uid":"shop-group-1","corporate_type":1}`)
	require.NoError(t, err, "space around the same group's external uid")
	assert.Equal(t, "g-1", g.UserGroupID)

	for name, tc := range map[string]struct {
		answer string
		p      UserParams
		ref    string
	}{
		"another login id":             {`{"user_id":"u-2","login_id":"buyer.lee@example.com"}`, UserParams{LoginID: "Buyer.Kim@Example.com"}, "Buyer.Kim@Example.com"},
		"external uid in another case": {`{"user_id":"u-2","external_uid":"SHOP-USER-1"}`, UserParams{LoginID: "buyer.kim", ExternalUID: "shop-user-1"}, "shop-user-1"},
	} {
		t.Run(name, func(t *testing.T) {
			u, sent, err := join(tc.answer, tc.p)
			assert.Nil(t, u)
			var ou *OutcomeUnknownError
			require.True(t, errors.As(err, &ou), "%v", err)
			assert.Equal(t, tc.ref, ou.Reference)
			assert.Equal(t, 1, sent)
		})
	}
	_, err = group(`{"user_group_id":"g-2","external_uid":"shop-group-2","corporate_type":1}`)
	assert.ErrorIs(t, err, ErrOutcomeUnknown, "another group's answer")
}
