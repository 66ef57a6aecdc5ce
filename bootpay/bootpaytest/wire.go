package bootpaytest

import (
	"encoding/json"
	"strconv"
)

// The sandbox's own JSON for Bootpay's objects and requests, written from Bootpay's REST reference
// (https://developers.bootpay.co.kr/pg/server/flow) and never through the bootpay package's types or decoders: an
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

// receiptJSON is the wire form of a receipt (https://developers.bootpay.co.kr/pg/server/receipt), in Bootpay's
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
	Status            int    `json:"status"`
	StatusLocale      string `json:"status_locale"`
	ShippingStartedAt string `json:"shipping_started_at,omitempty"`
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

// billingKeyRequest is the body of POST /v2/request/subscribe.
type billingKeyRequest struct {
	PG              string          `json:"pg"`
	Method          string          `json:"method"`
	OrderName       string          `json:"order_name"`
	SubscriptionID  string          `json:"subscription_id"`
	CardNo          string          `json:"card_no"`
	CardPw          string          `json:"card_pw"`
	CardIdentityNo  string          `json:"card_identity_no"`
	CardExpireYear  string          `json:"card_expire_year"`
	CardExpireMonth string          `json:"card_expire_month"`
	Price           json.RawMessage `json:"price"`
	TaxFree         json.RawMessage `json:"tax_free"`
	Metadata        json.RawMessage `json:"metadata"`
}

// transferRequest is the body of POST /v2/request/subscribe/automatic-transfer.
type transferRequest struct {
	PG             string          `json:"pg"`
	OrderName      string          `json:"order_name"`
	SubscriptionID string          `json:"subscription_id"`
	AuthType       string          `json:"auth_type"`
	Username       string          `json:"username"`
	BankName       string          `json:"bank_name"`
	BankAccount    string          `json:"bank_account"`
	IdentityNo     string          `json:"identity_no"`
	Metadata       json.RawMessage `json:"metadata"`
}

// billingKeyJSON is the wire form of a billing key (https://developers.bootpay.co.kr/pg/server/flow).
type billingKeyJSON struct {
	ReceiptID          string           `json:"receipt_id"`
	BillingKey         string           `json:"billing_key,omitempty"`
	SubscriptionID     string           `json:"subscription_id"`
	BillingData        *billingDataJSON `json:"billing_data,omitempty"`
	GatewayURL         string           `json:"gateway_url"`
	Metadata           json.RawMessage  `json:"metadata"`
	PG                 string           `json:"pg"`
	Method             string           `json:"method"`
	MethodSymbol       string           `json:"method_symbol"`
	MethodOrigin       string           `json:"method_origin"`
	MethodOriginSymbol string           `json:"method_origin_symbol"`
	PublishedAt        string           `json:"published_at,omitempty"`
	RequestedAt        string           `json:"requested_at"`
	BillingExpireAt    string           `json:"billing_expire_at,omitempty"`
	ReceiptData        json.RawMessage  `json:"receipt_data,omitempty"`
	Status             int              `json:"status"`
	StatusLocale       string           `json:"status_locale"`
}

type billingDataJSON struct {
	CardNo          string `json:"card_no,omitempty"`
	CardCompany     string `json:"card_company,omitempty"`
	CardCompanyCode string `json:"card_company_code,omitempty"`
	CardType        int    `json:"card_type,omitempty"`
	BankName        string `json:"bank_name,omitempty"`
	BankAccount     string `json:"bank_account,omitempty"`
}

// chargeRequest is the body of POST /v2/subscribe/payment and POST /v2/subscribe/payment/reserve.
type chargeRequest struct {
	BillingKey       string          `json:"billing_key"`
	OrderName        string          `json:"order_name"`
	OrderID          string          `json:"order_id"`
	Price            json.RawMessage `json:"price"`
	TaxFree          json.RawMessage `json:"tax_free"`
	CardQuota        string          `json:"card_quota"`
	FeedbackURL      string          `json:"feedback_url"`
	Items            []itemJSON      `json:"items"`
	Metadata         json.RawMessage `json:"metadata"`
	ReserveExecuteAt string          `json:"reserve_execute_at"`
}

type itemJSON struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Qty   int64  `json:"qty"`
	Price int64  `json:"price"`
}

type reservationJSON struct {
	ReserveID        string `json:"reserve_id"`
	ReserveExecuteAt string `json:"reserve_execute_at"`
}

// reservationDetailJSON is the wire form of GET /v2/subscribe/payment/reserve/{reserve_id}.
type reservationDetailJSON struct {
	ReserveID          string          `json:"reserve_id"`
	ReceiptID          string          `json:"receipt_id,omitempty"`
	OrderID            string          `json:"order_id"`
	OrderName          string          `json:"order_name"`
	Price              money           `json:"price"`
	TaxFree            money           `json:"tax_free"`
	BillingKey         string          `json:"billing_key"`
	FeedbackURL        string          `json:"feedback_url,omitempty"`
	Metadata           json.RawMessage `json:"metadata"`
	Version            int             `json:"version"`
	Status             int             `json:"status"`
	ReserveRequestedAt string          `json:"reserve_requested_at"`
	ReserveExecuteAt   string          `json:"reserve_execute_at"`
	ReserveStartedAt   string          `json:"reserve_started_at,omitempty"`
	ReserveFinishedAt  string          `json:"reserve_finished_at,omitempty"`
	ReserveRevokedAt   string          `json:"reserve_revoked_at,omitempty"`
}

