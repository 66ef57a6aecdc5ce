package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A Korean shop's day is a KST day, and the command's own example
// reconciles "-from 2026-03-01 -until 2026-03-02": a bare date read as UTC
// midnight would make that "day" 09:00–09:00 KST, missing the night's
// orders the operator expects in it. A full RFC 3339 time keeps its own
// offset.
func TestBareDateIsAKoreanDay(t *testing.T) {
	kst := time.FixedZone("KST", 9*3600)
	got, err := parseTime("2026-03-01")
	require.NoError(t, err)
	require.True(t, got.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, kst)), "2026-03-01 read as %v", got)

	got, err = parseTime("2026-03-01T00:00:00Z")
	require.NoError(t, err)
	require.True(t, got.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)), "an explicit offset read as %v", got)
}
