package portonetest

import (
	"encoding/json"
	"time"

	"github.com/paykit-kr/paykit/portone"
)

// The sandbox's own JSON for PortOne's objects, written from PortOne's API reference
// (https://developers.portone.io/api/rest-v2/payment, https://developers.portone.io/api/rest-v2/billingKey,
// https://developers.portone.io/api/rest-v2/paymentSchedule) and never through the portone
// package's types or encoders: an encoding bug in the client and the same bug in its decoder must
// not cancel out in a test. The specs a test passes ([PaymentSpec], [BillingKeySpec]) name portone
// types for convenience; they are read field by field into these structs once, when the object is
// stored. Optional properties are omitted when empty; required ones are always written.

// channelJSON is the schema's SelectedChannel.
type channelJSON struct {
	Type         string `json:"type"`
	ID           string `json:"id,omitempty"`
	Key          string `json:"key,omitempty"`
	Name         string `json:"name,omitempty"`
	PGProvider   string `json:"pgProvider"`
	PGMerchantID string `json:"pgMerchantId"`
}

// addressJSON is the schema's Address union: ONE_LINE (type, oneLine) or SEPARATED, which always
// carries addressLine1 and addressLine2.
type addressJSON struct {
	Type         string  `json:"type"`
	OneLine      string  `json:"oneLine"`
	AddressLine1 *string `json:"addressLine1,omitempty"`
	AddressLine2 *string `json:"addressLine2,omitempty"`
	City         string  `json:"city,omitempty"`
	Province     string  `json:"province,omitempty"`
	Country      string  `json:"country,omitempty"`
}

// customerJSON is the schema's Customer; every property is optional.
type customerJSON struct {
	ID          string       `json:"id,omitempty"`
	Name        string       `json:"name,omitempty"`
	BirthYear   string       `json:"birthYear,omitempty"`
	BirthMonth  string       `json:"birthMonth,omitempty"`
	BirthDay    string       `json:"birthDay,omitempty"`
	Gender      string       `json:"gender,omitempty"`
	Email       string       `json:"email,omitempty"`
	PhoneNumber string       `json:"phoneNumber,omitempty"`
	Address     *addressJSON `json:"address,omitempty"`
	Zipcode     string       `json:"zipcode,omitempty"`
}

// productJSON is the schema's PaymentProduct (and PaymentProduct input).
type productJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Tag      string `json:"tag,omitempty"`
	Code     string `json:"code,omitempty"`
	Amount   int64  `json:"amount"`
	Quantity int    `json:"quantity"`
	Link     string `json:"link,omitempty"`
}

// cardJSON is the schema's Card; every property is optional.
type cardJSON struct {
	Publisher string `json:"publisher,omitempty"`
	Issuer    string `json:"issuer,omitempty"`
	Brand     string `json:"brand,omitempty"`
	Type      string `json:"type,omitempty"`
	OwnerType string `json:"ownerType,omitempty"`
	BIN       string `json:"bin,omitempty"`
	Name      string `json:"name,omitempty"`
	Number    string `json:"number,omitempty"`
}

type installmentJSON struct {
	Month                      int   `json:"month"`
	IsInterestFree             bool  `json:"isInterestFree"`
	IsInterestFreeFromMerchant *bool `json:"isInterestFreeFromMerchant,omitempty"`
}

