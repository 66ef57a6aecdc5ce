// Package webhook verifies, decodes and processes once the webhooks of
// PortOne V2, Bootpay and Bootpay Commerce, and answers them the way each
// sender expects.
//
// The payment window's browser callback and the gateway's webhook can both
// arrive, in either order, or only one of them (the buyer closed the tab).
// A backend must therefore verify what it receives and act on each payment
// event exactly once, keyed by the payment. This package gives the pieces:
//
//   - PortOneVerifier checks PortOne's Standard Webhooks signature
//     (webhook-id, webhook-timestamp, webhook-signature) over the body as
//     received, with several secrets for rotation and an injectable clock.
//     DecodePortOneEvent turns the verified body into a typed PortOneEvent
//     (the 2024-04-25 Transaction.* and BillingKey.* events, the legacy
//     2024-01-01 shape, and a fallback that keeps an unknown event's raw
//     JSON, which prints masked: see RawJSON).
//   - Bootpay PG webhooks carry no signature: DecodeBootpayEvent reads the
//     JSON or form body, SourceGuard admits only Bootpay's documented
//     addresses (trusting X-Forwarded-For only from the proxies you name),
//     and BootpayLookup verifies an event by looking its receipt up with a
//     *bootpay.Client and comparing status and amounts.
//   - Bootpay Commerce order and subscription webhooks are not signed
//     either: DecodeCommerceEvent reads the JSON or form body tolerantly
//     (unknown members kept, codes as numbers or strings, an unknown kind
//     still decoded when it reads [A-Z0-9_]+, any other kind ignored for
//     the order status's), and CommerceLookup verifies
//     an event by looking its order up with a *commerce.Client and
//     comparing price, status and the refunded amount. Anyone who knows an
//     order can post a webhook about it, and the lookup can check no
//     claim a kind paykit does not name makes, so such a kind is keyed by
//     the looked-up order's state, not by its text (CommerceEvent.Key): a
//     forgery can neither spend a genuine event's process-once key nor
//     fill the Store with keys of its choosing.
//   - AlimtalkVerifier checks the HMAC of Bootpay's alimtalk (KakaoTalk
//     message) webhooks.
//   - Processor runs a callback once per key on top of a Store (claim, done,
//     release, with a lease so that a crashed claimant's key is reclaimed).
//     MemoryStore is a bounded in-memory Store; a database-backed one shared
//     by several server instances follows the contract documented on Store.
//   - PortOneHandler, BootpayHandler, CommerceHandler and AlimtalkHandler
//     are http.Handlers that read the raw body within a size limit, verify,
//     decode, call your typed callback (once, when given a Processor) and
//     answer with the status codes the senders act on.
//
// The deliveries handed to your callbacks (PortOneDelivery,
// BootpayDelivery, CommerceDelivery) print with card, account and phone
// numbers and billing keys masked, for every fmt verb and in slog, also
// through its JSON handler for a delivery logged itself (as an attribute,
// through a pointer or in a group). JSON encoding keeps the numbers as
// received, so a slice of deliveries, or a struct of yours holding one,
// logged through slog's JSON handler prints them in full: log each
// delivery itself.
//
// Package webhooktest signs and builds payloads so that you can test your
// own handlers.
//
// PortOne webhook docs: https://developers.portone.io/opi/ko/integration/webhook/readme-v2
// Standard Webhooks: https://www.standardwebhooks.com/
// Bootpay webhook docs: https://developers.bootpay.ai/server/webhook
// Bootpay Commerce docs: https://developers.bootpay.co.kr/commerce/order/checkout
package webhook
