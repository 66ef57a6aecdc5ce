package commerce

import (
	"fmt"
	"log/slog"
	"strconv"

	"github.com/paykit-kr/paykit/internal/redact"
)

// User is a store's customer (고객, 회원) as Commerce returns it.
type User struct {
	UserID         string      `json:"user_id"`
	LoginID        string      `json:"login_id"`
	ExternalUID    string      `json:"external_uid"`
	MembershipType int         `json:"membership_type"` // 1 회원
	Status         int         `json:"status"`          // 1 활성
	Name           string      `json:"name"`
	Email          string      `json:"email"`
	Phone          PhoneNumber `json:"phone"`
	Tel            PhoneNumber `json:"tel"`
	Nickname       string      `json:"nickname"`
	Gender         int         `json:"gender"` // -1 unknown, 0 unspecified, 1 male, 2 female
	Birth          string      `json:"birth"`
	UserGroupID    string      `json:"user_group_id"`
	Metadata       Metadata    `json:"metadata"`
	JoinAt         Time        `json:"join_at"`
	CreatedAt      Time        `json:"created_at"`
	UpdatedAt      Time        `json:"updated_at"`
}

// Password is a login password. It prints as [REDACTED] with every fmt
// verb and in slog; JSON encoding sends it.
type Password string

// String hides the password.
func (p Password) String() string { return redact.Secret(string(p)) }

// GoString hides the password.
func (p Password) GoString() string { return strconv.Quote(p.String()) }

// LogValue hides the password in slog output.
func (p Password) LogValue() slog.Value { return slog.StringValue(p.String()) }

// Format hides the password for every fmt verb.
func (p Password) Format(f fmt.State, verb rune) { redact.Format(f, verb, p.String()) }

// UserParams describes a customer to join (POST /users/join) or the
// fields to change (PUT /users/{id}); only the fields set are sent.
type UserParams struct {
	LoginID     string         `json:"login_id,omitempty"` // 5–30 characters
	LoginPW     Password       `json:"login_pw,omitempty"`
	Name        string         `json:"name,omitempty"`
	Email       string         `json:"email,omitempty"`
	Phone       PhoneNumber    `json:"phone,omitempty"`
	Tel         PhoneNumber    `json:"tel,omitempty"`
	Nickname    string         `json:"nickname,omitempty"`
	Gender      *int           `json:"gender,omitempty"`
	Birth       string         `json:"birth,omitempty"` // YYYY-MM-DD
	ExternalUID string         `json:"external_uid,omitempty"`
	UserGroupID string         `json:"user_group_id,omitempty"`
	Metadata    map[string]any `json:"metadata,omitempty"`
}

func (p *UserParams) validate(joining bool) error {
	if joining && p.LoginID == "" && p.ExternalUID == "" {
		return &ValidationError{Gateway: "commerce", Field: "LoginID", Reason: "a new customer needs a login id or an external uid"}
	}
	if n := len([]rune(p.LoginID)); p.LoginID != "" && (n < 5 || n > 30) {
		return &ValidationError{Gateway: "commerce", Field: "LoginID", Reason: "must be 5 to 30 characters"}
	}
	return nil
}

// UserListParams filters the customer list (GET /users).
type UserListParams struct {
	ListPage
	// MembershipType keeps one membership type (sent as membership_type:
	// Commerce silently ignores the member_type older SDKs send).
	MembershipType *int
	Type           string
}

type userListQuery struct {
	Page           int    `url:"page"`
	Limit          int    `url:"limit"`
	Keyword        string `url:"keyword,omitempty"`
	MembershipType *int   `url:"membership_type,omitempty"`
	Type           string `url:"type,omitempty"`
}

func (p *UserListParams) query(page, limit int) userListQuery {
	return userListQuery{page, limit, p.Keyword, p.MembershipType, p.Type}
}

// UserToken is a signed-in customer's token (POST /users/login/token),
// to pass to WithUserJWT. The token prints masked.
type UserToken struct {
	AccessToken Password `json:"access_token"`
	ExpiredAt   Time     `json:"expired_at"`
	User        *User    `json:"user,omitempty"`
}

// UserTokenParams asks for a customer's token.
type UserTokenParams struct {
	UserID         string `json:"user_id"`
	CorporateType  int    `json:"corporate_type,omitempty"`
	MembershipType int    `json:"membership_type,omitempty"`
}

// DuplicateCheck names what a join duplicate check looks for, the {type}
// of GET /users/join/{type}.
type DuplicateCheck string

// Duplicate checks Commerce documents.
const (
	CheckEmail DuplicateCheck = "email-exist" // an email already joined
	CheckUID   DuplicateCheck = "uid-exist"   // an external uid already joined
)

type duplicateQuery struct {
	PK string `url:"pk"`
}

// DuplicateCheckResult is the answer of a join duplicate check
// (UsersService.Exists): Commerce's verdict on whether the value is
// taken, kept as received (RawJSON), since Commerce documents no shape
// for it. Unlike an Ack it is never empty: the body is the whole answer,
// so a 2xx without one (a 204, an empty 200) or with a JSON null carries
// no verdict and the call ends with a *DecodeError, never an empty result
// a caller could read as "not taken".
type DuplicateCheckResult struct {
	raw []byte
}

