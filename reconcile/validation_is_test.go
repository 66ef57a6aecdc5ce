package reconcile_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/reconcile"
)

// TestValidationErrorMatchesErrInvalidRequest: a period refused before any
// I/O matches the same ErrInvalidRequest every paykit package exports, as
// the gateways' own ValidationErrors do.
func TestValidationErrorMatchesErrInvalidRequest(t *testing.T) {
	now := time.Now()
	var err error
	for _, e := range reconcile.Run(context.Background(), nil, nil, reconcile.Period{From: now, Until: now}, reconcile.Options{}) {
		err = e
		break
	}
	var ve *reconcile.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a *ValidationError", err)
	}
	if !errors.Is(err, reconcile.ErrInvalidRequest) || !errors.Is(err, bootpay.ErrInvalidRequest) {
		t.Fatalf("%v does not match ErrInvalidRequest", err)
	}
	if errors.Is(errors.New("other"), reconcile.ErrInvalidRequest) {
		t.Fatal("an unrelated error matches ErrInvalidRequest")
	}
}
