package store

// Some of what secrets pass through cannot be wiped by this package: the
// Argon2id code of x/crypto hashes the passphrase with BLAKE2b, whose
// assembly copies each input block onto the goroutine's stack, where it
// stays after the call returns (the issue 12 memory scan found the
// passphrase there after lock). So key derivation runs in a goroutine of
// its own whose stack is grown before the secret arrives and overwritten
// before the goroutine ends: no stack copy moves the secret into memory
// that outlives it.

const scrubSize = 48 << 10

// onScrubbedStack runs fn on a fresh goroutine and waits for it. Before
// fn, a deep frame grows the stack to well above what fn needs, so the
// stack is not copied (leaving the old one, with whatever fn wrote, to be
// reused) while fn runs; after fn, the same frame overwrites the stack.
func onScrubbedStack(fn func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		scrubStack(1)
		fn()
		scrubStack(0)
	}()
	<-done
}

// scrubStack fills a stack frame of scrubSize bytes with b.
//
//go:noinline
func scrubStack(b byte) byte {
	var frame [scrubSize]byte
	fill(frame[:], b)
	return frame[b]
}

//go:noinline
func fill(s []byte, b byte) {
	for i := range s {
		s[i] = b
	}
}
