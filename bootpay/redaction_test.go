package bootpay_test

import (
	"context"
	"log/slog"
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

	var tokens []string
	for _, req := range srv.Requests() {
		if h := req.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			tokens = append(tokens, strings.TrimPrefix(h, "Bearer "))
		}
	}
	require.NotEmpty(t, tokens, "the legacy client used tokens")

	secrets := append([]string{secretKey, privateKey, cardNumber, account}, tokens...)
	logText := logs.String()
	require.Contains(t, logText, "receipts.cancel", "the logger saw the calls")
	all := logText + strings.Join(outputs, "\n")
	for _, s := range secrets {
		assert.NotContains(t, all, s, "secret leaked")
	}
	if frag, secret, found := redacttest.NewDetector(secrets...).Find(all); found {
		t.Errorf("a fragment %q of %q leaked, in clear or encoded", frag, secret)
	}
	for _, s := range []string{"Authorization", "Basic ", "Bearer "} {
		assert.NotContains(t, logText, s, "credential header in logs")
	}
}
