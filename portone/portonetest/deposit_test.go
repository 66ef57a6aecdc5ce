package portonetest_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// Deposit turns a VIRTUAL_ACCOUNT_ISSUED payment into PAID for its total,
// with paidAt, keeping the virtual account as its method; the API serves it
// so (checked against the schema). A second deposit and a deposit into a
// card payment or an unknown id are refused and change nothing.
func TestDeposit(t *testing.T) {
	srv, a := newServer(t)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "va-1", Total: 50000, Status: portone.PaymentStatusVirtualAccountIssued})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "card-1", Total: 50000})

	p, err := srv.Deposit("va-1")
	require.NoError(t, err)
	require.Equal(t, portone.PaymentStatusPaid, p.Status)
	paid, ok := p.Variant.(*portone.PaidPayment)
	require.True(t, ok, "%T", p.Variant)
	require.False(t, paid.PaidAt.IsZero())
	got := a.Must(http.MethodGet, "/payments/va-1", nil)
	require.Equal(t, http.StatusOK, got.Status)
	require.Equal(t, "PAID", got.Str("status"))
	require.Equal(t, "50000", got.At("amount.paid"))
	require.Equal(t, "PaymentMethodVirtualAccount", got.At("method.type"))

	_, err = srv.Deposit("va-1")
	require.True(t, errors.Is(err, portonetest.ErrNotAwaitingDeposit), "%v", err)
	_, err = srv.Deposit("card-1")
	require.True(t, errors.Is(err, portonetest.ErrNotAwaitingDeposit), "%v", err)
	_, err = srv.Deposit("nope")
	require.True(t, errors.Is(err, portonetest.ErrUnknownPayment), "%v", err)
	card, _ := srv.Payment("card-1")
	require.Equal(t, portone.PaymentStatusPaid, card.Status)
}
