package webhook_test

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/internal/redact/redacttest"
	"github.com/paykit-kr/paykit/webhook"
	"github.com/paykit-kr/paykit/webhook/webhooktest"
)

// webhookTypes is every exported type of package webhook. The matrix test
// fails when the package declares one that is not here, so a new type
// cannot escape it.
var webhookTypes = map[string]reflect.Type{
	"AlimtalkConfig":      reflect.TypeFor[webhook.AlimtalkConfig](),
	"AlimtalkEvent":       reflect.TypeFor[webhook.AlimtalkEvent](),
	"AlimtalkEventCode":   reflect.TypeFor[webhook.AlimtalkEventCode](),
	"AlimtalkVerifier":    reflect.TypeFor[webhook.AlimtalkVerifier](),
	"BootpayDelivery":     reflect.TypeFor[webhook.BootpayDelivery](),
	"BootpayEvent":        reflect.TypeFor[webhook.BootpayEvent](),
	"BootpayLookup":       reflect.TypeFor[webhook.BootpayLookup](),
	"BootpayWebhookType":  reflect.TypeFor[webhook.BootpayWebhookType](),
	"Claim":               reflect.TypeFor[webhook.Claim](),
	"ClaimState":          reflect.TypeFor[webhook.ClaimState](),
	"CommerceDelivery":    reflect.TypeFor[webhook.CommerceDelivery](),
	"CommerceEvent":       reflect.TypeFor[webhook.CommerceEvent](),
	"CommerceEventKind":   reflect.TypeFor[webhook.CommerceEventKind](),
	"CommerceLookup":      reflect.TypeFor[webhook.CommerceLookup](),
	"DecodeError":         reflect.TypeFor[webhook.DecodeError](),
	"HandlerOption":       reflect.TypeFor[webhook.HandlerOption](),
	"MemoryConfig":        reflect.TypeFor[webhook.MemoryConfig](),
	"MemoryStore":         reflect.TypeFor[webhook.MemoryStore](),
	"PortOneBillingKey":   reflect.TypeFor[webhook.PortOneBillingKey](),
	"PortOneCancellation": reflect.TypeFor[webhook.PortOneCancellation](),
	"PortOneConfig":       reflect.TypeFor[webhook.PortOneConfig](),
	"PortOneConfirm":      reflect.TypeFor[webhook.PortOneConfirm](),
	"PortOneDelivery":     reflect.TypeFor[webhook.PortOneDelivery](),
	"PortOneEvent":        reflect.TypeFor[webhook.PortOneEvent](),
	"PortOneEventType":    reflect.TypeFor[webhook.PortOneEventType](),
	"PortOneLegacyEvent":  reflect.TypeFor[webhook.PortOneLegacyEvent](),
	"PortOneTransaction":  reflect.TypeFor[webhook.PortOneTransaction](),
	"PortOneUnknownEvent": reflect.TypeFor[webhook.PortOneUnknownEvent](),
	"PortOneVerifier":     reflect.TypeFor[webhook.PortOneVerifier](),
	"Processor":           reflect.TypeFor[webhook.Processor](),
	"RawJSON":             reflect.TypeFor[webhook.RawJSON](),
	"SourceGuard":         reflect.TypeFor[webhook.SourceGuard](),
	"Store":               reflect.TypeFor[webhook.Store](),
	"VerificationError":   reflect.TypeFor[webhook.VerificationError](),
}

// Planted values of the matrix: the signing secrets (PortOne's is base64,
// as PortOne issues it), the gateways' secret keys, a buyer's phone
// number and a billing key.
var (
	matrixPortOneSecret  = "whsec_UExBTlRFRC13ZWJob29rLXNlY3JldC0wMDAx" // "PLANTED-webhook-secret-0001"
	matrixAlimtalkSecret = redacttest.Secret("alimtalk-signing-secret")
	matrixBootpaySecret  = redacttest.Secret("bootpay-secret-key")
	matrixCommerceSecret = redacttest.Secret("commerce-secret-key")
	matrixPhone          = "01073529163"
	matrixBillingKey     = redacttest.Secret("webhook-billing-key")
)

