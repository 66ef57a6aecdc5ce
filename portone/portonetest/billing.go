package portonetest

import (
	"cmp"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/internal/transport"
	"github.com/paykit-kr/paykit/portone"
)

// ChannelKey is the key of the sandbox's only channel, a TEST channel of TOSSPAYMENTS. Requests
// naming another channelKey get 404 CHANNEL_NOT_FOUND (a payment schedule, whose errors do not
// include it, 400 INVALID_REQUEST).
const ChannelKey = "channel-key-00000000-0000-4000-8000-000000000000"

// A BillingKeySpec describes a billing key (빌링키) to issue with [Server.IssueBillingKey], as the
// billing-key window would have left it. All fields are optional.
type BillingKeySpec struct {
	// BillingKey is the key; default "billing-key-" followed by a random UUID. Keys are unique
	// across the sandbox.
	BillingKey string
	// StoreID is the key's store; default the server's.
	StoreID string
	// Customer defaults to {"id":"customer-1","name":"홍길동"}; payments made with the key use it
	// unless the request sends a customer.
	Customer *portone.Customer
	// Card describes the card behind the key; default KB국민카드 data (BIN 123456).
	Card *portone.Card
	// CustomData is written as the key's customData.
	CustomData string
	// PGError, when set, makes every payment with this key fail with 502 PG_PROVIDER; the payment
	// is recorded as FAILED with the PG's code and message in its failure.
	PGError *PGError
}

// A BillingKey is a snapshot of a billing key stored in the sandbox, returned by
// [Server.IssueBillingKey] and [Server.BillingKey].
type BillingKey struct {
	BillingKey string
	StoreID    string
	Customer   portone.Customer
	Card       portone.Card
	Channel    portone.SelectedChannel
	CustomData string
	IssuedAt   time.Time
	// DeletedAt is when DELETE /billing-keys/{billingKey} deleted it; zero while it is issued.
	DeletedAt time.Time
}

// Deleted reports whether the key was deleted.
func (b BillingKey) Deleted() bool { return !b.DeletedAt.IsZero() }

// billingKey is the sandbox's state of one billing key, held in its wire form.
type billingKey struct {
	key, storeID, customData string
	customer                 customerJSON
	card                     cardJSON
	channel                  channelJSON
	requestedAt, issuedAt    time.Time
	deletedAt                time.Time
	pgError                  *PGError
}

// snapshot returns k with its customer, card and channel decoded from the JSON the server sends.
func (k *billingKey) snapshot() BillingKey {
	return BillingKey{
		BillingKey: k.key, StoreID: k.storeID, Customer: decodeInto[portone.Customer](k.customer),
		Card: decodeInto[portone.Card](k.card), Channel: decodeInto[portone.SelectedChannel](k.channel),
		CustomData: k.customData, IssuedAt: k.issuedAt, DeletedAt: k.deletedAt,
	}
}

func (s *Server) renderBillingKey(k *billingKey) sandbox.Response {
	status := "ISSUED"
	if !k.deletedAt.IsZero() {
		status = "DELETED"
	}
	card := k.card
	return sandbox.JSON(http.StatusOK, billingKeyInfoJSON{
		Status: status, BillingKey: k.key, MerchantID: s.cfg.merchantID, StoreID: k.storeID,
		Methods:  []billingKeyMethodJSON{{Type: "BillingKeyPaymentMethodCard", Card: &card}},
		Channels: []channelJSON{k.channel}, Customer: k.customer, CustomData: k.customData,
		RequestedAt: k.requestedAt, IssuedAt: k.issuedAt, DeletedAt: k.deletedAt,
	})
}

