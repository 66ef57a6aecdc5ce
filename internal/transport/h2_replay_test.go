package transport

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// h2ResetFirstServer is a minimal HTTP/2 server (prior knowledge, no TLS)
// that counts the requests it receives (HEADERS frames), resets the first
// one's stream with PROTOCOL_ERROR after reading it, as a server or proxy
// may after it processed the request, and answers every later one 200
// with no body.
func h2ResetFirstServer(t *testing.T) (addr string, requests *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	requests = new(atomic.Int64)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go serveH2ResetFirst(conn, requests)
		}
	}()
	return ln.Addr().String(), requests
}

func serveH2ResetFirst(conn net.Conn, requests *atomic.Int64) {
	defer conn.Close()
	frame := func(typ, flags byte, stream uint32, payload []byte) {
		h := make([]byte, 9, 9+len(payload))
		h[0], h[1], h[2] = byte(len(payload)>>16), byte(len(payload)>>8), byte(len(payload))
		h[3], h[4] = typ, flags
		binary.BigEndian.PutUint32(h[5:], stream)
		_, _ = conn.Write(append(h, payload...))
	}
	preface := make([]byte, 24)
	if _, err := io.ReadFull(conn, preface); err != nil {
		return
	}
	frame(0x4, 0, 0, nil) // SETTINGS
	for {
		h := make([]byte, 9)
		if _, err := io.ReadFull(conn, h); err != nil {
			return
		}
		length := int(h[0])<<16 | int(h[1])<<8 | int(h[2])
		typ, flags, stream := h[3], h[4], binary.BigEndian.Uint32(h[5:])&0x7fffffff
		payload := make([]byte, length)
		if _, err := io.ReadFull(conn, payload); err != nil {
			return
		}
		switch typ {
		case 0x4: // SETTINGS
			if flags&0x1 == 0 {
				frame(0x4, 0x1, 0, nil) // ACK
			}
		case 0x6: // PING
			if flags&0x1 == 0 {
				frame(0x6, 0x1, 0, payload)
			}
		case 0x1: // HEADERS: one request, read in full (END_STREAM: no body)
			if requests.Add(1) == 1 {
				frame(0x3, 0, stream, []byte{0, 0, 0, 0x1}) // RST_STREAM PROTOCOL_ERROR
				continue
			}
			frame(0x1, 0x4|0x1, stream, []byte{0x88}) // :status 200, END_HEADERS|END_STREAM
		case 0x7: // GOAWAY
			return
		}
	}
}

// TestH2NeverReplaysBodylessUnsafe: an Unsafe write without a body
// (Commerce's DELETE /users/{id}, DELETE /user-groups/{id}/user/{id}) over
// HTTP/2, whose stream the server resets with PROTOCOL_ERROR after reading
// the request. net/http's HTTP/2 client resends a request whose body is
// nil by itself on such a reset (it needs no GetBody for it), so clearing
// GetBody alone does not stop it: the server would receive the write
// twice and the call would report success. The write must reach the
// gateway once, and the reset after it was sent leaves its outcome
// unknown.
func TestH2NeverReplaysBodylessUnsafe(t *testing.T) {
	addr, requests := h2ResetFirstServer(t)
	c := newTestClient(t, h2Config(t, addr))
	ep := &Endpoint{Op: "users.delete", Method: http.MethodDelete, Route: "/users/{id}", Class: Unsafe}

	_, _, err := Send[NoBody](t.Context(), c, &Call{Endpoint: ep, Args: []Arg{{"id", "u1"}}, Reference: "u1"})
	assert.EqualValues(t, 1, requests.Load(), "an Unsafe write reached the server more than once")
	require.Error(t, err, "a write whose stream was reset after it was sent ended as a success")
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, "u1", unknown.Reference)
}

// TestH2ResendsBodylessKeyed: a Keyed write without a body keeps its nil
// body, so HTTP/2 resends it by itself after the reset, the same request
// with the same Idempotency-Key, which the gateway deduplicates; the
// resend is reported as "may have applied". It fails if the empty body
// that stops an Unsafe write's resend is given to every write.
func TestH2ResendsBodylessKeyed(t *testing.T) {
	addr, requests := h2ResetFirstServer(t)
	c := newTestClient(t, h2Config(t, addr))
	ep := &Endpoint{Op: "products.delete", Method: http.MethodDelete, Route: "/products/{id}", Class: Keyed}

	_, res, err := Send[NoBody](t.Context(), c, &Call{Endpoint: ep, Args: []Arg{{"id", "p1"}}, Reference: "p1"})
	require.NoError(t, err)
	assert.EqualValues(t, 2, requests.Load(), "HTTP/2 resent the keyed write once, under its key")
	assert.Equal(t, 1, res.Attempts, "the resend was net/http's, not the transport's")
	assert.True(t, res.MayHaveApplied)
}

