package commerce

import (
	"fmt"
	"strings"
	"time"
)

// DateField says which date a list's date range filters on (cs_type).
type DateField string

// The date fields of the order list.
const (
	DateCreated DateField = "c_at" // 생성일
	DatePaid    DateField = "p_at" // 결제일
)

// SubscriptionBillingType filters orders by how their subscription is
// billed (subscription_billing_type).
type SubscriptionBillingType int

// Subscription billing types.
const (
	BillingNone  SubscriptionBillingType = 0 // not a subscription
	BillingEach  SubscriptionBillingType = 1 // each subscription billed on its own
	BillingGroup SubscriptionBillingType = 2 // billed together for a user group (합산 청구)
)

// MaxLimit is the largest page size paykit asks a list for. Commerce
// documents a default (20 orders, 24 invoices) but no maximum, so whether
// it serves 50 is UNCONFIRMED; the All iterators therefore follow a page
// shorter than asked for while the list's count says more follow.
const MaxLimit = 50

// ListPage is what every list takes: the page (1-based; 0 means 1), the
// page size (0 means the list's default) and a keyword.
type ListPage struct {
	Page    int
	Limit   int
	Keyword string
}

// paging returns the page a list's params ask for (see listParams).
func (p ListPage) paging() ListPage { return p }

func (p ListPage) validate() error {
	switch {
	case p.Page < 0:
		return &ValidationError{Gateway: "commerce", Field: "Page", Reason: "may not be negative"}
	case p.Limit < 0 || p.Limit > MaxLimit:
		return &ValidationError{Gateway: "commerce", Field: "Limit", Reason: fmt.Sprintf("must be between 0 (the default) and %d", MaxLimit)}
	}
	return nil
}

// OrderListParams filters the order list (GET /orders). Empty filters are
// not sent; lists are sent comma-joined (status=1,2).
type OrderListParams struct {
	ListPage
	UserID      string
	UserGroupID string
	// DateField, From and To filter by a date range, From and To
	// inclusive, sent as YYYY-MM-DD. DateField defaults to DateCreated
	// when a range is set.
	DateField DateField
	From, To  Date
	// Statuses keeps orders in any of these statuses.
	Statuses []OrderStatus
	// PaymentStatuses keeps orders whose payment is in any of these
	// receipt statuses.
	PaymentStatuses      []ReceiptStatus
	OrderSubscriptionIDs []string
	// BillingType, when set, keeps orders of one subscription billing type.
	BillingType *SubscriptionBillingType
}

// orderListQuery is the wire form of OrderListParams.
type orderListQuery struct {
	Page                    int      `url:"page"`
	Limit                   int      `url:"limit"`
	Keyword                 string   `url:"keyword,omitempty"`
	UserID                  string   `url:"user_id,omitempty"`
	UserGroupID             string   `url:"user_group_id,omitempty"`
	DateField               string   `url:"cs_type,omitempty"`
	From                    Date     `url:"search_date_from,omitempty"`
	To                      Date     `url:"search_date_to,omitempty"`
	Status                  []int    `url:"status,comma,omitempty"`
	PaymentStatus           []int    `url:"payment_status,comma,omitempty"`
	OrderSubscriptionIDs    []string `url:"order_subscription_ids,comma,omitempty"`
	SubscriptionBillingType *int     `url:"subscription_billing_type,omitempty"`
}

// defaultOrderLimit is Commerce's order page size when none is sent.
const defaultOrderLimit = 20

func (p *OrderListParams) validate() error {
	if err := p.ListPage.validate(); err != nil {
		return err
	}
	if err := checkListIDs("OrderSubscriptionIDs", p.OrderSubscriptionIDs); err != nil {
		return err
	}
	for _, id := range []struct{ field, v string }{{"UserID", p.UserID}, {"UserGroupID", p.UserGroupID}} {
		if id.v != "" {
			if err := checkID(id.field, id.v); err != nil {
				return err
			}
		}
	}
	switch p.DateField {
	case "", DateCreated, DatePaid:
	default:
		return &ValidationError{Gateway: "commerce", Field: "DateField", Reason: fmt.Sprintf("%q is neither DateCreated nor DatePaid", p.DateField)}
	}
	return checkRange(p.From, p.To)
}

// query is the wire form of p for page number (1-based) and page size.
func (p *OrderListParams) query(page, limit int) orderListQuery {
	q := orderListQuery{
		Page: page, Limit: limit, Keyword: p.Keyword, UserID: p.UserID, UserGroupID: p.UserGroupID,
		From: p.From, To: p.To, Status: ints(p.Statuses), PaymentStatus: ints(p.PaymentStatuses),
		OrderSubscriptionIDs: p.OrderSubscriptionIDs, DateField: string(p.DateField),
	}
	if q.DateField == "" && !(p.From.IsZero() && p.To.IsZero()) {
		q.DateField = string(DateCreated)
	}
	if p.BillingType != nil {
		bt := int(*p.BillingType)
		q.SubscriptionBillingType = &bt
	}
	return q
}

// checkListIDs refuses ids a comma-joined filter cannot carry.
func checkListIDs(field string, ids []string) error {
	for _, id := range ids {
		if err := checkID(field, id); err != nil {
			return err
		}
		if strings.ContainsRune(id, ',') {
			return &ValidationError{Gateway: "commerce", Field: field, Reason: "an id holds a comma, which the comma-joined filter cannot carry"}
		}
	}
	return nil
}

// checkRange refuses impossible dates and a range that ends before it
// starts.
func checkRange(from, to Date) error {
	for _, d := range []struct {
		field string
		d     Date
	}{{"From", from}, {"To", to}} {
		if !d.d.IsZero() && !d.d.valid() {
			return &ValidationError{Gateway: "commerce", Field: d.field, Reason: d.d.String() + " is not a calendar day"}
		}
	}
	if !from.IsZero() && !to.IsZero() && to.String() < from.String() {
		return &ValidationError{Gateway: "commerce", Field: "To", Reason: "is before From"}
	}
	return nil
}

// OrderMonthParams asks for a user group's orders of one month
// (GET /orders/month), the monthly aggregate billing view (합산 청구).
type OrderMonthParams struct {
	UserGroupID string
	Year        int
	Month       time.Month
}

// orderMonthQuery is the wire form of OrderMonthParams.
type orderMonthQuery struct {
	UserGroupID string `url:"user_group_id"`
	SearchDate  string `url:"search_date"`
}

func (p OrderMonthParams) validate() error {
	if err := checkID("UserGroupID", p.UserGroupID); err != nil {
		return err
	}
	if p.Year < 2000 || p.Year > 9999 || p.Month < time.January || p.Month > time.December {
		return &ValidationError{Gateway: "commerce", Field: "Month", Reason: fmt.Sprintf("%d-%02d is not a month", p.Year, p.Month)}
	}
	return nil
}
