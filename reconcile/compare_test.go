package reconcile_test

import (
	"context"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// day is one KST business day.
var day = reconcile.Period{
	From:  time.Date(2026, 3, 1, 0, 0, 0, 0, time.FixedZone("KST", 9*3600)),
	Until: time.Date(2026, 3, 2, 0, 0, 0, 0, time.FixedZone("KST", 9*3600)),
}

// dayAt is a moment inside day.
var dayAt = day.From.Add(3 * time.Hour)

// runDay reconciles day to its end and returns what it reported; an error
// fails the test.
func runDay(t *testing.T, g reconcile.Gateway, merchant ...reconcile.Record) []reconcile.Discrepancy {
	t.Helper()
	return collect(t, reconcile.Run(ctx, g, reconciletest.NewMemory(slices.Values(merchant)), day, reconcile.Options{}))
}

// drainDay reconciles day to its end and returns what it reported and
// the last error it yielded.
func drainDay(g reconcile.Gateway, merchant ...reconcile.Record) ([]reconcile.Discrepancy, error) {
	var got []reconcile.Discrepancy
	var runErr error
	for d, err := range reconcile.Run(ctx, g, reconciletest.NewMemory(slices.Values(merchant)), day, reconcile.Options{}) {
		if err != nil {
			runErr = err
			continue
		}
		got = append(got, d)
	}
	return got, runErr
}

// streamOf is a gateway whose stream yields its records in order and
// whose lookup finds none.
type streamOf []reconcile.Record

func (s streamOf) Payments(context.Context, reconcile.Period) iter.Seq2[reconcile.Record, error] {
	return func(yield func(reconcile.Record, error) bool) {
		for _, r := range s {
			if !yield(r, nil) {
				return
			}
		}
	}
}

func (streamOf) Lookup(context.Context, string) (reconcile.Record, bool, error) {
	return reconcile.Record{}, false, nil
}

// kindsOf lists the kinds found, in order.
func kindsOf(found []reconcile.Discrepancy) []reconcile.Kind {
	var out []reconcile.Kind
	for _, d := range found {
		out = append(out, d.Kind)
	}
	return out
}

// A Commerce order still in 결제완료 (status 2, receipt_status 1) has, by
// the adapter's own reading, something left that was not cancelled. The
// merchant's database says it refunded the order in full: the merchant
// believes the buyer got the money back while the gateway still holds it.
// The gateway's record is CancelledUnknown, and that must not hide the
// difference: CancelledDiffers, with both records.
func TestCompareCommercePaidOrderAgainstAFullRefund(t *testing.T) {
	srv, c := newCommerce(t)
	srv.CreateOrder(commercetest.OrderSpec{OrderNumber: "cmp-paid", Price: 10000, CreatedAt: dayAt})

	found := runDay(t, reconcile.Commerce(c), reconcile.Record{
		Key: "cmp-paid", Amount: 10000, Cancelled: 10000, Status: reconcile.StatusCancelled, SourceStatus: "refunded", At: dayAt,
	})

	require.NotEmpty(t, found, "gateway order 결제완료 (not cancelled in full) vs merchant fully refunded: no discrepancy")
	require.Len(t, found, 1)
	d := found[0]
	require.Equal(t, reconcile.CancelledDiffers, d.Kind)
	require.NotNil(t, d.Gateway)
	require.NotNil(t, d.Merchant)
	require.True(t, d.Gateway.CancelledUnknown)
	require.Equal(t, "2/1", d.Gateway.SourceStatus)
	require.Equal(t, int64(10000), d.Merchant.Cancelled)
	require.Equal(t, "cancelled_differs cmp-paid: gateway ?, merchant 10000", d.String(), "an unknown cancelled amount is not printed as 0")
}

// What a side that cannot tell its cancelled amount (CancelledUnknown)
// still tells is compared, on either side: paid, something is left, so a
// full cancel on the other side (its status, or its amount) differs;
// partially cancelled, something was cancelled, so the other side's paid
// record with nothing cancelled differs too. Amounts the unknown side can
// have, and two unknown sides, are not reported.
func TestCompareCancelledUnknownAgainstTheOtherSide(t *testing.T) {
	paid := func(status reconcile.Status, cancelled int64, unknown bool) reconcile.Record {
		return reconcile.Record{Key: "k", Amount: 10000, Cancelled: cancelled, CancelledUnknown: unknown,
			Status: status, SourceStatus: string(status), At: dayAt}
	}
	var (
		paidUnknown    = paid(reconcile.StatusPaid, 0, true)
		partialUnknown = paid(reconcile.StatusPartiallyCancelled, 0, true)
		fullStatus     = paid(reconcile.StatusCancelled, 0, false) // a merchant that records no amount
		fullAmount     = paid(reconcile.StatusPaid, 10000, false)  // paid in name, refunded in full
		partial        = paid(reconcile.StatusPartiallyCancelled, 3000, false)
		nothing        = paid(reconcile.StatusPaid, 0, false)
		partialNoSum   = paid(reconcile.StatusPartiallyCancelled, 0, false)
	)
	zero := func(r reconcile.Record) reconcile.Record { r.Amount = 0; return r }
	for _, tc := range []struct {
		name              string
		gateway, merchant reconcile.Record
		differs           bool
	}{
		{"paid unknown vs cancelled status", paidUnknown, fullStatus, true},
		{"paid unknown vs cancelled amount", paidUnknown, fullAmount, true},
		{"paid unknown vs partial", paidUnknown, partial, false},
		{"paid unknown vs nothing cancelled", paidUnknown, nothing, false},
		{"partial unknown vs cancelled status", partialUnknown, fullStatus, true},
		{"partial unknown vs nothing cancelled", partialUnknown, nothing, true},
		{"partial unknown vs partial", partialUnknown, partial, false},
		{"partial unknown vs partial without a sum", partialUnknown, partialNoSum, false},
		{"merchant unknown vs gateway cancelled", fullStatus, paidUnknown, true},
		{"merchant partial unknown vs gateway nothing", nothing, partialUnknown, true},
		{"both unknown", paidUnknown, partialUnknown, false},
		{"zero amounts, nothing cancelled", zero(paidUnknown), zero(nothing), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			found := runDay(t, streamOf{tc.gateway}, tc.merchant)
			if !tc.differs {
				require.Empty(t, found)
				return
			}
			require.Equal(t, []reconcile.Kind{reconcile.CancelledDiffers}, kindsOf(found))
			require.Equal(t, tc.gateway, *found[0].Gateway)
			require.Equal(t, tc.merchant, *found[0].Merchant)
		})
	}
}

