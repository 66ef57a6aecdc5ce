package portone

// BillingKeysService issues, confirms, looks up and deletes billing keys (빌링키).
// Use it through the Client field of the same name.
type BillingKeysService struct{ c *Client }
