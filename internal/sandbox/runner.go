package sandbox

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// DefaultMaxBodyBytes is the request body limit of a [Runner] that sets none.
const DefaultMaxBodyBytes = 1 << 20

// A Response is what an operation answers: status code (200 if 0), headers and body.
type Response struct {
	// Status is the HTTP status code; 0 means 200.
	Status int
	// Header holds response headers; Content-Type defaults to application/json for a JSON body and
	// is sniffed otherwise, and Content-Length is always set by the Runner.
	Header http.Header
	// Body is the response body.
	Body []byte
}

// Apply runs an operation on the request body and returns its response. It is where a sandbox
// checks credentials, validates input and changes state. [Runner.Perform] calls it at most once, and
// not at all for faults that do not apply the operation.
type Apply func(body []byte) Response

// An Outcome reports how [Runner.Perform] served a request.
type Outcome struct {
	// Applied reports whether Apply was called.
	Applied bool
	// Status is the status code written to the client (also for a truncated response), or 0 if the
	// connection was closed without a response.
	Status int
	// Body is the request body read, or nil if it was not read.
	Body []byte
}

// A Runner serves requests under faults for one sandbox server: it records each request in its Log
// and aborts delayed requests when the sandbox shuts down. Create it with [NewRunner]; it is safe for
// concurrent use. A nil *Runner serves requests without logging and never shuts down.
type Runner struct {
	log     *Log
	maxBody int64

	done     chan struct{}
	doneOnce sync.Once
}

// NewRunner returns a Runner that records requests in log (which may be nil) and reads request
// bodies up to maxBody bytes (DefaultMaxBodyBytes if maxBody <= 0); a larger body is answered with
// 413 and an empty body, and not applied.
func NewRunner(log *Log, maxBody int64) *Runner {
	if maxBody <= 0 {
		maxBody = DefaultMaxBodyBytes
	}
	return &Runner{log: log, maxBody: maxBody, done: make(chan struct{})}
}

// Shutdown tells the Runner that its server is closing: requests waiting in a [KindDelay] fault
// stop waiting, are not applied, and have their connections closed, so that the server's Close
// does not wait for them. Call it before closing the server. Shutdown is idempotent.
func (rn *Runner) Shutdown() {
	rn.doneOnce.Do(func() { close(rn.done) })
}

func (rn *Runner) doneCh() <-chan struct{} {
	if rn == nil {
		return nil
	}
	return rn.done
}

func (rn *Runner) logger() *Log {
	if rn == nil {
		return nil
	}
	return rn.log
}

// Perform serves request r for operation op under fault f (the zero Fault for none), calling apply
// when the fault lets the operation run:
//
//   - KindNone: read the body, apply, write apply's response.
//   - KindStatus: read the body, write the fault's response; apply is not called.
//   - KindStatusAfterApply: read the body, apply, write the fault's response instead of apply's.
//   - KindCloseBeforeRead: close the connection without reading the body; apply is not called.
//   - KindCloseAfterApply: read the body, apply, close the connection without a response.
//   - KindDelay: read the body, wait (ignoring client disconnects), apply, write apply's response;
//     abandoned without applying if the Runner shuts down during the wait.
//   - KindTruncatedBody: read the body, apply, write the status line and headers with the full
//     Content-Length and then half the body, and close the connection.
//
// The request is recorded in the Runner's Log as soon as it has been received (before any delay),
// and its entry is completed when Perform returns. If the body cannot be read (the client went away,
// or it is larger than the limit) apply is not called. Perform writes nothing to w after it returns.
func (rn *Runner) Perform(w http.ResponseWriter, r *http.Request, op string, f Fault, apply Apply) Outcome {
	log := rn.logger()
	at := log.clock()

	if f.kind == KindCloseBeforeRead {
		e := log.add(op, r, nil, f.kind, at)
		closeConn(w)
		log.finish(e, 0, false)
		return Outcome{}
	}

	body, err := readBody(w, r, rn.maxBodyBytes())
	e := log.add(op, r, body, f.kind, at)
	out := Outcome{Body: body}
	defer func() { log.finish(e, out.Status, out.Applied) }()

	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			out.Status = writeResponse(w, Response{Status: http.StatusRequestEntityTooLarge})
		} else {
			out.Status = writeResponse(w, Response{Status: http.StatusBadRequest})
		}
		return out
	}

	switch f.kind {
	case KindStatus:
		out.Status = writeResponse(w, f.response())
	case KindStatusAfterApply:
		apply(body)
		out.Applied = true
		out.Status = writeResponse(w, f.response())
	case KindCloseAfterApply:
		apply(body)
		out.Applied = true
		closeConn(w)
	case KindTruncatedBody:
		resp := apply(body)
		out.Applied = true
		out.Status = writeTruncated(w, resp)
	case KindDelay:
		if !wait(f.delay, rn.doneCh()) {
			closeConn(w)
			return out
		}
		out.Applied = true
		out.Status = writeResponse(w, apply(body))
	default:
		out.Applied = true
		out.Status = writeResponse(w, apply(body))
	}
	return out
}

