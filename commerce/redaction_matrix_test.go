package commerce_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/commerce"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/internal/redact/redacttest"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

// commerceTypes is every exported type of package commerce. The matrix
// test fails when the package declares one that is not here, so a new
// type cannot escape it. Page is generic: its instance of orders, which
// hold card numbers, stands for it.
var commerceTypes = map[string]reflect.Type{
	"APIError":                  reflect.TypeFor[commerce.APIError](),
	"Ack":                       reflect.TypeFor[commerce.Ack](),
	"Adjustment":                reflect.TypeFor[commerce.Adjustment](),
	"AggregateTransaction":      reflect.TypeFor[commerce.AggregateTransaction](),
	"Amount":                    reflect.TypeFor[commerce.Amount](),
	"Bill":                      reflect.TypeFor[commerce.Bill](),
	"BillListParams":            reflect.TypeFor[commerce.BillListParams](),
	"BillStatus":                reflect.TypeFor[commerce.BillStatus](),
	"CancelBill":                reflect.TypeFor[commerce.CancelBill](),
	"CancelProduct":             reflect.TypeFor[commerce.CancelProduct](),
	"CancelRequestParams":       reflect.TypeFor[commerce.CancelRequestParams](),
	"CancellationList":          reflect.TypeFor[commerce.CancellationList](),
	"CancellationListError":     reflect.TypeFor[commerce.CancellationListError](),
	"CancellationListParams":    reflect.TypeFor[commerce.CancellationListParams](),
	"CancellationRequest":       reflect.TypeFor[commerce.CancellationRequest](),
	"CardData":                  reflect.TypeFor[commerce.CardData](),
	"CardNumber":                reflect.TypeFor[commerce.CardNumber](),
	"Charge":                    reflect.TypeFor[commerce.Charge](),
	"ChargeFailedError":         reflect.TypeFor[commerce.ChargeFailedError](),
	"ChargeKey":                 reflect.TypeFor[commerce.ChargeKey](),
	"ChargeMismatchError":       reflect.TypeFor[commerce.ChargeMismatchError](),
	"ChargeParams":              reflect.TypeFor[commerce.ChargeParams](),
	"ChargeUser":                reflect.TypeFor[commerce.ChargeUser](),
	"Client":                    reflect.TypeFor[commerce.Client](),
	"CorporateType":             reflect.TypeFor[commerce.CorporateType](),
	"Date":                      reflect.TypeFor[commerce.Date](),
	"DateField":                 reflect.TypeFor[commerce.DateField](),
	"DecodeError":               reflect.TypeFor[commerce.DecodeError](),
	"DuplicateCheck":            reflect.TypeFor[commerce.DuplicateCheck](),
	"DuplicateCheckResult":      reflect.TypeFor[commerce.DuplicateCheckResult](),
	"Environment":               reflect.TypeFor[commerce.Environment](),
	"ErrorCode":                 reflect.TypeFor[commerce.ErrorCode](),
	"GroupLimits":               reflect.TypeFor[commerce.GroupLimits](),
	"ImageFile":                 reflect.TypeFor[commerce.ImageFile](),
	"Invoice":                   reflect.TypeFor[commerce.Invoice](),
	"InvoiceCreateParams":       reflect.TypeFor[commerce.InvoiceCreateParams](),
	"InvoiceListParams":         reflect.TypeFor[commerce.InvoiceListParams](),
	"InvoiceProduct":            reflect.TypeFor[commerce.InvoiceProduct](),
	"InvoiceUser":               reflect.TypeFor[commerce.InvoiceUser](),
	"InvoicesService":           reflect.TypeFor[commerce.InvoicesService](),
	"ListPage":                  reflect.TypeFor[commerce.ListPage](),
	"Metadata":                  reflect.TypeFor[commerce.Metadata](),
	"Mismatch":                  reflect.TypeFor[commerce.Mismatch](),
	"MismatchError":             reflect.TypeFor[commerce.MismatchError](),
	"NetworkError":              reflect.TypeFor[commerce.NetworkError](),
	"Option":                    reflect.TypeFor[commerce.Option](),
	"Order":                     reflect.TypeFor[commerce.Order](),
	"OrderCancellationsService": reflect.TypeFor[commerce.OrderCancellationsService](),
	"OrderListParams":           reflect.TypeFor[commerce.OrderListParams](),
	"OrderMonthParams":          reflect.TypeFor[commerce.OrderMonthParams](),
	"OrderProduct":              reflect.TypeFor[commerce.OrderProduct](),
	"OrderStatus":               reflect.TypeFor[commerce.OrderStatus](),
	"OrderSubscription":         reflect.TypeFor[commerce.OrderSubscription](),
	"OrderSubscriptions":        reflect.TypeFor[commerce.OrderSubscriptions](),
	"OrderUser":                 reflect.TypeFor[commerce.OrderUser](),
	"OrdersService":             reflect.TypeFor[commerce.OrdersService](),
	"OutcomeUnknownError":       reflect.TypeFor[commerce.OutcomeUnknownError](),
	"Page":                      reflect.TypeFor[commerce.Page[commerce.Order]](),
	"Password":                  reflect.TypeFor[commerce.Password](),
	"PauseParams":               reflect.TypeFor[commerce.PauseParams](),
	"PauseRequest":              reflect.TypeFor[commerce.PauseRequest](),
	"PhoneNumber":               reflect.TypeFor[commerce.PhoneNumber](),
	"Product":                   reflect.TypeFor[commerce.Product](),
	"ProductListParams":         reflect.TypeFor[commerce.ProductListParams](),
	"ProductParams":             reflect.TypeFor[commerce.ProductParams](),
	"ProductStatusParams":       reflect.TypeFor[commerce.ProductStatusParams](),
	"ProductsService":           reflect.TypeFor[commerce.ProductsService](),
	"PurchaseRequest":           reflect.TypeFor[commerce.PurchaseRequest](),
	"RateLimitError":            reflect.TypeFor[commerce.RateLimitError](),
	"ReceiptStatus":             reflect.TypeFor[commerce.ReceiptStatus](),
	"RequestOption":             reflect.TypeFor[commerce.RequestOption](),
	"ResponseMeta":              reflect.TypeFor[commerce.ResponseMeta](),
	"ResponseTooLargeError":     reflect.TypeFor[commerce.ResponseTooLargeError](),
	"ResultData":                reflect.TypeFor[commerce.ResultData](),
	"ResumeRequest":             reflect.TypeFor[commerce.ResumeRequest](),
	"RetryPolicy":               reflect.TypeFor[commerce.RetryPolicy](),
	"Role":                      reflect.TypeFor[commerce.Role](),
	"SendType":                  reflect.TypeFor[commerce.SendType](),
	"Store":                     reflect.TypeFor[commerce.Store](),
	"StoreService":              reflect.TypeFor[commerce.StoreService](),
	"Subscription":              reflect.TypeFor[commerce.Subscription](),
	"SubscriptionBillingType":   reflect.TypeFor[commerce.SubscriptionBillingType](),
	"SubscriptionBillsService":  reflect.TypeFor[commerce.SubscriptionBillsService](),
	"SubscriptionListParams":    reflect.TypeFor[commerce.SubscriptionListParams](),
	"SubscriptionPage":          reflect.TypeFor[commerce.SubscriptionPage](),
	"SubscriptionStatus":        reflect.TypeFor[commerce.SubscriptionStatus](),
	"SubscriptionTarget":        reflect.TypeFor[commerce.SubscriptionTarget](),
	"SubscriptionUpdateParams":  reflect.TypeFor[commerce.SubscriptionUpdateParams](),
	"SubscriptionsService":      reflect.TypeFor[commerce.SubscriptionsService](),
	"TerminateParams":           reflect.TypeFor[commerce.TerminateParams](),
	"TerminationCalc":           reflect.TypeFor[commerce.TerminationCalc](),
	"TerminationFee":            reflect.TypeFor[commerce.TerminationFee](),
	"TerminationRequest":        reflect.TypeFor[commerce.TerminationRequest](),
	"Time":                      reflect.TypeFor[commerce.Time](),
	"TransferRequest":           reflect.TypeFor[commerce.TransferRequest](),
	"User":                      reflect.TypeFor[commerce.User](),
	"UserGroup":                 reflect.TypeFor[commerce.UserGroup](),
	"UserGroupListParams":       reflect.TypeFor[commerce.UserGroupListParams](),
	"UserGroupParams":           reflect.TypeFor[commerce.UserGroupParams](),
	"UserGroupsService":         reflect.TypeFor[commerce.UserGroupsService](),
	"UserListParams":            reflect.TypeFor[commerce.UserListParams](),
	"UserParams":                reflect.TypeFor[commerce.UserParams](),
	"UserToken":                 reflect.TypeFor[commerce.UserToken](),
	"UserTokenParams":           reflect.TypeFor[commerce.UserTokenParams](),
	"UsersService":              reflect.TypeFor[commerce.UsersService](),
	"ValidationError":           reflect.TypeFor[commerce.ValidationError](),
	"VerifyParams":              reflect.TypeFor[commerce.VerifyParams](),
	"WebhookContentType":        reflect.TypeFor[commerce.WebhookContentType](),
}

