package store

import (
	"runtime"
	"sync"
)

// Reading a whole vault — check, the digest, the intake index — is
// authenticating hundreds of thousands of small values, each independent
// of the others: it runs on every core. bbolt's read transaction may be
// read from several goroutines; the values handed out stay valid until it
// ends, and the AEADs of the keys keep no state between calls.

// workersFor is how many goroutines share n independent small jobs: one per
// core, and none idle over fewer than 256 jobs each.
func workersFor(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), 8, n/256))
}

// parallel runs jobs 0..n-1 on workers goroutines. start(w) runs first on
// worker w's goroutine and returns the function that does one job there,
// so each worker can keep state of its own (a hash, a partial sum).
// Worker w takes jobs w, w+workers, …: neighbours in a bucket, whose
// values sit on the same pages, are read at about the same time. Each
// worker reads the file as safely does (a fault in the mapped file is
// ErrDamaged, on whichever goroutine it happens).
func parallel(n, workers int, start func(w int) func(i int)) error {
	run := func(w, step int) error {
		return safely(func() error {
			do := start(w)
			for i := w; i < n; i += step {
				do(i)
			}
			return nil
		})
	}
	if workers <= 1 {
		return run(0, 1)
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = run(w, workers)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
