package portone

// IdentityVerificationsService looks up and drives identity verifications (본인인증).
// Use it through the Client field of the same name.
type IdentityVerificationsService struct{ c *Client }