// A PortOne payment of 10,000 in USD (USD 100.00) or JPY against the
// merchant's order of 10,000 won: the same number in another currency (a
// tampered request, 위변조) is CurrencyDiffers, while the KRW payment beside
// them, against a merchant record that names no currency, is not.
func TestComparePortOneCurrencyIsCompared(t *testing.T) {
	srv, c := newPortOne(t)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "cmp-usd", Total: 10000, Currency: portone.CurrencyUSD, RequestedAt: dayAt})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "cmp-jpy", Total: 10000, Currency: portone.CurrencyJPY, RequestedAt: dayAt})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "cmp-krw", Total: 10000, Currency: portone.CurrencyKRW, RequestedAt: dayAt})

	found := runDay(t, sandboxPortOne(c),
		reconcile.Record{Key: "cmp-usd", Amount: 10000, Status: reconcile.StatusPaid, SourceStatus: "paid", At: dayAt},
		reconcile.Record{Key: "cmp-jpy", Amount: 10000, Status: reconcile.StatusPaid, SourceStatus: "paid", At: dayAt},
		reconcile.Record{Key: "cmp-krw", Amount: 10000, Status: reconcile.StatusPaid, SourceStatus: "paid", At: dayAt})

	keys := map[string]bool{}
	for _, d := range found {
		keys[d.Key] = true
	}
	require.True(t, keys["cmp-usd"] && keys["cmp-jpy"], "payments in USD/JPY matched a KRW order of the same number: %v", found)
	require.Len(t, found, 2, "KRW against a record naming no currency is no discrepancy: %v", found)
	for _, d := range found {
		require.Equal(t, reconcile.CurrencyDiffers, d.Kind)
		require.Empty(t, d.Merchant.Currency)
	}
	byKey := map[string]string{}
	for _, d := range found {
		byKey[d.Key] = d.String()
	}
	require.Equal(t, "currency_differs cmp-usd: gateway USD 10000, merchant KRW 10000", byKey["cmp-usd"])
}

