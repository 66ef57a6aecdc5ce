package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/reconcile"
)

// A side that says it was cancelled IN FULL but cannot tell the amount
// (CancelledUnknown, which the Record docs offer to any side that cannot
// tell its cancelled amount: a merchant that marks an order refunded
// without recording how much is the honest case) says the buyer got
// everything back. The other side's paid record with nothing cancelled, or
// a partial cancel, contradicts that as surely as two known amounts would:
// the gateway still holds money the merchant believes refunded (or the
// buyer has a refund the merchant never recorded). Setting
// CancelledUnknown must not bypass the rule that compares a cancelled
// status without an amount (TestCompareCancelledStatusWithoutAnAmount).
// Only a full cancel on the other side, known or not, agrees.
func TestCompareFullCancelOfUnknownAmountAgainstLess(t *testing.T) {
	var (
		fullUnknown = func(source string) reconcile.Record {
			return reconcile.Record{Key: "k", Amount: 10000, Status: reconcile.StatusCancelled, CancelledUnknown: true, SourceStatus: source, At: dayAt}
		}
		paidNothing = reconcile.Record{Key: "k", Amount: 10000, Status: reconcile.StatusPaid, SourceStatus: "PAID", At: dayAt}
		partial     = reconcile.Record{Key: "k", Amount: 10000, Cancelled: 3000, Status: reconcile.StatusPartiallyCancelled, SourceStatus: "PARTIAL_CANCELLED", At: dayAt}
		fullAmount  = reconcile.Record{Key: "k", Amount: 10000, Cancelled: 10000, Status: reconcile.StatusCancelled, SourceStatus: "CANCELLED", At: dayAt}
		paidUnknown = reconcile.Record{Key: "k", Amount: 10000, Status: reconcile.StatusPaid, CancelledUnknown: true, SourceStatus: "2/1", At: dayAt}
	)
	for _, tc := range []struct {
		name    string
		g, m    reconcile.Record
		differs bool
	}{
		{"merchant refunded (amount unknown), gateway paid nothing cancelled", paidNothing, fullUnknown("refunded"), true},
		{"merchant refunded (amount unknown), gateway cancelled 3000 of 10000", partial, fullUnknown("refunded"), true},
		{"gateway cancelled in full (amount unknown), merchant paid nothing cancelled", fullUnknown("cancelled"), paidNothing, true},
		{"gateway cancelled in full (amount unknown), merchant cancelled 3000 of 10000", fullUnknown("cancelled"), partial, true},
		{"both unknown: merchant refunded, gateway still holds something", paidUnknown, fullUnknown("refunded"), true},
		{"merchant refunded (amount unknown), gateway cancelled 10000", fullAmount, fullUnknown("refunded"), false},
		{"both cancelled in full, amounts unknown", fullUnknown("cancelled"), fullUnknown("refunded"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			found := runDay(t, streamOf{tc.g}, tc.m)
			if !tc.differs {
				require.Empty(t, found)
				return
			}
			require.Equal(t, []reconcile.Kind{reconcile.CancelledDiffers}, kindsOf(found), "%v", found)
		})
	}
}