// TestRedactionMatrix plants card, account and phone numbers, billing keys
// and secrets in every exported type of the package — deliveries the
// handlers handed their callbacks after looking receipts and orders up in
// the sandboxes, events, verifiers, lookups and configs built with planted
// secrets, errors of refused deliveries, and a populated value of every
// type — and prints each, a pointer to it and structs, slices and maps
// holding it with every fmt verb and through slog's text and JSON
// handlers. No output may hold any fragment of a planted value.
func TestRedactionMatrix(t *testing.T) {
	redacttest.RequireEveryType(t, webhookTypes, ".")

	values := map[string][]any{}
	add := func(name string, v any) { values[name] = append(values[name], v) }
	bootpayValues(t, add)
	commerceValues(t, add)
	portOneValues(t, add)
	alimtalkValues(t, add)

	detector := redacttest.NewDetector(matrixPortOneSecret, "UExBTlRFRC13ZWJob29rLXNlY3JldC0wMDAx",
		matrixAlimtalkSecret, matrixBootpaySecret, matrixCommerceSecret, matrixBillingKey, matrixPhone)
	// The clients send their keys as HTTP Basic credentials.
	detector.Add(basic(bootpaytest.ClientKey, matrixBootpaySecret), basic(commercetest.ClientKey, matrixCommerceSecret))

	redacttest.Matrix{
		Types:    webhookTypes,
		Values:   values,
		Holders:  webhookHolders(values),
		Detector: detector,
		// A verifier keeps its secret in unexported fields, planted through
		// NewPortOneVerifier and NewAlimtalkVerifier above.
		Holding: []string{"AlimtalkEvent", "BootpayDelivery", "Claim", "CommerceDelivery", "PortOneBillingKey",
			"PortOneDelivery", "PortOneEvent", "PortOneUnknownEvent"},
	}.Check(t)
}

// bootpayValues adds deliveries BootpayHandler handed its callback for
// receipts holding a card, a virtual account and a phone number, their
// events, a lookup whose client holds a planted secret key, and the
// error of a refused delivery.
func bootpayValues(t *testing.T, add func(string, any)) {
	srv := bootpaytest.NewServer(bootpaytest.WithBasicCredentials(bootpaytest.ClientKey, matrixBootpaySecret))
	t.Cleanup(srv.Close)
	client, err := bootpay.NewClient(bootpay.BasicAuth(bootpaytest.ClientKey, matrixBootpaySecret),
		bootpay.WithBaseURL(srv.URL()), bootpay.WithRetryPolicy(bootpay.RetryPolicy{}))
	require.NoError(t, err)
	lookup := webhook.BootpayLookup{Client: client}
	add("BootpayLookup", lookup)
	var rig callbackRig[*webhook.BootpayDelivery]
	h := webhook.BootpayHandler(lookup, rig.callback, webhook.WithErrorHook(rig.errorHook))
	paid := bootpaytest.Ptr(bootpay.StatusPaid)
	specs := []bootpaytest.ReceiptSpec{
		{OrderID: "order-card", Price: 15000, CardNo: redacttest.CardDashed, Status: paid},
		{OrderID: "order-vbank", Price: 15000, Method: "vbank", Status: bootpaytest.Ptr(bootpay.StatusVirtualAccountIssued),
			Extra: map[string]any{"vbank_data": map[string]any{"bank_code": "088", "bank_account": redacttest.Account, "bank_username": "페이킷"}}},
		{OrderID: "order-phone", Price: 15000, Method: "phone", Status: paid,
			Extra: map[string]any{"phone_data": map[string]any{"tid": "phone-tid-0001", "phone": matrixPhone}}},
	}
	for _, spec := range specs {
		rc := srv.CreateReceipt(spec)
		p := webhooktest.BootpayPayload{ReceiptID: rc.ReceiptID, OrderID: rc.OrderID, Price: rc.Price, Status: int(*spec.Status)}
		serve(t, h, func() (*http.Request, error) {
			return webhooktest.NewBootpayRequest("/webhooks/bootpay", p.JSON(), false)
		})
		p.Price = 100 // forged: refused after the lookup
		serve(t, h, func() (*http.Request, error) {
			return webhooktest.NewBootpayRequest("/webhooks/bootpay", p.JSON(), false)
		})
	}
	require.Len(t, rig.got, len(specs), "every genuine delivery reached the callback: %v", rig.errs)
	require.Equal(t, redacttest.CardDashed, string(rig.got[0].Receipt.CardData.CardNo), "the delivery really holds the card number")
	require.Equal(t, matrixPhone, rig.got[2].Receipt.PhoneData.Phone.Reveal(), "the delivery really holds the phone number")
	for _, d := range rig.got {
		add("BootpayDelivery", *d)
		add("BootpayEvent", *d.Event)
	}
	for _, err := range rig.errs {
		add("error", err)
	}
}

