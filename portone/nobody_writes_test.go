package portone

import (
	"context"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// captivePortalHTML is what a captive portal, a misrouting proxy or a
// wrong base URL answers with a 200: not PortOne's answer.
const captivePortalHTML = `<html><body><h1>Welcome</h1><p>please sign in to continue</p></body></html>`

// Capture and PreRegister read no result (Send[NoBody]), yet not every
// 2xx is their success. PortOne documents a JSON object ({}) for both; an
// answer that is not JSON says nothing about whether the write reached
// PortOne, so it ends as an unknown outcome carrying the payment id (as it
// does for every write whose result is typed), never as "captured" or
// "registered". An empty body and any JSON body stay their success.
func TestNoBodyWritesRefuseAnHTML2xx(t *testing.T) {
	for name, call := range map[string]func(context.Context, *Client) error{
		"capture": func(ctx context.Context, c *Client) error {
			return c.Payments.Capture(ctx, CapturePaymentParams{PaymentID: "p-1"})
		},
		"pre-register": func(ctx context.Context, c *Client) error {
			return c.Payments.PreRegister(ctx, PreRegisterPaymentParams{PaymentID: "p-1"})
		},
	} {
		t.Run(name, func(t *testing.T) {
			ws := newWireServer(t, `{}`)
			ws.thenFunc(func(*http.Request) (*http.Response, error) {
				resp := httpmock.NewStringResponse(http.StatusOK, captivePortalHTML)
				resp.Header.Set("Content-Type", "text/html")
				return resp, nil
			})
			c := testClient(t, ws)
			err := call(t.Context(), c)
			require.Error(t, err, "an HTML page read as PortOne's success")
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
			assert.Len(t, ws.recorded(), 1)
			var unknown *OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			assert.Equal(t, "p-1", unknown.Reference)
			var derr *DecodeError
			require.ErrorAs(t, err, &derr, "the page is a bad reply")
			assert.Equal(t, http.StatusOK, derr.Status)

			ws.then(http.StatusOK, "")
			require.NoError(t, call(t.Context(), c), "an empty answer")
			require.NoError(t, call(t.Context(), c), "PortOne's {}")
			assert.Len(t, ws.recorded(), 3)
		})
	}
}
