// Package portonecomplete is the merchant server's side of a PortOne V2
// payment (포트원 인증 결제 연동, 결제 완료 처리): the /payment/complete
// endpoint of PortOne's guide, backed by a real database.
//
// The flow:
//
//  1. Checkout. The server creates the order with its amount and a fresh
//     paymentId (주문 고유 번호, "payment-<uuid>", see NewPaymentID) and
//     stores both (AddOrder) before the browser opens the payment window:
//     the paymentId is what every later lookup and reconciliation (대사)
//     goes by.
//  2. The browser calls PortOne.requestPayment({paymentId, totalAmount, …})
//     and the buyer authenticates in the PG's window (인증 결제).
//  3. The browser posts {"paymentId", "orderId"} to /payment/complete.
//     Nothing else from the browser is trusted: the amount was in the
//     buyer's hands.
//  4. The server looks the payment up (결제 단건 조회), compares amount.total
//     with its own order (결제 검증) and acts on the status: PAID (결제 완료)
//     marks the order paid and fulfils it; VIRTUAL_ACCOUNT_ISSUED (가상계좌
//     발급) stores the account and shows it to the buyer, and the deposit
//     (입금) comes later with a webhook; READY and PAY_PENDING leave the
//     order pending; FAILED and CANCELLED change nothing. An amount that
//     differs from the order's is 위변조 의심 (suspected tampering): answer
//     400 and fulfil nothing.
//  5. PortOne's webhook (웹훅) may arrive before, after or instead of the
//     browser. Its handler verifies the signature and calls Complete with
//     the paymentId alone. Complete is idempotent by payment id: however
//     many requests arrive, in whatever order, the order becomes paid, and
//     OnPaid runs, exactly once.
//
// ServeHTTP answers 200 {"status":"PAID"} or {"status":
// "VIRTUAL_ACCOUNT_ISSUED","virtualAccount":{…}}, 202 PENDING, 400 FAILED,
// 409 CANCELLED, 400 위변조 의심, 404 for a payment it does not know, and
// 502 when PortOne cannot be reached (the browser may try again; the
// webhook comes anyway).
//
// It uses SQLite (modernc.org/sqlite, pure Go) so it runs anywhere; the SQL
// is the same on PostgreSQL or MySQL.
package portonecomplete

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/paykit-kr/paykit/portone"
)

// Backend completes payments for the orders kept in DB.
type Backend struct {
	DB      *sql.DB
	PortOne *portone.Client
	// OnPaid runs once per order, when it becomes paid: ship it, send the
	// receipt mail. It may be nil. It runs after the update is stored; for
	// work that must not be lost in a crash, write it to an outbox table in
	// the same UPDATE's transaction instead.
	OnPaid func(ctx context.Context, orderID string)
	Log    *slog.Logger
}

// Request is what the browser posts; a webhook handler sets PaymentID only.
type Request struct {
	PaymentID string `json:"paymentId"`
	OrderID   string `json:"orderId,omitempty"`
}

// Result is the order's state after a completion, as the browser receives
// it.
type Result struct {
	OrderID        string          `json:"orderId"`
	Status         string          `json:"status,omitempty"` // PAID, VIRTUAL_ACCOUNT_ISSUED, PENDING, FAILED or CANCELLED
	Message        string          `json:"message,omitempty"`
	VirtualAccount *VirtualAccount `json:"virtualAccount,omitempty"`
}

// VirtualAccount is the account the buyer deposits into (가상계좌).
type VirtualAccount struct {
	Bank          string    `json:"bank"`
	AccountNumber string    `json:"accountNumber"`
	RemitteeName  string    `json:"remitteeName,omitempty"`
	ExpiredAt     time.Time `json:"expiredAt,omitzero"` // 입금 기한
}

// Errors of Complete besides PortOne's.
var (
	ErrUnknownPayment = errors.New("no order has this paymentId")
	ErrForeignPayment = errors.New("the payment belongs to another order (위변조 의심)")
)