// commerceValues adds deliveries CommerceHandler handed its callback for an
// order paid by card, one with the buyer's phone number, the lookup whose
// client holds a planted secret key and the sandbox's token, and the
// error of a refused delivery.
func commerceValues(t *testing.T, add func(string, any)) {
	srv := commercetest.NewServer(commercetest.WithCredentials(commercetest.ClientKey, matrixCommerceSecret))
	t.Cleanup(srv.Close)
	client, err := commerce.NewClient(commercetest.ClientKey, matrixCommerceSecret,
		commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()), commerce.WithRetryPolicy(commerce.RetryPolicy{}))
	require.NoError(t, err)
	lookup := webhook.CommerceLookup{Client: client}
	var rig callbackRig[*webhook.CommerceDelivery]
	h := webhook.CommerceHandler(lookup, rig.callback, webhook.WithErrorHook(rig.errorHook))
	ref := srv.CreateOrder(commercetest.OrderSpec{Price: 29900, CardNo: redacttest.CardDashed})
	p := webhooktest.CommercePayload{WebhookType: "ORDER_PAID", OrderID: ref.OrderID, OrderNumber: ref.OrderNumber,
		Price: 29900, Status: int(commerce.OrderPaid), ReceiptStatus: int(commerce.ReceiptPaid)}
	serve(t, h, func() (*http.Request, error) {
		return webhooktest.NewCommerceRequest("/webhooks/commerce", p.JSON(), false)
	})
	p.Price = 100
	serve(t, h, func() (*http.Request, error) {
		return webhooktest.NewCommerceRequest("/webhooks/commerce", p.JSON(), false)
	})
	require.Len(t, rig.got, 1, "the genuine delivery reached the callback: %v", rig.errs)
	d := *rig.got[0]
	require.Equal(t, redacttest.CardDashed, string(d.Order.Card()), "the delivery really holds the card number")
	add("CommerceDelivery", d)
	add("CommerceEvent", *d.Event)
	// The sandbox's orders carry no buyer: the gateway sends the phone
	// number unmasked, so a delivery holding one is planted here.
	withBuyer := *d.Order
	withBuyer.User = &commerce.OrderUser{Name: "홍길동", Phone: commerce.PhoneNumber(matrixPhone)}
	add("CommerceDelivery", webhook.CommerceDelivery{Event: d.Event, Order: &withBuyer, Key: d.Key})
	add("CommerceLookup", lookup)
	for _, err := range rig.errs {
		add("error", err)
	}
}

