package portone_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/redact/redacttest"
	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/internal/sandbox/sandboxtest"
	"github.com/paykit-kr/paykit/portone"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// Values that must never be printed. The billing key is PortOne's
// "treat it like a password" credential; the refund account is the
// buyer's own bank account.
const (
	leakAPISecret  = "portone-api-secret-never-print-0123456789abcdef"
	leakCardNumber = "5365101234561234"
	leakAccount    = "110234567890"
	leakBillingKey = "billing-key-never-print-5f3c1a09"
)

// leaks returns the secrets found in text.
func leaks(text string, secrets []string) []string {
	var found []string
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			found = append(found, s)
		}
	}
	return found
}

// TestNoSecretsAnywhere runs every operation of the sandbox tests (lookup,
// Verify, partial and full cancel with a refund account, billing-key
// payment, billing-key issue from a card number, All) under every fault on
// each of their operations, in both auth modes, with a debug JSON logger,
// and checks that the API secret, the access and refresh tokens the
// sandbox received, the card number, the account number and the billing
// key appear nowhere: not in the log, not in any error string, not in
// %v/%+v/%#v/%s of the client, the params and the results.
func TestNoSecretsAnywhere(t *testing.T) {
	// The check itself must be able to fail: a raw value is caught.
	raw := struct{ Number string }{leakCardNumber}
	require.Equal(t, []string{leakCardNumber}, leaks(fmt.Sprintf("%+v", raw), []string{leakAPISecret, leakCardNumber}))

	for _, tokens := range []bool{false, true} {
		name := "api secret"
		if tokens {
			name = "access tokens"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checkNoSecrets(t, tokens)
		})
	}
}

func checkNoSecrets(t *testing.T, tokenAuth bool) {
	clock := sandbox.NewClock(time.Now().UTC())
	srv := portonetest.NewServer(portonetest.WithAPISecret(leakAPISecret), portonetest.WithClock(clock.Now))
	defer srv.Close()
	var logs redacttest.LogBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts := sandboxtest.ClientOptions(srv.URL(), portone.WithLogger(logger), portone.WithClock(clock.Now))
	targets := []portonetest.Operation{
		portonetest.OpPaymentGet, portonetest.OpPaymentCancel, portonetest.OpBillingKeyPay,
		portonetest.OpBillingKeyIssue, portonetest.OpPaymentListByCursor,
	}
	if tokenAuth {
		opts = append(opts, portone.WithTokenAuth())
		targets = append(targets, portonetest.OpLogin, portonetest.OpTokenRefresh)
	}
	c, err := portone.NewClient(leakAPISecret, opts...)
	require.NoError(t, err)

	var outputs, payments []string
	record := func(v ...any) {
		for _, x := range v {
			outputs = append(outputs, redacttest.AllVerbs(x))
		}
	}
	// recordPayment keeps printed payments (which carry the billing key
	// they were charged with) apart, so a leak names its source.
	recordPayment := func(p *portone.Payment, err error) {
		payments = append(payments, redacttest.AllVerbs(p))
		logger.Info("caller logs the payment", "payment", p)
		record(err)
	}
	record(c)
	bk := srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: leakBillingKey})
	vaPay := srv.CreatePayment(portonetest.PaymentSpec{Total: 5000, Status: portone.PaymentStatusVirtualAccountIssued})
	ctx := context.Background()
	n := 0
	for _, fc := range allFaults() {
		for _, op := range targets {
			n++
			srv.ClearFaults()
			if tokenAuth {
				clock.Advance(31 * time.Minute) // every round renews its token, so faults hit login and refresh too
			}
			paid := srv.CreatePayment(portonetest.PaymentSpec{Total: 30000})
			srv.Inject(op, fc.Fault, fc.N)

			p, err := c.Payments.Get(ctx, paid.ID)
			recordPayment(p, err)
			// AllowTest: the sandbox's payments go through its TEST channel.
			v, err := c.Payments.Verify(ctx, portone.VerifyParams{PaymentID: paid.ID, Amount: 30000, Currency: portone.CurrencyKRW, AllowTest: true})
			record(v, err)
			v, err = c.Payments.Verify(ctx, portone.VerifyParams{PaymentID: vaPay.ID, Amount: 5000, Currency: portone.CurrencyKRW, AllowTest: true})
			record(v, err)

			partial := portone.CancelPaymentParams{
				PaymentID: paid.ID, Amount: 1000, Reason: "부분 환불", CurrentCancellableAmount: portone.Ptr(int64(30000)),
				RefundAccount: &portone.RefundAccount{Bank: portone.BankShinhan, Number: leakAccount, HolderName: "홍길동"},
			}
			logger.Info("caller logs its params", "params", partial, "account", partial.RefundAccount)
			record(partial, *partial.RefundAccount, partial.RefundAccount.Number)
			cc, err := c.Payments.Cancel(ctx, partial)
			record(cc, err)
			cc, err = c.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: paid.ID, Full: true, Reason: "전액 환불"})
			record(cc, err)

			charge := portone.BillingKeyPaymentParams{
				PaymentID: fmt.Sprintf("charge-%03d", n), BillingKey: portone.BillingKey(bk.BillingKey), OrderName: "정기결제",
				Amount: portone.PaymentAmountInput{Total: 9900}, Currency: portone.CurrencyKRW,
			}
			logger.Info("caller logs its params", "params", charge, "key", charge.BillingKey)
			record(charge, charge.BillingKey)
			sum, err := c.Payments.PayWithBillingKey(ctx, charge)
			record(sum, err)

			issue := portone.IssueBillingKeyParams{
				ChannelKey: portonetest.ChannelKey,
				Method: portone.BillingKeyMethodInput{Card: &portone.BillingKeyCardInput{Credential: portone.CardCredential{
					Number: leakCardNumber, ExpiryYear: "29", ExpiryMonth: "12", BirthOrBusinessRegistrationNumber: "900101", PasswordTwoDigits: "12",
				}}},
			}
			logger.Info("caller logs its params", "params", issue, "card", issue.Method.Card, "credential", issue.Method.Card.Credential)
			record(issue, issue.Method, issue.Method.Card, *issue.Method.Card, issue.Method.Card.Credential)
			issued, err := c.BillingKeys.Issue(ctx, issue)
			record(issued, err)

			i := 0
			for p, err := range c.Payments.All(ctx, portone.PaymentCursorParams{Size: 2}) {
				recordPayment(p, err)
				if i++; err != nil || i == 3 {
					break
				}
			}
			sandboxtest.Settle(t, srv)
		}
	}
	srv.ExpireTokens()
	_, err = c.Payments.Get(ctx, "missing-payment")
	record(err)
	_, err = c.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: "missing-payment", Full: true, Reason: "x",
		RefundAccount: &portone.RefundAccount{Bank: portone.BankShinhan, Number: leakAccount, HolderName: "홍길동"}})
	record(err)

	// The tokens, as the sandbox received them.
	accessTokens, refreshTokens := receivedTokens(srv)
	if tokenAuth {
		require.NotEmpty(t, accessTokens, "the client used access tokens")
		require.NotEmpty(t, refreshTokens, "the client refreshed")
	} else {
		require.Empty(t, accessTokens)
	}

	logText := logs.String()
	for _, want := range []string{"payments.cancel", "payments.payWithBillingKey", "billingKeys.issue", "payments.all", "idempotency_key"} {
		require.Contains(t, logText, want, "the logger saw the calls")
	}
	secrets := append([]string{leakAPISecret, leakCardNumber, leakAccount, leakBillingKey}, accessTokens...)
	secrets = append(secrets, refreshTokens...)
	slices.Sort(secrets)
	secrets = slices.Compact(secrets) // a token is sent many times
	assert.Empty(t, leaks(logText, secrets), "secret in the log")
	assert.Empty(t, leaks(strings.Join(outputs, "\n"), secrets), "secret in an error or a printed value")
	assert.Empty(t, leaks(strings.Join(payments, "\n"), secrets), "secret in a printed payment")
	all := logText + strings.Join(outputs, "\n") + strings.Join(payments, "\n")
	// Fragments and encodings of the values that are distinctive (the
	// numbers and tokens; the other secrets are readable words that
	// outputs hold for other reasons), checked above only whole.
	detector := redacttest.NewDetector(leakCardNumber, leakAccount)
	detector.AddRandom(redacttest.RandomParts(accessTokens)...)
	detector.AddRandom(redacttest.RandomParts(refreshTokens)...)
	if frag, secret, found := detector.Find(all); found {
		t.Errorf("a fragment %q of %q leaked, in clear or encoded", frag, secret)
	}
	for _, s := range []string{"Authorization", "Bearer ", "apiSecret", "refreshToken"} {
		assert.NotContains(t, logText, s, "credential field in the log")
	}
	t.Logf("%d rounds, %d values printed, %d log bytes, %d access and %d refresh tokens checked",
		n, len(outputs), len(logText), len(accessTokens), len(refreshTokens))
}

