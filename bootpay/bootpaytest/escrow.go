package bootpaytest

import (
	"net/http"
	"time"

	"github.com/paykit-kr/paykit/bootpay"
	"github.com/paykit-kr/paykit/internal/sandbox"
)

// couriers are the delivery companies Bootpay's escrow API names.
var couriers = map[string]bool{
	"CJ대한통운": true, "한진": true, "롯데": true, "KGB": true, "동부": true, "우체국": true, "로젠": true, "옐로우캡": true,
	"경동": true, "대신": true, "사가와": true, "일양로지스": true, "호남": true, "합동": true, "천일": true, "편의점": true,
	"직접배달": true, "퀵서비스": true,
}

// handleShippingStart serves PUT /v2/escrow/shipping/start/{receipt_id}: a paid escrow payment
// (ReceiptSpec.Escrow) gets its shipment; escrow_data then reads status 1 (배송중) with
// shipping_started_at. A payment that is not escrow is 400 RC_NOT_ESCROW; an unknown courier 400
// INVALID_REQUEST. Sending the same shipment again answers 200 without a change.
func (s *Server) handleShippingStart(r *http.Request, body []byte) sandbox.Response {
	var req shippingRequest
	if resp, ok := s.readBody(r, OpShippingStart, body, &req); !ok {
		return resp
	}
	if req.TrackingNumber == "" || !couriers[req.DeliveryCorp] {
		return errorResponse(CodeInvalidRequest, "tracking_number와 delivery_corp(택배사)가 필요합니다.")
	}
	return withStored(s, s.receipts, r.PathValue("receipt_id"), "", func(rc *receipt, now time.Time) sandbox.Response {
		if !rc.escrow || rc.status != bootpay.StatusPaid {
			return errorResponse(CodeNotEscrow, "")
		}
		if rc.shippingStartedAt.IsZero() {
			rc.shippingStartedAt = now
			rc.trackingNumber, rc.courier = req.TrackingNumber, req.DeliveryCorp
			s.stats.Count(func(st *Stats) { st.ShipmentsStarted++ })
		}
		return sandbox.RawJSON(http.StatusOK, rc.render(s.cfg.decimalAmounts))
	})
}
