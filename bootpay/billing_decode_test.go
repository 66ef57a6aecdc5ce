package bootpay_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
)

const billingKeyJSON = `{"receipt_id":"rc-1","billing_key":"bk-secret-1","subscription_id":"sub-1",
	"billing_data":{"card_no":"536510******1234","card_company":"현대","card_company_code":"07","card_type":"1"},
	"metadata":"{\"plan\":\"m\"}","pg":"nicepay","method":"카드자동결제","method_symbol":"card_rebill",
	"published_at":"2026-11-22T09:00:00+09:00","requested_at":"2026-11-22 08:59:00","billing_expire_at":"2031-11-22T09:00:00+09:00",
	"receipt_data":{"receipt_id":"rc-2","order_id":"o-1","price":9900.0,"status":1},"status":11.0,"status_locale":"빌링키발급완료"}`

func TestDecodeBillingKey(t *testing.T) {
	var k bootpay.BillingKey
	require.NoError(t, json.Unmarshal([]byte(billingKeyJSON), &k))
	assert.True(t, k.Issued())
	assert.Equal(t, "bk-secret-1", k.BillingKey.Reveal())
	assert.Equal(t, bootpay.Int(1), k.BillingData.CardType, `"1" decodes`)
	assert.Equal(t, "m", k.Metadata["plan"], "metadata in a string is an object too")
	assert.Equal(t, 2026, k.RequestedAt.Year(), "the zone-less layout decodes")
	require.NotNil(t, k.ReceiptData)
	assert.Equal(t, int64(9900), k.ReceiptData.Price.Int64())
	assert.JSONEq(t, billingKeyJSON, string(k.RawJSON()))
	printed := fmt.Sprintf("%v %+v %s", k, &k, k.BillingData)
	assert.NotContains(t, printed, "bk-secret-1")
	assert.NotContains(t, printed, "536510")

	for name, body := range map[string]string{
		"null":                     `null`,
		"empty":                    `{}`,
		"no receipt_id":            `{"status":11,"billing_key":"k"}`,
		"empty receipt_id":         `{"receipt_id":"","status":11,"billing_key":"k"}`,
		"no status":                `{"receipt_id":"r","billing_key":"k"}`,
		"issued without key":       `{"receipt_id":"r","status":11}`,
		"fractional status":        `{"receipt_id":"r","status":1.5}`,
		"metadata array":           `{"receipt_id":"r","status":41,"metadata":[1]}`,
		"receipt_data not receipt": `{"receipt_id":"r","status":11,"billing_key":"k","receipt_data":{}}`,
	} {
		var k bootpay.BillingKey
		assert.Error(t, json.Unmarshal([]byte(body), &k), name)
	}
	var waiting bootpay.BillingKey
	require.NoError(t, json.Unmarshal([]byte(`{"receipt_id":"r","status":41}`), &waiting))
	assert.True(t, waiting.AwaitingPublish())
	assert.False(t, waiting.Issued())
}

func TestDecodeReservations(t *testing.T) {
	var r bootpay.Reservation
	require.NoError(t, json.Unmarshal([]byte(`{"reserve_id":"rsv-1","reserve_execute_at":"2026-12-22T09:00:00+09:00"}`), &r))
	assert.Equal(t, "rsv-1", r.ReserveID)
	assert.Error(t, json.Unmarshal([]byte(`{"reserve_execute_at":"2026-12-22T09:00:00+09:00"}`), &r))

	var d bootpay.ReservationDetail
	require.NoError(t, json.Unmarshal([]byte(`{"reserve_id":"rsv-1","receipt_id":"rc-9","order_id":"o","price":"9900","tax_free":0,
		"billing_key":"bk-1","version":1.0,"status":2,"reserve_execute_at":"2026-12-22T09:00:00+09:00",
		"reserve_finished_at":"2026-12-22T09:00:01+09:00","reserve_revoked_at":null}`), &d))
	assert.True(t, d.Executed())
	assert.False(t, d.Revoked())
	assert.Equal(t, int64(9900), d.Price.Int64())
	assert.NotContains(t, fmt.Sprintf("%+v", d), "bk-1")
	assert.Error(t, json.Unmarshal([]byte(`{"reserve_id":"r","price":-1}`), &d), "a negative amount")
	assert.Error(t, json.Unmarshal([]byte(`{"order_id":"o"}`), &d))
}

const certificateJSON = `{"receipt_id":"rc-a","authenticate_id":"auth-1","pg":"danal","method":"본인인증","status":"12",
	"authenticated_at":"2026-11-22T09:01:00+09:00","requested_at":"2026-11-22T09:00:00+09:00",
	"authenticate_data":{"name":"홍길동","phone":"01012345678","unique":"CI-SECRET","birth":"1990-01-01","gender":1,"foreigner":0,
	"carrier":"SKT","number_of_realarms":2,"tid":"t"}}`

