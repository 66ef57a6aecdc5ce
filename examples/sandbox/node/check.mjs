// check.mjs drives the gateways' official Node.js server SDKs, unmodified,
// against the local sandboxes of `go run ./examples/sandbox`, whose admin URL
// is in SANDBOX_ADMIN. run.sh starts the program and runs this file.
//
// Where an SDK lets a caller choose the API address (PortOne's baseUrl) it is
// used. Bootpay's SDK (PG and Commerce) has no such setting: it picks its base
// URL from its public API_ENTRYPOINTS table by `mode`, so the script adds a
// "local" entry to that table and sets mode "local"; no SDK code is changed.
import assert from "node:assert/strict";
import { Bootpay, BootpayCommerce } from "@bootpay/backend-js";
import { PaymentClient } from "@portone/server-sdk";

const adminURL = process.env.SANDBOX_ADMIN;
assert.ok(adminURL, "SANDBOX_ADMIN must name the admin API, e.g. http://127.0.0.1:4100/admin");

async function admin(method, path, body) {
  const res = await fetch(adminURL + path, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e?.stack ?? JSON.stringify(e)}`);
  }
}

const info = await admin("GET", "");

await check("Bootpay PG (client_key/secret_key): receiptPayment, confirmPayment, cancelPayment", async () => {
  const rc = await admin("POST", "/bootpay/receipts", { order_id: "node-order-1", price: 15000 });
  Bootpay.API_ENTRYPOINTS.local = info.bootpay.base_url;
  Bootpay.setConfiguration({ client_key: info.bootpay.keys.client_key, secret_key: info.bootpay.keys.secret_key, mode: "local" });
  const got = await Bootpay.receiptPayment(rc.receipt_id);
  assert.equal(got.receipt_id, rc.receipt_id);
  assert.equal(got.order_id, "node-order-1");
  assert.equal(Number(got.price), 15000);
  assert.equal(got.status, 2);
  const confirmed = await Bootpay.confirmPayment(rc.receipt_id);
  assert.equal(confirmed.status, 1);
  const cancelled = await Bootpay.cancelPayment({
    receipt_id: rc.receipt_id, cancel_price: 5000, cancel_username: "관리자", cancel_message: "부분취소",
  });
  assert.equal(Number(cancelled.cancelled_price), 5000);
  const after = await admin("GET", `/bootpay/receipts/${rc.receipt_id}`);
  assert.equal(after.cancelled_price, 5000);
});

await check("Bootpay PG (legacy application_id/private_key): getAccessToken, receiptPayment", async () => {
  const rc = await admin("POST", "/bootpay/receipts", { price: 1000, status: 1 });
  Bootpay.setConfiguration({ application_id: info.bootpay.keys.application_id, private_key: info.bootpay.keys.private_key, mode: "local" });
  const token = await Bootpay.getAccessToken();
  assert.ok(token.access_token);
  const got = await Bootpay.receiptPayment(rc.receipt_id);
  assert.equal(got.status, 1);
});

await check("Bootpay PG: an unknown receipt is Bootpay's error body", async () => {
  Bootpay.setConfiguration({ client_key: info.bootpay.keys.client_key, secret_key: info.bootpay.keys.secret_key, mode: "local" });
  await assert.rejects(Bootpay.receiptPayment("000000000000000000000000"), (e) => typeof e.error_code === "string");
});

await check("PortOne V2: getPayment, cancelPayment", async () => {
  await admin("POST", "/portone/payments", { id: "node-pay-1", total: 9900 });
  const client = PaymentClient({ secret: info.portone.keys.api_secret, baseUrl: info.portone.base_url });
  const p = await client.getPayment({ paymentId: "node-pay-1" });
  assert.equal(p.status, "PAID");
  assert.equal(p.amount.total, 9900);
  const c = await client.cancelPayment({ paymentId: "node-pay-1", amount: 900, reason: "부분 반품" });
  assert.equal(c.cancellation.totalAmount, 900);
  const again = await client.getPayment({ paymentId: "node-pay-1" });
  assert.equal(again.status, "PARTIAL_CANCELLED");
});

await check("Bootpay Commerce: order.detail", async () => {
  const ref = await admin("POST", "/commerce/orders", { price: 27000, metadata: { order_id: "shop-1" } });
  const commerce = new BootpayCommerce({ client_key: info.commerce.keys.client_key, secret_key: info.commerce.keys.secret_key, mode: "local" });
  commerce.API_ENTRYPOINTS.local = info.commerce.base_url;
  const o = await commerce.order.detail(ref.order_number);
  const order = o.data ?? o;
  assert.equal(order.order_number, ref.order_number);
  assert.equal(Number(order.price), 27000);
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
