package commerce

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/paykit-kr/paykit/internal/jsonx"
	"github.com/paykit-kr/paykit/internal/redact"
	"github.com/paykit-kr/paykit/internal/transport"
)

// Order is a Commerce order (주문) as GET /orders/{order_id} and the
// order list return it (https://commerce.bootpay.ai/).
//
// Amounts are exact won: compare Price.Int64() with the int64 in your own
// database. order_id, order_number, price (or total_price, as some
// typings name it) and status are required (see UnmarshalJSON); other
// fields Commerce omits are zero. The whole body is kept, available from
// RawJSON, so fields this type does not name are not lost.
//
// An Order prints (every fmt verb) and logs (slog's text and JSON
// handlers) with card numbers masked and without its raw JSON. Encoding
// it to JSON keeps the numbers as received.
type Order struct {
	OrderID       string        `json:"order_id"`     // Commerce's id of the order
	OrderNumber   string        `json:"order_number"` // the number the checkout redirect carries
	OrderName     string        `json:"order_name"`
	Price         Amount        `json:"price"`          // amount paid (결제 금액)
	TaxFreePrice  Amount        `json:"tax_free_price"` // tax-free part (면세 금액)
	Status        OrderStatus   `json:"status"`
	ReceiptStatus ReceiptStatus `json:"receipt_status"` // the PG payment's status; 1 = paid
	ReceiptID     string        `json:"receipt_id"`
	UserID        string        `json:"user_id"`
	User          *OrderUser    `json:"user,omitempty"`
	// Metadata is the checkout's metadata, where the merchant keeps its own
	// order id (metadata.order_id in Bootpay's checkout guide).
	Metadata           Metadata            `json:"metadata"`
	Products           []OrderProduct      `json:"products,omitempty"`
	ResultData         *ResultData         `json:"result_data,omitempty"`
	OrderSubscriptions *OrderSubscriptions `json:"order_subscriptions,omitempty"`
	PurchasedAt        Time                `json:"purchased_at"`
	CreatedAt          Time                `json:"created_at"`
	UpdatedAt          Time                `json:"updated_at"`

	raw redact.Hidden // the body as received; see RawJSON
}

// OrderUser is the buyer of an order.
type OrderUser struct {
	UserID string      `json:"user_id"`
	Name   string      `json:"name"`
	Email  string      `json:"email"`
	Phone  PhoneNumber `json:"phone"`
}

// OrderProduct is one product line of an order.
type OrderProduct struct {
	ProductID string `json:"product_id"`
	Name      string `json:"name"`
	Quantity  int    `json:"quantity"`
	Price     Amount `json:"price"`
}

// ResultData is the payment result of an order (결제 결과). Commerce has
// been seen to send the card both flat (card_name, card_no) and nested
// (card_data); both are decoded.
type ResultData struct {
	ReceiptID  string        `json:"receipt_id"`
	PG         string        `json:"pg"`
	Method     string        `json:"method"`
	MethodName string        `json:"method_name"`
	Status     ReceiptStatus `json:"status"`
	CardName   string        `json:"card_name"`
	CardNo     CardNumber    `json:"card_no"`
	CardData   *CardData     `json:"card_data,omitempty"`

	statusSent bool // status was present (not null): only then can it contradict the order (OrdersService.Verify)
}

// CardData is the card of a card payment.
type CardData struct {
	CardCompany string     `json:"card_company"`
	CardNo      CardNumber `json:"card_no"` // masked by Commerce; masked again when printed
}

// OrderSubscriptions are the subscriptions an order started.
type OrderSubscriptions struct {
	Subscriptions []OrderSubscription `json:"subscriptions"`
}

// OrderSubscription is one subscription of an order.
type OrderSubscription struct {
	OrderSubscriptionID       string             `json:"order_subscription_id"`
	Status                    SubscriptionStatus `json:"status"`
	CurrentDuration           int                `json:"current_duration"`            // the current cycle (회차)
	TotalSubscriptionDuration int                `json:"total_subscription_duration"` // cycles in all; -1 unlimited
}

// orderFields lets UnmarshalJSON use the default decoder without
// recursing into itself.
type orderFields Order

