package reconcile_test

import (
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
	"github.com/paykit-kr/paykit/reconcile/reconciletest"
)

// Test-mode payments in a reconciliation.
//
// A Bootpay receipt with sandbox: true and a PortOne payment through a
// TEST channel moved no money: both gateways' Verify refuse them unless
// the caller opts in (bootpay.VerifyParams.AllowSandbox,
// portone.VerifyParams.AllowTest). A merchant that recorded one as paid
// (a staging key in production, an AcceptTestPayments flag left on)
// shipped goods for no money, which is what a reconciliation exists to
// find (MissingAtGateway: "goods shipped, no money"). The adapters must
// not place such a payment in the same status as a real one, or the run
// matches the two and reports nothing.

// requireReported runs a reconciliation of the one merchant record and
// requires a discrepancy about it.
func requireReported(t *testing.T, g reconcile.Gateway, merchant reconcile.Record) {
	t.Helper()
	period := reconcile.Period{From: time.Now().Add(-time.Hour), Until: time.Now().Add(time.Hour)}
	found := collect(t, reconcile.Run(ctx, g, reconciletest.NewMemory(slices.Values([]reconcile.Record{merchant})), period, reconcile.Options{}))
	assert.NotEmpty(t, found, "a test-mode payment matched the merchant's paid order: goods shipped for no money, and the run reports nothing")
}

func TestBootpaySandboxReceiptIsNotMoneyCollected(t *testing.T) {
	srv, c := newBootpay(t)
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-1", Price: 30000, Status: bootpaytest.Ptr(bootpay.StatusPaid), Sandbox: true})
	require.True(t, rc.Sandbox)
	rec, ok, err := reconcile.Bootpay(c).Lookup(ctx, rc.ReceiptID)
	require.NoError(t, err)
	require.True(t, ok)
	assert.NotEqual(t, reconcile.StatusPaid, rec.Status, "a test-mode receipt placed as paid")

	requireReported(t, reconcile.Bootpay(c), reconcile.Record{Key: rc.ReceiptID, Amount: 30000, Currency: "KRW",
		Status: reconcile.StatusPaid, SourceStatus: "paid", At: time.Now()})
}

func TestPortOneTestChannelPaymentIsNotMoneyCollected(t *testing.T) {
	srv, c := newPortOne(t)
	p := srv.CreatePayment(portonetest.PaymentSpec{ID: "pay-test-1", Status: portone.PaymentStatusPaid, Total: 30000,
		Channel: &portone.SelectedChannel{Type: portone.SelectedChannelTypeTest, ID: "ch-1", Key: "channel-key-1", PGProvider: "TOSSPAYMENTS", PGMerchantID: "m"}})
	require.Equal(t, portone.SelectedChannelTypeTest, p.Channel.Type)
	rec, ok, err := reconcile.PortOne(c).Lookup(ctx, p.ID)
	require.NoError(t, err)
	require.True(t, ok)
	assert.NotEqual(t, reconcile.StatusPaid, rec.Status, "a TEST-channel payment placed as paid")

	requireReported(t, reconcile.PortOne(c), reconcile.Record{Key: p.ID, Amount: 30000, Currency: "KRW",
		Status: reconcile.StatusPaid, SourceStatus: "paid", At: time.Now()})
}

// bootpaySandboxReceipts are test-mode receipts in every kind of status:
// each key's status as a live receipt would be placed, and how a
// test-mode one reads by default.
var bootpaySandboxReceipts = []struct {
	key          string
	status       bootpay.Status
	cancelled    int64
	live, asTest reconcile.Status
}{
	{"sb-paid", bootpay.StatusPaid, 0, reconcile.StatusPaid, reconcile.StatusFailed},
	{"sb-partial", bootpay.StatusCancelled, 5000, reconcile.StatusPartiallyCancelled, reconcile.StatusFailed},
	{"sb-approving", bootpay.StatusConfirming, 0, reconcile.StatusUnknown, reconcile.StatusFailed},
	{"sb-awaiting", bootpay.StatusAwaitingConfirm, 0, reconcile.StatusPending, reconcile.StatusPending},
	{"sb-failed", bootpay.StatusApprovalFailed, 0, reconcile.StatusFailed, reconcile.StatusFailed},
}

// A test-mode receipt never reads as money taken by default, whatever its
// status, and its SourceStatus says why; with AllowSandbox (a run against
// a test application or the sandbox) it is placed by its status as a
// live one.
func TestBootpaySandboxReceiptsOnlyByOptIn(t *testing.T) {
	srv, c := newBootpay(t)
	for _, tc := range bootpaySandboxReceipts {
		srv.CreateReceipt(bootpaytest.ReceiptSpec{ReceiptID: tc.key, OrderID: "order-" + tc.key, Price: 20000,
			Status: bootpaytest.Ptr(tc.status), CancelledPrice: tc.cancelled, Sandbox: true})
	}
	strict, allowing := reconcile.Bootpay(c), reconcile.Bootpay(c)
	allowing.AllowSandbox = true
	for _, tc := range bootpaySandboxReceipts {
		rec, ok, err := strict.Lookup(ctx, tc.key)
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, tc.asTest, rec.Status, tc.key)
		assert.Equal(t, strconv.Itoa(int(tc.status))+" (sandbox)", rec.SourceStatus, tc.key)

		rec, ok, err = allowing.Lookup(ctx, tc.key)
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, tc.live, rec.Status, tc.key)
		assert.Equal(t, strconv.Itoa(int(tc.status)), rec.SourceStatus, tc.key)
	}
	// Opted in, the merchant's paid order on a sandbox receipt matches.
	found := collect(t, reconcile.Run(ctx, allowing, reconciletest.NewMemory(slices.Values([]reconcile.Record{{
		Key: "sb-paid", Amount: 20000, Status: reconcile.StatusPaid, SourceStatus: "paid", At: time.Now(),
	}})), reconcile.Period{From: time.Now().Add(-time.Hour), Until: time.Now().Add(time.Hour)}, reconcile.Options{}))
	assert.Empty(t, found)
}

