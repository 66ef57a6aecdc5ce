package sandboxtest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/sandbox"
)

// A Faulted is a sandbox server as its own fault tests drive it: bootpaytest.Server,
// portonetest.Server or commercetest.Server, whose operations are of type Op.
type Faulted[Op ~string] interface {
	Inject(op Op, f sandbox.Fault, n int)
	PendingFaults(op Op) int
	ClearFaults()
}

// A FaultedCall is one request to a sandbox whose effect its fault tests observe.
type FaultedCall[Op ~string] struct {
	// Op is the operation the request is routed to.
	Op Op
	// Send makes the request with the raw client.
	Send func() (Result, error)
	// Applied counts the state changes the operation has made so far.
	Applied func() int
	// Logged returns the sandbox's request log.
	Logged func() []sandbox.Request[Op]
}

// ServeFaulted injects tt's fault for c.Op once, sends c and checks what every sandbox promises of a
// request served under a fault: tt.Check accepts the answer, a delay held it at least 50 ms, the
// fault was used up, the operation was applied tt.Applied times, and the log holds that one
// request, routed to c.Op and marked with the fault's kind, with its body unread under
// CloseBeforeRead only. It returns the answer and the request logged, for the sandbox's own checks.
func ServeFaulted[Op ~string](t *testing.T, srv Faulted[Op], tt FaultTest, c FaultedCall[Op]) (Result, sandbox.Request[Op]) {
	t.Helper()
	srv.Inject(c.Op, tt.Fault, 1)
	assert.Equal(t, 1, srv.PendingFaults(c.Op))

	start := time.Now()
	res, err := c.Send()
	tt.Check(t, res, err)
	if tt.Name == "delay" {
		assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
	}
	assert.Equal(t, tt.Applied, c.Applied())
	assert.Equal(t, 0, srv.PendingFaults(c.Op))

	reqs := c.Logged()
	require.Len(t, reqs, 1)
	assert.Equal(t, c.Op, reqs[0].Op)
	assert.Equal(t, tt.Fault.Kind(), reqs[0].Fault)
	if tt.Name == "close before read" {
		assert.Nil(t, reqs[0].Body)
	} else {
		assert.NotEmpty(t, reqs[0].Body)
	}
	return res, reqs[0]
}

// RequireFaultQueue checks the queue of faults a sandbox keeps for the operation op: faults serve
// requests in the order injected (the zero Fault lets one through), n = -1 serves every request
// until ClearFaults, and PendingFaults counts what is left. get sends one request to op that an
// unfaulted sandbox answers with 200, and returns the status.
func RequireFaultQueue[Op ~string](t *testing.T, srv Faulted[Op], op Op, get func() int) {
	t.Helper()
	srv.Inject(op, sandbox.Fault{}, 1) // first passes
	srv.Inject(op, sandbox.Status(http.StatusInternalServerError, ""), 2)
	assert.Equal(t, 3, srv.PendingFaults(op))
	var got []int
	for range 4 {
		got = append(got, get())
	}
	assert.Equal(t, []int{200, 500, 500, 200}, got)

	srv.Inject(op, sandbox.Status(http.StatusServiceUnavailable, ""), -1)
	assert.Equal(t, -1, srv.PendingFaults(op))
	for range 3 {
		assert.Equal(t, http.StatusServiceUnavailable, get())
	}
	srv.ClearFaults()
	assert.Equal(t, 0, srv.PendingFaults(op))
	assert.Equal(t, http.StatusOK, get())
}

// RequireFaultsBeforeAuth checks that a sandbox serves a fault before it checks credentials, as a
// proxy in front of the gateway would: get sends a request to op without credentials and returns
// the answer. Under a Status fault it gets the fault's status and HTML body; under a fault that
// lets the operation run, refused checks it got the gateway's own 401.
func RequireFaultsBeforeAuth[Op ~string](t *testing.T, srv Faulted[Op], op Op, get func() Result, refused func(t *testing.T, res Result)) {
	t.Helper()
	srv.Inject(op, sandbox.Status(http.StatusBadGateway, "<html>Bad Gateway</html>"), 1)
	res := get()
	assert.Equal(t, http.StatusBadGateway, res.Status)
	assert.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
	// An applied operation still checks credentials.
	srv.Inject(op, sandbox.Delay(time.Millisecond), 1)
	refused(t, get())
}
