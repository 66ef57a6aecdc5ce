package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// demoSecret is a PortOne webhook secret for the demo (base64 of 24 bytes).
const demoSecret = "whsec_ZGVtby13ZWJob29rLXNlY3JldC0wMDAx"

// demo wires a Receiver to the two sandboxes and delivers each payment's
// webhook twice and the browser's report once.
func demo(ctx context.Context, out io.Writer) error {
	ps := portonetest.NewServer()
	defer ps.Close()
	bs := bootpaytest.NewServer()
	defer bs.Close()
	rc, err := newDemoReceiver(ps, bs)
	if err != nil {
		return err
	}
	h := rc.Routes()

	rc.Shop.Add("order-portone-1", 50000)
	ps.CreatePayment(portonetest.PaymentSpec{ID: "order-portone-1", Total: 50000, Channel: liveChannel()})
	event := webhooktest.PortOneTransaction("Transaction.Paid", time.Now(), "store-1", "order-portone-1", "tx-1", "")
	for attempt := 1; attempt <= 2; attempt++ {
		req, err := webhooktest.NewPortOneRequest("/webhooks/portone", demoSecret, "msg-1", time.Now(), event)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "PortOne webhook, attempt %d: %d\n", attempt, serve(h, req).Code)
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/payment/complete", bytes.NewReader([]byte(`{"paymentId":"order-portone-1"}`)))
	fmt.Fprintf(out, "PortOne browser /payment/complete: %d\n", serve(h, req).Code)

	rc.Shop.Add("order-bootpay-1", 15000)
	r := bs.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-bootpay-1", Price: 15000, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
	body := webhooktest.BootpayPayload{WebhookType: "PAYMENT_COMPLETED", ReceiptID: r.ReceiptID, OrderID: r.OrderID, Price: r.Price, Status: 1}.JSON()
	for attempt := 1; attempt <= 2; attempt++ {
		req, err := webhooktest.NewBootpayRequest("/webhooks/bootpay", body, false)
		if err != nil {
			return err
		}
		rec := serve(h, req)
		fmt.Fprintf(out, "Bootpay webhook, attempt %d: %d %s\n", attempt, rec.Code, rec.Body.String())
	}
	for _, id := range []string{"order-portone-1", "order-bootpay-1"} {
		o, _ := rc.Shop.Get(id)
		fmt.Fprintf(out, "%s fulfilled %d time(s)\n", id, o.Fulfilled)
	}
	return nil
}

// liveChannel is the channel the demo's sandbox payments go through. The
// sandbox's default is a TEST channel, which the receiver refuses (it
// verifies without AllowTest), so the demo pays through a LIVE one, as a
// real buyer would.
func liveChannel() *portone.SelectedChannel {
	return &portone.SelectedChannel{Type: portone.SelectedChannelTypeLive, PGProvider: portone.PGProviderTosspayments, PGMerchantID: "tosstest"}
}

func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// newDemoReceiver builds a Receiver on the sandboxes with an in-memory
// process-once store.
func newDemoReceiver(ps *portonetest.Server, bs *bootpaytest.Server) (*Receiver, error) {
	pc, err := portone.NewClient(portonetest.APISecret, portone.WithBaseURL(ps.URL()))
	if err != nil {
		return nil, err
	}
	bc, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, bootpaytest.SecretKey), bootpay.WithBaseURL(bs.URL()))
	if err != nil {
		return nil, err
	}
	v, err := webhook.NewPortOneVerifier(webhook.PortOneConfig{Secrets: []string{demoSecret}})
	if err != nil {
		return nil, err
	}
	return &Receiver{
		Shop: NewShop(), PortOne: pc, Bootpay: bc, PortOneVerifier: v,
		Once: &webhook.Processor{Store: webhook.NewMemoryStore(webhook.MemoryConfig{})},
	}, nil
}
