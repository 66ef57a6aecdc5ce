package webhook

import "time"

// unixClock is the clock a verifier checks timestamps against, in Unix
// seconds: the caller's Now when one is configured, otherwise wallSeconds.
// A timestamp is checked to the second, so the monotonic reading that
// time.Now also takes is of no use here.
func unixClock(now func() time.Time) func() int64 {
	if now == nil {
		return wallSeconds
	}
	return func() int64 { return now().Unix() }
}