// h2Config is testConfig for a client speaking HTTP/2 without TLS (prior
// knowledge) to addr.
func h2Config(t *testing.T, addr string) Config {
	var protocols http.Protocols
	protocols.SetUnencryptedHTTP2(true)
	tr := &http.Transport{Protocols: &protocols}
	t.Cleanup(tr.CloseIdleConnections)
	cfg := testConfig("http://" + addr)
	cfg.HTTPClient = &http.Client{Transport: tr}
	return cfg
}

// TestH1BodylessUnsafeDeleteFraming: the empty body an Unsafe write
// without one is given (so that HTTP/2 cannot resend it) leaves its
// HTTP/1 request as it was: the DELETE goes out with no Content-Length,
// no Transfer-Encoding and no body, byte for byte the head of the same
// DELETE sent with a nil body (as a Safe call is). A body net/http framed
// as chunked, or with a length, would differ.
func TestH1BodylessUnsafeDeleteFraming(t *testing.T) {
	heads := make(chan string, 2)
	addr := rawH1Server(t, heads)
	c := newTestClient(t, testConfig("http://"+addr))
	for _, class := range []Class{Safe, Unsafe} {
		ep := &Endpoint{Op: "users.delete", Method: http.MethodDelete, Route: "/users/{id}", Class: class}
		_, _, err := Send[NoBody](t.Context(), c, &Call{Endpoint: ep, Args: []Arg{{"id", "u1"}}})
		require.NoError(t, err)
	}
	nilBody, unsafe := <-heads, <-heads
	assert.Equal(t, nilBody, unsafe, "the Unsafe DELETE's head differs from a bodyless one")
	lower := strings.ToLower(unsafe)
	assert.NotContains(t, lower, "transfer-encoding")
	assert.NotContains(t, lower, "content-length")
}

// rawH1Server answers every HTTP/1.1 request 200 with "{}", sending each
// request's head (request line and headers, as net/http wrote them) to
// heads. It reads no body: the test's requests must have none.
func rawH1Server(t *testing.T, heads chan<- string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				r := bufio.NewReader(conn)
				for {
					var head strings.Builder
					for {
						line, err := r.ReadString('\n')
						if err != nil {
							return
						}
						head.WriteString(line)
						if line == "\r\n" {
							break
						}
					}
					heads <- head.String()
					_, _ = io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
				}
			}()
		}
	}()
	return ln.Addr().String()
}

// resetAfterHeaders is a round tripper that plays net/http's HTTP/2 client
// in the race of a stream reset that arrives after the request's HEADERS
// went out but before its body's end was written: WroteHeaders, then
// WroteRequest with the reset's error, and the error, on the first
// request; every later request is answered 200 with "{}".
type resetAfterHeaders struct{ requests atomic.Int64 }

func (rt *resetAfterHeaders) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
	}
	if rt.requests.Add(1) > 1 {
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, ContentLength: 2, Body: io.NopCloser(strings.NewReader("{}")), Request: req}, nil
	}
	reset := errors.New("stream error: stream ID 1; PROTOCOL_ERROR; received from peer")
	if trace := httptrace.ContextClientTrace(req.Context()); trace != nil {
		trace.WroteHeaders()
		trace.WroteRequest(httptrace.WroteRequestInfo{Err: reset})
	}
	return nil, reset
}

// TestBodylessWriteResetAfterItsHeadersIsNotResent: over HTTP/2 the
// headers of a request without a body are the whole request, so a server
// may act on it although the reset that followed them made the (empty)
// body's write fail. Taken as "never sent" (its write failed), an Unsafe
// write would be sent again by the transport: it must end unknown after
// one request. This race makes TestH2NeverReplaysBodylessUnsafe fail now
// and then without the rule; here it is played deterministically. A write
// with a body whose write failed never reached the server whole, and is
// still sent again.
func TestBodylessWriteResetAfterItsHeadersIsNotResent(t *testing.T) {
	for _, tc := range []struct {
		name     string
		body     any
		requests int64
	}{{"bodyless", nil, 1}, {"with a body", map[string]string{"user_id": "u1"}, 2}} {
		rt := &resetAfterHeaders{}
		cfg := testConfig("http://gw.test")
		cfg.HTTPClient = &http.Client{Transport: rt}
		c := newTestClient(t, cfg)
		ep := &Endpoint{Op: "users.delete", Method: http.MethodDelete, Route: "/users/{id}", Class: Unsafe}
		_, _, err := Send[NoBody](t.Context(), c, &Call{Endpoint: ep, Args: []Arg{{"id", "u1"}}, Body: tc.body, Reference: "u1"})
		assert.Equal(t, tc.requests, rt.requests.Load(), tc.name)
		if tc.requests == 1 {
			assert.ErrorIs(t, err, ErrOutcomeUnknown, tc.name)
		} else {
			assert.NoError(t, err, tc.name)
		}
	}
}
