// A stand-in for Bootpay's browser SDK (window.Bootpay), served by paykit's
// bootpaytest sandbox. It is a TEST DOUBLE: no payment window of any PG opens
// and no money moves. It shows a small sheet with the amount; "결제하기"
// creates the receipt in the sandbox as a real checkout would leave it
// (status 2 승인대기 with extra.separately_confirmed, else 1 결제완료) and
// resolves with a confirm or done event; "취소" rejects with a cancel event.
// Bootpay.confirm() is the client confirm of the exception flow.
(function () {
  'use strict';
  var base = document.currentScript.src.replace(/[^/]*$/, '');
  var waiting = null; // the receipt a later Bootpay.confirm() confirms

  function post(path, body) {
    return fetch(base + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().then(function (j) {
        if (!res.ok) throw j;
        return j;
      });
    });
  }

  function close() {
    var old = document.getElementById('paykit-sandbox-sheet');
    if (old) old.remove();
  }

  // sheet shows the stand-in payment window and resolves true (결제하기) or false (취소).
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
      d.querySelector('#paykit-sandbox-cancel').onclick = function () { close(); resolve(false); };
      document.body.appendChild(d);
    });
  }

  // event wraps the sandbox's answer as the SDK resolves it: the fields at
  // the top level (as Bootpay's guide reads them) and again under data.
  function event(r) {
    var e = Object.assign({}, r);
    e.data = r;
    return e;
  }

  window.Bootpay = {
    sandbox: true,
    requestPayment: function (o) {
      o = o || {};
      return sheet('부트페이 결제', o.order_name, o.price).then(function (pay) {
        if (!pay) throw { event: 'cancel', message: '사용자가 결제를 취소했어요.' };
        var separately = !!(o.extra && o.extra.separately_confirmed);
        return post('request', {
          price: o.price, order_id: o.order_id, order_name: o.order_name,
          method: o.method || 'card', metadata: o.metadata || {}, separately_confirmed: separately
        }).then(function (r) {
          if (separately) { waiting = r.receipt_id; } else { close(); }
          return event(r);
        }, function (e) {
          close();
          throw { event: 'error', message: (e && e.message) || '결제 요청에 실패했어요.', error_code: e && e.error_code };
        });
      });
    },
    confirm: function () {
      var id = waiting;
      waiting = null;
      return post('confirm', { receipt_id: id }).then(function (r) {
        close();
        return event(r);
      }, function (e) {
        close();
        throw { event: 'error', message: (e && e.message) || '승인에 실패했어요.', error_code: e && e.error_code };
      });
    },
    destroy: function () { waiting = null; close(); }
  };
})();
