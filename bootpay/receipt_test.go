package bootpay

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/jsonx"
	"github.com/paykit-kr/paykit/internal/transport"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return b
}

func TestReceiptDecodesEveryField(t *testing.T) {
	raw := readFixture(t, "receipt_card.json")
	var r Receipt
	require.NoError(t, json.Unmarshal(raw, &r))

	assert.Equal(t, "62afc194e38c300021b345d4", r.ReceiptID)
	assert.Equal(t, "order-20261122-0001", r.OrderID)
	assert.Equal(t, int64(50000), r.Price.Int64())
	assert.Equal(t, int64(0), r.TaxFree.Int64())
	assert.Equal(t, int64(0), r.CancelledPrice.Int64())
	assert.Equal(t, int64(0), r.CancelledTaxFree.Int64())
	assert.Equal(t, "나이키 운동화 외 2건", r.OrderName)
	assert.Equal(t, "페이킷 상점", r.CompanyName)
	assert.Equal(t, "https://gw.bootpay.co.kr", r.GatewayURL)
	assert.Equal(t, "cart-77", r.Metadata["cart_id"])
	assert.Equal(t, map[string]any{"code": "WELCOME10", "rate": json.Number("10")}, r.Metadata["coupon"])
	assert.True(t, r.Sandbox)
	assert.Equal(t, "nicepay", r.PG)
	assert.Equal(t, "카드", r.Method)
	assert.Equal(t, "card", r.MethodSymbol)
	assert.Equal(t, "카드", r.MethodOrigin)
	assert.Equal(t, "card", r.MethodOriginSymbol)
	assert.Equal(t, "KRW", r.Currency)
	assert.Equal(t, "https://door.bootpay.co.kr/receipt/dGVzdA%3D%3D", r.ReceiptURL)
	assert.True(t, r.RequestedAt.Equal(time.Date(2026, 11, 22, 5, 3, 11, 0, time.UTC)))
	assert.True(t, r.PurchasedAt.Equal(time.Date(2026, 11, 22, 5, 5, 9, 0, time.UTC)))
	assert.True(t, r.CancelledAt.IsZero())
	assert.Equal(t, StatusPaid, r.Status)
	assert.Equal(t, "결제완료", r.StatusLocale)

	require.NotNil(t, r.CardData)
	assert.Equal(t, CardData{
		TID: "nictest00m01012611221405091234", ApproveNo: "30015482", CardNo: "5365-10**-****-1234",
		Quota: "00", CompanyCode: "04", Company: "현대", Interest: "0", Type: "신용", OwnerType: "개인",
		ReceiptURL:     "https://npg.nicepay.co.kr/issue/IssueLoader.do?TID=nictest00m01012611221405091234&type=0",
		Coupon:         1000,
		Point:          0,
		CancelledPoint: 0,
	}, *r.CardData)
	require.NotNil(t, r.CashReceiptData)
	require.NotNil(t, r.EscrowData)
	assert.True(t, r.EscrowData.ShippingStartedAt.IsZero())
	assert.Equal(t, "np-1", r.NaverPointData.TID)
	assert.Equal(t, "km-1", r.KakaoMoneyData.TID)
	assert.Equal(t, "pp-1", r.PaycoPointData.TID)
	assert.Equal(t, "tp-1", r.TossPointData.TID)
	assert.Nil(t, r.PhoneData)
	assert.Nil(t, r.BankData)

	// Fields the type does not name are kept in the raw JSON.
	var extra struct {
		UserData    map[string]string `json:"user_data"`
		FutureField string            `json:"future_field"`
	}
	require.NoError(t, json.Unmarshal(r.RawJSON(), &extra))
	assert.Equal(t, "홍길동", extra.UserData["username"])
	assert.Equal(t, "kept in RawJSON", extra.FutureField)
}

func TestReceiptDecodesLegacyShapes(t *testing.T) {
	var r Receipt
	require.NoError(t, json.Unmarshal(readFixture(t, "receipt_vbank_legacy.json"), &r))

	assert.Equal(t, int64(1000), r.Price.Int64(), "1000.0 decodes exactly")
	assert.Equal(t, int64(100), r.TaxFree.Int64(), "100.00 decodes exactly")
	assert.Equal(t, map[string]any{"source": "legacy"}, map[string]any(r.Metadata), "metadata sent as a string holding an object")
	assert.Equal(t, time.Date(2021, 8, 27, 11, 34, 23, 0, kst).Unix(), r.RequestedAt.Unix(), "zone-less layout is KST")
	assert.True(t, r.PurchasedAt.IsZero(), "empty string is the zero time")
	assert.Equal(t, StatusVirtualAccountIssued, r.Status)
	require.NotNil(t, r.VbankData)
	assert.Equal(t, AccountNumber("12345678901234"), r.VbankData.BankAccount)
	assert.True(t, r.VbankData.ExpiredAt.Equal(time.Date(2021, 8, 30, 14, 59, 59, 0, time.UTC)))
}

