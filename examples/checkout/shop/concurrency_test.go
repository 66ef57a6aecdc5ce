package shop_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// bootpayWebhook delivers Bootpay's PAYMENT_COMPLETED webhook for a receipt
// to instance i, over HTTP from loopback (which sandbox mode admits).
func (f *fixture) bootpayWebhook(t *testing.T, i int, receiptID, orderID string, amount int64) int {
	t.Helper()
	body := webhooktest.BootpayPayload{WebhookType: "PAYMENT_COMPLETED", ReceiptID: receiptID, OrderID: orderID, Price: amount, Status: 1}.JSON()
	resp, err := http.Post(f.inst[i].api.URL+"/webhooks/bootpay", "application/json", bytesReader(body))
	if err != nil {
		t.Error(err)
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Two instances on one database; 50 browsers post /api/confirm and
// Bootpay delivers its webhook 50 times for one order, all at once and
// spread over both instances, while Bootpay is slow to confirm. Bootpay
// receives one confirm, the order becomes paid once, one pair leaves the
// stock.
func TestConfirmStormOnTwoInstances(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{instances: 2})
		o := f.newOrder(t, shop.FlowBootpay)
		receiptID := f.receipt(o, price)
		f.sb.Bootpay.Inject(bootpaytest.OpConfirm, bootpaytest.Faults.Delay(100*time.Millisecond), 1)

		var wg sync.WaitGroup
		var mu sync.Mutex
		codes := map[string]int{}
		start := make(chan struct{})
		for i := range 100 {
			wg.Go(func() {
				<-start
				var what string
				var code int
				if i%2 == 0 {
					what = "confirm"
					code, _ = f.confirm(t, i/2%2, receiptID, o.ID)
				} else {
					// Bootpay delivers again after any answer but 200,
					// a few milliseconds apart here.
					what = "webhook"
					for try := 0; try < 200 && code != http.StatusOK; try++ {
						if try > 0 {
							time.Sleep(5 * time.Millisecond)
						}
						code = f.bootpayWebhook(t, i/2%2, receiptID, o.ID, price)
						mu.Lock()
						codes[fmt.Sprintf("webhook delivery %d", code)]++
						mu.Unlock()
					}
				}
				mu.Lock()
				codes[fmt.Sprintf("%s %d", what, code)]++
				mu.Unlock()
			})
		}
		close(start)
		wg.Wait()
		t.Logf("answers: %v", codes)
		for k := range codes {
			switch k {
			case "confirm 200", "confirm 202", // paid, or confirming while the first confirm runs
				"webhook 200",          // every webhook ends acknowledged
				"webhook delivery 200", // processed, or already processed
				"webhook delivery 502", // before the confirm: the receipt (status 2) has not caught up with the event
				"webhook delivery 409": // another request is processing the event
			default:
				t.Errorf("unexpected answer %q", k)
			}
		}
		if codes["webhook 200"] != 50 {
			t.Errorf("%d webhooks acknowledged in the end, want 50", codes["webhook 200"])
		}
		if codes["confirm 200"] == 0 {
			t.Error("no browser saw the order paid")
		}
		if err := f.sb.Bootpay.Settle(context.Background()); err != nil {
			t.Fatal(err)
		}
		f.wantOrder(t, o.ID, shop.StatusPaid, receiptID, 1, 9)
		f.wantBootpay(t, 1, 1, 0)
		f.wantAttempts(t, o.ID, "PAID", 1)
	})
}

// One hundred buyers race for the last ten pairs through two instances:
// exactly ten orders are paid; every other one is never confirmed at
// Bootpay, keeps no stock and carries the reason out_of_stock.
func TestHundredOrdersRaceForTenPairs(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, options{instances: 2})
		f.setStock(t, 10)
		type buyer struct {
			o       *shop.Order
			receipt string
			code    int
			reason  string
		}
		buyers := make([]*buyer, 100)
		for i := range buyers {
			o := f.newOrder(t, shop.FlowBootpay)
			buyers[i] = &buyer{o: o, receipt: f.receipt(o, price)}
		}
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, b := range buyers {
			wg.Go(func() {
				<-start
				var r reply
				b.code, r = f.confirm(t, i%2, b.receipt, b.o.ID)
				b.reason = r.Reason
			})
		}
		close(start)
		wg.Wait()

		paid := 0
		for _, b := range buyers {
			o := f.order(t, b.o.ID)
			rc, _ := f.sb.Bootpay.Receipt(b.receipt)
			switch {
			case b.code == http.StatusOK:
				paid++
				if o.Status != shop.StatusPaid || o.PaidCount != 1 || rc.Status != bootpay.StatusPaid {
					t.Errorf("%s answered paid but is %s (paid %d), receipt %s", o.ID, o.Status, o.PaidCount, rc.Status)
				}
			case b.code == http.StatusConflict && b.reason == shop.ReasonOutOfStock:
				if o.Status != shop.StatusPending || o.Reason != shop.ReasonOutOfStock || o.Held || rc.Status != bootpay.StatusAwaitingConfirm {
					t.Errorf("%s refused but is %s (reason %q, held %v), receipt %s", o.ID, o.Status, o.Reason, o.Held, rc.Status)
				}
			default:
				t.Errorf("%s: answer %d %q", o.ID, b.code, b.reason)
			}
		}
		if paid != 10 {
			t.Errorf("%d orders paid, want 10", paid)
		}
		if got := f.stock(t); got != 0 {
			t.Errorf("stock %d, want 0", got)
		}
		f.wantBootpay(t, 10, 10, 0)
	})
}
