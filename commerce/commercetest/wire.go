package commercetest

import "encoding/json"

// The sandbox's wire structs: Commerce's JSON as the sandbox writes and reads it, never
// through the client's encoder.

// The wire form of an order, written by the sandbox's own structs.
type orderWire struct {
	OrderID            string         `json:"order_id"`
	OrderNumber        string         `json:"order_number"`
	OrderName          string         `json:"order_name"`
	Price              int64          `json:"price"`
	TaxFreePrice       int64          `json:"tax_free_price"`
	Status             int            `json:"status"`
	ReceiptStatus      int            `json:"receipt_status"`
	ReceiptID          string         `json:"receipt_id"`
	UserID             string         `json:"user_id,omitempty"`
	Metadata           map[string]any `json:"metadata,omitempty"`
	PurchasedAt        string         `json:"purchased_at"`
	CreatedAt          string         `json:"created_at"`
	ResultData         resultDataWire `json:"result_data"`
	OrderSubscriptions *orderSubsWire `json:"order_subscriptions"`
}

type resultDataWire struct {
	ReceiptID string       `json:"receipt_id"`
	PG        string       `json:"pg"`
	Method    string       `json:"method"`
	Status    int          `json:"status"`
	CardData  cardDataWire `json:"card_data"`
}

type cardDataWire struct {
	CardCompany string `json:"card_company"`
	CardNo      string `json:"card_no"`
}

type orderSubsWire struct {
	Subscriptions []orderSubWire `json:"subscriptions"`
}

type orderSubWire struct {
	ID              string `json:"order_subscription_id"`
	Status          int    `json:"status"`
	CurrentDuration int    `json:"current_duration"`
	Total           int    `json:"total_subscription_duration"`
}

// listWire and itemsWire are the two list shapes.
type listWire[T any] struct {
	List  []T `json:"list"`
	Count int `json:"count"`
}

type itemsWire[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

type invoiceCreateWire struct {
	Name          string          `json:"name"`
	Title         string          `json:"title"`
	Price         json.RawMessage `json:"price"`
	TaxFreePrice  int64           `json:"tax_free_price"`
	OriginalPrice int64           `json:"original_price"`
	OrderID       string          `json:"order_id"`
	UserID        string          `json:"user_id"`
	User          *struct {
		UserID string `json:"user_id"`
	} `json:"user"`
	Metadata  map[string]any  `json:"metadata"`
	SendTypes []int           `json:"send_types"`
	ExpiredAt string          `json:"expired_at"`
	Products  json.RawMessage `json:"products"`
}

type cancelRequestWire struct {
	OrderNumber string `json:"order_number"`
	Parameters  *struct {
		CancelID      string          `json:"cancel_id"`
		CancelPrice   json.RawMessage `json:"cancel_price"`
		CancelTaxFree int64           `json:"cancel_tax_free_price"`
		Requester     string          `json:"cancel_requester"`
		Message       string          `json:"cancel_message"`
		Immediately   bool            `json:"cancel_immediately"`
	} `json:"request_cancel_parameters"`
	IsSupervisor bool `json:"is_supervisor"`
}

type cancellationWire struct {
	ID            string `json:"order_cancellation_request_id"`
	OrderID       string `json:"order_id"`
	OrderNumber   string `json:"order_number"`
	CancelID      string `json:"cancel_id"`
	Status        int    `json:"status"`
	CancelPrice   int64  `json:"cancel_price"`
	CancelTaxFree int64  `json:"cancel_tax_free_price"`
	Requester     string `json:"cancel_requester,omitempty"`
	Message       string `json:"cancel_message,omitempty"`
	Immediately   bool   `json:"cancel_immediately"`
	ActionMessage string `json:"action_message,omitempty"`
	ActionAt      string `json:"action_at,omitempty"`
	WithdrawnAt   string `json:"withdrawn_at,omitempty"`
	CreatedAt     string `json:"created_at"`
}

type decisionWire struct {
	Message string `json:"message"`
}

// contractWire is a subscription contract as the sandbox writes it.
type contractWire struct {
	ID               string `json:"order_subscription_id"`
	OrderNumber      string `json:"order_number"`
	OrderName        string `json:"order_name"`
	Status           int    `json:"status"`
	UserID           string `json:"user_id,omitempty"`
	Price            int64  `json:"price"`
	PausedAt         string `json:"paused_at,omitempty"`
	ExpectedResumeAt string `json:"expected_resume_at,omitempty"`
}

// contractListWire is the subscription list with its counters.
type contractListWire struct {
	List          []contractWire `json:"list"`
	Count         int            `json:"count"`
	SumActive     int            `json:"sum_active"`
	SumPause      int            `json:"sum_pause"`
	SumTerminated int            `json:"sum_terminated"`
}

type transitionWire struct {
	Reason           string `json:"reason"`
	PausedAt         string `json:"paused_at"`
	ExpectedResumeAt string `json:"expected_resume_at"`
}

type chargeWire struct {
	ChargeKey    string         `json:"charge_key"`
	Price        int64          `json:"price"`
	TaxFreePrice int64          `json:"tax_free_price"`
	Metadata     map[string]any `json:"metadata"`
}

type chargeResultWire struct {
	OrderID       string `json:"order_id"`
	OrderNumber   string `json:"order_number"`
	ReceiptID     string `json:"receipt_id"`
	Price         int64  `json:"price"`
	Status        int    `json:"status"`
	ReceiptStatus int    `json:"receipt_status"`
}

// productWire is a product as the sandbox keeps and writes it.
type productWire struct {
	ProductID     string   `json:"product_id"`
	Name          string   `json:"name"`
	Desc          string   `json:"desc,omitempty"`
	Images        []string `json:"images,omitempty"`
	CategoryID    string   `json:"category_id,omitempty"`
	DisplayPrice  *int64   `json:"display_price,omitempty"`
	TaxFreePrice  int64    `json:"tax_free_price"`
	UseStock      bool     `json:"use_stock"`
	Stock         int      `json:"stock"`
	StatusDisplay bool     `json:"status_display"`
	StatusSale    bool     `json:"status_sale"`
	ExUID         string   `json:"ex_uid,omitempty"`
}

// userWire is a customer as the sandbox keeps and writes it (the password
// is never kept).
type userWire struct {
	UserID         string `json:"user_id"`
	LoginID        string `json:"login_id,omitempty"`
	LoginPW        string `json:"login_pw,omitempty"`
	ExternalUID    string `json:"external_uid,omitempty"`
	Name           string `json:"name,omitempty"`
	Email          string `json:"email,omitempty"`
	Phone          string `json:"phone,omitempty"`
	MembershipType int    `json:"membership_type"`
	Status         int    `json:"status"`
	UserGroupID    string `json:"user_group_id,omitempty"`
}

// groupWire is a customer group as the sandbox keeps and writes it.
type groupWire struct {
	UserGroupID    string   `json:"user_group_id"`
	CorporateType  int      `json:"corporate_type"`
	CompanyName    string   `json:"company_name,omitempty"`
	BusinessNumber string   `json:"business_number,omitempty"`
	Count          int      `json:"count"`
	Members        []string `json:"-"`
}
