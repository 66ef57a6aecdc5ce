//go:build linux && amd64

package webhook

import (
	"syscall"
	"time"
)

// wallSeconds reads the wall clock in Unix seconds. On linux/amd64
// syscall.Gettimeofday is one vDSO call, where time.Now makes two (the
// wall and the monotonic clock): it halves the clock's share of a
// verification, which is most of what a verification adds to the HMAC
// itself. Should the call ever fail, time.Now answers instead.
func wallSeconds() int64 {
	var tv syscall.Timeval
	if err := syscall.Gettimeofday(&tv); err != nil {
		return time.Now().Unix()
	}
	return tv.Sec
}
