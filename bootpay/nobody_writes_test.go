package bootpay

import (
	"context"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The cash-receipt cancels and Certificates.Resend read no result
// (Send[NoBody]), yet not every 2xx is their success: an HTML page a
// proxy or captive portal answers with does not even prove the request
// reached Bootpay, so it is a *DecodeError inside an unknown outcome, as
// for a typed write; and a 2xx carrying Bootpay's error_code (Bootpay's
// own SDKs read a body with error_code as a failure whatever its status)
// is Bootpay's refusal, an *APIError on a single clean attempt. An empty
// body, a 204 and any JSON body stay their success.
func TestNoBodyWritesRefuseA2xxThatIsNotBootpaysSuccess(t *testing.T) {
	answers := map[string]func(*http.Request) (*http.Response, error){
		"html page": func(*http.Request) (*http.Response, error) {
			resp := httpmock.NewStringResponse(http.StatusOK, `<html><body>please sign in</body></html>`)
			resp.Header.Set("Content-Type", "text/html")
			return resp, nil
		},
		"error_code in a 2xx": func(*http.Request) (*http.Response, error) {
			resp := httpmock.NewStringResponse(http.StatusOK, `{"error_code":"RC_CASH_RECEIPT_FAILED","message":"현금영수증 취소 실패"}`)
			resp.Header.Set("Content-Type", "application/json")
			return resp, nil
		},
	}
	calls := map[string]func(context.Context, *Client) error{
		"cash_receipts.cancel": func(ctx context.Context, c *Client) error {
			return c.CashReceipts.Cancel(ctx, CashReceiptCancelParams{ReceiptID: "62afc194e38c300021b345d4", Username: "관리자"})
		},
		"cash_receipts.cancel_standalone": func(ctx context.Context, c *Client) error {
			return c.CashReceipts.CancelStandalone(ctx, CashReceiptCancelParams{ReceiptID: "62afc194e38c300021b345d4"})
		},
		"certificates.resend": func(ctx context.Context, c *Client) error {
			return c.Certificates.Resend(ctx, "62afc194e38c300021b345d4")
		},
	}
	for callName, call := range calls {
		for answerName, answer := range answers {
			t.Run(callName+"/"+answerName, func(t *testing.T) {
				ws := newWireServer(t)
				ws.ThenFunc(answer)
				c := ws.client(t, BasicAuth("ck", "sk"))
				err := call(t.Context(), c)
				require.Error(t, err, "%s answered %s read as success", callName, answerName)
				assert.Len(t, ws.requests(), 1)
				if answerName == "html page" {
					assert.ErrorIs(t, err, ErrOutcomeUnknown, "a page no Bootpay server wrote proves nothing")
					var derr *DecodeError
					require.ErrorAs(t, err, &derr)
					assert.Equal(t, callName, derr.Op)
					return
				}
				assert.NotErrorIs(t, err, ErrOutcomeUnknown, "one attempt, answered: nothing was applied")
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, CodeCashReceiptFailed, apiErr.Code)
				assert.Equal(t, "현금영수증 취소 실패", apiErr.Message)
				assert.Equal(t, http.StatusOK, apiErr.StatusCode)
				assert.Equal(t, callName, apiErr.Op)
			})
		}
		t.Run(callName+"/success", func(t *testing.T) {
			ws := newWireServer(t)
			for _, body := range []string{"", " \n", "{}", "null", `{"receipt_id":"62afc194e38c300021b345d4","success":true}`} {
				ws.then(http.StatusOK, body)
			}
			ws.then(http.StatusNoContent, "")
			c := ws.client(t, BasicAuth("ck", "sk"))
			for range 6 {
				require.NoError(t, call(t.Context(), c), "an empty or JSON answer is the write's success")
			}
			assert.Len(t, ws.requests(), 6)
		})
	}
}

// A no-body write whose first attempt may have been applied (a 503) and
// whose retry is answered with a 2xx error_code ends unknown: the refusal
// may be the echo of the first attempt ("already cancelled"). Bootpay's
// refusal stays reachable for the logs.
func TestNoBodyWriteRefusedAfterAnAttemptThatMayHaveAppliedIsUnknown(t *testing.T) {
	ws := newWireServer(t)
	ws.then(http.StatusServiceUnavailable, `{"error_code":"INTERNAL","message":"busy"}`)
	ws.then(http.StatusOK, `{"error_code":"RC_ALREADY_CANCELLED","message":"이미 취소되었습니다."}`)
	c := ws.client(t, BasicAuth("ck", "sk"))
	err := c.CashReceipts.Cancel(t.Context(), CashReceiptCancelParams{ReceiptID: "rc-bank-1"})
	require.Len(t, ws.requests(), 2)
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, "rc-bank-1", unknown.Reference)
	assert.NotErrorIs(t, err, ErrConflict, "no category but the unknown outcome")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr, "the refusal is reachable")
	assert.Equal(t, CodeAlreadyCancelled, apiErr.Code)
}
