package portone

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The store of the items a list or Transactions returns.
//
// A lookup that named a store refuses a reply of another store (see
// store_reply_test.go). The reads that return several objects name a
// store too: Transactions in its query, the lists in the filter of their
// requestBody. Their items carry storeId as a lookup's reply does, and a
// misrouting proxy, or a cache keyed without the query, hands store B's
// items to a caller that asked about store A just as well. A
// reconciliation over such a list (reconcile.PortOne streams All) would
// count another seller's payment as this store's.

const storeB = "store-bbbbbbbb-0000-4000-8000-000000000000"

// paidOfStore is paid_card.json with its storeId set to store.
func paidOfStore(t *testing.T, store string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(mustRead("payments", "paid_card.json"), &m))
	m["storeId"] = store
	return m
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// ofStore returns the JSON object body with its storeId set to store, or
// without one when store is "".
func ofStore(t *testing.T, body, store string) json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(body), &m))
	delete(m, "storeId")
	if store != "" {
		m["storeId"] = json.RawMessage(mustJSON(t, store))
	}
	return json.RawMessage(mustJSON(t, m))
}

// TestTransactionsRefuseAnotherStore: Transactions of a payment of store A
// (WithStoreID) answered with store B's attempt of the same payment id is
// a *DecodeError, never a list of store A's attempts.
func TestTransactionsRefuseAnotherStore(t *testing.T) {
	attempt := paidOfStore(t, storeB)
	attempt["paymentId"], attempt["id"] = "order-20240425-0001", "tx-0001"
	ws := newWireServer(t, mustJSON(t, map[string]any{"items": []any{attempt}}))

	got, err := testClient(t, ws).Payments.Transactions(t.Context(), "order-20240425-0001", WithStoreID(storeA))
	require.Equal(t, storeA, ws.last(t).Query.Get("storeId"), "the call asked about store A")
	if err == nil {
		t.Fatalf("asked about store A, got %d attempt(s) of store %s as its own", len(got), got[0].StoreID)
	}
	requireOtherObject(t, ws, err, "payments.transactions")
}

// TestTransactionsOfTheStoreAskedAbout: the attempts of store A answer a
// call about store A; an attempt naming no store does not; and a call
// naming no store compares none.
func TestTransactionsOfTheStoreAskedAbout(t *testing.T) {
	reply := func(store string) string {
		attempt := paidOfStore(t, store)
		if store == "" {
			delete(attempt, "storeId")
		}
		attempt["paymentId"], attempt["id"] = "order-20240425-0001", "tx-0001"
		return mustJSON(t, map[string]any{"items": []any{attempt}})
	}
	ws := newWireServer(t, reply(storeA))
	got, err := testClient(t, ws, WithDefaultStoreID(storeA)).Payments.Transactions(t.Context(), "order-20240425-0001")
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, storeA, got[0].StoreID)

	ws = newWireServer(t, reply(""))
	_, err = testClient(t, ws, WithDefaultStoreID(storeA)).Payments.Transactions(t.Context(), "order-20240425-0001")
	requireOtherObject(t, ws, err, "payments.transactions")

	ws = newWireServer(t, reply(storeB))
	_, err = testClient(t, ws).Payments.Transactions(t.Context(), "order-20240425-0001")
	require.NoError(t, err, "no store named, none compared")
}

// TestAllRefusesAnotherStore: All filtered by store A (the client's
// default) does not yield store B's payment as one of store A's.
func TestAllRefusesAnotherStore(t *testing.T) {
	item := map[string]any{"payment": paidOfStore(t, storeB), "cursor": "c-1"}
	ws := newWireServer(t, mustJSON(t, map[string]any{"items": []any{item}}))

	var stores []string
	var errs []error
	for p, err := range testClient(t, ws, WithDefaultStoreID(storeA)).Payments.All(t.Context(), PaymentCursorParams{Size: 10}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		stores = append(stores, p.StoreID)
	}
	require.Contains(t, ws.last(t).Query.Get("requestBody"), storeA, "the list asked about store A")
	require.Empty(t, stores, "store A's listing yielded payments of %v", stores)
	require.Len(t, errs, 1)
	requireOtherObject(t, ws, errs[0], "payments.all")
}

