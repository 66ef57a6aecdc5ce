package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// adminRequest sends one admin request with the given Host (empty: the
// URL's), Origin and Content-Type (empty: none) and returns its status.
func adminRequest(t *testing.T, method, target, body, host, origin, contentType string) int {
	t.Helper()
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	require.NoError(t, err)
	if host != "" {
		req.Host = host
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// pendingConfirmFaults injects one more confirm fault the developer's way
// and returns how many the sandbox then holds: one when nothing else was
// queued before.
func pendingConfirmFaults(t *testing.T, adminURL string) any {
	t.Helper()
	var injected map[string]any
	require.Equal(t, http.StatusCreated, admin(t, "POST", adminURL+"/bootpay/faults", `{"op":"confirm","kind":"close-after-apply"}`, &injected))
	return injected["pending"]
}

// TestAdminRefusesCrossSiteWrites: the admin API listens on loopback, but
// a web page the developer has open can still reach it: a browser sends a
// cross-origin POST with Content-Type text/plain without a CORS
// preflight. Such a write is refused, for its content type alone and for
// its Origin alone, and queues nothing (here: every Bootpay confirm
// answered 500 until cleared).
func TestAdminRefusesCrossSiteWrites(t *testing.T) {
	b := startProgram(t)
	const everyConfirmFails = `{"op":"confirm","kind":"status","status":500,"count":-1}`
	for name, tc := range map[string]struct{ origin, contentType string }{
		"text/plain from another site": {"https://attacker.example", "text/plain;charset=UTF-8"},
		"text/plain, no Origin":        {"", "text/plain;charset=UTF-8"},
		"a form, no Origin":            {"", "application/x-www-form-urlencoded"},
		"no content type":              {"", ""},
		"JSON from another site":       {"https://attacker.example", "application/json"},
		"JSON from an opaque origin":   {"null", "application/json"},
	} {
		t.Run(name, func(t *testing.T) {
			code := adminRequest(t, "POST", b.admin+"/bootpay/faults", everyConfirmFails, "", tc.origin, tc.contentType)
			assert.GreaterOrEqual(t, code, 400, "a cross-site write is refused")
		})
	}
	code := adminRequest(t, "DELETE", b.admin+"/bootpay/faults", "", "", "", "")
	assert.Equal(t, http.StatusUnsupportedMediaType, code, "a DELETE is a write too")
	assert.EqualValues(t, 1, pendingConfirmFaults(t, b.admin), "no cross-site fault was queued")
}

// TestAdminRefusesForeignHost: a DNS-rebinding page (attacker.example
// resolving to 127.0.0.1) would read the admin API as same-origin if it
// answered any Host: only loopback Hosts and the listen address are
// served.
func TestAdminRefusesForeignHost(t *testing.T) {
	b := startProgram(t)
	u, err := url.Parse(b.admin)
	require.NoError(t, err)
	for _, host := range []string{"attacker.example:" + u.Port(), "attacker.example", "localhost.attacker.example", "192.0.2.10:" + u.Port()} {
		assert.Equal(t, http.StatusForbidden, adminRequest(t, "GET", b.admin, "", host, "", ""), "Host %s", host)
	}
	for _, host := range []string{u.Host, "localhost:" + u.Port(), "LOCALHOST", "127.0.0.2:" + u.Port(), "[::1]:" + u.Port()} {
		assert.Equal(t, http.StatusOK, adminRequest(t, "GET", b.admin, "", host, "", ""), "Host %s", host)
	}
}

// TestAdminServesTheDevelopersOwnPages: JSON writes from a page on this
// machine (a loopback Origin), or from a program that names no Origin,
// are served: the guard refuses only what another site could send.
func TestAdminServesTheDevelopersOwnPages(t *testing.T) {
	b := startProgram(t)
	for _, origin := range []string{"", "http://localhost:3000", "http://127.0.0.1:5173", "https://[::1]:8443"} {
		code := adminRequest(t, "POST", b.admin+"/bootpay/receipts", `{"price":1000}`, "", origin, "application/json; charset=utf-8")
		assert.Equal(t, http.StatusCreated, code, "Origin %q", origin)
	}
	assert.Equal(t, http.StatusOK, adminRequest(t, "DELETE", b.admin+"/bootpay/faults", "", "", "", "application/json"))
}

// TestNonLoopbackBindWarns: bound beyond loopback, the program says so on
// stderr, naming the flag; bound to loopback only, it says nothing there.
func TestNonLoopbackBindWarns(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // run starts, prints and stops at once
	loopback := []string{"-bootpay", "127.0.0.1:0", "-portone", "127.0.0.1:0", "-commerce", "127.0.0.1:0"}

	var errOut bytes.Buffer
	require.NoError(t, run(ctx, append([]string{"-admin", "0.0.0.0:0"}, loopback...), io.Discard, &errOut, nil))
	assert.Contains(t, errOut.String(), "WARNING")
	assert.Contains(t, errOut.String(), "-admin ", "the flag to change is named")
	assert.NotContains(t, errOut.String(), "-bootpay", "only the address beyond loopback is named")

	errOut.Reset()
	require.NoError(t, run(ctx, append([]string{"-admin", "127.0.0.1:0"}, loopback...), io.Discard, &errOut, nil))
	assert.Empty(t, errOut.String())
}

// TestWildcardBindServesAddressesNotNames: bound to 0.0.0.0 (so that
// another machine can reach it), the admin API serves a Host that is an
// IP address (the machine's, whatever it is) but still no other name:
// DNS rebinding needs a name.
func TestWildcardBindServesAddressesNotNames(t *testing.T) {
	s, err := start(addresses{admin: "0.0.0.0:0", bootpay: "127.0.0.1:0", portone: "127.0.0.1:0", commerce: "127.0.0.1:0"})
	require.NoError(t, err)
	t.Cleanup(s.Close)
	u, err := url.Parse(s.adminURL)
	require.NoError(t, err)
	target := "http://" + net.JoinHostPort("127.0.0.1", u.Port()) + "/admin"
	assert.Equal(t, http.StatusOK, adminRequest(t, "GET", target, "", "192.0.2.10:"+u.Port(), "", ""))
	assert.Equal(t, http.StatusForbidden, adminRequest(t, "GET", target, "", "attacker.example:"+u.Port(), "", ""))
}
