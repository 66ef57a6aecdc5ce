package portone

// 2xx replies to writes that say something other than what was asked:
// never returned as the write's success, but as an unknown outcome
// carrying what to look up.

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIdentityConfirmRefusesWhatIsNotThisVerification: PortOne's schema
// answers a confirm (본인인증 확인) with the completed verification
// (required, a VerifiedIdentityVerification). A reply that is not that is
// no proof of this customer, and ends with ErrOutcomeUnknown (something
// may have been applied under the key) carrying the verification id,
// around a *DecodeError, after one request:
//   - {} or a null verification (a nil Variant, whose Status() panics);
//   - another verification (its id), e.g. a key reused across two
//     customers' confirms: another person's CI/DI;
//   - a FAILED, READY or unknown-status verification: not verified.
//
// The verification itself is the answer.
func TestIdentityConfirmRefusesWhatIsNotThisVerification(t *testing.T) {
	const id = "identity-verification-0001"
	failed := string(mustRead("identity_verifications", "failed.json"))
	ready := string(mustRead("identity_verifications", "ready.json"))
	unknown := string(mustRead("identity_verifications", "unknown_status.json"))
	for name, reply := range map[string]string{
		"empty object":            `{}`,
		"null verification":       `{"identityVerification":null}`,
		"verification without id": `{"identityVerification":` + replyNaming(verifiedJSON, "id", "") + `}`,
		"another verification":    `{"identityVerification":` + replyNaming(verifiedJSON, "id", "identity-verification-of-someone-else") + `}`,
		"a failed verification":   `{"identityVerification":` + replyNaming(failed, "id", id) + `}`,
		"a ready verification":    `{"identityVerification":` + replyNaming(ready, "id", id) + `}`,
		"an unknown status":       `{"identityVerification":` + replyNaming(unknown, "id", id) + `}`,
	} {
		t.Run(name, func(t *testing.T) {
			ws := newWireServer(t, reply)
			c := testClient(t, ws)
			out, err := c.IdentityVerifications.Confirm(context.Background(), ConfirmIdentityVerificationParams{
				IdentityVerificationID: id, OTP: "482913",
			})
			if err == nil {
				t.Logf("returned as the confirmed verification: id %q, variant %T", out.IdentityVerification.ID, out.IdentityVerification.Variant)
			}
			require.Error(t, err, "not a verification of %s that PortOne completed", id)
			assert.Nil(t, out)
			require.ErrorIs(t, err, ErrOutcomeUnknown)
			var unknown *OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			assert.Equal(t, id, unknown.Reference, "the verification to look up")
			assert.Equal(t, "identityVerifications.confirm", unknown.Op)
			assert.NotEmpty(t, unknown.IdempotencyKey)
			var derr *DecodeError
			assert.ErrorAs(t, err, &derr, "a bad reply")
			assert.Len(t, ws.recorded(), 1, "a 2xx is not retried")
		})
	}

	t.Run("this verification, verified", func(t *testing.T) {
		ws := newWireServer(t, `{"identityVerification":`+verifiedJSON+`}`)
		out, err := testClient(t, ws).IdentityVerifications.Confirm(context.Background(), ConfirmIdentityVerificationParams{
			IdentityVerificationID: id, OTP: "482913",
		})
		require.NoError(t, err)
		assert.Equal(t, id, out.IdentityVerification.ID)
		assert.IsType(t, &VerifiedIdentityVerification{}, out.IdentityVerification.Variant)
	})
}

// TestRevokeRefusesAReplyWithoutTheAskedSchedules: Revoke names the
// schedules to revoke, and "if any selected schedule cannot be revoked,
// none is" (an error). A 2xx whose revokedScheduleIds leaves one of them
// out (another revoke's stored answer under a reused key, a cache keyed
// wrongly) is no revocation of it: the caller would believe schedule s-1
// revoked while PortOne charges the customer at its TimeToPay. It ends
// with ErrOutcomeUnknown carrying the asked ids. A reply listing every
// asked id (and maybe more, for a revoke by billing key too) is the
// answer, and so is any list, even empty, for a revoke by billing key
// alone.
func TestRevokeRefusesAReplyWithoutTheAskedSchedules(t *testing.T) {
	for _, tc := range []struct {
		name, reply string
		ids         []string
		billingKey  BillingKey
	}{
		{"another schedule", `{"revokedScheduleIds":["s-9"],"revokedAt":"2026-11-01T00:00:00Z"}`, []string{"s-1"}, ""},
		{"none of them", `{"revokedScheduleIds":[],"revokedAt":"2026-11-01T00:00:00Z"}`, []string{"s-1"}, ""},
		{"one of two", `{"revokedScheduleIds":["s-2"],"revokedAt":"2026-11-01T00:00:00Z"}`, []string{"s-1", "s-2"}, ""},
		{"by key and ids, without the ids", `{"revokedScheduleIds":["s-7"],"revokedAt":"2026-11-01T00:00:00Z"}`, []string{"s-1"}, "bk"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWireServer(t, tc.reply)
			c := testClient(t, ws)
			out, err := c.PaymentSchedules.Revoke(context.Background(), RevokePaymentSchedulesParams{ScheduleIDs: tc.ids, BillingKey: tc.billingKey})
			if err == nil {
				t.Logf("returned as the revocation of %v: %v", tc.ids, out.RevokedScheduleIDs)
			}
			require.Error(t, err, "s-1 was not revoked by this answer")
			assert.Nil(t, out)
			assert.ErrorIs(t, err, ErrOutcomeUnknown, "something was applied under the key, maybe not this revoke")
			var unknown *OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			assert.Equal(t, strings.Join(tc.ids, ","), unknown.Reference, "the schedules to look up")
			var derr *DecodeError
			assert.ErrorAs(t, err, &derr)
			assert.Len(t, ws.recorded(), 1, "a 2xx is not retried")
		})
	}

	for _, tc := range []struct {
		name, reply string
		ids         []string
		billingKey  BillingKey
	}{
		{"every asked id", `{"revokedScheduleIds":["s-2","s-1"],"revokedAt":"2026-11-01T00:00:00Z"}`, []string{"s-1", "s-2"}, ""},
		{"by key and ids, the ids and more", `{"revokedScheduleIds":["s-1","s-7"],"revokedAt":"2026-11-01T00:00:00Z"}`, []string{"s-1"}, "bk"},
		{"by key alone, an empty list", `{"revokedScheduleIds":[],"revokedAt":"2026-11-01T00:00:00Z"}`, nil, "bk"},
		{"by key alone, any list", `{"revokedScheduleIds":["s-3"],"revokedAt":"2026-11-01T00:00:00Z"}`, nil, "bk"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := newWireServer(t, tc.reply)
			out, err := testClient(t, ws).PaymentSchedules.Revoke(context.Background(),
				RevokePaymentSchedulesParams{ScheduleIDs: tc.ids, BillingKey: tc.billingKey})
			require.NoError(t, err)
			assert.NotNil(t, out)
		})
	}
}
