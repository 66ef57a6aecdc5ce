package main

import (
	"testing"
)

// Without keys the command runs on the sandboxes with the stand-ins; with
// every key it builds real clients and gives the pages the browser keys
// (no I/O happens here); with only some keys it refuses to start.
func TestGatewaysFromEnvironment(t *testing.T) {
	cfg, pages, closeFn, err := gateways(func(string) string { return "" })
	if err != nil || pages.Sandbox == nil || cfg.Bootpay == nil {
		t.Fatalf("no keys: %v, sandbox %v", err, pages.Sandbox)
	}
	closeFn()

	env := map[string]string{
		"PAYKIT_BOOTPAY_CLIENT_KEY": "bp-ck", "PAYKIT_BOOTPAY_SECRET_KEY": "bp-sk",
		"PAYKIT_PORTONE_STORE_ID": "store-1", "PAYKIT_PORTONE_CHANNEL_KEY": "channel-1", "PAYKIT_PORTONE_API_SECRET": "po-secret",
		"PAYKIT_COMMERCE_CLIENT_KEY": "cm-ck", "PAYKIT_COMMERCE_SECRET_KEY": "cm-sk",
	}
	// The real gateways need a shared session key: several instances read
	// each other's sessions.
	if _, _, _, err := gateways(func(k string) string { return env[k] }); err == nil {
		t.Error("real keys without PAYKIT_SESSION_KEY: started anyway")
	}
	env["PAYKIT_SESSION_KEY"] = "0123456789abcdef0123456789abcdef"
	cfg, pages, closeFn, err = gateways(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	if pages.Sandbox != nil || cfg.Bootpay == nil || cfg.PortOne == nil || cfg.Commerce == nil || cfg.PortOneWebhooks != nil {
		t.Errorf("all keys: %+v %+v", cfg, pages)
	}
	if string(cfg.SessionKey) != env["PAYKIT_SESSION_KEY"] {
		t.Error("the session key was not taken from PAYKIT_SESSION_KEY")
	}
	if k := pages.Keys; k.BootpayClientKey != "bp-ck" || k.PortOneStoreID != "store-1" || k.PortOneChannelKey != "channel-1" || k.CommerceClientKey != "cm-ck" {
		t.Errorf("page keys %+v", k)
	}

	delete(env, "PAYKIT_COMMERCE_SECRET_KEY")
	if _, _, _, err := gateways(func(k string) string { return env[k] }); err == nil {
		t.Error("some keys set: started anyway")
	}
}