// portoneTypes is every exported type of package portone. The matrix test
// fails when the package declares one that is not here, so a new type
// cannot escape it.
var portoneTypes = map[string]reflect.Type{
	"APIError":                                reflect.TypeFor[portone.APIError](),
	"AccountNumber":                           reflect.TypeFor[portone.AccountNumber](),
	"Address":                                 reflect.TypeFor[portone.Address](),
	"AddressType":                             reflect.TypeFor[portone.AddressType](),
	"Bank":                                    reflect.TypeFor[portone.Bank](),
	"BillingKey":                              reflect.TypeFor[portone.BillingKey](),
	"BillingKeyCardInput":                     reflect.TypeFor[portone.BillingKeyCardInput](),
	"BillingKeyDeleteRequester":               reflect.TypeFor[portone.BillingKeyDeleteRequester](),
	"BillingKeyFailure":                       reflect.TypeFor[portone.BillingKeyFailure](),
	"BillingKeyFilterInput":                   reflect.TypeFor[portone.BillingKeyFilterInput](),
	"BillingKeyInfo":                          reflect.TypeFor[portone.BillingKeyInfo](),
	"BillingKeyInfoCommon":                    reflect.TypeFor[portone.BillingKeyInfoCommon](),
	"BillingKeyInfoList":                      reflect.TypeFor[portone.BillingKeyInfoList](),
	"BillingKeyInfoSummary":                   reflect.TypeFor[portone.BillingKeyInfoSummary](),
	"BillingKeyInfoVariant":                   reflect.TypeFor[portone.BillingKeyInfoVariant](),
	"BillingKeyListParams":                    reflect.TypeFor[portone.BillingKeyListParams](),
	"BillingKeyMethodInput":                   reflect.TypeFor[portone.BillingKeyMethodInput](),
	"BillingKeyPaymentMethod":                 reflect.TypeFor[portone.BillingKeyPaymentMethod](),
	"BillingKeyPaymentMethodCard":             reflect.TypeFor[portone.BillingKeyPaymentMethodCard](),
	"BillingKeyPaymentMethodEasyPay":          reflect.TypeFor[portone.BillingKeyPaymentMethodEasyPay](),
	"BillingKeyPaymentMethodEasyPayCharge":    reflect.TypeFor[portone.BillingKeyPaymentMethodEasyPayCharge](),
	"BillingKeyEasyPayMethod":                 reflect.TypeFor[portone.BillingKeyEasyPayMethod](),
	"BillingKeyPaymentMethodMobile":           reflect.TypeFor[portone.BillingKeyPaymentMethodMobile](),
	"BillingKeyPaymentMethodPaypal":           reflect.TypeFor[portone.BillingKeyPaymentMethodPaypal](),
	"BillingKeyPaymentMethodTransfer":         reflect.TypeFor[portone.BillingKeyPaymentMethodTransfer](),
	"BillingKeyPaymentMethodType":             reflect.TypeFor[portone.BillingKeyPaymentMethodType](),
	"BillingKeyPaymentParams":                 reflect.TypeFor[portone.BillingKeyPaymentParams](),
	"BillingKeyPaymentScheduleInput":          reflect.TypeFor[portone.BillingKeyPaymentScheduleInput](),
	"BillingKeyPaymentSummary":                reflect.TypeFor[portone.BillingKeyPaymentSummary](),
	"BillingKeySortBy":                        reflect.TypeFor[portone.BillingKeySortBy](),
	"BillingKeySortInput":                     reflect.TypeFor[portone.BillingKeySortInput](),
	"BillingKeyStatus":                        reflect.TypeFor[portone.BillingKeyStatus](),
	"BillingKeyTextSearch":                    reflect.TypeFor[portone.BillingKeyTextSearch](),
	"BillingKeyTextSearchField":               reflect.TypeFor[portone.BillingKeyTextSearchField](),
	"BillingKeyTimeRangeField":                reflect.TypeFor[portone.BillingKeyTimeRangeField](),
	"BillingKeysService":                      reflect.TypeFor[portone.BillingKeysService](),
	"CancelCashReceiptResponse":               reflect.TypeFor[portone.CancelCashReceiptResponse](),
	"CancelPaymentParams":                     reflect.TypeFor[portone.CancelPaymentParams](),
	"CancelRequester":                         reflect.TypeFor[portone.CancelRequester](),
	"CancellationTrigger":                     reflect.TypeFor[portone.CancellationTrigger](),
	"CancelledCashReceipt":                    reflect.TypeFor[portone.CancelledCashReceipt](),
	"CancelledPayment":                        reflect.TypeFor[portone.CancelledPayment](),
	"CancelledPaymentCashReceipt":             reflect.TypeFor[portone.CancelledPaymentCashReceipt](),
	"CancelledPaymentEvent":                   reflect.TypeFor[portone.CancelledPaymentEvent](),
	"CapturePaymentParams":                    reflect.TypeFor[portone.CapturePaymentParams](),
	"Card":                                    reflect.TypeFor[portone.Card](),
	"CardBrand":                               reflect.TypeFor[portone.CardBrand](),
	"CardNumber":                              reflect.TypeFor[portone.CardNumber](),
	"CardCredential":                          reflect.TypeFor[portone.CardCredential](),
	"CardOwnerType":                           reflect.TypeFor[portone.CardOwnerType](),
	"CardType":                                reflect.TypeFor[portone.CardType](),
	"Carrier":                                 reflect.TypeFor[portone.Carrier](),
	"CashReceipt":                             reflect.TypeFor[portone.CashReceipt](),
	"CashReceiptCommon":                       reflect.TypeFor[portone.CashReceiptCommon](),
	"CashReceiptFilterInput":                  reflect.TypeFor[portone.CashReceiptFilterInput](),
	"CashReceiptFilterStatus":                 reflect.TypeFor[portone.CashReceiptFilterStatus](),
	"CashReceiptIdentityNumberType":           reflect.TypeFor[portone.CashReceiptIdentityNumberType](),
	"CashReceiptInput":                        reflect.TypeFor[portone.CashReceiptInput](),
	"CashReceiptInputType":                    reflect.TypeFor[portone.CashReceiptInputType](),
	"CashReceiptIssuanceStatus":               reflect.TypeFor[portone.CashReceiptIssuanceStatus](),
	"CashReceiptList":                         reflect.TypeFor[portone.CashReceiptList](),
	"CashReceiptListParams":                   reflect.TypeFor[portone.CashReceiptListParams](),
	"CashReceiptSortBy":                       reflect.TypeFor[portone.CashReceiptSortBy](),
	"CashReceiptSortInput":                    reflect.TypeFor[portone.CashReceiptSortInput](),
	"CashReceiptStatus":                       reflect.TypeFor[portone.CashReceiptStatus](),
	"CashReceiptSummary":                      reflect.TypeFor[portone.CashReceiptSummary](),
	"CashReceiptTimeRangeField":               reflect.TypeFor[portone.CashReceiptTimeRangeField](),
	"CashReceiptType":                         reflect.TypeFor[portone.CashReceiptType](),
	"CashReceiptVariant":                      reflect.TypeFor[portone.CashReceiptVariant](),
	"CashReceiptsService":                     reflect.TypeFor[portone.CashReceiptsService](),
	"ChannelGroupSummary":                     reflect.TypeFor[portone.ChannelGroupSummary](),
	"ChannelSpecificFailure":                  reflect.TypeFor[portone.ChannelSpecificFailure](),
	"ChannelSpecificFailureInvalidRequest":    reflect.TypeFor[portone.ChannelSpecificFailureInvalidRequest](),
	"ChannelSpecificFailurePGProvider":        reflect.TypeFor[portone.ChannelSpecificFailurePGProvider](),
	"Client":                                  reflect.TypeFor[portone.Client](),
	"CloseVirtualAccountParams":               reflect.TypeFor[portone.CloseVirtualAccountParams](),
	"ClosedVirtualAccount":                    reflect.TypeFor[portone.ClosedVirtualAccount](),
	"CompleteEscrowParams":                    reflect.TypeFor[portone.CompleteEscrowParams](),
	"CompletedEscrow":                         reflect.TypeFor[portone.CompletedEscrow](),
	"ConfirmBillingKeyIssueAndPayParams":      reflect.TypeFor[portone.ConfirmBillingKeyIssueAndPayParams](),
	"ConfirmBillingKeyParams":                 reflect.TypeFor[portone.ConfirmBillingKeyParams](),
	"ConfirmIdentityVerificationParams":       reflect.TypeFor[portone.ConfirmIdentityVerificationParams](),
	"ConfirmIdentityVerificationResponse":     reflect.TypeFor[portone.ConfirmIdentityVerificationResponse](),
	"ConfirmPaymentParams":                    reflect.TypeFor[portone.ConfirmPaymentParams](),
	"ConfirmedBillingKeyIssueAndPaySummary":   reflect.TypeFor[portone.ConfirmedBillingKeyIssueAndPaySummary](),
	"ConfirmedBillingKeySummary":              reflect.TypeFor[portone.ConfirmedBillingKeySummary](),
	"ConfirmedPaymentSummary":                 reflect.TypeFor[portone.ConfirmedPaymentSummary](),
	"ConvenienceStoreBrand":                   reflect.TypeFor[portone.ConvenienceStoreBrand](),
	"Country":                                 reflect.TypeFor[portone.Country](),
	"CreatePaymentScheduleParams":             reflect.TypeFor[portone.CreatePaymentScheduleParams](),
	"CreatePaymentScheduleResponse":           reflect.TypeFor[portone.CreatePaymentScheduleResponse](),
	"Currency":                                reflect.TypeFor[portone.Currency](),
	"Customer":                                reflect.TypeFor[portone.Customer](),
	"CustomerInput":                           reflect.TypeFor[portone.CustomerInput](),
	"CustomerNameInput":                       reflect.TypeFor[portone.CustomerNameInput](),
	"CustomerSeparatedName":                   reflect.TypeFor[portone.CustomerSeparatedName](),
	"DateTimeRange":                           reflect.TypeFor[portone.DateTimeRange](),
	"DecodeError":                             reflect.TypeFor[portone.DecodeError](),
	"DeleteBillingKeyParams":                  reflect.TypeFor[portone.DeleteBillingKeyParams](),
	"DeleteBillingKeyResponse":                reflect.TypeFor[portone.DeleteBillingKeyResponse](),
	"DeletedBillingKeyInfo":                   reflect.TypeFor[portone.DeletedBillingKeyInfo](),
	"Dispute":                                 reflect.TypeFor[portone.Dispute](),
	"DisputeStatus":                           reflect.TypeFor[portone.DisputeStatus](),
	"EasyPayProvider":                         reflect.TypeFor[portone.EasyPayProvider](),
	"ErrorType":                               reflect.TypeFor[portone.ErrorType](),
	"EscrowLogisticsParams":                   reflect.TypeFor[portone.EscrowLogisticsParams](),
	"EscrowLogisticsResult":                   reflect.TypeFor[portone.EscrowLogisticsResult](),
	"EscrowReceiverInput":                     reflect.TypeFor[portone.EscrowReceiverInput](),
	"EscrowSenderInput":                       reflect.TypeFor[portone.EscrowSenderInput](),
	"FailedIdentityVerification":              reflect.TypeFor[portone.FailedIdentityVerification](),
	"FailedPayment":                           reflect.TypeFor[portone.FailedPayment](),
	"FailedPaymentCancellation":               reflect.TypeFor[portone.FailedPaymentCancellation](),
	"FailedPaymentSchedule":                   reflect.TypeFor[portone.FailedPaymentSchedule](),
	"FailedPGBillingKeyIssueResponse":         reflect.TypeFor[portone.FailedPGBillingKeyIssueResponse](),
	"FixedVirtualAccountOption":               reflect.TypeFor[portone.FixedVirtualAccountOption](),
	"Gender":                                  reflect.TypeFor[portone.Gender](),
	"IdentityVerification":                    reflect.TypeFor[portone.IdentityVerification](),
	"IdentityVerificationCommon":              reflect.TypeFor[portone.IdentityVerificationCommon](),
	"IdentityVerificationFailure":             reflect.TypeFor[portone.IdentityVerificationFailure](),
	"IdentityVerificationFilterCustomerInput": reflect.TypeFor[portone.IdentityVerificationFilterCustomerInput](),
	"IdentityVerificationFilterInput":         reflect.TypeFor[portone.IdentityVerificationFilterInput](),
	"IdentityVerificationList":                reflect.TypeFor[portone.IdentityVerificationList](),
	"IdentityVerificationListParams":          reflect.TypeFor[portone.IdentityVerificationListParams](),
	"IdentityVerificationMethod":              reflect.TypeFor[portone.IdentityVerificationMethod](),
	"IdentityVerificationOperator":            reflect.TypeFor[portone.IdentityVerificationOperator](),
	"IdentityVerificationRequestedCustomer":   reflect.TypeFor[portone.IdentityVerificationRequestedCustomer](),
	"IdentityVerificationSortBy":              reflect.TypeFor[portone.IdentityVerificationSortBy](),
	"IdentityVerificationSortInput":           reflect.TypeFor[portone.IdentityVerificationSortInput](),
	"IdentityVerificationStatus":              reflect.TypeFor[portone.IdentityVerificationStatus](),
	"IdentityVerificationTimeRangeField":      reflect.TypeFor[portone.IdentityVerificationTimeRangeField](),
	"IdentityVerificationVariant":             reflect.TypeFor[portone.IdentityVerificationVariant](),
	"IdentityVerificationVerifiedCustomer":    reflect.TypeFor[portone.IdentityVerificationVerifiedCustomer](),
	"IdentityVerificationsService":            reflect.TypeFor[portone.IdentityVerificationsService](),
	"InstantPaymentCardInput":                 reflect.TypeFor[portone.InstantPaymentCardInput](),
	"InstantPaymentMethodInput":               reflect.TypeFor[portone.InstantPaymentMethodInput](),
	"InstantPaymentParams":                    reflect.TypeFor[portone.InstantPaymentParams](),
	"InstantPaymentSummary":                   reflect.TypeFor[portone.InstantPaymentSummary](),
	"InstantPaymentVirtualAccountInput":       reflect.TypeFor[portone.InstantPaymentVirtualAccountInput](),
	"IssueBillingKeyParams":                   reflect.TypeFor[portone.IssueBillingKeyParams](),
	"IssueBillingKeyResponse":                 reflect.TypeFor[portone.IssueBillingKeyResponse](),
	"IssueCashReceiptCustomerInput":           reflect.TypeFor[portone.IssueCashReceiptCustomerInput](),
	"IssueCashReceiptParams":                  reflect.TypeFor[portone.IssueCashReceiptParams](),
	"IssueCashReceiptPaymentMethodType":       reflect.TypeFor[portone.IssueCashReceiptPaymentMethodType](),
	"IssueCashReceiptResponse":                reflect.TypeFor[portone.IssueCashReceiptResponse](),
	"IssueFailedCashReceipt":                  reflect.TypeFor[portone.IssueFailedCashReceipt](),
	"IssuedBillingKeyInfo":                    reflect.TypeFor[portone.IssuedBillingKeyInfo](),
	"IssuedCashReceipt":                       reflect.TypeFor[portone.IssuedCashReceipt](),
	"IssuedPaymentCashReceipt":                reflect.TypeFor[portone.IssuedPaymentCashReceipt](),
	"IssuedPGBillingKeyIssueResponse":         reflect.TypeFor[portone.IssuedPGBillingKeyIssueResponse](),
	"Locale":                                  reflect.TypeFor[portone.Locale](),
	"Mismatch":                                reflect.TypeFor[portone.Mismatch](),
	"MismatchError":                           reflect.TypeFor[portone.MismatchError](),
	"NetworkError":                            reflect.TypeFor[portone.NetworkError](),
	"Option":                                  reflect.TypeFor[portone.Option](),
	"Outcome":                                 reflect.TypeFor[portone.Outcome](),
	"OutcomeUnknownError":                     reflect.TypeFor[portone.OutcomeUnknownError](),
	"PageInfo":                                reflect.TypeFor[portone.PageInfo](),
	"PageInput":                               reflect.TypeFor[portone.PageInput](),
	"PaidPayment":                             reflect.TypeFor[portone.PaidPayment](),
	"PaidPaymentEvent":                        reflect.TypeFor[portone.PaidPaymentEvent](),
	"PartialCancelledPayment":                 reflect.TypeFor[portone.PartialCancelledPayment](),
	"PartialCancelledPaymentEvent":            reflect.TypeFor[portone.PartialCancelledPaymentEvent](),
	"PayPendingPayment":                       reflect.TypeFor[portone.PayPendingPayment](),
	"Payment":                                 reflect.TypeFor[portone.Payment](),
	"PaymentAmount":                           reflect.TypeFor[portone.PaymentAmount](),
	"PaymentAmountInput":                      reflect.TypeFor[portone.PaymentAmountInput](),
	"PaymentCancellation":                     reflect.TypeFor[portone.PaymentCancellation](),
	"PaymentCancellationStatus":               reflect.TypeFor[portone.PaymentCancellationStatus](),
	"PaymentCashReceipt":                      reflect.TypeFor[portone.PaymentCashReceipt](),
	"PaymentCashReceiptStatus":                reflect.TypeFor[portone.PaymentCashReceiptStatus](),
	"PaymentClientType":                       reflect.TypeFor[portone.PaymentClientType](),
	"PaymentCommon":                           reflect.TypeFor[portone.PaymentCommon](),
	"PaymentCursorParams":                     reflect.TypeFor[portone.PaymentCursorParams](),
	"PaymentEscrow":                           reflect.TypeFor[portone.PaymentEscrow](),
	"PaymentEscrowStatus":                     reflect.TypeFor[portone.PaymentEscrowStatus](),
	"PaymentEvent":                            reflect.TypeFor[portone.PaymentEvent](),
	"PaymentEventCommon":                      reflect.TypeFor[portone.PaymentEventCommon](),
	"PaymentEventType":                        reflect.TypeFor[portone.PaymentEventType](),
	"PaymentEventVariant":                     reflect.TypeFor[portone.PaymentEventVariant](),
	"PaymentFailure":                          reflect.TypeFor[portone.PaymentFailure](),
	"PaymentFilter":                           reflect.TypeFor[portone.PaymentFilter](),
	"PaymentFilterEscrowStatus":               reflect.TypeFor[portone.PaymentFilterEscrowStatus](),
	"PaymentFilterStatus":                     reflect.TypeFor[portone.PaymentFilterStatus](),
	"PaymentInstallment":                      reflect.TypeFor[portone.PaymentInstallment](),
	"PaymentListParams":                       reflect.TypeFor[portone.PaymentListParams](),
	"PaymentLogistics":                        reflect.TypeFor[portone.PaymentLogistics](),
	"PaymentLogisticsCompany":                 reflect.TypeFor[portone.PaymentLogisticsCompany](),
	"PaymentMethod":                           reflect.TypeFor[portone.PaymentMethod](),
	"PaymentMethodCard":                       reflect.TypeFor[portone.PaymentMethodCard](),
	"PaymentMethodConvenienceStore":           reflect.TypeFor[portone.PaymentMethodConvenienceStore](),
	"PaymentMethodCrypto":                     reflect.TypeFor[portone.PaymentMethodCrypto](),
	"PaymentMethodEasyPay":                    reflect.TypeFor[portone.PaymentMethodEasyPay](),
	"EasyPayMethod":                           reflect.TypeFor[portone.EasyPayMethod](),
	"PaymentMethodEasyPayCharge":              reflect.TypeFor[portone.PaymentMethodEasyPayCharge](),
	"PaymentMethodGiftCertificate":            reflect.TypeFor[portone.PaymentMethodGiftCertificate](),
	"PaymentMethodGiftCertificateType":        reflect.TypeFor[portone.PaymentMethodGiftCertificateType](),
	"PaymentMethodMobile":                     reflect.TypeFor[portone.PaymentMethodMobile](),
	"PaymentMethodTransfer":                   reflect.TypeFor[portone.PaymentMethodTransfer](),
	"PaymentMethodType":                       reflect.TypeFor[portone.PaymentMethodType](),
	"PaymentMethodVirtualAccount":             reflect.TypeFor[portone.PaymentMethodVirtualAccount](),
	"PaymentMethodVirtualAccountRefundStatus": reflect.TypeFor[portone.PaymentMethodVirtualAccountRefundStatus](),
	"PaymentMethodVirtualAccountType":         reflect.TypeFor[portone.PaymentMethodVirtualAccountType](),
	"PaymentOrigin":                           reflect.TypeFor[portone.PaymentOrigin](),
	"PaymentOriginPlatformType":               reflect.TypeFor[portone.PaymentOriginPlatformType](),
	"PaymentPage":                             reflect.TypeFor[portone.PaymentPage](),
	"PaymentProduct":                          reflect.TypeFor[portone.PaymentProduct](),
	"PaymentProductType":                      reflect.TypeFor[portone.PaymentProductType](),
	"PaymentSchedule":                         reflect.TypeFor[portone.PaymentSchedule](),
	"PaymentScheduleCommon":                   reflect.TypeFor[portone.PaymentScheduleCommon](),
	"PaymentScheduleFilterInput":              reflect.TypeFor[portone.PaymentScheduleFilterInput](),
	"PaymentScheduleList":                     reflect.TypeFor[portone.PaymentScheduleList](),
	"PaymentScheduleListParams":               reflect.TypeFor[portone.PaymentScheduleListParams](),
	"PaymentScheduleSortBy":                   reflect.TypeFor[portone.PaymentScheduleSortBy](),
	"PaymentScheduleSortInput":                reflect.TypeFor[portone.PaymentScheduleSortInput](),
	"PaymentScheduleStatus":                   reflect.TypeFor[portone.PaymentScheduleStatus](),
	"PaymentScheduleSummary":                  reflect.TypeFor[portone.PaymentScheduleSummary](),
	"PaymentScheduleVariant":                  reflect.TypeFor[portone.PaymentScheduleVariant](),
	"PaymentSchedulesService":                 reflect.TypeFor[portone.PaymentSchedulesService](),
	"PaymentSortBy":                           reflect.TypeFor[portone.PaymentSortBy](),
	"PaymentStatus":                           reflect.TypeFor[portone.PaymentStatus](),
	"PaymentTextSearch":                       reflect.TypeFor[portone.PaymentTextSearch](),
	"PaymentTextSearchField":                  reflect.TypeFor[portone.PaymentTextSearchField](),
	"PaymentTimestampType":                    reflect.TypeFor[portone.PaymentTimestampType](),
	"PaymentTransaction":                      reflect.TypeFor[portone.PaymentTransaction](),
	"PaymentVariant":                          reflect.TypeFor[portone.PaymentVariant](),
	"PaymentWebhook":                          reflect.TypeFor[portone.PaymentWebhook](),
	"PaymentWebhookPaymentStatus":             reflect.TypeFor[portone.PaymentWebhookPaymentStatus](),
	"PaymentWebhookRequest":                   reflect.TypeFor[portone.PaymentWebhookRequest](),
	"PaymentWebhookResponse":                  reflect.TypeFor[portone.PaymentWebhookResponse](),
	"PaymentWebhookStatus":                    reflect.TypeFor[portone.PaymentWebhookStatus](),
	"PaymentWebhookTrigger":                   reflect.TypeFor[portone.PaymentWebhookTrigger](),
	"PaymentsService":                         reflect.TypeFor[portone.PaymentsService](),
	"PendingPaymentSchedule":                  reflect.TypeFor[portone.PendingPaymentSchedule](),
	"PGBillingKeyIssueResponse":               reflect.TypeFor[portone.PGBillingKeyIssueResponse](),
	"PGCompany":                               reflect.TypeFor[portone.PGCompany](),
	"PGProvider":                              reflect.TypeFor[portone.PGProvider](),
	"Version":                                 reflect.TypeFor[portone.Version](),
	"PreRegisterPaymentParams":                reflect.TypeFor[portone.PreRegisterPaymentParams](),
	"PromotionDiscountRetainOption":           reflect.TypeFor[portone.PromotionDiscountRetainOption](),
	"RateLimitError":                          reflect.TypeFor[portone.RateLimitError](),
	"ReadyIdentityVerification":               reflect.TypeFor[portone.ReadyIdentityVerification](),
	"ReadyPayment":                            reflect.TypeFor[portone.ReadyPayment](),
	"RawText":                                 reflect.TypeFor[portone.RawText](),
	"RefundAccount":                           reflect.TypeFor[portone.RefundAccount](),
	"RegisterStoreReceiptParams":              reflect.TypeFor[portone.RegisterStoreReceiptParams](),
	"RegisteredStoreReceipt":                  reflect.TypeFor[portone.RegisteredStoreReceipt](),
	"RequestOption":                           reflect.TypeFor[portone.RequestOption](),
	"RequestedPaymentCancellation":            reflect.TypeFor[portone.RequestedPaymentCancellation](),
	"ResendIdentityVerificationResponse":      reflect.TypeFor[portone.ResendIdentityVerificationResponse](),
	"ResendWebhookParams":                     reflect.TypeFor[portone.ResendWebhookParams](),
	"ResponseMeta":                            reflect.TypeFor[portone.ResponseMeta](),
	"ResponseTooLargeError":                   reflect.TypeFor[portone.ResponseTooLargeError](),
	"RetryPolicy":                             reflect.TypeFor[portone.RetryPolicy](),
	"RevokePaymentSchedulesParams":            reflect.TypeFor[portone.RevokePaymentSchedulesParams](),
	"RevokePaymentSchedulesResponse":          reflect.TypeFor[portone.RevokePaymentSchedulesResponse](),
	"RevokedPaymentSchedule":                  reflect.TypeFor[portone.RevokedPaymentSchedule](),
	"ScheduledPaymentSchedule":                reflect.TypeFor[portone.ScheduledPaymentSchedule](),
	"Secret":                                  reflect.TypeFor[portone.Secret](),
	"SelectedChannel":                         reflect.TypeFor[portone.SelectedChannel](),
	"SelectedChannelType":                     reflect.TypeFor[portone.SelectedChannelType](),
	"SendIdentityVerificationCustomer":        reflect.TypeFor[portone.SendIdentityVerificationCustomer](),
	"SendIdentityVerificationParams":          reflect.TypeFor[portone.SendIdentityVerificationParams](),
	"SendIdentityVerificationResponse":        reflect.TypeFor[portone.SendIdentityVerificationResponse](),
	"SeparatedAddressInput":                   reflect.TypeFor[portone.SeparatedAddressInput](),
	"SortOrder":                               reflect.TypeFor[portone.SortOrder](),
	"StartedPaymentSchedule":                  reflect.TypeFor[portone.StartedPaymentSchedule](),
	"StopPaymentCancellationParams":           reflect.TypeFor[portone.StopPaymentCancellationParams](),
	"StoppedCancellation":                     reflect.TypeFor[portone.StoppedCancellation](),
	"StoreReceiptItem":                        reflect.TypeFor[portone.StoreReceiptItem](),
	"SucceededPaymentCancellation":            reflect.TypeFor[portone.SucceededPaymentCancellation](),
	"SucceededPaymentSchedule":                reflect.TypeFor[portone.SucceededPaymentSchedule](),
	"UnknownBillingKeyInfo":                   reflect.TypeFor[portone.UnknownBillingKeyInfo](),
	"UnknownBillingKeyPaymentMethod":          reflect.TypeFor[portone.UnknownBillingKeyPaymentMethod](),
	"UnknownCashReceipt":                      reflect.TypeFor[portone.UnknownCashReceipt](),
	"UnknownChannelSpecificFailure":           reflect.TypeFor[portone.UnknownChannelSpecificFailure](),
	"UnknownIdentityVerification":             reflect.TypeFor[portone.UnknownIdentityVerification](),
	"UnknownPayment":                          reflect.TypeFor[portone.UnknownPayment](),
	"UnknownPaymentCancellation":              reflect.TypeFor[portone.UnknownPaymentCancellation](),
	"UnknownPaymentCashReceipt":               reflect.TypeFor[portone.UnknownPaymentCashReceipt](),
	"UnknownPaymentEvent":                     reflect.TypeFor[portone.UnknownPaymentEvent](),
	"UnknownPaymentMethod":                    reflect.TypeFor[portone.UnknownPaymentMethod](),
	"UnknownPaymentSchedule":                  reflect.TypeFor[portone.UnknownPaymentSchedule](),
	"UnknownPGBillingKeyIssueResponse":        reflect.TypeFor[portone.UnknownPGBillingKeyIssueResponse](),
	"ValidationError":                         reflect.TypeFor[portone.ValidationError](),
	"VerifiedIdentityVerification":            reflect.TypeFor[portone.VerifiedIdentityVerification](),
	"VerifiedPayment":                         reflect.TypeFor[portone.VerifiedPayment](),
	"VerifyParams":                            reflect.TypeFor[portone.VerifyParams](),
	"VirtualAccountExpiry":                    reflect.TypeFor[portone.VirtualAccountExpiry](),
	"VirtualAccountIssuedPayment":             reflect.TypeFor[portone.VirtualAccountIssuedPayment](),
	"VirtualAccountOption":                    reflect.TypeFor[portone.VirtualAccountOption](),
	"VirtualAccountOptionType":                reflect.TypeFor[portone.VirtualAccountOptionType](),
}

