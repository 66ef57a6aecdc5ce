package portone

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strings"

	"github.com/paykit-kr/paykit/internal/transport"
)

// PaymentSchedulesService schedules billing-key payments (결제 예약).
// Use it through the Client field of the same name.
type PaymentSchedulesService struct{ c *Client }

// paymentScheduleEndpoints are the operations of PaymentSchedulesService.
var paymentScheduleEndpoints = struct {
	create, get, list, revoke transport.Endpoint
}{
	create: transport.Endpoint{Op: "paymentSchedules.create", Method: http.MethodPost, Route: "/payments/{paymentId}/schedule", Class: transport.Keyed},
	get:    transport.Endpoint{Op: "paymentSchedules.get", Method: http.MethodGet, Route: "/payment-schedules/{paymentScheduleId}", Class: transport.Safe},
	list:   transport.Endpoint{Op: "paymentSchedules.list", Method: http.MethodGet, Route: "/payment-schedules", Class: transport.Safe},
	revoke: transport.Endpoint{Op: "paymentSchedules.revoke", Method: http.MethodDelete, Route: "/payment-schedules", Class: transport.Keyed},
}

// Create schedules a billing-key payment (결제 예약): POST
// /payments/{paymentId}/schedule. PortOne charges the billing key at
// TimeToPay and sends the usual payment webhooks. The store id goes in
// payment.storeId. The write is keyed, so a retry cannot schedule twice.
// A 2xx without schedule.id ends with ErrOutcomeUnknown (Reference: the
// payment id).
//
// Errors: BILLING_KEY_NOT_FOUND (404), BILLING_KEY_ALREADY_DELETED and
// SUM_OF_PARTS_EXCEEDS_TOTAL_AMOUNT (409, ErrConflict), FORBIDDEN,
// UNAUTHORIZED, INVALID_REQUEST. A 409 ALREADY_PAID_OR_WAITING or
// PAYMENT_SCHEDULE_ALREADY_EXISTS ends with ErrOutcomeUnknown (Reference:
// the payment id, the *APIError inside), even on the only attempt: it is
// what an earlier Create of yours leaves when its answer was lost and
// PortOne has forgotten its key (about 3 hours). Look the payment and its
// schedules up (Payments.Get, List) before scheduling the charge again:
// a second schedule under a new payment id charges the buyer twice.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/paymentSchedule
func (s *PaymentSchedulesService) Create(ctx context.Context, p CreatePaymentScheduleParams, opts ...RequestOption) (*CreatePaymentScheduleResponse, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.Payment.StoreID = s.c.store(p.Payment.StoreID, opts)
	return send[CreatePaymentScheduleResponse](ctx, s.c, idCall(&paymentScheduleEndpoints.create, "PaymentID", p.PaymentID, p), opts)
}

// Get looks a payment schedule up (결제 예약 단건 조회): GET
// /payment-schedules/{paymentScheduleId}. The store id (WithStoreID, else
// the client's default) goes in the query.
//
// Errors: PAYMENT_SCHEDULE_NOT_FOUND (404, ErrNotFound), FORBIDDEN,
// UNAUTHORIZED, INVALID_REQUEST. A 2xx reply about another schedule (its
// id, or its storeId when a store was sent) is a *DecodeError naming both,
// never that schedule: a bad reply, not ErrNotFound, so look again.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/paymentSchedule
func (s *PaymentSchedulesService) Get(ctx context.Context, paymentScheduleID string, opts ...RequestOption) (*PaymentSchedule, error) {
	return lookup(ctx, s.c, &transport.Call{
		Endpoint: &paymentScheduleEndpoints.get, Args: idArg("paymentScheduleID", paymentScheduleID),
		Query: s.c.storeQuery("", opts),
	}, "payment schedule", paymentScheduleID, func(p *PaymentSchedule) string { return p.ID }, opts)
}