// Planted values of the matrix.
var (
	plantedCommerceSecret = redacttest.Secret("commerce-secret-key")
	plantedPassword       = redacttest.Secret("commerce-login-password")
	plantedUserToken      = redacttest.Secret("commerce-user-token")
	plantedChargeKey      = redacttest.Secret("commerce-charge-key")
	// plantedCommercePhone is a buyer's phone number; its digits are
	// distinctive, so a fragment found is a leak (only the last four
	// digits may show).
	plantedCommercePhone commerce.PhoneNumber = "01073529163"
)

// TestRedactionMatrix plants card numbers (in four spellings), phone
// numbers, a password, a user token, a charge key and the secret key in
// every exported type of the package — orders decoded from sandbox
// responses, a client built with the planted secret, customers, groups,
// charges and errors of calls that sent planted values, and a populated
// value of every type — and prints each, a pointer to it and structs,
// slices and maps holding it with every fmt verb and through slog's text
// and JSON handlers. No output may hold any fragment of a planted value.
func TestRedactionMatrix(t *testing.T) {
	redacttest.RequireEveryType(t, commerceTypes, ".")

	srv := commercetest.NewServer(commercetest.WithCredentials("ck-public-0001", plantedCommerceSecret))
	defer srv.Close()
	var logs redacttest.LogBuffer
	c, err := commerce.NewClient("ck-public-0001", plantedCommerceSecret, commerce.WithBaseURL(srv.URL()), commerce.WithHTTPClient(srv.Client()),
		commerce.WithRetryPolicy(sandboxtest.FastRetries()), commerce.WithTimeout(sandboxtest.AttemptTimeout),
		commerce.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	require.NoError(t, err)

	values, chargeKey := realisticCommerceValues(t, srv, c)
	values["Client"] = append(values["Client"], *c)
	for name, svc := range map[string]any{
		"OrdersService": *c.Orders, "OrderCancellationsService": *c.OrderCancellations, "InvoicesService": *c.Invoices,
		"SubscriptionsService": *c.Subscriptions, "SubscriptionBillsService": *c.SubscriptionBills, "ProductsService": *c.Products,
		"UsersService": *c.Users, "UserGroupsService": *c.UserGroups, "StoreService": *c.Store,
	} {
		values[name] = append(values[name], svc)
	}

	detector := redacttest.NewDetector(plantedCommerceSecret, plantedPassword, plantedUserToken, plantedChargeKey, string(chargeKey))
	detector.Add(string(plantedCommercePhone))
	planted := plantEveryMaskedLeaf(values, detector)
	for _, name := range []string{"PhoneNumber", "Password", "ChargeKey", "OrderUser", "Order", "User", "UserToken", "UserGroup",
		"UserParams", "UserGroupParams", "InvoiceUser", "InvoiceCreateParams", "ChargeUser", "ChargeParams", "TransferRequest"} {
		require.Contains(t, planted, name, "a populated %s holds a planted phone number, password or charge key", name)
	}
	redacttest.Matrix{
		Types:    commerceTypes,
		Values:   values,
		Holders:  commerceHolders(c, values["Order"][0].(commerce.Order)),
		Detector: detector,
		// Phone numbers, passwords and charge keys are planted by the
		// realistic values above; the Filler plants card numbers and
		// fields named as tokens.
		Holding: []string{"Order", "ResultData", "CardData", "CardNumber", "Page", "UserToken", "MismatchError"},
	}.Check(t)

	require.Contains(t, logs.String(), "users.join", "the client logged its calls")
	if frag, value, found := detector.Find(logs.String()); found {
		t.Errorf("the client's log holds %q of %q", frag, value)
	}
}

// realisticCommerceValues returns, by type name, values the client
// produced against the sandbox from responses and requests holding
// planted values, under "error" the errors of calls that sent planted
// values, and the charge key the sandbox issued.
func realisticCommerceValues(t *testing.T, srv *commercetest.Server, c *commerce.Client) (map[string][]any, commerce.ChargeKey) {
	ctx := context.Background()
	out := map[string][]any{}
	add := func(name string, v any) { out[name] = append(out[name], v) }

	var orders []*commerce.Order
	for _, number := range redacttest.CardSpellings {
		ref := srv.CreateOrder(commercetest.OrderSpec{Price: 15000, CardNo: number, Metadata: map[string]any{"order_id": "m-1"}})
		o, err := c.Orders.Get(ctx, ref.OrderNumber)
		require.NoError(t, err)
		require.Equal(t, number, o.Card().Reveal(), "the order really holds the planted number")
		orders = append(orders, o)
		add("Order", *o)
		add("ResultData", *o.ResultData)
		add("CardData", *o.ResultData.CardData)
		add("CardNumber", o.ResultData.CardData.CardNo)
	}
	page, err := c.Orders.List(ctx, commerce.OrderListParams{})
	require.NoError(t, err)
	add("Page", *page)

	// A buyer with a phone number, as an order carries one.
	srv.Inject(commercetest.OpOrderGet, commercetest.Faults.Status(http.StatusOK, `{"order_id":"`+orders[0].OrderID+`","order_number":"`+
		orders[0].OrderNumber+`","price":15000,"status":2,"receipt_status":1,"user":{"user_id":"u1","phone":"`+string(plantedCommercePhone)+`"}}`), 1)
	bought, err := c.Orders.Get(ctx, orders[0].OrderNumber)
	require.NoError(t, err)
	require.Equal(t, string(plantedCommercePhone), bought.User.Phone.Reveal())
	add("Order", *bought)
	add("OrderUser", *bought.User)
	add("PhoneNumber", bought.User.Phone)

	join := commerce.UserParams{LoginID: "buyer-1", LoginPW: commerce.Password(plantedPassword), Phone: plantedCommercePhone, Tel: plantedCommercePhone}
	add("UserParams", join)
	user, err := c.Users.Join(ctx, join)
	require.NoError(t, err)
	require.Equal(t, string(plantedCommercePhone), user.Phone.Reveal())
	add("User", *user)
	add("UserToken", commerce.UserToken{AccessToken: commerce.Password(plantedUserToken), User: user})
	add("Password", commerce.Password(plantedPassword))
	group := commerce.UserGroupParams{CorporateType: 1, CompanyName: "페이킷", Phone: plantedCommercePhone, ManagerPhone: plantedCommercePhone}
	add("UserGroupParams", group)
	g, err := c.UserGroups.Create(ctx, group)
	require.NoError(t, err)
	add("UserGroup", *g)
	users, err := c.Users.List(ctx, commerce.UserListParams{})
	require.NoError(t, err)
	require.NotEmpty(t, users.Items)
	add("Page", *users) // the table's instance of Page is of orders

	invoice := commerce.InvoiceCreateParams{Name: "플랜", Price: 29900, Metadata: map[string]any{"order_id": "m-2"},
		User: &commerce.InvoiceUser{Phone: plantedCommercePhone}}
	add("InvoiceCreateParams", invoice)
	add("InvoiceUser", *invoice.User)
	inv, err := c.Invoices.Create(ctx, invoice)
	require.NoError(t, err)
	add("Invoice", *inv)

	contract := srv.CreateSubscription(commercetest.ContractSpec{})
	charge := commerce.ChargeParams{ChargeKey: contract.ChargeKey, Price: 5000, Metadata: map[string]any{"order_id": "m-3"},
		User: &commerce.ChargeUser{Phone: plantedCommercePhone}}
	add("ChargeParams", charge)
	add("ChargeUser", *charge.User)
	add("ChargeKey", contract.ChargeKey)
	ch, err := c.Subscriptions.Charge(ctx, charge)
	require.NoError(t, err)
	add("Charge", *ch)
	add("ChargeFailedError", commerce.ChargeFailedError{Reference: "m-3", Charge: ch})
	add("ChargeMismatchError", commerce.ChargeMismatchError{Reference: "m-3", Requested: 1, Charge: ch})
	add("TransferRequest", commerce.TransferRequest{NewUserPhone: plantedCommercePhone})

	_, err = c.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: orders[1].OrderNumber, Amount: 1, MerchantOrderID: "m-1"})
	// Answers kept as received (RawJSON), decoded as the client decodes
	// them: the store's, which may hold its settlement account, and an
	// acknowledgement echoing a buyer's phone.
	var store commerce.Store
	require.NoError(t, json.Unmarshal([]byte(`{"store_id":"s-1","project_id":"p-1","name":"페이킷","settlement":{"bank_account":"`+
		redacttest.Account+`","phone":"`+string(plantedCommercePhone)+`"}}`), &store))
	require.Contains(t, string(store.RawJSON()), redacttest.Account)
	add("Store", store)
	var ack commerce.Ack
	require.NoError(t, json.Unmarshal([]byte(`{"success":true,"data":{"phone":"`+string(plantedCommercePhone)+`","card_no":"`+redacttest.CardDigits+`"}}`), &ack))
	add("Ack", ack)
	var check commerce.DuplicateCheckResult
	require.NoError(t, json.Unmarshal([]byte(`{"exist":true,"phone":"`+string(plantedCommercePhone)+`"}`), &check))
	add("DuplicateCheckResult", check)

	var mismatch *commerce.MismatchError
	require.ErrorAs(t, err, &mismatch)
	add("MismatchError", *mismatch)
	add("error", err)

	// Errors of calls that sent planted values.
	errs := map[string]error{}
	srv.Inject(commercetest.OpCancelList, commercetest.Faults.Status(http.StatusNotFound,
		`{"success":false,"error_code":"ORDER_CANCEL_REQUEST_NOT_FOUND","message":"`+redacttest.CardDigits+`"}`), 1)
	_, errs["list"] = c.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: orders[2].OrderNumber, Amount: 15000, MerchantOrderID: "m-1"})
	_, errs["bad id"] = c.Orders.Get(ctx, redacttest.CardDashed+"\n")
	srv.Inject(commercetest.OpUserJoin, commercetest.Faults.CloseAfterApply(), 1)
	srv.Inject(commercetest.OpUserJoin, commercetest.Faults.Status(http.StatusBadRequest, `{"status":400,"code":"API_PARAM_INVALID","message":"`+string(plantedCommercePhone)+`"}`), -1)
	_, errs["outcome unknown"] = c.Users.Join(ctx, commerce.UserParams{LoginID: "buyer-2", LoginPW: commerce.Password(plantedPassword), Phone: plantedCommercePhone})
	srv.ClearFaults()
	revoked := srv.CreateSubscription(commercetest.ContractSpec{})
	_, err = c.Subscriptions.RevokeChargeKey(ctx, revoked.ChargeKey, &commerce.ChargeUser{Phone: plantedCommercePhone})
	require.NoError(t, err)
	_, errs["revoked key"] = c.Subscriptions.Charge(ctx, commerce.ChargeParams{ChargeKey: revoked.ChargeKey, Price: 1, Metadata: map[string]any{"order_id": "m-4"}})
	// Answers that are not what Commerce documents: a card number where an
	// amount belongs (the error quotes it masked), a negative refund, an
	// answer about another cancellation. Ids and amounts the errors quote
	// are no masked leaves: they print as received.
	srv.Inject(commercetest.OpOrderGet, commercetest.Faults.Status(http.StatusOK, `{"order_id":"`+orders[3].OrderID+
		`","order_number":"`+orders[3].OrderNumber+`","price":`+redacttest.CardDigits+`.5,"status":2,"receipt_status":1}`), 1)
	_, errs["bad amount"] = c.Orders.Get(ctx, orders[3].OrderNumber)
	srv.Inject(commercetest.OpCancelList, commercetest.Faults.Status(http.StatusOK,
		`[{"cancel_id":"refund-0","cancel_price":-1000,"action_at":"2025-07-01T00:00:00Z"}]`), 1)
	_, errs["negative refund"] = c.Orders.Verify(ctx, commerce.VerifyParams{OrderNumber: orders[3].OrderNumber, Amount: 15000, MerchantOrderID: "m-1"})
	srv.Inject(commercetest.OpCancelRequest, commercetest.Faults.Status(http.StatusOK, `{"cancel_id":"refund-0","cancel_price":100}`), 1)
	_, errs["another cancellation"] = c.OrderCancellations.Request(ctx, commerce.CancelRequestParams{OrderNumber: orders[3].OrderNumber,
		CancelID: "refund-1", Price: 100, TaxFreePrice: 10})
	sandboxtest.Settle(t, srv)
	for name, err := range errs {
		require.Error(t, err, name)
		add("error", err)
	}

	var listErr *commerce.CancellationListError
	require.ErrorAs(t, errs["list"], &listErr)
	add("CancellationListError", *listErr)
	var unknown *commerce.OutcomeUnknownError
	require.ErrorAs(t, errs["outcome unknown"], &unknown)
	add("OutcomeUnknownError", *unknown)
	var apiErr *commerce.APIError
	require.ErrorAs(t, errs["list"], &apiErr)
	add("APIError", *apiErr)
	var invalid *commerce.ValidationError
	require.ErrorAs(t, errs["bad id"], &invalid)
	add("ValidationError", *invalid)
	for _, name := range []string{"bad amount", "negative refund"} {
		var derr *commerce.DecodeError
		require.ErrorAs(t, errs[name], &derr, name)
		add("DecodeError", *derr)
	}
	require.ErrorAs(t, errs["negative refund"], &listErr)
	add("CancellationListError", *listErr)
	require.ErrorAs(t, errs["another cancellation"], &unknown)
	add("OutcomeUnknownError", *unknown)
	return out, contract.ChargeKey
}

