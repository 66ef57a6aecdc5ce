package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
)

// failedAtThePG is a transport to the sandbox under which a cancellation
// request the store rejected (2) reads approved (3) with the PG's
// cancellation failing after the approval (last_errored_at after
// action_at): the sandbox has no failed PG cancellation, and a rejection
// leaves the order as it was with action_at set. Other requests read as
// they are.
type failedAtThePG struct{ next http.RoundTripper }

func (f failedAtThePG) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := f.next.RoundTrip(r)
	if err != nil || r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/order/cancel") {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	body = bytes.ReplaceAll(body, []byte(`"status":2,`), []byte(`"status":3,"last_errored_at":"2099-01-01T00:00:00Z",`))
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// The shop's refund of the rest of a checkout refunded in part (부분취소),
// approved by the store, whose PG cancellation then failed, is no "rest
// refunded": every return of the checkout says ErrRefundFailed, naming the
// cancel_id, sends nothing again (the request may still succeed) and
// leaves the order pending; the Commerce order still holds the rest.
func TestRefundOfTheRestThatFailedAtThePGIsNoRefund(t *testing.T) {
	srv := commercetest.NewServer()
	t.Cleanup(srv.Close)
	c, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey, commerce.WithBaseURL(srv.URL()),
		commerce.WithHTTPClient(&http.Client{Transport: failedAtThePG{awaitApproval{srv.Client().Transport}}}))
	require.NoError(t, err)
	shop := NewShop(c)
	ctx := context.Background()
	first := checkedOut(t, srv, shop, "shop-partly-failed", commercetest.CheckoutSpec{})
	partlyRefund(t, srv, first.OrderNumber)

	state, err := shop.CompleteCheckout(ctx, "shop-partly-failed", first.OrderNumber)
	require.ErrorIs(t, err, ErrPartlyRefunded)
	require.NotErrorIs(t, err, ErrRefundFailed, "the request was only just made")
	require.Equal(t, Pending, state)
	list, err := console(t, srv).OrderCancellations.List(ctx, commerce.CancellationListParams{OrderNumber: first.OrderNumber})
	require.NoError(t, err)
	var shops *commerce.CancellationRequest
	for i := range list {
		if list[i].CancelID == "shop-stray-"+first.OrderID {
			shops = &list[i]
		}
	}
	require.NotNil(t, shops, "the shop's request for the rest: %+v", list)
	_, err = console(t, srv).OrderCancellations.Reject(ctx, shops.ID, "PG 취소 실패 대역")
	require.NoError(t, err)

	for range 3 {
		state, err = shop.CompleteCheckout(ctx, "shop-partly-failed", first.OrderNumber)
		assert.ErrorIs(t, err, ErrRefundFailed, "a refund that failed at the PG reads: %v", err)
		if err != nil {
			assert.Contains(t, err.Error(), shops.CancelID)
		}
		assert.Equal(t, Pending, state)
	}
	assert.Equal(t, 2, srv.Stats().Requests[commercetest.OpCancelRequest], "the console's request and the shop's, once")
	o, _ := srv.Order(first.OrderNumber)
	assert.True(t, o.Status.Paid(), "the rest is still held: %v", o.Status)
	assert.Equal(t, int64(consoleRefund), o.CancelledPrice, "only the console's part went back")
}
