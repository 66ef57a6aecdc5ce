package reconcile_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
)

// A 200 whose body lacks the schema's required "items" (an unstable
// endpoint renamed it, a proxy answered {}) is not a list that ended: it
// must end the run with an error. Read as "no items", the day's deposit of
// a virtual account issued the day before (only the events name it) is
// never reported and the run looks complete; the creation list has the
// same gap for a paid payment of the day the merchant does not have.
func TestPortOneListWithoutItemsEndsTheRun(t *testing.T) {
	for _, body := range []string{`{}`, `{"items":null}`} {
		t.Run("events "+body, func(t *testing.T) {
			issued := day.From.Add(-10 * time.Hour)
			srv, c, clock := newPortOneAt(t, issued)
			srv.CreatePayment(portonetest.PaymentSpec{ID: "ev-vbank", Total: 50000, Status: portone.PaymentStatusVirtualAccountIssued})
			clock.Set(dayAt)
			_, err := srv.Deposit("ev-vbank")
			require.NoError(t, err)
			srv.Inject(portonetest.OpPaymentEventListByCursor, portonetest.Faults.Status(http.StatusOK, body), -1)
			order := reconcile.Record{Key: "ev-vbank", Amount: 50000, Status: reconcile.StatusPending, SourceStatus: "awaiting_deposit", At: issued}

			found, runErr := drainDay(sandboxPortOne(c), order)

			require.Error(t, runErr, "a reply without items read as no payment events: the deposit went unreported (found %v)", found)
			require.Empty(t, found)
		})
		t.Run("payments "+body, func(t *testing.T) {
			srv, c := newPortOne(t)
			srv.CreatePayment(portonetest.PaymentSpec{ID: "paid-today", Total: 50000, RequestedAt: dayAt})
			srv.Inject(portonetest.OpPaymentListByCursor, portonetest.Faults.Status(http.StatusOK, body), -1)

			found, runErr := drainDay(sandboxPortOne(c))

			require.Error(t, runErr, "a reply without items read as no payments: a paid payment the merchant lacks went unreported (found %v)", found)
		})
	}
}
