package portonetest

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/portone"
)

// A PGError is a failure reported by the PG (PG사), answered as 502 PG_PROVIDER with its code and
// message in "pgCode" and "pgMessage". Set one in [PaymentSpec.CancelPGError] or
// [BillingKeySpec.PGError] to make cancels or billing-key payments fail the way a card company's
// refusal does.
type PGError struct {
	// Code and Message are the PG's own code and message; defaults "SANDBOX_PG_ERROR" and
	// "PG사 오류 (sandbox)".
	Code    string
	Message string
}

func (e *PGError) filled() PGError {
	return PGError{Code: cmp.Or(e.Code, "SANDBOX_PG_ERROR"), Message: cmp.Or(e.Message, "PG사 오류 (sandbox)")}
}

// A PaymentSpec describes a payment to create with [Server.CreatePayment], as the payment window
// would have left it. Zero fields take the defaults given in their comments; only Total is
// required. The sandbox reads the portone values given here into its own wire form when it stores
// the payment, so changing them afterwards changes nothing.
type PaymentSpec struct {
	// ID is the payment id (the merchant's paymentId); default "payment-N" with N counting from 1.
	// Payment ids are unique across the sandbox.
	ID string
	// StoreID is the payment's store; default the server's ([WithStoreID]). A payment of a store
	// the credentials cannot access is invisible to them (404 PAYMENT_NOT_FOUND).
	StoreID string
	// Status is the payment's status; default PAID. Every status of the schema can be created.
	Status portone.PaymentStatus
	// OrderName defaults to "테스트 주문".
	OrderName string
	// Total is the total amount in the currency's minor unit (KRW: won). It must be positive.
	Total int64
	// TaxFree is the tax-free part of Total (0 ≤ TaxFree ≤ Total).
	TaxFree int64
	// VAT is the VAT; nil computes it as PortOne does when it is not given: (Total − TaxFree)/11,
	// rounded half up.
	VAT *int64
	// Cancelled and CancelledTaxFree are the amounts already cancelled, for a PARTIAL_CANCELLED
	// payment (default Cancelled = Total/2, CancelledTaxFree = 0) or a CANCELLED one (they must be
	// Total and TaxFree, which are also the defaults). They are recorded as one SUCCEEDED
	// cancellation.
	Cancelled        int64
	CancelledTaxFree int64
	// Currency defaults to KRW.
	Currency portone.Currency
	// CustomData is the merchant's customData string.
	CustomData string
	// Customer describes the buyer; default {"id":"customer-1","name":"홍길동"}.
	Customer *portone.Customer
	// Method is the payment method; nil gives a card (PaymentMethodCard with KB국민카드 data) for
	// every status except READY (no method) and VIRTUAL_ACCOUNT_ISSUED (a 신한은행 virtual account
	// expiring 3 days after creation).
	Method portone.PaymentMethod
	// Channel defaults to a TEST channel of TOSSPAYMENTS.
	Channel *portone.SelectedChannel
	// BillingKey and ScheduleID are written as billingKey and scheduleId when set.
	BillingKey string
	ScheduleID string
	// Products are written as products.
	Products []portone.PaymentProduct
	// Failure describes a FAILED payment; default reason "카드 한도 초과".
	Failure *portone.PaymentFailure
	// RequestedAt defaults to now by the server's clock; the other timestamps (paidAt, failedAt,
	// cancelledAt, statusChangedAt, updatedAt) are now.
	RequestedAt time.Time
	// CancelPGError, when set, makes every cancel of this payment fail with 502 PG_PROVIDER
	// (the attempt is recorded as a FAILED cancellation and nothing is cancelled).
	CancelPGError *PGError
}

// PreRegistration is what POST /payments/{paymentId}/pre-register stored, as returned by
// [Server.PreRegistration].
type PreRegistration struct {
	PaymentID string
	StoreID   string
	// TotalAmount and TaxFreeAmount are nil when the request did not send them.
	TotalAmount   *int64
	TaxFreeAmount *int64
	// Currency is "" when the request did not send it.
	Currency portone.Currency
	// At is when it was stored, by the server's clock.
	At time.Time
}

// payment is the sandbox's state of one payment, held in its wire form.
type payment struct {
	seq                                  int64
	id, storeID, merchantID, txID        string
	status                               portone.PaymentStatus
	orderName, currency                  string
	total, taxFree, vat                  int64
	cancelled, cancelledTaxFree, cancVat int64
	customData                           string
	customer                             customerJSON
	channel                              *channelJSON
	method                               *wireMethod
	origin                               originJSON
	billingKey, scheduleID               string
	products                             []productJSON
	requestedAt, updatedAt, statusAt     time.Time
	paidAt, failedAt, cancelledAt        time.Time
	closedAt                             time.Time // its virtual account closed unpaid (가상계좌 말소)
	pgTxID, receiptURL                   string
	failure                              failureJSON
	cancellations                        []cancellationJSON
	cancelPGError                        *PGError
}

