// Package commercetest is an in-process Bootpay Commerce API (v1) for
// tests, built on paykit's sandbox kit: orders, invoices and order
// cancellations with their states; CompleteCheckout, which turns an
// invoice into a paid order as the buyer's checkout would; Basic
// authentication; BOOTPAY-ROLE checks (a role the operation does not take
// is 403 API_ROLE_NOT_SUPPORT, one outside the keys' scope 403
// API_SCOPE_INVALID); Idempotency-Key deduplication of keyed writes;
// Commerce's error bodies in both shapes and 442 for an unprocessable
// request; the 500 of a missing user JWT; injected faults, a request log
// and counters of what was applied.
//
// The Idempotency-Key deduplication follows Bootpay's endpoint list (the
// writes its SDKs send a key with); whether Commerce itself deduplicates
// by that key is UNCONFIRMED. A test that passes only because the sandbox
// replayed a keyed write assumes that property; the commerce client sends
// a key only where a repeat is harmless anyway.
//
//	srv := commercetest.NewServer()
//	defer srv.Close()
//	client, err := commerce.NewClient(commercetest.ClientKey, commercetest.SecretKey,
//		commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()))
//	if err != nil {
//		t.Fatal(err)
//	}
//
// The sandbox writes its JSON with its own structs, never through the
// client's types, so that an encoding and a decoding bug cannot cancel out.
package commercetest
