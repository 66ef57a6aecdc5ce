package commerce

import (
	"context"
	"encoding/base64"
	"net/http"
	"os"
	"testing"

	"github.com/paykit-kr/paykit/internal/wiretest"
)

// benchBody is the order of Bootpay's checkout guide.
func benchBody(b *testing.B) []byte {
	raw, err := os.ReadFile("testdata/order_seed001.json")
	if err != nil {
		b.Fatal(err)
	}
	return raw
}

// BenchmarkOrderGet is the SDK's order lookup: validation, transport with
// its retry machinery, bounded read, decode into Order.
func BenchmarkOrderGet(b *testing.B) {
	srv := wiretest.BenchServer(b, benchBody(b))
	c, err := NewClient("ck", "sk", WithBaseURL(srv.URL+"/v1"), WithHTTPClient(srv.Client()))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		o, err := c.Orders.Get(ctx, "25071182085082524116")
		if err != nil || o.Price != 2800 {
			b.Fatal(o, err)
		}
	}
}

// stdlibOrder is the plain struct of the baseline: the fields a
// hand-written verification reads.
type stdlibOrder struct {
	OrderID       string         `json:"order_id"`
	OrderNumber   string         `json:"order_number"`
	OrderName     string         `json:"order_name"`
	Price         int64          `json:"price"`
	Status        int            `json:"status"`
	ReceiptStatus int            `json:"receipt_status"`
	Metadata      map[string]any `json:"metadata"`
	PurchasedAt   string         `json:"purchased_at"`
	CreatedAt     string         `json:"created_at"`
	ResultData    struct {
		ReceiptID string `json:"receipt_id"`
		PG        string `json:"pg"`
		Method    string `json:"method"`
		Status    int    `json:"status"`
		CardData  struct {
			CardCompany string `json:"card_company"`
			CardNo      string `json:"card_no"`
		} `json:"card_data"`
	} `json:"result_data"`
	OrderSubscriptions struct {
		Subscriptions []struct {
			ID              string `json:"order_subscription_id"`
			Status          int    `json:"status"`
			CurrentDuration int    `json:"current_duration"`
			Total           int    `json:"total_subscription_duration"`
		} `json:"subscriptions"`
	} `json:"order_subscriptions"`
}

// BenchmarkOrderGetStdlib is the baseline: the same request with the same
// headers, written by hand with net/http and encoding/json into a plain
// struct, against the same loopback server.
func BenchmarkOrderGetStdlib(b *testing.B) {
	srv := wiretest.BenchServer(b, benchBody(b))
	hc := srv.Client()
	c, err := NewClient("ck", "sk", WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		b.Fatal(err)
	}
	header := http.Header{
		"Authorization":       {"Basic " + base64.StdEncoding.EncodeToString([]byte("ck:sk"))},
		"Accept":              {"application/json"},
		"Accept-Charset":      {"utf-8"},
		"User-Agent":          {c.t.UserAgent()},
		"Bootpay-Api-Version": {commerceAPIVersion},
		"Bootpay-Sdk-Version": {"0.1.0"},
		"Bootpay-Sdk-Type":    {commerceSDKType},
		"Bootpay-Role":        {"user"},
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		o, err := wiretest.StdlibGet[stdlibOrder](ctx, hc, srv.URL+"/v1/orders/25071182085082524116", header)
		if err != nil || o.Price != 2800 {
			b.Fatal(o, err)
		}
	}
}