// amounts is p's amount object as it reads now: paid is the total once paid (but for a virtual
// account closed unpaid), cancelled what the cancellations took back.
func (p *payment) amounts() amountJSON {
	paid := int64(0)
	if isPaid(p.status) && p.closedAt.IsZero() {
		paid = p.total
	}
	return amountJSON{Total: p.total, TaxFree: p.taxFree, Vat: p.vat, Supply: p.total - p.taxFree - p.vat,
		Paid: paid, Cancelled: p.cancelled, CancelledTaxFree: p.cancelledTaxFree}
}

// render writes p as PortOne's Payment JSON.
func (p *payment) render() json.RawMessage {
	v := paymentJSON{
		Status: string(p.status), ID: p.id, TransactionID: p.txID, MerchantID: p.merchantID, StoreID: p.storeID,
		Channel: p.channel, Version: "V2", ScheduleID: p.scheduleID, BillingKey: p.billingKey,
		RequestedAt: p.requestedAt, UpdatedAt: p.updatedAt, StatusChangedAt: p.statusAt, OrderName: p.orderName,
		Amount: p.amounts(), Currency: p.currency, Customer: p.customer, Origin: p.origin, Products: p.products, CustomData: p.customData,
	}
	if p.method != nil {
		v.Method = p.method.raw
	}
	cancellations := slices.Clone(p.cancellations)
	switch p.status {
	case portone.PaymentStatusPayPending, portone.PaymentStatusVirtualAccountIssued:
		v.PGTxID = p.pgTxID
	case portone.PaymentStatusPaid:
		v.PaidAt, v.PGTxID, v.ReceiptURL, v.Disputes = p.paidAt, p.pgTxID, p.receiptURL, &[]struct{}{}
		if len(cancellations) > 0 {
			v.Cancellations = &cancellations
		}
	case portone.PaymentStatusFailed:
		v.FailedAt, v.Failure = p.failedAt, &p.failure
	case portone.PaymentStatusPartialCancelled, portone.PaymentStatusCancelled:
		v.PaidAt, v.PGTxID, v.ReceiptURL, v.CancelledAt = p.paidAt, p.pgTxID, p.receiptURL, p.cancelledAt
		v.Cancellations = &cancellations
	}
	return mustJSON(v)
}

// snapshot returns p as a portone.Payment decoded from the JSON the server sends for it, which is
// exactly what a client sees.
func (p *payment) snapshot() portone.Payment { return decodeInto[portone.Payment](p.render()) }

// vatOf returns the VAT PortOne computes for a taxable amount when none is given: one eleventh,
// rounded half up (1000 → 91).
func vatOf(taxable int64) int64 {
	if taxable <= 0 {
		return 0
	}
	return (taxable + 5) / 11
}

func defaultChannel() *channelJSON {
	return &channelJSON{
		Type:         string(portone.SelectedChannelTypeTest),
		ID:           "channel-id-portonetest",
		Key:          ChannelKey,
		Name:         "portonetest 테스트 채널",
		PGProvider:   "TOSSPAYMENTS",
		PGMerchantID: "tosspayments-sandbox-mid",
	}
}

func defaultCard() cardJSON {
	return cardJSON{
		Publisher: "KOOKMIN", Issuer: "KOOKMIN", Brand: "LOCAL", Type: "CREDIT", OwnerType: "PERSONAL",
		BIN: "123456", Name: "KB국민카드", Number: "1234-56**-****-7890",
	}
}

// cardPayment is the method of a card payment with card, approved now with a random approval
// number, paid in installment months (0: in full).
func cardPayment(card cardJSON, installment int) *wireMethod {
	pointUsed := false
	raw := mustJSON(methodJSON{
		Type:           "PaymentMethodCard",
		Card:           &card,
		ApprovalNumber: ptr(strconv.Itoa(10_000_000 + rand.IntN(90_000_000))),
		Installment:    &installmentJSON{Month: installment},
		PointUsed:      &pointUsed,
	})
	return &wireMethod{typ: "PaymentMethodCard", raw: raw}
}

// CreatePayment stores a new payment built from spec and returns a snapshot of it. It panics, like
// a failed test setup should, if spec is invalid: Total ≤ 0, TaxFree outside [0, Total], a Vat
// outside [0, Total−TaxFree], an unknown Status, cancelled amounts that do not fit the status, or
// an ID already in use.
//
// A payment created PAID, PARTIAL_CANCELLED or CANCELLED has its payment events recorded (GET
// /payment-events-by-cursor) at now by the server's clock, like its paidAt, whatever its
// RequestedAt: PAID for its total, then its cancellation's PARTIAL_CANCELLED or CANCELLED. A payment
// requested the day before the server's clock thus reads as paid that day in the events list, as a
// next-day virtual-account deposit would.
//
// The schedules due by the server's clock run first ([Server.RunDueSchedules]), as at any request:
// a schedule whose timeToPay has passed charged its payment id then, so a payment created later
// under that id panics as one already in use.
func (s *Server) CreatePayment(spec PaymentSpec) portone.Payment {
	p, err := s.createPayment(spec, false)
	if err != nil {
		panic("portonetest: payment " + strconv.Quote(spec.ID) + " " + err.Error())
	}
	return p
}

// Why createPayment refuses a payment id: a payment has it, or a SCHEDULED payment schedule will
// charge under it (refused for a browser payment only: a test setup may build that state).
var (
	errPaymentIDUsed      = errors.New("already exists")
	errPaymentIDScheduled = errors.New("is held by a SCHEDULED payment schedule")
)

