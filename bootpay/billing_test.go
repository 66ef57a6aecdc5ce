package bootpay_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

// issueParams is a card billing-key issue the sandbox accepts.
func issueParams(sub string) bootpay.IssueBillingKeyParams {
	return bootpay.IssueBillingKeyParams{PG: "nicepay", OrderName: "월간 구독", SubscriptionID: sub,
		CardNumber: "5365101234561234", CardPassword: "12", CardIdentityNo: "900101", CardExpireYear: "28", CardExpireMonth: "07"}
}

func issueKey(t *testing.T, c *bootpay.Client, sub string) bootpay.Secret {
	t.Helper()
	k, err := c.Billing.Issue(context.Background(), issueParams(sub), bootpay.WithRequestTimeout(10*time.Second))
	require.NoError(t, err)
	require.True(t, k.Issued())
	return k.BillingKey
}

// billingWrite is one billing-area write driven through the write-outcome matrix.
type billingWrite struct {
	name string
	op   bootpaytest.Operation
	// run sets the sandbox up, performs the write and returns its error and the reconciliation
	// check to run on an unknown outcome.
	run     func(t *testing.T, ctx context.Context, srv *bootpaytest.Server, c *bootpay.Client) error
	applied func(bootpaytest.Stats) int
}

const matrixOrder = "order-bill-1"

func billingWrites() []billingWrite {
	return []billingWrite{
		{name: "charge", op: bootpaytest.OpCharge, applied: func(s bootpaytest.Stats) int { return s.ChargesApplied },
			run: func(t *testing.T, ctx context.Context, _ *bootpaytest.Server, c *bootpay.Client) error {
				key := issueKey(t, c, "sub-m")
				r, err := c.Billing.Charge(ctx, bootpay.ChargeParams{BillingKey: key, OrderName: "구독료", OrderID: matrixOrder, Price: matrixPrice})
				if err == nil && (r.Status != bootpay.StatusPaid || r.OrderID != matrixOrder) {
					return errors.New("success without a paid receipt of the order")
				}
				return err
			}},
		{name: "reserve", op: bootpaytest.OpReserve, applied: func(s bootpaytest.Stats) int { return s.ReservationsCreated },
			run: func(t *testing.T, ctx context.Context, _ *bootpaytest.Server, c *bootpay.Client) error {
				key := issueKey(t, c, "sub-m")
				r, err := c.Billing.Reserve(ctx, bootpay.ReserveParams{ExecuteAt: time.Now().Add(time.Hour),
					ChargeParams: bootpay.ChargeParams{BillingKey: key, OrderName: "다음 달 구독료", OrderID: matrixOrder, Price: matrixPrice}})
				if err == nil && r.ReserveID == "" {
					return errors.New("success without a reserve id")
				}
				return err
			}},
		{name: "cash-receipt-publish", op: bootpaytest.OpCashPublish, applied: func(s bootpaytest.Stats) int { return s.CashReceiptsPublished },
			run: func(t *testing.T, ctx context.Context, srv *bootpaytest.Server, c *bootpay.Client) error {
				rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: matrixOrder, Price: matrixPrice, Method: "bank", Status: bootpaytest.Ptr(bootpay.StatusPaid)})
				r, err := c.CashReceipts.Publish(ctx, bootpay.CashReceiptParams{ReceiptID: rc.ReceiptID,
					Type: bootpay.CashReceiptIncomeDeduction, IdentityNo: "01012345678"})
				if err == nil && r.CashReceiptData == nil {
					return errors.New("success without cash_receipt_data")
				}
				return err
			}},
	}
}

