package portone

// CashReceiptsService issues, looks up and cancels cash receipts (현금영수증).
// Use it through the Client field of the same name.
type CashReceiptsService struct{ c *Client }
