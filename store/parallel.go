package store

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"sync"

	bolt "go.etcd.io/bbolt"
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

// ReadAll decrypts and decodes every record of kind k this user may read
// into a T, in ID order, on every core (as Tx.Get would each: a binary
// encoding where T has one, else JSON). Records this user holds no key for
// are left out, as ForEach does; the first record that fails (in ID
// order) is the error.
func ReadAll[T any](tx *Tx, k Kind) ([]T, error) {
	_, out, err := readAll[T](tx, k, workersFor)
	return out, err
}

// readAll is ReadAll on workers(n) goroutines for n records, with the
// IDs of the records it returns.
func readAll[T any](tx *Tx, k Kind, workers func(n int) int) ([]string, []T, error) {
	if err := tx.access(k); err != nil {
		return nil, nil, err
	}
	b := tx.btx.Bucket([]byte(k))
	if b == nil {
		return nil, nil, nil
	}
	all, err := tx.storedValues(b)
	if err != nil {
		return nil, nil, err
	}
	out := make([]T, len(all))
	errs := make([]error, len(all))
	err = parallel(len(all), workers(len(all)), func(int) func(int) {
		// One worker's memory for every record it opens: the 100k demo's
		// residents, each opened into fresh memory, allocated 69 MB; 26 MB
		// this way (BenchmarkHomeParts/residents reports it).
		var sc entryScratch
		return func(i int) {
			plain, err := tx.openTo(&sc, k, all[i].id, all[i].val)
			if err != nil {
				errs[i] = err
				return
			}
			defer clear(sc.plain)
			if err := decodeValue(plain, &out[i]); err != nil {
				errs[i] = fmt.Errorf("store: decode %s/%s: %w", k, inertID(all[i].id), err)
			}
		}
	})
	if err != nil {
		return nil, nil, err
	}
	kept, ids := out[:0], make([]string, 0, len(all))
	for i, err := range errs {
		switch {
		case err == nil:
			kept, ids = append(kept, out[i]), append(ids, string(all[i].id))
		case errors.Is(err, ErrNoAccess):
		default:
			return nil, nil, err
		}
	}
	return ids, kept, nil
}

// stored is a key and value of a bucket, valid until the transaction ends.
type stored struct{ id, val []byte }

// storedValues lists a bucket's values for workers to open, and makes
// what the workers share but would otherwise make lazily (the group's
// private key) before they start.
func (tx *Tx) storedValues(b *bolt.Bucket) ([]stored, error) {
	// Counted first, then listed into a slice of that size: the second
	// walk reads pages the first brought in (2 ms for 127,000 entries),
	// where growing the slice took about 0.1 s of processor time per read
	// of the 100,000-resident demo's index (its copies and fresh memory;
	// profiled at load 4).
	n := 0
	c := b.Cursor()
	for key, val := c.First(); key != nil; key, val = c.Next() {
		if val != nil {
			n++
		}
	}
	all := make([]stored, 0, n)
	for key, val := c.First(); key != nil; key, val = c.Next() {
		if val != nil {
			all = append(all, stored{key, val})
		}
	}
	if tx.keys.group != nil {
		if _, err := tx.keys.groupPrivateKey(); err != nil {
			return nil, err
		}
	}
	return all, nil
}

// PlainInOrder calls fn with the decrypted bytes of each record of kind k
// named in ids, in that order, on the calling goroutine, while another
// goroutine looks the next records up and opens them (a handover bundle:
// one core decrypts the vault's records while the other hashes and
// encrypts the bundle). plain is valid only during fn and is wiped
// afterwards; at most three batches of records are open at a time, in
// buffers used again. Errors
// as GetPlain (a missing record is ErrNotFound); the first stops it, after
// fn has had every record before it.
func (tx *Tx) PlainInOrder(k Kind, ids []string, fn func(id string, plain []byte) error) error {
	if err := tx.access(k); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	b := tx.btx.Bucket([]byte(k))
	if b == nil {
		return ErrNotFound
	}
	if tx.keys.group != nil {
		if _, err := tx.keys.groupPrivateKey(); err != nil { // made here, not on the other goroutine
			return err
		}
	}
	// A batch is its records' plaintexts one after another in buf (plain
	// i ends at ends[i]); the buffers go round, wiped, between the two
	// goroutines.
	type batch struct {
		buf  []byte
		ends []int
		err  error // after the records
	}
	const size, batches = 256, 3
	free, full, done := make(chan batch, batches), make(chan batch, batches), make(chan struct{})
	for range batches {
		free <- batch{}
	}
	go func() {
		defer close(full)
		var sc entryScratch
		defer func() { clear(sc.plain) }()
		var bt batch
		send := func() bool {
			select {
			case full <- bt:
				return bt.err == nil
			case <-done:
				clear(bt.buf)
				return false
			}
		}
		// One cursor and one key buffer for every record: a Get each made
		// a cursor, and each ID a []byte twice (26 MB and 0.5 M objects
		// for the 100k demo's export bundle).
		c := b.Cursor()
		var key []byte
		err := safely(func() error {
			for from := 0; from < len(ids); from += size {
				select {
				case bt = <-free:
				case <-done:
					return nil
				}
				bt.buf, bt.ends = bt.buf[:0], bt.ends[:0]
				for _, id := range ids[from:min(len(ids), from+size)] {
					if bt.err = validID(id); bt.err != nil {
						break
					}
					key = append(key[:0], id...)
					found, sealed := c.Seek(key)
					if sealed == nil || !bytes.Equal(found, key) {
						bt.err = ErrNotFound
						break
					}
					plain, err := tx.openTo(&sc, k, key, sealed)
					if err != nil {
						bt.err = err
						break
					}
					bt.buf = append(bt.buf, plain...)
					clear(plain)
					bt.ends = append(bt.ends, len(bt.buf))
				}
				if !send() {
					return nil
				}
			}
			return nil
		})
		if err != nil { // a fault in the file, in the middle of a batch
			clear(bt.buf)
			bt = batch{err: err}
			send()
		}
	}()
	defer func() {
		close(done)
		for bt := range full {
			clear(bt.buf)
		}
	}()
	i := 0
	for bt := range full {
		start := 0
		for _, end := range bt.ends {
			err := fn(ids[i], bt.buf[start:end:end])
			start = end
			i++
			if err != nil {
				clear(bt.buf)
				return err
			}
		}
		clear(bt.buf)
		if bt.err != nil {
			return bt.err
		}
		free <- bt
	}
	return nil
}