// TestWriteOutcomeMatrixBilling drives the billing charge, the reservation and the cash-receipt
// publish (all Unsafe) through every cell of the write-outcome matrix: the sandbox applied each at
// most once; a success was applied; an applied write that did not succeed ended in
// ErrOutcomeUnknown; and an ambiguous charge is reconciled by ReconcileCharge to what the sandbox
// did: the paid receipt when it was applied, a *PendingChargeError when it was not.
func TestWriteOutcomeMatrixBilling(t *testing.T) {
	cells := sandbox.Matrix(matrixTimeout, bootpaytest.ErrorBody("PG_DECLINED", "카드사 승인 거절"))
	name := func(w billingWrite) string { return w.name }
	sandboxtest.RunWrites(t, billingWrites(), name, cells, matrixConcurrency, func(t *testing.T, w billingWrite, cell sandbox.Cell) {
		srv := bootpaytest.NewServer()
		defer srv.Close()
		c, err := bootpay.NewClient(basicAuth(), bootpay.WithBaseURL(srv.URL()), bootpay.WithTimeout(matrixTimeout),
			bootpay.WithRetryPolicy(sandboxtest.FastRetries()))
		require.NoError(t, err)
		ctx := context.Background()
		srv.Inject(w.op, cell.First, 1)
		srv.Inject(w.op, cell.Final, -1)

		err = w.run(t, ctx, srv, c)
		awaitArrival(srv, w.op, err)
		sandboxtest.Settle(t, srv)
		srv.ClearFaults()
		applied := w.applied(srv.Stats())
		sandboxtest.AppliedAtMostOnce(t, applied, err, bootpay.ErrOutcomeUnknown)
		if w.op != bootpaytest.OpCharge || !errors.Is(err, bootpay.ErrOutcomeUnknown) {
			return
		}
		var unknown *bootpay.OutcomeUnknownError
		if errors.As(err, &unknown) {
			assert.Equal(t, matrixOrder, unknown.Reference, "the order id to reconcile with")
		}
		r, rerr := c.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: matrixOrder, Amount: matrixPrice},
			bootpay.WithRequestTimeout(10*time.Second)) // the lookup is not under test: no 50 ms limit
		if applied == 1 {
			require.NoError(t, rerr, "reconciled to the charge the sandbox made")
			assert.Equal(t, bootpay.StatusPaid, r.Status)
		} else {
			var pending *bootpay.PendingChargeError
			require.ErrorAs(t, rerr, &pending, "reconciled to no charge")
			assert.True(t, errors.Is(rerr, bootpay.ErrOutcomeUnknown))
		}
		assert.Equal(t, applied, srv.Stats().ChargesApplied, "reconciling charged nothing")
	})
}

// TestReservationRunsOnceWhenTheClockPasses: a reservation charges exactly once when the sandbox's
// clock passes its time, however many requests and RunDueReservations calls see it due at once.
func TestReservationRunsOnceWhenTheClockPasses(t *testing.T) {
	clock, srv, c := clockedSandbox(t, basicAuth())
	ctx := context.Background()
	key := issueKey(t, c, "sub-clock")

	rv, err := c.Billing.Reserve(ctx, bootpay.ReserveParams{ExecuteAt: clock.Now().Add(time.Hour),
		ChargeParams: bootpay.ChargeParams{BillingKey: key, OrderName: "12월 구독료", OrderID: "order-dec", Price: 9900}})
	require.NoError(t, err)
	clock.Advance(59 * time.Minute)
	assert.Zero(t, srv.RunDueReservations(), "not yet due")
	d, err := c.Billing.GetReservation(ctx, rv.ReserveID)
	require.NoError(t, err)
	assert.False(t, d.Executed())

	clock.Advance(2 * time.Minute)
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				srv.RunDueReservations()
				return
			}
			_, err := c.Billing.GetReservation(ctx, rv.ReserveID)
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, srv.Stats().ReservationsExecuted, "executed exactly once")
	d, err = c.Billing.GetReservation(ctx, rv.ReserveID)
	require.NoError(t, err)
	assert.True(t, d.Executed())
	r, err := c.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: "order-dec", Amount: 9900})
	require.NoError(t, err, "the executed reservation is the order's one paid receipt")
	assert.Equal(t, d.ReceiptID, r.ReceiptID)
	err = c.Billing.CancelReservation(ctx, rv.ReserveID)
	var apiErr *bootpay.APIError
	require.ErrorAs(t, err, &apiErr, "a reservation that ran cannot be cancelled")
	assert.Equal(t, bootpay.ErrorCode(bootpaytest.CodeReserveAlreadyExecuted), apiErr.Code)
	assert.Equal(t, 1, srv.Stats().ReservationsExecuted)
}