// Complete looks the payment up, checks it against its order and records
// the outcome. The browser and the webhook may both call it, any number of
// times: the order becomes paid once. A payment that does not match its
// order is a *portone.MismatchError.
func (b *Backend) Complete(ctx context.Context, req Request) (*Result, error) {
	var orderID string
	var amount int64
	err := b.DB.QueryRowContext(ctx, `SELECT id, amount FROM orders WHERE payment_id = ?`, req.PaymentID).Scan(&orderID, &amount)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, ErrUnknownPayment
	case err != nil:
		return nil, err
	case req.OrderID != "" && req.OrderID != orderID:
		return nil, ErrForeignPayment
	}

	v, err := b.PortOne.Payments.Verify(ctx, portone.VerifyParams{
		PaymentID: req.PaymentID, Amount: amount, Currency: portone.CurrencyKRW, // the amount from our database
	})
	if err != nil {
		return nil, err
	}
	res := &Result{OrderID: orderID}
	switch v.Outcome {
	case portone.OutcomePaid:
		res.Status = "PAID"
		// The condition makes this idempotent: only the first request
		// finds the order unpaid, and only it fulfils the order.
		r, err := b.DB.ExecContext(ctx,
			`UPDATE orders SET status = 'paid' WHERE id = ? AND status IN ('pending', 'awaiting_deposit')`, orderID)
		if err != nil {
			return nil, err
		}
		if n, _ := r.RowsAffected(); n == 1 {
			b.logger().Info("order paid", "order_id", orderID, "payment_id", req.PaymentID)
			if b.OnPaid != nil {
				b.OnPaid(ctx, orderID)
			}
		}
	case portone.OutcomeAwaitingDeposit:
		res.Status = "VIRTUAL_ACCOUNT_ISSUED"
		if va := v.VirtualAccount; va != nil {
			res.VirtualAccount = &VirtualAccount{
				Bank: string(va.Bank), AccountNumber: va.AccountNumber.Reveal(), RemitteeName: va.RemitteeName, ExpiredAt: va.ExpiredAt,
			}
			_, err := b.DB.ExecContext(ctx,
				`UPDATE orders SET status = 'awaiting_deposit', va_bank = ?, va_number = ?, va_expires_at = ?
				 WHERE id = ? AND status = 'pending'`,
				res.VirtualAccount.Bank, res.VirtualAccount.AccountNumber, va.ExpiredAt.Format(time.RFC3339), orderID)
			if err != nil {
				return nil, err
			}
		}
	case portone.OutcomePending:
		res.Status, res.Message = "PENDING", "결제 확인 중이에요 (not completed yet)"
	case portone.OutcomeFailed:
		res.Status, res.Message = "FAILED", "결제에 실패했어요 (the payment failed)"
		if f, ok := v.Payment.Failed(); ok && f.Failure.Reason != "" {
			res.Message += ": " + f.Failure.Reason
		}
	case portone.OutcomePartiallyCancelled, portone.OutcomeCancelled:
		res.Status, res.Message = "CANCELLED", "취소된 결제예요 (the payment was cancelled)"
	default: // a status this code does not know: change nothing
		res.Status = string(v.Payment.Status)
	}
	return res, nil
}

// ServeHTTP is POST /payment/complete.
func (b *Backend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, Result{Message: "POST only"})
		return
	}
	var req Request
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10)).Decode(&req); err != nil || req.PaymentID == "" || req.OrderID == "" {
		writeJSON(w, http.StatusBadRequest, Result{Message: "paymentId와 orderId가 필요해요 (bad request)"})
		return
	}
	res, err := b.Complete(r.Context(), req)
	var mismatch *portone.MismatchError
	switch {
	case errors.As(err, &mismatch), errors.Is(err, ErrForeignPayment):
		b.logger().Warn("payment does not match its order", "payment_id", req.PaymentID, "order_id", req.OrderID, "error", err)
		writeJSON(w, http.StatusBadRequest, Result{OrderID: req.OrderID, Message: "결제 정보가 주문과 달라요: 위변조 의심"})
	case errors.Is(err, ErrUnknownPayment), errors.Is(err, portone.ErrNotFound):
		writeJSON(w, http.StatusNotFound, Result{OrderID: req.OrderID, Message: "결제 건을 찾을 수 없어요 (payment not found)"})
	case err != nil:
		b.logger().Error("payment lookup failed", "payment_id", req.PaymentID, "error", err)
		writeJSON(w, http.StatusBadGateway, Result{OrderID: req.OrderID, Message: "결제 확인에 실패했어요. 잠시 후 다시 시도해 주세요"})
	default:
		writeJSON(w, httpStatus(res.Status), res)
	}
}

func httpStatus(status string) int {
	switch status {
	case "PAID", "VIRTUAL_ACCOUNT_ISSUED":
		return http.StatusOK
	case "FAILED":
		return http.StatusBadRequest
	case "CANCELLED":
		return http.StatusConflict
	default:
		return http.StatusAccepted
	}
}

func (b *Backend) logger() *slog.Logger {
	if b.Log != nil {
		return b.Log
	}
	return slog.New(slog.DiscardHandler)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
