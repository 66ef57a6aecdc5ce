package bootpay_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/internal/redact/redacttest"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
)

// TestNoSecretsAnywhere runs every operation under every fault, in both
// auth modes, with a debug logger, and checks that no secret key, private
// key, access token or full card number appears in the log, in any error
// string, or in the printed client, auth and receipts.
func TestNoSecretsAnywhere(t *testing.T) {
	const (
		secretKey  = "sk-very-secret-0123456789abcdef"
		privateKey = "pk-very-private-0123456789abcdef="
		cardNumber = "5365101234561234"
		account    = "110234567890"
	)
	srv := bootpaytest.NewServer(
		bootpaytest.WithBasicCredentials("ck-public", secretKey),
		bootpaytest.WithTokenCredentials("app-public", privateKey),
	)
	defer srv.Close()

	var logs redacttest.LogBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	clients := map[string]*bootpay.Client{
		"basic":  sandboxClient(t, srv, bootpay.BasicAuth("ck-public", secretKey), bootpay.WithLogger(logger)),
		"legacy": sandboxClient(t, srv, bootpay.TokenAuth("app-public", privateKey), bootpay.WithLogger(logger)),
	}
	var outputs []string
	record := func(v ...any) {
		for _, x := range v {
			outputs = append(outputs, redacttest.AllVerbs(x))
			if r, ok := x.(*bootpay.Receipt); ok && r != nil && r.CardData != nil {
				outputs = append(outputs, redacttest.AllVerbs(*r.CardData))
				logger.Info("receipt", "card", r.CardData.CardNo, "data", r.CardData, "receipt", r) // a caller logging them sees them masked
			}
		}
	}
	ctx := context.Background()
	for mode, c := range clients {
		record(c, bootpay.BasicAuth("ck-public", secretKey), bootpay.TokenAuth("app-public", privateKey))
		for _, fc := range allFaults() {
			for _, op := range []bootpaytest.Operation{bootpaytest.OpReceiptGet, bootpaytest.OpConfirm, bootpaytest.OpCancel} {
				srv.ClearFaults()
				paid := srv.CreateReceipt(bootpaytest.ReceiptSpec{Price: 5000, CardNo: cardNumber, Status: bootpaytest.Ptr(bootpay.StatusPaid)})
				pending := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "o", Price: 5000, CardNo: cardNumber})
				srv.Inject(op, fc.Fault, fc.N)
				r, err := c.Receipts.Get(ctx, paid.ReceiptID)
				record(r, err)
				cr, err := c.Receipts.ConfirmVerified(ctx, bootpay.ConfirmParams{ReceiptID: pending.ReceiptID, OrderID: "o", Amount: 5000})
				record(cr, err)
				params := bootpay.CancelParams{ReceiptID: paid.ReceiptID, Amount: 1000,
					Refund: &bootpay.RefundAccount{BankCode: "088", BankAccount: account, BankUsername: "홍길동"}}
				record(params, *params.Refund)
				r, err = c.Receipts.Cancel(ctx, params)
				record(r, err)
				sandboxtest.Settle(t, srv)
			}
		}
		srv.ExpireTokens()
		_, err := c.Receipts.Get(ctx, "missing-receipt")
		record(err)
		t.Logf("%s: %d log bytes", mode, len(logs.String()))
	}

	tokens := sandboxTokens(t, srv) // the legacy client used tokens

	secrets := append([]string{secretKey, privateKey, cardNumber, account}, tokens...)
	logText := logs.String()
	require.Contains(t, logText, "receipts.cancel", "the logger saw the calls")
	all := logText + strings.Join(outputs, "\n")
	for _, s := range secrets {
		assert.NotContains(t, all, s, "secret leaked")
	}
	detector := redacttest.NewDetector(secretKey, privateKey, cardNumber, account)
	detector.AddRandom(tokens...)
	if frag, secret, found := detector.Find(all); found {
		t.Errorf("a fragment %q of %q leaked, in clear or encoded", frag, secret)
	}
	for _, s := range []string{"Authorization", "Basic ", "Bearer "} {
		assert.NotContains(t, logText, s, "credential header in logs")
	}
}