func TestAmountIsExact(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		err  bool
	}{
		{`1000`, 1000, false},
		{`1000.0`, 1000, false},
		{`1000.000`, 1000, false},
		{`1e3`, 1000, false},
		{`"1000"`, 1000, false},
		{`-500`, 0, true},
		{`9007199254740993`, 9007199254740993, false}, // above float64's exact range
		{`9007199254740993.0`, 9007199254740993, false},
		{`null`, 0, false},
		{`1000.5`, 0, true},
		{`0.1`, 0, true},
		{`1e-1`, 0, true},
		{`99999999999999999999`, 0, true},
		{`"abc"`, 0, true},
		{`true`, 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			var a Amount
			err := json.Unmarshal([]byte(tc.in), &a)
			if tc.err {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, a.Int64())
		})
	}
	var a Amount
	err := json.Unmarshal([]byte(`1000.5`), &a)
	assert.True(t, errors.Is(err, jsonx.ErrNotIntegral), "a fractional amount is never rounded: %v", err)

	// 1000 and 1000.0 are the same amount and equal an int64 from a database.
	var x, y Receipt
	require.NoError(t, json.Unmarshal([]byte(`{"receipt_id":"r","order_id":"o","status":1,"price":1000}`), &x))
	require.NoError(t, json.Unmarshal([]byte(`{"receipt_id":"r","order_id":"o","status":1,"price":1000.0}`), &y))
	assert.Equal(t, x.Price, y.Price)
	assert.Equal(t, int64(1000), y.Price.Int64())
}

func TestTimeLayouts(t *testing.T) {
	want := time.Date(2026, 11, 22, 5, 5, 9, 0, time.UTC)
	for _, in := range []string{
		`"2026-11-22T14:05:09+09:00"`,
		`"2026-11-22T05:05:09Z"`,
		`"2026-11-22T05:05:09.000Z"`,
		`"2026-11-22T14:05:09+0900"`,
		`"2026-11-22 14:05:09"`,
		`"2026-11-22T14:05:09"`,
		fmt.Sprint(want.Unix()),
	} {
		var tm Time
		require.NoError(t, json.Unmarshal([]byte(in), &tm), in)
		assert.True(t, tm.Equal(want), "%s decoded as %s", in, tm.Time)
	}
	for _, in := range []string{`""`, `null`} {
		var tm Time
		require.NoError(t, json.Unmarshal([]byte(in), &tm))
		assert.True(t, tm.IsZero(), in)
	}
	var tm Time
	assert.Error(t, json.Unmarshal([]byte(`"22/11/2026"`), &tm))
}

func TestStatusStringAndDecode(t *testing.T) {
	assert.Equal(t, "paid (결제완료)", StatusPaid.String())
	assert.Equal(t, "awaiting confirm (승인대기)", StatusAwaitingConfirm.String())
	assert.Equal(t, "cancelled (결제취소 완료)", StatusCancelled.String())
	assert.Equal(t, "Status(-61)", Status(-61).String())
	for in, want := range map[string]Status{`1`: StatusPaid, `2.0`: StatusAwaitingConfirm, `"20"`: StatusCancelled, `-61`: Status(-61)} {
		var s Status
		require.NoError(t, json.Unmarshal([]byte(in), &s), in)
		assert.Equal(t, want, s, in)
	}
}

func TestRemainingAndFullyCancelled(t *testing.T) {
	r := Receipt{Price: 10000, CancelledPrice: 3000, Status: StatusCancelled}
	assert.Equal(t, int64(7000), r.Remaining())
	assert.False(t, r.FullyCancelled(), "status 20 with a remainder is a partial cancel")
	r.CancelledPrice = 10000
	assert.True(t, r.FullyCancelled())
}