// TestReservationCancelRacesExecution: a cancel sent while the clock passes the reservation's time
// either revokes it (no charge) or loses (one charge, and the cancel is refused) — never both,
// never two charges.
func TestReservationCancelRacesExecution(t *testing.T) {
	clock, srv, c := clockedSandbox(t, basicAuth())
	ctx := context.Background()
	key := issueKey(t, c, "sub-race")
	const rounds = 30
	won := map[bool]int{}
	for i := range rounds {
		order := "order-race-" + string(rune('a'+i%26)) + time.Duration(i).String()
		rv, err := c.Billing.Reserve(ctx, bootpay.ReserveParams{ExecuteAt: clock.Now().Add(time.Minute),
			ChargeParams: bootpay.ChargeParams{BillingKey: key, OrderName: "구독료", OrderID: order, Price: 1000}})
		require.NoError(t, err)
		var cancelErr error
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); cancelErr = c.Billing.CancelReservation(ctx, rv.ReserveID) }()
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i%4) * 500 * time.Microsecond) // vary who is first
			clock.Advance(time.Minute)
			srv.RunDueReservations()
		}()
		wg.Wait()
		srv.RunDueReservations()

		receipts, err := c.Payments.ListByOrderID(ctx, order)
		require.NoError(t, err)
		if cancelErr == nil {
			assert.Empty(t, receipts, "round %d: a cancelled reservation charged nothing", i)
		} else {
			var apiErr *bootpay.APIError
			require.ErrorAs(t, cancelErr, &apiErr)
			assert.Equal(t, bootpay.ErrorCode(bootpaytest.CodeReserveAlreadyExecuted), apiErr.Code)
			assert.Len(t, receipts, 1, "round %d: a reservation that won the race charged once", i)
		}
		won[cancelErr == nil]++
	}
	st := srv.Stats()
	assert.Equal(t, rounds, st.ReservationsExecuted+st.ReservationsCancelled, "each reservation ran or was revoked, once")
	t.Logf("cancel won %d, execution won %d", won[true], won[false])
}

// TestReservationLimitCheckedBeforeTheCall: a reservation past the ten a key holds is refused
// before any request; the sandbox enforces the limit too.
func TestReservationLimitCheckedBeforeTheCall(t *testing.T) {
	srv, c := basicSandbox(t)
	ctx := context.Background()
	key := issueKey(t, c, "sub-limit")
	p := func(i int, scheduled int) bootpay.ReserveParams {
		return bootpay.ReserveParams{ExecuteAt: time.Now().Add(time.Hour), Scheduled: scheduled,
			ChargeParams: bootpay.ChargeParams{BillingKey: key, OrderName: "구독료", OrderID: "order-l-" + time.Duration(i).String(), Price: 1000}}
	}
	_, err := c.Billing.Reserve(ctx, p(0, bootpay.MaxReservationsPerKey))
	var invalid *bootpay.ValidationError
	require.ErrorAs(t, err, &invalid)
	assert.Equal(t, "Scheduled", invalid.Field)
	assert.Zero(t, srv.Stats().Requests[bootpaytest.OpReserve], "refused before the call")

	for i := range bootpay.MaxReservationsPerKey {
		_, err := c.Billing.Reserve(ctx, p(i+1, i))
		require.NoError(t, err)
	}
	_, err = c.Billing.Reserve(ctx, p(99, 0)) // the caller's count is wrong: the sandbox refuses too
	var apiErr *bootpay.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, bootpay.ErrorCode(bootpaytest.CodeReserveLimitExceeded), apiErr.Code)
	assert.Equal(t, bootpay.MaxReservationsPerKey, srv.Stats().ReservationsCreated)
}

