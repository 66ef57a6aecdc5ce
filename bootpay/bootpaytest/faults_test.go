package bootpaytest_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

// faultOp is an operation whose application can be observed.
type faultOp struct {
	op      bootpaytest.Operation
	create  func(srv *bootpaytest.Server) string
	call    func(a *api, id string) (result, error)
	applied func(srv *bootpaytest.Server, id string) int // state changes seen in Stats and the receipt
}

var faultOps = []faultOp{
	{
		op: bootpaytest.OpConfirm,
		create: func(srv *bootpaytest.Server) string {
			return srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000}).ReceiptID
		},
		call: func(a *api, id string) (result, error) {
			return a.Send(http.MethodPost, "/confirm", map[string]any{"receipt_id": id})
		},
		applied: func(srv *bootpaytest.Server, id string) int {
			rc, _ := srv.Receipt(id)
			n := srv.Stats().ConfirmsApplied
			if (rc.Status == bootpay.StatusPaid) != (n == 1) {
				panic("stats and receipt disagree")
			}
			return n
		},
	},
	{
		op: bootpaytest.OpCancel,
		create: func(srv *bootpaytest.Server) string {
			return srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000, Status: paid()}).ReceiptID
		},
		call: func(a *api, id string) (result, error) {
			return a.Send(http.MethodPost, "/cancel", map[string]any{"receipt_id": id, "cancel_price": 400, "cancel_id": "k1"})
		},
		applied: func(srv *bootpaytest.Server, id string) int {
			rc, _ := srv.Receipt(id)
			n := srv.Stats().CancelsApplied
			if (rc.CancelledPrice == 400) != (n == 1) {
				panic("stats and receipt disagree")
			}
			return n
		},
	},
}

func TestFaultsOnConfirmAndCancel(t *testing.T) {
	tests := sandboxtest.FaultTests(bootpaytest.ErrorBody("SERVER_BUSY", "잠시 후 다시 시도해 주세요."), bootpaytest.Faults.RateLimit, func(t *testing.T, res result) {
		requireError(t, res, http.StatusTooManyRequests, bootpaytest.CodeTooManyRequests)
	})
	for _, op := range faultOps {
		for _, tt := range tests {
			t.Run(string(op.op)+"/"+tt.Name, func(t *testing.T) {
				srv, a := newServer(t)
				id := op.create(srv)
				srv.Inject(op.op, tt.Fault, 1)
				assert.Equal(t, 1, srv.PendingFaults(op.op))

				start := time.Now()
				res, err := op.call(a, id)
				tt.Check(t, res, err)
				if tt.Name == "delay" {
					assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
				}
				assert.Equal(t, tt.Applied, op.applied(srv, id))
				assert.Equal(t, 0, srv.PendingFaults(op.op))

				reqs := srv.Requests()
				require.Len(t, reqs, 1)
				assert.Equal(t, op.op, reqs[0].Op)
				assert.Equal(t, tt.Fault.Kind(), reqs[0].Fault)
				if tt.Name == "close before read" {
					assert.Nil(t, reqs[0].Body)
				} else {
					assert.Contains(t, string(reqs[0].Body), id)
				}
				assert.Equal(t, 1, srv.Stats().Requests[op.op])

				// The fault is used up: a retry is served normally and sees the state left behind.
				res, err = op.call(a, id)
				require.NoError(t, err)
				if tt.Applied == 1 {
					want := map[bootpaytest.Operation]string{
						bootpaytest.OpConfirm: bootpaytest.CodeNotConfirmReady,
						bootpaytest.OpCancel:  bootpaytest.CodeCancelIDDuplicated,
					}[op.op]
					requireError(t, res, http.StatusBadRequest, want)
				} else {
					assert.Equal(t, http.StatusOK, res.Status, "%s", res.Raw)
				}
				assert.Equal(t, 1, op.applied(srv, id))
			})
		}
	}
}

func TestDelayedRequestAppliedAfterClientGivesUp(t *testing.T) {
	for _, op := range faultOps {
		t.Run(string(op.op), func(t *testing.T) {
			srv, a := newServer(t)
			id := op.create(srv)
			srv.Inject(op.op, bootpaytest.Faults.Delay(300*time.Millisecond), 1)
			a.HC.Timeout = 50 * time.Millisecond

			_, err := op.call(a, id)
			require.Error(t, err)
			assert.Equal(t, 0, op.applied(srv, id), "not yet")
			require.Eventually(t, func() bool { return op.applied(srv, id) == 1 }, 5*time.Second, 10*time.Millisecond)
			require.Eventually(t, func() bool { return srv.Requests()[0].StatusCode == http.StatusOK }, 5*time.Second, 10*time.Millisecond)
		})
	}
}