// methodJSON is every case of the schema's PaymentMethod union, and of the PaymentMethodEasyPayMethod
// union inside an easy-pay payment, in one struct: "type" names the case, and each case sets only
// its own properties. accountNumber and approvalNumber are pointers because some cases require them
// (PaymentMethodVirtualAccount, PaymentMethodGiftCertificate) and others may omit them.
type methodJSON struct {
	Type                  string           `json:"type"`
	Card                  *cardJSON        `json:"card,omitempty"`
	ApprovalNumber        *string          `json:"approvalNumber,omitempty"`
	Installment           *installmentJSON `json:"installment,omitempty"`
	PointUsed             *bool            `json:"pointUsed,omitempty"`
	Provider              string           `json:"provider,omitempty"`
	EasyPayMethod         json.RawMessage  `json:"easyPayMethod,omitempty"`
	Bank                  string           `json:"bank,omitempty"`
	AccountNumber         *string          `json:"accountNumber,omitempty"`
	AccountType           string           `json:"accountType,omitempty"`
	RemitteeName          string           `json:"remitteeName,omitempty"`
	RemitterName          string           `json:"remitterName,omitempty"`
	ExpiredAt             time.Time        `json:"expiredAt,omitzero"`
	IssuedAt              time.Time        `json:"issuedAt,omitzero"`
	RefundStatus          string           `json:"refundStatus,omitempty"`
	PhoneNumber           string           `json:"phoneNumber,omitempty"`
	GiftCertificateType   string           `json:"giftCertificateType,omitempty"`
	ConvenienceStoreBrand string           `json:"convenienceStoreBrand,omitempty"`
	ConfirmationNumber    string           `json:"confirmationNumber,omitempty"`
	ReceiptNumber         string           `json:"receiptNumber,omitempty"`
	PaymentDeadline       time.Time        `json:"paymentDeadline,omitzero"`
}

// methodFilter maps a method's "type" to its PaymentMethodType, the value of the methods filter of
// GET /payments.
var methodFilter = map[string]string{
	"PaymentMethodCard": "CARD", "PaymentMethodTransfer": "TRANSFER", "PaymentMethodVirtualAccount": "VIRTUAL_ACCOUNT",
	"PaymentMethodGiftCertificate": "GIFT_CERTIFICATE", "PaymentMethodMobile": "MOBILE", "PaymentMethodEasyPay": "EASY_PAY",
	"PaymentMethodConvenienceStore": "CONVENIENCE_STORE", "PaymentMethodCrypto": "CRYPTO",
}

// wireMethod is a payment method as the sandbox writes it, and its "type".
type wireMethod struct {
	typ string
	raw json.RawMessage
}

// methodOf reads a spec's payment method into its wire form; nil gives none. A method this
// sandbox does not know (portone.UnknownPaymentMethod) is written as its raw JSON.
func methodOf(m portone.PaymentMethod) *wireMethod {
	var v methodJSON
	switch m := m.(type) {
	case nil:
		return nil
	case *portone.PaymentMethodCard:
		v = cardMethodOf(m)
	case *portone.PaymentMethodVirtualAccount:
		v = methodJSON{Type: "PaymentMethodVirtualAccount", Bank: string(m.Bank), AccountNumber: ptr(string(m.AccountNumber)),
			AccountType: string(m.AccountType), RemitteeName: m.RemitteeName, RemitterName: m.RemitterName,
			ExpiredAt: m.ExpiredAt, IssuedAt: m.IssuedAt, RefundStatus: string(m.RefundStatus)}
	case *portone.PaymentMethodEasyPay:
		v = methodJSON{Type: "PaymentMethodEasyPay", Provider: string(m.Provider), EasyPayMethod: easyPayMethodOf(m.EasyPayMethod)}
	case *portone.PaymentMethodTransfer:
		v = methodJSON{Type: "PaymentMethodTransfer", Bank: string(m.Bank), AccountNumber: optional(string(m.AccountNumber))}
	case *portone.PaymentMethodMobile:
		v = methodJSON{Type: "PaymentMethodMobile", PhoneNumber: m.PhoneNumber}
	case *portone.PaymentMethodGiftCertificate:
		v = methodJSON{Type: "PaymentMethodGiftCertificate", GiftCertificateType: string(m.GiftCertificateType),
			ApprovalNumber: ptr(m.ApprovalNumber)}
	case *portone.PaymentMethodConvenienceStore:
		v = methodJSON{Type: "PaymentMethodConvenienceStore", ConvenienceStoreBrand: string(m.ConvenienceStoreBrand),
			ConfirmationNumber: m.ConfirmationNumber, ReceiptNumber: m.ReceiptNumber, PaymentDeadline: m.PaymentDeadline}
	case *portone.PaymentMethodCrypto:
		v = methodJSON{Type: "PaymentMethodCrypto"}
	case *portone.UnknownPaymentMethod:
		return &wireMethod{typ: peekType(m.Raw), raw: append(json.RawMessage(nil), m.Raw...)}
	default:
		panic("portonetest: PaymentSpec.Method has an unexpected type")
	}
	return &wireMethod{typ: v.Type, raw: mustJSON(v)}
}

