// A stand-in for Bootpay's browser SDK (window.Bootpay), served by paykit's
// bootpaytest sandbox after the payment sheet all its stand-ins share
// (window.paykitSandbox). It is a TEST DOUBLE: no payment window of any PG
// opens and no money moves. "결제하기" creates the receipt in the sandbox as a
// real checkout would leave it (status 2 승인대기 with
// extra.separately_confirmed, else 1 결제완료) and resolves with a confirm or
// done event; "취소" rejects with a cancel event. Bootpay.confirm() is the
// client confirm of the exception flow.
(function () {
  'use strict';
  var ui = window.paykitSandbox;
  var base = document.currentScript.src.replace(/[^/]*$/, '');
  var waiting = null; // the receipt a later Bootpay.confirm() confirms

  // event wraps the sandbox's answer as the SDK resolves it: the fields at
  // the top level (as Bootpay's guide reads them) and again under data.
  function event(r) {
    var e = Object.assign({}, r);
    e.data = r;
    return e;
  }

  // failed closes the sheet and rejects as Bootpay's SDK does, with the
  // sandbox's message and error_code when it answered.
  function failed(fallback) {
    return function (e) {
      ui.close();
      throw { event: 'error', message: (e && e.message) || fallback, error_code: e && e.error_code };
    };
  }

  window.Bootpay = {
    sandbox: true,
    requestPayment: function (o) {
      o = o || {};
      return ui.sheet('테스트 결제창', '부트페이 결제', o.order_name, o.price).then(function (pay) {
        if (!pay) throw { event: 'cancel', message: '사용자가 결제를 취소했어요.' };
        var separately = !!(o.extra && o.extra.separately_confirmed);
        return ui.post(base + 'request', {
          price: o.price, order_id: o.order_id, order_name: o.order_name,
          method: o.method || 'card', metadata: o.metadata || {}, separately_confirmed: separately
        }).then(function (r) {
          if (separately) { waiting = r.receipt_id; } else { ui.close(); }
          return event(r);
        }, failed('결제 요청에 실패했어요.'));
      });
    },
    confirm: function () {
      var id = waiting;
      waiting = null;
      return ui.post(base + 'confirm', { receipt_id: id }).then(function (r) {
        ui.close();
        return event(r);
      }, failed('승인에 실패했어요.'));
    },
    destroy: function () { waiting = null; ui.close(); }
  };
})();
