package commerce

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVerifyListFailureIsNoVerdictOnTheOrder: once the order was found, a
// failure listing its cancellation requests is a *CancellationListError
// that matches none of the categories a caller reads as a verdict on the
// order (ErrNotFound above all: a shop takes it for "no such order" and
// gives a paid checkout up), whatever the list answered — a 404 with
// Commerce's ORDER_CANCEL_REQUEST_NOT_FOUND or a lagging replica's
// ORDER_NOT_FOUND, a 400, a 409 — while errors.As still reaches the
// list's *APIError and the categories that say "try again" still match.
// A 404 with Commerce's code is not read as an empty list either: the
// order never passes on it.
func TestVerifyListFailureIsNoVerdictOnTheOrder(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		code   ErrorCode
		still  error // a category the failure still matches; nil: none
	}{
		{"no cancellation request", http.StatusNotFound, `{"success":false,"error_code":"ORDER_CANCEL_REQUEST_NOT_FOUND","message":"취소 요청을 찾지 못했습니다."}`, "ORDER_CANCEL_REQUEST_NOT_FOUND", nil},
		{"a lagging replica", http.StatusNotFound, `{"status":404,"code":"ORDER_NOT_FOUND","message":"주문을 찾지 못했습니다."}`, CodeOrderNotFound, nil},
		{"the documented numeric code", http.StatusNotFound, `{"status":404,"code":3700}`, CodeOrderNotFoundNumeric, nil},
		{"a refused parameter", http.StatusBadRequest, `{"status":400,"code":"API_PARAM_INVALID"}`, CodeParamInvalid, nil},
		{"a conflict", http.StatusConflict, `{"status":409,"code":"ORDER_LOCKED"}`, "ORDER_LOCKED", nil},
		{"a role refused", http.StatusForbidden, `{"status":403,"code":"API_ROLE_NOT_SUPPORT"}`, CodeRoleNotSupported, ErrPermissionDenied},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, c := newWire(t, `[]`)
			m.Then(http.StatusOK, paidOrderJSON)
			m.Then(tc.status, tc.body)
			o, err := verifyPaid(c)
			assert.Nil(t, o, "the order passed on a list that failed")
			require.Error(t, err)
			for _, verdict := range []error{ErrNotFound, ErrInvalidRequest, ErrConflict, ErrOutcomeUnknown} {
				assert.NotErrorIs(t, err, verdict, "a failed list of a found order reads as a verdict on it")
			}
			var listErr *CancellationListError
			require.ErrorAs(t, err, &listErr)
			assert.Equal(t, "N-1", listErr.OrderNumber)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr, "the list's answer stays reachable for logs")
			assert.Equal(t, tc.code, apiErr.Code)
			assert.Equal(t, orderCancellationEndpoints.list.Op, apiErr.Op)
			if tc.still != nil {
				assert.ErrorIs(t, err, tc.still)
			}
			assert.Len(t, m.Requests(), 2, "the order and its list")
		})
	}
}

// TestVerifyListServerFailureStillReadsAsTryAgain: a 5xx of the list keeps
// matching ErrServer (retry later), and a 404 that is no Commerce answer
// (a proxy's page) matches no category at all.
func TestVerifyListServerFailureStillReadsAsTryAgain(t *testing.T) {
	m, c := newWire(t, `[]`)
	m.Then(http.StatusOK, paidOrderJSON)
	for range 3 { // the first try and two retries
		m.Then(http.StatusBadGateway, `{"status":502,"code":"SERVER_ERROR"}`)
	}
	_, err := verifyPaid(c)
	assert.ErrorIs(t, err, ErrServer)
	assert.NotErrorIs(t, err, ErrNotFound)

	m, c = newWire(t, `[]`)
	m.Then(http.StatusOK, paidOrderJSON)
	m.Then(http.StatusNotFound, `<html><body>Not Found</body></html>`)
	_, err = verifyPaid(c)
	var listErr *CancellationListError
	require.ErrorAs(t, err, &listErr)
	for _, cat := range []error{ErrNotFound, ErrInvalidRequest, ErrConflict, ErrServer, ErrUnauthorized, ErrRateLimited, ErrOutcomeUnknown} {
		assert.NotErrorIs(t, err, cat)
	}
}

// TestListForFailuresAreCancellationListErrors: ListFor, which Verify and
// webhook.CommerceLookup both use, wraps every failure of the list of a
// found order, a *DecodeError too (still reachable), but not a bad order
// refused before any request.
func TestListForFailuresAreCancellationListErrors(t *testing.T) {
	m, c := newWire(t, `[]`)
	m.Then(http.StatusOK, `{"list":[{"order_number":"N-2","cancel_price":1000}],"count":1}`)
	_, err := c.OrderCancellations.ListFor(context.Background(), &Order{OrderID: "o-1", OrderNumber: "N-1"})
	var listErr *CancellationListError
	require.ErrorAs(t, err, &listErr)
	var derr *DecodeError
	assert.ErrorAs(t, err, &derr)
	assert.Contains(t, err.Error(), "N-1")

	_, err = c.OrderCancellations.ListFor(context.Background(), &Order{OrderID: "o-1"})
	var verr *ValidationError
	require.ErrorAs(t, err, &verr)
	assert.False(t, errors.As(err, &listErr), "a refusal before any request is the caller's input, not the list's failure")
	assert.ErrorIs(t, err, ErrInvalidRequest)
	assert.Len(t, m.Requests(), 1)
}