// A Bootpay receipt names its currency too: a receipt in USD against the
// merchant's won is CurrencyDiffers; a receipt in KRW against a record
// naming none is not.
func TestCompareBootpayCurrencyIsCompared(t *testing.T) {
	srv, c := newBootpay(t)
	srv.CreateReceipt(bootpaytest.ReceiptSpec{ReceiptID: "cmpusd0000000000000000aa", Price: 10000, Currency: "USD", RequestedAt: dayAt,
		Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	srv.CreateReceipt(bootpaytest.ReceiptSpec{ReceiptID: "cmpkrw0000000000000000aa", Price: 10000, RequestedAt: dayAt,
		Status: bootpaytest.Ptr(bootpay.StatusPaid)})

	found := runDay(t, reconcile.Bootpay(c),
		reconcile.Record{Key: "cmpusd0000000000000000aa", Amount: 10000, Status: reconcile.StatusPaid, SourceStatus: "paid", At: dayAt},
		reconcile.Record{Key: "cmpkrw0000000000000000aa", Amount: 10000, Status: reconcile.StatusPaid, SourceStatus: "paid", At: dayAt})

	require.Len(t, found, 1, "%v", found)
	require.Equal(t, reconcile.CurrencyDiffers, found[0].Kind)
	require.Equal(t, "cmpusd0000000000000000aa", found[0].Key)
	require.Equal(t, "USD", found[0].Gateway.Currency)
}

// Currencies are compared with "" read as KRW and in any case ("krw" is
// KRW), on both sides, alongside the other kinds: an amount and a currency
// that both differ are two discrepancies.
func TestCompareCurrencyReadsEmptyAsKRW(t *testing.T) {
	rec := func(currency string, amount int64) reconcile.Record {
		return reconcile.Record{Key: "k", Amount: amount, Currency: currency, Status: reconcile.StatusPaid, SourceStatus: "paid", At: dayAt}
	}
	for _, tc := range []struct {
		gateway, merchant reconcile.Record
		want              []reconcile.Kind
	}{
		{rec("", 1000), rec("KRW", 1000), nil},
		{rec("KRW", 1000), rec("", 1000), nil},
		{rec("USD", 1000), rec("USD", 1000), nil},
		{rec("KRW", 1000), rec("krw", 1000), nil},
		{rec("", 1000), rec("krw", 1000), nil},
		{rec("USD", 1000), rec("usd", 1000), nil},
		{rec("USD", 1000), rec("krw", 1000), []reconcile.Kind{reconcile.CurrencyDiffers}},
		{rec("", 1000), rec("USD", 1000), []reconcile.Kind{reconcile.CurrencyDiffers}},
		{rec("USD", 1000), rec("", 1100), []reconcile.Kind{reconcile.AmountDiffers, reconcile.CurrencyDiffers}},
	} {
		found := runDay(t, streamOf{tc.gateway}, tc.merchant)
		require.Equal(t, tc.want, kindsOf(found), "gateway %q, merchant %q", tc.gateway.Currency, tc.merchant.Currency)
	}
}