// createPayment is CreatePayment (it panics on an invalid spec alike), but an id it refuses is
// its error, creating nothing: errPaymentIDUsed for an id in use and, when browser is set,
// errPaymentIDScheduled for an id a SCHEDULED schedule holds. Both are decided under the server's
// lock once the due schedules ran, so two requests racing for an id, or a schedule created
// meanwhile, never both take it.
func (s *Server) createPayment(spec PaymentSpec, browser bool) (portone.Payment, error) {
	if spec.Total <= 0 {
		panic(fmt.Sprintf("portonetest: PaymentSpec.Total must be positive, got %d", spec.Total))
	}
	if spec.TaxFree < 0 || spec.TaxFree > spec.Total {
		panic(fmt.Sprintf("portonetest: PaymentSpec.TaxFree %d outside [0, %d]", spec.TaxFree, spec.Total))
	}
	status := spec.Status
	if status == "" {
		status = portone.PaymentStatusPaid
	}
	if !status.IsKnown() {
		panic(fmt.Sprintf("portonetest: PaymentSpec.Status %q is not a payment status", status))
	}
	vat := vatOf(spec.Total - spec.TaxFree)
	if spec.VAT != nil {
		vat = *spec.VAT
		if vat < 0 || vat > spec.Total-spec.TaxFree {
			panic(fmt.Sprintf("portonetest: PaymentSpec.VAT %d outside [0, %d]", vat, spec.Total-spec.TaxFree))
		}
	}
	now := s.stamp()
	p := &payment{
		id:            spec.ID,
		storeID:       cmp.Or(spec.StoreID, s.cfg.storeID),
		merchantID:    s.cfg.merchantID,
		txID:          sandbox.NewUUID(),
		status:        status,
		orderName:     cmp.Or(spec.OrderName, "테스트 주문"),
		currency:      cmp.Or(string(spec.Currency), "KRW"),
		total:         spec.Total,
		taxFree:       spec.TaxFree,
		vat:           vat,
		customData:    spec.CustomData,
		customer:      customerJSON{ID: "customer-1", Name: "홍길동"},
		channel:       channelOf(spec.Channel),
		method:        methodOf(spec.Method),
		origin:        originJSON{PlatformType: "PC", IPAddress: "203.0.113.10"},
		billingKey:    spec.BillingKey,
		scheduleID:    spec.ScheduleID,
		products:      productsOf(spec.Products),
		requestedAt:   spec.RequestedAt.UTC().Truncate(time.Millisecond),
		updatedAt:     now,
		statusAt:      now,
		cancelPGError: spec.CancelPGError,
	}
	if spec.Customer != nil {
		p.customer = customerOf(*spec.Customer)
	}
	if p.channel == nil {
		p.channel = defaultChannel()
	}
	if spec.RequestedAt.IsZero() {
		p.requestedAt = now
	}
	if p.method == nil {
		switch status {
		case portone.PaymentStatusReady:
		case portone.PaymentStatusVirtualAccountIssued:
			p.method = &wireMethod{typ: "PaymentMethodVirtualAccount", raw: mustJSON(methodJSON{
				Type: "PaymentMethodVirtualAccount", Bank: "SHINHAN", AccountNumber: ptr("56211234567890"),
				AccountType: "NORMAL", RemitteeName: "(주)페이킷", ExpiredAt: now.Add(72 * time.Hour), IssuedAt: now,
			})}
		default:
			p.method = cardPayment(defaultCard(), 0)
		}
	}
	switch status {
	case portone.PaymentStatusPayPending, portone.PaymentStatusVirtualAccountIssued:
		p.pgTxID = "pg-tx-" + sandbox.RandomHex(8)
	case portone.PaymentStatusPaid, portone.PaymentStatusPartialCancelled, portone.PaymentStatusCancelled:
		p.pgTxID = "pg-tx-" + sandbox.RandomHex(8)
		p.paidAt = now
		p.receiptURL = "https://sandbox.portone.invalid/receipts/" + p.txID
	case portone.PaymentStatusFailed:
		p.failedAt = now
		p.failure = failureJSON{Reason: "카드 한도 초과", PGCode: "LIMIT_EXCEEDED", PGMessage: "한도초과"}
		if f := spec.Failure; f != nil {
			p.failure = failureJSON{Reason: f.Reason, PGCode: f.PGCode, PGMessage: f.PGMessage}
		}
	}
	p.cancelled, p.cancelledTaxFree, p.cancVat = cancelledAmounts(spec, status, vat)
	if p.cancelled > 0 {
		p.cancelledAt = now
		p.cancellations = []cancellationJSON{{
			Status: "SUCCEEDED", ID: sandbox.NewUUID(), PGCancellationID: "pg-cancel-" + sandbox.RandomHex(8),
			TotalAmount: p.cancelled, TaxFreeAmount: p.cancelledTaxFree, VatAmount: p.cancVat, Reason: "테스트 취소",
			CancelledAt: now, RequestedAt: now, Trigger: "API",
		}}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.runDueSchedulesLocked(now)
	switch {
	case p.id == "":
		for p.id == "" || s.payments[p.id] != nil {
			s.paymentNum++
			p.id = "payment-" + strconv.Itoa(s.paymentNum)
		}
	case s.payments[p.id] != nil:
		return portone.Payment{}, errPaymentIDUsed
	case browser && s.scheduledLocked(p.id):
		return portone.Payment{}, errPaymentIDScheduled
	}
	s.addPaymentLocked(p)
	if isPaid(p.status) {
		s.recordPaidLocked(p, now)
	}
	if p.cancelled > 0 {
		s.recordCancelLocked(p, p.cancellations[0], now)
	}
	return p.snapshot(), nil
}

// cancelledAmounts checks and completes the cancelled amounts of a spec: none unless the status is
// PARTIAL_CANCELLED (default half the total) or CANCELLED (everything). It returns the cancelled
// total, its tax-free part and its VAT.
func cancelledAmounts(spec PaymentSpec, status portone.PaymentStatus, vat int64) (c, ctf, cvat int64) {
	switch status {
	case portone.PaymentStatusPartialCancelled, portone.PaymentStatusCancelled:
	default:
		if spec.Cancelled != 0 || spec.CancelledTaxFree != 0 {
			panic("portonetest: PaymentSpec.Cancelled and CancelledTaxFree need Status PARTIAL_CANCELLED or CANCELLED")
		}
		return 0, 0, 0
	}
	c, ctf = spec.Cancelled, spec.CancelledTaxFree
	if status == portone.PaymentStatusCancelled {
		if c == 0 && ctf == 0 {
			c, ctf = spec.Total, spec.TaxFree
		}
		if c != spec.Total || ctf != spec.TaxFree {
			panic("portonetest: a CANCELLED PaymentSpec must have Cancelled = Total and CancelledTaxFree = TaxFree")
		}
	} else if c == 0 {
		c = max(1, spec.Total/2)
	}
	if c <= 0 || c > spec.Total || (status == portone.PaymentStatusPartialCancelled && c == spec.Total) ||
		ctf < 0 || ctf > spec.TaxFree || ctf > c || c-ctf > spec.Total-spec.TaxFree {
		panic(fmt.Sprintf("portonetest: PaymentSpec cancelled amounts %d/%d do not fit %s of %d/%d",
			c, ctf, status, spec.Total, spec.TaxFree))
	}
	cvat = min(vatOf(c-ctf), vat)
	if c == spec.Total {
		cvat = vat
	}
	return c, ctf, cvat
}

func (s *Server) addPaymentLocked(p *payment) {
	s.seq++
	p.seq = s.seq
	s.payments[p.id] = p
}

// Payment returns a snapshot of the stored payment with the given id, and whether it exists. The
// snapshot is decoded from the JSON the server sends for it, so it is exactly what a client sees.
func (s *Server) Payment(id string) (portone.Payment, bool) {
	return snapshotOf(s, s.payments, id)
}

// PreRegistration returns what POST /payments/{paymentId}/pre-register last stored for paymentID,
// and whether anything was.
func (s *Server) PreRegistration(paymentID string) (PreRegistration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pr, ok := s.preRegs[paymentID]
	if ok {
		if pr.TotalAmount != nil {
			pr.TotalAmount = ptr(*pr.TotalAmount)
		}
		if pr.TaxFreeAmount != nil {
			pr.TaxFreeAmount = ptr(*pr.TaxFreeAmount)
		}
	}
	return pr, ok
}

// paymentInStoreLocked returns the payment id if it belongs to store.
func (s *Server) paymentInStoreLocked(id, store string) *payment {
	p, _ := inStoreLocked(s.payments, id, store)
	return p
}

// handlePaymentGet serves GET /payments/{paymentId}?storeId=.
func (s *Server) handlePaymentGet(rq *request, _ []byte) sandbox.Response {
	return serveGet(s, rq, "paymentId", s.payments, portone.ErrorTypePaymentNotFound,
		func(p *payment) sandbox.Response { return sandbox.RawJSON(http.StatusOK, p.render()) })
}

// listWindow is the [from, until] range of a list request: until defaults to now, and from to
// defaultListWindow before until.
func (s *Server) listWindow(from, until *time.Time) (time.Time, time.Time) {
	u := s.now()
	if until != nil {
		u = *until
	}
	if from != nil {
		return *from, u
	}
	return u.Add(-defaultListWindow), u
}

// The paging limits PortOne documents.
const (
	defaultPageSize   = 10
	maxPageWindow     = 60_000
	defaultCursorSize = 10
	maxCursorSize     = 1000
	defaultListWindow = 90 * 24 * time.Hour
)

// methodTypeOf is a payment's PaymentMethodType for the methods filter, "" without a method.
func methodTypeOf(p *payment) string {
	if p.method == nil {
		return ""
	}
	return methodFilter[p.method.typ]
}

var knownMethodTypes = map[string]bool{
	"CARD": true, "TRANSFER": true, "VIRTUAL_ACCOUNT": true, "GIFT_CERTIFICATE": true,
	"MOBILE": true, "EASY_PAY": true, "CONVENIENCE_STORE": true, "CRYPTO": true,
}

// handlePaymentList serves GET /payments (GetPaymentsBody in requestBody). See the package
// documentation for the filters honoured and the default order.
func (s *Server) handlePaymentList(rq *request, body []byte) sandbox.Response {
	var req getPaymentsBody
	if bad := decodeInput(rq, body, &req); bad != nil {
		return *bad
	}
	number, size := 0, defaultPageSize
	if req.Page != nil {
		if req.Page.Number != nil {
			number = *req.Page.Number
		}
		if req.Page.Size != nil {
			size = *req.Page.Size
		}
	}
	if number < 0 || size <= 0 || (number+1)*size > maxPageWindow {
		return errorResponse(portone.ErrorTypeInvalidRequest, "page.number는 0 이상, page.size는 1 이상이어야 하며 (number + 1) * size는 60,000을 넘을 수 없습니다.")
	}
	f := paymentFilterInput{}
	if req.Filter != nil {
		f = *req.Filter
	}
	if f.MerchantID != "" && f.MerchantID != s.cfg.merchantID {
		return errorResponse(portone.ErrorTypeForbidden, "접근 권한이 없는 고객사입니다.")
	}
	stores := s.accessibleStores()
	if f.StoreID != "" {
		if _, denied := s.resolveStore(f.StoreID); denied != nil {
			return *denied
		}
		stores = map[string]bool{f.StoreID: true}
	}
	byStatusTime := true
	switch f.TimestampType {
	case "", "STATUS_CHANGED_AT":
	case "CREATED_AT":
		byStatusTime = false
	default:
		return errorResponse(portone.ErrorTypeInvalidRequest, "filter.timestampType이 올바르지 않습니다.")
	}
	statuses := map[portone.PaymentStatus]bool{}
	for _, st := range f.Status {
		if fs := portone.PaymentFilterStatus(st); !fs.IsKnown() {
			return errorResponse(portone.ErrorTypeInvalidRequest, "filter.status에 알 수 없는 값이 있습니다: "+st)
		} else {
			statuses[fs.PaymentStatus()] = true
		}
	}
	methods := map[string]bool{}
	for _, m := range f.Methods {
		if !knownMethodTypes[m] {
			return errorResponse(portone.ErrorTypeInvalidRequest, "filter.methods에 알 수 없는 값이 있습니다: "+m)
		}
		methods[m] = true
	}
	pgs := map[string]bool{}
	for _, pg := range f.PGProvider {
		pgs[pg] = true
	}
	sortByStatus := byStatusTime
	switch f.SortBy {
	case "":
	case "REQUESTED_AT":
		sortByStatus = false
	case "STATUS_CHANGED_AT":
		sortByStatus = true
	default:
		return errorResponse(portone.ErrorTypeInvalidRequest, "filter.sortBy가 올바르지 않습니다.")
	}
	asc := false
	switch f.SortOrder {
	case "", "DESC":
	case "ASC":
		asc = true
	default:
		return errorResponse(portone.ErrorTypeInvalidRequest, "filter.sortOrder가 올바르지 않습니다.")
	}
	from, until := s.listWindow(f.From, f.Until)

	now := s.stamp()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runDueSchedulesLocked(now)
	var matched []*payment
	for _, p := range s.payments {
		t := p.requestedAt
		if byStatusTime {
			t = p.statusAt
		}
		switch {
		case !stores[p.storeID],
			t.Before(from) || t.After(until),
			len(statuses) > 0 && !statuses[p.status],
			len(methods) > 0 && !methods[methodTypeOf(p)],
			len(pgs) > 0 && (p.channel == nil || !pgs[p.channel.PGProvider]),
			f.IsTest != nil && (p.channel == nil || (p.channel.Type == string(portone.SelectedChannelTypeTest)) != *f.IsTest),
			f.IsScheduled != nil && (p.scheduleID != "") != *f.IsScheduled,
			f.Version != "" && f.Version != "V2",
			f.Currency != "" && f.Currency != p.currency:
			continue
		}
		matched = append(matched, p)
	}
	sortPayments(matched, sortByStatus, asc)
	resp := getPaymentsResponse{Items: []json.RawMessage{}, Page: pageInfo{Number: number, Size: size, TotalCount: len(matched)}}
	for i := number * size; i < len(matched) && i < (number+1)*size; i++ {
		resp.Items = append(resp.Items, matched[i].render())
	}
	return sandbox.JSON(http.StatusOK, resp)
}

// sortPayments orders payments by the chosen timestamp, ties broken by creation order, in the
// same direction.
func sortPayments(ps []*payment, byStatus, asc bool) {
	key := func(p *payment) time.Time {
		if byStatus {
			return p.statusAt
		}
		return p.requestedAt
	}
	less := func(a, b *payment) bool {
		ka, kb := key(a), key(b)
		if !ka.Equal(kb) {
			return ka.Before(kb)
		}
		return a.seq < b.seq
	}
	slices.SortFunc(ps, func(a, b *payment) int {
		if !asc {
			a, b = b, a
		}
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	})
}

// cursorOf is the opaque cursor of a payment in the cursor listing: its position in the order
// (requestedAt, creation sequence).
func cursorOf(p *payment) string { return cursorAt(paymentCursorTag, p.requestedAt, p.seq) }

// The tags of the cursors of the two cursor listings, so that one listing refuses the other's.
const (
	paymentCursorTag = "v1"
	eventCursorTag   = "e1"
)

// cursorAt is the opaque cursor of an item at position (at, seq) of the listing tag names.
func cursorAt(tag string, at time.Time, seq int64) string {
	return b64(tag + "." + strconv.FormatInt(at.UnixNano(), 10) + "." + strconv.FormatInt(seq, 10))
}

// parseCursor reads a cursor of the listing tag names back into its position.
func parseCursor(tag, c string) (at int64, seq int64, ok bool) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, 0, false
	}
	parts := strings.Split(string(raw), ".")
	if len(parts) != 3 || parts[0] != tag {
		return 0, 0, false
	}
	at, err1 := strconv.ParseInt(parts[1], 10, 64)
	seq, err2 := strconv.ParseInt(parts[2], 10, 64)
	return at, seq, err1 == nil && err2 == nil
}

