package bootpaytest

import (
	"encoding/json"
	"strconv"
)

// The sandbox's own JSON for Bootpay's objects and requests, written from Bootpay's REST reference
// (https://docs.bootpay.co.kr/rest/) and never through the bootpay package's types or decoders: an
// encoding bug in the client and the same bug in its decoder must not cancel out in a test.

type tokenRequest struct {
	ApplicationID string `json:"application_id"`
	PrivateKey    string `json:"private_key"`
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpireIn    int64  `json:"expire_in"`
}

type confirmRequest struct {
	ReceiptID string `json:"receipt_id"`
}

type refundRequest struct {
	BankAccount  string `json:"bank_account"`
	BankUsername string `json:"bank_username"`
	BankCode     string `json:"bank_code"`
}

type cancelRequest struct {
	ReceiptID      string          `json:"receipt_id"`
	CancelPrice    json.RawMessage `json:"cancel_price"`
	CancelTaxFree  json.RawMessage `json:"cancel_tax_free"`
	CancelID       string          `json:"cancel_id"`
	CancelUsername string          `json:"cancel_username"`
	CancelMessage  string          `json:"cancel_message"`
	Refund         *refundRequest  `json:"refund"`
}

// receiptJSON is the wire form of a receipt (https://docs.bootpay.co.kr/rest/receipt), in Bootpay's
// field order.
type receiptJSON struct {
	ReceiptID          string           `json:"receipt_id"`
	OrderID            string           `json:"order_id"`
	Price              money            `json:"price"`
	TaxFree            money            `json:"tax_free"`
	CancelledPrice     money            `json:"cancelled_price"`
	CancelledTaxFree   money            `json:"cancelled_tax_free"`
	OrderName          string           `json:"order_name"`
	CompanyName        string           `json:"company_name"`
	GatewayURL         string           `json:"gateway_url"`
	Metadata           json.RawMessage  `json:"metadata"`
	Sandbox            bool             `json:"sandbox"`
	PG                 string           `json:"pg"`
	Method             string           `json:"method"`
	MethodSymbol       string           `json:"method_symbol"`
	MethodOrigin       string           `json:"method_origin"`
	MethodOriginSymbol string           `json:"method_origin_symbol"`
	Currency           string           `json:"currency"`
	ReceiptURL         string           `json:"receipt_url"`
	RequestedAt        string           `json:"requested_at"`
	PurchasedAt        string           `json:"purchased_at,omitempty"`
	CancelledAt        string           `json:"cancelled_at,omitempty"`
	Status             int              `json:"status"`
	StatusLocale       string           `json:"status_locale"`
	CardData           *cardDataJSON    `json:"card_data,omitempty"`
	PhoneData          *phoneDataJSON   `json:"phone_data,omitempty"`
	BankData           *bankDataJSON    `json:"bank_data,omitempty"`
	VbankData          *bankDataJSON    `json:"vbank_data,omitempty"`
	EscrowData         *escrowDataJSON  `json:"escrow_data,omitempty"`
	CashReceiptData    *cashReceiptJSON `json:"cash_receipt_data,omitempty"`
}

type cardDataJSON struct {
	TID             string `json:"tid"`
	CardApproveNo   string `json:"card_approve_no"`
	CardNo          string `json:"card_no"`
	CardQuota       string `json:"card_quota"`
	CardCompanyCode string `json:"card_company_code"`
	CardCompany     string `json:"card_company"`
	CardInterest    string `json:"card_interest"`
	CardType        string `json:"card_type"`
	CardOwnerType   string `json:"card_owner_type"`
	ReceiptURL      string `json:"receipt_url"`
}

type phoneDataJSON struct {
	TID        string `json:"tid"`
	AuthNo     string `json:"auth_no"`
	Phone      string `json:"phone"`
	ReceiptURL string `json:"receipt_url"`
}

type bankDataJSON struct {
	TID          string `json:"tid"`
	BankCode     string `json:"bank_code"`
	BankName     string `json:"bank_name"`
	BankUsername string `json:"bank_username"`
	BankAccount  string `json:"bank_account,omitempty"`
	SenderName   string `json:"sender_name,omitempty"`
	ExpiredAt    string `json:"expired_at,omitempty"`
	ReceiptURL   string `json:"receipt_url,omitempty"`
}

type escrowDataJSON struct {
	Status       int    `json:"status"`
	StatusLocale string `json:"status_locale"`
}

type cashReceiptJSON struct {
	TID             string `json:"tid"`
	CashReceiptType int    `json:"cash_receipt_type"`
	CashReceiptNo   string `json:"cash_receipt_no"`
	ReceiptURL      string `json:"receipt_url"`
}

// money is an amount written as 1000, or 1000.0 with WithDecimalAmounts.
type money struct {
	v       int64
	decimal bool
}

func (m money) MarshalJSON() ([]byte, error) {
	b := strconv.AppendInt(nil, m.v, 10)
	if m.decimal {
		b = append(b, ".0"...)
	}
	return b, nil
}
