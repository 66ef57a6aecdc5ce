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
//	if errors.As(err, &mismatch) { … } // do not fulfil
//
// # Money moves at most once
//
// Writes Commerce deduplicates (those Bootpay's endpoint list sends with
// an Idempotency-Key: invoice creation and sending, cancellation
// decisions, subscription changes and approvals, on-demand charges and
// key revocation, the buyer's subscription requests, adjustments, product
// creation, change and deletion, joining, group limits and aggregate
// billing, the webhook test) carry an Idempotency-Key, the same on every
// attempt, and are retried after a reset, a timeout or a 5xx. Every other
// write (a cancellation request, a subscription's pause, resume, reject or
// termination, a product status, user and group changes) is not
// deduplicated as far as Bootpay documents, so it is never sent again
// once it may have reached Commerce. Each method's doc says which. Whenever a write may have been
// applied without a trustworthy answer, the error is an
// *OutcomeUnknownError carrying the reference and key to reconcile with.
//
// # Errors
//
// Commerce answers errors as {status, code, message, data} and also as
// {success, error_code, message}, with string or numeric codes; both
// become an *APIError. They match the shared categories (ErrNotFound,
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
