package portone

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/internal/transport"
)

// PaymentSchedulesService schedules billing-key payments (결제 예약).
// Use it through the Client field of the same name.
type PaymentSchedulesService struct{ c *Client }

// CreatePaymentScheduleParams schedules one billing-key payment
// (CreatePaymentScheduleBody plus the path's payment ID).
type CreatePaymentScheduleParams struct {
	// PaymentID is the ID the payment will have (결제 건 아이디), chosen by
	// the merchant. Required; it goes in the path.
	PaymentID string `json:"-"`
	// Payment is the payment to make (빌링키 결제 입력 정보). Its StoreID,
	// else WithStoreID, else the client's default is sent as
	// payment.storeId.
	Payment BillingKeyPaymentScheduleInput `json:"payment"`
	// TimeToPay is when to pay (결제 예정 시점). Required.
	TimeToPay time.Time `json:"timeToPay"`
}

// LogValue logs p with the billing key masked, also with slog's JSON
// handler.
func (p CreatePaymentScheduleParams) LogValue() slog.Value {
	type plain CreatePaymentScheduleParams
	return maskedLogValue(plain(p))
}

func (p *CreatePaymentScheduleParams) validate() error {
	in := &p.Payment
	if p.TimeToPay.IsZero() {
		return invalidField("TimeToPay", "is zero")
	}
	if in.CashReceipt != nil && in.CashReceipt.Type == "" {
		return invalidField("Payment.CashReceipt.Type", "is empty")
	}
	return firstError(
		optionalID("Payment.StoreID", in.StoreID),
		requiredID("Payment.BillingKey", string(in.BillingKey)),
		optionalID("Payment.ChannelKey", in.ChannelKey),
		optionalID("Payment.PromotionID", in.PromotionID),
		checkCustomerID("Payment.Customer", in.Customer),
		requireText("Payment.OrderName", in.OrderName),
		in.Amount.validate("Payment.Amount"),
		requireText("Payment.Currency", string(in.Currency)),
		checkNonNegative("Payment.InstallmentMonth", in.InstallmentMonth),
		checkNonNegative("Payment.ProductCount", in.ProductCount),
	)
}