// UnmarshalJSON keeps the answer as received, once it is valid JSON other
// than null.
func (r *DuplicateCheckResult) UnmarshalJSON(data []byte) error { return keepAnswer(&r.raw, data) }

// RawJSON returns the answer as Commerce sent it.
func (r *DuplicateCheckResult) RawJSON() []byte { return append([]byte(nil), r.raw...) }

// CorporateType says whether a user group is a person or a company.
type CorporateType int

// Corporate types.
const (
	Individual CorporateType = 1 // 개인
	Corporate  CorporateType = 2 // 기업
)

// UserGroup is a customer group (기업/개인 그룹).
type UserGroup struct {
	UserGroupID                         string        `json:"user_group_id"`
	CorporateType                       CorporateType `json:"corporate_type"`
	CompanyName                         string        `json:"company_name"`
	BusinessNumber                      string        `json:"business_number"`
	CEOName                             string        `json:"ceo_name"`
	Email                               string        `json:"email"`
	Phone                               PhoneNumber   `json:"phone"`
	ManagerName                         string        `json:"manager_name"`
	ExternalUID                         string        `json:"external_uid"`
	Count                               int           `json:"count"`
	Status                              int           `json:"status"`
	UseLimit                            bool          `json:"use_limit"`
	UseSubscriptionAggregateTransaction bool          `json:"use_subscription_aggregate_transaction"`
	SubscriptionMonthDay                int           `json:"subscription_month_day"`
	SubscriptionWeekDay                 int           `json:"subscription_week_day"`
	CreatedAt                           Time          `json:"created_at"`
}

// UserGroupParams describes a group to create (POST /user-groups) or the
// fields to change (PUT /user-groups/{id}); only the fields set are sent.
type UserGroupParams struct {
	CorporateType  CorporateType `json:"corporate_type,omitempty"`
	CompanyName    string        `json:"company_name,omitempty"`
	BusinessNumber string        `json:"business_number,omitempty"` // required for Corporate
	CEOName        string        `json:"ceo_name,omitempty"`
	Email          string        `json:"email,omitempty"`
	Phone          PhoneNumber   `json:"phone,omitempty"`
	ManagerName    string        `json:"manager_name,omitempty"`
	ManagerPhone   PhoneNumber   `json:"manager_phone,omitempty"`
	ManagerEmail   string        `json:"manager_email,omitempty"`
	ExternalUID    string        `json:"external_uid,omitempty"`
}

func (p *UserGroupParams) validate(creating bool) error {
	switch {
	case creating && p.CorporateType != Individual && p.CorporateType != Corporate:
		return &ValidationError{Gateway: "commerce", Field: "CorporateType", Reason: "must be Individual (1) or Corporate (2)"}
	case creating && p.CorporateType == Corporate && p.BusinessNumber == "":
		return &ValidationError{Gateway: "commerce", Field: "BusinessNumber", Reason: "is required for a corporate group"}
	}
	return nil
}

// UserGroupListParams filters the group list (GET /user-groups).
type UserGroupListParams struct {
	ListPage
	CorporateType CorporateType
}

type userGroupListQuery struct {
	Page          int    `url:"page"`
	Limit         int    `url:"limit"`
	Keyword       string `url:"keyword,omitempty"`
	CorporateType int    `url:"corporate_type,omitempty"`
}

func (p *UserGroupListParams) query(page, limit int) userGroupListQuery {
	return userGroupListQuery{page, limit, p.Keyword, int(p.CorporateType)}
}

// GroupLimits are a group's purchase limits (PUT /user-groups/{id}/limit),
// under the names Commerce reads (older SDKs sent purchase_limit and
// subscribed_limit).
type GroupLimits struct {
	UseLimit           bool   `json:"use_limit"`
	LimitMonthPurchase *int64 `json:"limit_month_purchase,omitempty"`
	LimitWeekPurchase  *int64 `json:"limit_week_purchase,omitempty"`
	LimitMessage       string `json:"limit_message,omitempty"`
}

// AggregateTransaction bills a group's subscriptions together (합산 청구,
// PUT /user-groups/{id}/aggregate-transaction): on a day of the month
// (1–21 recommended) or of the week (1 Monday – 5 Friday).
type AggregateTransaction struct {
	Use      bool `json:"use_subscription_aggregate_transaction"`
	MonthDay int  `json:"subscription_month_day,omitempty"`
	WeekDay  int  `json:"subscription_week_day,omitempty"`
}

func (a *AggregateTransaction) validate() error {
	if a.MonthDay < 0 || a.MonthDay > 31 || a.WeekDay < 0 || a.WeekDay > 7 {
		return &ValidationError{Gateway: "commerce", Field: "MonthDay", Reason: "a month day is 1–31, a week day 1–7"}
	}
	return nil
}

type userIDBody struct {
	UserID string `json:"user_id"`
}
