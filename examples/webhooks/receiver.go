// Command webhooks is a webhook receiver for PortOne V2 and Bootpay that
// fulfils each paid order exactly once, whether the payment is reported by
// the webhook, by its redeliveries, by the buyer's browser, or by all of
// them in any order (package webhook's Processor over an in-memory Store).
//
//	go run ./webhooks
//
// runs it against the in-process PortOne and Bootpay sandboxes: it creates
// one order per gateway, delivers each payment's webhook twice and reports
// it from the browser once, and prints how often each order was fulfilled
// (once). To serve real webhooks, mount Receiver.Routes on your server,
// with your PortOne webhook secret, your API clients, and a Store shared
// by your instances (see webhook.Store for its SQL contract).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"os"
	"sync"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/webhook"
)

func main() {
	fmt.Println("Webhook receiver for PortOne and Bootpay against the in-process sandboxes: each webhook delivered twice and the browser's report once, each order fulfilled once")
	if err := demo(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "webhooks:", err)
		os.Exit(1)
	}
}

// Order is the merchant's own record: the amount comes from here, never
// from a webhook or a browser.
type Order struct {
	ID        string // the order id; for PortOne also the paymentId
	Amount    int64
	Fulfilled int // how many times it was fulfilled: must end at 1
}

// Shop is the merchant's order book (a database in production).
type Shop struct {
	mu     sync.Mutex
	orders map[string]*Order
}

// NewShop returns an empty Shop.
func NewShop() *Shop { return &Shop{orders: map[string]*Order{}} }

// Add records an order.
func (s *Shop) Add(id string, amount int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.orders[id] = &Order{ID: id, Amount: amount}
}

// Get returns a copy of an order.
func (s *Shop) Get(id string) (Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return Order{}, false
	}
	return *o, true
}

// fulfil ships the order. It is not idempotent by itself, on purpose: the
// Processor is what keeps it to once.
func (s *Shop) fulfil(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return errors.New("unknown order " + id)
	}
	o.Fulfilled++
	return nil
}

// Receiver holds what the three endpoints share.
type Receiver struct {
	Shop    *Shop
	PortOne *portone.Client
	Bootpay *bootpay.Client
	Once    *webhook.Processor
	// PortOneVerifier checks PortOne's signatures.
	PortOneVerifier *webhook.PortOneVerifier
	// TrustedProxies are your load balancers, whose X-Forwarded-For the
	// Bootpay source guard believes.
	TrustedProxies []netip.Prefix
}

// Routes returns the receiver's endpoints:
//
//	POST /webhooks/portone   PortOne V2 webhooks
//	POST /webhooks/bootpay   Bootpay PG webhooks
//	POST /payment/complete   the browser's report of a PortOne payment {"paymentId"}
func (rc *Receiver) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks/portone", webhook.PortOneHandler(rc.PortOneVerifier, rc.onPortOne, webhook.WithProcessor(rc.Once)))
	mux.Handle("POST /webhooks/bootpay", webhook.BootpayHandler(webhook.BootpayLookup{Client: rc.Bootpay}, rc.onBootpay,
		webhook.WithProcessor(rc.Once), webhook.WithSourceGuard(webhook.SourceGuard{TrustedProxies: rc.TrustedProxies})))
	mux.HandleFunc("POST /payment/complete", rc.complete)
	return mux
}

// onPortOne acts on a verified PortOne event. The event only names the
// payment: look it up and compare it with the order before fulfilling.
func (rc *Receiver) onPortOne(ctx context.Context, d *webhook.PortOneDelivery) error {
	e, ok := d.Event.(*webhook.PortOneTransaction)
	if !ok || e.Type != webhook.PortOneTransactionPaid {
		return nil // other events (and unknown types) are acknowledged and ignored here
	}
	return rc.fulfilPortOne(ctx, e.PaymentID)
}

// fulfilPortOne verifies the payment against the order and fulfils it.
// It runs inside Processor.Process, under the payment's key.
func (rc *Receiver) fulfilPortOne(ctx context.Context, paymentID string) error {
	order, ok := rc.Shop.Get(paymentID)
	if !ok {
		return errors.New("unknown order " + paymentID)
	}
	v, err := rc.PortOne.Payments.Verify(ctx, portone.VerifyParams{PaymentID: paymentID, Amount: order.Amount, Currency: portone.CurrencyKRW})
	if err != nil {
		return err // a mismatch (위변조 의심) or a failed lookup: nothing is fulfilled
	}
	if v.Outcome != portone.OutcomePaid {
		return nil
	}
	return rc.Shop.fulfil(order.ID)
}

// onBootpay acts on a Bootpay event whose receipt was looked up and agreed
// with it: compare the receipt with the order, then fulfil.
func (rc *Receiver) onBootpay(_ context.Context, d *webhook.BootpayDelivery) error {
	if d.Event.Kind() != webhook.BootpayPaymentCompleted {
		return nil
	}
	order, ok := rc.Shop.Get(d.Receipt.OrderID)
	if !ok {
		return errors.New("unknown order " + d.Receipt.OrderID)
	}
	if err := d.Receipt.Verify(bootpay.VerifyParams{OrderID: order.ID, Amount: order.Amount, Status: bootpay.StatusPaid}); err != nil {
		return err
	}
	return rc.Shop.fulfil(order.ID)
}

// complete is the browser's path for PortOne: the same verification and
// the same key as the Transaction.Paid webhook, so the two run fulfilment
// once between them.
func (rc *Receiver) complete(w http.ResponseWriter, r *http.Request) {
	var in struct {
		PaymentID string `json:"paymentId"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&in); err != nil || in.PaymentID == "" {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	_, err := rc.Once.Process(r.Context(), webhook.PortOnePaidKey(in.PaymentID), func(ctx context.Context) error {
		return rc.fulfilPortOne(ctx, in.PaymentID)
	})
	switch {
	case errors.Is(err, webhook.ErrInProgress):
		http.Error(w, "processing", http.StatusConflict) // the webhook is on it; ask again shortly
	case err != nil:
		http.Error(w, "payment not verified", http.StatusBadRequest)
	default:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"paid"}`))
	}
}
