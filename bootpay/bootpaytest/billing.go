package bootpaytest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/internal/sandbox"
	"github.com/paykit-kr/paykit/internal/transport"
)

// Reservation status codes the sandbox sends in "status". Bootpay does not document them
// (UNCONFIRMED); these are the sandbox's choice.
const (
	ReservationScheduled = 1  // waiting for its time
	ReservationExecuted  = 2  // charged (receipt_id set)
	ReservationFailed    = -2 // its time came with the billing key destroyed: nothing charged
	ReservationRevoked   = -1 // cancelled
)

// MaxReservationsPerKey is how many scheduled reservations the sandbox keeps per billing key, as
// Bootpay documents.
const MaxReservationsPerKey = 10

// keyNotFound is the message of the 404 RC_NOT_FOUND for an unknown billing key.
const keyNotFound = "빌링키를 찾을 수 없습니다."

// billingKey is the server's state of one billing key; guarded by Server.mu.
type billingKey struct {
	key, receiptID, subscriptionID, pg, method string
	cardNo, cardCompany, bankName, bankAccount string
	metadata                                   json.RawMessage
	status                                     bootpay.Status
	requestedAt, publishedAt                   time.Time
	firstCharge                                string // receipt id of a charge made with the issue
}

// reservation is the server's state of one scheduled charge; guarded by Server.mu.
type reservation struct {
	id, billingKey, orderID, orderName, feedbackURL string
	price, taxFree                                  int64
	metadata                                        json.RawMessage
	status                                          int
	receiptID                                       string
	requestedAt, executeAt, finishedAt, revokedAt   time.Time
}

