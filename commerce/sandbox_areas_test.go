package commerce_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// A contract moves active → paused → active → terminated; resuming an
// active contract and pausing a terminated one are refused and change
// nothing.
func TestSandboxSubscriptionTransitions(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := context.Background()
	ref := srv.CreateSubscription(commercetest.ContractSpec{UserID: "u1"})
	at := commerce.Time{Time: time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC)}

	sub, err := c.Subscriptions.Pause(ctx, ref.OrderSubscriptionID, commerce.PauseParams{Reason: "trip", PausedAt: at})
	require.NoError(t, err)
	assert.Equal(t, commerce.SubscriptionPaused, sub.Status)
	assert.True(t, sub.PausedAt.Equal(at.Time))

	sub, err = c.Subscriptions.Resume(ctx, ref.OrderSubscriptionID, "back")
	require.NoError(t, err)
	assert.Equal(t, commerce.SubscriptionActive, sub.Status)

	_, err = c.Subscriptions.Resume(ctx, ref.OrderSubscriptionID, "again")
	var apiErr *commerce.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, commerce.ErrorCode(commercetest.CodeResumeUnable), apiErr.Code)

	sub, err = c.Subscriptions.Terminate(ctx, ref.OrderSubscriptionID, commerce.TerminateParams{Reason: "moving"})
	require.NoError(t, err)
	assert.Equal(t, commerce.SubscriptionTerminated, sub.Status)
	_, err = c.Subscriptions.Pause(ctx, ref.OrderSubscriptionID, commerce.PauseParams{PausedAt: at})
	require.Error(t, err)

	status, _ := srv.SubscriptionStatus(ref.OrderSubscriptionID)
	assert.Equal(t, commerce.SubscriptionTerminated, status)
	assert.Equal(t, 3, srv.Stats().SubscriptionTransitions, "the refused moves changed nothing")

	got, err := c.Subscriptions.Get(ctx, ref.OrderSubscriptionID)
	require.NoError(t, err)
	assert.Equal(t, commerce.SubscriptionTerminated, got.Status)
}

// An on-demand charge creates one paid order per call: Charge is Unsafe
// and sends no Idempotency-Key, so a second call is a second charge (the
// caller reconciles an unknown one by its order id instead of calling
// again); a revoked key charges no more.
func TestSandboxChargeOnceAndRevoke(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := context.Background()
	ref := srv.CreateSubscription(commercetest.ContractSpec{})
	p := commerce.ChargeParams{ChargeKey: ref.ChargeKey, Price: 5000, Metadata: map[string]any{"order_id": "m-2025-08"}}
	first, err := c.Subscriptions.Charge(ctx, p)
	require.NoError(t, err)
	assert.Equal(t, int64(5000), first.Price.Int64())
	order, ok := srv.Order(first.OrderNumber)
	require.True(t, ok)
	assert.Equal(t, int64(5000), order.Price)
	assert.Equal(t, 1, srv.Stats().ChargesApplied)
	assert.Empty(t, srv.Requests()[len(srv.Requests())-1].Header.Get("Idempotency-Key"), "an unsafe write carries no key net/http could replay it under")

	second, err := c.Subscriptions.Charge(ctx, p)
	require.NoError(t, err)
	assert.NotEqual(t, first.OrderID, second.OrderID, "a second call is a second charge")
	assert.Equal(t, 2, srv.Stats().ChargesApplied)

	_, err = c.Subscriptions.RevokeChargeKey(ctx, ref.ChargeKey, nil)
	require.NoError(t, err)
	_, err = c.Subscriptions.Charge(ctx, p)
	assert.ErrorIs(t, err, commerce.ErrNotFound)
	assert.Equal(t, 2, srv.Stats().ChargesApplied)
}

// The store's decisions need the supervisor role: keys scoped to user
// only are refused with 403 API_SCOPE_INVALID, and nothing changes.
func TestSandboxSubscriptionRoleScope(t *testing.T) {
	srv, c := newSandbox(t, commercetest.WithKeyRoles(commerce.RoleUser))
	ref := srv.CreateSubscription(commercetest.ContractSpec{})
	_, err := c.Subscriptions.Charge(context.Background(), commerce.ChargeParams{ChargeKey: ref.ChargeKey, Price: 1,
		Metadata: map[string]any{"order_id": "m-1"}})
	assert.ErrorIs(t, err, commerce.ErrPermissionDenied)
	_, err = c.Products.Create(context.Background(), commerce.ProductParams{Name: "x", DisplayPrice: commercetest.Ptr[int64](1)})
	assert.ErrorIs(t, err, commerce.ErrPermissionDenied)
	assert.Zero(t, srv.Stats().ChargesApplied)
	assert.Zero(t, srv.Stats().ProductsCreated)
}