// TestBankTransferKeyAndDestroy: a bank-account request waits in status 41, publishes into a key
// that charges, and a destroyed key charges no more.
func TestBankTransferKeyAndDestroy(t *testing.T) {
	srv, c := basicSandbox(t)
	ctx := context.Background()
	req, err := c.Billing.IssueTransfer(ctx, bootpay.TransferBillingKeyParams{PG: "nicepay", OrderName: "관리비", SubscriptionID: "sub-at",
		Username: "홍길동", BankName: "국민", BankAccount: "110234567890", IdentityNo: "900101"})
	require.NoError(t, err)
	require.True(t, req.AwaitingPublish())
	key, err := c.Billing.PublishTransfer(ctx, req.ReceiptID)
	require.NoError(t, err)
	require.True(t, key.Issued())
	_, err = c.Billing.PublishTransfer(ctx, req.ReceiptID)
	var apiErr *bootpay.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, bootpay.CodePublishNotReady, apiErr.Code)
	assert.Equal(t, 1, srv.Stats().BillingKeysIssued)

	byReceipt, err := c.Billing.GetByReceipt(ctx, req.ReceiptID)
	require.NoError(t, err)
	assert.Equal(t, key.BillingKey, byReceipt.BillingKey)
	_, err = c.Billing.Charge(ctx, bootpay.ChargeParams{BillingKey: key.BillingKey, OrderName: "11월 관리비", OrderID: "o-at-1", Price: 50000})
	require.NoError(t, err)
	require.NoError(t, c.Billing.Destroy(ctx, key.BillingKey))
	got, err := c.Billing.Get(ctx, key.BillingKey)
	require.NoError(t, err)
	assert.Equal(t, bootpay.StatusBillingKeyRevoked, got.Status)
	_, err = c.Billing.Charge(ctx, bootpay.ChargeParams{BillingKey: key.BillingKey, OrderName: "12월 관리비", OrderID: "o-at-2", Price: 50000})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, bootpay.CodeBillingKeyExpired, apiErr.Code)
	assert.Equal(t, 1, srv.Stats().ChargesApplied)
}

// TestBillingValidationBeforeIO: bad billing input is a *ValidationError and nothing is sent.
func TestBillingValidationBeforeIO(t *testing.T) {
	srv, c := basicSandbox(t)
	ctx := context.Background()
	charge := func(mut func(*bootpay.ChargeParams)) error {
		p := bootpay.ChargeParams{BillingKey: "bk", OrderName: "n", OrderID: "o", Price: 60000}
		mut(&p)
		_, err := c.Billing.Charge(ctx, p)
		return err
	}
	issue := func(mut func(*bootpay.IssueBillingKeyParams)) error {
		p := issueParams("s")
		mut(&p)
		_, err := c.Billing.Issue(ctx, p)
		return err
	}
	cases := map[string]error{
		"quota 1":          charge(func(p *bootpay.ChargeParams) { p.CardQuota = "1" }),
		"quota under 5만":   charge(func(p *bootpay.ChargeParams) { p.CardQuota = "3"; p.Price = 49999 }),
		"quota 13":         charge(func(p *bootpay.ChargeParams) { p.CardQuota = "13" }),
		"zero price":       charge(func(p *bootpay.ChargeParams) { p.Price = 0 }),
		"tax free > price": charge(func(p *bootpay.ChargeParams) { p.TaxFree = 60001 }),
		"items off":        charge(func(p *bootpay.ChargeParams) { p.Items = []bootpay.Item{{ID: "a", Name: "a", Quantity: 1, Price: 1}} }),
		"bad item date": charge(func(p *bootpay.ChargeParams) {
			p.Items = []bootpay.Item{{ID: "a", Name: "a", Quantity: 1, Price: 60000, EndDate: "2026-13-01"}}
		}),
		"localhost hook": charge(func(p *bootpay.ChargeParams) { p.FeedbackURL = "http://localhost/hook" }),
		"no order id":    charge(func(p *bootpay.ChargeParams) { p.OrderID = "" }),
		"bad gender":     charge(func(p *bootpay.ChargeParams) { g := bootpay.Gender(5); p.User = &bootpay.User{Gender: &g} }),
		"bad birth":      charge(func(p *bootpay.ChargeParams) { p.User = &bootpay.User{Birth: "19901301"} }),
		"month 13":       issue(func(p *bootpay.IssueBillingKeyParams) { p.CardExpireMonth = "13" }),
		"short card":     issue(func(p *bootpay.IssueBillingKeyParams) { p.CardNumber = "1234" }),
		"pw 3 digits":    issue(func(p *bootpay.IssueBillingKeyParams) { p.CardPassword = "123" }),
		"identity 7":     issue(func(p *bootpay.IssueBillingKeyParams) { p.CardIdentityNo = "9001011" }),
	}
	_, cases["past reservation"] = c.Billing.Reserve(ctx, bootpay.ReserveParams{ExecuteAt: time.Now().Add(-time.Minute),
		ChargeParams: bootpay.ChargeParams{BillingKey: "bk", OrderName: "n", OrderID: "o", Price: 1000}})
	_, cases["no widget key"] = c.Billing.GetSequential(ctx, bootpay.SequentialParams{BillingKey: "bk", UserID: "u"})
	_, cases["reconcile no amount"] = c.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: "o"})
	for name, err := range cases {
		var invalid *bootpay.ValidationError
		assert.ErrorAs(t, err, &invalid, name)
		assert.True(t, errors.Is(err, bootpay.ErrInvalidRequest), name)
	}
	assert.Empty(t, srv.Requests(), "nothing was sent")
}