// bootpayTypes is every exported type of package bootpay. The matrix test
// fails when the package declares one that is not here, so a new type
// cannot escape it.
var bootpayTypes = map[string]reflect.Type{
	"APIError":                    reflect.TypeFor[bootpay.APIError](),
	"AccountNumber":               reflect.TypeFor[bootpay.AccountNumber](),
	"Amount":                      reflect.TypeFor[bootpay.Amount](),
	"Auth":                        reflect.TypeFor[bootpay.Auth](),
	"BankData":                    reflect.TypeFor[bootpay.BankData](),
	"CancelParams":                reflect.TypeFor[bootpay.CancelParams](),
	"CardData":                    reflect.TypeFor[bootpay.CardData](),
	"CardNumber":                  reflect.TypeFor[bootpay.CardNumber](),
	"CashReceiptData":             reflect.TypeFor[bootpay.CashReceiptData](),
	"Client":                      reflect.TypeFor[bootpay.Client](),
	"ConfirmParams":               reflect.TypeFor[bootpay.ConfirmParams](),
	"ConfirmResult":               reflect.TypeFor[bootpay.ConfirmResult](),
	"DecodeError":                 reflect.TypeFor[bootpay.DecodeError](),
	"Environment":                 reflect.TypeFor[bootpay.Environment](),
	"ErrorCode":                   reflect.TypeFor[bootpay.ErrorCode](),
	"EscrowData":                  reflect.TypeFor[bootpay.EscrowData](),
	"VerifyParams":                reflect.TypeFor[bootpay.VerifyParams](),
	"Metadata":                    reflect.TypeFor[bootpay.Metadata](),
	"Mismatch":                    reflect.TypeFor[bootpay.Mismatch](),
	"MismatchError":               reflect.TypeFor[bootpay.MismatchError](),
	"CancelIDConflictError":       reflect.TypeFor[bootpay.CancelIDConflictError](),
	"CancelFailedError":           reflect.TypeFor[bootpay.CancelFailedError](),
	"NetworkError":                reflect.TypeFor[bootpay.NetworkError](),
	"Option":                      reflect.TypeFor[bootpay.Option](),
	"OutcomeUnknownError":         reflect.TypeFor[bootpay.OutcomeUnknownError](),
	"PendingConfirmError":         reflect.TypeFor[bootpay.PendingConfirmError](),
	"PhoneData":                   reflect.TypeFor[bootpay.PhoneData](),
	"PointData":                   reflect.TypeFor[bootpay.PointData](),
	"RateLimitError":              reflect.TypeFor[bootpay.RateLimitError](),
	"Receipt":                     reflect.TypeFor[bootpay.Receipt](),
	"ReceiptsService":             reflect.TypeFor[bootpay.ReceiptsService](),
	"RefundAccount":               reflect.TypeFor[bootpay.RefundAccount](),
	"RequestOption":               reflect.TypeFor[bootpay.RequestOption](),
	"ResponseMeta":                reflect.TypeFor[bootpay.ResponseMeta](),
	"ResponseTooLargeError":       reflect.TypeFor[bootpay.ResponseTooLargeError](),
	"RetryPolicy":                 reflect.TypeFor[bootpay.RetryPolicy](),
	"Status":                      reflect.TypeFor[bootpay.Status](),
	"Time":                        reflect.TypeFor[bootpay.Time](),
	"ValidationError":             reflect.TypeFor[bootpay.ValidationError](),
	"Authentication":              reflect.TypeFor[bootpay.Authentication](),
	"AuthenticationParams":        reflect.TypeFor[bootpay.AuthenticationParams](),
	"BillingData":                 reflect.TypeFor[bootpay.BillingData](),
	"BillingExtra":                reflect.TypeFor[bootpay.BillingExtra](),
	"BillingKey":                  reflect.TypeFor[bootpay.BillingKey](),
	"BillingService":              reflect.TypeFor[bootpay.BillingService](),
	"Carrier":                     reflect.TypeFor[bootpay.Carrier](),
	"CashReceiptCancelParams":     reflect.TypeFor[bootpay.CashReceiptCancelParams](),
	"CashReceiptParams":           reflect.TypeFor[bootpay.CashReceiptParams](),
	"CashReceiptType":             reflect.TypeFor[bootpay.CashReceiptType](),
	"CashReceiptsService":         reflect.TypeFor[bootpay.CashReceiptsService](),
	"Certificate":                 reflect.TypeFor[bootpay.Certificate](),
	"CertificateParams":           reflect.TypeFor[bootpay.CertificateParams](),
	"CertificatesService":         reflect.TypeFor[bootpay.CertificatesService](),
	"ChargeParams":                reflect.TypeFor[bootpay.ChargeParams](),
	"Courier":                     reflect.TypeFor[bootpay.Courier](),
	"EscrowService":               reflect.TypeFor[bootpay.EscrowService](),
	"Gender":                      reflect.TypeFor[bootpay.Gender](),
	"IdentityData":                reflect.TypeFor[bootpay.IdentityData](),
	"Int":                         reflect.TypeFor[bootpay.Int](),
	"IssueBillingKeyParams":       reflect.TypeFor[bootpay.IssueBillingKeyParams](),
	"Item":                        reflect.TypeFor[bootpay.Item](),
	"LinkParams":                  reflect.TypeFor[bootpay.LinkParams](),
	"NotVerifiedError":            reflect.TypeFor[bootpay.NotVerifiedError](),
	"PaymentLink":                 reflect.TypeFor[bootpay.PaymentLink](),
	"PaymentMethod":               reflect.TypeFor[bootpay.PaymentMethod](),
	"PaymentsService":             reflect.TypeFor[bootpay.PaymentsService](),
	"PendingChargeError":          reflect.TypeFor[bootpay.PendingChargeError](),
	"ChargeFailedError":           reflect.TypeFor[bootpay.ChargeFailedError](),
	"ChargeMismatchError":         reflect.TypeFor[bootpay.ChargeMismatchError](),
	"PhoneNumber":                 reflect.TypeFor[bootpay.PhoneNumber](),
	"ReconcileChargeParams":       reflect.TypeFor[bootpay.ReconcileChargeParams](),
	"Reservation":                 reflect.TypeFor[bootpay.Reservation](),
	"ReservationDetail":           reflect.TypeFor[bootpay.ReservationDetail](),
	"ReserveParams":               reflect.TypeFor[bootpay.ReserveParams](),
	"Secret":                      reflect.TypeFor[bootpay.Secret](),
	"SequentialParams":            reflect.TypeFor[bootpay.SequentialParams](),
	"ShippingParams":              reflect.TypeFor[bootpay.ShippingParams](),
	"ShippingRecipient":           reflect.TypeFor[bootpay.ShippingRecipient](),
	"ShippingSender":              reflect.TypeFor[bootpay.ShippingSender](),
	"StandaloneCashReceipt":       reflect.TypeFor[bootpay.StandaloneCashReceipt](),
	"StandaloneCashReceiptParams": reflect.TypeFor[bootpay.StandaloneCashReceiptParams](),
	"TransferBillingKeyParams":    reflect.TypeFor[bootpay.TransferBillingKeyParams](),
	"User":                        reflect.TypeFor[bootpay.User](),
	"UserToken":                   reflect.TypeFor[bootpay.UserToken](),
	"UserTokenParams":             reflect.TypeFor[bootpay.UserTokenParams](),
	"UsersService":                reflect.TypeFor[bootpay.UsersService](),
}