func TestNumbersPrintMasked(t *testing.T) {
	r := Receipt{
		CardData:  &CardData{CardNo: "5365101234561234"},
		VbankData: &BankData{BankAccount: "12345678901234"},
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(verb, *r.CardData) + fmt.Sprintf(verb, *r.VbankData)
		assert.NotContains(t, out, "5365101234561234", verb)
		assert.NotContains(t, out, "12345678901234", verb)
		assert.Contains(t, out, "1234", verb)
	}
	assert.Equal(t, "****-****-****-1234", CardNumber("5365-10**-****-1234").String(), "even the BIN of a gateway-masked number is hidden")
	assert.Equal(t, "************1234", CardNumber("5365101234561234").String())
	assert.Equal(t, "12345678901234", string(r.VbankData.BankAccount), "the value itself is intact")
	assert.False(t, strings.Contains(RefundAccount{BankCode: "004", BankAccount: "12345678901234", BankUsername: "홍길동"}.String(), "12345678901234"))
}

func TestNumbersMaskedForEveryVerb(t *testing.T) {
	n := CardNumber("5365101234561234")
	a := AccountNumber("12345678901234")
	for _, verb := range []string{"%v", "%s", "%q", "%x", "%X", "%d", "%+v", "%#v", "%10s"} {
		out := fmt.Sprintf(verb, n) + fmt.Sprintf(verb, a)
		assert.NotContains(t, out, "5365101234561234", verb)
		assert.NotContains(t, out, "12345678901234", verb)
		assert.NotContains(t, out, "35333635", verb, "hex of the digits")
	}
}

// TestAmountStrict: an amount is a JSON number with an integral value
// (bare or inside a string) and never negative; every other form is a
// decoding error, never a guess.
func TestAmountStrict(t *testing.T) {
	for in, want := range map[string]int64{
		`1000`: 1000, `1000.0`: 1000, `1e3`: 1000, `1.0E3`: 1000, `"1000"`: 1000, `0`: 0, `-0`: 0, `null`: 0,
	} {
		var a Amount
		if assert.NoError(t, json.Unmarshal([]byte(in), &a), in) {
			assert.Equal(t, want, a.Int64(), in)
		}
	}
	for in, want := range map[string]error{
		`"0x3e8"`: jsonx.ErrNotNumber, `"0b1111101000"`: jsonx.ErrNotNumber, `"+1000"`: jsonx.ErrNotNumber,
		`"2000/2"`: jsonx.ErrNotNumber, `"0100"`: jsonx.ErrNotNumber, `""`: jsonx.ErrNotNumber,
		`"1000.5"`: jsonx.ErrNotIntegral, `1000.5`: jsonx.ErrNotIntegral,
		`1e19`: jsonx.ErrOutOfRange, `1e1000000000`: jsonx.ErrOutOfRange,
		`-1`: errNegativeAmount, `-1000.0`: errNegativeAmount, `"-1"`: errNegativeAmount,
	} {
		a := Amount(7)
		err := json.Unmarshal([]byte(in), &a)
		assert.ErrorIs(t, err, want, in)
		assert.Equal(t, Amount(7), a, "%s: a refused amount leaves the value alone", in)
		if err != nil {
			assert.True(t, strings.HasPrefix(err.Error(), "bootpay: amount "), err.Error())
		}
	}
}

// TestNegativeAmountInEveryField: each field of type Amount refuses a
// negative value inside a whole receipt.
func TestNegativeAmountInEveryField(t *testing.T) {
	for _, doc := range []string{
		`{"price":-1000}`, `{"tax_free":-1}`, `{"cancelled_price":-500}`, `{"cancelled_tax_free":-1}`,
		`{"card_data":{"point":-1}}`, `{"card_data":{"cancelled_point":-1}}`,
		`{"card_data":{"coupon":-1}}`, `{"card_data":{"cancelled_coupon":-1}}`,
	} {
		// The required fields come first, so only the negative amount is
		// wrong (a later duplicate key wins in encoding/json).
		doc = `{"receipt_id":"r-1","order_id":"o-1","price":1000,"status":1,` + doc[1:]
		var r Receipt
		assert.ErrorIs(t, json.Unmarshal([]byte(doc), &r), errNegativeAmount, doc)
	}
}

