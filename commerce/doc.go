// Package commerce is a typed client for the Bootpay Commerce API (v1,
// https://api.bootapi.com/v1): orders, order cancellations, invoices,
// subscription contracts and their bills, products, customers and
// customer groups, the store's information, and the server-side
// verification of a Commerce checkout (https://commerce.bootpay.ai/).
//
// # Client
//
// Commerce has its own key pair (the "commerce" keychain, not the PG
// keys), sent as HTTP Basic credentials on every request:
//
//	client, err := commerce.NewClient(clientKey, secretKey) // commerce.WithEnvironment(commerce.Development)
//
// Every operation declares the BOOTPAY-ROLE it needs in its service's
// endpoint table (the store's decisions on cancellations and
// subscriptions and on-demand charges need supervisor; product writes,
// group members, limits and aggregate billing need manager; the rest
// user), so a call never borrows another call's role. A storefront call that acts for a
// signed-in buyer takes WithUserJWT.
//
// # Verifying a checkout
//
// The checkout redirect carries an order_number. Never trust it alone:
//
//	o, err := client.Orders.Verify(ctx, commerce.VerifyParams{
//		OrderNumber: orderNumber,       // from the redirect
//		Amount: order.Price,            // from your database
//		MerchantOrderID: order.ID,      // sent as metadata.order_id
//		CancelOnMismatch: true,         // refund a tampered checkout, at most once
//	})
//	var mismatch *commerce.MismatchError
//	var listErr *commerce.CancellationListError
//	switch {
//	case errors.As(err, &mismatch) && mismatch.CancelErr != nil:
//		// do not fulfil; the refund of a tampered checkout is unsettled
//		// (ErrOutcomeUnknown, or nothing sent): call Verify again later
//	case errors.As(err, &mismatch): // do not fulfil ("cancelled_price": refunded in part since;
//		// "cancellation_requested": being refunded, verify again once decided)
//	case errors.As(err, &listErr):  // its refunds could not be listed: no verdict; verify again later
//	case err != nil:                // the lookup failed (ErrNotFound: no such order)
//	}
//
// Once the order's own fields match, Verify lists its cancellation
// requests (a second request), since an order refunded in part may still
// read paid at its full price; see OrdersService.Verify.
//
// # Money moves at most once
//
// Bootpay's own SDKs send an Idempotency-Key with many writes, but whether
// Commerce deduplicates by it is UNCONFIRMED. So a write is Keyed —
// carries an Idempotency-Key, the same on every attempt, and is retried
// after a reset, a timeout or a 5xx — only when repeating it cannot move
// money or create anything: it sets one existing object to the values
// sent, or removes one. These are a cancellation request's withdrawal and
// rejection, a contract's update, an adjustment cycle's replacement and
// an adjustment's deletion, a charge key's revocation, a product's change
// and deletion, and a group's limits and aggregate billing.
//
// Every other write is Unsafe: it is never sent again once it may have
// reached Commerce, and it carries NO Idempotency-Key, because net/http
// resends by itself a request carrying one when its reused keep-alive
// connection dies after the request was written (even with
// WithMaxRetries(0)). Unsafe are whatever creates something or moves
// money: invoice creation and sending, a cancellation request and its
// approval (the refund), a contract's approval, on-demand charges,
// adjustments added, the buyer's subscription requests, product creation,
// joining, group creation, the webhook test; and the writes Bootpay does
// not document as deduplicated (a contract's pause, resume, reject or
// termination, a product status, user and group changes). Each method's
// doc says which. Whenever a write may have been applied without a
// trustworthy answer, the error is an *OutcomeUnknownError carrying the
// reference (and, for a Keyed write, the key) to reconcile with: look the
// object up before writing again.
//
// The sandbox commercetest deduplicates keyed writes by Idempotency-Key
// as Bootpay's endpoint list suggests; that is the UNCONFIRMED property,
// so a test passing against it proves nothing about Commerce's own
// deduplication.
//
// # Errors
//
// Commerce answers errors as {status, code, message, data} and also as
// {success, error_code, message}, with string or numeric codes; both
// become an *APIError. The second shape may come with a 2xx status: a 2xx
// body whose own success is false, or that carries an error_code, is a
// refusal too, never a result or an Ack. It is an *APIError (its
// StatusCode the 2xx status) for a lookup and for a write whose one
// attempt was answered so, and an *OutcomeUnknownError for a write sent
// more than once. They match the shared categories (ErrNotFound,
// ErrUnauthorized, ErrInvalidRequest, …) with errors.Is: a 442 counts as
// invalid request, a 403 API_ROLE_NOT_SUPPORT or API_SCOPE_INVALID as
// ErrPermissionDenied (and ErrUnauthorized), a 500 USER_JWT_REQUIRED as
// ErrUnauthorized, final and never retried.
//
// # Lists
//
// List methods return one page (1-based; {list, count} and
// {items, total} bodies both decode); All methods return an iter.Seq2
// that fetches pages lazily and stops when you break. Filters left empty
// are not sent; list filters are sent comma-joined; dates as YYYY-MM-DD.
//
// # Coverage
//
// Covered: orders (get, list, month), order cancellations (request, list,
// withdraw, approve, reject), invoices (create, get, list, notify),
// checkout verification; subscriptions (list with counters, get, update,
// approve, reject, terminate, pause, resume, on-demand charge, charge-key
// revocation, the buyer's in-progress requests — pause, resume, purchase,
// transfer, termination — termination-fee calculation, adjustments add,
// replace, delete); subscription bills (list, get); products (list, get,
// create as JSON or ONE multipart request with images[0], images[1], …,
// update, status, delete); users (join, duplicate checks, get, list,
// update, delete, customer token); user groups (create, list, get,
// update, add and remove a user, limits, aggregate billing); store info;
// the webhook test.
//
// Not covered: alimtalk (its own host, real billed sends), categories,
// mall settings, coupons, points, cart previews, the
// order-subscription-requests admin list, PUT on a subscription bill
// (its body is undocumented) and the user session/login endpoints. The
// package commercetest is an in-process Commerce sandbox for tests: orders,
// invoices, cancellations, subscription contracts with pause, resume,
// terminate and on-demand charges, products (JSON and multipart),
// customers and groups.
package commerce
