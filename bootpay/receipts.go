package bootpay

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/paykit-kr/paykit/internal/transport"
)

// ReceiptsService looks payments (receipts) up, confirms and cancels them.
// Use it through Client.Receipts.
type ReceiptsService struct{ c *Client }

// receiptEndpoints are the operations of ReceiptsService.
var receiptEndpoints = struct {
	get, confirm, cancel transport.Endpoint
}{
	get:     transport.Endpoint{Op: "receipts.get", Method: http.MethodGet, Route: "/receipt/{receipt_id}", Class: transport.Safe},
	confirm: transport.Endpoint{Op: "receipts.confirm", Method: http.MethodPost, Route: "/confirm", Class: transport.Unsafe},
	cancel:  transport.Endpoint{Op: "receipts.cancel", Method: http.MethodPost, Route: "/cancel", Class: transport.Keyed},
}

var userDataQuery = url.Values{"lookup_user_data": {"true"}}

// Get looks a receipt up (결제 조회): GET /receipt/{receipt_id}. Use it to
// verify a payment on the server before trusting what the browser said
// (see Verify).
//
// A reply that describes another receipt (its receipt_id differs) is a
// *DecodeError naming both ids, never that other receipt, and so is a
// reply without receipt_id, order_id, price or status: a bad reply (a
// misrouting proxy, a wrongly keyed cache), not a verdict on the receipt
// asked for, so it is neither ErrNotFound nor a *MismatchError. It is not
// retried; look the receipt up again.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/receipt
func (s *ReceiptsService) Get(ctx context.Context, receiptID string, opts ...RequestOption) (*Receipt, error) {
	return s.get(ctx, receiptID, nil, opts)
}

// GetWithUserData is Get with lookup_user_data=true: Bootpay adds the
// buyer's data to the receipt. The names of those fields are UNCONFIRMED,
// so read them from Receipt.RawJSON.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/receipt
func (s *ReceiptsService) GetWithUserData(ctx context.Context, receiptID string, opts ...RequestOption) (*Receipt, error) {
	return s.get(ctx, receiptID, userDataQuery, opts)
}

func (s *ReceiptsService) get(ctx context.Context, receiptID string, query url.Values, opts []RequestOption) (*Receipt, error) {
	out, res, err := transport.Send[Receipt](ctx, s.c.t, &transport.Call{
		Endpoint: &receiptEndpoints.get, Args: []transport.Arg{{Field: "receiptID", Value: receiptID}},
		Query: query, Reference: receiptID,
	}, opts...)
	if err != nil {
		return nil, err
	}
	if out.ReceiptID != receiptID {
		// Another payment's receipt: never let it stand in for this one,
		// nor pass for a verdict on it.
		return nil, otherReply(receiptEndpoints.get.Op, res.StatusCode, "receipt", out.ReceiptID, receiptID)
	}
	return out, nil
}

// Confirm approves a separately confirmed payment (서버 승인, 결제승인):
// POST /confirm moves a receipt in status 2 (승인대기) to 1 (결제완료) and
// returns it. A nil error means the confirm's answer is the receipt in
// status 1; it does not check the order id or amount (ConfirmVerified
// does).
//
// Bootpay does not deduplicate confirms, so Confirm is never retried once
// the request may have reached Bootpay. If the outcome is not known (a
// reset, a timeout or a 5xx after the request was sent, a 2xx whose body
// is not a receipt or describes another receipt), the error matches
// ErrOutcomeUnknown: look the receipt up before anything else, or use
// ConfirmVerified, which does so. Prefer ConfirmVerified in a checkout: it
// also checks the amount and order id before and after.
//
// A 2xx answered with the receipt in any status but 1 (2 승인대기 or 3
// 결제승인중: not confirmed yet; 0, -2 결제 승인 실패 or another, whose
// meaning in a confirm's answer is UNCONFIRMED) does not show the payment
// confirmed, nor that it never will be: it is a *PendingConfirmError
// holding that receipt, around an *OutcomeUnknownError whose Reference is
// the receipt id. It matches ErrOutcomeUnknown: never fulfil on it and
// never confirm again; settle it with ReconcileConfirm, later again while
// the receipt stays in status 2 (승인대기), and if the order is abandoned
// meanwhile take the cancel path PendingConfirmError describes, never a
// second confirm.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/confirm
func (s *ReceiptsService) Confirm(ctx context.Context, receiptID string, opts ...RequestOption) (*Receipt, error) {
	r, res, err := s.confirm(ctx, receiptID, opts)
	if err != nil {
		return nil, err
	}
	if r.Status != StatusPaid {
		return nil, &PendingConfirmError{Receipt: r, Err: unknownReply(receiptEndpoints.confirm.Op, receiptID, res,
			fmt.Errorf("bootpay answered the confirm with the receipt in status %v, not 1 (결제완료): settle it with ReconcileConfirm", r.Status))}
	}
	return r, nil
}