// TestStatusStrict: a status code follows the same grammar as an amount
// (negative codes are real: -1, -20); "" is no longer read as 0, 결제대기.
func TestStatusStrict(t *testing.T) {
	for in, want := range map[string]Status{`1`: StatusPaid, `1.0`: StatusPaid, `"2"`: StatusAwaitingConfirm, `-20`: StatusCancelFailed} {
		var s Status
		if assert.NoError(t, json.Unmarshal([]byte(in), &s), in) {
			assert.Equal(t, want, s, in)
		}
	}
	for _, in := range []string{`""`, `"0x1"`, `"+1"`, `01`, `1.5`, `"paid"`, `1e19`} {
		s := Status(99)
		err := json.Unmarshal([]byte(in), &s)
		assert.Error(t, err, in)
		assert.Equal(t, Status(99), s, in)
	}
}

// TestTimeStrict: a time outside the years 1970 to 9999 (in KST or UTC),
// or one json.Marshal could not write, is a decoding error; every time
// that decodes re-encodes.
func TestTimeStrict(t *testing.T) {
	for _, in := range []string{
		`1000000000000000`, // milliseconds of the year 33658
		`1e300`, `-1`, `"0000-01-01"`, `"1969-12-31 23:59:59"`, `"9999-12-31T23:59:59-01:00"`,
		`"2026-11-22T14:05:09+24:00"`, `"2026-11-22 14:05:09 PST"`, `253402300799999`,
	} {
		var tm Time
		err := json.Unmarshal([]byte(in), &tm)
		assert.Error(t, err, in)
		if err != nil {
			assert.True(t, strings.HasPrefix(err.Error(), "bootpay: time "), err.Error())
		}
		assert.True(t, tm.IsZero(), in)

		var r Receipt
		assert.Error(t, json.Unmarshal([]byte(`{"purchased_at":`+in+`}`), &r), in)
	}
	for _, in := range []string{`1795842309`, `1795842309123`, `"2026-11-22 14:05:09"`, `"2026-11-22 14:05:09 KST"`, `"9999-12-31T23:59:59+09:00"`} {
		var tm Time
		require.NoError(t, json.Unmarshal([]byte(in), &tm), in)
		_, err := json.Marshal(tm)
		assert.NoError(t, err, in)
	}
}

// TestDecodeErrorsQuoteAShortPrefix: a 100 KB bad value is not echoed into
// the error.
func TestDecodeErrorsQuoteAShortPrefix(t *testing.T) {
	huge := strings.Repeat("7", 100<<10)
	for _, doc := range []string{
		`{"price":"` + huge + `x"}`, `{"price":` + huge + `}`, `{"price":{"x":"` + huge + `"}}`,
		`{"price":` + huge + `.5}`, `{"price":` + huge + `.0}`, `{"price":"` + huge + `.5"}`,
		`{"status":"` + huge + `"}`, `{"requested_at":"` + huge + `"}`, `{"requested_at":` + huge + `}`,
	} {
		var r Receipt
		err := json.Unmarshal([]byte(doc), &r)
		require.Error(t, err, "%.30s", doc)
		assert.Less(t, len(err.Error()), 120, "%.200s", err)
	}
}

// TestOutOfRangeTimeIsDecodeError: a 200 whose receipt holds a time
// json.Marshal cannot write reaches the caller as *DecodeError, with the
// package prefix and a short text.
func TestOutOfRangeTimeIsDecodeError(t *testing.T) {
	ws := newWireServer(t)
	c := ws.client(t, BasicAuth("client-key", "secret-key"))
	receipt := strings.Replace(string(readFixture(t, "receipt_card.json")), `"requested_at"`, `"requested_at":1000000000000000,"x"`, 1)
	ws.then(http.StatusOK, receipt)

	r, err := c.Receipts.Get(t.Context(), "62afc194e38c300021b345d4")
	assert.Nil(t, r)
	var derr *DecodeError
	require.True(t, errors.As(err, &derr), "%v", err)
	assert.Equal(t, "receipts.get", derr.Op)
	assert.ErrorIs(t, err, jsonx.ErrOutOfRange)
	assert.True(t, strings.HasPrefix(err.Error(), "bootpay: receipts.get: "), err.Error())
	assert.Len(t, ws.requests(), 1)
}

// The client decodes a response with transport.DecodeJSON, which hands the
// body straight to Receipt.UnmarshalJSON: it must accept and refuse exactly
// what json.Unmarshal does.
func TestReceiptDecodeJSONMatchesUnmarshal(t *testing.T) {
	for _, name := range []string{"receipt_card.json", "receipt_vbank_legacy.json"} {
		body := readFixture(t, name)
		var viaStd, viaClient Receipt
		require.NoError(t, json.Unmarshal(body, &viaStd), name)
		require.NoError(t, transport.DecodeJSON(body, &viaClient), name)
		assert.Equal(t, viaStd, viaClient, name)
	}
}