// orderWire decodes an order in one pass while seeing whether its
// required fields are present: the shallower fields shadow the embedded
// ones of the same name, so they arrive raw.
type orderWire struct {
	*orderFields
	OrderID     json.RawMessage `json:"order_id"`
	OrderNumber json.RawMessage `json:"order_number"`
	Price       json.RawMessage `json:"price"`
	TotalPrice  json.RawMessage `json:"total_price"`
	Status      json.RawMessage `json:"status"`
	// Metadata is decoded in the same pass, numbers as json.Number
	// (decoded into an any, they would be float64, and an order id above
	// 2^53 would change), its error reported after the required fields.
	Metadata jsonx.MetadataMember `json:"metadata"`
	// ResultData shadows the embedded one to see, in the same pass,
	// whether the payment result names a status: Commerce's order example
	// shows none, so only a status present can contradict the order's
	// receipt_status.
	ResultData *resultDataWire `json:"result_data"`
	// ErrorShape reads the members of Commerce's error shape: an order body
	// that carries success false or an error_code is Commerce's refusal,
	// never an order (refusalOf reads them the same way).
	transport.ErrorShape
}

// resultDataWire is the payment result as orderWire decodes it: the
// result itself, and its status once more, as a pointer that tells a
// status present from none.
type resultDataWire struct {
	ResultData
	Status *ReceiptStatus `json:"status"`
}

// result returns the decoded payment result, or nil for none.
func (w *resultDataWire) result() *ResultData {
	if w == nil {
		return nil
	}
	if w.Status != nil {
		w.ResultData.Status, w.statusSent = *w.Status, true
	}
	return &w.ResultData
}

// requiresMembers marks Order as a requiredMembers result (decodeBody): an
// order body without order_id, order_number, price and status, or in
// Commerce's error shape, does not decode, so decodeBody looks for that
// shape only when decoding fails.
func (*Order) requiresMembers() {}

// UnmarshalJSON decodes the order and keeps a copy of the raw JSON.
//
// order_id, order_number, price (or total_price) and status are
// required: a body that is null, {} or lacks one of them is an error,
// never an order with a silent zero amount that verification would then
// read as a forged price.
func (o *Order) UnmarshalJSON(data []byte) error {
	w := orderWire{orderFields: (*orderFields)(o)}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	if w.Refuses(true) {
		return errors.New("commerce: an order body in Commerce's error shape (success false or an error_code)")
	}
	price := w.Price
	if absent(price) {
		price = w.TotalPrice
	}
	var missing []string
	for _, f := range []struct {
		name string
		raw  json.RawMessage
	}{{"order_id", w.OrderID}, {"order_number", w.OrderNumber}, {"price", price}, {"status", w.Status}} {
		if absent(f.raw) {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("commerce: order without %s", strings.Join(missing, ", "))
	}
	if err := json.Unmarshal(w.OrderID, &o.OrderID); err != nil {
		return fmt.Errorf("commerce: order_id: %w", err)
	}
	if err := json.Unmarshal(w.OrderNumber, &o.OrderNumber); err != nil {
		return fmt.Errorf("commerce: order_number: %w", err)
	}
	if o.OrderID == "" || o.OrderNumber == "" {
		return errors.New("commerce: order with an empty order_id or order_number")
	}
	if err := o.Price.UnmarshalJSON(price); err != nil {
		return err
	}
	if err := o.Status.UnmarshalJSON(w.Status); err != nil {
		return err
	}
	if w.Metadata.Err != nil {
		return fmt.Errorf("commerce: %w", w.Metadata.Err)
	}
	o.Metadata = w.Metadata.Value
	o.ResultData = w.ResultData.result()
	o.raw = redact.Hide(string(data))
	return nil
}

// absent reports a member that is missing or null.
func absent(raw json.RawMessage) bool { return len(raw) == 0 || string(raw) == "null" }

// RawJSON returns the order exactly as Commerce sent it, including fields
// this type does not declare; nil for an Order not decoded from JSON. It
// holds card numbers in the clear, which is why no printing of the Order
// shows it. Each call returns a new copy.
func (o *Order) RawJSON() json.RawMessage {
	if raw := o.raw.Reveal(); raw != "" {
		return json.RawMessage(raw)
	}
	return nil
}

// Card returns the order's card number, nested or flat, or "".
func (o *Order) Card() CardNumber {
	switch {
	case o.ResultData == nil:
		return ""
	case o.ResultData.CardData != nil && o.ResultData.CardData.CardNo != "":
		return o.ResultData.CardData.CardNo
	}
	return o.ResultData.CardNo
}
