package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestWalkthrough(t *testing.T) {
	var out bytes.Buffer
	noEnv := func(string) string { return "" }
	if err := run(context.Background(), &out, noEnv, nil); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"1. 주문 생성 (order created): order-20261122-0001, 50000원",
		"status 2 승인대기",
		"3. 검증 후 서버 승인",
		"status: paid (결제완료) | 결제 금액 (price) 50000원 | 취소 금액 (cancelled) 0원 | 잔액 (remaining) 50000원",
		"4. 부분취소 (partial cancel) of 20000원",
		"status: cancelled (결제취소 완료) | 결제 금액 (price) 50000원 | 취소 금액 (cancelled) 20000원 | 잔액 (remaining) 30000원",
		"card: 현대 ****-****-****-1234",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
}

func TestLiveModeNeedsAReceiptID(t *testing.T) {
	env := map[string]string{"BOOTPAY_CLIENT_KEY": "ck", "BOOTPAY_SECRET_KEY": "sk"}
	err := run(context.Background(), &bytes.Buffer{}, func(k string) string { return env[k] }, nil)
	if err == nil || !strings.Contains(err.Error(), "BOOTPAY_RECEIPT_ID") {
		t.Fatalf("got %v", err)
	}
}