// handlePaymentCursor serves GET /payments-by-cursor: the store's payments created within
// [from, until], oldest first (ties in creation order); each item carries its cursor, and a
// request with a cursor continues after that item.
func (s *Server) handlePaymentCursor(rq *request, body []byte) sandbox.Response {
	q, bad := s.readCursorQuery(rq, body, paymentCursorTag)
	if bad != nil {
		return *bad
	}

	now := s.stamp()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runDueSchedulesLocked(now)
	var matched []*payment
	for _, p := range s.payments {
		if p.storeID == q.store && q.inWindow(p.requestedAt) && q.after(p.requestedAt, p.seq) {
			matched = append(matched, p)
		}
	}
	sortPayments(matched, false, true)
	resp := cursorResponse{Items: []paymentWithCursor{}}
	for i := 0; i < len(matched) && i < q.size; i++ {
		resp.Items = append(resp.Items, paymentWithCursor{Payment: matched[i].render(), Cursor: cursorOf(matched[i])})
	}
	return sandbox.JSON(http.StatusOK, resp)
}

// cursorQuery is a checked request of a cursor listing (GET /payments-by-cursor, GET
// /payment-events-by-cursor): the store, the page size, the inclusive [from, until] window and
// the position of the cursor to continue after.
type cursorQuery struct {
	store       string // the store named, or the credentials' store
	named       bool   // the request named a store
	size        int
	from, until time.Time
	cursor      bool // the request carried a cursor
	afterAt     int64
	afterSeq    int64
}

