// The payment sheet of paykit's browser-SDK stand-ins (bootpaytest,
// commercetest, portonetest). It is a TEST DOUBLE: no payment window of any
// PG opens and no money moves. Each stand-in's script is served right after
// this one, in the same file, and puts its gateway's browser API over
// window.paykitSandbox: sheet, close and post. They keep no state, so a page
// that loads two stand-ins defines them twice to the same effect.
(function () {
  'use strict';

  function close() {
    var old = document.getElementById('paykit-sandbox-sheet');
    if (old) old.remove();
  }

  // sheet shows the stand-in's window (caption says what it stands for:
  // 결제창, 주문서) with the amount, and resolves true (결제하기, which leaves
  // it open and its button disabled until the stand-in closes it) or false
  // (취소, which closes it).
  function sheet(caption, title, name, amount) {
    close();
    return new Promise(function (resolve) {
      var d = document.createElement('div');
      d.id = 'paykit-sandbox-sheet';
      d.setAttribute('role', 'dialog');
      d.style.cssText = 'position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center;z-index:9999;font-family:sans-serif';
      d.innerHTML = '<div style="background:#fff;border-radius:12px;padding:24px 28px;min-width:300px;box-shadow:0 8px 30px rgba(0,0,0,.25)">' +
        '<p class="c" style="margin:0 0 4px;color:#888;font-size:12px"></p>' +
        '<h2 style="margin:0 0 12px;font-size:18px"></h2><p class="n" style="margin:0"></p>' +
        '<p class="a" style="font-size:22px;font-weight:bold;margin:8px 0 16px"></p>' +
        '<button id="paykit-sandbox-pay" style="padding:8px 18px;margin-right:8px">결제하기</button>' +
        '<button id="paykit-sandbox-cancel" style="padding:8px 18px">취소</button></div>';
      d.querySelector('.c').textContent = 'SANDBOX · ' + caption + ' (실제 결제 없음)';
      d.querySelector('h2').textContent = title;
      d.querySelector('.n').textContent = name || '';
      d.querySelector('.a').textContent = Number(amount).toLocaleString('ko-KR') + '원';
      d.querySelector('#paykit-sandbox-pay').onclick = function () { this.disabled = true; resolve(true); };
      d.querySelector('#paykit-sandbox-cancel').onclick = function () { close(); resolve(false); };
      document.body.appendChild(d);
    });
  }

  // post sends body as JSON to url, a call back to the sandbox, and resolves
  // with its JSON answer; an answer other than 2xx rejects with that JSON (a
  // network failure rejects with the Error).
  function post(url, body) {
    return fetch(url, {
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

  window.paykitSandbox = { sheet: sheet, close: close, post: post };
})();
