package bootpay

// Courier is a delivery company (택배사) as Bootpay's escrow API names it:
// in Korean.
type Courier string

// Couriers Bootpay's escrow API accepts.
const (
	CourierCJ        Courier = "CJ대한통운"
	CourierHanjin    Courier = "한진"
	CourierLotte     Courier = "롯데"
	CourierKGB       Courier = "KGB"
	CourierDongbu    Courier = "동부"
	CourierEPost     Courier = "우체국"
	CourierLogen     Courier = "로젠"
	CourierYellowCap Courier = "옐로우캡"
	CourierKyungdong Courier = "경동"
	CourierDaesin    Courier = "대신"
	CourierSagawa    Courier = "사가와"
	CourierIlyang    Courier = "일양로지스"
	CourierHonam     Courier = "호남"
	CourierHapdong   Courier = "합동"
	CourierChunil    Courier = "천일"
	CourierCVS       Courier = "편의점"
	CourierSelf      Courier = "직접배달"
	CourierQuick     Courier = "퀵서비스"
)

var couriers = map[Courier]bool{
	CourierCJ: true, CourierHanjin: true, CourierLotte: true, CourierKGB: true, CourierDongbu: true,
	CourierEPost: true, CourierLogen: true, CourierYellowCap: true, CourierKyungdong: true, CourierDaesin: true,
	CourierSagawa: true, CourierIlyang: true, CourierHonam: true, CourierHapdong: true, CourierChunil: true,
	CourierCVS: true, CourierSelf: true, CourierQuick: true,
}

// ShippingParams starts the shipping of an escrow payment (에스크로 배송
// 시작), for 이니시스 and KCP.
type ShippingParams struct {
	ReceiptID      string  // required
	TrackingNumber string  // required (운송장 번호)
	Courier        Courier // required: one of the Courier constants
	// Prepaid says whether the shipping was prepaid (선불); nil leaves it
	// out.
	Prepaid *bool
	// ShippingDays is the expected delivery time in days; 0 leaves it out.
	ShippingDays int
	ReceiptURL   string
	// RedirectURL is where the buyer confirms the purchase (이니시스 only).
	RedirectURL string
	// Recipient and Sender are the buyer's and the merchant's addresses;
	// nil leaves them out.
	Recipient *ShippingRecipient
	Sender    *ShippingSender
}

// ShippingRecipient is the buyer's delivery address.
type ShippingRecipient struct {
	Username string      `json:"username,omitempty"`
	Phone    PhoneNumber `json:"phone,omitempty"`
	Zipcode  string      `json:"zipcode,omitempty"`
	Address  string      `json:"address,omitempty"`
}

// ShippingSender is the merchant's address.
type ShippingSender struct {
	Name    string      `json:"name,omitempty"`
	Phone   PhoneNumber `json:"phone,omitempty"`
	Zipcode string      `json:"zipcode,omitempty"`
	Addr1   string      `json:"addr1,omitempty"`
	Addr2   string      `json:"addr2,omitempty"`
}

type shippingRequest struct {
	ReceiptID      string             `json:"receipt_id"`
	TrackingNumber string             `json:"tracking_number"`
	DeliveryCorp   Courier            `json:"delivery_corp"`
	Prepayment     *bool              `json:"shipping_prepayment,omitempty"`
	ShippingDay    int                `json:"shipping_day,omitempty"`
	ReceiptURL     string             `json:"receipt_url,omitempty"`
	RedirectURL    string             `json:"redirect_url,omitempty"`
	User           *ShippingRecipient `json:"user,omitempty"`
	Company        *ShippingSender    `json:"company,omitempty"`
}

func (p *ShippingParams) validate() error {
	if err := firstError(checkID("ReceiptID", p.ReceiptID), required("TrackingNumber", p.TrackingNumber)); err != nil {
		return err
	}
	switch {
	case !couriers[p.Courier]:
		return invalid("Courier", "must be one of the Courier constants")
	case p.ShippingDays < 0:
		return invalid("ShippingDays", "may not be negative")
	case p.Recipient != nil && p.Recipient.Phone != "" && !isPhone(string(p.Recipient.Phone)):
		return invalid("Recipient.Phone", "must be a phone number")
	}
	return firstError(checkWebhookURL("ReceiptURL", p.ReceiptURL), checkWebhookURL("RedirectURL", p.RedirectURL))
}

func (p *ShippingParams) request() shippingRequest {
	r := shippingRequest{ReceiptID: p.ReceiptID, TrackingNumber: p.TrackingNumber, DeliveryCorp: p.Courier,
		Prepayment: p.Prepaid, ShippingDay: p.ShippingDays, ReceiptURL: p.ReceiptURL, RedirectURL: p.RedirectURL}
	if p.Recipient != nil && *p.Recipient != (ShippingRecipient{}) {
		r.User = p.Recipient
	}
	if p.Sender != nil && *p.Sender != (ShippingSender{}) {
		r.Company = p.Sender
	}
	return r
}
