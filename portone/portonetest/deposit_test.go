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

// Closing a virtual account (가상계좌 말소) ends it unpaid: the API answers
// {closedAt} (checked against the schema), the payment then reads CANCELLED
// with nothing paid or cancelled, and a deposit is refused. A second close,
// a close of a paid payment and of an unknown one are refused and change
// nothing; a close under the key of an applied one is replayed.
func TestCloseVirtualAccount(t *testing.T) {
	srv, a := newServer(t)
	srv.CreatePayment(portonetest.PaymentSpec{ID: "va-1", Total: 50000, Status: portone.PaymentStatusVirtualAccountIssued})
	srv.CreatePayment(portonetest.PaymentSpec{ID: "va-2", Total: 50000, Status: portone.PaymentStatusVirtualAccountIssued})
	closeVA := func(id string, opts ...opt) result {
		t.Helper()
		return a.Must(http.MethodPost, "/payments/"+id+"/virtual-account/close", nil, opts...)
	}

	got := closeVA("va-1", key("close-va-1-key-0001"))
	require.Equal(t, http.StatusOK, got.Status, "%s", got.Raw)
	require.NotEmpty(t, got.Str("closedAt"))
	p := a.getPayment("va-1")
	require.Equal(t, "CANCELLED", p.Str("status"))
	require.Equal(t, "0", p.At("amount.paid"))
	require.Equal(t, "0", p.At("amount.cancelled"))
	require.Equal(t, got.Str("closedAt"), p.Str("cancelledAt"))
	require.Empty(t, p.Get("cancellations"))
	stored, _ := srv.Payment("va-1")
	require.IsType(t, &portone.CancelledPayment{}, stored.Variant)
	_, err := srv.Deposit("va-1")
	require.True(t, errors.Is(err, portonetest.ErrNotAwaitingDeposit), "%v", err)

	again := closeVA("va-1", key("close-va-1-key-0001"))
	require.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
	require.Equal(t, string(got.Raw), string(again.Raw))
	requireError(t, closeVA("va-1"), http.StatusConflict, portone.ErrorTypePaymentNotWaitingForDeposit)

	_, err = srv.Deposit("va-2")
	require.NoError(t, err)
	requireError(t, closeVA("va-2"), http.StatusConflict, portone.ErrorTypePaymentNotWaitingForDeposit)
	paid, _ := srv.Payment("va-2")
	require.Equal(t, portone.PaymentStatusPaid, paid.Status)
	requireError(t, closeVA("nope"), http.StatusNotFound, portone.ErrorTypePaymentNotFound)

	st := srv.Stats()
	require.Equal(t, 1, st.VirtualAccountsClosed)
	require.Equal(t, 5, st.Requests[portonetest.OpVirtualAccountClose])
}
