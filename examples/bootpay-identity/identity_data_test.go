package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
)

// TestVerifiedWithoutIdentityDataIsRefused: a confirm answered with a
// certificate of this verification in status 12 that carries no
// authenticate_data, or one without its unique (CI), keeps no CI: Verify
// refuses it with a *bootpay.NotVerifiedError naming authenticate_data,
// and never panics on a nil cert.Data.
func TestVerifiedWithoutIdentityDataIsRefused(t *testing.T) {
	for name, data := range map[string]string{
		"no authenticate_data": ``,
		"no unique (CI)":       `,"authenticate_data":{"name":"홍길동","phone":"01012345678","carrier":"KT"}`,
	} {
		t.Run(name, func(t *testing.T) {
			srv, c, read := setup(t)
			readAndBreak := func(receiptID string) (string, error) {
				reply := `{"receipt_id":"` + receiptID + `","authenticate_id":"signup-34","status":12,` +
					`"authenticated_at":"` + time.Now().Format(time.RFC3339) + `"` + data + `}`
				srv.Inject(bootpaytest.OpAuthConfirm, bootpaytest.Faults.Status(200, reply), 1)
				return read(receiptID)
			}
			var v *Verified
			var err error
			require.NotPanics(t, func() {
				v, err = Verify(context.Background(), c, person, "signup-34", readAndBreak, &bytes.Buffer{})
			})
			require.Error(t, err, "a verification without identity data keeps no CI: got %+v", v)
			assert.Nil(t, v)
			var notVerified *bootpay.NotVerifiedError
			require.ErrorAs(t, err, &notVerified)
			assert.True(t, notVerified.Has("authenticate_data"), "%v", err)
			assert.Equal(t, 1, srv.Stats().Requests[bootpaytest.OpAuthConfirm], "the code is confirmed once")
		})
	}
}
