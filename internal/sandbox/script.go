package sandbox

import "net/http"

// Script serves js, a sandbox's stand-in for a gateway's browser SDK, as
// JavaScript that is never cached: a page always runs the stand-in of the
// sandbox it talks to.
func Script(js []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(js)
	}
}