// PortOne payments in a day's stream, by channel: a live payment the
// merchant lacks is MissingAtMerchant; a TEST-channel one is no money, so
// unknown to the merchant it is nothing and against a paid order it is
// StatusDiffers, its gateway side marked "PAID (TEST channel)". With
// AllowTest the TEST-channel payments are placed as live ones.
func TestPortOneTestChannelPaymentsInTheStream(t *testing.T) {
	srv, c := newPortOne(t)
	live := &portone.SelectedChannel{Type: portone.SelectedChannelTypeLive, ID: "ch-live", Key: "channel-key-live", PGProvider: "TOSSPAYMENTS", PGMerchantID: "m"}
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ch-live-alone", Total: 10000, Status: portone.PaymentStatusPaid, RequestedAt: dayAt, Channel: live})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ch-test-alone", Total: 10000, Status: portone.PaymentStatusPaid, RequestedAt: dayAt})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ch-test-known", Total: 10000, Status: portone.PaymentStatusPaid, RequestedAt: dayAt})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "ch-test-va", Total: 10000, Status: portone.PaymentStatusVirtualAccountIssued, RequestedAt: dayAt})
	merchant := []reconcile.Record{
		{Key: "ch-test-known", Amount: 10000, Status: reconcile.StatusPaid, SourceStatus: "paid", At: dayAt},
		{Key: "ch-test-va", Amount: 10000, Status: reconcile.StatusPending, SourceStatus: "pending", At: dayAt},
	}

	found := runDay(t, reconcile.PortOne(c), merchant...)
	require.Equal(t, map[string]reconcile.Kind{
		"ch-live-alone": reconcile.MissingAtMerchant,
		"ch-test-known": reconcile.StatusDiffers,
	}, kindsByKey(found))
	for _, d := range found {
		if d.Key == "ch-test-known" {
			assert.Equal(t, reconcile.StatusFailed, d.Gateway.Status)
			assert.Equal(t, "PAID (TEST channel)", d.Gateway.SourceStatus)
		}
	}

	found = runDay(t, sandboxPortOne(c), merchant...)
	require.Equal(t, map[string]reconcile.Kind{
		"ch-live-alone": reconcile.MissingAtMerchant,
		"ch-test-alone": reconcile.MissingAtMerchant,
	}, kindsByKey(found))
}

// A PortOne payment that holds money (PAID, PARTIAL_CANCELLED) without a
// channel, or through a channel of a type this package does not know,
// cannot be shown to be live or test: it is StatusUnknown, which always
// reaches a person, never paid and never no-money. A fully cancelled one
// holds no money either way and keeps its status; AllowTest places them
// all by status.
func TestPortOnePaymentWithoutChannelFailsClosed(t *testing.T) {
	srv, c := newPortOne(t)
	payment := func(status, channel string) string {
		return `{"status":"` + status + `","id":"pay-nochannel","currency":"KRW","amount":{"total":10000,"cancelled":` +
			map[string]string{"PAID": "0", "PARTIAL_CANCELLED": "2500", "CANCELLED": "10000"}[status] + `}` + channel + `}`
	}
	odd := `,"channel":{"type":"STAGING","id":"ch-x","key":"channel-key-x","name":"x","pgProvider":"TOSSPAYMENTS","pgMerchantId":"m"}`
	for _, tc := range []struct {
		status, channel, source string
		strict, allowed         reconcile.Status
	}{
		{"PAID", "", "PAID (no channel)", reconcile.StatusUnknown, reconcile.StatusPaid},
		{"PARTIAL_CANCELLED", "", "PARTIAL_CANCELLED (no channel)", reconcile.StatusUnknown, reconcile.StatusPartiallyCancelled},
		{"PAID", odd, `PAID (channel type "STAGING")`, reconcile.StatusUnknown, reconcile.StatusPaid},
		{"CANCELLED", "", "CANCELLED", reconcile.StatusCancelled, reconcile.StatusCancelled},
	} {
		srv.Inject(portonetest.OpPaymentGet, portonetest.Faults.Status(http.StatusOK, payment(tc.status, tc.channel)), 2)
		rec, ok, err := reconcile.PortOne(c).Lookup(ctx, "pay-nochannel")
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, tc.strict, rec.Status, tc.source)
		assert.Equal(t, tc.source, rec.SourceStatus)

		rec, ok, err = sandboxPortOne(c).Lookup(ctx, "pay-nochannel")
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, tc.allowed, rec.Status, tc.source)
		assert.Equal(t, tc.status, rec.SourceStatus)
	}
}

// kindsByKey maps each discrepancy's key to its kind.
func kindsByKey(found []reconcile.Discrepancy) map[string]reconcile.Kind {
	out := map[string]reconcile.Kind{}
	for _, d := range found {
		out[d.Key] = d.Kind
	}
	return out
}
