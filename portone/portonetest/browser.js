// A stand-in for PortOne's browser SDK (window.PortOne), served by paykit's
// portonetest sandbox. It is a TEST DOUBLE: no payment window of any PG opens
// and no money moves. It shows a small sheet with the amount; "결제하기"
// creates the payment in the sandbox as a real payment window would leave
// it (PAID for a card, VIRTUAL_ACCOUNT_ISSUED for a virtual account) and
// resolves with {paymentId, txId, transactionType}; "취소" resolves with a
// code and message and creates nothing, as PortOne.requestPayment resolves
// (it does not reject) on a failure.
(function () {
  'use strict';
  var base = document.currentScript.src.replace(/[^/]*$/, '');

  function close() {
    var old = document.getElementById('paykit-sandbox-sheet');
    if (old) old.remove();
  }

  function sheet(title, name, amount) {
    close();
    return new Promise(function (resolve) {
      var d = document.createElement('div');
      d.id = 'paykit-sandbox-sheet';
      d.setAttribute('role', 'dialog');
      d.style.cssText = 'position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center;z-index:9999;font-family:sans-serif';
      d.innerHTML = '<div style="background:#fff;border-radius:12px;padding:24px 28px;min-width:300px;box-shadow:0 8px 30px rgba(0,0,0,.25)">' +
        '<p style="margin:0 0 4px;color:#888;font-size:12px">SANDBOX · 테스트 결제창 (실제 결제 없음)</p>' +
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

  window.PortOne = {
    sandbox: true,
    requestPayment: function (o) {
      o = o || {};
      return sheet('포트원 결제', o.orderName, o.totalAmount).then(function (pay) {
        if (!pay) {
          close();
          return { paymentId: o.paymentId, code: 'FAILURE_TYPE_PG', message: '사용자가 결제를 취소했어요.' };
        }
        return fetch(base + 'request', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            storeId: o.storeId, channelKey: o.channelKey, paymentId: o.paymentId, orderName: o.orderName,
            totalAmount: o.totalAmount, currency: o.currency, payMethod: o.payMethod
          })
        }).then(function (res) { return res.json(); }).then(function (r) {
          close();
          return r;
        }, function (e) {
          close();
          return { paymentId: o.paymentId, code: 'FAILURE_TYPE_PG', message: String(e) };
        });
      });
    }
  };
})();
