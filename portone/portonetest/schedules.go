package portonetest

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/portone"
)

// A Schedule is a snapshot of a payment schedule stored in the sandbox, returned by
// [Server.Schedule].
type Schedule struct {
	ID         string
	PaymentID  string
	BillingKey string
	StoreID    string
	OrderName  string
	// Status is portone.PaymentScheduleStatusScheduled until the schedule is revoked (REVOKED) or
	// run at its timeToPay (SUCCEEDED, or FAILED when the charge failed; see
	// [Server.RunDueSchedules]). The sandbox charges in one step, so STARTED and PENDING do not
	// occur.
	Status portone.PaymentScheduleStatus
	// TotalAmount, TaxFreeAmount and VATAmount are the request's amount.total, amount.taxFree and
	// amount.vat (the latter two nil when it did not send them).
	TotalAmount   int64
	TaxFreeAmount *int64
	VATAmount     *int64
	Currency      portone.Currency
	CustomData    string
	TimeToPay     time.Time
	CreatedAt     time.Time
	// RevokedAt is zero unless Status is REVOKED.
	RevokedAt time.Time
	// StartedAt and CompletedAt are when the schedule ran, both the server's clock at that
	// moment; zero unless Status is SUCCEEDED or FAILED.
	StartedAt   time.Time
	CompletedAt time.Time
}

type schedule struct {
	id, storeID, paymentID, billingKey, orderName, customData string
	status                                                    portone.PaymentScheduleStatus
	customer                                                  customerJSON
	total                                                     int64
	taxFree, vat                                              *int64
	currency                                                  string
	installmentMonth                                          *int
	noticeURLs                                                []string
	products                                                  []productJSON
	createdAt, timeToPay, revokedAt                           time.Time
	startedAt, completedAt                                    time.Time
	charge                                                    billingKeyCharge // what runs at timeToPay
}

func (sc *schedule) snapshot() Schedule {
	out := Schedule{
		ID: sc.id, PaymentID: sc.paymentID, BillingKey: sc.billingKey, StoreID: sc.storeID, OrderName: sc.orderName,
		Status: sc.status, TotalAmount: sc.total, Currency: portone.Currency(sc.currency), CustomData: sc.customData,
		TimeToPay: sc.timeToPay, CreatedAt: sc.createdAt, RevokedAt: sc.revokedAt,
		StartedAt: sc.startedAt, CompletedAt: sc.completedAt,
	}
	if sc.taxFree != nil {
		out.TaxFreeAmount = ptr(*sc.taxFree)
	}
	if sc.vat != nil {
		out.VATAmount = ptr(*sc.vat)
	}
	return out
}

func (s *Server) renderSchedule(sc *schedule) sandbox.Response {
	return sandbox.JSON(http.StatusOK, scheduleJSON{
		Status: string(sc.status), ID: sc.id, MerchantID: s.cfg.merchantID, StoreID: sc.storeID, PaymentID: sc.paymentID,
		BillingKey: sc.billingKey, OrderName: sc.orderName, Customer: sc.customer, CustomData: sc.customData,
		TotalAmount: sc.total, TaxFreeAmount: sc.taxFree, VatAmount: sc.vat, Currency: sc.currency,
		InstallmentMonth: sc.installmentMonth, NoticeURLs: sc.noticeURLs, Products: sc.products,
		CreatedAt: sc.createdAt, TimeToPay: sc.timeToPay, RevokedAt: sc.revokedAt,
		StartedAt: sc.startedAt, CompletedAt: sc.completedAt,
	})
}

// Schedule returns a snapshot of the stored payment schedule, and whether it exists.
func (s *Server) Schedule(id string) (Schedule, bool) {
	return snapshotOf(s, s.schedules, id)
}