// awaitArrival waits (up to 2 s) until every attempt of an unknown write
// has reached the sandbox: a client may give up on an attempt it wrote
// before the loaded machine's server has read it, and Settle can only
// wait for requests that arrived. The reconciliation checked after Settle
// must see the write's final state.
func awaitArrival(srv *bootpaytest.Server, op bootpaytest.Operation, err error) {
	var unknown *bootpay.OutcomeUnknownError
	if !errors.As(err, &unknown) {
		return
	}
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if srv.Stats().Requests[op] >= unknown.Attempts {
			return
		}
	}
}

// TestCancelReservationSuccessFalseAfterMaybeAppliedIsUnknown: the first
// cancel is applied and answered 502; the retry is answered 200
// {"success": false}. The reservation IS cancelled, so the answer must not
// be "not cancelled" (*APIError) but an *OutcomeUnknownError naming the
// reservation to look up. Without an earlier ambiguous attempt the same
// answer is still the *APIError it always was.
func TestCancelReservationSuccessFalseAfterMaybeAppliedIsUnknown(t *testing.T) {
	srv, c := basicSandbox(t, noAttemptLimit, bootpay.WithRetryPolicy(sandboxtest.FastRetries()))
	ctx := context.Background()
	key := issueKey(t, c, "sub-cr")
	reserve := func(order string) string {
		rv, err := c.Billing.Reserve(ctx, bootpay.ReserveParams{ExecuteAt: time.Now().Add(time.Hour),
			ChargeParams: bootpay.ChargeParams{BillingKey: key, OrderName: "구독료", OrderID: order, Price: 1000}})
		require.NoError(t, err)
		return rv.ReserveID
	}

	id := reserve("order-cr-1")
	srv.Inject(bootpaytest.OpReserveCancel, bootpaytest.Faults.StatusAfterApply(502, bootpaytest.ErrorBody("BAD_GATEWAY", "")), 1)
	srv.Inject(bootpaytest.OpReserveCancel, bootpaytest.Faults.Status(200, `{"reserve_id":"`+id+`","success":false}`), 1)
	err := c.Billing.CancelReservation(ctx, id)
	require.Equal(t, 1, srv.Stats().ReservationsCancelled, "the first attempt cancelled it")
	var unknown *bootpay.OutcomeUnknownError
	require.ErrorAs(t, err, &unknown, "not a plain refusal: %v", err)
	assert.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown))
	assert.Equal(t, id, unknown.Reference, "the reservation to look up")
	assert.Equal(t, 2, unknown.Attempts)

	other := reserve("order-cr-2")
	srv.Inject(bootpaytest.OpReserveCancel, bootpaytest.Faults.Status(200, `{"reserve_id":"`+other+`","success":false}`), 1)
	err = c.Billing.CancelReservation(ctx, other)
	var apiErr *bootpay.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.False(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "one unambiguous answer: nothing was cancelled")
	assert.Equal(t, 1, srv.Stats().ReservationsCancelled)
}

