// Package checkout is a small merchant backend: the /api/confirm endpoint
// of a Bootpay separately confirmed payment (분리 승인, 서버 승인), as
// Bootpay's server-confirm guide describes it
// (https://developers.bootpay.co.kr/pg/server/confirm), built so that it never ends
// with the money captured and the order unpaid, and never confirms or
// refunds twice.
//
// The flow of Backend.Confirm:
//
//  1. Hold. In one database transaction the order row is locked, its state
//     checked, the stock taken, and the order marked confirming with the
//     receipt id. This commits BEFORE Bootpay is called: from now on the
//     database says "a confirm of this receipt may be under way", whatever
//     happens to this process, this request or the database later.
//  2. Confirm. bootpay.ConfirmVerified checks the receipt against the order
//     (status 2 승인대기, the order's id and amount from the database),
//     confirms it and checks the result. It runs on a context detached from
//     the request: a buyer who closes the tab does not interrupt it.
//  3. Record. Confirmed: the order is marked paid. Refused (위변조 의심,
//     declined, not found): nothing was captured — a payment the PG had
//     already captured with another amount is first refunded in full — so
//     the order goes back to pending and the stock is released. Outcome
//     unknown: the order stays confirming and the stock stays held.
//
// An order left confirming is settled by Backend.Reconcile, which looks the
// receipt up (결제 조회) and never confirms again: a receipt confirmed for
// the order makes it paid; one that can never be confirmed for it
// (refused, failed, cancelled, another order's) releases it; one still
// awaiting confirm (it may yet complete) leaves it confirming. The browser's
// retry of /api/confirm and its polls of GET /api/orders/{order_id} call it,
// and so should a webhook handler and a background job that visits
// `SELECT id FROM orders WHERE status = 'confirming'`.
//
// # Why the hold is committed before the confirm
//
// The update that records a confirmed payment can fail: the database is
// unavailable, the process dies. Refunding at that point (a full cancel
// under a cancel_id derived from the order, safe to retry) needs no
// database, but turns every such sale into a refund, exactly when the shop
// is struggling. Recording the failure somewhere durable for a later
// reconciliation needs a database, usually the one that just failed. The
// hold avoids both: before Bootpay is asked, a committed row already says
// which receipt may be confirmed for the order, with the stock held. If
// anything fails after the confirm, that row is the record, and Reconcile
// turns it into paid by looking the receipt up: the sale is kept, nothing
// is refunded, nothing is confirmed twice. It costs one more commit per
// payment and a state someone must watch (see Reconcile for the one case
// it cannot settle alone). It also means no database lock is held while
// Bootpay answers.
//
// ServeHTTP answers 200 {"success":true,"status":"paid",…}, 202
// {"status":"confirming"} (poll GET /api/orders/{order_id}), 409 for an
// order that is not pending or out of stock, 400 for a payment that does
// not match its order or was not confirmed, 404 for an unknown order and
// 502 when the confirm failed without charging anything.
//
// It uses SQLite so it runs anywhere; on PostgreSQL or MySQL take the row
// lock with SELECT … FOR UPDATE instead of SQLite's BEGIN IMMEDIATE.
package checkout

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
)

// Schema creates the tables the backend uses.
const Schema = `
CREATE TABLE IF NOT EXISTS orders (
	id          TEXT PRIMARY KEY,
	amount      INTEGER NOT NULL,          -- won, exact
	status      TEXT NOT NULL DEFAULT 'pending', -- pending | confirming | paid
	product_id  TEXT NOT NULL,
	quantity    INTEGER NOT NULL,
	receipt_id  TEXT UNIQUE               -- Bootpay receipt, set while confirming and once paid
);
CREATE TABLE IF NOT EXISTS stock (
	product_id  TEXT PRIMARY KEY,
	available   INTEGER NOT NULL
);`

// The states of an order (orders.status).
const (
	// StatusPending: not paid; no stock is held for it.
	StatusPending = "pending"
	// StatusConfirming: its stock is held and a confirm of its receipt
	// may have reached Bootpay. Only Reconcile (or the confirm that set
	// it) moves it on, by what Bootpay says about the receipt.
	StatusConfirming = "confirming"
	// StatusPaid: Bootpay confirmed its receipt for the order's amount.
	StatusPaid = "paid"
)

