package bootpay

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/paykit-kr/paykit/internal/transport"
)

// ReceiptsService looks payments (receipts) up, confirms and cancels them.
// Use it through Client.Receipts.
type ReceiptsService struct{ c *Client }

var userDataQuery = url.Values{"lookup_user_data": {"true"}}

// Get looks a receipt up (결제 조회): GET /receipt/{receipt_id}. Use it to
// verify a payment on the server before trusting what the browser said
// (see Receipt.Check).
//
// Bootpay API docs: https://docs.bootpay.co.kr/rest/verify
func (s *ReceiptsService) Get(ctx context.Context, receiptID string, opts ...RequestOption) (*Receipt, error) {
	return s.get(ctx, receiptID, nil, opts)
}

// GetWithUserData is Get with lookup_user_data=true: Bootpay adds the
// buyer's data to the receipt. The names of those fields are UNCONFIRMED,
// so read them from Receipt.RawJSON.
func (s *ReceiptsService) GetWithUserData(ctx context.Context, receiptID string, opts ...RequestOption) (*Receipt, error) {
	return s.get(ctx, receiptID, userDataQuery, opts)
}

func (s *ReceiptsService) get(ctx context.Context, receiptID string, query url.Values, opts []RequestOption) (*Receipt, error) {
	if err := checkID("receiptID", receiptID); err != nil {
		return nil, err
	}
	out := new(Receipt)
	_, err := s.c.t.Do(ctx, &transport.Call{
		Op: "receipts.get", Method: http.MethodGet,
		Path: "/receipt/" + url.PathEscape(receiptID), Route: "/receipt/{receipt_id}",
		Query: query, Class: transport.Safe, Reference: receiptID,
	}, out, opts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Confirm approves a separately confirmed payment (서버 승인, 결제승인):
// POST /confirm moves a receipt in status 2 (승인대기) to 1 (결제완료) and
// returns it.
//
// Bootpay does not deduplicate confirms, so Confirm is never retried once
// the request may have reached Bootpay. If the outcome is not known (a
// reset, a timeout or a 5xx after the request was sent), the error matches
// ErrOutcomeUnknown: look the receipt up before anything else, or use
// ConfirmVerified, which does so. Prefer ConfirmVerified in a checkout: it
// also checks the amount and order id before and after.
//
// Bootpay API docs: https://docs.bootpay.co.kr/rest/confirm
func (s *ReceiptsService) Confirm(ctx context.Context, receiptID string, opts ...RequestOption) (*Receipt, error) {
	if err := checkID("receiptID", receiptID); err != nil {
		return nil, err
	}
	out := new(Receipt)
	_, err := s.c.t.Do(ctx, &transport.Call{
		Op: "receipts.confirm", Method: http.MethodPost, Path: "/confirm", Route: "/confirm",
		Body: confirmRequest{ReceiptID: receiptID}, Class: transport.Unsafe, Reference: receiptID,
	}, out, opts...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

type confirmRequest struct {
	ReceiptID string `json:"receipt_id"`
}

// CancelParams describes a cancel (결제 취소). Set exactly one of Amount
// (a partial cancel, 부분취소) or Full (cancel everything that remains):
// a zero amount never means "everything" by accident.
type CancelParams struct {
	ReceiptID string
	// Full cancels the whole remaining amount.
	Full bool
	// Amount is the amount to cancel, in won, for a partial cancel.
	Amount int64
	// TaxFree is the tax-free part of the cancelled amount (면세 금액).
	TaxFree int64
	// CancelID identifies this cancel. Bootpay refuses a cancel_id it has
	// applied before, which makes retries safe. Leave it empty and one is
	// generated and reused on every attempt; set it (from your refund
	// record, say) to make the cancel idempotent across your own retries.
	CancelID string
	// Username is who asked for the cancel (취소 요청자).
	Username string
	// Message is the reason (취소 사유).
	Message string
	// Refund is the account a virtual-account payment is refunded to
	// (requires a CMS contract with the PG).
	Refund *RefundAccount
}

// RefundAccount is where a virtual-account payment is refunded.
type RefundAccount struct {
	BankCode     string        `json:"bank_code"` // e.g. "004" KB국민, "088" 신한
	BankAccount  AccountNumber `json:"bank_account"`
	BankUsername string        `json:"bank_username"` // account holder
}

// String masks the account number.
func (r RefundAccount) String() string {
	return "RefundAccount{" + r.BankCode + " " + r.BankAccount.String() + " " + r.BankUsername + "}"
}

// GoString masks the account number.
func (r RefundAccount) GoString() string { return r.String() }

type cancelRequest struct {
	ReceiptID     string         `json:"receipt_id"`
	CancelPrice   int64          `json:"cancel_price,omitempty"`
	CancelTaxFree int64          `json:"cancel_tax_free,omitempty"`
	CancelID      string         `json:"cancel_id"`
	Username      string         `json:"cancel_username,omitempty"`
	Message       string         `json:"cancel_message,omitempty"`
	Refund        *RefundAccount `json:"refund,omitempty"`
}

// maxCancelIDLength bounds caller cancel ids; Bootpay's limit is
// UNCONFIRMED, and 64 leaves room for a UUID with a prefix.
const maxCancelIDLength = 64

func (p *CancelParams) validate() error {
	field := func(name, reason string) error {
		return &ValidationError{Gateway: "bootpay", Field: name, Reason: reason}
	}
	if err := checkID("ReceiptID", p.ReceiptID); err != nil {
		return err
	}
	switch {
	case p.Full && p.Amount != 0:
		return field("Amount", "set either Full or Amount, not both")
	case !p.Full && p.Amount <= 0:
		return field("Amount", "must be positive for a partial cancel (or set Full)")
	case p.TaxFree < 0:
		return field("TaxFree", "may not be negative")
	case !p.Full && p.TaxFree > p.Amount:
		return field("TaxFree", "exceeds the cancelled amount")
	case len(p.CancelID) > maxCancelIDLength || !utf8.ValidString(p.CancelID):
		return field("CancelID", "must be valid text of at most 64 bytes")
	case p.Refund != nil && (p.Refund.BankCode == "" || p.Refund.BankAccount == "" || p.Refund.BankUsername == ""):
		return field("Refund", "needs the bank code, account number and account holder")
	}
	return nil
}

// Cancel cancels a payment in full or in part (결제 취소, 부분취소):
// POST /cancel. It returns the receipt after the cancel: status 20,
// CancelledPrice the cumulative cancelled amount.
//
// A cancel is retried only with its cancel_id, which Bootpay refuses to
// apply twice, so a retry can never cancel twice. When a retry is refused
// because that cancel_id was already applied, Cancel looks the receipt up
// and returns it: the cancel did happen. When a retry is refused for a
// reason that might be the echo of an earlier attempt (already cancelled,
// amount exceeded), the error matches ErrOutcomeUnknown and carries the
// receipt id and cancel_id: look the receipt up before deciding.
//
// Bootpay API docs: https://docs.bootpay.co.kr/rest/cancel
func (s *ReceiptsService) Cancel(ctx context.Context, p CancelParams, opts ...RequestOption) (*Receipt, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	cancelID := p.CancelID
	if cancelID == "" {
		cancelID = "paykit-" + transport.NewIdempotencyKey()
	}
	req := cancelRequest{
		ReceiptID: p.ReceiptID, CancelTaxFree: p.TaxFree, CancelID: cancelID,
		Username: p.Username, Message: p.Message, Refund: p.Refund,
	}
	if !p.Full {
		req.CancelPrice = p.Amount
	}
	out := new(Receipt)
	_, err := s.c.t.Do(ctx, &transport.Call{
		Op: "receipts.cancel", Method: http.MethodPost, Path: "/cancel", Route: "/cancel",
		Body: req, Class: transport.Keyed, Reference: p.ReceiptID, IdempotencyKey: cancelID,
	}, out, opts...)
	if err == nil {
		return out, nil
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return nil, err
	}
	if apiErr.Code == CodeCancelIDDuplicated {
		// This cancel_id was applied, by an earlier attempt of this call
		// or an earlier call with the caller's id: the cancel happened.
		return s.Get(ctx, p.ReceiptID, opts...)
	}
	if !errors.Is(err, ErrOutcomeUnknown) {
		return nil, err // the gateway's answer to this cancel
	}
	// An earlier attempt may have been applied, so this refusal may be its
	// echo. A full cancel refused as already cancelled is accepted only if
	// the receipt really is fully cancelled; anything else stays unknown.
	if p.Full && apiErr.Code == CodeAlreadyCancelled {
		if r, gerr := s.Get(ctx, p.ReceiptID, opts...); gerr == nil && r.FullyCancelled() {
			return r, nil
		}
	}
	return nil, err
}

// checkID refuses ids that cannot be a Bootpay id before any I/O.
func checkID(field, id string) error {
	reason := ""
	switch {
	case id == "":
		reason = "is empty"
	case strings.TrimSpace(id) != id:
		reason = "has leading or trailing spaces"
	case len(id) > 256 || !utf8.ValidString(id):
		reason = "is not a valid id"
	}
	if reason == "" {
		return nil
	}
	return &ValidationError{Gateway: "bootpay", Field: field, Reason: reason}
}