// TestIssueRefusesANonDigitCardNumber: a card number that is not 12 to 19
// digits (dashes and spaces between them allowed) is a *ValidationError
// naming CardNumber, and no request reaches the sandbox. The spellings
// Bootpay accepts still pass.
func TestIssueRefusesANonDigitCardNumber(t *testing.T) {
	srv, c := basicSandbox(t, noAttemptLimit)
	ctx := context.Background()
	for _, bad := range []string{"abcdefghijklmnop", "5365-1012-3456-12ab", "５３６５１０１２３４５６１２３４", "5365101234561234\x00", "536510123456.234", "+365101234561234"} {
		p := issueParams("sub-cn")
		p.CardNumber = bootpay.CardNumber(bad)
		_, err := c.Billing.Issue(ctx, p)
		var v *bootpay.ValidationError
		require.ErrorAs(t, err, &v, "%q", bad)
		assert.Equal(t, "CardNumber", v.Field)
		assert.NotContains(t, err.Error(), bad, "the number is not echoed")
	}
	assert.Empty(t, srv.Requests(), "nothing was sent")
	for _, good := range []string{"5365101234561234", "5365-1012-3456-1234", "5365 1012 3456 1234"} {
		p := issueParams("sub-" + good[len(good)-4:])
		p.CardNumber = bootpay.CardNumber(good)
		_, err := c.Billing.Issue(ctx, p)
		require.NoError(t, err, "%q", good)
	}
}

// TestReconcileChargeOnlyFailedStatusesMeanNotCharged: ReconcileCharge says
// "not charged" (a *ChargeFailedError, the one answer that allows a new
// charge) only for an order whose receipt is in status -1 or -2. A receipt
// whose cancel failed (-20: the money is still taken) or is in progress
// (-30) counts as charged and is returned; status 2, 5 and codes this
// package does not know (-60) leave the outcome unknown. Each lookup is one
// GET and nothing is charged.
func TestReconcileChargeOnlyFailedStatusesMeanNotCharged(t *testing.T) {
	cases := map[bootpay.Status]string{
		bootpay.StatusFailedBeforeApproval: "failed", bootpay.StatusApprovalFailed: "failed",
		bootpay.StatusCancelFailed: "charged", bootpay.StatusCancelling: "charged",
		bootpay.StatusAwaitingConfirm: "unknown", bootpay.StatusVirtualAccountIssued: "unknown",
		bootpay.Status(-60): "unknown", bootpay.StatusVirtualAccountRevoked: "unknown",
	}
	for status, want := range cases {
		t.Run(status.String(), func(t *testing.T) {
			srv, c := basicSandbox(t, noAttemptLimit)
			rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-rc", Price: 9900, Status: bootpaytest.Ptr(status)})

			r, err := c.Billing.ReconcileCharge(context.Background(), bootpay.ReconcileChargeParams{OrderID: "order-rc", Amount: 9900})
			var failed *bootpay.ChargeFailedError
			var pending *bootpay.PendingChargeError
			switch want {
			case "failed":
				require.ErrorAs(t, err, &failed)
				assert.Equal(t, "order-rc", failed.OrderID)
				assert.Equal(t, rc.ReceiptID, failed.Receipt.ReceiptID)
				assert.False(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "a failed charge is settled")
			case "charged":
				require.NoError(t, err, "the money was taken")
				assert.Equal(t, rc.ReceiptID, r.ReceiptID)
				assert.Equal(t, status, r.Status)
			case "unknown":
				require.ErrorAs(t, err, &pending)
				assert.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown))
				assert.False(t, errors.As(err, &failed), "never reported as not charged")
				require.NotNil(t, pending.Receipt)
				assert.Equal(t, rc.ReceiptID, pending.Receipt.ReceiptID)
			}
			assert.Zero(t, srv.Stats().ChargesApplied, "reconciling charged nothing")
		})
	}
}

