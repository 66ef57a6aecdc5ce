package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRequestChecksTheAnswersTaxFreePart: an answer of the request's
// cancel_id and cancel_price naming another tax-free part than the one
// the request named is not this request's answer (an *OutcomeUnknownError
// keyed by the cancel_id); one that names the request's amounts, names no
// amount at all, or names a tax-free part the request left to Commerce is
// the request made.
func TestRequestChecksTheAnswersTaxFreePart(t *testing.T) {
	params := CancelRequestParams{OrderNumber: "N-1", CancelID: "refund-2", Price: 300, TaxFreePrice: 100, Requester: "shop", Immediately: true}
	m, c := newWire(t, `{}`)
	m.Then(http.StatusOK, `{"order_number":"N-1","cancel_id":"refund-2","cancel_price":300,"cancel_tax_free_price":200}`)
	r, err := c.OrderCancellations.Request(context.Background(), params)
	assert.Nil(t, r)
	var unknown *OutcomeUnknownError
	require.True(t, errors.As(err, &unknown), "%v", err)
	assert.Equal(t, "N-1", unknown.Reference)
	assert.Equal(t, "refund-2", unknown.IdempotencyKey)
	assert.Contains(t, err.Error(), "tax-free 200")

	for name, tc := range map[string]struct {
		reply   string
		taxFree int64
	}{
		"the request's amounts":                 {`{"order_number":"N-1","cancel_id":"refund-2","cancel_price":300,"cancel_tax_free_price":100}`, 100},
		"no amount":                             {`{"order_number":"N-1","cancel_id":"refund-2"}`, 100},
		"a tax-free part Commerce chose":        {`{"cancel_id":"refund-2","cancel_price":300,"cancel_tax_free_price":50}`, 0},
		"no tax-free part for a request of one": {`{"cancel_id":"refund-2","cancel_price":300}`, 100},
	} {
		t.Run(name, func(t *testing.T) {
			m, c := newWire(t, `{}`)
			m.Then(http.StatusOK, tc.reply)
			p := params
			p.TaxFreePrice = tc.taxFree
			r, err := c.OrderCancellations.Request(context.Background(), p)
			require.NoError(t, err)
			assert.Equal(t, "refund-2", r.CancelID)
		})
	}
}
