package portone

// Types of the payment-schedule endpoints (결제 예약). The payment input
// types they share with billing-key payments (CustomerInput,
// PaymentAmountInput, …) are generated into models_gen.go.

import (
	"encoding/json"
)

// PaymentSchedule is a scheduled billing-key payment (결제 예약 건). Like
// Payment, it embeds the properties every status shares and holds the
// status-specific rest in Variant:
//
//	switch v := s.Variant.(type) {
//	case *portone.SucceededPaymentSchedule:
//		fmt.Println("paid at", v.CompletedAt)
//	case *portone.FailedPaymentSchedule:
//		fmt.Println("failed at", v.CompletedAt, "- look payment", s.PaymentID, "up for the reason")
//	}
//
// An unknown status decodes into *UnknownPaymentSchedule, never an error.
type PaymentSchedule struct {
	PaymentScheduleCommon
	// Variant is *ScheduledPaymentSchedule, *StartedPaymentSchedule,
	// *SucceededPaymentSchedule, *FailedPaymentSchedule,
	// *RevokedPaymentSchedule, *PendingPaymentSchedule or
	// *UnknownPaymentSchedule. It is never nil after decoding a JSON object.
	Variant PaymentScheduleVariant
}

// PaymentScheduleVariant is the status-specific part of a PaymentSchedule.
// The interface is sealed.
type PaymentScheduleVariant interface {
	// Status returns the schedule status this variant stands for.
	Status() PaymentScheduleStatus
	isPaymentScheduleVariant()
}

// UnknownPaymentSchedule is the Variant of a schedule whose status this
// package does not know. The common fields are decoded as usual; Raw keeps
// the whole object, in the compact form encoding/json writes, and encoding
// the PaymentSchedule writes Raw back unchanged.
type UnknownPaymentSchedule struct {
	// Raw is the schedule's complete JSON object.
	Raw json.RawMessage
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

func (p *PaymentScheduleListParams) validate() error {
	return firstError(checkPage(p.Page), checkRange("Filter", p.Filter.From, p.Filter.Until))
}

func (p *PaymentScheduleListParams) page() *PageInput { return &p.Page }

func (p *PaymentScheduleListParams) filterStore() *string { return &p.Filter.StoreID }

// The answers of Create and Revoke decode only when the members that say
// what was applied are present (the schema's required ones): a 2xx whose
// body is {} or lacks them is not a result, and the transport reports the
// write as an unknown outcome (ErrOutcomeUnknown) instead of a success
// with zero values.

// UnmarshalJSON requires the "schedule" object and its id.
func (r *CreatePaymentScheduleResponse) UnmarshalJSON(data []byte) error {
	return unmarshalRequired(data, "schedule", &r.Schedule, "id")
}

// UnmarshalJSON requires revokedScheduleIds; an empty list is an answer (a
// revocation by billing key that found no schedule), an absent or null one
// is not.
func (r *RevokePaymentSchedulesResponse) UnmarshalJSON(data []byte) error {
	type plain RevokePaymentSchedulesResponse
	return decodeRequired(data, (*plain)(r), "revokedScheduleIds")
}

// missing returns the first of asked (the schedules a revoke named) that
// the answer does not list as revoked, or "" when it lists them all.
func (r *RevokePaymentSchedulesResponse) missing(asked []string) string {
	revoked := make(map[string]bool, len(r.RevokedScheduleIDs))
	for _, id := range r.RevokedScheduleIDs {
		revoked[id] = true
	}
	for _, id := range asked {
		if !revoked[id] {
			return id
		}
	}
	return ""
}