// readCursorQuery reads and checks the input of a cursor listing whose cursors carry tag. The
// checks run in this order: the JSON input (400), storeId (403), size (400), cursor (400).
func (s *Server) readCursorQuery(rq *request, body []byte, tag string) (cursorQuery, *sandbox.Response) {
	var req cursorBody
	if bad := decodeInput(rq, body, &req); bad != nil {
		return cursorQuery{}, bad
	}
	store, denied := s.resolveStore(req.StoreID)
	if denied != nil {
		return cursorQuery{}, denied
	}
	q := cursorQuery{store: store, named: req.StoreID != "", size: defaultCursorSize, cursor: req.Cursor != nil}
	if req.Size != nil {
		q.size = *req.Size
	}
	if q.size <= 0 || q.size > maxCursorSize {
		return cursorQuery{}, ptr(errorResponse(portone.ErrorTypeInvalidRequest, "size는 1 이상 1000 이하여야 합니다."))
	}
	if q.cursor {
		var ok bool
		if q.afterAt, q.afterSeq, ok = parseCursor(tag, *req.Cursor); !ok {
			return cursorQuery{}, ptr(errorResponse(portone.ErrorTypeInvalidRequest, "cursor가 올바르지 않습니다."))
		}
	}
	q.from, q.until = s.listWindow(req.From, req.Until)
	return q, nil
}