// TestAllRefusesAPaymentOfAnotherStore: the cursor list filtered by the
// params' StoreID yields no payment of another store either, though its
// first page was empty of them and its second holds one: the page is
// refused whole and the iteration ends with the error.
func TestAllRefusesAPaymentOfAnotherStore(t *testing.T) {
	mine := `{"payment":{"status":"PAID","id":"p0","storeId":"store-mine","amount":{"total":1000},"currency":"KRW","disputes":[]},"cursor":"c0"}`
	other := `{"payment":{"status":"PAID","id":"p1","storeId":"store-other","amount":{"total":1000},"currency":"KRW","disputes":[]},"cursor":"c1"}`
	ws := newWireServer(t, `{"items":[]}`)
	ws.then(http.StatusOK, `{"items":[`+mine+`]}`)
	ws.then(http.StatusOK, `{"items":[`+mine+`,`+other+`]}`)
	var yielded []string
	var failed error
	for p, err := range testClient(t, ws).Payments.All(t.Context(), PaymentCursorParams{StoreID: "store-mine", Size: 1}) {
		if err != nil {
			failed = err
			break
		}
		yielded = append(yielded, p.ID+"@"+p.StoreID)
	}
	assert.Equal(t, []string{"p0@store-mine"}, yielded, "only the first page, all of store-mine, is yielded")
	var derr *DecodeError
	require.ErrorAs(t, failed, &derr)
	assert.Equal(t, "payments.all", derr.Op)
	assert.Len(t, ws.recorded(), 2)
}

// listCase is one list that names a store in its requestBody filter:
// reply is its answer holding one item of JSON object item, call runs it
// with the params' store (when store is set) and returns how many items
// it returned or yielded and its error.
type listCase struct {
	name, op string
	item     string
	reply    func(item json.RawMessage) string
	call     func(c *Client, store string, opts ...RequestOption) (int, error)
}

// paged is the answer of a page-numbered list holding one item.
func paged(item json.RawMessage) string {
	return `{"items":[` + string(item) + `],"page":{"number":0,"size":10,"totalCount":1}}`
}