// Planted credentials.
var (
	plantedClientKey  = "ck-public-key-0001" // public, may print
	plantedSecretKey  = redacttest.Secret("bootpay-secret-key")
	plantedAppID      = "app-public-id-0001" // public, may print
	plantedPrivateKey = redacttest.Secret("bootpay-private-key")
	// plantedPhone is a buyer's phone number, planted in a phone payment's
	// receipt; its digits are distinctive, so a fragment found is a leak.
	plantedPhone = "01073529163"
)

// TestRedactionMatrix plants card numbers (in four spellings), account
// numbers, the secret key and the private key in every exported type of
// the package — receipts decoded from sandbox responses, clients built
// with the planted keys and holding the sandbox's access token, errors of
// calls that sent planted values, and a populated value of every type —
// and prints each, a pointer to it and structs, slices and maps holding
// it with every fmt verb and through slog's text and JSON handlers. No
// output may hold any fragment of a planted value or of the token.
func TestRedactionMatrix(t *testing.T) {
	redacttest.RequireEveryType(t, bootpayTypes, ".")

	srv := bootpaytest.NewServer(
		bootpaytest.WithBasicCredentials(plantedClientKey, plantedSecretKey),
		bootpaytest.WithTokenCredentials(plantedAppID, plantedPrivateKey),
	)
	defer srv.Close()
	basic := sandboxClient(t, srv, bootpay.BasicAuth(plantedClientKey, plantedSecretKey))
	legacy := sandboxClient(t, srv, bootpay.TokenAuth(plantedAppID, plantedPrivateKey))

	values := realisticValues(t, srv, basic, legacy)
	values["Client"] = append(values["Client"], *basic, *legacy)
	values["Auth"] = append(values["Auth"], bootpay.BasicAuth(plantedClientKey, plantedSecretKey), bootpay.TokenAuth(plantedAppID, plantedPrivateKey))
	values["ReceiptsService"] = append(values["ReceiptsService"], *basic.Receipts, *legacy.Receipts)

	detector := redacttest.NewDetector(plantedSecretKey, plantedPrivateKey,
		base64.StdEncoding.EncodeToString([]byte(plantedClientKey+":"+plantedSecretKey)))
	detector.AddRandom(redacttest.RandomParts(sandboxTokens(t, srv))...)
	detector.Add(plantedPhone) // a phone number prints masked too: only its last four digits may show

	redacttest.Matrix{
		Types:    bootpayTypes,
		Values:   values,
		Holders:  staticHolders(basic, legacy, values["Receipt"][0].(bootpay.Receipt)),
		Detector: detector,
		// Credentials are in unexported fields, planted through the clients above.
		Holding: []string{"Receipt", "CardData", "BankData", "CardNumber", "AccountNumber", "RefundAccount",
			"CancelParams", "ConfirmResult", "MismatchError", "PendingConfirmError", "CancelIDConflictError",
			"BillingKey", "BillingData", "IssueBillingKeyParams", "TransferBillingKeyParams", "ChargeParams", "ReserveParams",
			"SequentialParams", "UserToken", "PendingChargeError", "ChargeFailedError",
			"CancelFailedError", "ChargeMismatchError"},
	}.Check(t)
}

