package fault

import (
	"net/http"
	"time"
)

// A MatrixFault is a named fault for one axis of the write-outcome matrix.
type MatrixFault struct {
	Name  string
	Fault Fault
}

// FirstFaults is the first axis of the write-outcome matrix: what happens
// to the first attempt of a write. Every fault but "none" and
// "close-before-read" may apply the write without the client learning it.
// timeout is the client's per-attempt timeout in the test; the delay fault
// waits twice as long, so the client gives up while the sandbox still
// applies the write afterwards.
func FirstFaults(timeout time.Duration) []MatrixFault {
	return []MatrixFault{
		{"none", Fault{}},
		{"close-before-read", CloseBeforeRead()},
		{"close-after-apply", CloseAfterApply()},
		{"5xx-after-apply", StatusAfterApply(http.StatusInternalServerError, `{"message":"internal"}`)},
		{"truncated-body", TruncatedBody()},
		{"delay-past-timeout", Delay(2 * timeout)},
	}
}

// FinalAnswers is the second axis of the write-outcome matrix: how every
// later attempt is answered, as a proxy, a WAF, a rate limiter or the
// gateway itself might. "2xx" handles the request normally (the sandbox's
// own deduplication decides what is applied); the others answer without
// applying anything. pgDecline is the gateway's own JSON body for a 502
// from the PG (PortOne's PG_PROVIDER); a gateway without one passes a
// plain JSON error body.
func FinalAnswers(pgDecline string) []MatrixFault {
	const htmlBody = "<html><body><h1>502 Bad Gateway</h1></body></html>"
	return []MatrixFault{
		{"2xx", Fault{}},
		{"400", Status(http.StatusBadRequest, `{"message":"bad request"}`)},
		{"401", Status(http.StatusUnauthorized, `{"message":"unauthorized"}`)},
		{"403", Status(http.StatusForbidden, "<html>forbidden by WAF</html>").WithHeader("Content-Type", "text/html")},
		{"404", Status(http.StatusNotFound, `{"message":"not found"}`)},
		{"408", Status(http.StatusRequestTimeout, "")},
		{"409", Status(http.StatusConflict, `{"message":"conflict"}`)},
		{"429-short", RateLimit("0")},
		{"429-long", RateLimit("120")},
		{"500", Status(http.StatusInternalServerError, `{"message":"internal"}`)},
		{"502-pg-decline", Status(http.StatusBadGateway, pgDecline)},
		{"502-html", Status(http.StatusBadGateway, htmlBody).WithHeader("Content-Type", "text/html")},
	}
}