// confirm sends the confirm and returns the receipt its 2xx answer
// carries, in whatever status (ConfirmVerified reads that status itself),
// with the call's result.
func (s *ReceiptsService) confirm(ctx context.Context, receiptID string, opts []RequestOption) (*Receipt, transport.Result, error) {
	if err := checkID("receiptID", receiptID); err != nil {
		return nil, transport.Result{}, err
	}
	return receiptWrite(ctx, s.c, &transport.Call{
		Endpoint: &receiptEndpoints.confirm, Body: confirmRequest{ReceiptID: receiptID}, Reference: receiptID,
	}, opts)
}

// receiptWrite sends a write of one receipt, call.Reference, whose 2xx
// answer is that receipt; an answer about another receipt is refused
// (otherReceiptReply).
func receiptWrite(ctx context.Context, c *Client, call *transport.Call, opts []RequestOption) (*Receipt, transport.Result, error) {
	out, res, err := transport.Send[Receipt](ctx, c.t, call, opts...)
	if err != nil {
		return nil, res, err
	}
	if err := otherReceiptReply(call.Endpoint.Op, call.Reference, "", res, out); err != nil {
		return nil, res, err
	}
	return out, res, nil
}

// otherReceiptReply refuses the 2xx reply of a write that describes
// another receipt than the one written to. The write was applied to
// something, so what happened to the caller's receipt is unknown: an
// *OutcomeUnknownError (around a *DecodeError) that sends the caller to
// look its own receipt up, never to act on the other one.
func otherReceiptReply(op, receiptID, key string, res transport.Result, got *Receipt) error {
	if got.ReceiptID == receiptID {
		return nil
	}
	e := otherObjectReply(op, receiptID, "receipt", got.ReceiptID, res)
	e.IdempotencyKey = key // the cancel_id, which the transport does not carry
	return e
}

