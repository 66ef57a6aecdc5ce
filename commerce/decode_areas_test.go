package commerce

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The subscription list decodes its counters and its list in either shape;
// without a list it is an empty page.
func TestDecodeSubscriptionPage(t *testing.T) {
	for _, body := range []string{
		`{"list":[{"order_subscription_id":"s1","status":-2,"price":9900.0,"metadata":"{\"k\":\"v\"}","paused_at":"2025-08-01 10:00:00"}],"count":7,"total":9,"sum_active":3,"ing_pause":1}`,
		`{"items":[{"order_subscription_id":"s1","status":"-2","price":9900,"metadata":{"k":"v"},"paused_at":"2025-08-01T10:00:00+09:00"}],"total":7,"sum_active":3,"ing_pause":1.0}`,
	} {
		var p SubscriptionPage
		require.NoError(t, json.Unmarshal([]byte(body), &p), body)
		require.Len(t, p.Items, 1)
		s := p.Items[0]
		assert.Equal(t, "s1", s.OrderSubscriptionID)
		assert.Equal(t, SubscriptionPaused, s.Status)
		assert.Equal(t, int64(9900), s.Price.Int64())
		assert.Equal(t, "v", s.Metadata.String("k"))
		assert.Equal(t, "2025-08-01T01:00:00Z", s.PausedAt.UTC().Format("2006-01-02T15:04:05Z07:00"))
		assert.Equal(t, int64(7), p.Total)
		assert.Equal(t, map[string]int64{"sum_active": 3, "ing_pause": 1}, p.Stats)
	}
	var p SubscriptionPage
	require.NoError(t, json.Unmarshal([]byte(`{"count":0,"sum_trial":0}`), &p))
	assert.Empty(t, p.Items)
	assert.Error(t, json.Unmarshal([]byte(`{"sum_active":1.5}`), &p), "a fractional counter is refused")
	assert.Error(t, json.Unmarshal([]byte(`{"list":[{"price":1.5}]}`), &p), "a fractional price is refused")
}

// An unknown subscription status still decodes and prints as its number.
func TestDecodeUnknownSubscriptionAndBillStatus(t *testing.T) {
	var s Subscription
	require.NoError(t, json.Unmarshal([]byte(`{"status":77}`), &s))
	assert.False(t, s.Status.IsKnown())
	assert.Equal(t, "SubscriptionStatus(77)", s.Status.String())
	var b Bill
	require.NoError(t, json.Unmarshal([]byte(`{"status":99,"price":"1000"}`), &b))
	assert.Equal(t, "BillStatus(99)", b.Status.String())
	assert.Equal(t, int64(1000), b.Price.Int64())
}

// Both list shapes decode for the new lists too (products, users, groups,
// bills).
func TestDecodeAreaListShapes(t *testing.T) {
	for _, body := range []string{`{"list":[{"product_id":"p1","description":"d","external_uid":"x"}],"count":1}`,
		`{"items":[{"product_id":"p1","desc":"d","ex_uid":"x"}],"total":1}`} {
		var p Page[Product]
		require.NoError(t, json.Unmarshal([]byte(body), &p))
		require.Len(t, p.Items, 1)
		assert.Equal(t, Product{ProductID: "p1", Description: "d", ExternalUID: "x"}, p.Items[0])
		assert.Equal(t, int64(1), p.Total)
	}
	var u Page[User]
	require.NoError(t, json.Unmarshal([]byte(`{"items":[{"user_id":"u1"}],"total":1}`), &u))
	assert.Equal(t, "u1", u.Items[0].UserID)
	var g Page[UserGroup]
	require.NoError(t, json.Unmarshal([]byte(`{"list":[{"user_group_id":"g1","corporate_type":2}],"count":1}`), &g))
	assert.Equal(t, Corporate, g.Items[0].CorporateType)
}

// Optional request fields are left out: no zero values, no {} or null.
func TestAreaParamsOmitUnsetFields(t *testing.T) {
	for _, v := range []any{SubscriptionUpdateParams{}, TerminateParams{}, ProductParams{}, ProductStatusParams{}, UserParams{}, UserGroupParams{}, PauseRequest{}} {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(b, &m))
		for k, val := range m {
			if k == "reason" { // TerminateParams.Reason is required and always sent
				continue
			}
			t.Errorf("%T sends %s=%v when unset", v, k, val)
		}
	}
}

// Charge keys, passwords and user tokens never print, with any verb.
func TestAreaSecretsNeverPrint(t *testing.T) {
	values := []any{
		ChargeParams{ChargeKey: "ck-live-secret-123456", Price: 1},
		&ChargeParams{ChargeKey: "ck-live-secret-123456"},
		UserParams{LoginID: "buyer01", LoginPW: "pw-live-secret-123456"},
		UserToken{AccessToken: "jwt-live-secret-123456"},
	}
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "live-secret", "%T with %s: %s", v, verb, out)
		}
	}
}