// plantedAPISecret is the V2 API secret the clients are built with.
var plantedAPISecret = redacttest.Secret("portone-api-secret")

// TestRedactionMatrix plants card numbers (in four spellings), account
// numbers, billing keys, the API secret and other secrets in every
// exported type of the package — payments and billing keys decoded from
// sandbox responses, clients built with the planted secret and holding
// the sandbox's access and refresh tokens, errors of calls that sent
// planted values, and a populated value of every type — and prints each,
// a pointer to it and structs, slices and maps holding it with every fmt
// verb and through slog's text and JSON handlers. No output may hold any
// fragment of a planted value or of a token.
func TestRedactionMatrix(t *testing.T) {
	redacttest.RequireEveryType(t, portoneTypes, ".")

	srv := portonetest.NewServer(portonetest.WithAPISecret(plantedAPISecret))
	defer srv.Close()
	secretClient := sandboxClientWith(t, srv, plantedAPISecret)
	tokenClient := sandboxClientWith(t, srv, plantedAPISecret, portone.WithTokenAuth())

	values := realisticValues(t, srv, secretClient, tokenClient)
	for _, c := range []*portone.Client{secretClient, tokenClient} {
		values["Client"] = append(values["Client"], *c)
		values["PaymentsService"] = append(values["PaymentsService"], *c.Payments)
		values["BillingKeysService"] = append(values["BillingKeysService"], *c.BillingKeys)
		values["PaymentSchedulesService"] = append(values["PaymentSchedulesService"], *c.PaymentSchedules)
		values["CashReceiptsService"] = append(values["CashReceiptsService"], *c.CashReceipts)
		values["IdentityVerificationsService"] = append(values["IdentityVerificationsService"], *c.IdentityVerifications)
	}

	detector := redacttest.NewDetector(plantedAPISecret)
	detector.AddRandom(redacttest.RandomParts(sandboxTokens(t, srv))...)
	redacttest.Matrix{
		Types:    portoneTypes,
		Values:   values,
		Holders:  staticHolders(secretClient, tokenClient, values["Payment"][3].(portone.Payment), values["Card"][0].(portone.Card)),
		Detector: detector,
		Holding: []string{"Card", "CardNumber", "AccountNumber", "Secret", "BillingKey", "RawText",
			"PaymentMethodCard", "PaymentMethodVirtualAccount", "PaymentMethodTransfer", "Payment", "PaidPayment",
			"UnknownPayment", "BillingKeyInfo", "RefundAccount", "CardCredential", "ConfirmBillingKeyParams",
			"ConfirmPaymentParams", "IdentityVerification", "VerifiedIdentityVerification", "CancelPaymentParams"},
	}.Check(t)
}

