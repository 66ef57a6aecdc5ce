package bootpay

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVerifyDefaultsToKRW: a VerifyParams that leaves Currency empty (as
// the package doc's own Verify example does) expects KRW, so a receipt of
// the order's amount that NAMES another currency does not pass, as
// Status's zero value is refused rather than left unchecked. A receipt
// with no currency is still read as KRW and passes.
func TestVerifyDefaultsToKRW(t *testing.T) {
	p := VerifyParams{ReceiptID: "r-1", OrderID: "o-1", Amount: 50000, Status: StatusPaid}
	r := &Receipt{ReceiptID: "r-1", OrderID: "o-1", Price: 50000, Status: StatusPaid, Currency: "VND"}
	err := r.Verify(p)
	var mismatch *MismatchError
	require.True(t, errors.As(err, &mismatch), "50,000 VND passed as a 50,000 won payment: %v", err)
	assert.True(t, mismatch.Has("currency"))
	assert.Equal(t, []Mismatch{{Field: "currency", Expected: "KRW", Actual: "VND"}}, mismatch.Mismatches)

	r.Currency = ""
	assert.NoError(t, r.Verify(p), "a receipt naming no currency is KRW")
	r.Currency = "KRW"
	assert.NoError(t, r.Verify(p))
}
