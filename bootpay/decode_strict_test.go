package bootpay

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/jsonx"
)

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