// realisticValues returns, by type name, values the client produced
// against the sandbox from responses and requests holding planted numbers.
func realisticValues(t *testing.T, srv *bootpaytest.Server, basic, legacy *bootpay.Client) map[string][]any {
	ctx := context.Background()
	out := map[string][]any{}
	add := func(name string, v any) { out[name] = append(out[name], v) }
	paid := bootpaytest.Ptr(bootpay.StatusPaid)
	get := func(c *bootpay.Client, spec bootpaytest.ReceiptSpec) *bootpay.Receipt {
		r, err := c.Receipts.Get(ctx, srv.CreateReceipt(spec).ReceiptID)
		require.NoError(t, err)
		return r
	}

	var cards []*bootpay.Receipt
	for i, number := range redacttest.CardSpellings {
		c := []*bootpay.Client{basic, legacy}[i%2]
		cards = append(cards, get(c, bootpaytest.ReceiptSpec{Price: 15000, CardNo: number, Status: paid}))
	}
	vbank := get(basic, bootpaytest.ReceiptSpec{Price: 15000, Method: "vbank", Status: bootpaytest.Ptr(bootpay.StatusVirtualAccountIssued),
		Extra: map[string]any{"vbank_data": map[string]any{"bank_code": "088", "bank_account": redacttest.Account, "bank_username": "페이킷"}}})
	bank := get(legacy, bootpaytest.ReceiptSpec{Price: 15000, Method: "bank", Status: paid,
		Extra: map[string]any{"bank_data": map[string]any{"bank_code": "004", "bank_account": redacttest.AccountDigits}}})
	phone := get(basic, bootpaytest.ReceiptSpec{Price: 15000, Method: "phone", Status: paid,
		Extra: map[string]any{"phone_data": map[string]any{"tid": "phone-tid-0001", "phone": plantedPhone}}})
	for _, r := range append(cards, vbank, bank, phone) {
		require.NotNil(t, r.RawJSON())
		add("Receipt", *r)
	}
	add("PhoneData", *phone.PhoneData)
	add("PhoneNumber", phone.PhoneData.Phone)
	require.Equal(t, plantedPhone, phone.PhoneData.Phone.Reveal(), "the receipt really holds the planted phone number")
	add("CardData", *cards[0].CardData)
	add("BankData", *vbank.VbankData)
	add("BankData", *bank.BankData)
	add("CardNumber", cards[1].CardData.CardNo)
	add("AccountNumber", vbank.VbankData.BankAccount)
	// The values really hold the planted numbers: the check can fail.
	require.Equal(t, redacttest.CardDashed, string(cards[0].CardData.CardNo))
	require.Equal(t, redacttest.Account, string(vbank.VbankData.BankAccount))
	require.Contains(t, string(cards[2].RawJSON()), redacttest.CardSpaced)

	pending := srv.CreateReceipt(bootpaytest.ReceiptSpec{OrderID: "order-77", Price: 9900, CardNo: redacttest.CardDigits})
	confirmed, err := legacy.Receipts.ConfirmVerified(ctx, bootpay.ConfirmParams{ReceiptID: pending.ReceiptID, OrderID: "order-77", Amount: 9900})
	require.NoError(t, err)
	add("ConfirmResult", *confirmed)
	err = cards[0].Verify(bootpay.VerifyParams{OrderID: "another-order", Amount: 1, Status: bootpay.StatusPaid})
	var mismatch *bootpay.MismatchError
	require.ErrorAs(t, err, &mismatch)
	mismatch.Cancelled = cards[1] // as CancelOnMismatch reports it
	add("MismatchError", *mismatch)
	add("CancelFailedError", bootpay.CancelFailedError{ReceiptID: cards[0].ReceiptID, CancelID: "refund-0001", Receipt: cards[0]})
	add("ChargeMismatchError", bootpay.ChargeMismatchError{OrderID: cards[0].OrderID, Requested: 1, Receipt: cards[0], Mismatch: mismatch})

	refund := &bootpay.RefundAccount{BankCode: "088", BankAccount: redacttest.Account, BankUsername: "홍길동"}
	cancel := bootpay.CancelParams{ReceiptID: vbank.ReceiptID, Amount: 1000, Refund: refund, CancelID: "refund-0001"}
	add("CancelParams", cancel)
	add("RefundAccount", *refund)

	// Errors of calls that sent planted values.
	errs := map[string]error{}
	_, errs["not found"] = basic.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: "missing-receipt", Full: true, Refund: refund})
	_, errs["bad id"] = basic.Receipts.Get(ctx, redacttest.CardDashed+"\n")
	_, errs["bad refund"] = basic.Receipts.Cancel(ctx, bootpay.CancelParams{ReceiptID: redacttest.CardDigits + " ", Full: true, Refund: refund})
	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.CloseAfterApply(), 1)
	srv.Inject(bootpaytest.OpCancel, bootpaytest.Faults.Status(400, bootpaytest.ErrorBody("RC_INVALID", "환불 계좌 오류")), -1)
	_, errs["outcome unknown"] = legacy.Receipts.Cancel(ctx, cancel)
	srv.ClearFaults()
	sandboxtest.Settle(t, srv)
	for name, err := range errs {
		require.Error(t, err, name)
		add("error", err)
	}
	require.True(t, sentInClear(srv.Requests(), redacttest.Account), "printing masks, the wire does not: the refund account is sent as is")

	var unknown *bootpay.OutcomeUnknownError
	require.ErrorAs(t, errs["outcome unknown"], &unknown)
	add("OutcomeUnknownError", *unknown)
	var apiErr *bootpay.APIError
	require.ErrorAs(t, errs["not found"], &apiErr)
	add("APIError", *apiErr)
	var invalid *bootpay.ValidationError
	require.ErrorAs(t, errs["bad id"], &invalid)
	add("ValidationError", *invalid)
	return out
}

