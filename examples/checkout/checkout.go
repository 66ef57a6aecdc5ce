// Package checkout is a small merchant backend: the /api/confirm endpoint
// of a Bootpay separately confirmed payment (분리 승인), run inside one
// database transaction as Bootpay's server-confirm guide describes. The
// order row is locked, the order's state and stock are checked, the payment
// is verified and confirmed with bootpay.ConfirmVerified, and the order is
// marked paid, all before the transaction commits. A second request for
// the same receipt (the browser and a webhook both arrive) finds the order
// already paid and answers success without confirming again.
//
// It uses SQLite so it runs anywhere; on PostgreSQL or MySQL take the row
// lock with SELECT … FOR UPDATE instead of SQLite's BEGIN IMMEDIATE.
package checkout

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/paykit-kr/paykit/bootpay"
)

// Schema creates the tables the backend uses.
const Schema = `
CREATE TABLE IF NOT EXISTS orders (
	id          TEXT PRIMARY KEY,
	amount      INTEGER NOT NULL,          -- won, exact
	status      TEXT NOT NULL DEFAULT 'pending',
	product_id  TEXT NOT NULL,
	quantity    INTEGER NOT NULL,
	receipt_id  TEXT UNIQUE               -- Bootpay receipt, set once paid
);
CREATE TABLE IF NOT EXISTS stock (
	product_id  TEXT PRIMARY KEY,
	available   INTEGER NOT NULL
);`

// Errors the handler maps to responses.
var (
	ErrOrderNotPending = errors.New("승인할 수 없는 주문 (order is not pending)")
	ErrOutOfStock      = errors.New("재고가 부족해요 (out of stock)")
)

// Backend confirms payments for orders kept in db.
type Backend struct {
	DB      *sql.DB
	Bootpay *bootpay.Client
	Log     *slog.Logger
}

// ConfirmRequest is what the browser posts after Bootpay's confirm event.
type ConfirmRequest struct {
	ReceiptID string `json:"receipt_id"`
	OrderID   string `json:"order_id"`
}

// Confirm runs the whole confirmation in one transaction and returns the
// confirmed receipt. It commits only when Bootpay confirmed the payment
// with the order's amount; on any error the transaction rolls back, so no
// stock is taken for an unpaid order.
func (b *Backend) Confirm(ctx context.Context, req ConfirmRequest) (*bootpay.Receipt, error) {
	tx, err := b.DB.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock is taken now (see Open)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit

	var amount, quantity int64
	var status, productID string
	var receiptID sql.NullString
	err = tx.QueryRowContext(ctx,
		`SELECT amount, status, product_id, quantity, receipt_id FROM orders WHERE id = ?`, req.OrderID,
	).Scan(&amount, &status, &productID, &quantity, &receiptID)
	if err != nil {
		return nil, fmt.Errorf("order %s: %w", req.OrderID, err)
	}
	if status == "paid" && receiptID.String == req.ReceiptID {
		// Already confirmed by an earlier request for the same receipt: the
		// browser and the webhook may both arrive. Answer from Bootpay.
		return b.Bootpay.Receipts.Get(ctx, req.ReceiptID)
	}
	if status != "pending" {
		return nil, ErrOrderNotPending
	}
	res, err := tx.ExecContext(ctx,
		`UPDATE stock SET available = available - ? WHERE product_id = ? AND available >= ?`, quantity, productID, quantity)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, ErrOutOfStock
	}

	// Only now, with the order locked and the stock taken, is the payment
	// approved at Bootpay.
	confirmed, err := b.Bootpay.Receipts.ConfirmVerified(ctx, bootpay.ConfirmParams{
		ReceiptID: req.ReceiptID, OrderID: req.OrderID, Amount: amount, CancelOnMismatch: true,
	})
	if err != nil {
		return nil, err
	}
	r := confirmed.Receipt
	if _, err := tx.ExecContext(ctx,
		`UPDATE orders SET status = 'paid', receipt_id = ? WHERE id = ?`, r.ReceiptID, req.OrderID); err != nil {
		// Confirmed at Bootpay but not recorded: log loudly; the webhook
		// or a reconciliation job must settle it.
		b.logger().Error("payment confirmed but order not updated", "order_id", req.OrderID, "receipt_id", r.ReceiptID, "error", err)
		return nil, err
	}
	return r, tx.Commit()
}

func (b *Backend) logger() *slog.Logger {
	if b.Log != nil {
		return b.Log
	}
	return slog.New(slog.DiscardHandler)
}

// ServeHTTP is POST /api/confirm.
func (b *Backend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req ConfirmRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10)).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "bad request"})
		return
	}
	receipt, err := b.Confirm(r.Context(), req)
	var pending *bootpay.PendingConfirmError
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, map[string]any{"success": true, "receipt_id": receipt.ReceiptID})
	case errors.As(err, &pending), errors.Is(err, bootpay.ErrOutcomeUnknown):
		// Not known yet: keep the order pending; the result page polls.
		writeJSON(w, http.StatusAccepted, map[string]any{"success": false, "message": "결제 확인 중 (confirming)"})
	case errors.Is(err, ErrOrderNotPending), errors.Is(err, ErrOutOfStock):
		writeJSON(w, http.StatusConflict, map[string]any{"success": false, "message": err.Error()})
	default:
		b.logger().Warn("confirm failed", "order_id", req.OrderID, "error", err)
		writeJSON(w, http.StatusBadRequest, map[string]any{"success": false, "message": "결제 조회에 실패했어요."})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