// Errors the handler maps to responses.
var (
	ErrBadRequest      = errors.New("receipt_id와 order_id가 필요해요 (bad request)")
	ErrUnknownOrder    = errors.New("주문을 찾을 수 없어요 (no such order)")
	ErrOrderNotPending = errors.New("승인할 수 없는 주문 (order is not pending)")
	ErrOutOfStock      = errors.New("재고가 부족해요 (out of stock)")
	ErrReceiptInUse    = errors.New("다른 주문의 결제예요 (the receipt belongs to another order)")
	// ErrNotConfirmed is Confirm's answer when the order was confirming
	// and its receipt turned out never to be confirmed: the order is
	// pending again and may be paid anew.
	ErrNotConfirmed = errors.New("결제가 승인되지 않았어요 (the payment was not confirmed)")
)

// DefaultConfirmTimeout bounds Confirm and Reconcile when
// Backend.ConfirmTimeout is zero. It is longer than the Bootpay client's
// default per-attempt timeout (60 s), so that a confirm whose one attempt
// runs out still leaves time for the lookup that settles its outcome and
// for recording the result.
const DefaultConfirmTimeout = 90 * time.Second

// Backend confirms payments for orders kept in DB.
type Backend struct {
	DB      *sql.DB         // opened with Open, or with the same schema and locking
	Bootpay *bootpay.Client // the merchant's Bootpay client
	Log     *slog.Logger    // where unsettled and refused payments are reported; nil discards
	// ConfirmTimeout bounds one Confirm or Reconcile, which run detached
	// from their caller's cancellation (see Confirm); zero means
	// DefaultConfirmTimeout. Keep it above the Bootpay client's
	// per-attempt timeout. A deadline that cuts a confirm short is safe —
	// the order stays confirming and Reconcile settles it — but slower.
	ConfirmTimeout time.Duration
}

// ConfirmRequest is what the browser posts after Bootpay's confirm event.
type ConfirmRequest struct {
	ReceiptID string `json:"receipt_id"` // from the confirm event; checked with Bootpay, never trusted
	OrderID   string `json:"order_id"`   // the order the buyer paid for
}

// Result is an order's state after Confirm or Reconcile.
type Result struct {
	OrderID   string
	Status    string // StatusPaid, StatusConfirming or StatusPending
	ReceiptID string // the receipt it is paid or being confirmed with; "" when pending
}

// order is a row of orders.
type order struct {
	ID, Status, ProductID string
	Amount, Quantity      int64
	ReceiptID             string
}

func (o *order) result() *Result {
	return &Result{OrderID: o.ID, Status: o.Status, ReceiptID: o.ReceiptID}
}

// Confirm confirms the payment req names for its order, in the three steps
// of the package documentation. It returns StatusPaid, or StatusConfirming
// when the outcome is not known yet (the confirm's reply was lost and the
// lookup did not settle it, or the database failed after the confirm): the
// stock stays held, and Reconcile — or the browser's next request, which
// calls it — finishes the order. An error means the order is not paid and
// holds no stock for req: nothing was captured, or a payment that did not
// match the order was refunded in full (a *bootpay.MismatchError). The one
// exception is a release that failed after a refused confirm: it is logged
// and joined to the error, and the order stays confirming until Reconcile.
//
// The same receipt may be posted any number of times, concurrently too
// (the browser retries, a webhook arrives): the order row lock lets one
// request confirm, the others find the order confirming or paid, and
// Bootpay sees one confirm.
//
// Confirm runs on ctx's values but not its cancellation, with its own
// deadline (ConfirmTimeout): once the hold is committed, a buyer who
// closes the tab must not stop the confirm half way, or its reconciliation
// and the update that records it.
func (b *Backend) Confirm(ctx context.Context, req ConfirmRequest) (*Result, error) {
	if req.OrderID == "" || req.ReceiptID == "" {
		return nil, ErrBadRequest
	}
	ctx, cancel := b.detach(ctx)
	defer cancel()
	o, fresh, err := b.hold(ctx, req)
	switch {
	case err != nil:
		return nil, err
	case o.Status == StatusPaid:
		return o.result(), nil // the browser's retry or the webhook, after the confirm
	case !fresh:
		// Confirming already, under an earlier request: look, never
		// confirm again.
		res := b.settle(ctx, o)
		if res.Status == StatusPending {
			return nil, ErrNotConfirmed
		}
		return res, nil
	}
	return b.confirm(ctx, o)
}