func sandboxClientWith(t *testing.T, srv *portonetest.Server, secret string, opts ...portone.Option) *portone.Client {
	t.Helper()
	c, err := portone.NewClient(secret, sandboxtest.ClientOptions(srv.URL(), opts...)...)
	require.NoError(t, err)
	return c
}

// realisticValues returns, by type name, values the client produced
// against the sandbox from responses and requests holding planted values,
// and under "error" the errors of calls that sent planted values.
func realisticValues(t *testing.T, srv *portonetest.Server, c, tc *portone.Client) map[string][]any {
	ctx := context.Background()
	out := map[string][]any{}
	add := func(name string, v any) { out[name] = append(out[name], v) }
	billingKey := redacttest.Secret("payment-billing-key")
	card := func(number string) *portone.PaymentMethodCard {
		c := &portone.Card{Publisher: "KB", Name: "KB국민카드", Number: portone.CardNumber(number)}
		return &portone.PaymentMethodCard{Card: c, ApprovalNumber: "30012345"}
	}
	methods := []portone.PaymentMethod{
		&portone.PaymentMethodVirtualAccount{Bank: portone.BankShinhan, AccountNumber: redacttest.Account, RemitteeName: "(주)페이킷"},
		&portone.PaymentMethodTransfer{Bank: portone.BankToss, AccountNumber: redacttest.AccountDigits},
		&portone.PaymentMethodEasyPay{Provider: portone.EasyPayProviderKakaopay, EasyPayMethod: card(redacttest.CardDigits)},
	}
	for _, number := range redacttest.CardSpellings {
		methods = append(methods, card(number))
	}

	var payments []*portone.Payment
	for i, m := range methods {
		spec := portonetest.PaymentSpec{Total: 15000, Method: m, BillingKey: billingKey}
		if i == 0 {
			spec.Status = portone.PaymentStatusVirtualAccountIssued
		}
		p, err := []*portone.Client{c, tc}[i%2].Payments.Get(ctx, srv.CreatePayment(spec).ID)
		require.NoError(t, err)
		payments = append(payments, p)
		add("Payment", *p)
		add("PaymentCommon", p.PaymentCommon)
		addVariant(add, p.Variant)
		addMethod(add, p.Method)
	}
	b, err := json.Marshal(payments[3])
	require.NoError(t, err)
	require.Contains(t, string(b), redacttest.CardDashed, "the payments really hold the planted numbers")
	require.Contains(t, string(b), billingKey)
	b, err = json.Marshal(payments[0])
	require.NoError(t, err)
	require.Contains(t, string(b), redacttest.Account)

	verified, err := tc.Payments.Verify(ctx, portone.VerifyParams{PaymentID: payments[0].ID, Amount: 15000, Currency: portone.CurrencyKRW, AllowTest: true})
	require.NoError(t, err)
	require.NotNil(t, verified.VirtualAccount)
	add("VerifiedPayment", *verified)
	page, err := c.Payments.List(ctx, portone.PaymentListParams{})
	require.NoError(t, err)
	add("PaymentPage", *page)

	issuedKey := redacttest.Secret("issued-billing-key")
	srv.IssueBillingKey(portonetest.BillingKeySpec{BillingKey: issuedKey, Card: &portone.Card{Name: "KB국민카드"}})
	info, err := tc.BillingKeys.Get(ctx, portone.BillingKey(issuedKey))
	require.NoError(t, err)
	add("BillingKeyInfo", *info)
	add("BillingKeyInfoCommon", info.BillingKeyInfoCommon)
	credential := portone.CardCredential{Number: redacttest.CardDigits, ExpiryYear: "29", ExpiryMonth: "12",
		BirthOrBusinessRegistrationNumber: "900101", PasswordTwoDigits: "12"}
	issue := portone.IssueBillingKeyParams{ChannelKey: portonetest.ChannelKey,
		Method: portone.BillingKeyMethodInput{Card: &portone.BillingKeyCardInput{Credential: credential}}}
	issued, err := c.BillingKeys.Issue(ctx, issue)
	require.NoError(t, err)
	add("IssueBillingKeyResponse", *issued)
	add("IssueBillingKeyParams", issue)
	add("CardCredential", credential)

	refund := &portone.RefundAccount{Bank: portone.BankShinhan, Number: redacttest.Account, HolderName: "홍길동"}
	cancel := portone.CancelPaymentParams{PaymentID: payments[0].ID, Amount: 1000, Reason: "부분 환불", RefundAccount: refund,
		CurrentCancellableAmount: portone.Ptr(payments[0].Amount.Total)}
	add("CancelPaymentParams", cancel)
	add("RefundAccount", *refund)
	charge := portone.BillingKeyPaymentParams{PaymentID: "charge-1", BillingKey: portone.BillingKey(issuedKey), OrderName: "정기결제",
		Amount: portone.PaymentAmountInput{Total: 9900}, Currency: portone.CurrencyKRW}
	add("BillingKeyPaymentParams", charge)

	// Errors of calls that sent planted values.
	var errs []error
	call := func(err error) {
		require.Error(t, err)
		errs = append(errs, err)
		add("error", err)
	}
	_, err = c.Payments.Cancel(ctx, portone.CancelPaymentParams{PaymentID: "missing-payment", Full: true, Reason: "x", RefundAccount: refund})
	call(err)
	charge.BillingKey = portone.BillingKey(redacttest.Secret("unknown-billing-key"))
	_, err = tc.Payments.PayWithBillingKey(ctx, charge)
	call(err)
	bad := issue
	bad.Method.Card = &portone.BillingKeyCardInput{Credential: credential}
	bad.Method.Card.Credential.Number = redacttest.CardDashed
	_, err = c.BillingKeys.Issue(ctx, bad)
	call(err)
	_, err = c.Payments.Get(ctx, redacttest.CardDigits+"\n")
	call(err)
	_, err = c.BillingKeys.Get(ctx, portone.BillingKey(issuedKey+" "))
	call(err)
	srv.Inject(portonetest.OpPaymentCancel, portonetest.Faults.StatusAfterApply(500, `{"type":"INTERNAL"}`), 1)
	srv.Inject(portonetest.OpPaymentCancel, portonetest.Faults.Status(400, `{"type":"INVALID_REQUEST","message":"환불 계좌 오류"}`), -1)
	_, err = c.Payments.Cancel(ctx, cancel)
	call(err)
	srv.ClearFaults()
	sandboxtest.Settle(t, srv)
	// Printing masks, the wire does not: the refund account, the card
	// number and the billing key are sent as they are.
	for op, value := range map[portonetest.Operation]string{
		portonetest.OpPaymentCancel: redacttest.Account, portonetest.OpBillingKeyIssue: redacttest.CardDigits,
		portonetest.OpBillingKeyPay: redacttest.Secret("unknown-billing-key"),
	} {
		require.True(t, sentInClear(srv.Requests(), op, value), "%s sends %s as is", op, value)
	}
	var unknown *portone.OutcomeUnknownError
	require.ErrorAs(t, errs[len(errs)-1], &unknown)
	add("OutcomeUnknownError", *unknown)
	var apiErr *portone.APIError
	require.ErrorAs(t, errs[0], &apiErr)
	add("APIError", *apiErr)
	var invalid *portone.ValidationError
	require.ErrorAs(t, errs[2], &invalid)
	add("ValidationError", *invalid)
	return out
}