// drain ranges over seq and returns how many items it yielded and its
// first error.
func drain[T any](seq func(func(T, error) bool)) (int, error) {
	n := 0
	for _, err := range seq {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func storeListCases(t *testing.T) []listCase {
	event := `{"type":"PAID","id":"e1","paymentId":"p1","transactionId":"t1","storeId":"x","eventAmount":1000,"totalAmount":{"total":1000},"disputes":[]}`
	return []listCase{
		{"payments List", "payments.list", string(mustRead("payments", "paid_card.json")), paged,
			func(c *Client, store string, opts ...RequestOption) (int, error) {
				p := PaymentListParams{}
				p.Filter.StoreID = store
				out, err := c.Payments.List(t.Context(), p, opts...)
				if err != nil {
					return 0, err
				}
				return len(out.Items), nil
			}},
		{"payments All by cursor", "payments.all", string(mustRead("payments", "paid_card.json")),
			func(item json.RawMessage) string { return `{"items":[{"payment":` + string(item) + `,"cursor":"c1"}]}` },
			func(c *Client, store string, opts ...RequestOption) (int, error) {
				return drain(c.Payments.All(t.Context(), PaymentCursorParams{StoreID: store}, opts...))
			}},
		{"payment events", "payments.allEvents", event,
			func(item json.RawMessage) string {
				return `{"items":[{"paymentEvent":` + string(item) + `,"cursor":"c1"}]}`
			},
			func(c *Client, store string, opts ...RequestOption) (int, error) {
				return drain(c.Payments.AllEvents(t.Context(), PaymentCursorParams{StoreID: store}, opts...))
			}},
		{"billing keys List", "billingKeys.list", issuedBillingKeyJSON, paged,
			func(c *Client, store string, opts ...RequestOption) (int, error) {
				p := BillingKeyListParams{}
				p.Filter.StoreID = store
				out, err := c.BillingKeys.List(t.Context(), p, opts...)
				if err != nil {
					return 0, err
				}
				return len(out.Items), nil
			}},
		{"billing keys All", "billingKeys.list", issuedBillingKeyJSON, paged,
			func(c *Client, store string, opts ...RequestOption) (int, error) {
				p := BillingKeyListParams{}
				p.Filter.StoreID = store
				return drain(c.BillingKeys.All(t.Context(), p, opts...))
			}},
		{"payment schedules List", "paymentSchedules.list", scheduleJSON, paged,
			func(c *Client, store string, opts ...RequestOption) (int, error) {
				p := PaymentScheduleListParams{}
				p.Filter.StoreID = store
				out, err := c.PaymentSchedules.List(t.Context(), p, opts...)
				if err != nil {
					return 0, err
				}
				return len(out.Items), nil
			}},
		{"payment schedules All", "paymentSchedules.list", scheduleJSON, paged,
			func(c *Client, store string, opts ...RequestOption) (int, error) {
				p := PaymentScheduleListParams{}
				p.Filter.StoreID = store
				return drain(c.PaymentSchedules.All(t.Context(), p, opts...))
			}},
		{"cash receipts List", "cashReceipts.list", string(mustRead("cash_receipts", "issued.json")), paged,
			func(c *Client, store string, opts ...RequestOption) (int, error) {
				p := CashReceiptListParams{}
				p.Filter.StoreID = store
				out, err := c.CashReceipts.List(t.Context(), p, opts...)
				if err != nil {
					return 0, err
				}
				return len(out.Items), nil
			}},
		{"cash receipts All", "cashReceipts.list", string(mustRead("cash_receipts", "issued.json")), paged,
			func(c *Client, store string, opts ...RequestOption) (int, error) {
				p := CashReceiptListParams{}
				p.Filter.StoreID = store
				return drain(c.CashReceipts.All(t.Context(), p, opts...))
			}},
	}
}

// TestListsRefuseAnotherStore: every list whose items name their store
// (payments by page and by cursor, payment events, billing keys, payment
// schedules, cash receipts; List and All alike), asked about store A (the
// client's default, WithStoreID, or the params' filter), refuses a page
// holding an item of store B, or one naming no store, with a *DecodeError
// and returns or yields none of it; it returns store A's own items; and a
// list that named no store compares none.
func TestListsRefuseAnotherStore(t *testing.T) {
	for _, tc := range storeListCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			modes := map[string]func(ws *wireServer) (int, error){
				"client default": func(ws *wireServer) (int, error) { return tc.call(testClient(t, ws, WithDefaultStoreID(storeA)), "") },
				"WithStoreID":    func(ws *wireServer) (int, error) { return tc.call(testClient(t, ws), "", WithStoreID(storeA)) },
				"params": func(ws *wireServer) (int, error) {
					return tc.call(testClient(t, ws, WithDefaultStoreID("store-default")), storeA, WithStoreID("store-option"))
				},
			}
			for mode, call := range modes {
				for _, bad := range []string{storeB, ""} {
					ws := newWireServer(t, tc.reply(ofStore(t, tc.item, bad)))
					n, err := call(ws)
					assert.True(t, strings.Contains(ws.last(t).Query.Get("requestBody"), storeA), "%s: the list asked about store A", mode)
					assert.Zero(t, n, "%s: store A's list returned %d item(s) of store %q", mode, n, bad)
					requireOtherObject(t, ws, err, tc.op)
				}

				ws := newWireServer(t, tc.reply(ofStore(t, tc.item, storeA)))
				n, err := call(ws)
				require.NoError(t, err, "%s: store A's own item", mode)
				assert.Equal(t, 1, n, mode)
			}

			ws := newWireServer(t, tc.reply(ofStore(t, tc.item, storeB)))
			n, err := tc.call(testClient(t, ws), "")
			require.NoError(t, err, "no store named, none compared")
			assert.Equal(t, 1, n)
		})
	}
}
