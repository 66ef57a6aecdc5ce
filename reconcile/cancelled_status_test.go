package reconcile_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
)

// A merchant that marks an order refunded without recording the amount
// (its cancelled column left at 0) believes the buyer got the money back,
// while PortOne holds every won of it: PAID, nothing cancelled. Both
// sides know their cancelled amounts (0 and 0), yet the statuses say
// different things: cancelled in full, or something cancelled, against
// nothing cancelled. CancelledDiffers, as the CancelledUnknown path
// already reports (TestCompareCancelledUnknownAgainstTheOtherSide).
func TestCompareCancelledStatusWithoutAnAmount(t *testing.T) {
	srv, c := newPortOne(t)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "cs-full", Total: 10000, RequestedAt: dayAt})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "cs-part", Total: 10000, RequestedAt: dayAt})

	found := runDay(t, sandboxPortOne(c),
		reconcile.Record{Key: "cs-full", Amount: 10000, Status: reconcile.StatusCancelled, SourceStatus: "cancelled", At: dayAt},
		reconcile.Record{Key: "cs-part", Amount: 10000, Status: reconcile.StatusPartiallyCancelled, SourceStatus: "partially_cancelled", At: dayAt})

	keys := map[string]reconcile.Kind{}
	for _, d := range found {
		keys[d.Key] = d.Kind
	}
	require.Equal(t, map[string]reconcile.Kind{"cs-full": reconcile.CancelledDiffers, "cs-part": reconcile.CancelledDiffers}, keys,
		"gateway PAID with nothing cancelled vs merchant refunded (no amount recorded): %v", found)
}

// The mirror: the gateway's record says cancelled in full (a Gateway of the
// caller's own, or a reply whose amount.cancelled is missing and decodes
// as 0) while the merchant ships as paid with nothing cancelled.
func TestCompareGatewayCancelledWithoutAnAmount(t *testing.T) {
	g := reconcile.Record{Key: "k", Amount: 10000, Status: reconcile.StatusCancelled, SourceStatus: "CANCELLED", At: dayAt}
	m := reconcile.Record{Key: "k", Amount: 10000, Status: reconcile.StatusPaid, SourceStatus: "paid", At: dayAt}

	found := runDay(t, streamOf{g}, m)

	require.Equal(t, []reconcile.Kind{reconcile.CancelledDiffers}, kindsOf(found))
}

// cancelShape is what a gateway's record of a 10,000 payment says was
// cancelled.
type cancelShape string

const (
	shapeNothing      cancelShape = "nothing cancelled"
	shapePartial      cancelShape = "3000 cancelled"
	shapeFull         cancelShape = "cancelled in full"
	shapeFullNoSum    cancelShape = "cancelled, no amount"
	shapePartialNoSum cancelShape = "partly cancelled, no amount"
)

// cancelMerchants are the merchant's records of a 10,000 payment: what
// each says was cancelled, by its status and its amount.
var cancelMerchants = map[string]reconcile.Record{
	"nothing":                  {Amount: 10000, Status: reconcile.StatusPaid, SourceStatus: "paid"},
	"refunded, no sum":         {Amount: 10000, Status: reconcile.StatusCancelled, SourceStatus: "refunded"},
	"partly refunded, no sum":  {Amount: 10000, Status: reconcile.StatusPartiallyCancelled, SourceStatus: "partly_refunded"},
	"partly refunded 3000":     {Amount: 10000, Cancelled: 3000, Status: reconcile.StatusPartiallyCancelled, SourceStatus: "partly_refunded"},
	"refunded 10000":           {Amount: 10000, Cancelled: 10000, Status: reconcile.StatusCancelled, SourceStatus: "refunded"},
	"paid in name, 10000 back": {Amount: 10000, Cancelled: 10000, Status: reconcile.StatusPaid, SourceStatus: "paid"},
}

// agrees names, for each gateway shape, the merchant records that tell
// the same story; every other one differs.
var agrees = map[cancelShape][]string{
	shapeNothing:      {"nothing"},
	shapePartial:      {"partly refunded 3000"},
	shapeFull:         {"refunded 10000", "paid in name, 10000 back"},
	shapeFullNoSum:    {"refunded, no sum"},
	shapePartialNoSum: {"partly refunded, no sum"},
}

// cancelGateway is one gateway holding payments of the shapes it can
// produce, each under the key add returns.
type cancelGateway struct {
	name   string
	shapes []cancelShape
	start  func(t *testing.T) (g reconcile.Gateway, add func(key string, s cancelShape))
}