// The product, user and group iterators page lazily over 3+ pages and
// stop at an early break without fetching further pages.
func TestSandboxAreaIteratorsPageAndStop(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := context.Background()
	for i := range 5 {
		_, err := c.Products.Create(ctx, commerce.ProductParams{Name: "차 " + string(rune('A'+i)), DisplayPrice: commercetest.Ptr[int64](1000)})
		require.NoError(t, err)
		_, err = c.Users.Join(ctx, commerce.UserParams{LoginID: "buyer0" + string(rune('A'+i))})
		require.NoError(t, err)
		srv.CreateSubscription(commercetest.ContractSpec{})
	}
	type run struct {
		op    commercetest.Operation
		all   func(limit int, stopAfter int) (int, error)
		total int
	}
	runs := []run{
		{commercetest.OpProductList, func(limit, stop int) (int, error) {
			return drain(c.Products.All(ctx, commerce.ProductListParams{ListPage: commerce.ListPage{Limit: limit}}), stop)
		}, 5},
		{commercetest.OpUserList, func(limit, stop int) (int, error) {
			return drain(c.Users.All(ctx, commerce.UserListParams{ListPage: commerce.ListPage{Limit: limit}}), stop)
		}, 5},
		{commercetest.OpSubscriptionList, func(limit, stop int) (int, error) {
			return drain(c.Subscriptions.All(ctx, commerce.SubscriptionListParams{ListPage: commerce.ListPage{Limit: limit}}), stop)
		}, 5},
	}
	for _, r := range runs {
		before := srv.Stats().Requests[r.op]
		n, err := r.all(2, 0)
		require.NoError(t, err)
		assert.Equal(t, r.total, n, r.op)
		assert.Equal(t, 3, srv.Stats().Requests[r.op]-before, "%s: pages of 2, 2, 1", r.op)

		before = srv.Stats().Requests[r.op]
		n, err = r.all(2, 3)
		require.NoError(t, err)
		assert.Equal(t, 3, n)
		assert.Equal(t, 2, srv.Stats().Requests[r.op]-before, "%s: a break on page 2 fetches no page 3", r.op)
	}
}

// A product with two image files reaches the sandbox as one multipart
// request whose files it reads as images[0] and images[1].
func TestSandboxProductWithImages(t *testing.T) {
	srv, c := newSandbox(t)
	p, err := c.Products.Create(context.Background(), commerce.ProductParams{Name: "녹차", DisplayPrice: commercetest.Ptr[int64](12000), StatusSale: commercetest.Ptr(true),
		ImageFiles: []commerce.ImageFile{{Filename: "a.png", Data: []byte("A")}, {Filename: "b.png", Data: []byte("B")}}})
	require.NoError(t, err)
	assert.Equal(t, "녹차", p.Name)
	assert.Equal(t, int64(12000), p.DisplayPrice.Int64())
	assert.True(t, p.StatusSale)
	n, ok := srv.ProductImages(p.ProductID)
	require.True(t, ok)
	assert.Equal(t, 2, n)
	assert.Equal(t, 1, srv.Stats().Requests[commercetest.OpProductCreate])
	assert.Equal(t, 1, srv.Stats().ProductsCreated)
}

