package commerce

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"testing"

	"github.com/paykit-kr/paykit/internal/transport"
	"github.com/paykit-kr/paykit/internal/version"
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

// benchOrderNumber is the fixture's order number; benchPrice its price.
const (
	benchOrderNumber = "25071182085082524116"
	benchPrice       = 2800
)

func wantBenchOrder(o *Order) bool { return o.Price == benchPrice }

// BenchmarkOrderGet is the SDK's order lookup: validation, transport with
// its retry machinery, bounded read, decode into Order.
func BenchmarkOrderGet(b *testing.B) {
	srv := wiretest.BenchServer(b, benchBody(b))
	c, err := NewClient("ck", "sk", WithBaseURL(srv.URL+"/v1"), WithHTTPClient(srv.Client()))
	if err != nil {
		b.Fatal(err)
	}
	wiretest.BenchLookup(b, func(ctx context.Context) (*Order, error) {
		return c.Orders.Get(ctx, benchOrderNumber)
	}, wantBenchOrder)
}

// BenchmarkOrderGetStdlib is the baseline: the same request with the same
// headers, written by hand with net/http and encoding/json, decoding into
// the same Order against the same loopback server, so that the ratio
// measures the SDK's overhead.
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
		"Bootpay-Sdk-Version": {version.Version},
		"Bootpay-Sdk-Type":    {commerceSDKType},
		"Bootpay-Role":        {"user"},
	}
	wiretest.BenchLookup(b, func(ctx context.Context) (*Order, error) {
		return wiretest.StdlibGet[Order](ctx, hc, srv.URL+"/v1/orders/"+benchOrderNumber, header)
	}, wantBenchOrder)
}

// benchOrderDecode decodes the fixture with decode and checks the status
// and price it read.
func benchOrderDecode(b *testing.B, decode func(body []byte) (status int, price int64, err error)) {
	body := benchBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		status, price, err := decode(body)
		if err != nil || status != 2 || price != benchPrice {
			b.Fatal(status, price, err)
		}
	}
}

// BenchmarkOrderDecode is body bytes → Order as the client decodes an
// answer (transport.DecodeJSON): the required-field checks, exact
// amounts, tolerant times, the metadata object and the kept raw JSON.
func BenchmarkOrderDecode(b *testing.B) {
	benchOrderDecode(b, func(body []byte) (int, int64, error) {
		var o Order
		err := transport.DecodeJSON(body, &o)
		return int(o.Status), o.Price.Int64(), err
	})
}

// plainOrder is the order as encoding/json alone decodes it: the same
// fields as Order with plain types (times as strings), no UnmarshalJSON.
type plainOrder struct {
	OrderID       string `json:"order_id"`
	OrderNumber   string `json:"order_number"`
	OrderName     string `json:"order_name"`
	Price         int64  `json:"price"`
	TaxFreePrice  int64  `json:"tax_free_price"`
	Status        int    `json:"status"`
	ReceiptStatus int    `json:"receipt_status"`
	ReceiptID     string `json:"receipt_id"`
	UserID        string `json:"user_id"`
	User          *struct {
		UserID string `json:"user_id"`
		Name   string `json:"name"`
		Email  string `json:"email"`
		Phone  string `json:"phone"`
	} `json:"user"`
	Metadata map[string]any `json:"metadata"`
	Products []struct {
		ProductID string `json:"product_id"`
		Name      string `json:"name"`
		Quantity  int    `json:"quantity"`
		Price     int64  `json:"price"`
	} `json:"products"`
	ResultData *struct {
		ReceiptID  string `json:"receipt_id"`
		PG         string `json:"pg"`
		Method     string `json:"method"`
		MethodName string `json:"method_name"`
		Status     int    `json:"status"`
		CardName   string `json:"card_name"`
		CardNo     string `json:"card_no"`
		CardData   *struct {
			CardCompany string `json:"card_company"`
			CardNo      string `json:"card_no"`
		} `json:"card_data"`
	} `json:"result_data"`
	OrderSubscriptions *struct {
		Subscriptions []struct {
			ID              string `json:"order_subscription_id"`
			Status          int    `json:"status"`
			CurrentDuration int    `json:"current_duration"`
			Total           int    `json:"total_subscription_duration"`
		} `json:"subscriptions"`
	} `json:"order_subscriptions"`
	PurchasedAt string `json:"purchased_at"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

// BenchmarkOrderDecodeStdlib is the baseline of BenchmarkOrderDecode:
// encoding/json into plainOrder.
func BenchmarkOrderDecodeStdlib(b *testing.B) {
	benchOrderDecode(b, func(body []byte) (int, int64, error) {
		var o plainOrder
		err := json.Unmarshal(body, &o)
		return o.Status, o.Price, err
	})
}