// easyPayMethodOf reads the means of an easy-pay payment: a card, a transfer or charged points.
func easyPayMethodOf(m portone.EasyPayMethod) json.RawMessage {
	switch m := m.(type) {
	case nil:
		return nil
	case *portone.PaymentMethodCard:
		return mustJSON(cardMethodOf(m))
	case *portone.PaymentMethodTransfer:
		return mustJSON(methodJSON{Type: "PaymentMethodTransfer", Bank: string(m.Bank), AccountNumber: optional(string(m.AccountNumber))})
	case *portone.PaymentMethodEasyPayCharge:
		return mustJSON(methodJSON{Type: "PaymentMethodEasyPayMethodCharge", Bank: string(m.Bank)})
	case *portone.UnknownPaymentMethod:
		return append(json.RawMessage(nil), m.Raw...)
	}
	panic("portonetest: PaymentMethodEasyPay.EasyPayMethod has an unexpected type")
}

func cardMethodOf(m *portone.PaymentMethodCard) methodJSON {
	out := methodJSON{Type: "PaymentMethodCard", Card: cardOf(m.Card), ApprovalNumber: optional(m.ApprovalNumber),
		PointUsed: clone(m.PointUsed)}
	if in := m.Installment; in != nil {
		out.Installment = &installmentJSON{Month: in.Month, IsInterestFree: in.IsInterestFree,
			IsInterestFreeFromMerchant: clone(in.IsInterestFreeFromMerchant)}
	}
	return out
}

// optional returns a pointer to s, or nil for "", for a property a case may omit.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func cardOf(c *portone.Card) *cardJSON {
	if c == nil {
		return nil
	}
	return &cardJSON{Publisher: c.Publisher, Issuer: c.Issuer, Brand: string(c.Brand), Type: string(c.Type),
		OwnerType: string(c.OwnerType), BIN: c.BIN, Name: c.Name, Number: string(c.Number)}
}

func channelOf(c *portone.SelectedChannel) *channelJSON {
	if c == nil {
		return nil
	}
	return &channelJSON{Type: string(c.Type), ID: c.ID, Key: c.Key, Name: c.Name, PGProvider: string(c.PGProvider),
		PGMerchantID: c.PGMerchantID}
}

func customerOf(c portone.Customer) customerJSON {
	out := customerJSON{ID: c.ID, Name: c.Name, BirthYear: c.BirthYear, BirthMonth: c.BirthMonth, BirthDay: c.BirthDay,
		Gender: string(c.Gender), Email: c.Email, PhoneNumber: c.PhoneNumber, Zipcode: c.Zipcode}
	if a := c.Address; a != nil {
		out.Address = &addressJSON{Type: string(a.Type), OneLine: a.OneLine, City: a.City, Province: a.Province,
			Country: string(a.Country)}
		if a.Type == portone.AddressTypeSeparated {
			out.Address.AddressLine1, out.Address.AddressLine2 = clone(&a.AddressLine1), clone(&a.AddressLine2)
		}
	}
	return out
}

func productsOf(ps []portone.PaymentProduct) []productJSON {
	if ps == nil {
		return nil
	}
	out := make([]productJSON, len(ps))
	for i, p := range ps {
		out[i] = productJSON{ID: p.ID, Name: p.Name, Tag: p.Tag, Code: p.Code, Amount: p.Amount, Quantity: p.Quantity, Link: p.Link}
	}
	return out
}