// Create schedules a billing-key payment (결제 예약): POST
// /payments/{paymentId}/schedule. PortOne charges the billing key at
// TimeToPay and sends the usual payment webhooks. The store id goes in
// payment.storeId. The write is keyed, so a retry cannot schedule twice.
//
// Errors: BILLING_KEY_NOT_FOUND (404), ALREADY_PAID_OR_WAITING,
// BILLING_KEY_ALREADY_DELETED, PAYMENT_SCHEDULE_ALREADY_EXISTS and
// SUM_OF_PARTS_EXCEEDS_TOTAL_AMOUNT (409, ErrConflict), FORBIDDEN,
// UNAUTHORIZED, INVALID_REQUEST.
func (s *PaymentSchedulesService) Create(ctx context.Context, p CreatePaymentScheduleParams, opts ...RequestOption) (*CreatePaymentScheduleResponse, error) {
	id, err := pathID("PaymentID", p.PaymentID)
	if err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.Payment.StoreID = s.c.store(p.Payment.StoreID, opts)
	out := new(CreatePaymentScheduleResponse)
	err = s.c.do(ctx, &transport.Call{
		Op: "paymentSchedules.create", Method: http.MethodPost,
		Path: "/payments/" + id + "/schedule", Route: "/payments/{paymentId}/schedule",
		Body: p, Class: transport.Keyed, Reference: p.PaymentID,
	}, out, opts)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Get looks a payment schedule up (결제 예약 단건 조회): GET
// /payment-schedules/{paymentScheduleId}. The store id (WithStoreID, else
// the client's default) goes in the query.
//
// Errors: PAYMENT_SCHEDULE_NOT_FOUND (404, ErrNotFound), FORBIDDEN,
// UNAUTHORIZED, INVALID_REQUEST.
func (s *PaymentSchedulesService) Get(ctx context.Context, paymentScheduleID string, opts ...RequestOption) (*PaymentSchedule, error) {
	id, err := pathID("paymentScheduleID", paymentScheduleID)
	if err != nil {
		return nil, err
	}
	out := new(PaymentSchedule)
	err = s.c.do(ctx, &transport.Call{
		Op: "paymentSchedules.get", Method: http.MethodGet,
		Path: "/payment-schedules/" + id, Route: "/payment-schedules/{paymentScheduleId}",
		Query: s.c.storeQuery("", opts), Class: transport.Safe,
	}, out, opts)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PaymentScheduleListParams selects schedules to list
// (GetPaymentSchedulesBody). It is sent as JSON in the requestBody query
// parameter.
type PaymentScheduleListParams struct {
	// Page is the page to return; zero means page 0 of 10 (요청할 페이지
	// 정보).
	Page PageInput `json:"page,omitzero"`
	// Sort orders the schedules; zero means TIME_TO_PAY, DESC (정렬 조건).
	Sort PaymentScheduleSortInput `json:"sort,omitzero"`
	// Filter selects the schedules (조회할 결제 예약 건의 조건 필터). Its
	// StoreID, else WithStoreID, else the client's default store is sent as
	// filter.storeId. Without Filter.Until only schedules due before now are
	// listed.
	Filter PaymentScheduleFilterInput `json:"filter,omitzero"`
}

// LogValue logs p with the billing key masked, also with slog's JSON
// handler.
func (p PaymentScheduleListParams) LogValue() slog.Value {
	type plain PaymentScheduleListParams
	return maskedLogValue(plain(p))
}

// PaymentScheduleList is one page of schedules (결제 예약 다건 조회 성공 응답
// 정보).
type PaymentScheduleList struct {
	// Items are the schedules of this page (조회된 결제 예약 건 리스트).
	Items []PaymentSchedule `json:"items"`
	// Page describes the page (조회된 페이지 정보).
	Page PageInfo `json:"page"`
}

// List returns one page of payment schedules (결제 예약 다건 조회): GET
// /payment-schedules with the params as JSON in the requestBody query
// parameter. PortOne's default range is the 90 days before now, so set
// Filter.Until to see schedules that are still due.
//
// Errors: FORBIDDEN, UNAUTHORIZED, INVALID_REQUEST.
func (s *PaymentSchedulesService) List(ctx context.Context, p PaymentScheduleListParams, opts ...RequestOption) (*PaymentScheduleList, error) {
	if err := firstError(checkPage(p.Page), checkRange("Filter", p.Filter.From, p.Filter.Until)); err != nil {
		return nil, err
	}
	p.Filter.StoreID = s.c.store(p.Filter.StoreID, opts)
	out := new(PaymentScheduleList)
	if err := s.c.getWithRequestBody(ctx, "paymentSchedules.list", "/payment-schedules", p, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// RevokePaymentSchedulesParams selects schedules to revoke
// (RevokePaymentSchedulesBody). Set BillingKey, ScheduleIDs or both: with
// only BillingKey every schedule of the key is revoked; with ScheduleIDs
// those schedules are, and a BillingKey set too must be theirs.
type RevokePaymentSchedulesParams struct {
	// StoreID overrides WithStoreID and the client's default (상점 아이디).
	StoreID string `json:"storeId,omitzero"`
	// BillingKey revokes the key's schedules (빌링키).
	BillingKey BillingKey `json:"billingKey,omitzero"`
	// ScheduleIDs lists the schedules to revoke (결제 예약 건 아이디 목록).
	ScheduleIDs []string `json:"scheduleIds,omitzero"`
}

// LogValue logs p with the billing key masked, also with slog's JSON
// handler.
func (p RevokePaymentSchedulesParams) LogValue() slog.Value {
	type plain RevokePaymentSchedulesParams
	return maskedLogValue(plain(p))
}

func (p *RevokePaymentSchedulesParams) validate() error {
	if p.BillingKey == "" && len(p.ScheduleIDs) == 0 {
		return invalidField("BillingKey", "set it, ScheduleIDs or both")
	}
	if err := firstError(optionalID("StoreID", p.StoreID), optionalID("BillingKey", string(p.BillingKey))); err != nil {
		return err
	}
	for _, id := range p.ScheduleIDs {
		if err := requiredID("ScheduleIDs", id); err != nil {
			return err
		}
	}
	return nil
}

// Revoke revokes payment schedules (결제 예약 취소): DELETE
// /payment-schedules with the params as JSON in the requestBody query
// parameter, the one DELETE that takes a body. If any selected schedule
// cannot be revoked, none is. The write is keyed.
//
// Errors: BILLING_KEY_NOT_FOUND and PAYMENT_SCHEDULE_NOT_FOUND (404,
// ErrNotFound), BILLING_KEY_ALREADY_DELETED,
// PAYMENT_SCHEDULE_ALREADY_PROCESSED and PAYMENT_SCHEDULE_ALREADY_REVOKED
// (409, ErrConflict), FORBIDDEN, UNAUTHORIZED, INVALID_REQUEST.
func (s *PaymentSchedulesService) Revoke(ctx context.Context, p RevokePaymentSchedulesParams, opts ...RequestOption) (*RevokePaymentSchedulesResponse, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.StoreID = s.c.store(p.StoreID, opts)
	q, err := requestBodyQuery(p)
	if err != nil {
		return nil, err
	}
	out := new(RevokePaymentSchedulesResponse)
	err = s.c.do(ctx, &transport.Call{
		Op: "paymentSchedules.revoke", Method: http.MethodDelete,
		Path: "/payment-schedules", Route: "/payment-schedules",
		Query: q, Class: transport.Keyed, Reference: strings.Join(p.ScheduleIDs, ","),
	}, out, opts)
	if err != nil {
		return nil, err
	}
	return out, nil
}
