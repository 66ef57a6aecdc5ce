// A stand-in for Bootpay Commerce's checkout SDK (window.BootpayCommerce),
// served by paykit's commercetest sandbox. It is a TEST DOUBLE: no hosted
// checkout opens and no money moves. requestCheckout shows a small sheet
// with the amount; "결제하기" completes the checkout in the sandbox (the
// invoice named by request_id, or a new paid order) and redirects to
// redirect_url with order_number and event=done, as Commerce's checkout
// does; "취소" redirects with event=cancel and creates nothing.
(function () {
  'use strict';
  var base = document.currentScript.src.replace(/[^/]*$/, '');

  function sheet(title, name, amount) {
    return new Promise(function (resolve) {
      var d = document.createElement('div');
      d.id = 'paykit-sandbox-sheet';
      d.setAttribute('role', 'dialog');
      d.style.cssText = 'position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center;z-index:9999;font-family:sans-serif';
      d.innerHTML = '<div style="background:#fff;border-radius:12px;padding:24px 28px;min-width:300px;box-shadow:0 8px 30px rgba(0,0,0,.25)">' +
        '<p style="margin:0 0 4px;color:#888;font-size:12px">SANDBOX · 테스트 주문서 (실제 결제 없음)</p>' +
        '<h2 style="margin:0 0 12px;font-size:18px"></h2><p class="n" style="margin:0"></p>' +
        '<p class="a" style="font-size:22px;font-weight:bold;margin:8px 0 16px"></p>' +
        '<button id="paykit-sandbox-pay" style="padding:8px 18px;margin-right:8px">결제하기</button>' +
        '<button id="paykit-sandbox-cancel" style="padding:8px 18px">취소</button></div>';
      d.querySelector('h2').textContent = title;
      d.querySelector('.n').textContent = name || '';
      d.querySelector('.a').textContent = Number(amount).toLocaleString('ko-KR') + '원';
      d.querySelector('#paykit-sandbox-pay').onclick = function () { this.disabled = true; resolve(true); };
      d.querySelector('#paykit-sandbox-cancel').onclick = function () { resolve(false); };
      document.body.appendChild(d);
    });
  }

  function go(redirect, params) {
    var u = new URL(redirect, location.href);
    Object.keys(params).forEach(function (k) { u.searchParams.set(k, params[k]); });
    location.href = u.toString();
  }

  window.BootpayCommerce = {
    sandbox: true,
    requestCheckout: function (o) {
      o = o || {};
      return sheet('부트페이 커머스 주문서', o.name, o.price).then(function (pay) {
        if (!pay) return go(o.redirect_url, { event: 'cancel' });
        return fetch(base + 'checkout', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            request_id: o.request_id || '', name: o.name, price: o.price,
            metadata: o.metadata || null, user_id: (o.user && o.user.user_id) || ''
          })
        }).then(function (res) { return res.json(); }).then(function (r) {
          if (r.order_number) return go(o.redirect_url, { order_number: r.order_number, event: 'done' });
          return go(o.redirect_url, { event: 'error', message: r.message || '' });
        });
      });
    }
  };
})();
