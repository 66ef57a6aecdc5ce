// A stand-in for Bootpay Commerce's checkout SDK (window.BootpayCommerce),
// served by paykit's commercetest sandbox after the payment sheet all its
// stand-ins share (window.paykitSandbox). It is a TEST DOUBLE: no hosted
// checkout opens and no money moves. "결제하기" completes the checkout in the
// sandbox (the invoice named by request_id, or a new paid order) and
// redirects to redirect_url with order_number and event=done, as Commerce's
// checkout does, or with event=error and the message when the sandbox
// refuses it; "취소" redirects with event=cancel and creates nothing.
(function () {
  'use strict';
  var ui = window.paykitSandbox;
  var base = document.currentScript.src.replace(/[^/]*$/, '');

  function go(redirect, params) {
    var u = new URL(redirect, location.href);
    Object.keys(params).forEach(function (k) { u.searchParams.set(k, params[k]); });
    location.href = u.toString();
  }

  window.BootpayCommerce = {
    sandbox: true,
    requestCheckout: function (o) {
      o = o || {};
      // finish redirects with the sandbox's answer, an order or a refusal.
      function finish(r) {
        if (r && r.order_number) return go(o.redirect_url, { order_number: r.order_number, event: 'done' });
        return go(o.redirect_url, { event: 'error', message: (r && r.message) || '' });
      }
      return ui.sheet('테스트 주문서', '부트페이 커머스 주문서', o.name, o.price).then(function (pay) {
        if (!pay) return go(o.redirect_url, { event: 'cancel' });
        return ui.post(base + 'checkout', {
          request_id: o.request_id || '', name: o.name, price: o.price,
          metadata: o.metadata || null, user_id: (o.user && o.user.user_id) || ''
        }).then(finish, finish);
      });
    }
  };
})();
