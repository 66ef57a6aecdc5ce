package portone_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
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
	opts := []portone.Option{
		portone.WithBaseURL(srv.URL()),
		portone.WithTimeout(sandboxtest.AttemptTimeout),
		portone.WithRetryPolicy(sandboxtest.FastRetries()),
		portone.WithLogger(logger),
		portone.WithClock(clock.Now),
	}
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
			v, err := c.Payments.Verify(ctx, portone.VerifyParams{PaymentID: paid.ID, Amount: 30000, Currency: portone.CurrencyKRW})
			record(v, err)
			v, err = c.Payments.Verify(ctx, portone.VerifyParams{PaymentID: vaPay.ID, Amount: 5000, Currency: portone.CurrencyKRW})
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
	var accessTokens, refreshTokens []string
	for _, req := range srv.Requests() {
		if h := req.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			accessTokens = append(accessTokens, strings.TrimPrefix(h, "Bearer "))
		}
		if req.Op == portonetest.OpTokenRefresh {
			var body struct{ RefreshToken string }
			if json.Unmarshal(req.Body, &body) == nil && body.RefreshToken != "" {
				refreshTokens = append(refreshTokens, body.RefreshToken)
			}
		}
	}
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
	distinctive := append([]string{leakCardNumber, leakAccount}, redacttest.RandomParts(accessTokens)...)
	if frag, secret, found := redacttest.NewDetector(append(distinctive, redacttest.RandomParts(refreshTokens)...)...).Find(all); found {
		t.Errorf("a fragment %q of %q leaked, in clear or encoded", frag, secret)
	}
	for _, s := range []string{"Authorization", "Bearer ", "apiSecret", "refreshToken"} {
		assert.NotContains(t, logText, s, "credential field in the log")
	}
	t.Logf("%d rounds, %d values printed, %d log bytes, %d access and %d refresh tokens checked",
		n, len(outputs), len(logText), len(accessTokens), len(refreshTokens))
}