func addVariant(add func(string, any), v portone.PaymentVariant) {
	switch v := v.(type) {
	case *portone.PaidPayment:
		add("PaidPayment", *v)
	case *portone.VirtualAccountIssuedPayment:
		add("VirtualAccountIssuedPayment", *v)
	}
}

func addMethod(add func(string, any), m portone.PaymentMethod) {
	switch m := m.(type) {
	case *portone.PaymentMethodCard:
		add("PaymentMethodCard", *m)
		add("Card", *m.Card)
	case *portone.PaymentMethodVirtualAccount:
		add("PaymentMethodVirtualAccount", *m)
	case *portone.PaymentMethodTransfer:
		add("PaymentMethodTransfer", *m)
	case *portone.PaymentMethodEasyPay:
		add("PaymentMethodEasyPay", *m)
	}
}

// sentInClear reports whether a request for op the sandbox received
// carried value, in its body or its path.
func sentInClear(reqs []portonetest.Request, op portonetest.Operation, value string) bool {
	for _, r := range reqs {
		if r.Op == op && (strings.Contains(string(r.Body), value) || strings.Contains(r.Path, value)) {
			return true
		}
	}
	return false
}

// sandboxTokens returns the access and refresh tokens the sandbox issued,
// as it received them.
func sandboxTokens(t *testing.T, srv *portonetest.Server) []string {
	access, refresh := receivedTokens(srv)
	require.NotEmpty(t, access, "the token client used access tokens")
	return append(access, refresh...)
}

