package commerce

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"mime/multipart"
	"net/textproto"
	"slices"
	"strings"

	"github.com/paykit-kr/paykit/internal/transport"
)

// Product is a catalog product (상품). Commerce's page names its fields
// desc and ex_uid while its SDKs' typings say description and
// external_uid (which the server prefers is UNCONFIRMED): both decode.
type Product struct {
	ProductID             string   `json:"product_id"`
	Name                  string   `json:"name"`
	Description           string   `json:"desc"`
	Content               string   `json:"content"` // HTML
	Images                []string `json:"images"`
	CategoryID            string   `json:"category_id"`
	DisplayPrice          Amount   `json:"display_price"`
	TaxFreePrice          Amount   `json:"tax_free_price"`
	UseStock              bool     `json:"use_stock"`
	Stock                 int      `json:"stock"`
	UseSubscription       bool     `json:"use_subscription"`
	SubscriptionSettingID string   `json:"subscription_setting_id"`
	UseDiscount           bool     `json:"use_discount"`
	DiscountPrice         Amount   `json:"discount_price"`
	StatusDisplay         bool     `json:"status_display"`
	StatusSale            bool     `json:"status_sale"`
	ExternalUID           string   `json:"ex_uid"`
	CreatedAt             Time     `json:"created_at"`
	UpdatedAt             Time     `json:"updated_at"`
}

type productFields Product

// UnmarshalJSON decodes the product, taking description and external_uid
// where desc and ex_uid are absent.
func (p *Product) UnmarshalJSON(data []byte) error {
	w := struct {
		*productFields
		AltDescription *string `json:"description"`
		AltExternalUID *string `json:"external_uid"`
	}{productFields: (*productFields)(p)}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	if p.Description == "" && w.AltDescription != nil {
		p.Description = *w.AltDescription
	}
	if p.ExternalUID == "" && w.AltExternalUID != nil {
		p.ExternalUID = *w.AltExternalUID
	}
	return nil
}

// ProductParams describes a product to create (POST /products) or the
// fields to change (PUT /products/{id}); only the fields set are sent,
// under the names Commerce's catalog page documents
// (https://commerce.bootpay.ai/catalog/create).
type ProductParams struct {
	Name                  string   `json:"name,omitempty"` // required to create
	Description           string   `json:"desc,omitempty"`
	Content               string   `json:"content,omitempty"`
	Images                []string `json:"images,omitempty"` // image URLs; see ImageFiles for uploads
	CategoryID            string   `json:"category_id,omitempty"`
	DisplayPrice          *int64   `json:"display_price,omitempty"` // required to create
	TaxFreePrice          *int64   `json:"tax_free_price,omitempty"`
	UseStock              *bool    `json:"use_stock,omitempty"`
	Stock                 *int     `json:"stock,omitempty"`
	UseSubscription       *bool    `json:"use_subscription,omitempty"`
	SubscriptionSettingID string   `json:"subscription_setting_id,omitempty"`
	UseDiscount           *bool    `json:"use_discount,omitempty"`
	DiscountPrice         *int64   `json:"discount_price,omitempty"`
	StatusDisplay         *bool    `json:"status_display,omitempty"`
	StatusSale            *bool    `json:"status_sale,omitempty"`
	ExternalUID           string   `json:"ex_uid,omitempty"`

	// ImageFiles, when given, are uploaded with the product in ONE
	// multipart/form-data request, as images[0], images[1], … (Commerce's
	// Rails server does not read a repeated "images" field). Not with
	// Images.
	ImageFiles []ImageFile `json:"-"`
}

// ImageFile is an image uploaded with a product.
type ImageFile struct {
	Filename    string
	ContentType string // e.g. image/png; application/octet-stream when empty
	Data        []byte
}

