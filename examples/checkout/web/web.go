// Package web is the merchant backend's pages: one for each payment flow of
// package shop (Bootpay server confirm, Bootpay client confirm, Bootpay
// Commerce plans, PortOne) and the result page, which reads the order's
// state from the server (GET /api/orders/{id}), never from the browser's
// word. The pages are embedded and served with the standard library's
// ServeMux in front of the shop's API.
//
// In sandbox mode (Config.Sandbox set, the default of `go run
// ./examples/checkout`) the pages load the sandboxes' stand-ins for the
// gateways' browser SDKs (bootpaytest, portonetest and commercetest's
// BrowserSDK, mounted under /sdk/ on the same origin), so every flow runs in
// a browser with no network and no money. With real keys (Config.Keys) the
// pages load the gateways' real browser SDKs from the URLs in their public
// docs; that mode is not tested here (it needs real keys and the network).
package web

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net/http"

	"github.com/paykit-kr/paykit/bootpay/bootpaytest"
	"github.com/paykit-kr/paykit/commerce/commercetest"
	"github.com/paykit-kr/paykit/examples/checkout/shop"
	"github.com/paykit-kr/paykit/portone/portonetest"
)

// The gateways' browser SDKs, from their public docs
// (https://developers.bootpay.co.kr/pg/client/request,
// https://developers.portone.io/sdk/ko/v2-sdk/readme,
// https://developers.bootpay.co.kr/commerce/order/checkout). Pin the
// versions your integration was reviewed with; UNTESTED here.
const (
	BootpaySDKURL  = "https://js.bootpay.co.kr/bootpay-5.1.2.min.js"
	PortOneSDKURL  = "https://cdn.portone.io/v2/browser-sdk.js"
	CommerceSDKURL = "https://js.bootpay.co.kr/bp-commerce-sdk-latest.min.js"
)

// Keys are the public, browser-side identifiers the real SDKs need. They are
// not secrets (the pages show them to every buyer); the secret keys stay in
// the shop's clients.
type Keys struct {
	BootpayClientKey  string // Bootpay.requestPayment's client_key (웹 애플리케이션 키)
	PortOneStoreID    string // PortOne.requestPayment's storeId
	PortOneChannelKey string // PortOne.requestPayment's channelKey
	CommerceClientKey string // BootpayCommerce.requestCheckout's client_key
}

// Config is what Handler serves.
type Config struct {
	// API is the shop's handler (shop.Server.Handler); every path the pages
	// do not take goes to it.
	API http.Handler
	// Sandbox, when set, mounts the gateways' browser SDK stand-ins and
	// points the pages at them (sandbox mode). Leave it nil with real keys.
	Sandbox *shop.Sandbox
	// Keys are used when Sandbox is nil; every field is then required.
	Keys Keys
}

//go:embed pages
var pages embed.FS

// page is what every page template gets.
type page struct {
	Sandbox                                      bool
	BootpaySDK, PortOneSDK, CommerceSDK          string
	BootpayKey, StoreID, ChannelKey, CommerceKey string
}

// Handler returns the pages in front of cfg.API:
//
//	GET /                      the shop: a link to each flow
//	GET /bootpay               Bootpay, separately confirmed, server confirm (/api/confirm)
//	GET /bootpay-client        Bootpay, client confirm exception (/api/payment/confirm-check, /api/payment/complete)
//	GET /plans                 Bootpay Commerce plans (/api/orders/plan → checkout redirect)
//	GET /commerce/result       the checkout's redirect_url: /api/orders/verify, then the order
//	GET /portone               PortOne (PortOne.requestPayment → /payment/complete)
//	GET /orders/{id}/result    the result page: the order as the database has it
//	GET /static/…              the pages' script and style
//	    /sdk/…                 sandbox mode: the browser SDK stand-ins
func Handler(cfg Config) (http.Handler, error) {
	if cfg.API == nil {
		return nil, errors.New("web: Config.API is required")
	}
	data := page{Sandbox: cfg.Sandbox != nil}
	if cfg.Sandbox != nil {
		data.BootpaySDK = bootpaytest.BrowserSDKPath + "bootpay.js"
		data.PortOneSDK = portonetest.BrowserSDKPath + "browser-sdk.js"
		data.CommerceSDK = commercetest.BrowserSDKPath + "commerce.js"
		data.BootpayKey, data.StoreID, data.ChannelKey, data.CommerceKey = bootpaytest.ClientKey, portonetest.StoreID, portonetest.ChannelKey, commercetest.ClientKey
	} else {
		k := cfg.Keys
		if k.BootpayClientKey == "" || k.PortOneStoreID == "" || k.PortOneChannelKey == "" || k.CommerceClientKey == "" {
			return nil, errors.New("web: without a Sandbox every field of Config.Keys is required")
		}
		data.BootpaySDK, data.PortOneSDK, data.CommerceSDK = BootpaySDKURL, PortOneSDKURL, CommerceSDKURL
		data.BootpayKey, data.StoreID, data.ChannelKey, data.CommerceKey = k.BootpayClientKey, k.PortOneStoreID, k.PortOneChannelKey, k.CommerceClientKey
	}

	mux := http.NewServeMux()
	for pattern, name := range map[string]string{
		"GET /{$}":                "index.html",
		"GET /bootpay":            "bootpay.html",
		"GET /bootpay-client":     "bootpay_client.html",
		"GET /plans":              "plans.html",
		"GET /commerce/result":    "commerce_result.html",
		"GET /portone":            "portone.html",
		"GET /orders/{id}/result": "result.html",
	} {
		h, err := render(name, data)
		if err != nil {
			return nil, err
		}
		mux.Handle(pattern, h)
	}
	static, err := fs.Sub(pages, "pages/static")
	if err != nil {
		return nil, err
	}
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	if sb := cfg.Sandbox; sb != nil {
		mux.Handle(bootpaytest.BrowserSDKPath, sb.Bootpay.BrowserSDK())
		mux.Handle(portonetest.BrowserSDKPath, sb.PortOne.BrowserSDK())
		mux.Handle(commercetest.BrowserSDKPath, sb.Commerce.BrowserSDK())
	}
	mux.Handle("/", cfg.API)
	return mux, nil
}

// render executes a page once (its data never changes) and serves the bytes.
func render(name string, data page) (http.Handler, error) {
	t, err := template.ParseFS(pages, "pages/layout.html", "pages/product.html", "pages/"+name)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, err
	}
	body := buf.Bytes()
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(body)
	}), nil
}
