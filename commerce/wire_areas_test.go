package commerce

import (
	"context"
	"time"
)

const (
	subscriptionJSON = `{"order_subscription_id":"s1","status":1,"price":9900}`
	listJSON         = `{"list":[],"count":0}`
)

func ptrTo[T any](v T) *T { return &v }

// areaWireCases are the wire cases of subscriptions, bills, products,
// users, user groups and the store: each call's method, path, query, body
// field names (optional ones left out), role and keyed-ness.
func areaWireCases() []wireCase {
	day := Time{time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC)}
	return []wireCase{
		{name: "subscriptions.list", method: "GET", path: "/v1/order_subscriptions", role: "user", reply: `{"count":0,"total":0,"sum_active":3,"ing_pause":1}`,
			query: "e_at=2025-07-31&limit=20&order_number=N-1&page=1&s_at=2025-07-01&status=1%2C-2&user_id=u1",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.List(ctx, SubscriptionListParams{From: Date{2025, 7, 1}, To: Date{2025, 7, 31},
					Statuses: []SubscriptionStatus{SubscriptionActive, SubscriptionPaused}, OrderNumber: "N-1", UserID: "u1"})
				return err
			}},
		{name: "subscriptions.get", method: "GET", path: "/v1/order_subscriptions/s1", role: "user", reply: subscriptionJSON,
			call: func(ctx context.Context, c *Client) error { _, err := c.Subscriptions.Get(ctx, "s1"); return err }},
		{name: "subscriptions.update", method: "PUT", path: "/v1/order_subscriptions/s1", role: "supervisor", keyed: true, reply: subscriptionJSON,
			body: map[string]any{"price": 12000.0, "memo": "re-priced"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.Update(ctx, "s1", SubscriptionUpdateParams{Price: 12000, Memo: "re-priced"})
				return err
			}},
		{name: "subscriptions.approve", method: "PUT", path: "/v1/order_subscriptions/s1/approve", role: "supervisor", reply: subscriptionJSON,
			body: map[string]any{},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.Approve(ctx, "s1", "")
				return err
			}},
		{name: "subscriptions.reject", method: "PUT", path: "/v1/order_subscriptions/s1/reject", role: "supervisor", reply: subscriptionJSON,
			body: map[string]any{"reason": "no stock"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.Reject(ctx, "s1", "no stock")
				return err
			}},
		{name: "subscriptions.terminate", method: "PUT", path: "/v1/order_subscriptions/s1/terminate", role: "supervisor", reply: subscriptionJSON,
			body: map[string]any{"reason": "moving", "termination_fee": 0.0},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.Terminate(ctx, "s1", TerminateParams{Reason: "moving", TerminationFee: ptrTo[int64](0)})
				return err
			}},
		{name: "subscriptions.pause", method: "PUT", path: "/v1/order_subscriptions/s1/pause", role: "supervisor", reply: subscriptionJSON,
			body: map[string]any{"reason": "trip", "paused_at": "2025-08-01T00:00:00Z"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.Pause(ctx, "s1", PauseParams{Reason: "trip", PausedAt: day})
				return err
			}},
		{name: "subscriptions.resume", method: "PUT", path: "/v1/order_subscriptions/s1/resume", role: "supervisor", reply: subscriptionJSON,
			body: map[string]any{"reason": "back"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.Resume(ctx, "s1", "back")
				return err
			}},
		{name: "subscriptions.charge", method: "POST", path: "/v1/order_subscriptions/charge", role: "supervisor", keyed: false,
			reply: `{"order_id":"o9","order_number":"N-9","price":5000,"receipt_id":"r9"}`,
			body: map[string]any{"charge_key": "ck-secret", "price": 5000.0, "user": map[string]any{"user_id": "u1"},
				"metadata": map[string]any{"order_id": "m-9"}},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.Charge(ctx, ChargeParams{ChargeKey: "ck-secret", Price: 5000, User: &ChargeUser{UserID: "u1"},
					Metadata: map[string]any{"order_id": "m-9"}})
				return err
			}},
		{name: "subscriptions.revoke_charge_key", method: "DELETE", path: "/v1/order_subscriptions/charge", role: "supervisor", keyed: true, reply: `{}`,
			body: map[string]any{"charge_key": "ck-secret"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.RevokeChargeKey(ctx, "ck-secret", nil)
				return err
			}},
		{name: "subscriptions.request_pause", method: "POST", path: "/v1/order_subscriptions/requests/ing/pause", role: "user", reply: `{}`,
			body: map[string]any{"order_number": "N-1", "reason": "trip"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.RequestPause(ctx, PauseRequest{SubscriptionTarget: SubscriptionTarget{OrderNumber: "N-1"}, Reason: "trip"})
				return err
			}},
		{name: "subscriptions.request_resume", method: "PUT", path: "/v1/order_subscriptions/requests/ing/resume", role: "user", reply: `{}`,
			body: map[string]any{"order_subscription_id": "s1", "resume_at": "2025-08-01T00:00:00Z"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.RequestResume(ctx, ResumeRequest{SubscriptionTarget: SubscriptionTarget{OrderSubscriptionID: "s1"}, ResumeAt: day})
				return err
			}},
		{name: "subscriptions.request_purchase", method: "POST", path: "/v1/order_subscriptions/requests/ing/purchase", role: "user", reply: `{}`,
			body: map[string]any{"order_subscription_id": "s1", "price": 300000.0},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.RequestPurchase(ctx, PurchaseRequest{SubscriptionTarget: SubscriptionTarget{OrderSubscriptionID: "s1"}, Price: 300000})
				return err
			}},
		{name: "subscriptions.request_transfer", method: "POST", path: "/v1/order_subscriptions/requests/ing/transfer", role: "user", reply: `{}`,
			body: map[string]any{"order_subscription_id": "s1", "new_user_id": "u2"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.RequestTransfer(ctx, TransferRequest{OrderSubscriptionID: "s1", NewUserID: "u2"})
				return err
			}},
		{name: "subscriptions.request_termination", method: "POST", path: "/v1/order_subscriptions/requests/ing/termination", role: "user", reply: `{}`,
			body: map[string]any{"order_subscription_id": "s1", "final_fee": 1000.0, "reason": "done"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.RequestTermination(ctx, TerminationRequest{SubscriptionTarget: SubscriptionTarget{OrderSubscriptionID: "s1"},
					FinalFee: ptrTo[int64](1000), Reason: "done"})
				return err
			}},
		{name: "subscriptions.termination_fee", method: "GET", path: "/v1/order_subscriptions/requests/ing/calculate_termination_fee", role: "user",
			query: "order_number=N-1&order_subscription_id=s1", reply: `{"termination":{"final_fee":1000},"has_pending_request":false}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.TerminationFee(ctx, SubscriptionTarget{OrderSubscriptionID: "s1", OrderNumber: "N-1"})
				return err
			}},
		{name: "subscriptions.add_adjustment", method: "POST", path: "/v1/order_subscriptions/s1/adjustments", role: "supervisor", reply: `{}`,
			body: map[string]any{"name": "summer", "price": -1000.0, "duration_from": 2.0, "duration_to": 3.0, "type": 1.0},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.AddAdjustment(ctx, "s1", Adjustment{Name: "summer", Price: -1000, DurationFrom: 2, DurationTo: 3, Type: 1})
				return err
			}},
		{name: "subscriptions.replace_adjustments", method: "PUT", path: "/v1/order_subscriptions/s1/adjustments", role: "supervisor", keyed: true, reply: `{}`,
			body: map[string]any{"duration": 2.0, "adjustments": []any{}},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.ReplaceAdjustments(ctx, "s1", 2, nil)
				return err
			}},
		{name: "subscriptions.delete_adjustment", method: "DELETE", path: "/v1/order_subscriptions/s1/adjustments", role: "supervisor", keyed: true, reply: `{}`,
			body: map[string]any{"order_subscription_adjustment_id": "a1"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Subscriptions.DeleteAdjustment(ctx, "s1", "a1")
				return err
			}},
		{name: "subscription_bills.list", method: "GET", path: "/v1/order_subscription_bills", role: "user", reply: listJSON,
			query: "limit=20&order_subscription_id=s1&page=1&status=-1%2C2",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.SubscriptionBills.List(ctx, BillListParams{OrderSubscriptionID: "s1", Statuses: []BillStatus{BillFailed, BillReady}})
				return err
			}},
		{name: "subscription_bills.get", method: "GET", path: "/v1/order_subscription_bills/b1", role: "user", reply: `{"order_subscription_bill_id":"b1"}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.SubscriptionBills.Get(ctx, "b1"); return err }},
		{name: "products.list", method: "GET", path: "/v1/products", role: "user", reply: listJSON,
			query: "category_id=c1&keyword=tea&limit=20&page=1&sort=-price",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Products.List(ctx, ProductListParams{ListPage: ListPage{Keyword: "tea"}, CategoryID: "c1", Sort: "-price"})
				return err
			}},
		{name: "products.get", method: "GET", path: "/v1/products/p1", role: "user", reply: `{"product_id":"p1"}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.Products.Get(ctx, "p1"); return err }},
		{name: "products.create", method: "POST", path: "/v1/products", role: "manager", reply: `{"product_id":"p1"}`,
			body: map[string]any{"name": "녹차", "display_price": 12000.0, "status_sale": false, "ex_uid": "sku-1"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Products.Create(ctx, ProductParams{Name: "녹차", DisplayPrice: ptrTo[int64](12000), StatusSale: ptrTo(false), ExternalUID: "sku-1"})
				return err
			}},
		{name: "products.update", method: "PUT", path: "/v1/products/p1", role: "manager", keyed: true, reply: `{"product_id":"p1"}`,
			body: map[string]any{"desc": "new"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Products.Update(ctx, "p1", ProductParams{Description: "new"})
				return err
			}},
		{name: "products.status", method: "PUT", path: "/v1/products/p1/status", role: "manager", reply: `{}`,
			body: map[string]any{"status_display": true, "stock": 0.0},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Products.SetStatus(ctx, "p1", ProductStatusParams{StatusDisplay: ptrTo(true), Stock: ptrTo(0)})
				return err
			}},
		{name: "products.delete", method: "DELETE", path: "/v1/products/p1", role: "manager", keyed: true, reply: `{}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.Products.Delete(ctx, "p1"); return err }},
		{name: "users.join", method: "POST", path: "/v1/users/join", role: "user", reply: `{"user_id":"u1"}`,
			body: map[string]any{"login_id": "buyer01", "login_pw": "pw-secret", "email": "b@example.com"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Users.Join(ctx, UserParams{LoginID: "buyer01", LoginPW: "pw-secret", Email: "b@example.com"})
				return err
			}},
		{name: "users.check", method: "GET", path: "/v1/users/join/email-exist", role: "user", query: "pk=b%40example.com", reply: `{"exist":false}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Users.Exists(ctx, CheckEmail, "b@example.com")
				return err
			}},
		{name: "users.get", method: "GET", path: "/v1/users/u1", role: "user", reply: `{"user_id":"u1"}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.Users.Get(ctx, "u1"); return err }},
		{name: "users.list", method: "GET", path: "/v1/users", role: "user", reply: listJSON, query: "limit=20&membership_type=1&page=1",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Users.List(ctx, UserListParams{MembershipType: ptrTo(1)})
				return err
			}},
		{name: "users.update", method: "PUT", path: "/v1/users/u1", role: "user", reply: `{"user_id":"u1"}`,
			body: map[string]any{"nickname": "tea"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Users.Update(ctx, "u1", UserParams{Nickname: "tea"})
				return err
			}},
		{name: "users.delete", method: "DELETE", path: "/v1/users/u1", role: "user", reply: `{}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.Users.Delete(ctx, "u1"); return err }},
		{name: "users.token", method: "POST", path: "/v1/users/login/token", role: "user", reply: `{"access_token":"jwt"}`,
			body: map[string]any{"user_id": "u1"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Users.Token(ctx, UserTokenParams{UserID: "u1"})
				return err
			}},
		{name: "user_groups.create", method: "POST", path: "/v1/user-groups", role: "user", reply: `{"user_group_id":"g1"}`,
			body: map[string]any{"corporate_type": 2.0, "company_name": "차상회", "business_number": "1234567890"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UserGroups.Create(ctx, UserGroupParams{CorporateType: Corporate, CompanyName: "차상회", BusinessNumber: "1234567890"})
				return err
			}},
		{name: "user_groups.list", method: "GET", path: "/v1/user-groups", role: "user", reply: listJSON, query: "corporate_type=2&limit=20&page=1",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UserGroups.List(ctx, UserGroupListParams{CorporateType: Corporate})
				return err
			}},
		{name: "user_groups.get", method: "GET", path: "/v1/user-groups/g1", role: "user", reply: `{"user_group_id":"g1"}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.UserGroups.Get(ctx, "g1"); return err }},
		{name: "user_groups.update", method: "PUT", path: "/v1/user-groups/g1", role: "user", reply: `{"user_group_id":"g1"}`,
			body: map[string]any{"ceo_name": "김"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UserGroups.Update(ctx, "g1", UserGroupParams{CEOName: "김"})
				return err
			}},
		{name: "user_groups.add_user", method: "POST", path: "/v1/user-groups/g1/user", role: "manager", reply: `{}`,
			body: map[string]any{"user_id": "u1"},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UserGroups.AddUser(ctx, "g1", "u1")
				return err
			}},
		{name: "user_groups.remove_user", method: "DELETE", path: "/v1/user-groups/g1/user/u1", role: "manager", reply: `{}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UserGroups.RemoveUser(ctx, "g1", "u1")
				return err
			}},
		{name: "user_groups.limit", method: "PUT", path: "/v1/user-groups/g1/limit", role: "manager", keyed: true, reply: `{}`,
			body: map[string]any{"use_limit": true, "limit_month_purchase": 500000.0},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UserGroups.SetLimits(ctx, "g1", GroupLimits{UseLimit: true, LimitMonthPurchase: ptrTo[int64](500000)})
				return err
			}},
		{name: "user_groups.aggregate_transaction", method: "PUT", path: "/v1/user-groups/g1/aggregate-transaction", role: "manager", keyed: true, reply: `{}`,
			body: map[string]any{"use_subscription_aggregate_transaction": true, "subscription_month_day": 10.0},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UserGroups.SetAggregateTransaction(ctx, "g1", AggregateTransaction{Use: true, MonthDay: 10})
				return err
			}},
		{name: "store.info", method: "GET", path: "/v1/store", role: "user", reply: `{"name":"차상회"}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.Store.Info(ctx); return err }},
		{name: "store.webhook_test", method: "POST", path: "/v1/webhook/test", role: "user", reply: `{}`,
			body: map[string]any{"header_content_type": 2.0},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Store.TestWebhook(ctx, WebhookJSON)
				return err
			}},
	}
}
