// A stand-in for PortOne's browser SDK (window.PortOne), served by paykit's
// portonetest sandbox after the payment sheet all its stand-ins share
// (window.paykitSandbox). It is a TEST DOUBLE: no payment window of any PG
// opens and no money moves. "결제하기" creates the payment in the sandbox as
// a real payment window would leave it (PAID for a card,
// VIRTUAL_ACCOUNT_ISSUED for a virtual account) and resolves with
// {paymentId, txId, transactionType}; "취소" resolves with a code and
// message and creates nothing, as PortOne.requestPayment resolves (it does
// not reject) on a failure.
(function () {
  'use strict';
  var ui = window.paykitSandbox;
  var base = document.currentScript.src.replace(/[^/]*$/, '');

  window.PortOne = {
    sandbox: true,
    requestPayment: function (o) {
      o = o || {};
      return ui.sheet('테스트 결제창', '포트원 결제', o.orderName, o.totalAmount).then(function (pay) {
        if (!pay) return { paymentId: o.paymentId, code: 'FAILURE_TYPE_PG', message: '사용자가 결제를 취소했어요.' };
        return ui.post(base + 'request', {
          storeId: o.storeId, channelKey: o.channelKey, paymentId: o.paymentId, orderName: o.orderName,
          totalAmount: o.totalAmount, currency: o.currency, payMethod: o.payMethod
        }).then(function (r) {
          ui.close();
          return r;
        }, function (e) {
          // The sandbox's refusal carries its code and message; a network
          // failure has neither.
          ui.close();
          return { paymentId: o.paymentId, code: (e && e.code) || 'FAILURE_TYPE_PG', message: (e && e.message) || String(e) };
        });
      });
    }
  };
})();
