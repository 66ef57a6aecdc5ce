package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// serverClock is the sandbox's clock, moved by the test.
type serverClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *serverClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *serverClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// TestUnsubscribeOnAForeignReserveIDStillStopsTheCharge: the reserve
// reply carries another customer's reserve_id, but the request did make
// this member's reservation. Unsubscribe cannot cancel it (it is not the
// reservation named), so it destroys the key all the same: when the month
// comes, nothing charges the member who unsubscribed.
func TestUnsubscribeOnAForeignReserveIDStillStopsTheCharge(t *testing.T) {
	clock := &serverClock{now: time.Now()}
	srv, c := sandbox(t, bootpaytest.WithClock(clock.Now))
	ctx := context.Background()
	card := bootpay.IssueBillingKeyParams{PG: "nicepay", CardNumber: "5365101234561234",
		CardPassword: "12", CardIdentityNo: "900101", CardExpireYear: "28", CardExpireMonth: "07"}
	month := clock.Now()
	theirPlan := Plan{SubscriptionID: "sub-theirs", Name: "월간", Price: 9900}
	theirKey, err := Subscribe(ctx, c, theirPlan, card)
	require.NoError(t, err)
	theirs, err := ScheduleNext(ctx, c, theirPlan, theirKey, month, 0)
	require.NoError(t, err)

	plan := Plan{SubscriptionID: "sub-mine", Name: "월간", Price: 9900}
	key, err := Subscribe(ctx, c, plan, card)
	require.NoError(t, err)
	srv.Inject(bootpaytest.OpReserve, bootpaytest.Faults.StatusAfterApply(200, `{"reserve_id":"`+theirs.ReserveID+`"}`), 1)
	rv, err := ScheduleNext(ctx, c, plan, key, month, 0)
	require.NoError(t, err)
	require.Equal(t, 2, srv.Stats().ReservationsCreated, "the member's own reservation was made")

	order := monthOrderID(plan, nextMonth(month))
	require.Error(t, Unsubscribe(ctx, c, key, rv.ReserveID, order))

	clock.Advance(40 * 24 * time.Hour)
	srv.RunDueReservations()
	r, err := c.Billing.ReconcileCharge(ctx, bootpay.ReconcileChargeParams{OrderID: order, Amount: plan.Price})
	assert.Error(t, err, "the member unsubscribed, yet %s was charged", order)
	assert.Nil(t, r)
}

// TestRunCancelsTheReservationReturnedWithAWrongTimeError: Reserve
// returns the reply's Reservation WITH the *OutcomeUnknownError when the
// reply names another execute time. Run, which unsubscribes right after,
// cancels that reservation (it is this order's) and destroys the key.
func TestRunCancelsTheReservationReturnedWithAWrongTimeError(t *testing.T) {
	srv := bootpaytest.NewServer()
	t.Cleanup(srv.Close)
	hc := &http.Client{Transport: dayEarlier{http.DefaultTransport}}
	c, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(srv.URL()),
		bootpay.WithHTTPClient(hc))
	require.NoError(t, err)

	var out bytes.Buffer
	err = Run(context.Background(), c, time.Now(), &out)
	t.Logf("Run: %v", err)
	st := srv.Stats()
	require.Equal(t, 1, st.ReservationsCreated)
	assert.Equal(t, 1, st.ReservationsCancelled, "the member's own mis-timed reservation is left to charge")
	assert.Equal(t, 1, st.BillingKeysDestroyed, "the unsubscribed member's key is left live")
}

// dayEarlier answers every reserve with the gateway's reply, its
// reserve_execute_at moved one day earlier.
type dayEarlier struct{ next http.RoundTripper }

func (rt dayEarlier) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := rt.next.RoundTrip(r)
	if err != nil || r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/subscribe/payment/reserve") || res.StatusCode != http.StatusOK {
		return res, err
	}
	body, err := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, err
	}
	at, err := time.Parse(time.RFC3339, m["reserve_execute_at"].(string))
	if err != nil {
		return nil, err
	}
	m["reserve_execute_at"] = at.Add(-24 * time.Hour).Format(time.RFC3339)
	if body, err = json.Marshal(m); err != nil {
		return nil, err
	}
	res.Body, res.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	res.Header.Del("Content-Length")
	return res, nil
}
