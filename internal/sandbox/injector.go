package sandbox

import "sync"

// An Injector holds, per operation name, a queue of faults waiting for the next requests to that
// operation. The zero Injector is empty and ready to use; it is safe for concurrent use.
//
// Operation names are whatever the sandbox uses ("confirm", "payment.cancel", …); the Injector does
// not interpret them.
type Injector struct {
	mu     sync.Mutex
	queues map[string][]*queued
}

type queued struct {
	f    Fault
	left int // requests still to affect; negative means forever
}

// Inject arranges for the next n requests to operation op to be served under f. Faults injected for
// the same operation queue up in order: after Inject(op, a, 2) and Inject(op, b, 1), the next three
// requests get a, a and b, and later ones none. Injecting the zero Fault lets n requests pass
// normally, which builds sequences such as "succeed once, then fail". A negative n applies f to every
// later request until [Injector.Clear] (faults queued behind it are never reached); n == 0 does
// nothing.
func (in *Injector) Inject(op string, f Fault, n int) {
	if n == 0 {
		return
	}
	if n < 0 {
		n = -1
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.queues == nil {
		in.queues = make(map[string][]*queued)
	}
	in.queues[op] = append(in.queues[op], &queued{f: f, left: n})
}

// Take removes and returns the fault for the current request to op. ok is false, and f the zero
// Fault, when no fault is queued for op.
func (in *Injector) Take(op string) (f Fault, ok bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	q := in.queues[op]
	if len(q) == 0 {
		return Fault{}, false
	}
	head := q[0]
	if head.left > 0 {
		head.left--
		if head.left == 0 {
			q[0] = nil
			q = q[1:]
			if len(q) == 0 {
				delete(in.queues, op)
			} else {
				in.queues[op] = q
			}
		}
	}
	return head.f, true
}

// Pending returns how many requests to op will still be served under an injected fault, or -1 when
// a fault applies to op forever.
func (in *Injector) Pending(op string) int {
	in.mu.Lock()
	defer in.mu.Unlock()
	n := 0
	for _, q := range in.queues[op] {
		if q.left < 0 {
			return -1
		}
		n += q.left
	}
	return n
}

// Clear removes every queued fault of every operation.
func (in *Injector) Clear() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.queues = nil
}

// ClearOp removes the faults queued for op.
func (in *Injector) ClearOp(op string) {
	in.mu.Lock()
	defer in.mu.Unlock()
	delete(in.queues, op)
}
