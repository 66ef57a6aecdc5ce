// Package jsonx decodes the loosely typed JSON values the gateways send:
// integral amounts written as 1000 or 1000.0, and timestamps in RFC 3339
// or older layouts. It never rounds: a value it cannot represent exactly is
// an error.
package jsonx

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"time"
)

// ErrNotIntegral reports a number with a non-zero fractional part where an
// integer amount was expected.
var ErrNotIntegral = errors.New("number is not an integer")

// Int64 decodes a JSON number (or a string holding one) that must be an
// exact integer: 1000, 1000.0, 1000.00, 1e3 and "1000" all give 1000;
// 1000.5 gives ErrNotIntegral. null gives 0 and ok=false.
func Int64(data []byte) (n int64, ok bool, err error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		return 0, false, nil
	}
	if data[0] == '"' {
		s, err := strconv.Unquote(string(data))
		if err != nil {
			return 0, false, fmt.Errorf("amount %s: %w", data, err)
		}
		if s == "" {
			return 0, false, nil
		}
		data = []byte(s)
	}
	if n, err := strconv.ParseInt(string(data), 10, 64); err == nil {
		return n, true, nil
	}
	n, err = parseDecimal(data)
	if err != nil {
		return 0, false, err
	}
	return n, true, nil
}

// parseDecimal handles the forms ParseInt refuses: a fraction of zeros
// ("1000.0") on the fast path, exponents through math/big, exactly.
func parseDecimal(data []byte) (int64, error) {
	if dot := bytes.IndexByte(data, '.'); dot > 0 && !bytes.ContainsAny(data, "eE") {
		frac := data[dot+1:]
		if len(frac) == 0 {
			return 0, fmt.Errorf("amount %q: malformed number", data)
		}
		for _, c := range frac {
			if c < '0' || c > '9' {
				return 0, fmt.Errorf("amount %q: malformed number", data)
			}
			if c != '0' {
				return 0, fmt.Errorf("amount %q: %w", data, ErrNotIntegral)
			}
		}
		n, err := strconv.ParseInt(string(data[:dot]), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("amount %q: %w", data, err)
		}
		return n, nil
	}
	if len(data) > 64 {
		return 0, fmt.Errorf("amount %.20q…: malformed number", data)
	}
	r, ok := new(big.Rat).SetString(string(data))
	if !ok {
		return 0, fmt.Errorf("amount %q: malformed number", data)
	}
	if !r.IsInt() {
		return 0, fmt.Errorf("amount %q: %w", data, ErrNotIntegral)
	}
	if !r.Num().IsInt64() {
		return 0, fmt.Errorf("amount %q: out of range", data)
	}
	return r.Num().Int64(), nil
}

// timeLayouts are tried in order: RFC 3339 (with or without fraction),
// then the space-separated layouts of Bootpay's v1 API, read in kst.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// Time decodes a JSON timestamp. Empty strings and null give the zero time.
// A timestamp without a zone is read in loc (the gateway's own zone).
// Numbers are Unix seconds (or milliseconds when too large for seconds).
func Time(data []byte, loc *time.Location) (time.Time, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		return time.Time{}, nil
	}
	if data[0] != '"' {
		secs, err := strconv.ParseFloat(string(data), 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("time %.40q: not a string or number", data)
		}
		if secs > 1e11 { // milliseconds
			return time.UnixMilli(int64(secs)).In(loc), nil
		}
		return time.Unix(int64(secs), 0).In(loc), nil
	}
	s, err := strconv.Unquote(string(data))
	if err != nil {
		return time.Time{}, fmt.Errorf("time %.40q: %w", data, err)
	}
	return ParseTime(s, loc)
}

// ParseTime parses s with the layouts Time accepts.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("time %.40q: unknown layout", s)
}