// Reconcile settles an order left confirming by looking its receipt up
// (bootpay.ReceiptsService.ReconcileConfirm); it never confirms or cancels
// a confirm again. Call it from the result page's poll, a webhook handler
// or a background job. It returns the order's state afterwards:
//
//   - StatusPaid: the receipt is confirmed for the order's id and amount.
//   - StatusPending: the receipt can never be confirmed for the order —
//     failed (-1, -2), cancelled in full (20), another order's, or awaiting
//     confirm with another amount, which ConfirmVerified refuses — so the
//     stock is released. A receipt captured for the order with another
//     amount (위변조 의심) is first cancelled in full, under a cancel_id
//     derived from the order and the receipt, so no retry of that refund, by
//     any process, refunds twice (https://developers.bootpay.co.kr/pg/server/cancel).
//   - StatusConfirming: nothing is settled yet — the receipt still awaits
//     confirm (2) and the confirm may yet complete, Bootpay could not be
//     reached, or the receipt is in a state that needs a person (결제승인중,
//     partly cancelled); the cause is logged. Call again later.
//
// A receipt that stays in status 2 keeps the order confirming: nothing
// here can tell a confirm still under way from one never sent (the process
// died between the hold and the confirm), and a second confirm could charge
// twice. Such an order needs a person, or Bootpay's expiry of the
// authentication (how a receipt left awaiting confirm ends is UNCONFIRMED).
//
// An order not confirming is returned as it is. Reconcile runs detached
// from ctx's cancellation, like Confirm.
func (b *Backend) Reconcile(ctx context.Context, orderID string) (*Result, error) {
	ctx, cancel := b.detach(ctx)
	defer cancel()
	o, err := loadOrder(ctx, b.DB, orderID)
	if err != nil {
		return nil, err
	}
	if o.Status != StatusConfirming {
		return o.result(), nil
	}
	return b.settle(ctx, o), nil
}

func (b *Backend) detach(ctx context.Context) (context.Context, context.CancelFunc) {
	d := b.ConfirmTimeout
	if d <= 0 {
		d = DefaultConfirmTimeout
	}
	return context.WithTimeout(context.WithoutCancel(ctx), d)
}

// querier is *sql.DB or *sql.Tx.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func loadOrder(ctx context.Context, q querier, orderID string) (*order, error) {
	o := &order{ID: orderID}
	var receiptID sql.NullString
	err := q.QueryRowContext(ctx,
		`SELECT amount, status, product_id, quantity, receipt_id FROM orders WHERE id = ?`, orderID,
	).Scan(&o.Amount, &o.Status, &o.ProductID, &o.Quantity, &receiptID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("order %s: %w", orderID, ErrUnknownOrder)
	}
	if err != nil {
		return nil, fmt.Errorf("order %s: %w", orderID, err)
	}
	o.ReceiptID = receiptID.String
	return o, nil
}