func TestDecodeCertificateAndAuthentication(t *testing.T) {
	var c bootpay.Certificate
	require.NoError(t, json.Unmarshal([]byte(certificateJSON), &c))
	assert.True(t, c.Verified())
	assert.Equal(t, bootpay.Int(2), c.Data.Realarms)
	printed := fmt.Sprintf("%v %+v %#v %s", c, &c, c.Data, *c.Data)
	for _, s := range []string{"홍길동", "CI-SECRET", "1990-01-01", "01012345678"} {
		assert.NotContains(t, printed, s)
	}
	for _, body := range []string{`{}`, `null`, `{"receipt_id":"r"}`, `{"status":12}`, `{"receipt_id":"r","status":12,"authenticate_data":{"gender":"x"}}`} {
		assert.Error(t, json.Unmarshal([]byte(body), &c), body)
	}
	var pending bootpay.Certificate
	require.NoError(t, json.Unmarshal([]byte(`{"receipt_id":"r","status":0}`), &pending))
	assert.False(t, pending.Verified(), "only status 12 is verified")

	var a bootpay.Authentication
	require.NoError(t, json.Unmarshal([]byte(`{"receipt_id":"rc-a","status":0}`), &a))
	assert.Error(t, json.Unmarshal([]byte(`{"status":0}`), &a))
}

func TestDecodeOtherResponses(t *testing.T) {
	var sc bootpay.StandaloneCashReceipt
	require.NoError(t, json.Unmarshal([]byte(`{"receipt_id":"c","price":1000,"cash_receipt_data":{"cash_receipt_type":2}}`), &sc))
	assert.Equal(t, 2, sc.CashReceiptData.CashReceiptType)
	assert.Error(t, json.Unmarshal([]byte(`{"price":1000}`), &sc))

	var ut bootpay.UserToken
	require.NoError(t, json.Unmarshal([]byte(`{"user_token":"ut-1","expired_at":"2026-11-22T10:00:00+09:00"}`), &ut))
	assert.Equal(t, "ut-1", ut.Token.Reveal())
	assert.Error(t, json.Unmarshal([]byte(`{"expired_at":"2026-11-22T10:00:00+09:00"}`), &ut))

	var link bootpay.PaymentLink
	require.NoError(t, json.Unmarshal([]byte(`{"status":200,"data":"https://pay.example/l/1"}`), &link))
	assert.Equal(t, "https://pay.example/l/1", link.URL)
	require.NoError(t, json.Unmarshal([]byte(`{"url":"https://pay.example/l/2"}`), &link))
	assert.Equal(t, "https://pay.example/l/2", link.URL)
	for _, body := range []string{`{}`, `{"data":null}`, `{"data":"javascript:alert(1)"}`, `{"data":{"x":1}}`} {
		assert.Error(t, json.Unmarshal([]byte(body), &link), body)
	}

	var methods []bootpay.PaymentMethod
	require.NoError(t, json.Unmarshal([]byte(`[{"pg":"kcp","method":"vbank","extra":true}]`), &methods))
	assert.Equal(t, "kcp", methods[0].PG)
	assert.Contains(t, string(methods[0].RawJSON()), `"extra":true`)
	assert.Error(t, json.Unmarshal([]byte(`["card"]`), &methods))
}

// FuzzBillingKeyDecode: any input decodes to an error or to a billing key with its required fields,
// never a panic.
func FuzzBillingKeyDecode(f *testing.F) {
	for _, s := range []string{billingKeyJSON, `{"receipt_id":"r","status":41}`, `{"receipt_id":"r","status":11}`, `null`, `[]`,
		`{"receipt_id":"r","status":1e300}`, `{"receipt_id":"r","status":11,"billing_key":"k","receipt_data":{"receipt_id":"x","order_id":"o","price":-1,"status":1}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var k bootpay.BillingKey
		if json.Unmarshal(data, &k) != nil {
			return
		}
		if k.ReceiptID == "" {
			t.Fatal("decoded without receipt_id")
		}
		if k.Status == bootpay.StatusBillingKeyIssued && k.BillingKey == "" {
			t.Fatal("issued without a key")
		}
		_ = fmt.Sprintf("%v%+v%s", k, &k, k.BillingData)
	})
}

// FuzzCertificateDecode: any input decodes to an error or to a certificate with its required
// fields; Verified is true only at status 12.
func FuzzCertificateDecode(f *testing.F) {
	for _, s := range []string{certificateJSON, `{"receipt_id":"r","status":0}`, `{"receipt_id":"r","status":"12"}`, `{}`,
		`{"receipt_id":"r","status":12,"authenticate_data":null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var c bootpay.Certificate
		if json.Unmarshal(data, &c) != nil {
			return
		}
		if c.ReceiptID == "" {
			t.Fatal("decoded without receipt_id")
		}
		if c.Verified() != (c.Status == 12) {
			t.Fatal("verified outside status 12")
		}
		_ = fmt.Sprintf("%v%+v", c, &c)
	})
}
