package portone

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/wiretest"
)

// The store a looked-up object belongs to.
//
// A payment names its store (storeId, required in every status), as do
// billing keys, payment schedules and cash receipts. Under a platform's
// merchant-level secret the sub-stores (하위 상점) are other businesses,
// and the browser SDK takes any storeId the buyer's page names. A lookup
// sends the store it asks about (WithStoreID, else WithDefaultStoreID); a
// reply naming another store is no answer about this store's object, any
// more than a reply naming another id (a cache keyed without the query, a
// proxy), and must never verify another store's payment as this store's.

const storeA = "store-aaaaaaaa-0000-4000-8000-000000000000"

// storeEcho answers body with its top-level storeId set to the store the
// request's query names, when it names one and body is a JSON object: the
// reply of a PortOne that answers about the store it was asked about.
func storeEcho(body string) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		var probe map[string]json.RawMessage
		if store := r.URL.Query().Get("storeId"); store != "" && json.Unmarshal([]byte(body), &probe) == nil && probe != nil {
			return wiretest.JSON(http.StatusOK, []byte(replyNaming(body, "storeId", store))), nil
		}
		return wiretest.JSON(http.StatusOK, []byte(body)), nil
	}
}

// newStoreEchoServer is newWireServer answering every request with
// storeEcho(body).
func newStoreEchoServer(t *testing.T, body string) *wireServer {
	t.Helper()
	return &wireServer{wiretest.New(t, wireCoverage, "https://portone.test", storeEcho(body))}
}

// TestVerifyRefusesAnotherStoresPayment: the client asks about store A
// (the client's default and, separately, WithStoreID) and the 2xx reply is
// the payment of the same id and amount in store B. It is not verified as
// paid for store A's order: it is Get's *DecodeError (look again), as for a
// reply about another id.
func TestVerifyRefusesAnotherStoresPayment(t *testing.T) {
	fixture := string(mustRead("payments", "paid_card.json")) // storeId store-1a2b…, a store other than A
	params := VerifyParams{PaymentID: "order-20240425-0001", Amount: 39800, Currency: CurrencyKRW}

	for name, call := range map[string]func(ws *wireServer) (*VerifiedPayment, error){
		"client default store": func(ws *wireServer) (*VerifiedPayment, error) {
			return testClient(t, ws, WithDefaultStoreID(storeA)).Payments.Verify(t.Context(), params)
		},
		"WithStoreID": func(ws *wireServer) (*VerifiedPayment, error) {
			return testClient(t, ws).Payments.Verify(t.Context(), params, WithStoreID(storeA))
		},
		"VerifyParams.StoreID": func(ws *wireServer) (*VerifiedPayment, error) {
			p := params
			p.StoreID = storeA
			return testClient(t, ws, WithDefaultStoreID("store-default")).Payments.Verify(t.Context(), p, WithStoreID("store-option"))
		},
	} {
		t.Run(name, func(t *testing.T) {
			ws := newWireServer(t, fixture)
			v, err := call(ws)
			assert.Equal(t, storeA, ws.last(t).Query.Get("storeId"), "the lookup asked about store A")
			if err == nil {
				t.Fatalf("store B's payment %s (storeId %s) verified for store A's order as %v: fulfilled for a payment made to another store",
					v.Payment.ID, v.Payment.StoreID, v.Outcome)
			}
			requireOtherObject(t, ws, err, "payments.get")
		})
	}

	// The same lookup answered by store A itself verifies: the check
	// compares, it does not refuse every store-scoped lookup.
	ws := newStoreEchoServer(t, fixture)
	v, err := testClient(t, ws, WithDefaultStoreID(storeA)).Payments.Verify(t.Context(), params)
	require.NoError(t, err)
	assert.Equal(t, OutcomePaid, v.Outcome)
	assert.Equal(t, storeA, v.Payment.StoreID)
}