// sentInClear reports whether a cancel the sandbox received carried value.
func sentInClear(reqs []bootpaytest.Request, value string) bool {
	for _, r := range reqs {
		if r.Op == bootpaytest.OpCancel && strings.Contains(string(r.Body), value) {
			return true
		}
	}
	return false
}

// sandboxTokens returns the access tokens the sandbox received.
func sandboxTokens(t *testing.T, srv *bootpaytest.Server) []string {
	tokens := sandboxtest.BearerTokens(srv.Requests(), func(r bootpaytest.Request) http.Header { return r.Header })
	require.NotEmpty(t, tokens, "the legacy client used a token")
	return tokens
}

// staticHolders are structs of a caller's program that keep paykit values:
// embedded (their methods promoted), in exported and unexported fields.
// reflect cannot build these.
func staticHolders(basic, legacy *bootpay.Client, r bootpay.Receipt) map[string]any {
	type service struct {
		Name   string
		client *bootpay.Client
	}
	type keeps struct {
		auth    bootpay.Auth
		client  bootpay.Client
		receipt *bootpay.Receipt
	}
	return map[string]any{
		"a struct embedding a Client":          struct{ bootpay.Client }{*basic},
		"a struct embedding a legacy Client":   struct{ bootpay.Client }{*legacy},
		"a struct embedding a *Client":         struct{ *bootpay.Client }{legacy},
		"a struct with a Client field":         struct{ C bootpay.Client }{*legacy},
		"a struct embedding an Auth":           struct{ bootpay.Auth }{bootpay.BasicAuth(plantedClientKey, plantedSecretKey)},
		"a struct embedding a Receipt":         struct{ bootpay.Receipt }{r},
		"a struct embedding a *Receipt":        struct{ *bootpay.Receipt }{&r},
		"a struct embedding a *CardData":       struct{ *bootpay.CardData }{r.CardData},
		"a service with an unexported *Client": service{"checkout", legacy},
		"a struct with unexported fields": keeps{auth: bootpay.TokenAuth(plantedAppID, plantedPrivateKey),
			client: *basic, receipt: &r},
	}
}

// TestRedactionMatrixCanFail shows the matrix's check catching what it
// looks for: a raw card number, account number or secret in a plain
// struct, whatever the verb or encoding.
func TestRedactionMatrixCanFail(t *testing.T) {
	type leaky struct {
		Number  string
		Account []byte
		Key     string
	}
	d := redacttest.NewDetector(plantedSecretKey)
	v := leaky{redacttest.CardSpaced, []byte(redacttest.AccountDigits), plantedSecretKey}
	for _, verb := range redacttest.Verbs {
		if verb == "%T" || verb == "%8.3s" {
			continue
		}
		_, _, leak := d.Find(fmt.Sprintf(verb, v))
		assert.True(t, leak, "%s of a raw struct is caught", verb)
	}
	_, _, leak := d.Find(fmt.Sprintf("%v %v", bootpay.CardNumber(redacttest.CardDashed), bootpay.AccountNumber(redacttest.Account)))
	assert.False(t, leak, "the masked forms are allowed")
}