var cancelGateways = []cancelGateway{
	{"PortOne", []cancelShape{shapeNothing, shapePartial, shapeFull}, func(t *testing.T) (reconcile.Gateway, func(string, cancelShape)) {
		srv, c := newPortOne(t)
		status := map[cancelShape]portone.PaymentStatus{shapeNothing: portone.PaymentStatusPaid,
			shapePartial: portone.PaymentStatusPartialCancelled, shapeFull: portone.PaymentStatusCancelled}
		return sandboxPortOne(c), func(key string, s cancelShape) {
			spec := portonetest.PaymentSpec{ID: key, Total: 10000, Status: status[s], RequestedAt: dayAt}
			if s == shapePartial {
				spec.Cancelled = 3000
			}
			srv.CreatePayment(spec)
		}
	}},
	{"Bootpay", []cancelShape{shapeNothing, shapePartial, shapeFull}, func(t *testing.T) (reconcile.Gateway, func(string, cancelShape)) {
		srv, c := newBootpay(t)
		return reconcile.Bootpay(c), func(key string, s cancelShape) {
			spec := bootpaytest.ReceiptSpec{ReceiptID: key, Price: 10000, RequestedAt: dayAt, Status: bootpaytest.Ptr(bootpay.StatusPaid)}
			switch s {
			case shapePartial:
				spec.Status, spec.CancelledPrice = bootpaytest.Ptr(bootpay.StatusCancelled), 3000
			case shapeFull:
				spec.Status = bootpaytest.Ptr(bootpay.StatusCancelled) // CancelledPrice 0: in full
			}
			srv.CreateReceipt(spec)
		}
	}},
	// A Commerce order knows its cancelled amount only when cancelled in
	// full (10 취소완료 with 20); a paid one is CancelledUnknown
	// (TestCompareCancelledUnknownAgainstTheOtherSide).
	{"Commerce", []cancelShape{shapeFull}, func(t *testing.T) (reconcile.Gateway, func(string, cancelShape)) {
		srv, c := newCommerce(t)
		return reconcile.Commerce(c), func(key string, _ cancelShape) {
			srv.CreateOrder(commercetest.OrderSpec{OrderNumber: key, Price: 10000, CreatedAt: dayAt,
				Status: commercetest.Ptr(commerce.OrderCancelled), ReceiptStatus: commercetest.Ptr(commerce.ReceiptCancelled)})
		}
	}},
	// A Gateway of the caller's own, or a PortOne reply whose
	// amount.cancelled is missing: a cancelled status, no amount.
	{"own", []cancelShape{shapeNothing, shapePartialNoSum, shapeFullNoSum}, func(*testing.T) (reconcile.Gateway, func(string, cancelShape)) {
		var g streamOf
		status := map[cancelShape]reconcile.Status{shapeNothing: reconcile.StatusPaid,
			shapePartialNoSum: reconcile.StatusPartiallyCancelled, shapeFullNoSum: reconcile.StatusCancelled}
		return &g, func(key string, s cancelShape) {
			g = append(g, reconcile.Record{Key: key, Amount: 10000, Status: status[s], SourceStatus: string(status[s]), At: dayAt})
		}
	}},
}

// When both sides know their cancelled amounts, what their statuses say
// is compared too, in both directions and on every gateway's shape: a
// side cancelled in full (by status, or an amount reaching the total)
// against one that is not, and a side that says something was cancelled
// against one that says nothing was, are CancelledDiffers even when the
// amounts are equal. Records that tell the same story are not reported.
func TestCompareKnownCancelledAmountsAndStatuses(t *testing.T) {
	for _, gw := range cancelGateways {
		t.Run(gw.name, func(t *testing.T) {
			g, add := gw.start(t)
			var merchant []reconcile.Record
			want := map[string]bool{}
			n := 0
			for _, s := range gw.shapes {
				for _, name := range slices.Sorted(maps.Keys(cancelMerchants)) {
					n++
					key := fmt.Sprintf("c%023d", n) // a valid Bootpay receipt id too
					add(key, s)
					m := cancelMerchants[name]
					m.Key, m.At = key, dayAt
					merchant = append(merchant, m)
					want[string(s)+" vs "+name] = !slices.Contains(agrees[s], name)
				}
			}

			found := runDay(t, g, merchant...)

			reported := map[string]reconcile.Kind{}
			for _, d := range found {
				reported[d.Key] = d.Kind
			}
			got := map[string]bool{}
			n = 0
			for _, s := range gw.shapes {
				for _, name := range slices.Sorted(maps.Keys(cancelMerchants)) {
					n++
					kind, ok := reported[fmt.Sprintf("c%023d", n)]
					require.True(t, !ok || kind == reconcile.CancelledDiffers, "%s vs %s: %s", s, name, kind)
					got[string(s)+" vs "+name] = ok
				}
			}
			require.Equal(t, want, got)
			require.Len(t, found, len(reported), "one discrepancy per payment")
		})
	}
}