// commerceHolders are structs of a caller's program that keep commerce
// values: embedded (their methods promoted), in exported and unexported
// fields. reflect cannot build these.
func commerceHolders(c *commerce.Client, o commerce.Order) map[string]any {
	// A masked type in an unexported field of yours (a CardNumber, say)
	// is printed by fmt without its methods: no type can mask itself
	// there, so only the values the package keeps behind pointers are
	// held so here. JSON encoding keeps card numbers (requests need
	// them), so a struct of yours holding a CardData in a named field
	// shows it in slog's JSON handler: the package documents that.
	type keeps struct {
		client *commerce.Client
		c      commerce.Client
		order  commerce.Order
	}
	return map[string]any{
		"a struct embedding a Client":     struct{ commerce.Client }{*c},
		"a struct embedding a *Client":    struct{ *commerce.Client }{c},
		"a struct with a Client field":    struct{ C commerce.Client }{*c},
		"a struct embedding an Order":     struct{ commerce.Order }{o},
		"a struct embedding a *Order":     struct{ *commerce.Order }{&o},
		"a struct embedding a *CardData":  struct{ *commerce.CardData }{o.ResultData.CardData},
		"a struct with unexported fields": keeps{client: c, c: *c, order: o},
	}
}

// plantEveryMaskedLeaf adds to values, for every type of the table that
// holds one at any depth, a populated value (redacttest.Filler) whose
// phone numbers, passwords and charge keys hold planted values, which the
// Filler, planting card numbers and secrets by type and field name, leaves
// as ordinary text. It returns the names of those types.
func plantEveryMaskedLeaf(values map[string][]any, d *redacttest.Detector) []string {
	leaves := map[reflect.Type]string{
		reflect.TypeFor[commerce.PhoneNumber](): string(plantedCommercePhone),
		reflect.TypeFor[commerce.Password]():    plantedPassword,
		reflect.TypeFor[commerce.ChargeKey]():   plantedChargeKey,
	}
	types := make([]reflect.Type, 0, len(commerceTypes))
	for _, t := range commerceTypes {
		types = append(types, t)
	}
	filler := &redacttest.Filler{Types: types, Detector: d}
	var names []string
	for name, t := range commerceTypes {
		v := filler.Fill(t)
		if plantLeaves(v, leaves) {
			values[name] = append(values[name], v.Interface())
			names = append(names, name)
		}
	}
	return names
}