// inWindow reports whether t lies in the request's [from, until], both ends inclusive.
func (q cursorQuery) inWindow(t time.Time) bool { return !t.Before(q.from) && !t.After(q.until) }

// after reports whether the item at position (at, seq) comes after the request's cursor; every
// item does when it carried none.
func (q cursorQuery) after(at time.Time, seq int64) bool {
	n := at.UnixNano()
	return !q.cursor || n > q.afterAt || (n == q.afterAt && seq > q.afterSeq)
}

// handleCancel serves POST /payments/{paymentId}/cancel. The checks run in this order, and the
// first failing one answers:
//
//  1. the body (400 INVALID_REQUEST): a JSON object with a non-empty reason; amount > 0 and
//     taxFreeAmount, vatAmount, currentCancellableAmount ≥ 0 when given, as JSON integers;
//     requester CUSTOMER or ADMIN; promotionDiscountRetainOption RETAIN or RELEASE; a refundAccount
//     with bank, number and holderName;
//  2. storeId (403 FORBIDDEN);
//  3. the payment exists in that store (404 PAYMENT_NOT_FOUND);
//  4. it is not CANCELLED (409 PAYMENT_ALREADY_CANCELLED) and is PAID or PARTIAL_CANCELLED
//     (409 PAYMENT_NOT_PAID);
//  5. currentCancellableAmount, when given, equals the remaining amount
//     (409 CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN);
//  6. amount ≤ remaining (409 CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT);
//  7. taxFreeAmount + vatAmount ≤ amount (409 SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT);
//  8. taxFreeAmount ≤ remaining tax-free amount
//     (409 CANCEL_TAX_FREE_AMOUNT_EXCEEDS_CANCELLABLE_TAX_FREE_AMOUNT);
//  9. amount − taxFreeAmount ≤ remaining taxable amount
//     (409 CANCEL_TAX_AMOUNT_EXCEEDS_CANCELLABLE_TAX_AMOUNT);
//  10. the payment's CancelPGError (502 PG_PROVIDER; a FAILED cancellation is recorded).
//
// An omitted amount cancels the whole remainder, tax-free part included. With an amount, an
// omitted taxFreeAmount means 0 (PortOne: "값을 입력하지 않으면 전액 과세 취소됩니다"), so a partial
// cancel of a tax-free payment must send taxFreeAmount. An omitted vatAmount is computed: the
// remaining VAT for a cancel of the whole remainder, otherwise (amount − taxFreeAmount)/11 rounded
// half up, at most the remaining VAT.
//
// A SUCCEEDED cancellation records its payment event, PARTIAL_CANCELLED or CANCELLED for minus its
// amount (GET /payment-events-by-cursor); a FAILED one records none.
func (s *Server) handleCancel(rq *request, body []byte) sandbox.Response {
	id := rq.r.PathValue("paymentId")
	var req cancelBody
	if bad := decodeBody(body, &req); bad != nil {
		return *bad
	}
	switch {
	case req.Reason == nil || strings.TrimSpace(*req.Reason) == "":
		return errorResponse(portone.ErrorTypeInvalidRequest, "reason(취소 사유)이 필요합니다.")
	case req.Amount != nil && *req.Amount <= 0:
		return errorResponse(portone.ErrorTypeInvalidRequest, "amount는 0보다 커야 합니다. 전액 취소는 amount를 생략하세요.")
	case negative(req.TaxFreeAmount, req.VatAmount, req.CurrentCancellableAmount):
		return errorResponse(portone.ErrorTypeInvalidRequest, "금액은 0 이상이어야 합니다.")
	case req.Requester != "" && req.Requester != "CUSTOMER" && req.Requester != "ADMIN":
		return errorResponse(portone.ErrorTypeInvalidRequest, "requester는 CUSTOMER 또는 ADMIN이어야 합니다.")
	case req.PromotionDiscountRetainOption != "" && req.PromotionDiscountRetainOption != "RETAIN" &&
		req.PromotionDiscountRetainOption != "RELEASE":
		return errorResponse(portone.ErrorTypeInvalidRequest, "promotionDiscountRetainOption은 RETAIN 또는 RELEASE여야 합니다.")
	case req.RefundAccount != nil && (req.RefundAccount.Bank == "" || req.RefundAccount.Number == "" || req.RefundAccount.HolderName == ""):
		return errorResponse(portone.ErrorTypeInvalidRequest, "refundAccount에는 bank, number, holderName이 필요합니다.")
	}
	store, denied := s.resolveStore(req.StoreID)
	if denied != nil {
		return *denied
	}

	now := s.stamp()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runDueSchedulesLocked(now)
	p := s.paymentInStoreLocked(id, store)
	switch {
	case p == nil:
		return errorResponse(portone.ErrorTypePaymentNotFound, "")
	case p.status == portone.PaymentStatusCancelled:
		return errorResponse(portone.ErrorTypePaymentAlreadyCancelled, "")
	case p.status != portone.PaymentStatusPaid && p.status != portone.PaymentStatusPartialCancelled:
		return errorResponse(portone.ErrorTypePaymentNotPaid, "")
	}
	remaining := p.total - p.cancelled
	remTaxFree := p.taxFree - p.cancelledTaxFree
	remTaxable := remaining - remTaxFree
	remVat := max(0, p.vat-p.cancVat)
	if req.CurrentCancellableAmount != nil && *req.CurrentCancellableAmount != remaining {
		return errorResponse(portone.ErrorTypeCancellableAmountConsistencyBroken,
			fmt.Sprintf("취소 가능 잔액이 일치하지 않습니다. (요청: %d, 실제: %d)", *req.CurrentCancellableAmount, remaining))
	}
	amount := remaining
	if req.Amount != nil {
		amount = *req.Amount
	}
	if amount > remaining {
		return errorResponse(portone.ErrorTypeCancelAmountExceedsCancellableAmount,
			fmt.Sprintf("취소 요청 금액 %d이 취소 가능 금액 %d을 초과합니다.", amount, remaining))
	}
	taxFree := int64(0)
	switch {
	case req.TaxFreeAmount != nil:
		taxFree = *req.TaxFreeAmount
	case req.Amount == nil:
		taxFree = remTaxFree
	}
	vatTooLarge := req.VatAmount != nil && *req.VatAmount > amount-taxFree // subtracting: a sum could wrap
	switch {
	case taxFree > amount || vatTooLarge:
		return errorResponse(portone.ErrorTypeSumOfPartsExceedsCancelAmount, "")
	case taxFree > remTaxFree:
		return errorResponse(portone.ErrorTypeCancelTaxFreeAmountExceedsCancellableTaxFreeAmount,
			fmt.Sprintf("취소 면세 금액 %d이 취소 가능한 면세 금액 %d을 초과합니다.", taxFree, remTaxFree))
	case amount-taxFree > remTaxable:
		return errorResponse(portone.ErrorTypeCancelTaxAmountExceedsCancellableTaxAmount,
			fmt.Sprintf("취소 과세 금액 %d이 취소 가능한 과세 금액 %d을 초과합니다.", amount-taxFree, remTaxable))
	}
	vat := min(vatOf(amount-taxFree), remVat)
	if amount == remaining {
		vat = remVat
	}
	if req.VatAmount != nil {
		vat = *req.VatAmount
	}
	if p.cancelPGError != nil {
		e := p.cancelPGError.filled()
		p.cancellations = append(p.cancellations, cancellationJSON{
			Status: "FAILED", ID: sandbox.NewUUID(), TotalAmount: amount, TaxFreeAmount: taxFree, VatAmount: vat,
			Reason: *req.Reason, RequestedAt: now, Trigger: "API",
		})
		p.updatedAt = now
		s.stats.Count(func(st *Stats) { st.PGFailures++ })
		return pgErrorResponse(e)
	}
	c := cancellationJSON{
		Status:           "SUCCEEDED",
		ID:               sandbox.NewUUID(),
		PGCancellationID: "pg-cancel-" + sandbox.RandomHex(8),
		TotalAmount:      amount,
		TaxFreeAmount:    taxFree,
		VatAmount:        vat,
		Reason:           *req.Reason,
		CancelledAt:      now,
		RequestedAt:      now,
		ReceiptURL:       "https://sandbox.portone.invalid/cancel-receipts/" + p.txID,
		Trigger:          "API",
	}
	p.cancelled += amount
	p.cancelledTaxFree += taxFree
	p.cancVat += vat
	p.cancellations = append(p.cancellations, c)
	p.cancelledAt, p.updatedAt = now, now
	next := portone.PaymentStatusPartialCancelled
	if p.cancelled == p.total {
		next = portone.PaymentStatusCancelled
	}
	if next != p.status {
		p.status, p.statusAt = next, now
	}
	s.recordCancelLocked(p, c, now)
	s.stats.Count(func(st *Stats) { st.CancelsApplied++ })
	return sandbox.JSON(http.StatusOK, cancelResponse{Cancellation: c})
}

