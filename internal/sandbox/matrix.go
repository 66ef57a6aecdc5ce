package sandbox

import (
	"net/http"
	"time"
)

// A MatrixFault is a named fault for one axis of the write-outcome matrix ([Matrix]).
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

// A Cell is one cell of the write-outcome matrix: the fault on a write's first attempt and the
// answer to every later attempt. A sandbox builds it with Inject(op, c.First, 1) and then
// Inject(op, c.Final, -1).
type Cell struct {
	// Name is "<first>/<final>", such as "close-after-apply/429-long".
	Name  string
	First Fault
	Final Fault
}

// Matrix returns every cell of the write-outcome matrix, [FirstFaults] × [FinalAnswers], with the
// client's per-attempt timeout and the gateway's PG-decline body as those take them.
func Matrix(timeout time.Duration, pgDecline string) []Cell {
	var cells []Cell
	for _, first := range FirstFaults(timeout) {
		for _, final := range FinalAnswers(pgDecline) {
			cells = append(cells, Cell{Name: first.Name + "/" + final.Name, First: first.Fault, Final: final.Fault})
		}
	}
	return cells
}

// A FaultCase is one fault of the standard list a client call is tested under, and how many
// requests it hits.
type FaultCase struct {
	Name  string
	Fault Fault
	N     int
}

// ClientFaults returns the standard list of faults a client call is tested under: none, a 500
// once, a 503 on every attempt, a 500 after applying, a 429 with a short and with a long
// Retry-After, both connection drops, a delay of delay (longer than the client's per-attempt
// timeout) and a truncated body. internal and unavailable are the gateway's own 500 and 503 bodies,
// and rateLimit is its sandbox's RateLimit constructor, which adds its 429 body.
func ClientFaults(internal, unavailable string, rateLimit func(retryAfter string) Fault, delay time.Duration) []FaultCase {
	return []FaultCase{
		{"none", Fault{}, 0},
		{"500 once", Status(http.StatusInternalServerError, internal), 1},
		{"503 always", Status(http.StatusServiceUnavailable, unavailable), 10},
		{"500 after apply", StatusAfterApply(http.StatusInternalServerError, internal), 1},
		{"429 retry-after 0", rateLimit("0"), 1},
		{"429 retry-after 120", rateLimit("120"), 1},
		{"close before read", CloseBeforeRead(), 1},
		{"close after apply", CloseAfterApply(), 1},
		{"delay past timeout", Delay(delay), 1},
		{"truncated body", TruncatedBody(), 1},
	}
}