// portOneValues adds deliveries PortOneHandler handed its callback, signed
// with a planted secret: a billing-key event and an event of an unknown
// type whose body holds card and account numbers; the verifier and its
// config, and the error of a delivery signed with another secret.
func portOneValues(t *testing.T, add func(string, any)) {
	cfg := webhook.PortOneConfig{Secrets: []string{matrixPortOneSecret}}
	add("PortOneConfig", cfg)
	v, err := webhook.NewPortOneVerifier(cfg)
	require.NoError(t, err)
	add("PortOneVerifier", v)
	var rig callbackRig[*webhook.PortOneDelivery]
	h := webhook.PortOneHandler(v, rig.callback, webhook.WithErrorHook(rig.errorHook))
	now := time.Now()
	unknown := `{"type":"Transaction.Teleported","timestamp":"2026-01-15T10:30:00Z","data":{"paymentId":"pay-1",` +
		`"card":{"cardNumber":"` + redacttest.CardDashed + `"},"accountNumber":"` + redacttest.Account + `"}}`
	for i, body := range [][]byte{webhooktest.PortOneBillingKey("BillingKey.Issued", now, "store-1", matrixBillingKey), []byte(unknown)} {
		id := "msg-" + string(rune('a'+i))
		serve(t, h, func() (*http.Request, error) {
			return webhooktest.NewPortOneRequest("/webhooks/portone", matrixPortOneSecret, id, now, body)
		})
		serve(t, h, func() (*http.Request, error) {
			return webhooktest.NewPortOneRequest("/webhooks/portone", "whsec_b3RoZXI=", id, now, body)
		})
	}
	require.Len(t, rig.got, 2, "every genuine delivery reached the callback: %v", rig.errs)
	for _, d := range rig.got {
		add("PortOneDelivery", *d)
		switch ev := d.Event.(type) {
		case *webhook.PortOneBillingKey:
			require.Equal(t, matrixBillingKey, ev.BillingKey.Reveal(), "the event really holds the billing key")
			add("PortOneBillingKey", *ev)
		case *webhook.PortOneUnknownEvent:
			add("PortOneUnknownEvent", *ev)
			add("RawJSON", ev.Raw)
		}
	}
	for _, err := range rig.errs {
		add("error", err)
	}
}

// alimtalkValues adds an event AlimtalkHandler handed its callback, whose
// body holds the recipient's phone number, the verifier and its config
// with a planted secret, and the error of a delivery signed with another
// secret.
func alimtalkValues(t *testing.T, add func(string, any)) {
	cfg := webhook.AlimtalkConfig{Secret: matrixAlimtalkSecret}
	add("AlimtalkConfig", cfg)
	v, err := webhook.NewAlimtalkVerifier(cfg)
	require.NoError(t, err)
	add("AlimtalkVerifier", v)
	var rig callbackRig[*webhook.AlimtalkEvent]
	h := webhook.AlimtalkHandler(v, rig.callback, webhook.WithErrorHook(rig.errorHook))
	body := []byte(`{"delivery_id":"dlv-1","event":"delivered","event_code":301,"receiver":{"phone":"` + matrixPhone + `"}}`)
	for _, secret := range []string{matrixAlimtalkSecret, "another-secret"} {
		serve(t, h, func() (*http.Request, error) {
			req := httptest.NewRequest(http.MethodPost, "/webhooks/alimtalk", bytesReader(body))
			for k, vs := range webhooktest.AlimtalkHeaders(secret, time.Now(), body) {
				req.Header[k] = vs
			}
			req.Header.Set("Content-Type", "application/json")
			return req, nil
		})
	}
	require.Len(t, rig.got, 1, "the genuine delivery reached the callback: %v", rig.errs)
	add("AlimtalkEvent", *rig.got[0])
	for _, err := range rig.errs {
		add("error", err)
	}
}

// basic is the Authorization credential of a client key and secret key.
func basic(clientKey, secretKey string) string {
	return base64.StdEncoding.EncodeToString([]byte(clientKey + ":" + secretKey))
}

// serve sends the request build makes to h.
func serve(t *testing.T, h http.Handler, build func() (*http.Request, error)) {
	t.Helper()
	req, err := build()
	require.NoError(t, err)
	h.ServeHTTP(httptest.NewRecorder(), req)
}

// webhookHolders are structs of a caller's program that keep the package's
// values: embedded (their methods promoted), in exported and unexported
// fields. reflect cannot build these.
func webhookHolders(values map[string][]any) map[string]any {
	bd := values["BootpayDelivery"][0].(webhook.BootpayDelivery)
	cd := values["CommerceDelivery"][1].(webhook.CommerceDelivery)
	pd := values["PortOneDelivery"][0].(webhook.PortOneDelivery)
	type job struct {
		bootpay  *webhook.BootpayDelivery
		commerce webhook.CommerceDelivery
	}
	return map[string]any{
		"a struct embedding a BootpayDelivery":     struct{ webhook.BootpayDelivery }{bd},
		"a struct embedding a *CommerceDelivery":   struct{ *webhook.CommerceDelivery }{&cd},
		"a struct embedding a PortOneDelivery":     struct{ webhook.PortOneDelivery }{pd},
		"a struct with unexported delivery fields": job{bootpay: &bd, commerce: cd},
	}
}