// handleScheduleCreate serves POST /payments/{paymentId}/schedule: {"schedule":{"id"}}. The
// payment input is checked as for POST /payments/{paymentId}/billing-key (400, 403, 409
// SUM_OF_PARTS_EXCEEDS_TOTAL_AMOUNT, 404/409 for the billing key), but a channelKey other than
// the billing key's is 400 INVALID_REQUEST (UNCONFIRMED; the schedule's error union has no
// CHANNEL_NOT_FOUND), timeToPay is required (400),
// a payment id that was already paid or is awaiting payment gets 409 ALREADY_PAID_OR_WAITING, and
// one with a SCHEDULED schedule 409 PAYMENT_SCHEDULE_ALREADY_EXISTS; after a revoke the id can be
// scheduled again. A timeToPay in the past is accepted (UNCONFIRMED whether PortOne does): the
// schedule runs at the next request that looks at schedules or payments ([Server.RunDueSchedules]).
func (s *Server) handleScheduleCreate(rq *request, body []byte) sandbox.Response {
	paymentID := rq.r.PathValue("paymentId")
	var req createScheduleBody
	if bad := decodeBody(body, &req); bad != nil {
		return *bad
	}
	if req.Payment == nil {
		return errorResponse(portone.ErrorTypeInvalidRequest, "payment가 필요합니다.")
	}
	if req.TimeToPay == nil {
		return errorResponse(portone.ErrorTypeInvalidRequest, "timeToPay가 필요합니다.")
	}
	in := req.Payment
	store, taxFree, vat, bad := s.checkedInput(in)
	if bad != nil {
		return *bad
	}
	now := s.stamp()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runDueSchedulesLocked(now)
	// PortOne's CreatePaymentScheduleError has no CHANNEL_NOT_FOUND, so a channelKey other than
	// the billing key's is answered 400 INVALID_REQUEST, a type that union lists; what PortOne
	// answers is UNCONFIRMED.
	k, resp := s.usableBillingKeyLocked(in, store, portone.ErrorTypeInvalidRequest)
	if resp == nil {
		resp = s.paymentIDTakenLocked(paymentID, portone.ErrorTypeAlreadyPaidOrWaiting)
	}
	if resp != nil {
		return *resp
	}
	sc := &schedule{
		id: sandbox.NewUUID(), storeID: store, paymentID: paymentID, billingKey: k.key, orderName: in.OrderName,
		customData: in.CustomData, status: portone.PaymentScheduleStatusScheduled, customer: k.customer, total: *in.Amount.Total,
		taxFree: in.Amount.TaxFree, vat: in.Amount.Vat, currency: in.Currency, installmentMonth: in.InstallmentMonth,
		noticeURLs: in.NoticeURLs, products: in.Products, createdAt: now,
		timeToPay: req.TimeToPay.UTC(),
		charge: billingKeyCharge{in: *in, store: store, taxFree: taxFree, vat: vat,
			origin: originJSON{PlatformType: "API", IPAddress: clientIP(rq.r)}},
	}
	if in.Customer != nil {
		sc.customer = in.Customer.toCustomer()
	}
	s.schedules[sc.id] = sc
	s.stats.Count(func(st *Stats) { st.SchedulesCreated++ })
	var out createScheduleResponse
	out.Schedule.ID = sc.id
	return sandbox.JSON(http.StatusOK, out)
}

// handleScheduleGet serves GET /payment-schedules/{paymentScheduleId}?storeId=.
func (s *Server) handleScheduleGet(rq *request, _ []byte) sandbox.Response {
	return serveGet(s, rq, "paymentScheduleId", s.schedules, portone.ErrorTypePaymentScheduleNotFound, s.renderSchedule)
}

// handleScheduleRevoke serves DELETE /payment-schedules with RevokePaymentSchedulesBody in the
// requestBody query parameter (or the body): {"revokedScheduleIds","revokedAt"}.
//
//   - Neither billingKey nor scheduleIds: 400 INVALID_REQUEST.
//   - billingKey only: every SCHEDULED schedule of the key is revoked (possibly none). An unknown key
//     gets 404 BILLING_KEY_NOT_FOUND, a deleted one 409 BILLING_KEY_ALREADY_DELETED.
//   - scheduleIds (with or without billingKey): exactly those are revoked, all or none. An unknown
//     id gets 404 PAYMENT_SCHEDULE_NOT_FOUND, a revoked one 409 PAYMENT_SCHEDULE_ALREADY_REVOKED,
//     one that already ran (SUCCEEDED or FAILED) 409 PAYMENT_SCHEDULE_ALREADY_PROCESSED, and one
//     scheduled with another key than the billingKey given 400 INVALID_REQUEST (UNCONFIRMED:
//     PortOne says only that the request fails).
//
// Due schedules run first, so a revoke that arrives after a schedule's timeToPay is too late, as
// at PortOne: the customer was charged.
func (s *Server) handleScheduleRevoke(rq *request, body []byte) sandbox.Response {
	var req revokeSchedulesBody
	if bad := decodeInput(rq, body, &req); bad != nil {
		return *bad
	}
	if (req.BillingKey == nil || *req.BillingKey == "") && len(req.ScheduleIDs) == 0 {
		return errorResponse(portone.ErrorTypeInvalidRequest, "billingKey 또는 scheduleIds 중 하나 이상이 필요합니다.")
	}
	store, denied := s.resolveStore(req.StoreID)
	if denied != nil {
		return *denied
	}
	now := s.stamp()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runDueSchedulesLocked(now)
	var targets []*schedule
	if len(req.ScheduleIDs) == 0 {
		k, gone := s.liveBillingKeyLocked(*req.BillingKey, store)
		if gone != nil {
			return *gone
		}
		for _, sc := range s.schedules {
			if sc.billingKey == k.key && sc.storeID == store && sc.status == portone.PaymentScheduleStatusScheduled {
				targets = append(targets, sc)
			}
		}
		slices.SortFunc(targets, func(a, b *schedule) int {
			if c := a.createdAt.Compare(b.createdAt); c != 0 {
				return c
			}
			if a.id < b.id {
				return -1
			}
			return 1
		})
	} else {
		seen := map[string]bool{}
		for _, id := range req.ScheduleIDs {
			sc, ok := inStoreLocked(s.schedules, id, store)
			switch {
			case !ok:
				return errorResponse(portone.ErrorTypePaymentScheduleNotFound, "결제 예약건이 존재하지 않습니다: "+id)
			case sc.status == portone.PaymentScheduleStatusRevoked:
				return errorResponse(portone.ErrorTypePaymentScheduleAlreadyRevoked, "결제 예약건이 이미 취소되었습니다: "+id)
			case sc.status != portone.PaymentScheduleStatusScheduled:
				return errorResponse(portone.ErrorTypePaymentScheduleAlreadyProcessed, "결제 예약건이 이미 처리되었습니다: "+id)
			case req.BillingKey != nil && *req.BillingKey != "" && sc.billingKey != *req.BillingKey:
				return errorResponse(portone.ErrorTypeInvalidRequest, "결제 예약건의 빌링키가 요청한 빌링키와 다릅니다: "+id)
			}
			if !seen[id] {
				seen[id] = true
				targets = append(targets, sc)
			}
		}
	}
	out := revokeSchedulesResponse{RevokedScheduleIDs: []string{}, RevokedAt: now}
	for _, sc := range targets {
		sc.status, sc.revokedAt = portone.PaymentScheduleStatusRevoked, now
		out.RevokedScheduleIDs = append(out.RevokedScheduleIDs, sc.id)
	}
	s.stats.Count(func(st *Stats) { st.SchedulesRevoked += len(targets) })
	return sandbox.JSON(http.StatusOK, out)
}

