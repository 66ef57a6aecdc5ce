package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Whether Commerce's login ids are case-insensitive is UNCONFIRMED (its
// docs say only "5–30 characters"; a login id need not be an e-mail
// address), so "Kim.Lee01" and "kim.lee01" may be two customers. A join
// that names no external_uid has only its login id to tell its answer
// from another customer's: an answer naming another user with the login id
// in another case is the unknown outcome (look the customer up), never
// the customer joined — the merchant would store a stranger's user_id for
// this buyer. Folding case is safe only when an external_uid both name
// agrees (as in TestJoinAnswerWithANormalisedLoginIDIsTheCustomer).
func TestJoinByLoginIDAloneRefusesAnAnswerInAnotherCase(t *testing.T) {
	m, c := newWire(t, `{}`)
	m.Then(http.StatusOK, `{"user_id":"u-other","login_id":"kim.lee01"}`)
	u, err := c.Users.Join(context.Background(), UserParams{LoginID: "Kim.Lee01"})
	assert.Nil(t, u, "another customer's answer returned as the customer joined")
	var ou *OutcomeUnknownError
	require.True(t, errors.As(err, &ou), "%v", err)
	assert.Equal(t, "Kim.Lee01", ou.Reference)
	assert.Len(t, m.Requests(), 1)
}

// Case is folded only when both sides name an external_uid and it agrees:
// one named by the request alone, or by the answer alone, tells nothing,
// and the login id in another case stays the unknown outcome.
func TestJoinFoldsLoginIDCaseOnlyBesideAnAgreeingExternalUID(t *testing.T) {
	for name, tc := range map[string]struct {
		answer string
		p      UserParams
	}{
		"uid in the request only": {`{"user_id":"u-other","login_id":"kim.lee01"}`, UserParams{LoginID: "Kim.Lee01", ExternalUID: "shop-user-1"}},
		"uid in the answer only":  {`{"user_id":"u-other","login_id":"kim.lee01","external_uid":"shop-user-9"}`, UserParams{LoginID: "Kim.Lee01"}},
	} {
		t.Run(name, func(t *testing.T) {
			m, c := newWire(t, `{}`)
			m.Then(http.StatusOK, tc.answer)
			u, err := c.Users.Join(context.Background(), tc.p)
			assert.Nil(t, u, "another customer's answer returned as the customer joined")
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
			assert.Len(t, m.Requests(), 1)
		})
	}
	m, c := newWire(t, `{}`)
	m.Then(http.StatusOK, `{"user_id":"u-1","login_id":"kim.lee01","external_uid":" shop-user-1"}`)
	u, err := c.Users.Join(context.Background(), UserParams{LoginID: "Kim.Lee01", ExternalUID: "shop-user-1 "})
	require.NoError(t, err, "an agreeing external_uid (trimmed) lets the login id's case differ")
	assert.Equal(t, "u-1", u.UserID)
}