// TestPaymentVerifyComparesStoreID: a payment in hand (from a webhook's
// lookup, say) of another store than VerifyParams.StoreID is a storeId
// mismatch; without StoreID the store is not compared.
func TestPaymentVerifyComparesStoreID(t *testing.T) {
	pay := mustDecodePayment(t, "paid_card.json")
	want := VerifyParams{PaymentID: pay.ID, Amount: pay.Amount.Total, Currency: pay.Currency}

	_, err := pay.Verify(want)
	require.NoError(t, err, "no StoreID, no store comparison")

	want.StoreID = storeA
	_, err = pay.Verify(want)
	var mismatch *MismatchError
	require.ErrorAs(t, err, &mismatch)
	require.True(t, mismatch.Has("storeId"), "%v", err)
	assert.Equal(t, []Mismatch{{Field: "storeId", Expected: storeA, Actual: pay.StoreID}}, mismatch.Mismatches)

	want.StoreID = pay.StoreID
	_, err = pay.Verify(want)
	require.NoError(t, err)

	want.StoreID = " padded"
	_, err = pay.Verify(want)
	var verr *ValidationError
	require.ErrorAs(t, err, &verr, "a StoreID that names nothing is refused before any comparison")
	assert.Equal(t, "StoreID", verr.Field)
}

// TestGetRefusesAnotherStoresPayment: Get itself, the lookup every other
// read of a payment builds on (Verify, the examples' reconcilers), does
// not return store B's payment as the answer about store A's.
func TestGetRefusesAnotherStoresPayment(t *testing.T) {
	ws := newWireServer(t, string(mustRead("payments", "paid_card.json")))
	pay, err := testClient(t, ws).Payments.Get(t.Context(), "order-20240425-0001", WithStoreID(storeA))
	if err == nil {
		t.Fatalf("asked about store %s, got the payment of store %s as the answer", storeA, pay.StoreID)
	}
	requireOtherObject(t, ws, err, "payments.get")
	assert.Contains(t, err.Error(), storeA)
}

// TestLookupsRefuseAnotherStore: every lookup whose reply names its store
// (payment, billing key, payment schedule, cash receipt) refuses a reply of
// another store, or of none, when the call named a store (client default
// or WithStoreID), and returns the reply of the store asked about; with no
// store named, nothing is compared.
func TestLookupsRefuseAnotherStore(t *testing.T) {
	for _, tc := range []struct {
		name, op, reply string
		call            func(c *Client, opts ...RequestOption) (any, error)
	}{
		{"payment", "payments.get", string(mustRead("payments", "paid_card.json")),
			func(c *Client, opts ...RequestOption) (any, error) {
				return c.Payments.Get(t.Context(), "order-20240425-0001", opts...)
			}},
		{"billing key", "billingKeys.get", replyNaming(issuedBillingKeyJSON, "billingKey", "bk"),
			func(c *Client, opts ...RequestOption) (any, error) {
				return c.BillingKeys.Get(t.Context(), "bk", opts...)
			}},
		{"payment schedule", "paymentSchedules.get", replyNaming(scheduleJSON, "id", "schedule-1"),
			func(c *Client, opts ...RequestOption) (any, error) {
				return c.PaymentSchedules.Get(t.Context(), "schedule-1", opts...)
			}},
		{"cash receipt", "cashReceipts.getByPayment", replyNaming(string(mustRead("cash_receipts", "issued.json")), "paymentId", "pay-1"),
			func(c *Client, opts ...RequestOption) (any, error) {
				return c.CashReceipts.GetByPayment(t.Context(), "pay-1", opts...)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			other := replyNaming(tc.reply, "storeId", "store-bbbbbbbb-0000-4000-8000-000000000000")
			for mode, c := range map[string]func(ws *wireServer) (any, error){
				"client default": func(ws *wireServer) (any, error) { return tc.call(testClient(t, ws, WithDefaultStoreID(storeA))) },
				"WithStoreID":    func(ws *wireServer) (any, error) { return tc.call(testClient(t, ws), WithStoreID(storeA)) },
			} {
				ws := newWireServer(t, other)
				out, err := c(ws)
				require.Error(t, err, "%s: another store's %s returned as store A's", mode, tc.name)
				assert.Nil(t, out)
				requireOtherObject(t, ws, err, tc.op)

				var m map[string]any
				require.NoError(t, json.Unmarshal([]byte(tc.reply), &m))
				delete(m, "storeId")
				none, _ := json.Marshal(m)
				ws = newWireServer(t, string(none))
				_, err = c(ws)
				var derr *DecodeError
				require.True(t, errors.As(err, &derr), "%s: a reply naming no store is not store A's: %v", mode, err)

				ws = newStoreEchoServer(t, tc.reply)
				_, err = c(ws)
				require.NoError(t, err, "%s: store A's own reply", mode)
			}

			ws := newWireServer(t, other)
			_, err := tc.call(testClient(t, ws))
			require.NoError(t, err, "no store named, none compared")
		})
	}
}
