package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Compaction (docs/FORMAT.md §1, "Compaction"): bbolt never gives freed
// pages back to the file system and leaves their old bytes in them —
// sealed, but an old key slot among them still opens with its old
// passphrase — and the pages of a bucket end up spread over the file as
// transactions allocate them, so reading one bucket (the statistics
// records for `export stats`) touches pages all over it. Compact copies
// every bucket, key by key in order and with full pages, into a new file
// next to the vault and puts that in the vault's place. The values are
// copied as they are: nothing is decrypted, no key is needed, and the
// digest (over keys and values, not pages) stays valid.

// compactTmpSuffix ends the name of a copy Compact is still writing.
const compactTmpSuffix = ".compact.tmp"

// compactTxBytes bounds the keys and values one write transaction of the
// copy holds: memory stays flat however large the vault.
const compactTxBytes = 32 << 20

// CompactResult says what Compact did.
type CompactResult struct {
	Before, After int64 // file sizes in bytes
	Records       int   // key/value pairs copied
}

// Compact rewrites the vault at path without its freed pages, each
// bucket's pages together. progress, if set, is called with the bytes of
// keys and values copied so far and in all. The copy is written under a
// temporary name with the vault's permissions, synced, compared with the
// vault (every bucket, key and value, by SHA-256), and only then renamed
// over it; the vault stays open and locked throughout, so no other copy
// of the program writes to it meanwhile (ErrVaultInUse for them). An
// interrupted Compact leaves the vault as it was and a temporary file,
// which the next Compact removes.
func Compact(path string, opt Options, progress func(done, total int64)) (res CompactResult, err error) {
	opt = opt.withDefaults()
	opt.ReadOnly = false
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return res, ErrNoVault
	}
	if err != nil {
		return res, fmt.Errorf("store: compact: %w", err)
	}
	if !fi.Mode().IsRegular() || fi.Size() == 0 {
		return res, ErrNotVault
	}
	res.Before = fi.Size()
	// Every page is read below: the whole structure first, leaves too.
	if err := precheckAll(path, opt.Timeout); err != nil {
		return res, err
	}
	src, err := boltOpen(path, opt, openNoCreate)
	if err != nil {
		return res, err
	}
	srcClosed := false
	defer func() {
		if !srcClosed {
			_ = src.Close()
		}
	}()
	return compactFrom(path, fi, src, opt, progress, func() { srcClosed = true; _ = src.Close() })
}

// compactFrom is Compact with the vault already open as src (and locked,
// so that nobody writes to it). closeSrc is called where the platform
// cannot rename over an open file.
func compactFrom(path string, fi os.FileInfo, src *bolt.DB, opt Options, progress func(done, total int64), closeSrc func()) (res CompactResult, err error) {
	res.Before = fi.Size()
	if err := checkVaultBuckets(src); err != nil {
		return res, err
	}
	removeStale(path, compactTmpSuffix)
	tmp := path + "." + NewID()[:8] + compactTmpSuffix
	dst, err := boltOpen(tmp, opt, func(name string, flag int, _ os.FileMode) (*os.File, error) {
		return os.OpenFile(name, flag|os.O_CREATE|os.O_EXCL, fi.Mode().Perm())
	})
	if err != nil {
		return res, fmt.Errorf("store: compact: %w", writeError(err))
	}
	defer func() {
		if err != nil {
			_ = dst.Close()
			_ = os.Remove(tmp)
		}
	}()
	sum, n, err := copyBuckets(dst, src, progress)
	if err != nil {
		return res, fmt.Errorf("store: compact: %w", writeError(err))
	}
	res.Records = n
	again, _, err := copyBuckets(nil, dst, nil) // read back what was written
	if err != nil {
		return res, fmt.Errorf("store: compact: read back: %w", err)
	}
	if !bytes.Equal(sum, again) {
		return res, fmt.Errorf("store: compact: the copy differs from the vault; the vault was left as it was")
	}
	if err := dst.Close(); err != nil {
		return res, fmt.Errorf("store: compact: %w", writeError(err))
	}
	// Windows cannot rename over an open file: there the vault is closed
	// first (a copy of the program that opens it in between writes to the
	// old file, which Open detects on Unix only).
	if runtime.GOOS == "windows" {
		closeSrc()
	}
	if err := os.Rename(tmp, path); err != nil {
		return res, fmt.Errorf("store: compact: %w", writeError(err))
	}
	syncDir(filepath.Dir(path))
	if nfi, err := os.Stat(path); err == nil {
		res.After = nfi.Size()
	}
	return res, nil
}