// IssueBillingKey stores a new billing key built from spec and returns a snapshot of it. It panics
// if spec.BillingKey is already in use.
func (s *Server) IssueBillingKey(spec BillingKeySpec) BillingKey {
	now := s.stamp()
	k := &billingKey{
		key:         spec.BillingKey,
		storeID:     cmp.Or(spec.StoreID, s.cfg.storeID),
		customData:  spec.CustomData,
		customer:    customerJSON{ID: "customer-1", Name: "홍길동"},
		card:        defaultCard(),
		channel:     *defaultChannel(),
		requestedAt: now,
		issuedAt:    now,
		pgError:     spec.PGError,
	}
	if spec.Customer != nil {
		k.customer = customerOf(*spec.Customer)
	}
	if spec.Card != nil {
		k.card = *cardOf(spec.Card)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if k.key == "" {
		k.key = "billing-key-" + sandbox.NewUUID()
	} else if s.billingKeys[k.key] != nil {
		panic("portonetest: billing key " + strconv.Quote(k.key) + " already exists")
	}
	s.billingKeys[k.key] = k
	return k.snapshot()
}

// BillingKey returns a snapshot of the stored billing key, and whether it exists.
func (s *Server) BillingKey(key string) (BillingKey, bool) {
	return snapshotOf(s, s.billingKeys, key)
}

// liveBillingKeyLocked returns the key if it belongs to store and is not deleted, or the answer
// to send: 404 BILLING_KEY_NOT_FOUND or 409 BILLING_KEY_ALREADY_DELETED. The caller holds s.mu.
func (s *Server) liveBillingKeyLocked(key, store string) (*billingKey, *sandbox.Response) {
	k, ok := inStoreLocked(s.billingKeys, key, store)
	switch {
	case !ok:
		return nil, ptr(errorResponse(portone.ErrorTypeBillingKeyNotFound, ""))
	case !k.deletedAt.IsZero():
		return nil, ptr(errorResponse(portone.ErrorTypeBillingKeyAlreadyDeleted, ""))
	}
	return k, nil
}

// handleBillingKeyGet serves GET /billing-keys/{billingKey}?storeId=: the schema's BillingKeyInfo,
// ISSUED or DELETED, with one card method and the channel.
func (s *Server) handleBillingKeyGet(rq *request, _ []byte) sandbox.Response {
	return serveGet(s, rq, "billingKey", s.billingKeys, portone.ErrorTypeBillingKeyNotFound, s.renderBillingKey)
}

// handleBillingKeyDelete serves DELETE /billing-keys/{billingKey}?storeId=&reason=&requester=:
// {"deletedAt"}. An unknown key gets 404 BILLING_KEY_NOT_FOUND, a deleted one 409
// BILLING_KEY_ALREADY_DELETED, and a key with a SCHEDULED payment schedule 409
// PAYMENT_SCHEDULE_ALREADY_EXISTS (revoke the schedules first; due ones run before the check, so
// only those still to come refuse the delete). requester must be CUSTOMER or ADMIN when given.
func (s *Server) handleBillingKeyDelete(rq *request, _ []byte) sandbox.Response {
	key := rq.r.PathValue("billingKey")
	if r := rq.query.Get("requester"); r != "" && r != "CUSTOMER" && r != "ADMIN" {
		return errorResponse(portone.ErrorTypeInvalidRequest, "requester는 CUSTOMER 또는 ADMIN이어야 합니다.")
	}
	if v := rq.query.Get("skipWebhook"); v != "" && v != "true" && v != "false" {
		return errorResponse(portone.ErrorTypeInvalidRequest, "skipWebhook은 true 또는 false여야 합니다.")
	}
	store, denied := s.resolveStore(rq.query.Get("storeId"))
	if denied != nil {
		return *denied
	}
	now := s.stamp()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runDueSchedulesLocked(now)
	k, gone := s.liveBillingKeyLocked(key, store)
	if gone != nil {
		return *gone
	}
	for _, sc := range s.schedules {
		if sc.billingKey == key && sc.status == portone.PaymentScheduleStatusScheduled {
			return errorResponse(portone.ErrorTypePaymentScheduleAlreadyExists, "이 빌링키로 예약된 결제가 있습니다. 결제 예약을 먼저 취소하세요.")
		}
	}
	k.deletedAt = now
	s.stats.Count(func(st *Stats) { st.BillingKeysDeleted++ })
	return sandbox.JSON(http.StatusOK, deleteBillingKeyResponse{DeletedAt: now})
}

// handleBillingKeyIssue serves POST /billing-keys, minimally: a card credential
// (method.card.credential with a 13–19 digit number, a 2- or 4-digit expiryYear and an expiryMonth
// 01–12) and channelKey = [ChannelKey] give a new key on the sandbox's channel, with the card's
// BIN and masked number. A missing channelKey and channelGroupId, or a bad credential, get 400
// INVALID_REQUEST; another channelKey or any channelGroupId 404 CHANNEL_NOT_FOUND (the sandbox has
// one channel and no channel groups).
func (s *Server) handleBillingKeyIssue(rq *request, body []byte) sandbox.Response {
	var req issueBillingKeyBody
	if bad := decodeBody(body, &req); bad != nil {
		return *bad
	}
	if req.Method == nil || req.Method.Card == nil || req.Method.Card.Credential == nil {
		return errorResponse(portone.ErrorTypeInvalidRequest, "method.card.credential이 필요합니다. (샌드박스는 카드 빌링키만 발급합니다.)")
	}
	cred := req.Method.Card.Credential
	month, _ := strconv.Atoi(cred.ExpiryMonth)
	switch {
	case !transport.Digits(cred.Number, 13, 19):
		return errorResponse(portone.ErrorTypeInvalidRequest, "카드 번호는 13~19자리 숫자여야 합니다.")
	case !transport.Digits(cred.ExpiryYear, 2, 2) && !transport.Digits(cred.ExpiryYear, 4, 4):
		return errorResponse(portone.ErrorTypeInvalidRequest, "expiryYear는 2자리 또는 4자리 숫자여야 합니다.")
	case !transport.Digits(cred.ExpiryMonth, 2, 2) || month < 1 || month > 12:
		return errorResponse(portone.ErrorTypeInvalidRequest, "expiryMonth는 01~12여야 합니다.")
	case req.ChannelKey == "" && req.ChannelGroupID == "":
		return errorResponse(portone.ErrorTypeInvalidRequest, "channelKey 또는 channelGroupId가 필요합니다.")
	}
	store, denied := s.resolveStore(req.StoreID)
	if denied != nil {
		return *denied
	}
	if req.ChannelGroupID != "" || req.ChannelKey != ChannelKey {
		return errorResponse(portone.ErrorTypeChannelNotFound, "")
	}
	n := cred.Number
	card := cardJSON{
		Publisher: "SANDBOX", Issuer: "SANDBOX", Brand: "LOCAL", Type: "CREDIT", OwnerType: "PERSONAL", BIN: n[:6],
		Name: "샌드박스 카드", Number: n[:4] + "-" + n[4:6] + "**-****-" + n[len(n)-4:],
	}
	now := s.stamp()
	k := &billingKey{
		key: "billing-key-" + sandbox.NewUUID(), storeID: store, customData: req.CustomData,
		card: card, channel: *defaultChannel(), requestedAt: now, issuedAt: now,
	}
	if req.Customer != nil {
		k.customer = req.Customer.toCustomer()
	}
	s.mu.Lock()
	s.billingKeys[k.key] = k
	s.mu.Unlock()
	s.stats.Count(func(st *Stats) { st.BillingKeysIssued++ })
	return sandbox.JSON(http.StatusOK, issueBillingKeyResponse{BillingKeyInfo: billingKeyInfoSummary{
		BillingKey: k.key, Channels: []channelJSON{k.channel}, IssuedAt: now,
	}})
}

// toCustomer converts the request's CustomerInput into the Customer the responses carry. A
// separated name becomes "first last", and a separated address gets its oneLine by joining the
// parts (UNCONFIRMED: how PortOne joins them).
func (c *customerInput) toCustomer() customerJSON {
	out := customerJSON{
		ID: c.ID, BirthYear: c.BirthYear, BirthMonth: c.BirthMonth, BirthDay: c.BirthDay, Gender: c.Gender,
		Email: c.Email, PhoneNumber: c.PhoneNumber, Zipcode: c.Zipcode,
	}
	if c.Name != nil {
		out.Name = c.Name.Full
		if out.Name == "" && c.Name.Separated != nil {
			out.Name = strings.TrimSpace(c.Name.Separated.First + " " + c.Name.Separated.Last)
		}
	}
	if a := c.Address; a != nil {
		var parts []string
		for _, p := range []string{a.Country, a.Province, a.City, a.AddressLine1, a.AddressLine2} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		out.Address = &addressJSON{
			Type: "SEPARATED", OneLine: strings.Join(parts, " "), AddressLine1: ptr(a.AddressLine1),
			AddressLine2: ptr(a.AddressLine2), City: a.City, Province: a.Province, Country: a.Country,
		}
	}
	return out
}

// validate checks the input's own fields (400 INVALID_REQUEST) and returns the tax-free amount
// and VAT to use.
func (in *billingKeyPaymentInput) validate() (taxFree, vat int64, resp *sandbox.Response) {
	bad := func(msg string) (int64, int64, *sandbox.Response) {
		return 0, 0, ptr(errorResponse(portone.ErrorTypeInvalidRequest, msg))
	}
	switch {
	case in.BillingKey == "":
		return bad("billingKey가 필요합니다.")
	case strings.TrimSpace(in.OrderName) == "":
		return bad("orderName이 필요합니다.")
	case in.Amount == nil || in.Amount.Total == nil:
		return bad("amount.total이 필요합니다.")
	case *in.Amount.Total <= 0:
		return bad("amount.total은 0보다 커야 합니다.")
	case negative(in.Amount.TaxFree, in.Amount.Vat):
		return bad("amount.taxFree와 amount.vat은 0 이상이어야 합니다.")
	case in.Currency == "":
		return bad("currency가 필요합니다.")
	case !portone.Currency(in.Currency).IsKnown():
		return bad("알 수 없는 통화입니다: " + in.Currency)
	case in.InstallmentMonth != nil && (*in.InstallmentMonth < 0 || *in.InstallmentMonth > 36):
		return bad("installmentMonth는 0 이상 36 이하여야 합니다.")
	}
	total := *in.Amount.Total
	if in.Amount.TaxFree != nil {
		taxFree = *in.Amount.TaxFree
	}
	vat = vatOf(total - taxFree)
	if in.Amount.Vat != nil {
		vat = *in.Amount.Vat
	}
	if taxFree+vat > total {
		return 0, 0, ptr(errorResponse(portone.ErrorTypeSumOfPartsExceedsTotalAmount, ""))
	}
	return taxFree, vat, nil
}

// checkedInput runs the checks a billing-key payment and a payment schedule share before the
// state is looked at: the input's own fields (400 INVALID_REQUEST), its store (403 FORBIDDEN),
// then the sum of its amounts (409 SUM_OF_PARTS_EXCEEDS_TOTAL_AMOUNT). It returns the store, and
// the tax-free amount and VAT to use.
func (s *Server) checkedInput(in *billingKeyPaymentInput) (store string, taxFree, vat int64, resp *sandbox.Response) {
	taxFree, vat, bad := in.validate()
	if bad != nil && bad.Status == http.StatusBadRequest {
		return "", 0, 0, bad
	}
	store, denied := s.resolveStore(in.StoreID)
	if denied != nil {
		return "", 0, 0, denied
	}
	return store, taxFree, vat, bad
}

// paymentIDTakenLocked refuses a payment id that was already paid or awaits payment (PAID,
// PARTIAL_CANCELLED, CANCELLED, PAY_PENDING, VIRTUAL_ACCOUNT_ISSUED) with the error taken, and one
// with a SCHEDULED payment schedule with 409 PAYMENT_SCHEDULE_ALREADY_EXISTS.
func (s *Server) paymentIDTakenLocked(id string, taken portone.ErrorType) *sandbox.Response {
	if p := s.payments[id]; p != nil && (isPaid(p.status) || p.status == portone.PaymentStatusPayPending ||
		p.status == portone.PaymentStatusVirtualAccountIssued) {
		return ptr(errorResponse(taken, ""))
	}
	if s.scheduledLocked(id) {
		return ptr(errorResponse(portone.ErrorTypePaymentScheduleAlreadyExists, ""))
	}
	return nil
}

// scheduledLocked reports whether a SCHEDULED payment schedule will charge under payment id id.
// The caller holds s.mu.
func (s *Server) scheduledLocked(id string) bool {
	for _, sc := range s.schedules {
		if sc.paymentID == id && sc.status == portone.PaymentScheduleStatusScheduled {
			return true
		}
	}
	return false
}

// usableBillingKeyLocked looks up the key of a payment or schedule request: 404
// BILLING_KEY_NOT_FOUND, 409 BILLING_KEY_ALREADY_DELETED, or the error foreignChannel for a
// channelKey other than the key's channel (each operation answers it with a type its own error
// union lists).
func (s *Server) usableBillingKeyLocked(in *billingKeyPaymentInput, store string, foreignChannel portone.ErrorType) (*billingKey, *sandbox.Response) {
	k, gone := s.liveBillingKeyLocked(in.BillingKey, store)
	switch {
	case gone != nil:
		return nil, gone
	case in.ChannelKey != "" && in.ChannelKey != k.channel.Key:
		return nil, ptr(errorResponse(foreignChannel, ""))
	}
	return k, nil
}

// handleBillingKeyPay serves POST /payments/{paymentId}/billing-key. The checks run in this
// order, and the first failing one answers:
//
//  1. the body (400 INVALID_REQUEST): billingKey, orderName, amount.total > 0 and a known currency
//     are required; amount.taxFree and amount.vat ≥ 0; installmentMonth 0–36;
//  2. storeId (403 FORBIDDEN);
//  3. amount.taxFree + amount.vat ≤ amount.total (409 SUM_OF_PARTS_EXCEEDS_TOTAL_AMOUNT);
//  4. the billing key (404 BILLING_KEY_NOT_FOUND, 409 BILLING_KEY_ALREADY_DELETED, 404
//     CHANNEL_NOT_FOUND for a foreign channelKey);
//  5. the payment id is not already paid or awaiting payment (409 ALREADY_PAID for PAID,
//     PARTIAL_CANCELLED, CANCELLED, PAY_PENDING and VIRTUAL_ACCOUNT_ISSUED) and has no SCHEDULED
//     payment schedule (409 PAYMENT_SCHEDULE_ALREADY_EXISTS);
//  6. the key's PGError (502 PG_PROVIDER; the payment is stored as FAILED).
//
// On success the payment is stored as PAID (card method from the key, installment month from the
// request, origin API with the caller's IP address, billingKey set) and the answer is
// {"payment":{"pgTxId","paidAt"}}. A READY or FAILED payment with the same id is replaced by the
// new attempt. Due payment schedules run first ([Server.RunDueSchedules]), so a schedule whose
// time has come holds its payment id no longer but has paid it (409 ALREADY_PAID).
func (s *Server) handleBillingKeyPay(rq *request, body []byte) sandbox.Response {
	id := rq.r.PathValue("paymentId")
	var req billingKeyPaymentInput
	if bad := decodeBody(body, &req); bad != nil {
		return *bad
	}
	store, taxFree, vat, bad := s.checkedInput(&req)
	if bad != nil {
		return *bad
	}
	now := s.stamp()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runDueSchedulesLocked(now)
	k, resp := s.usableBillingKeyLocked(&req, store, portone.ErrorTypeChannelNotFound)
	if resp == nil {
		resp = s.paymentIDTakenLocked(id, portone.ErrorTypeAlreadyPaid)
	}
	if resp != nil {
		return *resp
	}
	c := billingKeyCharge{in: req, store: store, taxFree: taxFree, vat: vat, origin: originJSON{PlatformType: "API", IPAddress: clientIP(rq.r)}}
	p := s.chargeLocked(id, c, k, now)
	if p.status == portone.PaymentStatusFailed {
		s.stats.Count(func(st *Stats) { st.PGFailures++ })
		return pgErrorResponse(PGError{Code: p.failure.PGCode, Message: p.failure.PGMessage})
	}
	s.stats.Count(func(st *Stats) { st.BillingKeyPaymentsApplied++ })
	return sandbox.JSON(http.StatusOK, payWithBillingKeyResponse{Payment: billingKeyPaymentSummary{PgTxID: p.pgTxID, PaidAt: now}})
}

// A billingKeyCharge is a billing-key payment as checked by POST /payments/{paymentId}/billing-key
// or kept by a payment schedule until its timeToPay: the input, its store, the tax-free amount and
// VAT to charge, and the origin of the request that asked for it.
type billingKeyCharge struct {
	in           billingKeyPaymentInput
	store        string
	taxFree, vat int64
	origin       originJSON
}

// chargeLocked charges key k for c under payment id, the one charging routine of the sandbox (POST
// /payments/{paymentId}/billing-key and a due payment schedule), and stores the payment (replacing
// a READY or FAILED one with that id): PAID (card method from the key, billingKey set), or FAILED
// when the key has a PGError (the PG's code and message in its failure) or was deleted, which only
// a schedule reaches (the endpoint refuses a deleted key first). A PAID payment gets its PAID
// payment event. The caller checked the payment id and holds s.mu.
func (s *Server) chargeLocked(id string, c billingKeyCharge, k *billingKey, now time.Time) *payment {
	in := &c.in
	installment := 0
	if in.InstallmentMonth != nil {
		installment = *in.InstallmentMonth
	}
	channel := k.channel
	p := &payment{
		id: id, storeID: c.store, merchantID: s.cfg.merchantID, txID: sandbox.NewUUID(),
		orderName: in.OrderName, currency: in.Currency, total: *in.Amount.Total, taxFree: c.taxFree, vat: c.vat,
		customData: in.CustomData, customer: k.customer, channel: &channel, method: cardPayment(k.card, installment),
		origin: c.origin, billingKey: k.key, products: in.Products, requestedAt: now, updatedAt: now, statusAt: now,
	}
	if in.Customer != nil {
		p.customer = in.Customer.toCustomer()
	}
	defer s.addPaymentLocked(p)
	switch {
	case !k.deletedAt.IsZero():
		p.status, p.failedAt = portone.PaymentStatusFailed, now
		p.failure = failureJSON{Reason: errorTypes[portone.ErrorTypeBillingKeyAlreadyDeleted].message}
	case k.pgError != nil:
		e := k.pgError.filled()
		p.status, p.failedAt = portone.PaymentStatusFailed, now
		p.failure = failureJSON{Reason: e.Message, PGCode: e.Code, PGMessage: e.Message}
	default:
		p.status, p.paidAt = portone.PaymentStatusPaid, now
		p.pgTxID = "pg-tx-" + sandbox.RandomHex(8)
		p.receiptURL = "https://sandbox.portone.invalid/receipts/" + p.txID
		s.recordPaidLocked(p, now)
	}
	return p
}

// clientIP is the caller's address as the origin's ipAddress.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
