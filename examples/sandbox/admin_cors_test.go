package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// preflight sends the CORS preflight a browser sends before a page of
// origin POSTs JSON to target, and returns the answer (body closed).
func preflight(t *testing.T, target, origin string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodOptions, target, nil)
	require.NoError(t, err)
	req.Header.Set("Origin", origin)
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp
}

// TestAdminServesALoopbackPageInABrowser: the package doc offers the
// admin API "for a frontend developer", and guardAdmin lets a loopback
// Origin through (a page the developer serves on this machine). Such a
// page (a dev server on http://localhost:5173) lives on another port: a
// different origin. Its JSON write is not a simple request, so the
// browser first sends a CORS preflight (OPTIONS, no Content-Type), and
// sends the write, and lets the page read the answer, only when the
// answers allow that origin. The preflight is answered 204 allowing the
// page's origin, method and Content-Type, and the write's answer names
// the origin; a page of another site still gets neither.
func TestAdminServesALoopbackPageInABrowser(t *testing.T) {
	b := startProgram(t)
	const page = "http://localhost:5173"

	resp := preflight(t, b.admin+"/bootpay/receipts", page)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode, "the preflight of a loopback page's JSON write")
	assert.Equal(t, page, resp.Header.Get("Access-Control-Allow-Origin"), "the preflight allows the loopback page")
	assert.Contains(t, resp.Header.Get("Access-Control-Allow-Methods"), "POST")
	assert.Contains(t, strings.ToLower(resp.Header.Get("Access-Control-Allow-Headers")), "content-type")
	assert.Contains(t, resp.Header.Values("Vary"), "Origin", "the answer depends on the Origin")

	post, err := http.NewRequest(http.MethodPost, b.admin+"/bootpay/receipts", strings.NewReader(`{"price":1000}`))
	require.NoError(t, err)
	post.Header.Set("Origin", page)
	post.Header.Set("Content-Type", "application/json")
	resp, err = http.DefaultClient.Do(post)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, page, resp.Header.Get("Access-Control-Allow-Origin"), "the page may read the receipt it created")

	resp = preflight(t, b.admin+"/bootpay/receipts", "https://attacker.example")
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "a page of another site is refused")
	assert.Empty(t, resp.Header.Get("Access-Control-Allow-Origin"), "and allowed nothing")
}
