package portone

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A list page whose 200 reply lacks "items", which every list's schema
// requires (GetAllPaymentsByCursorResponse, GetAllPaymentEventsByCursorResponse,
// GetPaymentsResponse and the other page-numbered lists), is no page: read
// as an empty one it would end All, AllEvents and every page-numbered All
// as if the list were over, and a reconciliation over them would look
// complete with the whole period unread.

// itemsListCases are the lists of storeListCases plus identity
// verifications (whose items name no store).
func itemsListCases(t *testing.T) []listCase {
	return append(storeListCases(t),
		listCase{name: "identity verifications List", op: "identityVerifications.list",
			call: func(c *Client, _ string, opts ...RequestOption) (int, error) {
				out, err := c.IdentityVerifications.List(t.Context(), IdentityVerificationListParams{}, opts...)
				if err != nil {
					return 0, err
				}
				return len(out.Items), nil
			}},
		listCase{name: "identity verifications All", op: "identityVerifications.list",
			call: func(c *Client, _ string, opts ...RequestOption) (int, error) {
				return drain(c.IdentityVerifications.All(t.Context(), IdentityVerificationListParams{}, opts...))
			}},
		// A payment's attempts read from a reply without items would say
		// the payment was never tried.
		listCase{name: "payment Transactions", op: "payments.transactions",
			call: func(c *Client, _ string, opts ...RequestOption) (int, error) {
				out, err := c.Payments.Transactions(t.Context(), "order-20240425-0001", opts...)
				return len(out), err
			}})
}

// TestListWithoutItemsIsADecodeError: every list, List and All alike, by
// page and by cursor, answered 200 with no "items" (an empty object, items
// null, or a page-numbered list's page alone) returns a *DecodeError
// naming the missing member, is not retried and returns or yields
// nothing; a page of no items ("items": []) is still the end of the list.
func TestListWithoutItemsIsADecodeError(t *testing.T) {
	for _, tc := range itemsListCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			for _, body := range []string{`{}`, `{"items":null}`, `{"page":{"number":0,"size":10,"totalCount":0}}`} {
				ws := newWireServer(t, body)
				n, err := tc.call(testClient(t, ws, WithDefaultStoreID(storeA)), "")
				assert.Zero(t, n, body)
				var derr *DecodeError
				require.ErrorAs(t, err, &derr, "%s read as an empty list", body)
				assert.Equal(t, tc.op, derr.Op, body)
				assert.Equal(t, http.StatusOK, derr.Status, body)
				assert.Contains(t, err.Error(), "items", body)
				assert.Len(t, ws.recorded(), 1, "%s: a bad 2xx is not retried", body)
			}

			ws := newWireServer(t, `{"items":[],"page":{"number":0,"size":10,"totalCount":0}}`)
			n, err := tc.call(testClient(t, ws, WithDefaultStoreID(storeA)), "")
			require.NoError(t, err, "an empty page is the end of the list")
			assert.Zero(t, n)
		})
	}
}