func TestReceiptDecodeJSONRefusesWhatUnmarshalRefuses(t *testing.T) {
	body := string(readFixture(t, "receipt_card.json"))
	for name, bad := range map[string]string{
		"trailing data":       body + ` {"receipt_id": "other"}`,
		"trailing garbage":    body + " x",
		"cut short":           body[:len(body)/2],
		"metadata array":      strings.Replace(body, `"metadata": {"cart_id"`, `"metadata": [1], "x": {"cart_id"`, 1),
		"metadata number":     strings.Replace(body, `"metadata": {"cart_id"`, `"metadata": 7, "x": {"cart_id"`, 1),
		"metadata bad string": strings.Replace(body, `"metadata": {"cart_id"`, `"metadata": "[1]", "x": {"cart_id"`, 1),
	} {
		var viaStd, viaClient Receipt
		assert.Error(t, json.Unmarshal([]byte(bad), &viaStd), name)
		assert.Error(t, transport.DecodeJSON([]byte(bad), &viaClient), name)
	}
	var r Receipt
	require.NoError(t, transport.DecodeJSON([]byte("\n"+body+"\r\n"), &r), "white space around the body is JSON")
	assert.Equal(t, Amount(50000), r.Price)
}

func TestMetadataNullOrEmptyIsNil(t *testing.T) {
	body := string(readFixture(t, "receipt_card.json"))
	for _, v := range []string{`null`, `""`} {
		var r Receipt
		require.NoError(t, transport.DecodeJSON([]byte(strings.Replace(body, `"metadata": {"cart_id"`, `"metadata": `+v+`, "x": {"cart_id"`, 1)), &r), v)
		assert.Nil(t, r.Metadata, v)
	}
}

// The client decodes a 2xx body with decodeResponse, which hands a Receipt
// the response's own buffer: it must accept and refuse exactly what
// json.Unmarshal does, and give the same Receipt, raw JSON included.
func TestDecodeResponseMatchesUnmarshal(t *testing.T) {
	card := string(readFixture(t, "receipt_card.json"))
	for name, body := range map[string]string{
		"card":                             card,
		"vbank legacy":                     string(readFixture(t, "receipt_vbank_legacy.json")),
		"white space":                      "\n " + card + "\r\n\t",
		"trailing data":                    card + ` {"receipt_id": "other"}`,
		"cut short":                        card[:len(card)/2],
		"metadata array":                   strings.Replace(card, `"metadata": {"cart_id"`, `"metadata": [1], "x": {"cart_id"`, 1),
		"form feed (not JSON white space)": "\f" + card,
		"no receipt_id":                    strings.Replace(card, `"receipt_id"`, `"receipt_idx"`, 1),
	} {
		var viaStd, viaClient Receipt
		stdErr := json.Unmarshal([]byte(body), &viaStd)
		err := decodeResponse([]byte(body), &viaClient)
		if stdErr != nil {
			assert.Error(t, err, name)
			continue
		}
		require.NoError(t, err, name)
		assert.Equal(t, viaStd, viaClient, name)
		assert.JSONEq(t, body, string(viaClient.RawJSON()), name)
		assert.Equal(t, strings.TrimSpace(body), string(viaClient.RawJSON()), name+": the body as received, white space around it cut")
	}
}

// A Receipt keeps the response's own buffer as its raw JSON, and RawJSON
// still hands out copies: what a caller does to one changes neither the
// Receipt nor the next copy.
func TestDecodeResponseKeepsTheBodyAndHandsOutCopies(t *testing.T) {
	body := bytes.TrimSpace(readFixture(t, "receipt_card.json"))
	var r Receipt
	require.NoError(t, decodeResponse(body, &r))
	first := r.RawJSON()
	require.Equal(t, string(body), string(first))
	for i := range first {
		first[i] = 'x'
	}
	assert.Equal(t, string(body), string(r.RawJSON()))
}

// Other results go through transport.DecodeJSON unchanged.
func TestDecodeResponseOtherTypes(t *testing.T) {
	var m map[string]any
	require.NoError(t, decodeResponse([]byte(` {"a": 1} `), &m))
	assert.Equal(t, map[string]any{"a": float64(1)}, m)
	assert.Error(t, decodeResponse([]byte(`{"a": `), &m))
}