// Cancel cancels a payment in full or in part (결제 취소, 부분취소):
// POST /cancel. It returns the receipt after the cancel: status 20 (a
// partial cancel leaves status 20 too), CancelledPrice the cumulative
// cancelled amount.
//
// A 2xx answer is a success only when its receipt shows this cancel:
// status 20 with the cumulative cancelled amounts covering it (at least
// Amount, and TaxFree of it tax-free; for Full, nothing left). Any other
// receipt proves no refund:
//
//   - status -20 (결제취소 실패) with nothing cancelled on the receipt, when
//     no attempt of this call may have been applied before, is a
//     *CancelFailedError: the PG refused the cancel and nothing was
//     refunded;
//   - anything else (status -30 결제취소 진행중, a receipt still paid, less
//     cancelled than asked, or -20 where earlier cancels or attempts could
//     hide this one) is an *OutcomeUnknownError carrying the receipt id and
//     cancel_id.
//
// Every cancel carries a cancel_id (CancelID, or one generated and reused
// on every attempt of this call), and Bootpay refuses to apply a cancel_id
// twice, so a retry can never cancel twice. A retry is still a write that
// may follow an applied attempt, so Cancel trusts only a 2xx that shows
// the cancel, or a lookup that proves the state:
//
//   - A refusal because the cancel_id was already applied
//     (CodeCancelIDDuplicated) is settled by looking the receipt up.
//     Bootpay keeps cancel_id unique per merchant (가맹점 취소 고유 ID), not
//     per receipt, so the refusal shows only that the id was applied to
//     some receipt. It is a success, returning that receipt, only when the
//     receipt proves this cancel was applied: with a generated cancel_id
//     (only this call ever sent it, for this receipt and body) the receipt
//     must show at least this amount and tax-free part cancelled, or be
//     fully cancelled for Full; with your own CancelID a Full cancel is
//     proven by nothing remaining, and a 부분취소 by its receipt's
//     cancelled total having risen by at least Amount since before the
//     first attempt under that id: the refusal says the id was used, the
//     rise that the money moved on this receipt. For that, Cancel looks a
//     부분취소 under your own CancelID up once (GET /receipt/{receipt_id})
//     before its first attempt, unless you pass the total you read before
//     your first call under that CancelID as CancelledBefore. So a first
//     attempt applied with its reply lost, whose retry within the call is
//     refused as a repeated cancel_id, is a success. The total alone is
//     never proof: the receipt keeps no per-cancel history, and its
//     cancelled amount may be other cancels' while the id went to another
//     receipt. When the receipt rules this cancel out (status 20 with less cancelled in total than this Amount
//     or TaxFree, or, for Full, something left), the CancelID was used
//     before for a different cancel, of this receipt or another: the error
//     is a *CancelIDConflictError (ErrConflict) naming both amounts, and
//     nothing was cancelled by this call. Otherwise (a 부분취소 under your
//     own CancelID whose total rose by less than Amount since, or with no
//     total from before because that lookup failed (the cancel is sent
//     all the same), yet whose amounts could include it; a generated id the receipt does not show; a
//     receipt not in status 20), or when the lookup fails, the error is an
//     *OutcomeUnknownError carrying the receipt id and cancel_id.
//   - Any other 4xx refusal of a cancel with your own CancelID (except a
//     refusal of the keys, 401, or of the rate, 429) may be Bootpay's
//     refusal of a repeated cancel_id under a code paykit does not know,
//     so it is settled by a lookup too: a receipt that could include this
//     cancel (its cumulative amounts cover it, or status -30) makes the
//     outcome unknown (an *OutcomeUnknownError), even a full cancel
//     refused as already cancelled; a receipt that cannot (less cancelled
//     than this cancel asks, or no such receipt) leaves Bootpay's refusal,
//     an *APIError: nothing was refunded.
//   - A full cancel refused as already cancelled after an attempt that may
//     have been applied is a success only if a lookup shows the receipt
//     fully cancelled.
//   - Any other failure after an attempt that may have been applied
//     (including 400, 401, 403, 404, 409 and 429 answers) matches
//     ErrOutcomeUnknown and carries the receipt id and cancel_id.
//   - A 2xx whose body is not a receipt of ReceiptID (empty, {}, null, a
//     missing required field, another receipt_id) was applied to something
//     and ends as an *OutcomeUnknownError too.
//
// After an unknown outcome, look the receipt up, or repeat the call with
// CancelID set to the error's IdempotencyKey; never repeat it with a new
// cancel_id. The repeat settles the outcome when Bootpay refuses the
// repeated cancel_id as CodeCancelIDDuplicated and the receipt proves or
// rules out the cancel (a full cancel, a generated cancel_id, or a
// 부분취소 whose total rose by Amount since CancelledBefore); otherwise,
// and always for a 부분취소 under your own CancelID without
// CancelledBefore once an attempt was applied (the repeat's own lookup
// already holds it), it ends unknown again, never as a refusal that reads
// "not refunded". The signal that the id was used is that refusal
// (errors.As reaches the *APIError with Code CodeCancelIDDuplicated
// inside the *OutcomeUnknownError); a lookup alone cannot decide, since
// two unknown refunds of the same amount of one receipt show the same
// totals whichever was applied. Without CancelledBefore, compare the
// receipt's cumulative cancelled amounts with the refunds you have
// recorded before refunding under a new cancel_id.
//
// UNCONFIRMED: Bootpay's receipt has no per-cancel history, the error
// code for a repeated cancel_id is not documented, and no source shows a
// 2xx cancel answer in a status other than 20. So the proof rests on the
// cumulative amounts, which alone can never tell which receipt a
// cancel_id unique per merchant went to: a 부분취소 under your own
// CancelID is proven only by a rise of the total since before its first
// attempt together with the duplicate refusal, which holds as long as
// each CancelID names one refund of one receipt (a CancelID used on
// another receipt before, and another cancel of this receipt of at least
// Amount in the meantime, would pass for it). A refusal that might be
// Bootpay's answer to a repeated cancel_id is never read as "not
// refunded" while the receipt could include the cancel: where the facts
// prove nothing the answer is unknown, never success and never a
// refusal.
//
// Bootpay API docs: https://developers.bootpay.co.kr/pg/server/cancel
func (s *ReceiptsService) Cancel(ctx context.Context, p CancelParams, opts ...RequestOption) (*Receipt, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	cancelID, generated := p.CancelID, p.CancelID == ""
	if generated {
		cancelID = "paykit-" + transport.NewIdempotencyKey()
	}
	req := cancelRequest{
		ReceiptID: p.ReceiptID, CancelTaxFree: p.TaxFree, CancelID: cancelID,
		Username: p.Username, Message: p.Message, Refund: p.Refund,
	}
	if !p.Full {
		req.CancelPrice = p.Amount
	}
	d := duplicateCancel{p: p, cancelID: cancelID, generated: generated, before: p.CancelledBefore}
	if !generated && !p.Full && d.before == nil {
		d.before, d.beforeErr = s.cancelledTotal(ctx, p.ReceiptID, opts)
		d.lookedUp = d.before != nil
	}
	out, res, err := transport.Send[Receipt](ctx, s.c.t, &transport.Call{
		Endpoint: &receiptEndpoints.cancel, Body: req, Reference: p.ReceiptID, IdempotencyKey: cancelID,
	}, opts...)
	if err == nil {
		if err := otherReceiptReply(receiptEndpoints.cancel.Op, p.ReceiptID, cancelID, res, out); err != nil {
			return nil, err
		}
		return cancelReply(p, cancelID, res, out)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return nil, err
	}
	d.attempts, d.refusal, d.mayHaveApplied = res.Attempts, apiErr, res.MayHaveApplied
	if apiErr.Code == CodeCancelIDDuplicated {
		return s.settleDuplicate(ctx, d, opts)
	}
	if !errors.Is(err, ErrOutcomeUnknown) {
		if !generated && mayAnswerTheCancelID(apiErr) {
			return s.settleRefusal(ctx, d, err, opts)
		}
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

// duplicateCancel is a cancel Bootpay refused because its cancel_id had
// already been applied.
type duplicateCancel struct {
	p         CancelParams
	cancelID  string
	generated bool // the cancel_id was generated by this call, so only this call sent it
	// before is the receipt's cancelled total before the first attempt
	// under cancelID (p.CancelledBefore, or this call's lookup), for a
	// partial cancel under the caller's own id; nil when not known
	// (beforeErr says why, when the lookup failed).
	before    *int64
	beforeErr error
	// lookedUp says before is this call's own lookup, not p.CancelledBefore:
	// a duplicate refusal with no attempt of this call that may have been
	// applied (mayHaveApplied false) then used the id before that lookup,
	// so no rise since it can be this cancel.
	lookedUp       bool
	mayHaveApplied bool
	attempts       int
	refusal        *APIError
}

// cancelledTotal looks the receipt up before the first attempt of a
// 부분취소 under the caller's own CancelID and returns its cancelled total,
// which settleDuplicate compares with the total after a duplicate
// refusal. A failed lookup leaves it unknown (nil, and why) and the
// cancel is sent all the same: without it a duplicate refusal is settled
// as it was without a baseline, never proven.
func (s *ReceiptsService) cancelledTotal(ctx context.Context, receiptID string, opts []RequestOption) (*int64, error) {
	r, err := s.Get(ctx, receiptID, opts...)
	if err != nil {
		return nil, err
	}
	total := r.CancelledPrice.Int64()
	return &total, nil
}

// settleDuplicate looks the receipt up to learn whether the cancel_id was
// applied for this very cancel (success), for another one (a
// *CancelIDConflictError), or cannot be told (an *OutcomeUnknownError).
func (s *ReceiptsService) settleDuplicate(ctx context.Context, d duplicateCancel, opts []RequestOption) (*Receipt, error) {
	r, err := s.Get(ctx, d.p.ReceiptID, opts...)
	if err != nil {
		return nil, d.unknown(fmt.Errorf("%w; looking the receipt up to check it failed: %w", d.refusal, err))
	}
	switch d.verdict(r) {
	case cancelProven:
		return r, nil
	case cancelRuledOut:
		return nil, &CancelIDConflictError{
			ReceiptID: d.p.ReceiptID, CancelID: d.cancelID, Full: d.p.Full,
			Requested: d.p.Amount, RequestedTaxFree: d.p.TaxFree,
			Applied: r.CancelledPrice.Int64(), AppliedTaxFree: r.CancelledTaxFree.Int64(),
			Receipt: r, Err: d.refusal,
		}
	}
	return nil, d.unknown(fmt.Errorf("%w; the receipt (cancelled %d, tax-free %d, status %v) neither proves nor rules out that it was this cancel%s",
		d.refusal, r.CancelledPrice.Int64(), r.CancelledTaxFree.Int64(), r.Status, d.baseline()))
}

// baseline says what the cancelled total before the first attempt showed,
// for the error of a duplicate left unknown.
func (d duplicateCancel) baseline() string {
	switch {
	case d.generated || d.p.Full:
		return ""
	case d.before != nil:
		return fmt.Sprintf(" (%d cancelled before the first attempt under this cancel_id: it rose by less than %d)", *d.before, d.p.Amount)
	case d.beforeErr != nil:
		return fmt.Sprintf(" (the lookup before the first attempt failed, so no cancelled total to compare with: %v)", d.beforeErr)
	}
	return ""
}

func (d duplicateCancel) unknown(err error) *OutcomeUnknownError {
	return &OutcomeUnknownError{Gateway: "bootpay", Op: receiptEndpoints.cancel.Op, Reference: d.p.ReceiptID,
		IdempotencyKey: d.cancelID, Attempts: d.attempts, Err: err}
}

type cancelVerdict int

const (
	cancelUndetermined cancelVerdict = iota
	cancelProven                     // the receipt shows this cancel applied
	cancelRuledOut                   // the cancel_id was applied to a different cancel
)

// verdict reads the receipt after a duplicate-cancel_id refusal. Bootpay
// keeps cancel_id unique per merchant (가맹점 취소 고유 ID), not per
// receipt, so the refusal says only that the id was applied to some
// receipt; and this one has only cumulative amounts (cancelled_price,
// cancelled_tax_free), no per-cancel history naming its cancel_ids. So it
// proves this cancel for an id only this call ever sent (generated), for
// a full cancel, which asks only that nothing remain, and for a partial
// cancel under the caller's own id whose receipt's cancelled total rose
// by at least Amount since before the first attempt under that id
// (d.before): the id was used since (the refusal) and the money moved on
// this receipt (the rise). It rules the cancel out when the amounts are
// smaller than this cancel. Any other partial cancel under the caller's
// own id is not proven: the total may be other cancels' while the id went
// to another receipt.
func (d duplicateCancel) verdict(r *Receipt) cancelVerdict {
	if r.Status != StatusCancelled {
		return cancelUndetermined // the cancel_id was applied, yet the receipt does not show it (yet)
	}
	covers := d.p.coveredBy(r)
	switch {
	case d.generated && covers:
		return cancelProven
	case d.generated:
		return cancelUndetermined // our own id, yet the receipt does not show our cancel
	case !covers:
		return cancelRuledOut
	case d.p.Full:
		return cancelProven // nothing remains, which is what a full cancel leaves
	case d.lookedUp && !d.mayHaveApplied:
		// Refused before any attempt of this call could have been applied:
		// the id was used before this call's lookup, so a rise since that
		// lookup is someone else's cancel (a 부분취소 in the console).
		return cancelUndetermined
	case d.before != nil && r.CancelledPrice.Int64()-*d.before >= d.p.Amount:
		return cancelProven // the id was applied (the refusal), and this receipt's total rose by this cancel since before its first attempt
	}
	return cancelUndetermined
}

// coveredBy reports whether the receipt's cumulative cancelled amounts
// could include cancel p: for a full cancel nothing remains; for a partial
// one at least p.Amount, and at least p.TaxFree of it tax-free, is
// cancelled in total. The receipt keeps no per-cancel history, so this is
// the most it can show.
func (p CancelParams) coveredBy(r *Receipt) bool {
	if p.Full {
		return r.Remaining() <= 0
	}
	return r.CancelledPrice.Int64() >= p.Amount && r.CancelledTaxFree.Int64() >= p.TaxFree
}

// cancelReply reads the receipt of a 2xx answer to a cancel. It is the
// cancel's success only when it shows the cancel: status 20 (a partial
// cancel leaves status 20 too) with the cumulative amounts covering it. A
// status -20 (결제취소 실패) reply with nothing cancelled on the receipt,
// to a cancel none of whose attempts may have been applied before, is a
// *CancelFailedError. Anything else (-30 결제취소 진행중, still paid, less
// cancelled than asked, or -20 where an earlier cancel or attempt could
// hide this one) is an *OutcomeUnknownError.
func cancelReply(p CancelParams, cancelID string, res transport.Result, r *Receipt) (*Receipt, error) {
	switch {
	case r.Status == StatusCancelled && p.coveredBy(r):
		return r, nil
	case r.Status == StatusCancelFailed && r.CancelledPrice == 0 && r.CancelledTaxFree == 0 && !res.MayHaveApplied:
		return nil, &CancelFailedError{ReceiptID: p.ReceiptID, CancelID: cancelID, Receipt: r}
	}
	return nil, &OutcomeUnknownError{Gateway: "bootpay", Op: receiptEndpoints.cancel.Op, Reference: p.ReceiptID,
		IdempotencyKey: cancelID, Attempts: res.Attempts,
		Err: fmt.Errorf("bootpay answered %d with a receipt that does not show this cancel (status %v, %d won cancelled in total, tax-free %d): look the receipt up",
			res.StatusCode, r.Status, r.CancelledPrice.Int64(), r.CancelledTaxFree.Int64())}
}

// mayAnswerTheCancelID reports a refusal that Bootpay may have given
// because the cancel_id was already applied, under a code paykit does not
// know: any 4xx, or a 2xx carrying an error_code (Bootpay's refusal
// whatever its status, see decodeResponse), except a refusal of the keys
// or of the request rate, which Bootpay gives before reading the cancel.
func mayAnswerTheCancelID(e *APIError) bool {
	refusal := e.StatusCode >= 400 && e.StatusCode < 500 || e.StatusCode >= 200 && e.StatusCode < 300
	return refusal && !errors.Is(e, ErrUnauthorized) && !errors.Is(e, ErrRateLimited)
}

// settleRefusal settles a 4xx (or 2xx) refusal of a cancel whose
// cancel_id the caller chose, and so may have sent before (the recovery
// after an unknown outcome is to repeat it). Bootpay's code for a repeated cancel_id is
// UNCONFIRMED, so the refusal may be that one under another name, and the
// earlier cancel applied. A lookup decides: a receipt that could include
// this cancel (its amounts cover it, or a cancel is in progress, -30)
// makes the outcome unknown: without the duplicate code nothing shows
// that this cancel_id was applied, not even for a full cancel of a
// receipt with nothing left. One that cannot (less cancelled, or no such
// receipt) leaves Bootpay's refusal as it is. A failed lookup leaves the
// outcome unknown.
func (s *ReceiptsService) settleRefusal(ctx context.Context, d duplicateCancel, refusal error, opts []RequestOption) (*Receipt, error) {
	r, err := s.Get(ctx, d.p.ReceiptID, opts...)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, refusal // no receipt, so nothing was cancelled on it
	case err != nil:
		return nil, d.unknown(fmt.Errorf("%w; looking the receipt up to check it failed: %w", d.refusal, err))
	case r.Status == StatusCancelling || d.p.coveredBy(r):
		return nil, d.unknown(fmt.Errorf("%w; the receipt (status %v, cancelled %d, tax-free %d) could include an earlier cancel under this cancel_id",
			d.refusal, r.Status, r.CancelledPrice.Int64(), r.CancelledTaxFree.Int64()))
	}
	return nil, refusal
}

// CancelFailedError reports a cancel Bootpay answered with its receipt in
// status -20 (결제취소 실패) and nothing cancelled on it: the PG refused the
// cancel, and nothing was refunded. It is returned only when no attempt of
// the call may have been applied before that answer; otherwise the answer
// is an *OutcomeUnknownError. To refund, cancel again; use a new CancelID,
// since whether Bootpay accepts a cancel_id that failed once is
// UNCONFIRMED. It matches no shared category: it is a settled outcome.
//
// See https://developers.bootpay.co.kr/pg/server/cancel
type CancelFailedError struct {
	ReceiptID string
	CancelID  string   // the cancel_id that was sent (yours, or the generated one)
	Receipt   *Receipt // the receipt as Bootpay answered, status -20
}

// Error names the receipt and the cancel_id.
func (e *CancelFailedError) Error() string {
	return fmt.Sprintf("bootpay: receipts.cancel: the cancel of receipt %s (cancel_id %q) failed (결제취소 실패); nothing was refunded",
		e.ReceiptID, e.CancelID)
}