// List returns one page of payment schedules (결제 예약 다건 조회): GET
// /payment-schedules with the params as JSON in the requestBody query
// parameter. PortOne's default range is the 90 days before now, so set
// Filter.Until to see schedules that are still due.
//
// Errors: FORBIDDEN, UNAUTHORIZED, INVALID_REQUEST. When a store is sent
// (Filter.StoreID, else WithStoreID, else the client's default), a page
// holding an item of another store (하위 상점: another seller), or naming
// none, is a *DecodeError, never that store's item: look again. All ends
// with the same error, yielding none of that page.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/paymentSchedule
func (s *PaymentSchedulesService) List(ctx context.Context, p PaymentScheduleListParams, opts ...RequestOption) (*PaymentScheduleList, error) {
	return listOf[PaymentScheduleList](ctx, s.c, &paymentScheduleEndpoints.list, p, opts)
}

// All iterates over every schedule List would return page by page, from
// p.Page on (page 0 of 10 for a zero p.Page), fetching each page only when
// the loop needs it: breaking out stops fetching, and an error is yielded
// once, with a nil schedule, and ends the iteration.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/paymentSchedule
func (s *PaymentSchedulesService) All(ctx context.Context, p PaymentScheduleListParams, opts ...RequestOption) iter.Seq2[*PaymentSchedule, error] {
	return allOf(ctx, s.c, &paymentScheduleEndpoints.list, p, opts, func(l *PaymentScheduleList) ([]PaymentSchedule, PageInfo) { return l.Items, l.Page })
}

// Revoke revokes payment schedules (결제 예약 취소): DELETE
// /payment-schedules with the params as JSON in the requestBody query
// parameter, the one DELETE that takes a body. If any selected schedule
// cannot be revoked, none is. The write is keyed. A 2xx without
// revokedScheduleIds ends with ErrOutcomeUnknown. A revoke by billing key
// alone may answer any list (an empty one: nothing was left to revoke);
// one naming p.ScheduleIDs must list each of them, or it is no answer
// about them (another revoke's stored answer under a reused key, a cache
// keyed wrongly) and ends with ErrOutcomeUnknown too (an
// *OutcomeUnknownError whose Reference is the ids, comma-joined, around
// a *DecodeError): look each schedule up (Get) before trusting that it
// will not charge at its TimeToPay. A revoke by billing key alone names
// nothing its unknown outcome can carry (the key is a secret, never in an
// error; no reply listed the schedules): its Reference is empty. Then
// list the key's schedules (List with Filter.BillingKey, Filter.Status
// SCHEDULED, and Filter.From and Until around their TimeToPay, since the
// default range is the 90 days before now): any listed will still charge.
//
// Errors: BILLING_KEY_NOT_FOUND and PAYMENT_SCHEDULE_NOT_FOUND (404,
// ErrNotFound), BILLING_KEY_ALREADY_DELETED,
// PAYMENT_SCHEDULE_ALREADY_PROCESSED and PAYMENT_SCHEDULE_ALREADY_REVOKED
// (409, ErrConflict), FORBIDDEN, UNAUTHORIZED, INVALID_REQUEST.
//
// PortOne API docs: https://developers.portone.io/api/rest-v2/paymentSchedule
func (s *PaymentSchedulesService) Revoke(ctx context.Context, p RevokePaymentSchedulesParams, opts ...RequestOption) (*RevokePaymentSchedulesResponse, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	q, err := requestBodyQuery(p)
	if err != nil {
		return nil, err
	}
	call := &transport.Call{
		Endpoint: &paymentScheduleEndpoints.revoke, Query: q, Reference: strings.Join(p.ScheduleIDs, ","),
	}
	out, res, err := exchange[RevokePaymentSchedulesResponse](ctx, s.c, call, opts)
	if err != nil {
		return nil, err
	}
	if missing := out.missing(p.ScheduleIDs); missing != "" {
		return nil, outcomeUnknown(call.Endpoint.Op, call.Reference, res,
			fmt.Errorf("the reply does not list schedule %q among the revoked ones", shorten(missing)))
	}
	return out, nil
}