// TestReconcileChargeMismatchSaysMoneyWasTaken: one charged receipt of the
// order at another amount is a *MismatchError with AfterConfirm set, as
// for several charged receipts: the money was taken.
func TestReconcileChargeMismatchSaysMoneyWasTaken(t *testing.T) {
	srv, c := basicSandbox(t, noAttemptLimit)
	srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-rm", Price: 100, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	_, err := c.Billing.ReconcileCharge(context.Background(), bootpay.ReconcileChargeParams{OrderID: "order-rm", Amount: 9900})
	var mismatch *bootpay.MismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.True(t, mismatch.Has("price"))
	assert.True(t, mismatch.AfterConfirm, "the receipt is charged: money was taken")
	var failed *bootpay.ChargeFailedError
	assert.False(t, errors.As(err, &failed), "never reported as not charged")
}

// TestReconcileChargeChargedWinsOverFailed: an order with a failed attempt
// and a receipt whose cancel failed was charged; and a failed receipt next
// to one of unknown status is unknown, never "not charged".
func TestReconcileChargeChargedWinsOverFailed(t *testing.T) {
	srv, c := basicSandbox(t, noAttemptLimit)
	ctx := context.Background()
	srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-a", Price: 500, Status: bootpaytest.Ptr(bootpay.StatusApprovalFailed)})
	taken := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-a", Price: 500, Status: bootpaytest.Ptr(bootpay.StatusCancelFailed)})
	r, err := c.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: "order-a", Amount: 500})
	require.NoError(t, err)
	assert.Equal(t, taken.ReceiptID, r.ReceiptID)

	srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-b", Price: 500, Status: bootpaytest.Ptr(bootpay.StatusFailedBeforeApproval)})
	srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-b", Price: 500, Status: bootpaytest.Ptr(bootpay.Status(-60))})
	_, err = c.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: "order-b", Amount: 500})
	var pending *bootpay.PendingChargeError
	require.ErrorAs(t, err, &pending)
}

// TestCancelReservationReplyWithoutSuccessIsUnknown: a 2xx to DELETE
// /subscribe/payment/reserve/{id} that does not say the reservation was
// cancelled ({}, or its reserve_id without "success") is not a cancel:
// the reservation stays scheduled and charges the buyer when its time
// comes. CancelReservation must say the outcome is unknown, naming the
// reservation to look up, never report success. Before the fix it
// returned nil.
func TestCancelReservationReplyWithoutSuccessIsUnknown(t *testing.T) {
	for name, reply := range map[string]func(id string) string{
		"{}":                       func(string) string { return `{}` },
		"reserve_id, no success":   func(id string) string { return `{"reserve_id":"` + id + `"}` },
		"success null, reserve_id": func(id string) string { return `{"reserve_id":"` + id + `","success":null}` },
	} {
		t.Run(name, func(t *testing.T) {
			clock, srv, c := clockedSandbox(t, basicAuth(), noAttemptLimit)
			ctx := context.Background()
			key := issueKey(t, c, "sub-rs")
			rv, err := c.Billing.Reserve(ctx, bootpay.ReserveParams{ExecuteAt: clock.Now().Add(time.Hour),
				ChargeParams: bootpay.ChargeParams{BillingKey: key, OrderName: "다음 달 구독료", OrderID: "order-rs-next", Price: 9900}})
			require.NoError(t, err)

			srv.Inject(bootpaytest.OpReserveCancel, bootpaytest.Faults.Status(200, reply(rv.ReserveID)), 1)
			err = c.Billing.CancelReservation(ctx, rv.ReserveID)

			clock.Advance(2 * time.Hour)
			srv.RunDueReservations()
			require.Equal(t, 1, srv.Stats().ReservationsExecuted, "setup: the reservation was never cancelled and ran")
			require.Error(t, err, "CancelReservation reported success, yet the reservation charged")
			var unknown *bootpay.OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			assert.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown))
			assert.Equal(t, rv.ReserveID, unknown.Reference, "the reservation to look up")
			assert.Contains(t, err.Error(), "GetReservation")
		})
	}
}

