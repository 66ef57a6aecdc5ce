// Package webhooktest signs and builds webhook deliveries the way PortOne
// and Bootpay send them, so that you can test your own webhook handlers
// (webhook.PortOneHandler, webhook.BootpayHandler, webhook.CommerceHandler,
// webhook.AlimtalkHandler, or your own) without the gateways.
//
// It computes the signatures itself, from the senders' documented rules,
// and never calls package webhook's verifiers.
//
// A PortOne test secret is any base64 text, with or without "whsec_"; give
// the same string to webhook.PortOneConfig.Secrets and to NewPortOneRequest.
// A string that is not base64 ("my-secret") is refused by
// webhook.NewPortOneVerifier (ErrInvalidSecret):
//
//	secret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("a test secret"))
//	body := webhooktest.PortOneTransaction("Transaction.Paid", time.Now(), "store-1", "payment-1", "tx-1", "")
//	req, err := webhooktest.NewPortOneRequest("/webhooks/portone", secret, "msg_1", time.Now(), body)
//	rec := httptest.NewRecorder()
//	handler.ServeHTTP(rec, req) // 200 once your callback returned nil
//
// A redelivery is the same request again with the same id (webhook-id).
package webhooktest