// hold is step 1: with the order row locked, it checks the order and, for a
// pending one, takes the stock and marks it confirming with the receipt,
// and commits (fresh is true). An order already confirming or paid with
// this receipt is returned as it is; with another receipt it is refused.
func (b *Backend) hold(ctx context.Context, req ConfirmRequest) (o *order, fresh bool, err error) {
	tx, err := b.DB.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock is taken now (see Open)
	if err != nil {
		return nil, false, err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit

	if o, err = loadOrder(ctx, tx, req.OrderID); err != nil {
		return nil, false, err
	}
	switch {
	case (o.Status == StatusPaid || o.Status == StatusConfirming) && o.ReceiptID == req.ReceiptID:
		return o, false, nil
	case o.Status != StatusPending:
		return nil, false, ErrOrderNotPending
	}
	var other string
	err = tx.QueryRowContext(ctx, `SELECT id FROM orders WHERE receipt_id = ?`, req.ReceiptID).Scan(&other)
	if err == nil {
		return nil, false, ErrReceiptInUse
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, false, err
	}
	res, err := tx.ExecContext(ctx,
		`UPDATE stock SET available = available - ? WHERE product_id = ? AND available >= ?`, o.Quantity, o.ProductID, o.Quantity)
	if err != nil {
		return nil, false, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, false, ErrOutOfStock
	}
	if _, err := tx.ExecContext(ctx,
		`UPDATE orders SET status = ?, receipt_id = ? WHERE id = ?`, StatusConfirming, req.ReceiptID, o.ID); err != nil {
		return nil, false, err
	}
	if err := tx.Commit(); err != nil {
		return nil, false, err
	}
	o.Status, o.ReceiptID = StatusConfirming, req.ReceiptID
	return o, true, nil
}

// confirm is steps 2 and 3 for an order this call has just held.
//
// CancelOnMismatch is off: a receipt captured with another amount is
// refunded by settle, under a cancel_id derived from the order, so a
// retried refund — here, in another request or in Reconcile — is applied
// once; ConfirmVerified's own cancel would use a fresh cancel_id each time.
func (b *Backend) confirm(ctx context.Context, o *order) (*Result, error) {
	_, err := b.Bootpay.Receipts.ConfirmVerified(ctx, o.confirmParams())
	var mismatch *bootpay.MismatchError
	switch {
	case err == nil:
		return b.markPaid(ctx, o), nil
	case errors.Is(err, bootpay.ErrOutcomeUnknown):
		b.logger().Warn("confirm outcome unknown: the order stays confirming with its stock held until Reconcile settles it",
			"order_id", o.ID, "receipt_id", o.ReceiptID, "error", err)
		return o.result(), nil
	case errors.As(err, &mismatch):
		// Refused before the confirm (nothing captured), or confirmed
		// with another amount: the receipt's state tells which, and
		// settle refunds a captured one before releasing the order.
		b.logger().Warn("payment does not match its order (위변조 의심)", "order_id", o.ID, "receipt_id", o.ReceiptID, "error", err)
		if res := b.settle(ctx, o); res.Status != StatusPending {
			return res, nil
		}
		return nil, err
	}
	// The lookup before the confirm failed or the confirm was refused:
	// nothing was captured.
	if rerr := b.release(ctx, o); rerr != nil {
		b.logger().Error("confirm refused but the order not released: it stays confirming", "order_id", o.ID, "error", rerr)
		return nil, errors.Join(err, rerr)
	}
	return nil, err
}

func (o *order) confirmParams() bootpay.ConfirmParams {
	return bootpay.ConfirmParams{ReceiptID: o.ReceiptID, OrderID: o.ID, Amount: o.Amount}
}

// settle decides a confirming order by looking its receipt up; see
// Reconcile. Whatever fails leaves the order confirming, which is safe.
func (b *Backend) settle(ctx context.Context, o *order) *Result {
	_, err := b.Bootpay.Receipts.ReconcileConfirm(ctx, o.confirmParams())
	var pending *bootpay.PendingConfirmError
	var mismatch *bootpay.MismatchError
	switch {
	case err == nil:
		return b.markPaid(ctx, o)
	case errors.As(err, &pending):
		// Pending is status 2 (승인대기) or 3 (결제승인중): compare the
		// order id and amount, whichever of the two it is in.
		if pending.Receipt.Verify(o.expect(pending.Receipt.Status)) != nil {
			return b.releaseOrKeep(ctx, o, "the receipt awaiting confirm does not match the order, so it is never confirmed for it")
		}
		return o.result() // a confirm may still complete: wait
	case errors.As(err, &mismatch):
		r, err := b.Bootpay.Receipts.Get(ctx, o.ReceiptID)
		if err != nil {
			b.logger().Warn("lookup to settle a confirming order failed", "order_id", o.ID, "receipt_id", o.ReceiptID, "error", err)
			return o.result()
		}
		return b.settleUnconfirmed(ctx, o, r)
	}
	b.logger().Warn("lookup to settle a confirming order failed", "order_id", o.ID, "receipt_id", o.ReceiptID, "error", err)
	return o.result()
}

func (o *order) expect(s bootpay.Status) bootpay.VerifyParams {
	return bootpay.VerifyParams{OrderID: o.ID, Amount: o.Amount, Status: s}
}

// settleUnconfirmed handles a receipt that is neither confirmed for the
// order nor awaiting confirm.
func (b *Backend) settleUnconfirmed(ctx context.Context, o *order, r *bootpay.Receipt) *Result {
	switch {
	case r.OrderID != o.ID:
		// ConfirmVerified never confirms another order's receipt, and it
		// is not this order's money to refund.
		return b.releaseOrKeep(ctx, o, "the receipt belongs to another order")
	case r.Status == bootpay.StatusPaid:
		// Captured for this order with another amount (위변조 의심).
		if _, err := b.Bootpay.Receipts.Cancel(ctx, bootpay.CancelParams{
			ReceiptID: r.ReceiptID, Full: true, CancelID: refundID(o),
			Message: "결제 금액이 주문과 달라요 (the amount does not match the order)",
		}); err != nil {
			b.logger().Error("refund of a payment that does not match its order failed: the order stays confirming",
				"order_id", o.ID, "receipt_id", r.ReceiptID, "error", err)
			return o.result()
		}
		return b.releaseOrKeep(ctx, o, "the payment did not match the order and was refunded in full")
	case neverCaptured(r):
		return b.releaseOrKeep(ctx, o, "the receipt was never confirmed ("+r.Status.String()+")")
	}
	b.logger().Error("confirming order needs a person: its receipt is in a state this code does not settle",
		"order_id", o.ID, "receipt_id", r.ReceiptID, "receipt_status", r.Status.String())
	return o.result()
}

// neverCaptured reports a receipt that holds none of the buyer's money and
// will not: failed before or at approval, a revoked virtual account, or
// cancelled in full.
func neverCaptured(r *bootpay.Receipt) bool {
	switch r.Status {
	case bootpay.StatusFailedBeforeApproval, bootpay.StatusApprovalFailed, bootpay.StatusVirtualAccountRevoked:
		return true
	case bootpay.StatusCancelled:
		return r.FullyCancelled()
	}
	return false
}

// refundID is the cancel_id of the refund of order o's receipt: the same
// for every attempt, request and process, so Bootpay applies the refund
// once. It is a hash to stay within Bootpay's cancel_id length.
func refundID(o *order) string {
	sum := sha256.Sum256([]byte(o.ID + "\x00" + o.ReceiptID))
	return "checkout-refund-" + hex.EncodeToString(sum[:16])
}

// markPaid records a confirmed receipt. If the update fails the order stays
// confirming, which is why the hold was committed first: Reconcile finds
// the receipt confirmed and marks it paid then. Nothing is refunded: the
// sale is real, only its record is late.
func (b *Backend) markPaid(ctx context.Context, o *order) *Result {
	// The conditions make it idempotent; the row is never released while
	// its receipt is confirmed, so zero rows means another request or
	// Reconcile marked it paid first.
	_, err := b.DB.ExecContext(ctx,
		`UPDATE orders SET status = ? WHERE id = ? AND status = ? AND receipt_id = ?`,
		StatusPaid, o.ID, StatusConfirming, o.ReceiptID)
	if err != nil {
		b.logger().Error("payment confirmed but the order not marked paid yet: it stays confirming until Reconcile",
			"order_id", o.ID, "receipt_id", o.ReceiptID, "error", err)
		return o.result()
	}
	return &Result{OrderID: o.ID, Status: StatusPaid, ReceiptID: o.ReceiptID}
}

// releaseOrKeep releases the order; if that fails it stays confirming.
func (b *Backend) releaseOrKeep(ctx context.Context, o *order, why string) *Result {
	if err := b.release(ctx, o); err != nil {
		b.logger().Error("order not released: it stays confirming", "order_id", o.ID, "why", why, "error", err)
		return o.result()
	}
	b.logger().Info("order released", "order_id", o.ID, "receipt_id", o.ReceiptID, "why", why)
	return &Result{OrderID: o.ID, Status: StatusPending}
}

// release moves a confirming order back to pending and returns its stock,
// once: only the request that moves the row returns the stock.
func (b *Backend) release(ctx context.Context, o *order) error {
	tx, err := b.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	res, err := tx.ExecContext(ctx,
		`UPDATE orders SET status = ?, receipt_id = NULL WHERE id = ? AND status = ? AND receipt_id = ?`,
		StatusPending, o.ID, StatusConfirming, o.ReceiptID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		if _, err := tx.ExecContext(ctx,
			`UPDATE stock SET available = available + ? WHERE product_id = ?`, o.Quantity, o.ProductID); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (b *Backend) logger() *slog.Logger {
	if b.Log != nil {
		return b.Log
	}
	return slog.New(slog.DiscardHandler)
}

// response is the JSON body of every answer.
type response struct {
	Success   bool   `json:"success"`
	OrderID   string `json:"order_id,omitempty"`
	Status    string `json:"status,omitempty"`
	ReceiptID string `json:"receipt_id,omitempty"`
	Message   string `json:"message,omitempty"`
}

// ServeHTTP serves POST /api/confirm (Confirm) and GET
// /api/orders/{order_id} (Reconcile: the result page's poll).
func (b *Backend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	orderID, isOrder := strings.CutPrefix(r.URL.Path, "/api/orders/")
	switch {
	case r.URL.Path == "/api/confirm" && r.Method == http.MethodPost:
		b.serveConfirm(w, r)
	case isOrder && orderID != "" && !strings.Contains(orderID, "/") && r.Method == http.MethodGet:
		b.serveOrder(w, r, orderID)
	default:
		writeJSON(w, http.StatusNotFound, response{Message: "not found"})
	}
}

func (b *Backend) serveConfirm(w http.ResponseWriter, r *http.Request) {
	var req ConfirmRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10)).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, response{Message: ErrBadRequest.Error()})
		return
	}
	res, err := b.Confirm(r.Context(), req)
	var mismatch *bootpay.MismatchError
	switch {
	case err == nil:
		writeResult(w, res)
	case errors.Is(err, ErrBadRequest):
		writeJSON(w, http.StatusBadRequest, response{Message: err.Error()})
	case errors.Is(err, ErrUnknownOrder):
		writeJSON(w, http.StatusNotFound, response{OrderID: req.OrderID, Message: ErrUnknownOrder.Error()})
	case errors.Is(err, ErrOrderNotPending), errors.Is(err, ErrOutOfStock), errors.Is(err, ErrReceiptInUse):
		writeJSON(w, http.StatusConflict, response{OrderID: req.OrderID, Message: err.Error()})
	case errors.As(err, &mismatch):
		writeJSON(w, http.StatusBadRequest, response{OrderID: req.OrderID, Message: "결제 정보가 주문과 달라요 (위변조 의심)"})
	case errors.Is(err, ErrNotConfirmed):
		writeJSON(w, http.StatusBadRequest, response{OrderID: req.OrderID, Message: err.Error()})
	default:
		b.logger().Warn("confirm failed", "order_id", req.OrderID, "error", err)
		writeJSON(w, http.StatusBadGateway, response{OrderID: req.OrderID, Message: "결제 승인에 실패했어요. 다시 시도해 주세요 (not charged)"})
	}
}

func (b *Backend) serveOrder(w http.ResponseWriter, r *http.Request, orderID string) {
	res, err := b.Reconcile(r.Context(), orderID)
	switch {
	case errors.Is(err, ErrUnknownOrder):
		writeJSON(w, http.StatusNotFound, response{OrderID: orderID, Message: ErrUnknownOrder.Error()})
	case err != nil:
		b.logger().Warn("order lookup failed", "order_id", orderID, "error", err)
		writeJSON(w, http.StatusServiceUnavailable, response{OrderID: orderID, Message: "잠시 후 다시 확인해 주세요 (try again)"})
	default:
		writeResult(w, res)
	}
}

// writeResult answers an order's state: 200 paid, 202 confirming (poll
// again), 200 pending.
func writeResult(w http.ResponseWriter, res *Result) {
	body := response{Success: res.Status == StatusPaid, OrderID: res.OrderID, Status: res.Status, ReceiptID: res.ReceiptID}
	code := http.StatusOK
	switch res.Status {
	case StatusConfirming:
		code, body.Message = http.StatusAccepted, "결제 확인 중이에요 (confirming)"
	case StatusPending:
		body.Message = "결제되지 않은 주문이에요 (not paid)"
	}
	writeJSON(w, code, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
