package portone

// PaymentsService looks payments up and lists them, cancels, captures, confirms, pre-registers and charges them.
// Use it through the Client field of the same name.
type PaymentsService struct{ c *Client }