// RunDueSchedules runs every payment schedule whose timeToPay has come by the server's clock
// ([WithClock]) and returns how many it ran. PortOne charges the billing key at timeToPay
// (https://developers.portone.io/api/rest-v2/paymentSchedule); the sandbox does it when it next
// looks: it also runs this before serving every request that reads schedules or payments (the
// schedule, payment and billing-key endpoints), so a test only calls it to make the charges happen
// without a request, for example before reading [Server.Payment] or [Server.Schedule] after
// advancing its clock. A schedule runs at most once: running, revoking and this method all hold
// the server's lock.
//
// A schedule runs as POST /payments/{paymentId}/billing-key would charge its payment: it becomes
// SUCCEEDED with a PAID payment under its paymentId (scheduleId set, the schedule's amounts,
// currency and order name), or FAILED with a FAILED payment when its billing key has a
// [BillingKeySpec.PGError] or was deleted. A paymentId already paid or awaiting payment by other
// means ([Server.CreatePayment]) fails the schedule and leaves that payment alone, so nothing is
// charged twice. startedAt, completedAt and the payment's timestamps are the server's clock when
// it runs, not timeToPay. [Stats] counts SchedulesSucceeded and SchedulesFailed.
func (s *Server) RunDueSchedules() int {
	now := s.stamp()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.runDueSchedulesLocked(now)
}

// runDueSchedulesLocked runs the SCHEDULED schedules whose timeToPay is not after now, in the
// order of their timeToPay (then creation), and returns how many ran. The caller holds s.mu.
func (s *Server) runDueSchedulesLocked(now time.Time) int {
	var due []*schedule
	for _, sc := range s.schedules {
		if sc.status == portone.PaymentScheduleStatusScheduled && !sc.timeToPay.After(now) {
			due = append(due, sc)
		}
	}
	slices.SortFunc(due, func(a, b *schedule) int {
		return cmp.Or(a.timeToPay.Compare(b.timeToPay), a.createdAt.Compare(b.createdAt), strings.Compare(a.id, b.id))
	})
	for _, sc := range due {
		// STARTED while it runs, so that the payment id check does not take it for a schedule
		// holding the id.
		sc.status, sc.startedAt, sc.completedAt = portone.PaymentScheduleStatusStarted, now, now
		var p *payment
		if s.paymentIDTakenLocked(sc.paymentID, portone.ErrorTypeAlreadyPaid) == nil {
			p = s.chargeLocked(sc.paymentID, sc.charge, s.billingKeys[sc.billingKey], now)
			p.scheduleID = sc.id
		}
		if p != nil && p.status == portone.PaymentStatusPaid {
			sc.status = portone.PaymentScheduleStatusSucceeded
			s.stats.Count(func(st *Stats) { st.SchedulesSucceeded++ })
		} else {
			sc.status = portone.PaymentScheduleStatusFailed
			s.stats.Count(func(st *Stats) { st.SchedulesFailed++ })
		}
	}
	return len(due)
}
