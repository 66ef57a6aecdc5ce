package sandbox

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"slices"
)

// browserSheetJS is the payment sheet every browser-SDK stand-in shows; it
// defines window.paykitSandbox, which each stand-in's own script uses.
//
//go:embed browser_sheet.js
var browserSheetJS []byte

// browserBodyLimit bounds what a page may post to a stand-in's call.
const browserBodyLimit = 16 << 10

// BrowserSDK returns the handler of a sandbox's stand-in for a gateway's
// browser SDK, mounted at path (ending in "/") on the merchant's page origin:
//
//	GET  path+script   the payment sheet every stand-in shows, then adapter (the
//	                   script that puts the gateway's browser API, window.Bootpay
//	                   or window.PortOne, over it), as one uncached script
//	POST path+name     calls[name]: the stand-in's calls back to its sandbox
//
// so a page loads one script, as it loads the gateway's real SDK.
func BrowserSDK(path, script string, adapter []byte, calls map[string]http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+path+script, serveScript(slices.Concat(browserSheetJS, adapter)))
	for name, h := range calls {
		mux.Handle("POST "+path+name, h)
	}
	return mux
}

// serveScript serves js, a sandbox's stand-in for a gateway's browser SDK, as
// JavaScript that is never cached: a page always runs the stand-in of the
// sandbox it talks to.
func serveScript(js []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(js)
	}
}

// BrowserCall returns the handler of one call a stand-in's script makes back
// to its sandbox: it decodes the page's JSON body (at most 16 KiB) into a Req
// and writes the response answer returns. answer gets the decoding error, if
// any, and refuses the call with the gateway's own error body: a page's bad
// input is answered, never a panic.
func BrowserCall[Req any](answer func(req Req, err error) Response) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req Req
		err := json.NewDecoder(http.MaxBytesReader(w, r.Body, browserBodyLimit)).Decode(&req)
		writeResponse(w, answer(req, err))
	})
}