// Compact compacts this open, unlocked vault in place (what erasure and
// key rotation offer): its own handle is the copy's source, so the lock is
// held throughout; then the new file is opened in its place and the vault
// stays unlocked. The caller logs it (the session does).
func (v *Vault) Compact(progress func(done, total int64)) (CompactResult, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keys == nil {
		return CompactResult{}, ErrLocked
	}
	if v.readOnly {
		return CompactResult{}, ErrReadOnly
	}
	fi, err := os.Stat(v.path)
	if err != nil {
		return CompactResult{}, fmt.Errorf("store: compact: %w", err)
	}
	// Every page is read below: the whole structure first, leaves too (no
	// lock of its own: this handle holds the vault's).
	f, err := os.Open(v.path)
	if err != nil {
		return CompactResult{}, fmt.Errorf("store: compact: %w", err)
	}
	_, err = walkOpenFile(f, true)
	_ = f.Close()
	if err != nil {
		return CompactResult{}, err
	}
	closed := false
	res, err := compactFrom(v.path, fi, v.db, v.opt, progress, func() { closed = true; _ = v.db.Close() })
	if err != nil && !closed {
		return res, err // the vault as it was, still open
	}
	if !closed {
		_ = v.db.Close()
	}
	// Another copy of the program waiting for the old file's lock gets
	// it now and finds the file replaced (Open: ErrVaultInUse).
	db, oerr := boltOpen(v.path, v.opt, openNoCreate)
	if oerr != nil {
		// The file is whole (compacted or not) but this handle is closed
		// (bbolt then refuses every transaction): the caller locks, and
		// the user opens the vault again.
		return res, fmt.Errorf("store: compact: opening the vault again: %w", oerr)
	}
	v.db = db
	return res, err
}

// precheckAll is precheck with every leaf read too (see checkFile).
func precheckAll(path string, timeout time.Duration) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("store: open vault: %w", err)
	}
	defer f.Close()
	if err := lockShared(f, timeout); err != nil {
		return err
	}
	_, err = walkOpenFile(f, true)
	return err
}

// checkVaultBuckets refuses a bbolt file that is not a vault (a vault of a
// newer format is copied as it is: compaction does not read values).
func checkVaultBuckets(db *bolt.DB) error {
	return safely(func() error {
		return db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(bucketVault))
			if b == nil || tx.Bucket([]byte(bucketSlots)) == nil {
				return ErrNotVault
			}
			_, err := decodeVersion(b.Get([]byte("format")))
			return err
		})
	})
}

// copyBuckets copies every bucket of src into dst (nil: only reads) in
// transactions of at most compactTxBytes, and returns a SHA-256 over what
// it read — bucket names, sequences, keys, values, nesting — and the
// number of key/value pairs.
func copyBuckets(dst, src *bolt.DB, progress func(done, total int64)) (sum []byte, n int, err error) {
	h := sha256.New()
	var total, done int64
	err = safely(func() error {
		return src.View(func(stx *bolt.Tx) error {
			// About what the copy reads: the file less its free pages
			// (pages also hold headers and room, so done ends below it).
			total = max(1, stx.Size()-int64(src.Stats().FreeAlloc))
			c := &copier{h: h, progress: progress, total: total, done: &done, n: &n}
			if dst != nil {
				tx, err := dst.Begin(true)
				if err != nil {
					return err
				}
				c.dst, c.tx = dst, tx
				defer func() { _ = c.tx.Rollback() }()
			}
			err := stx.ForEach(func(name []byte, b *bolt.Bucket) error {
				return c.bucket(nil, name, b)
			})
			if err != nil || c.tx == nil {
				return err
			}
			if err := c.tx.Commit(); err != nil {
				return err
			}
			if progress != nil {
				progress(total, total)
			}
			return nil
		})
	})
	return h.Sum(nil), n, err
}

type copier struct {
	h        hash.Hash
	dst      *bolt.DB
	tx       *bolt.Tx
	size     int64 // bytes put in this transaction
	progress func(done, total int64)
	total    int64
	done     *int64
	n        *int
}

func (c *copier) write(parts ...[]byte) {
	for _, p := range parts {
		var l [4]byte
		binary.BigEndian.PutUint32(l[:], uint32(len(p)))
		c.h.Write(l[:])
		c.h.Write(p)
	}
}

// target finds the bucket at path in the current write transaction.
func (c *copier) target(path [][]byte) *bolt.Bucket {
	b := c.tx.Bucket(path[0])
	for _, p := range path[1:] {
		b = b.Bucket(p)
	}
	return b
}

// bucket copies bucket name (under the buckets of path) and what it holds.
func (c *copier) bucket(path [][]byte, name []byte, b *bolt.Bucket) error {
	c.write([]byte{'b'}, name, binary.BigEndian.AppendUint64(nil, b.Sequence()))
	path = append(path[:len(path):len(path)], name)
	if c.tx != nil {
		var nb *bolt.Bucket
		var err error
		if len(path) == 1 {
			nb, err = c.tx.CreateBucket(name)
		} else {
			nb, err = c.target(path[:len(path)-1]).CreateBucket(name)
		}
		if err != nil {
			return err
		}
		if err := nb.SetSequence(b.Sequence()); err != nil {
			return err
		}
	}
	cur := b.Cursor()
	for k, v := cur.First(); k != nil; k, v = cur.Next() {
		if v == nil {
			if err := c.bucket(path, k, b.Bucket(k)); err != nil {
				return err
			}
			continue
		}
		c.write([]byte{'k'}, k, v)
		*c.n++
		sz := int64(len(k) + len(v))
		*c.done += sz
		if c.tx == nil {
			continue
		}
		if c.size+sz > compactTxBytes {
			if err := c.tx.Commit(); err != nil {
				return err
			}
			tx, err := c.dst.Begin(true)
			if err != nil {
				return err
			}
			c.tx, c.size = tx, 0
			if c.progress != nil {
				c.progress(*c.done, c.total)
			}
		}
		c.size += sz
		t := c.target(path)
		t.FillPercent = 1.0 // keys come in order: fill every page
		if err := t.Put(k, v); err != nil {
			return err
		}
	}
	c.write([]byte{'e'})
	return nil
}