func (p *ProductParams) validate(creating bool) error {
	field := func(name, reason string) error {
		return &ValidationError{Gateway: "commerce", Field: name, Reason: reason}
	}
	switch {
	case creating && p.Name == "":
		return field("Name", "is required")
	case creating && p.DisplayPrice == nil:
		return field("DisplayPrice", "is required")
	case p.DisplayPrice != nil && *p.DisplayPrice < 0, p.TaxFreePrice != nil && *p.TaxFreePrice < 0, p.DiscountPrice != nil && *p.DiscountPrice < 0:
		return field("DisplayPrice", "prices may not be negative")
	case len(p.ImageFiles) > 0 && len(p.Images) > 0:
		return field("Images", "give image URLs or image files, not both")
	}
	for i, f := range p.ImageFiles {
		if f.Filename == "" || len(f.Data) == 0 || strings.ContainsAny(f.Filename, "\"\r\n") {
			return field(fmt.Sprintf("ImageFiles[%d]", i), "needs a file name (without quotes or line breaks) and data")
		}
	}
	return nil
}

// body is the request body: the JSON params, or with image files one
// multipart form built once, so every attempt sends the same bytes.
func (p *ProductParams) body() (any, error) {
	if len(p.ImageFiles) == 0 {
		return p, nil
	}
	form, err := p.multipart()
	if err != nil {
		return nil, &ValidationError{Gateway: "commerce", Field: "params", Reason: err.Error()}
	}
	return form, nil
}

// multipart writes the scalar fields as text parts (booleans true/false,
// numbers as JSON writes them, lists and objects as JSON) in name order,
// then the files as images[0], images[1], ….
func (p *ProductParams) multipart() (*transport.RawBody, error) {
	fields, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(fields, &members); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(members)) {
		if err := w.WriteField(name, formValue(members[name])); err != nil {
			return nil, err
		}
	}
	for i, f := range p.ImageFiles {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="images[%d]"; filename=%q`, i, f.Filename))
		h.Set("Content-Type", cmp.Or(f.ContentType, "application/octet-stream"))
		part, err := w.CreatePart(h)
		if err != nil {
			return nil, err
		}
		if _, err := part.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return &transport.RawBody{ContentType: w.FormDataContentType(), Bytes: buf.Bytes()}, nil
}

// formValue is a JSON member as form text: a string unquoted, anything
// else as JSON writes it.
func formValue(raw json.RawMessage) string {
	var s string
	if len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// ProductStatusParams changes a product's display, sale and stock state
// (PUT /products/{id}/status); only the fields set are sent.
type ProductStatusParams struct {
	StatusDisplay    *bool `json:"status_display,omitempty"`
	StatusSale       *bool `json:"status_sale,omitempty"`
	StatusFrozen     *bool `json:"status_frozen,omitempty"`
	UseDisplayPeriod *bool `json:"use_display_period,omitempty"`
	DisplayStartAt   Time  `json:"display_start_at,omitzero"`
	DisplayEndAt     Time  `json:"display_end_at,omitzero"`
	UseSalePeriod    *bool `json:"use_sale_period,omitempty"`
	SaleStartAt      Time  `json:"sale_start_at,omitzero"`
	SaleEndAt        Time  `json:"sale_end_at,omitzero"`
	UseStock         *bool `json:"use_stock,omitempty"`
	Stock            *int  `json:"stock,omitempty"`
}

// ProductListParams filters the product list (GET /products).
type ProductListParams struct {
	ListPage
	CategoryID  string
	ExternalUID string
	// Sort orders the list, such as "-created_at" or "-price".
	Sort string
}

type productListQuery struct {
	Page        int    `url:"page"`
	Limit       int    `url:"limit"`
	Keyword     string `url:"keyword,omitempty"`
	CategoryID  string `url:"category_id,omitempty"`
	ExternalUID string `url:"ex_uid,omitempty"`
	Sort        string `url:"sort,omitempty"`
}

func (p *ProductListParams) query(page, limit int) productListQuery {
	return productListQuery{page, limit, p.Keyword, p.CategoryID, p.ExternalUID, p.Sort}
}