// handleBillingIssue serves POST /v2/request/subscribe: a card billing key in status 11. With a
// price, the card is charged too and the receipt is returned in receipt_data.
func (s *Server) handleBillingIssue(r *http.Request, body []byte) sandbox.Response {
	var req billingKeyRequest
	if resp, ok := s.readBody(r, OpBillingIssue, body, &req); !ok {
		return resp
	}
	price, taxFree, _, okAmounts := parseAmounts(req.Price, req.TaxFree)
	switch {
	case req.PG == "" || req.OrderName == "" || req.SubscriptionID == "":
		return errorResponse(CodeInvalidRequest, "pg, order_name, subscription_id가 필요합니다.")
	case !transport.Digits(req.CardNo, 12, 19) || !transport.Digits(req.CardPw, 2, 2) || !transport.Digits(req.CardExpireYear, 2, 4):
		return errorResponse(CodeInvalidRequest, "카드 정보가 올바르지 않습니다.")
	case !transport.Digits(req.CardIdentityNo, 6, 6) && !transport.Digits(req.CardIdentityNo, 10, 10):
		return errorResponse(CodeInvalidRequest, "card_identity_no가 올바르지 않습니다.")
	case !validMonth(req.CardExpireMonth):
		return errorResponse(CodeInvalidExpMonth, "")
	case !okAmounts:
		return errorResponse(CodeInvalidRequest, "금액이 올바르지 않습니다.")
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	bk := &billingKey{
		key: s.newKeyLocked(), receiptID: s.newReceiptIDLocked(), subscriptionID: req.SubscriptionID,
		pg: req.PG, method: "카드자동결제", cardNo: maskCard(req.CardNo), cardCompany: "현대",
		metadata: rawOr(req.Metadata), status: bootpay.StatusBillingKeyIssued, requestedAt: now, publishedAt: now,
	}
	if price > 0 {
		rc := s.chargeLocked(req.SubscriptionID+"-first", req.OrderName, price, taxFree, bk.metadata, now)
		bk.firstCharge = rc.id
	}
	s.billingKeys[bk.key] = bk
	s.stats.Count(func(st *Stats) { st.BillingKeysIssued++ })
	return sandbox.RawJSON(http.StatusOK, s.renderKeyLocked(bk))
}

// handleTransferRequest serves POST /v2/request/subscribe/automatic-transfer: the sandbox takes the
// holder's ARS consent as given at once and answers status 41 (자동이체 인증 완료, publish 대기).
func (s *Server) handleTransferRequest(r *http.Request, body []byte) sandbox.Response {
	var req transferRequest
	if resp, ok := s.readBody(r, OpTransferRequest, body, &req); !ok {
		return resp
	}
	switch {
	case req.PG == "" || req.OrderName == "" || req.SubscriptionID == "" || req.Username == "" || req.BankName == "":
		return errorResponse(CodeInvalidRequest, "pg, order_name, subscription_id, username, bank_name이 필요합니다.")
	case req.AuthType != "ARS" && req.AuthType != "간편인증":
		return errorResponse(CodeInvalidRequest, "auth_type이 올바르지 않습니다.")
	case !transport.Digits(req.BankAccount, 6, 20):
		return errorResponse(CodeInvalidRequest, "bank_account가 올바르지 않습니다.")
	case !transport.Digits(req.IdentityNo, 6, 6) && !transport.Digits(req.IdentityNo, 10, 10):
		return errorResponse(CodeTransferLookupUserFailed, "")
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	bk := &billingKey{
		receiptID: s.newReceiptIDLocked(), subscriptionID: req.SubscriptionID, pg: req.PG, method: "계좌자동이체",
		bankName: req.BankName, bankAccount: maskCard(req.BankAccount), metadata: rawOr(req.Metadata),
		status: bootpay.StatusTransferAuthenticated, requestedAt: now,
	}
	s.transfers[bk.receiptID] = bk
	s.stats.Count(func(st *Stats) { st.TransfersRequested++ })
	return sandbox.RawJSON(http.StatusOK, s.renderKeyLocked(bk))
}

// handleTransferPublish serves POST /v2/request/subscribe/automatic-transfer/publish: a request in
// status 41 gets its billing key, in status 1 as Bootpay's documentation says (빌링키 발급 완료).
// Anything else is 400 SUBSCRIBE_PUBLISH_NOT_READY.
func (s *Server) handleTransferPublish(r *http.Request, body []byte) sandbox.Response {
	var req confirmRequest
	if resp, ok := s.readWrite(r, body, &req); !ok {
		return resp
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	bk := s.transfers[req.ReceiptID]
	if bk == nil || bk.status != bootpay.StatusTransferAuthenticated {
		return errorResponse(CodePublishNotReady, "")
	}
	bk.key, bk.status, bk.publishedAt = s.newKeyLocked(), bootpay.StatusPaid, now
	s.billingKeys[bk.key] = bk
	s.stats.Count(func(st *Stats) { st.BillingKeysIssued++ })
	return sandbox.RawJSON(http.StatusOK, s.renderKeyLocked(bk))
}

// handleBillingGet serves GET /v2/billing_key/{billing_key}; a destroyed key answers in status -11.
func (s *Server) handleBillingGet(r *http.Request, _ []byte) sandbox.Response {
	return serveStored(s, r, s.billingKeys, "billing_key", keyNotFound, func(bk *billingKey, _ time.Time) sandbox.Response {
		return sandbox.RawJSON(http.StatusOK, s.renderKeyLocked(bk))
	})
}

// handleBillingGetByReceipt serves GET /v2/subscribe/billing_key/{receipt_id}.
func (s *Server) handleBillingGetByReceipt(r *http.Request, _ []byte) sandbox.Response {
	if resp, ok := s.authorize(r); !ok {
		return resp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.PathValue("receipt_id")
	for _, bk := range s.billingKeys {
		if bk.receiptID == id {
			return sandbox.RawJSON(http.StatusOK, s.renderKeyLocked(bk))
		}
	}
	if bk := s.transfers[id]; bk != nil {
		return sandbox.RawJSON(http.StatusOK, s.renderKeyLocked(bk))
	}
	if s.receipts[id] != nil {
		return errorResponse(CodeNotSubscribe, "")
	}
	return errorResponse(CodeReceiptNotFound, "")
}

// handleBillingSequential serves GET /v2/subscribe/sequential_billing_key/{billing_key}: widget_key
// and user_id are required (400 INVALID_REQUEST); the answer is the key itself (the real shape is
// UNCONFIRMED).
func (s *Server) handleBillingSequential(r *http.Request, _ []byte) sandbox.Response {
	if resp, ok := s.authorize(r); !ok {
		return resp
	}
	if q := r.URL.Query(); q.Get("widget_key") == "" || q.Get("user_id") == "" {
		return errorResponse(CodeInvalidRequest, "widget_key와 user_id가 필요합니다.")
	}
	return s.handleBillingGet(r, nil)
}

// handleBillingDestroy serves DELETE /v2/subscribe/billing_key/{billing_key}: the key moves to -11
// (빌링키 취소 완료); its reservations stay, as at Bootpay, and fail when their time comes. A key
// already destroyed is 400 SUBSCRIBE_BK_EXPIRED.
func (s *Server) handleBillingDestroy(r *http.Request, _ []byte) sandbox.Response {
	return serveStored(s, r, s.billingKeys, "billing_key", keyNotFound, func(bk *billingKey, _ time.Time) sandbox.Response {
		if bk.status == bootpay.StatusBillingKeyRevoked {
			return errorResponse(CodeBillingKeyExpired, "")
		}
		bk.status = bootpay.StatusBillingKeyRevoked
		s.stats.Count(func(st *Stats) { st.BillingKeysDestroyed++ })
		return sandbox.JSON(http.StatusOK, billingKeyOnlyJSON{bk.key})
	})
}

// checkChargeLocked runs the due reservations, as every billing request does, then checks a charge
// or reservation body and returns its amounts, or the refusal. The caller holds Server.mu.
func (s *Server) checkChargeLocked(req *chargeRequest, now time.Time) (price, taxFree int64, resp sandbox.Response, ok bool) {
	s.runDueLocked(now)
	price, taxFree, hasPrice, okAmounts := parseAmounts(req.Price, req.TaxFree)
	bk := s.billingKeys[req.BillingKey]
	switch {
	case req.BillingKey == "" || req.OrderName == "" || req.OrderID == "":
		return 0, 0, errorResponse(CodeInvalidRequest, "billing_key, order_name, order_id가 필요합니다."), false
	case !hasPrice || !okAmounts || price == 0:
		return 0, 0, errorResponse(CodeInvalidRequest, "price는 0보다 큰 정수, tax_free는 price 이하여야 합니다."), false
	case !validQuota(req.CardQuota, price):
		return 0, 0, errorResponse(CodeInvalidRequest, "card_quota가 올바르지 않습니다."), false
	case !itemsAddUp(req.Items, price):
		return 0, 0, errorResponse(CodeInvalidRequest, "items의 합계가 price와 다릅니다."), false
	case bk == nil:
		return 0, 0, errorResponse(CodeReceiptNotFound, keyNotFound), false
	case !bk.live():
		return 0, 0, errorResponse(CodeBillingKeyExpired, ""), false
	case s.orderIDs[req.OrderID]:
		return 0, 0, errorResponse(CodeOrderIDDuplicated, ""), false
	}
	return price, taxFree, sandbox.Response{}, true
}

func (bk *billingKey) live() bool {
	return bk.status == bootpay.StatusBillingKeyIssued || bk.status == bootpay.StatusPaid
}

// handleCharge serves POST /v2/subscribe/payment: the key is charged at once and the paid receipt
// (status 1) returned. An order_id already charged or reserved is 400 RC_ORDER_ID_DUPLICATED, so the
// sandbox never charges one order twice.
func (s *Server) handleCharge(r *http.Request, body []byte) sandbox.Response {
	var req chargeRequest
	if resp, ok := s.readBody(r, OpCharge, body, &req); !ok {
		return resp
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	price, taxFree, resp, ok := s.checkChargeLocked(&req, now)
	if !ok {
		return resp
	}
	rc := s.chargeLocked(req.OrderID, req.OrderName, price, taxFree, rawOr(req.Metadata), now)
	s.stats.Count(func(st *Stats) { st.ChargesApplied++ })
	return sandbox.RawJSON(http.StatusOK, rc.render(s.cfg.decimalAmounts))
}

// chargeLocked stores a paid card receipt for a billing-key charge; the caller holds Server.mu.
func (s *Server) chargeLocked(orderID, orderName string, price, taxFree int64, metadata json.RawMessage, now time.Time) *receipt {
	rc := &receipt{
		id: s.newReceiptIDLocked(), orderID: orderID, orderName: orderName, price: price, taxFree: taxFree,
		status: bootpay.StatusPaid, pg: "nicepay", method: "card", methodName: "카드자동결제",
		companyName: "페이킷 테스트 상점", currency: "KRW", metadata: metadata,
		requestedAt: now, purchasedAt: now, cardCompany: "현대", cardNo: "5365-10**-****-1234", cardQuota: "00",
		tid: "sbx" + sandbox.RandomHex(10), approveNo: "00000000",
	}
	s.receipts[rc.id] = rc
	s.orderIDs[orderID] = true
	return rc
}

// handleReserve serves POST /v2/subscribe/payment/reserve. reserve_execute_at must be an RFC 3339
// time after the server's clock; a key with MaxReservationsPerKey scheduled reservations is 400
// RC_RESERVE_LIMIT_EXCEEDED; the order_id rules of a charge apply.
func (s *Server) handleReserve(r *http.Request, body []byte) sandbox.Response {
	var req chargeRequest
	if resp, ok := s.readBody(r, OpReserve, body, &req); !ok {
		return resp
	}
	at, err := time.Parse(time.RFC3339, req.ReserveExecuteAt)
	now := s.now()
	if err != nil || !at.After(now) {
		return errorResponse(CodeInvalidRequest, "reserve_execute_at은 미래의 ISO 8601 시각이어야 합니다.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	price, taxFree, resp, ok := s.checkChargeLocked(&req, now)
	if !ok {
		return resp
	}
	if s.scheduledLocked(req.BillingKey) >= MaxReservationsPerKey {
		return errorResponse(CodeReserveLimitExceeded, "")
	}
	rv := &reservation{
		id: sandbox.RandomHex(12), billingKey: req.BillingKey, orderID: req.OrderID, orderName: req.OrderName,
		feedbackURL: req.FeedbackURL, price: price, taxFree: taxFree, metadata: rawOr(req.Metadata),
		status: ReservationScheduled, requestedAt: now, executeAt: at,
	}
	s.reservations[rv.id] = rv
	s.orderIDs[rv.orderID] = true
	s.stats.Count(func(st *Stats) { st.ReservationsCreated++ })
	return sandbox.JSON(http.StatusOK, reservationJSON{rv.id, kstTime(at)})
}

func (s *Server) scheduledLocked(key string) int {
	n := 0
	for _, rv := range s.reservations {
		if rv.billingKey == key && rv.status == ReservationScheduled {
			n++
		}
	}
	return n
}

// RunDueReservations executes every reservation whose time has come by the server's clock
// ([WithClock]) and returns how many it charged. The sandbox also runs it before serving every
// billing request, so a test only needs it to make the charges happen without a request. A
// reservation runs at most once: executing, cancelling and this method all hold the server's lock.
func (s *Server) RunDueReservations() int {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.runDueLocked(now)
}

// runDueLocked executes the due reservations; the caller holds Server.mu.
func (s *Server) runDueLocked(now time.Time) int {
	n := 0
	for _, rv := range s.reservations {
		if rv.status != ReservationScheduled || rv.executeAt.After(now) {
			continue
		}
		rv.finishedAt = now
		if bk := s.billingKeys[rv.billingKey]; bk == nil || !bk.live() {
			rv.status = ReservationFailed
			continue
		}
		rc := s.chargeLocked(rv.orderID, rv.orderName, rv.price, rv.taxFree, rv.metadata, now)
		rv.status, rv.receiptID = ReservationExecuted, rc.id
		s.stats.Count(func(st *Stats) { st.ReservationsExecuted++ })
		n++
	}
	return n
}

// handleReserveGet serves GET /v2/subscribe/payment/reserve/{reserve_id}.
func (s *Server) handleReserveGet(r *http.Request, _ []byte) sandbox.Response {
	return s.serveReservation(r, func(rv *reservation, _ time.Time) sandbox.Response {
		return sandbox.JSON(http.StatusOK, reservationDetailJSON{
			ReserveID: rv.id, ReceiptID: rv.receiptID, OrderID: rv.orderID, OrderName: rv.orderName,
			Price: money{rv.price, s.cfg.decimalAmounts}, TaxFree: money{rv.taxFree, s.cfg.decimalAmounts},
			BillingKey: rv.billingKey, FeedbackURL: rv.feedbackURL, Metadata: rv.metadata, Version: 1, Status: rv.status,
			ReserveRequestedAt: kstTime(rv.requestedAt), ReserveExecuteAt: kstTime(rv.executeAt),
			ReserveStartedAt: kstTime(rv.finishedAt), ReserveFinishedAt: kstTime(rv.finishedAt), ReserveRevokedAt: kstTime(rv.revokedAt),
		})
	})
}

// handleReserveCancel serves DELETE /v2/subscribe/payment/reserve/{reserve_id}: a scheduled
// reservation is revoked; one already revoked answers success again (nothing changes); one that
// ran is 400 RC_RESERVE_ALREADY_EXECUTED. Due reservations run first, so a cancel that arrives after
// the reservation's time loses the race, as at Bootpay.
func (s *Server) handleReserveCancel(r *http.Request, _ []byte) sandbox.Response {
	return s.serveReservation(r, func(rv *reservation, now time.Time) sandbox.Response {
		switch rv.status {
		case ReservationExecuted, ReservationFailed:
			return errorResponse(CodeReserveAlreadyExecuted, "")
		case ReservationScheduled:
			rv.status, rv.revokedAt = ReservationRevoked, now
			s.stats.Count(func(st *Stats) { st.ReservationsCancelled++ })
		}
		return sandbox.JSON(http.StatusOK, reserveCancelJSON{rv.id, true})
	})
}

// serveReservation is serveStored for the reservation named by the path's reserve_id, looked up
// once the due reservations have run, which they do for every billing request, found or not.
func (s *Server) serveReservation(r *http.Request, h func(rv *reservation, now time.Time) sandbox.Response) sandbox.Response {
	if resp, ok := s.authorize(r); !ok {
		return resp
	}
	return withFound(s, "예약을 찾을 수 없습니다.", func(now time.Time) *reservation {
		s.runDueLocked(now)
		return s.reservations[r.PathValue("reserve_id")]
	}, h)
}

// renderKeyLocked encodes a billing key; the caller holds Server.mu.
func (s *Server) renderKeyLocked(bk *billingKey) []byte {
	v := billingKeyJSON{
		ReceiptID: bk.receiptID, BillingKey: bk.key, SubscriptionID: bk.subscriptionID,
		GatewayURL: "https://gateway.sandbox.invalid", Metadata: bk.metadata, PG: bk.pg,
		Method: bk.method, MethodSymbol: "card_rebill", MethodOrigin: bk.method, MethodOriginSymbol: "card_rebill",
		PublishedAt: kstTime(bk.publishedAt), RequestedAt: kstTime(bk.requestedAt),
		Status: int(bk.status), StatusLocale: statusLocales[bk.status],
	}
	if bk.bankName != "" {
		v.MethodSymbol, v.MethodOriginSymbol = "bank_rebill", "bank_rebill"
		v.BillingData = &billingDataJSON{BankName: bk.bankName, BankAccount: bk.bankAccount}
	} else {
		v.BillingData = &billingDataJSON{CardNo: bk.cardNo, CardCompany: bk.cardCompany, CardCompanyCode: cardCompanyCodes[bk.cardCompany], CardType: 1}
	}
	if !bk.publishedAt.IsZero() {
		v.BillingExpireAt = kstTime(bk.publishedAt.AddDate(5, 0, 0))
	}
	if rc := s.receipts[bk.firstCharge]; rc != nil {
		v.ReceiptData = rc.render(s.cfg.decimalAmounts)
	}
	b, _ := json.Marshal(v)
	return b
}

func (s *Server) newReceiptIDLocked() string {
	for {
		if id := sandbox.RandomHex(12); s.receipts[id] == nil && s.transfers[id] == nil && s.certs[id] == nil {
			return id
		}
	}
}

func (s *Server) newKeyLocked() string { return "bk_" + sandbox.RandomHex(16) }

// BillingKeys returns the billing keys the sandbox issued, live or destroyed, each with its status,
// for a test to use or compare: key → status.
func (s *Server) BillingKeys() map[string]bootpay.Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]bootpay.Status, len(s.billingKeys))
	for k, bk := range s.billingKeys {
		out[k] = bk.status
	}
	return out
}

// maskCard keeps the first 4 and last 4 digits, as gateways mask card numbers.
func maskCard(n string) string {
	if len(n) < 9 {
		return n
	}
	b := []byte(n)
	for i := 4; i < len(b)-4; i++ {
		b[i] = '*'
	}
	return string(b)
}

func validMonth(s string) bool {
	n, err := strconv.Atoi(s)
	return transport.Digits(s, 2, 2) && err == nil && n >= 1 && n <= 12
}

// validQuota accepts "", "0", "00", and "2"…"12" for 50,000 won or more.
func validQuota(q string, price int64) bool {
	switch q {
	case "", "0", "00":
		return true
	}
	n, err := strconv.Atoi(q)
	return err == nil && transport.Digits(q, 1, 2) && n >= 2 && n <= 12 && price >= 50000
}

func itemsAddUp(items []itemJSON, price int64) bool {
	if len(items) == 0 {
		return true
	}
	var total int64
	for _, it := range items {
		total += it.Price * it.Qty
	}
	return total == price
}

// rawOr returns raw, or {} when it is absent or null.
func rawOr(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 || string(raw) == "null" {
		return json.RawMessage("{}")
	}
	return raw
}