// Users join once (a second join of the same login id is refused: joining
// is Unsafe and carries no Idempotency-Key), join groups through the
// manager role, and a corporate group needs its business number (442,
// invalid).
func TestSandboxUsersAndGroups(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := context.Background()
	u, err := c.Users.Join(ctx, commerce.UserParams{LoginID: "buyer01", LoginPW: "pw"})
	require.NoError(t, err)
	_, err = c.Users.Join(ctx, commerce.UserParams{LoginID: "buyer01", LoginPW: "pw"})
	assert.ErrorIs(t, err, commerce.ErrInvalidRequest, "the login id is taken")
	assert.Equal(t, 1, srv.Stats().UsersJoined)
	assert.Empty(t, srv.Requests()[len(srv.Requests())-1].Header.Get("Idempotency-Key"))

	_, err = c.UserGroups.Create(ctx, commerce.UserGroupParams{CorporateType: commerce.Corporate, CompanyName: "차상회"})
	var ve *commerce.ValidationError
	require.ErrorAs(t, err, &ve, "refused before any I/O")
	g, err := c.UserGroups.Create(ctx, commerce.UserGroupParams{CorporateType: commerce.Corporate, CompanyName: "차상회", BusinessNumber: "1234567890"})
	require.NoError(t, err)
	_, err = c.UserGroups.AddUser(ctx, g.UserGroupID, u.UserID)
	require.NoError(t, err)
	got, err := c.Users.Get(ctx, u.UserID)
	require.NoError(t, err)
	assert.Equal(t, g.UserGroupID, got.UserGroupID)
	group, err := c.UserGroups.Get(ctx, g.UserGroupID)
	require.NoError(t, err)
	assert.Equal(t, 1, group.Count)
	_, err = c.UserGroups.RemoveUser(ctx, g.UserGroupID, u.UserID)
	require.NoError(t, err)
	_, err = c.Users.Delete(ctx, u.UserID)
	require.NoError(t, err)
	_, err = c.Users.Get(ctx, u.UserID)
	assert.True(t, errors.Is(err, commerce.ErrNotFound))
}

// drain ranges over seq, breaking after stop items (0: never), and
// returns how many it saw.
func drain[T any](seq iter.Seq2[*T, error], stop int) (int, error) {
	n := 0
	for _, err := range seq {
		if err != nil {
			return n, err
		}
		if n++; n == stop {
			break
		}
	}
	return n, nil
}

// chargeAnswered charges 9900 for "cycle-2025-09" against a sandbox that
// answers the charge with reply (200) without charging anything.
func chargeAnswered(t *testing.T, reply string) (*commerce.Charge, error) {
	t.Helper()
	srv, c := newSandbox(t)
	sub := srv.CreateSubscription(commercetest.ContractSpec{Price: 9900})
	srv.Inject(commercetest.OpSubscriptionCharge, commercetest.Faults.Status(http.StatusOK, reply), 1)
	ch, err := c.Subscriptions.Charge(context.Background(), commerce.ChargeParams{ChargeKey: sub.ChargeKey, Price: 9900,
		Metadata: map[string]any{"order_id": "cycle-2025-09"}})
	require.Zero(t, srv.Stats().ChargesApplied, "setup: nothing was charged")
	require.Equal(t, 1, srv.Stats().Requests[commercetest.OpSubscriptionCharge], "the charge is sent once")
	return ch, err
}

func describe(ch *commerce.Charge) string {
	if ch == nil {
		return "no charge"
	}
	return fmt.Sprintf("price %d, status %v, receipt_status %v", ch.Price, ch.Status, ch.ReceiptStatus)
}

// A 2xx that says the payment failed, took another amount, or is not paid
// yet is never a charge made: the merchant must not record a paid cycle
// that was never paid (or paid 100 won of 9900). The answer's shape is
// UNCONFIRMED, so price, status and receipt_status are not required (null
// is absent): an answer that names the order and does not contradict the
// request is the charge.
func TestChargeAnswerIsAChargeOnlyWhenItDoesNotContradictTheRequest(t *testing.T) {
	for name, reply := range map[string]string{
		"approval failed":  `{"order_id":"o-1","order_number":"N-1","receipt_id":"r-1","price":9900,"status":0,"receipt_status":-2}`,
		"another amount":   `{"order_id":"o-1","order_number":"N-1","receipt_id":"r-1","price":100,"status":2,"receipt_status":1}`,
		"not paid (ready)": `{"order_id":"o-1","order_number":"N-1","receipt_id":"r-1","price":9900,"status":0,"receipt_status":0}`,
	} {
		t.Run(name, func(t *testing.T) {
			ch, err := chargeAnswered(t, reply)
			require.Error(t, err, "Charge of 9900 succeeded with %s", describe(ch))
		})
	}

	for _, reply := range []string{
		`{"order_id":"o-1","receipt_id":"r-1"}`,
		`{"order_id":"o-1","price":null,"status":null,"receipt_status":null}`,
		`{"order_id":"o-1","order_number":"N-1","price":9900,"status":2,"receipt_status":1}`,
		`{"order_id":"o-1","price":9900.0,"receipt_status":1}`,
	} {
		ch, err := chargeAnswered(t, reply)
		require.NoError(t, err, reply)
		assert.Equal(t, "o-1", ch.OrderID, reply)
	}
}

