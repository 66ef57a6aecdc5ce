// The pages' few helpers. Every amount shown comes from the server; the
// browser never sends a price.
'use strict';

const STATUS = {
  pending: '결제 대기', confirming: '승인 확인 중', awaiting_deposit: '입금 대기', paid: '결제 완료',
  shipping: '배송 중', completed: '배송 완료', refunding: '환불 중', refunded: '환불 완료'
};
const REASON = {
  out_of_stock: '재고가 부족해요', coupon_invalid: '쿠폰을 쓸 수 없어요', points_short: '적립금이 부족해요',
  amount_mismatch: '결제 금액이 주문과 달라요 (위변조 의심)', not_confirmed: '결제가 승인되지 않았어요',
  payment_failed: '결제에 실패했어요', cancelled: '결제가 취소되었어요', refunded_at_gateway: '결제사에서 환불되었어요', expired: '입금 기한이 지났어요'
};

async function api(method, path, body) {
  const res = await fetch(path, {
    method: method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const j = await res.json().catch(() => ({ message: '응답을 읽지 못했어요.' }));
  j.httpStatus = res.status;
  return j;
}

function show(text, kind) {
  const el = document.getElementById('message');
  el.textContent = text || '';
  el.dataset.kind = kind || 'info';
}

function won(n) { return Number(n || 0).toLocaleString('ko-KR') + '원'; }

// The buyer is the server's session cookie (set by POST /api/login, or a
// guest's on first visit), never a user id the page sends.
async function login(form) {
  const r = await api('POST', '/api/login', { user_id: form.get('user_id') || '', password: form.get('password') || '' });
  return r.httpStatus === 200 ? show(r.user_id + '(으)로 로그인했어요.') : show(r.message || '로그인하지 못했어요.', 'error');
}

function goResult(orderId) { location.href = '/orders/' + encodeURIComponent(orderId) + '/result'; }

// showOrder reads the order from the server (GET /api/orders/{id}) and shows
// it, polling while it answers 202 (confirming or refunding).
async function showOrder(orderId) {
  let o;
  for (let i = 0; i < 40; i++) {
    o = await api('GET', '/api/orders/' + encodeURIComponent(orderId));
    if (o.httpStatus !== 202) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const el = document.getElementById('order');
  el.hidden = false;
  el.replaceChildren();
  const h = document.createElement('h2');
  h.id = 'order-status';
  h.dataset.status = o.status || 'unknown';
  h.textContent = STATUS[o.status] || o.message || '주문을 찾을 수 없어요';
  h.className = o.success ? 'ok' : 'not-ok';
  el.append(h);
  const rows = [
    ['주문번호', o.order_id], ['상품', o.order_name], ['정가', o.list_amount && won(o.list_amount)],
    ['할인', o.discount ? '-' + won(o.discount) : ''], ['적립금', o.points_used ? '-' + won(o.points_used) : ''],
    ['결제 금액', o.amount && won(o.amount)], ['사유', REASON[o.reason] || o.reason],
    ['부트페이 영수증', o.receipt_id], ['포트원 결제 건', o.payment_id], ['커머스 주문번호', o.order_number]
  ];
  if (o.virtual_account) {
    rows.push(['입금 계좌', o.virtual_account.bank + ' ' + o.virtual_account.account_number]);
    if (o.virtual_account.due) rows.push(['입금 기한', new Date(o.virtual_account.due).toLocaleString('ko-KR')]);
  }
  const dl = document.createElement('dl');
  for (const [k, v] of rows) {
    if (!v) continue;
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    dl.append(dt, dd);
  }
  el.append(dl);
  const note = document.createElement('p');
  note.className = 'note';
  note.textContent = '이 화면의 상태는 가맹점 서버의 데이터베이스에서 읽었어요.';
  el.append(note);
  return o;
}

// onPay wires the product form's button: the server creates and prices the
// order (POST /api/orders), then pay(order, form) runs the gateway's flow.
function onPay(pay, flow) {
  const button = document.getElementById('pay');
  button.addEventListener('click', async () => {
    button.disabled = true;
    show('');
    const form = new FormData(document.getElementById('order-form'));
    const order = await api('POST', '/api/orders', {
      product_id: 'shoe-270', quantity: Number(form.get('quantity') || 1), flow: flow,
      coupon_code: form.get('coupon_code') || '', points: Number(form.get('points') || 0)
    });
    if (!order.order_id || order.httpStatus !== 201) {
      button.disabled = false;
      return show(order.message || '주문을 만들지 못했어요.', 'error');
    }
    document.body.dataset.orderId = order.order_id;
    try {
      await pay(order, form);
    } catch (e) {
      await paymentFailed(e, order);
    }
  });
}

// requestBootpay opens Bootpay's payment window for the order, separately
// confirmed (extra.separately_confirmed: the window stops at 인증 완료 and
// the page decides who confirms), with any more of Bootpay's extra options.
function requestBootpay(order, extra) {
  return Bootpay.requestPayment({
    client_key: PAYKIT.bootpayKey, application_id: PAYKIT.bootpayKey,
    price: order.amount, order_name: order.order_name, order_id: order.order_id,
    user: { id: 'user_1234', username: '홍길동' },
    extra: Object.assign({ separately_confirmed: true }, extra)
  });
}

// paymentFailed shows a cancelled or failed payment window: the order stays
// unpaid (keepOrderUnpaid in Bootpay's guide), as the server says.
async function paymentFailed(e, order) {
  if (e && e.event === 'cancel') {
    show('결제를 취소했어요. 주문은 결제 대기 상태로 남아 있어요.', 'error');
  } else {
    show((e && e.message) || '결제하지 못했어요.', 'error');
  }
  await showOrder(order.order_id);
}