type reserveCancelJSON struct {
	ReserveID string `json:"reserve_id"`
	Success   bool   `json:"success"`
}

type billingKeyOnlyJSON struct {
	BillingKey string `json:"billing_key"`
}

// authenticationRequest is the body of POST /v2/request/authentication.
type authenticationRequest struct {
	PG               string `json:"pg"`
	Method           string `json:"method"`
	Username         string `json:"username"`
	IdentityNo       string `json:"identity_no"`
	Carrier          string `json:"carrier"`
	Phone            string `json:"phone"`
	OrderName        string `json:"order_name"`
	AuthenticationID string `json:"authentication_id"`
	ClientIP         string `json:"client_ip"`
}

type otpRequest struct {
	ReceiptID string `json:"receipt_id"`
	OTP       string `json:"otp"`
}

type authenticationJSON struct {
	ReceiptID        string `json:"receipt_id"`
	AuthenticationID string `json:"authentication_id"`
	Status           int    `json:"status"`
	StatusLocale     string `json:"status_locale"`
}

// certificateJSON is the wire form of a certificate (https://developers.bootpay.co.kr/pg/server/flow).
type certificateJSON struct {
	ReceiptID          string            `json:"receipt_id"`
	AuthenticateID     string            `json:"authenticate_id"`
	PG                 string            `json:"pg"`
	Method             string            `json:"method"`
	MethodOrigin       string            `json:"method_origin"`
	MethodOriginSymbol string            `json:"method_origin_symbol"`
	AuthenticatedAt    string            `json:"authenticated_at,omitempty"`
	RequestedAt        string            `json:"requested_at"`
	Status             int               `json:"status"`
	StatusLocale       string            `json:"status_locale"`
	AuthenticateData   *identityDataJSON `json:"authenticate_data,omitempty"`
}

type identityDataJSON struct {
	Name             string `json:"name"`
	Phone            string `json:"phone"`
	Unique           string `json:"unique"`
	Birth            string `json:"birth"`
	Gender           int    `json:"gender"`
	Foreigner        int    `json:"foreigner"`
	Carrier          string `json:"carrier"`
	NumberOfRealarms int    `json:"number_of_realarms"`
	TID              string `json:"tid"`
}

// cashReceiptRequest is the body of POST /v2/request/receipt/cash/publish.
type cashReceiptRequest struct {
	ReceiptID       string `json:"receipt_id"`
	IdentityNo      string `json:"identity_no"`
	CashReceiptType string `json:"cash_receipt_type"`
}

// standaloneCashRequest is the body of POST /v2/request/cash/receipt.
type standaloneCashRequest struct {
	PG              string          `json:"pg"`
	Price           json.RawMessage `json:"price"`
	TaxFree         json.RawMessage `json:"tax_free"`
	OrderName       string          `json:"order_name"`
	OrderID         string          `json:"order_id"`
	CashReceiptType string          `json:"cash_receipt_type"`
	IdentityNo      string          `json:"identity_no"`
	PurchasedAt     string          `json:"purchased_at"`
}

type standaloneCashJSON struct {
	ReceiptID       string           `json:"receipt_id"`
	OrderID         string           `json:"order_id"`
	OrderName       string           `json:"order_name"`
	Price           money            `json:"price"`
	TaxFree         money            `json:"tax_free"`
	PG              string           `json:"pg"`
	ReceiptURL      string           `json:"receipt_url"`
	Status          int              `json:"status"`
	StatusLocale    string           `json:"status_locale"`
	PurchasedAt     string           `json:"purchased_at,omitempty"`
	CancelledAt     string           `json:"cancelled_at,omitempty"`
	CashReceiptData *cashReceiptJSON `json:"cash_receipt_data"`
}

// shippingRequest is the body of PUT /v2/escrow/shipping/start/{receipt_id}.
type shippingRequest struct {
	TrackingNumber string `json:"tracking_number"`
	DeliveryCorp   string `json:"delivery_corp"`
}

type userTokenRequest struct {
	UserID string `json:"user_id"`
}

type userTokenJSON struct {
	UserToken string `json:"user_token"`
	ExpiredAt string `json:"expired_at"`
}

// linkRequest is the body of POST /v2/request/payment.
type linkRequest struct {
	OrderID   string          `json:"order_id"`
	OrderName string          `json:"order_name"`
	Price     json.RawMessage `json:"price"`
}

type linkJSON struct {
	Status int    `json:"status"`
	Data   string `json:"data"`
}

type paymentMethodJSON struct {
	PG      string   `json:"pg"`
	Method  string   `json:"method"`
	Methods []string `json:"methods,omitempty"`
}