// TestDestroyReplyWithoutTheKeyIsUnknown: a 2xx {} to DELETE
// /subscribe/billing_key/{key} does not name the key, so it proves
// nothing: the key stays usable and charges. Destroy must say the outcome
// is unknown (look the key up with Get), never report it destroyed, and
// the error must not print the key. Before the fix it returned nil.
func TestDestroyReplyWithoutTheKeyIsUnknown(t *testing.T) {
	srv, c := basicSandbox(t, noAttemptLimit)
	ctx := context.Background()
	key := issueKey(t, c, "sub-destroy")
	srv.Inject(bootpaytest.OpBillingDestroy, bootpaytest.Faults.Status(200, `{}`), 1)

	err := c.Billing.Destroy(ctx, key)
	_, chargeErr := c.Billing.Charge(ctx, bootpay.ChargeParams{BillingKey: key, OrderName: "구독료", OrderID: "order-after-destroy", Price: 1000})
	require.NoError(t, chargeErr, "setup: the key was never destroyed and still charges")
	require.Error(t, err, "Destroy reported success; the key then charged %d time(s)", srv.Stats().ChargesApplied)
	assert.True(t, errors.Is(err, bootpay.ErrOutcomeUnknown), "%v", err)
	assert.Contains(t, err.Error(), "Get")
	assert.NotContains(t, err.Error(), string(key), "the key is a secret")

	require.NoError(t, c.Billing.Destroy(ctx, key), "a reply naming the key is a destroy")
	assert.Equal(t, 1, srv.Stats().BillingKeysDestroyed)
}

// TestChargeReplyForAnotherAmountIsAMismatch: a 2xx receipt of the order
// for another amount than the charge asked for is not the charge's
// success: money was taken, not as asked. Charge returns a
// *ChargeMismatchError that matches ErrOutcomeUnknown and reaches a
// *MismatchError naming "price", holding the receipt (to cancel or
// reconcile) and marked AfterConfirm, since the charge was sent. Before the
// fix the receipt was returned as the 9,900 charge.
func TestChargeReplyForAnotherAmountIsAMismatch(t *testing.T) {
	srv, c := basicSandbox(t, noAttemptLimit)
	ctx := context.Background()
	key := issueKey(t, c, "sub-amt")
	other := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-amt", Price: 100, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	srv.Inject(bootpaytest.OpCharge, bootpaytest.Faults.Status(200, receiptBody(t, c, other.ReceiptID, nil)), 1)

	r, err := c.Billing.Charge(ctx, bootpay.ChargeParams{BillingKey: key, OrderName: "구독료", OrderID: "order-amt", Price: 9900})
	assert.Nil(t, r)
	var mismatch *bootpay.MismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.Equal(t, []bootpay.Mismatch{{Field: "price", Expected: "9900", Actual: "100"}}, mismatch.Mismatches)
	assert.True(t, mismatch.AfterConfirm, "the charge was sent: money may be taken")
	require.NotNil(t, mismatch.Receipt)
	assert.Equal(t, other.ReceiptID, mismatch.Receipt.ReceiptID)
	assert.Equal(t, other.ReceiptID, mismatch.ReceiptID)
	var charged *bootpay.ChargeMismatchError
	require.ErrorAs(t, err, &charged)
	assert.Equal(t, "order-amt", charged.OrderID)
	assert.Equal(t, int64(9900), charged.Requested)
	assert.Equal(t, other.ReceiptID, charged.Receipt.ReceiptID)
	// Charge's rule is "charge again only after an error that does not
	// match ErrOutcomeUnknown": this one must match it, or a scheduler
	// retrying under a new order id charges twice.
	assert.ErrorIs(t, err, bootpay.ErrOutcomeUnknown)
}
