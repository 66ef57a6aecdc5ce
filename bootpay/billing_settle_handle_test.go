package bootpay

import (
	"context"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// carriesValue reports whether v, or anything reachable from it through
// exported fields (pointers, interfaces such as an error's Err, structs,
// slices), is a string field equal to want: a value a caller can read
// with errors.As and a field access, never by parsing an error message.
// Unexported fields (fmt's wrapped message) are not looked into.
func carriesValue(v reflect.Value, want string, depth int) bool {
	if depth > 8 || !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.String:
		return v.String() == want
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && carriesValue(v.Elem(), want, depth+1)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && carriesValue(v.Field(i), want, depth+1) {
				return true
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			if carriesValue(v.Index(i), want, depth+1) {
				return true
			}
		}
	}
	return false
}

// TestUnknownWriteReplyCarriesItsSettleHandle: when a 2xx reply is
// refused as an unknown outcome, the id the doc tells the caller to
// settle it with (the key's receipt id for Issue: GetByReceipt; the
// reserve_id for Reserve: GetReservation, CancelReservation) was in that
// reply, and the *OutcomeUnknownError carries it in a field (Reference),
// not only in its message text. Before, Reference was the SubscriptionID
// (Bootpay documents no lookup by it) or the OrderID (no reservation
// lookup by it): a program could not settle the outcome without parsing
// an error string, nor cancel by code a reservation at the wrong time,
// which may charge early.
func TestUnknownWriteReplyCarriesItsSettleHandle(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, kst)
	for name, tc := range map[string]struct {
		reply  string
		handle string
		call   func(c *Client) (any, error)
	}{
		"Issue: not an issued key": {
			reply:  `{"receipt_id":"rc-bk-9","subscription_id":"sub-mine","status":0}`,
			handle: "rc-bk-9",
			call: func(c *Client) (any, error) {
				return c.Billing.Issue(context.Background(), cardIssue("sub-mine", 0))
			},
		},
		"Issue: first charge still pending": {
			reply: `{"receipt_id":"rc-bk-1","billing_key":"bk-0001","subscription_id":"sub-mine","status":11,` +
				`"receipt_data":{"receipt_id":"rc-first","order_id":"sub-mine","price":9900,"status":3}}`,
			handle: "rc-bk-1",
			call: func(c *Client) (any, error) {
				return c.Billing.Issue(context.Background(), cardIssue("sub-mine", 9900))
			},
		},
		"Issue: no first charge in the reply": {
			reply:  `{"receipt_id":"rc-bk-2","billing_key":"bk-0002","subscription_id":"sub-mine","status":11}`,
			handle: "rc-bk-2",
			call: func(c *Client) (any, error) {
				return c.Billing.Issue(context.Background(), cardIssue("sub-mine", 9900))
			},
		},
		"Reserve: another execute time": {
			reply:  `{"reserve_id":"rsv-early","reserve_execute_at":"` + kstTimestamp(now.Add(time.Minute)) + `"}`,
			handle: "rsv-early",
			call: func(c *Client) (any, error) {
				return c.Billing.Reserve(context.Background(), ReserveParams{ExecuteAt: now.AddDate(0, 1, 0),
					ChargeParams: ChargeParams{BillingKey: "bk-1", OrderName: "12월 구독료", OrderID: "order-dec", Price: 9900}})
			},
		},
	} {
		t.Run(name, func(t *testing.T) {
			ws := newWireServer(t)
			ws.then(http.StatusOK, tc.reply)
			c := ws.client(t, BasicAuth("ck", "sk"), WithClock(func() time.Time { return now }))
			out, err := tc.call(c)
			require.Error(t, err, "%+v", out)
			var unknown *OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			require.Contains(t, err.Error(), tc.handle, "the message names it: the reply did carry it")
			// In the error's fields, or (Reserve) in the reply returned
			// with it.
			assert.True(t, carriesValue(reflect.ValueOf(unknown), tc.handle, 0) || carriesValue(reflect.ValueOf(out), tc.handle, 0),
				"the id to settle with (%s) is only in the message text; Reference is %q: %v", tc.handle, unknown.Reference, err)
		})
	}
}
