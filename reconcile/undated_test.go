package reconcile_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/reconcile"
)

// A Commerce order the list gives without created_at (Order decodes an
// absent, empty or null time as the zero time) is kept: period.Contains
// of the zero time is false, and dropping it would leave a paid order the
// merchant does not have unreported in this run and in every other one.
func TestUndatedCommerceOrderIsNotDropped(t *testing.T) {
	srv, c := newCommerce(t)
	body := `{"list":[{"order_id":"id-x","order_number":"ud-nodate","price":50000,"status":2,"receipt_status":1,"created_at":null}],"count":1}`
	srv.Inject(commercetest.OpOrderList, commercetest.Faults.Status(http.StatusOK, body), 1)

	got, runErr := drainDay(reconcile.Commerce(c))

	require.True(t, runErr != nil || len(got) == 1, "a paid order without created_at vanished from the reconciliation")
	require.NoError(t, runErr)
	require.Equal(t, reconcile.MissingAtMerchant, got[0].Kind)
	require.Equal(t, "ud-nodate", got[0].Key)
	require.True(t, got[0].Gateway.At.IsZero())
}

// A PortOne payment the cursor list gives without requestedAt (Payment
// decodes an absent one as the zero time) is kept likewise: PortOne's own
// filter returned it, and a paid payment the merchant does not have is
// reported rather than never. Only the undated are kept: a dated payment
// before the period, or at its Until (PortOne's until is inclusive), is
// still left out.
func TestUndatedPortOnePaymentIsNotDropped(t *testing.T) {
	srv, c := newPortOne(t)
	item := func(id, requestedAt string) string {
		return `{"cursor":"c-` + id + `","payment":{"status":"PAID","id":"` + id + `","currency":"KRW","amount":{"total":50000,"cancelled":0}` + requestedAt + `}}`
	}
	at := func(t time.Time) string { return `,"requestedAt":"` + t.UTC().Format(time.RFC3339Nano) + `"` }
	page := `{"items":[` + strings.Join([]string{
		item("ud-before", at(day.From.Add(-time.Millisecond))),
		item("ud-nodate", ""),
		item("ud-inside", at(dayAt)),
		item("ud-until", at(day.Until)),
	}, ",") + `]}`
	srv.Inject(portonetest.OpPaymentListByCursor, portonetest.Faults.Status(http.StatusOK, page), 1)
	srv.Inject(portonetest.OpPaymentListByCursor, portonetest.Faults.Status(http.StatusOK, `{"items":[]}`), 1)

	got, runErr := drainDay(reconcile.PortOne(c))

	require.NoError(t, runErr)
	keys := map[string]reconcile.Kind{}
	for _, d := range got {
		keys[d.Key] = d.Kind
	}
	require.Contains(t, keys, "ud-nodate", "a paid payment without requestedAt vanished from the reconciliation")
	require.Equal(t, map[string]reconcile.Kind{"ud-nodate": reconcile.MissingAtMerchant, "ud-inside": reconcile.MissingAtMerchant}, keys)
}