// Perform serves r under f without a Log and without shutdown handling; see [Runner.Perform].
func Perform(w http.ResponseWriter, r *http.Request, f Fault, apply Apply) Outcome {
	var rn *Runner
	return rn.Perform(w, r, "", f, apply)
}

func (rn *Runner) maxBodyBytes() int64 {
	if rn == nil || rn.maxBody <= 0 {
		return DefaultMaxBodyBytes
	}
	return rn.maxBody
}

func (f Fault) response() Response {
	return Response{Status: f.status, Header: f.Header(), Body: []byte(f.body)}
}

// wait sleeps d; it returns false if done is closed first. Client disconnects (the request context)
// are deliberately ignored: a real server finishes its work regardless.
func wait(d time.Duration, done <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-done:
		return false
	}
}

func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return []byte{}, nil
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if b == nil {
		b = []byte{}
	}
	return b, err
}

// prepare fills in the status and the default headers of resp.
func prepare(resp Response) (int, http.Header) {
	status := resp.Status
	if status == 0 {
		status = http.StatusOK
	}
	h := resp.Header.Clone()
	if h == nil {
		h = make(http.Header)
	}
	if len(resp.Body) > 0 && h.Get("Content-Type") == "" {
		if json.Valid(resp.Body) {
			h.Set("Content-Type", "application/json; charset=utf-8")
		} else {
			h.Set("Content-Type", http.DetectContentType(resp.Body))
		}
	}
	return status, h
}

func writeResponse(w http.ResponseWriter, resp Response) int {
	status, h := prepare(resp)
	dst := w.Header()
	for k, v := range h {
		dst[k] = v
	}
	if bodyAllowed(status) {
		dst.Set("Content-Length", strconv.Itoa(len(resp.Body)))
	}
	w.WriteHeader(status)
	_, _ = w.Write(resp.Body) // the client may be gone; a real server would not care either
	return status
}

func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// closeConn closes the client connection without writing anything.
func closeConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // the server drops the connection (or resets the HTTP/2 stream)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// writeTruncated writes resp's status line and headers with the full Content-Length, then half of
// the body, and closes the connection.
func writeTruncated(w http.ResponseWriter, resp Response) int {
	status, h := prepare(resp)
	full := len(resp.Body)
	declared := full
	if full == 0 {
		declared = 1
	}
	part := resp.Body[:full/2]
	h.Set("Content-Length", strconv.Itoa(declared))

	hj, ok := w.(http.Hijacker)
	if !ok {
		dst := w.Header()
		for k, v := range h {
			dst[k] = v
		}
		w.WriteHeader(status)
		_, _ = w.Write(part)
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		panic(http.ErrAbortHandler)
	}
	conn, rw, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	if h.Get("Date") == "" {
		h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	}
	bw := rw.Writer
	if bw == nil {
		bw = bufio.NewWriter(conn)
	}
	text := http.StatusText(status)
	if text == "" {
		text = "status code " + strconv.Itoa(status)
	}
	fmt.Fprintf(bw, "HTTP/1.1 %03d %s\r\n", status, text)
	_ = h.Write(bw)
	_, _ = bw.WriteString("\r\n")
	_, _ = bw.Write(part)
	_ = bw.Flush()
	return status
}