// receivedTokens returns the access tokens the sandbox received as Bearer
// credentials and the refresh tokens it received at POST /token/refresh.
func receivedTokens(srv *portonetest.Server) (access, refresh []string) {
	reqs := srv.Requests()
	for _, req := range reqs {
		if req.Op == portonetest.OpTokenRefresh {
			var body struct{ RefreshToken string }
			if json.Unmarshal(req.Body, &body) == nil && body.RefreshToken != "" {
				refresh = append(refresh, body.RefreshToken)
			}
		}
	}
	return sandboxtest.BearerTokens(reqs, func(r portonetest.Request) http.Header { return r.Header }), refresh
}

// staticHolders are structs of a caller's program that keep paykit values:
// embedded (their methods promoted), in exported and unexported fields.
// reflect cannot build these.
func staticHolders(c, tc *portone.Client, p portone.Payment, card portone.Card) map[string]any {
	type service struct {
		Name   string
		client *portone.Client
	}
	// A payment kept in an unexported field is not here: fmt prints a value
	// it reaches through an unexported field with every method switched
	// off, so a billing key (a string type) in it would print. Credentials,
	// kept behind pointers, do not.
	type keeps struct {
		name   string
		client portone.Client
	}
	return map[string]any{
		"a struct embedding a Client":          struct{ portone.Client }{*c},
		"a struct embedding a token Client":    struct{ portone.Client }{*tc},
		"a struct embedding a *Client":         struct{ *portone.Client }{tc},
		"a struct with a Client field":         struct{ C portone.Client }{*tc},
		"a struct embedding a Payment":         struct{ portone.Payment }{p},
		"a struct embedding a *Payment":        struct{ *portone.Payment }{&p},
		"a struct embedding a *Card":           struct{ *portone.Card }{&card},
		"a struct embedding a Card":            struct{ portone.Card }{card},
		"a service with an unexported *Client": service{"checkout", tc},
		"a struct with unexported fields":      keeps{name: "checkout", client: *tc},
	}
}
