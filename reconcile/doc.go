// Package reconcile answers the daily question of every shop (대사): which
// payments did the gateway take that my database does not know (money
// taken, nothing shipped), which orders does my database call paid that
// the gateway does not (goods shipped, no money), and which amounts or
// states differ (a partial refund recorded on one side only).
//
// Run compares a Gateway with a Merchant over a Period and yields typed
// discrepancies (MissingAtMerchant, MissingAtGateway, AmountDiffers,
// CurrencyDiffers, StatusDiffers, CancelledDiffers), each carrying both
// sides' Records as an iter.Seq2. It never writes to a gateway. The gateways are adapters over
// the same core:
//
//   - PortOne: the payments created in the period, GET /payments-by-cursor,
//     and those created outside it whose money moved in it, found by the
//     period's payment events, GET /payment-events-by-cursor
//     (https://developers.portone.io/api/rest-v2/payment), keyed by the
//     payment id the merchant stored;
//   - Commerce: the orders created in the period, GET /orders
//     (https://commerce.bootpay.ai/orders/list), keyed by order number;
//   - Bootpay PG: no list exists, so the merchant's records drive receipt
//     lookups (https://developers.bootpay.co.kr/pg/server/receipt), keyed by receipt id.
//
// The merchant implements Merchant over its database; reconciletest has a
// seeding Plan and an in-memory Merchant for tests, and
// examples/reconcile one over SQLite.
//
// # Daily runs
//
// The gateways list payments by when they were created, and money moves
// later (a virtual-account deposit up to its 입금 기한, a refund within the
// shop's refund window), so run Run every day over a trailing window that
// covers the longest of those, not over yesterday alone (see Run). The
// PortOne adapter also reads the period's payment events, so it reports a
// payment of an earlier day whose money moved in the period (see PortOne). A run
// that ends with an error did not reconcile its period: what it yielded
// stands, no discrepancy before the error proves nothing, and the period
// must be run again. Each Kind says what the operator should do about it. A PortOne secret that reaches several
// stores needs portone.WithStoreID, one run per store (see PortOne).
//
// # Statuses and money
//
// Money is int64 in the currency's minor unit, compared exactly, and the
// currencies are compared too (Record.Currency; "" is KRW, the only
// currency Commerce orders carry): the same number in another currency is
// CurrencyDiffers. Each side's status is placed in a small common
// vocabulary (pending, paid, partially cancelled, cancelled, failed,
// unknown), and its own spelling is kept in Record.SourceStatus. The three
// paid statuses are compared through the cancelled amount
// (CancelledDiffers), not as a StatusDiffers, so a refund recorded on one
// side is reported once, with both amounts. A side that cannot tell its
// cancelled amount (a Commerce order, whose list does not show a partial
// cancel) still says something is left while it is paid: against a full
// refund on the other side that is CancelledDiffers. A record that took no
// money (pending, failed) and is absent on the other side is not a
// discrepancy; so a status whose money is open (an approval under way,
// Bootpay's 3 결제승인중 or PortOne's PAY_PENDING, a Commerce order and
// payment that disagree about whether money was taken, or a Commerce
// order whose payment carries a code not known to hold no money) is
// unknown, never pending or failed, and always reported.
//
// # Test payments
//
// A test payment moved no money: a Bootpay test-mode receipt (sandbox:
// true) or a PortOne payment through a TEST channel. By default the
// adapters never let one read as money taken: a status that would is
// failed, its SourceStatus marked ("1 (sandbox)", "PAID (TEST channel)"),
// so a merchant order recorded as paid on it (a staging key left in
// production) is StatusDiffers — goods shipped, no money — instead of a
// match, and one the merchant never recorded is nothing. A PortOne PAID
// or PARTIAL_CANCELLED payment without a channel (or of a channel type
// not known) cannot be shown to be either, so it is unknown and always
// reported. BootpayGateway.AllowSandbox and PortOneGateway.AllowTest opt
// in to placing test payments by their status, for runs against a test
// application or the sandboxes; like the gateways' own Verify options
// (bootpay.VerifyParams.AllowSandbox, portone.VerifyParams.AllowTest),
// the zero value fails closed. A Commerce order as commerce.Order decodes
// it carries no test flag, so the Commerce adapter has no such option.
//
// # How missing-at-gateway is found in bounded memory
//
// Pass 1 reads the gateway's stream in batches and asks Merchant.Find
// about each batch's keys; the merchant remembers those keys as matched
// (over a database: a temporary table, inserted per batch). Pass 2 asks
// Merchant.Unmatched for the period's records Find never saw — in a
// database one anti-join, streamed by key in batches — and looks each up
// at the gateway, Options.Concurrency at a time. A record the lookup
// finds (its payment lies just outside the gateway's view of the period:
// PortOne and Commerce count creation time, the merchant perhaps its own
// order time) is compared normally; only a record the gateway does not
// have is MissingAtGateway. The set of matched keys is therefore kept
// where it costs nothing in memory — the merchant's database — and not in
// the process: the alternatives were a seen-set in memory (grows with
// the period) or a sorted spill to disk merged with the merchant's
// key-ordered stream (bounded too, but a second storage to manage).
//
// The memory bound: at any moment Run holds one batch of at most
// Options.BatchSize gateway records, the merchant's answer for it (at most
// as many records, since Find returns only keys it was asked about, each
// at most once), a map over those keys, and in pass 2 one batch of
// merchant records with their lookups, of which Options.Concurrency are
// in flight. The adapters add one page of their gateway (1,000 PortOne
// payments or payment events; 50 Commerce orders, and the last 50 Commerce
// records held back to merge the copies a shifted page repeats), and the
// PortOne adapter the ids of the payments created outside the period whose
// money moved in it, to look each up once.
// Nothing grows with the period: examples/reconcile measures 100,000
// PortOne payments against 100,000 SQLite orders within a heap of a few
// megabytes. The caller must not keep the yielded discrepancies unless it
// means to (they are few, and each holds copies of its two records).
package reconcile
