package portone

// PaymentSchedulesService schedules billing-key payments and revokes schedules (결제 예약).
// Use it through the Client field of the same name.
type PaymentSchedulesService struct{ c *Client }