// plantLeaves sets every string of a type in leaves, at any depth of v,
// to its planted value, and reports whether there was one.
func plantLeaves(v reflect.Value, leaves map[reflect.Type]string) bool {
	switch v.Kind() {
	case reflect.String:
		s, ok := leaves[v.Type()]
		if ok && v.CanSet() {
			v.SetString(s)
		}
		return ok
	case reflect.Pointer:
		return !v.IsNil() && plantLeaves(v.Elem(), leaves)
	case reflect.Struct:
		found := false
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				found = plantLeaves(v.Field(i), leaves) || found
			}
		}
		return found
	case reflect.Slice:
		found := false
		for i := range v.Len() {
			found = plantLeaves(v.Index(i), leaves) || found
		}
		return found
	case reflect.Map, reflect.Interface:
		return plantCopies(v, leaves)
	}
	return false
}

// plantCopies plants in the elements of a map or an interface, which are
// not addressable, through copies put back in place.
func plantCopies(v reflect.Value, leaves map[reflect.Type]string) bool {
	if v.IsNil() {
		return false
	}
	put := func(x reflect.Value, set func(reflect.Value)) bool {
		c := reflect.New(x.Type()).Elem()
		c.Set(x)
		if !plantLeaves(c, leaves) {
			return false
		}
		set(c)
		return true
	}
	if v.Kind() == reflect.Interface {
		return v.CanSet() && put(v.Elem(), v.Set)
	}
	found := false
	for _, k := range v.MapKeys() {
		found = put(v.MapIndex(k), func(c reflect.Value) { v.SetMapIndex(k, c) }) || found
	}
	return found
}