func negative(vs ...*int64) bool {
	for _, v := range vs {
		if v != nil && *v < 0 {
			return true
		}
	}
	return false
}

// handlePreRegister serves POST /payments/{paymentId}/pre-register: it stores the amounts
// ([Server.PreRegistration]) and answers {}. A payment already paid (PAID, PARTIAL_CANCELLED or
// CANCELLED) gets 409 ALREADY_PAID. Amounts must be JSON integers with 0 < totalAmount and
// 0 ≤ taxFreeAmount ≤ totalAmount, and a currency must be a known code (400 INVALID_REQUEST).
// UNCONFIRMED: the sandbox does not compare later payments with the pre-registered amounts.
func (s *Server) handlePreRegister(rq *request, body []byte) sandbox.Response {
	id := rq.r.PathValue("paymentId")
	var req preRegisterBody
	if bad := decodeBody(body, &req); bad != nil {
		return *bad
	}
	switch {
	case req.TotalAmount != nil && *req.TotalAmount <= 0:
		return errorResponse(portone.ErrorTypeInvalidRequest, "totalAmount는 0보다 커야 합니다.")
	case req.TaxFreeAmount != nil && (*req.TaxFreeAmount < 0 || (req.TotalAmount != nil && *req.TaxFreeAmount > *req.TotalAmount)):
		return errorResponse(portone.ErrorTypeInvalidRequest, "taxFreeAmount는 0 이상 totalAmount 이하여야 합니다.")
	case req.Currency != "" && !portone.Currency(req.Currency).IsKnown():
		return errorResponse(portone.ErrorTypeInvalidRequest, "알 수 없는 통화입니다: "+req.Currency)
	}
	store, denied := s.resolveStore(req.StoreID)
	if denied != nil {
		return *denied
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runDueSchedulesLocked(s.stamp())
	if p := s.paymentInStoreLocked(id, store); p != nil && isPaid(p.status) {
		return errorResponse(portone.ErrorTypeAlreadyPaid, "")
	}
	s.preRegs[id] = PreRegistration{
		PaymentID: id, StoreID: store, TotalAmount: req.TotalAmount, TaxFreeAmount: req.TaxFreeAmount,
		Currency: portone.Currency(req.Currency), At: s.stamp(),
	}
	s.stats.Count(func(st *Stats) { st.PreRegistrationsApplied++ })
	return sandbox.RawJSON(http.StatusOK, []byte("{}"))
}

// isPaid reports whether a payment in status st was paid (and possibly cancelled since).
func isPaid(st portone.PaymentStatus) bool {
	return st == portone.PaymentStatusPaid || st == portone.PaymentStatusPartialCancelled || st == portone.PaymentStatusCancelled
}