func TestCloseAbandonsDelayedRequests(t *testing.T) {
	srv, a := newServer(t)
	id := faultOps[0].create(srv)
	srv.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.Delay(time.Hour), 1)
	sandboxtest.CloseAbandonsDelayed(t,
		func() error {
			_, err := a.Send(http.MethodPost, "/confirm", map[string]any{"receipt_id": id})
			return err
		},
		func() int { return len(srv.Requests()) }, srv.Close, func() int { return srv.Stats().ConfirmsApplied })
}

func TestFaultsOnTokenAndReceiptGet(t *testing.T) {
	srv, a := newServer(t)
	srv.Inject(bootpaytest.OpToken, bootpaytest.Faults.CloseAfterApply(), 1)
	_, err := a.Send(http.MethodPost, "/request/token", map[string]any{"application_id": bootpaytest.ApplicationID, "private_key": bootpaytest.PrivateKey})
	require.Error(t, err)
	assert.Equal(t, 1, srv.Stats().TokensIssued, "the token was issued but never delivered")

	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})
	srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Faults.TruncatedBody(), 1)
	_, err = a.Send(http.MethodGet, "/receipt/"+rc.ReceiptID, nil)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Equal(t, http.StatusOK, a.get(rc.ReceiptID).Status)
}

func TestFaultsComeBeforeAuthentication(t *testing.T) {
	srv, a := newServer(t)
	srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Faults.Status(http.StatusBadGateway, "<html>Bad Gateway</html>"), 1)
	res := a.with("").get("anything")
	assert.Equal(t, http.StatusBadGateway, res.Status)
	assert.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
	// An applied operation still checks credentials.
	srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Faults.Delay(time.Millisecond), 1)
	requireError(t, a.with("").get("anything"), http.StatusUnauthorized, bootpaytest.CodeTokenKeyInvalid)
}

func TestFaultSequencesAndClear(t *testing.T) {
	srv, a := newServer(t)
	rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})
	srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Fault{}, 1) // first passes
	srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Faults.Status(http.StatusInternalServerError, ""), 2)
	assert.Equal(t, 3, srv.PendingFaults(bootpaytest.OpReceiptGet))
	var got []int
	for range 4 {
		got = append(got, a.get(rc.ReceiptID).Status)
	}
	assert.Equal(t, []int{200, 500, 500, 200}, got)

	srv.Inject(bootpaytest.OpReceiptGet, bootpaytest.Faults.Status(http.StatusServiceUnavailable, ""), -1)
	assert.Equal(t, -1, srv.PendingFaults(bootpaytest.OpReceiptGet))
	for range 3 {
		assert.Equal(t, http.StatusServiceUnavailable, a.get(rc.ReceiptID).Status)
	}
	srv.ClearFaults()
	assert.Equal(t, 0, srv.PendingFaults(bootpaytest.OpReceiptGet))
	assert.Equal(t, http.StatusOK, a.get(rc.ReceiptID).Status)

	// Faults are per operation.
	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.CloseBeforeRead(), 1)
	assert.Equal(t, http.StatusOK, a.confirm(rc.ReceiptID).Status)
	assert.Equal(t, 1, srv.PendingFaults(bootpaytest.OpCancel))
	assert.Equal(t, "status 503", bootpaytest.Faults.Status(503, "").String())
	assert.Equal(t, "delay 1s", bootpaytest.Faults.Delay(time.Second).String())
}

// TestTransportResendsIdempotentRequests pins a net/http behaviour that clients' tests must allow for
// (see the Fault documentation): on a reused connection, a GET dropped by the server is resent by
// http.Transport itself, so the caller sees success; a POST is not resent.
func TestTransportResendsIdempotentRequests(t *testing.T) {
	for _, f := range []bootpaytest.Fault{bootpaytest.Faults.CloseBeforeRead(), bootpaytest.Faults.CloseAfterApply()} {
		t.Run(f.String(), func(t *testing.T) {
			srv, a := newServer(t)
			rc := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 1000})
			require.Equal(t, http.StatusOK, a.get(rc.ReceiptID).Status) // leaves an idle keep-alive connection

			srv.Inject(bootpaytest.OpReceiptGet, f, 1)
			res, err := a.Send(http.MethodGet, "/receipt/"+rc.ReceiptID, nil)
			require.NoError(t, err, "resent by http.Transport")
			assert.Equal(t, http.StatusOK, res.Status)
			assert.Equal(t, 3, srv.Stats().Requests[bootpaytest.OpReceiptGet])

			require.Equal(t, http.StatusOK, a.get(rc.ReceiptID).Status)
			srv.Inject(bootpaytest.OpConfirm, f, 1)
			_, err = a.Send(http.MethodPost, "/confirm", map[string]any{"receipt_id": rc.ReceiptID})
			require.Error(t, err)
			assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpConfirm])
		})
	}
}