// receipt_status -2 (결제 승인 실패) with an unpaid status is a
// *ChargeFailedError: nothing was taken, which is not an unknown outcome,
// and the error names the caller's order id and Commerce's order.
func TestChargeAnswerApprovalFailedIsChargeFailedError(t *testing.T) {
	for _, reply := range []string{
		`{"order_id":"o-1","order_number":"N-1","receipt_id":"r-1","price":9900,"status":0,"receipt_status":-2}`,
		`{"order_id":"o-1","order_number":"N-1","receipt_id":"r-1","receipt_status":"-2"}`,
	} {
		_, err := chargeAnswered(t, reply)
		var failed *commerce.ChargeFailedError
		require.True(t, errors.As(err, &failed), "%s: %T %v", reply, err, err)
		assert.Equal(t, "cycle-2025-09", failed.Reference)
		assert.Equal(t, "N-1", failed.Charge.OrderNumber)
		assert.Equal(t, commerce.ReceiptFailed, failed.Charge.ReceiptStatus)
		assert.JSONEq(t, reply, string(failed.Charge.RawJSON()))
		assert.NotErrorIs(t, err, commerce.ErrOutcomeUnknown, reply)
		assert.Contains(t, err.Error(), "cycle-2025-09")
	}
}

// A payment answered as paid at another price is a *ChargeMismatchError
// carrying both prices: money was taken, not as asked. It matches
// ErrOutcomeUnknown, so a caller that only reconciles unknown outcomes
// still looks the order up instead of charging again.
func TestChargeAnswerAtAnotherPriceIsChargeMismatchError(t *testing.T) {
	for _, reply := range []string{
		`{"order_id":"o-1","order_number":"N-1","receipt_id":"r-1","price":100,"status":2,"receipt_status":1}`,
		`{"order_id":"o-1","order_number":"N-1","price":99000}`,
		`{"order_id":"o-1","order_number":"N-1","price":0,"receipt_status":1}`,
	} {
		_, err := chargeAnswered(t, reply)
		var mismatch *commerce.ChargeMismatchError
		require.True(t, errors.As(err, &mismatch), "%s: %T %v", reply, err, err)
		assert.Equal(t, "cycle-2025-09", mismatch.Reference)
		assert.Equal(t, int64(9900), mismatch.Requested)
		assert.NotEqual(t, int64(9900), mismatch.Charge.Price.Int64())
		assert.ErrorIs(t, err, commerce.ErrOutcomeUnknown, reply)
	}
}

// Any other receipt_status than paid (ready, awaiting confirmation, a
// virtual account, cancelled, an unknown code), and -2 when the order's
// status says paid, is an unknown outcome carrying the caller's order id:
// the payment may still complete, so the caller must not charge again.
func TestChargeAnswerNotPaidYetIsUnknown(t *testing.T) {
	for _, reply := range []string{
		`{"order_id":"o-1","order_number":"N-1","price":9900,"status":0,"receipt_status":0}`,
		`{"order_id":"o-1","order_number":"N-1","price":9900,"receipt_status":2}`,
		`{"order_id":"o-1","order_number":"N-1","price":9900,"receipt_status":5}`,
		`{"order_id":"o-1","order_number":"N-1","price":9900,"receipt_status":20}`,
		`{"order_id":"o-1","order_number":"N-1","price":9900,"receipt_status":77}`,
		`{"order_id":"o-1","order_number":"N-1","price":9900,"status":2,"receipt_status":-2}`,
	} {
		_, err := chargeAnswered(t, reply)
		var unknown *commerce.OutcomeUnknownError
		require.True(t, errors.As(err, &unknown), "%s: %T %v", reply, err, err)
		assert.Equal(t, "cycle-2025-09", unknown.Reference)
		assert.Contains(t, err.Error(), "N-1", "names Commerce's order to look up")
	}
}