// decodeInto gives the client's view of an object the sandbox wrote, for the snapshots it returns:
// decoding the sandbox's own JSON is exactly what a client sees.
func decodeInto[T any](wire any) T {
	var out T
	if err := json.Unmarshal(mustJSON(wire), &out); err != nil {
		panic("portonetest: decoding its own JSON: " + err.Error())
	}
	return out
}

// peekType returns the "type" property of a JSON object, or "".
func peekType(raw json.RawMessage) string {
	var v struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal(raw, &v)
	return v.Type
}

func clone[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

type originJSON struct {
	PlatformType string `json:"platformType"`
	IPAddress    string `json:"ipAddress"`
}

type amountJSON struct {
	Total            int64 `json:"total"`
	TaxFree          int64 `json:"taxFree"`
	Vat              int64 `json:"vat"`
	Supply           int64 `json:"supply"`
	Discount         int64 `json:"discount"`
	Paid             int64 `json:"paid"`
	Cancelled        int64 `json:"cancelled"`
	CancelledTaxFree int64 `json:"cancelledTaxFree"`
}

type failureJSON struct {
	Reason    string `json:"reason,omitempty"`
	PGCode    string `json:"pgCode,omitempty"`
	PGMessage string `json:"pgMessage,omitempty"`
}

// cancellationJSON is the schema's SucceededPaymentCancellation or FailedPaymentCancellation.
type cancellationJSON struct {
	Status           string    `json:"status"`
	ID               string    `json:"id"`
	PGCancellationID string    `json:"pgCancellationId,omitempty"`
	TotalAmount      int64     `json:"totalAmount"`
	TaxFreeAmount    int64     `json:"taxFreeAmount"`
	VatAmount        int64     `json:"vatAmount"`
	Reason           string    `json:"reason"`
	CancelledAt      time.Time `json:"cancelledAt,omitzero"`
	RequestedAt      time.Time `json:"requestedAt"`
	ReceiptURL       string    `json:"receiptUrl,omitempty"`
	Trigger          string    `json:"trigger,omitempty"`
}

// paymentJSON is the schema's Payment union: the properties every status has, then those of the
// status ("status" is the discriminator). Pointers and omitted zero values keep each status to the
// properties its case defines; disputes (PAID) and cancellations (PARTIAL_CANCELLED, CANCELLED)
// are required even when empty.
type paymentJSON struct {
	Status          string          `json:"status"`
	ID              string          `json:"id"`
	TransactionID   string          `json:"transactionId"`
	MerchantID      string          `json:"merchantId"`
	StoreID         string          `json:"storeId"`
	Method          json.RawMessage `json:"method,omitempty"`
	Channel         *channelJSON    `json:"channel,omitempty"`
	Version         string          `json:"version"`
	ScheduleID      string          `json:"scheduleId,omitempty"`
	BillingKey      string          `json:"billingKey,omitempty"`
	RequestedAt     time.Time       `json:"requestedAt"`
	UpdatedAt       time.Time       `json:"updatedAt"`
	StatusChangedAt time.Time       `json:"statusChangedAt"`
	OrderName       string          `json:"orderName"`
	Amount          amountJSON      `json:"amount"`
	Currency        string          `json:"currency"`
	Customer        customerJSON    `json:"customer"`
	Origin          originJSON      `json:"origin"`
	Products        []productJSON   `json:"products,omitempty"`
	CustomData      string          `json:"customData,omitempty"`

	PaidAt        time.Time           `json:"paidAt,omitzero"`
	FailedAt      time.Time           `json:"failedAt,omitzero"`
	Failure       *failureJSON        `json:"failure,omitempty"`
	PGTxID        string              `json:"pgTxId,omitempty"`
	ReceiptURL    string              `json:"receiptUrl,omitempty"`
	Disputes      *[]struct{}         `json:"disputes,omitempty"`
	Cancellations *[]cancellationJSON `json:"cancellations,omitempty"`
	CancelledAt   time.Time           `json:"cancelledAt,omitzero"`
}

type pageInput struct {
	Number *int `json:"number"`
	Size   *int `json:"size"`
}

type paymentFilterInput struct {
	MerchantID    string     `json:"merchantId"`
	StoreID       string     `json:"storeId"`
	TimestampType string     `json:"timestampType"`
	From          *time.Time `json:"from"`
	Until         *time.Time `json:"until"`
	Status        []string   `json:"status"`
	Methods       []string   `json:"methods"`
	PGProvider    []string   `json:"pgProvider"`
	IsTest        *bool      `json:"isTest"`
	IsScheduled   *bool      `json:"isScheduled"`
	SortBy        string     `json:"sortBy"`
	SortOrder     string     `json:"sortOrder"`
	Version       string     `json:"version"`
	Currency      string     `json:"currency"`
}

type getPaymentsBody struct {
	Page   *pageInput          `json:"page"`
	Filter *paymentFilterInput `json:"filter"`
}

type pageInfo struct {
	Number     int `json:"number"`
	Size       int `json:"size"`
	TotalCount int `json:"totalCount"`
}

type getPaymentsResponse struct {
	Items []json.RawMessage `json:"items"`
	Page  pageInfo          `json:"page"`
}

type cursorBody struct {
	StoreID string     `json:"storeId"`
	From    *time.Time `json:"from"`
	Until   *time.Time `json:"until"`
	Cursor  *string    `json:"cursor"`
	Size    *int       `json:"size"`
}

type paymentWithCursor struct {
	Payment json.RawMessage `json:"payment"`
	Cursor  string          `json:"cursor"`
}

type cursorResponse struct {
	Items []paymentWithCursor `json:"items"`
}

// paymentEventJSON is the schema's PaymentEvent union (PaidPaymentEvent, PartialCancelledPaymentEvent,
// CancelledPaymentEvent; "type" is the discriminator): the payment's properties, the event's own
// (id, createdAt, eventAmount), disputes for PAID (required, even when empty) and the cancellation
// for the two cancel events.
type paymentEventJSON struct {
	Type          string            `json:"type"`
	ID            string            `json:"id"`
	PaymentID     string            `json:"paymentId"`
	TransactionID string            `json:"transactionId"`
	MerchantID    string            `json:"merchantId"`
	StoreID       string            `json:"storeId"`
	Method        json.RawMessage   `json:"method,omitempty"`
	Channel       *channelJSON      `json:"channel"`
	Version       string            `json:"version"`
	ScheduleID    string            `json:"scheduleId,omitempty"`
	RequestedAt   time.Time         `json:"requestedAt"`
	CreatedAt     time.Time         `json:"createdAt"`
	OrderName     string            `json:"orderName"`
	TotalAmount   amountJSON        `json:"totalAmount"`
	Currency      string            `json:"currency"`
	Customer      customerJSON      `json:"customer"`
	Products      []productJSON     `json:"products,omitempty"`
	CustomData    string            `json:"customData,omitempty"`
	PGTxID        string            `json:"pgTxId,omitempty"`
	ReceiptURL    string            `json:"receiptUrl,omitempty"`
	Disputes      *[]struct{}       `json:"disputes,omitempty"`
	Cancellation  *cancellationJSON `json:"cancellation,omitempty"`
	EventAmount   int64             `json:"eventAmount"`
	Origin        originJSON        `json:"origin"`
}

type paymentEventWithCursor struct {
	PaymentEvent json.RawMessage `json:"paymentEvent"`
	Cursor       string          `json:"cursor"`
}

type eventCursorResponse struct {
	Items []paymentEventWithCursor `json:"items"`
}

type refundAccountInput struct {
	Bank              string `json:"bank"`
	Number            string `json:"number"`
	HolderName        string `json:"holderName"`
	HolderPhoneNumber string `json:"holderPhoneNumber"`
}

type cancelBody struct {
	StoreID                       string              `json:"storeId"`
	Amount                        *int64              `json:"amount"`
	TaxFreeAmount                 *int64              `json:"taxFreeAmount"`
	VatAmount                     *int64              `json:"vatAmount"`
	Reason                        *string             `json:"reason"`
	Requester                     string              `json:"requester"`
	PromotionDiscountRetainOption string              `json:"promotionDiscountRetainOption"`
	CurrentCancellableAmount      *int64              `json:"currentCancellableAmount"`
	RefundAccount                 *refundAccountInput `json:"refundAccount"`
	RefundEmail                   string              `json:"refundEmail"`
	SkipWebhook                   *bool               `json:"skipWebhook"`
}

type cancelResponse struct {
	Cancellation cancellationJSON `json:"cancellation"`
}

type preRegisterBody struct {
	StoreID       string `json:"storeId"`
	TotalAmount   *int64 `json:"totalAmount"`
	TaxFreeAmount *int64 `json:"taxFreeAmount"`
	Currency      string `json:"currency"`
}

type billingKeyMethodJSON struct {
	Type string    `json:"type"`
	Card *cardJSON `json:"card,omitempty"`
}

// billingKeyInfoJSON is the schema's IssuedBillingKeyInfo / DeletedBillingKeyInfo.
type billingKeyInfoJSON struct {
	Status      string                 `json:"status"`
	BillingKey  string                 `json:"billingKey"`
	MerchantID  string                 `json:"merchantId"`
	StoreID     string                 `json:"storeId"`
	Methods     []billingKeyMethodJSON `json:"methods"`
	Channels    []channelJSON          `json:"channels"`
	Customer    customerJSON           `json:"customer"`
	CustomData  string                 `json:"customData,omitempty"`
	RequestedAt time.Time              `json:"requestedAt"`
	IssuedAt    time.Time              `json:"issuedAt"`
	DeletedAt   time.Time              `json:"deletedAt,omitzero"`
}

type deleteBillingKeyResponse struct {
	DeletedAt time.Time `json:"deletedAt"`
}

type cardCredentialInput struct {
	Number                            string `json:"number"`
	ExpiryYear                        string `json:"expiryYear"`
	ExpiryMonth                       string `json:"expiryMonth"`
	BirthOrBusinessRegistrationNumber string `json:"birthOrBusinessRegistrationNumber"`
	PasswordTwoDigits                 string `json:"passwordTwoDigits"`
}

type issueBillingKeyBody struct {
	StoreID string `json:"storeId"`
	Method  *struct {
		Card *struct {
			Credential *cardCredentialInput `json:"credential"`
		} `json:"card"`
	} `json:"method"`
	ChannelKey     string         `json:"channelKey"`
	ChannelGroupID string         `json:"channelGroupId"`
	Customer       *customerInput `json:"customer"`
	CustomData     string         `json:"customData"`
	NoticeURLs     []string       `json:"noticeUrls"`
	SkipWebhook    *bool          `json:"skipWebhook"`
}

type billingKeyInfoSummary struct {
	BillingKey string        `json:"billingKey"`
	Channels   []channelJSON `json:"channels"`
	IssuedAt   time.Time     `json:"issuedAt"`
}

type issueBillingKeyResponse struct {
	BillingKeyInfo billingKeyInfoSummary `json:"billingKeyInfo"`
}

type customerInput struct {
	ID   string `json:"id"`
	Name *struct {
		Full      string `json:"full"`
		Separated *struct {
			First string `json:"first"`
			Last  string `json:"last"`
		} `json:"separated"`
	} `json:"name"`
	BirthYear   string `json:"birthYear"`
	BirthMonth  string `json:"birthMonth"`
	BirthDay    string `json:"birthDay"`
	Country     string `json:"country"`
	Gender      string `json:"gender"`
	Email       string `json:"email"`
	PhoneNumber string `json:"phoneNumber"`
	Address     *struct {
		AddressLine1 string `json:"addressLine1"`
		AddressLine2 string `json:"addressLine2"`
		City         string `json:"city"`
		Province     string `json:"province"`
		Country      string `json:"country"`
	} `json:"address"`
	Zipcode string `json:"zipcode"`
}

type amountInput struct {
	Total   *int64 `json:"total"`
	TaxFree *int64 `json:"taxFree"`
	Vat     *int64 `json:"vat"`
}

// billingKeyPaymentInput is the schema's BillingKeyPaymentInput (and, without skipWebhook,
// BillingKeyPaymentScheduleInput).
type billingKeyPaymentInput struct {
	StoreID                     string         `json:"storeId"`
	BillingKey                  string         `json:"billingKey"`
	ChannelKey                  string         `json:"channelKey"`
	OrderName                   string         `json:"orderName"`
	Customer                    *customerInput `json:"customer"`
	CustomData                  string         `json:"customData"`
	Amount                      *amountInput   `json:"amount"`
	Currency                    string         `json:"currency"`
	InstallmentMonth            *int           `json:"installmentMonth"`
	UseFreeInterestFromMerchant *bool          `json:"useFreeInterestFromMerchant"`
	UseCardPoint                *bool          `json:"useCardPoint"`
	Country                     string         `json:"country"`
	NoticeURLs                  []string       `json:"noticeUrls"`
	Products                    []productJSON  `json:"products"`
	ProductCount                *int           `json:"productCount"`
	PromotionID                 string         `json:"promotionId"`
	SkipWebhook                 *bool          `json:"skipWebhook"`
}

type billingKeyPaymentSummary struct {
	PgTxID string    `json:"pgTxId"`
	PaidAt time.Time `json:"paidAt"`
}

type payWithBillingKeyResponse struct {
	Payment billingKeyPaymentSummary `json:"payment"`
}

// scheduleJSON is the schema's ScheduledPaymentSchedule, RevokedPaymentSchedule,
// SucceededPaymentSchedule or FailedPaymentSchedule.
type scheduleJSON struct {
	Status            string        `json:"status"`
	ID                string        `json:"id"`
	MerchantID        string        `json:"merchantId"`
	StoreID           string        `json:"storeId"`
	PaymentID         string        `json:"paymentId"`
	BillingKey        string        `json:"billingKey"`
	OrderName         string        `json:"orderName"`
	IsCulturalExpense bool          `json:"isCulturalExpense"`
	IsEscrow          bool          `json:"isEscrow"`
	Customer          customerJSON  `json:"customer"`
	CustomData        string        `json:"customData"`
	TotalAmount       int64         `json:"totalAmount"`
	TaxFreeAmount     *int64        `json:"taxFreeAmount,omitempty"`
	VatAmount         *int64        `json:"vatAmount,omitempty"`
	Currency          string        `json:"currency"`
	InstallmentMonth  *int          `json:"installmentMonth,omitempty"`
	NoticeURLs        []string      `json:"noticeUrls,omitempty"`
	Products          []productJSON `json:"products,omitempty"`
	CreatedAt         time.Time     `json:"createdAt"`
	TimeToPay         time.Time     `json:"timeToPay"`
	RevokedAt         time.Time     `json:"revokedAt,omitzero"`
	StartedAt         time.Time     `json:"startedAt,omitzero"`
	CompletedAt       time.Time     `json:"completedAt,omitzero"`
}

type createScheduleBody struct {
	Payment   *billingKeyPaymentInput `json:"payment"`
	TimeToPay *time.Time              `json:"timeToPay"`
}

type createScheduleResponse struct {
	Schedule struct {
		ID string `json:"id"`
	} `json:"schedule"`
}

type revokeSchedulesBody struct {
	StoreID     string   `json:"storeId"`
	BillingKey  *string  `json:"billingKey"`
	ScheduleIDs []string `json:"scheduleIds"`
}

type revokeSchedulesResponse struct {
	RevokedScheduleIDs []string  `json:"revokedScheduleIds"`
	RevokedAt          time.Time `json:"revokedAt"`
}

type loginRequest struct {
	APISecret *string `json:"apiSecret"`
}

type refreshRequest struct {
	RefreshToken *string `json:"refreshToken"`
}

type tokenPair struct {
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken"`
}
