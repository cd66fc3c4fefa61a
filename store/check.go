package store

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"sort"

	bolt "go.etcd.io/bbolt"

	"github.com/spreekuur/spreekuur/intake"
)

// CheckReport is the result of Check.
type CheckReport struct {
	Format uint32 // on-disk format version
	Slots  int    // key slots whose structure is sound (their secret part can only be checked with their passphrase)
	// Counts holds, per bucket, the records that decrypted and
	// authenticated. The user directory is the bucket "users".
	Counts map[string]int
	// Skipped holds, per bucket, records this role holds no key for (a
	// coordinator and the notes kinds). They were not checked.
	Skipped  map[string]int
	Failures []CheckFailure
	// Warnings are findings that do not mean damage, such as a file
	// readable by other users of the computer.
	Warnings []string
}

// CheckFailure names one record that failed. Bucket and ID are plaintext on
// disk anyway (kind names and random IDs); Err wraps ErrTampered.
type CheckFailure struct {
	Bucket string
	ID     string
	Err    error
}

// OK reports whether nothing failed.
func (r CheckReport) OK() bool { return len(r.Failures) == 0 }

// Buckets returns the bucket names in Counts and Skipped, sorted.
func (r CheckReport) Buckets() []string {
	seen := map[string]bool{}
	for b := range r.Counts {
		seen[b] = true
	}
	for b := range r.Skipped {
		seen[b] = true
	}
	out := make([]string, 0, len(seen))
	for b := range seen {
		out = append(out, b)
	}
	sort.Strings(out)
	return out
}

// Check decrypts and authenticates every record of every bucket the
// unlocked role holds a key for, checks the structure of every key slot and
// of the bbolt file itself, and reports failures by bucket and record ID.
// The error is for a check that could not run (locked vault, I/O); damage is
// in the report.
func (v *Vault) Check() (rep CheckReport, err error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.stats == nil {
		return rep, ErrLocked
	}
	rep = CheckReport{Format: v.version, Counts: map[string]int{}, Skipped: map[string]int{}}
	fail := func(bucket, id, format string, args ...any) {
		rep.Failures = append(rep.Failures, CheckFailure{Bucket: bucket, ID: id,
			Err: fmt.Errorf("%w: "+format, append([]any{ErrTampered}, args...)...)})
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(v.path); err == nil && fi.Mode().Perm()&0o077 != 0 {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("the vault file has mode %v; it should be 0600", fi.Mode().Perm()))
		}
	}
	defer func() {
		if r := recover(); r != nil { // bbolt may panic on a damaged page
			fail("", "", "the file structure is damaged")
			err = nil
		}
	}()
	err = v.db.View(func(tx *bolt.Tx) error {
		for e := range tx.Check() {
			fail("", "", "file structure: %v", e)
		}
		keys := map[string][]byte{bucketUsers: v.stats}
		for _, k := range Kinds() {
			if c, _ := kindClass(k); c == NotesKey {
				keys[string(k)] = v.notes
			} else {
				keys[string(k)] = v.stats
			}
		}
		slotIDs := map[string]bool{}
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			bucket := string(name)
			switch bucket {
			case bucketVault:
				if _, err := decodeVersion(b.Get([]byte("format"))); err != nil {
					fail(bucket, "format", "bad format version")
				}
				return nil
			case bucketSlots:
				return b.ForEach(func(k, raw []byte) error {
					if _, _, err := decodeSlot(raw); err != nil {
						fail(bucket, string(k), "%v", err)
					} else {
						rep.Slots++
						slotIDs[string(k)] = true
					}
					return nil
				})
			}
			key, known := keys[bucket]
			if !known {
				fail(bucket, "", "a bucket this version does not know")
				return nil
			}
			rep.Counts[bucket] += 0 // list empty buckets too
			return b.ForEach(func(k, sealed []byte) error {
				id := string(k)
				if sealed == nil {
					fail(bucket, id, "nested bucket where a record belongs")
					return nil
				}
				if key == nil {
					rep.Skipped[bucket]++
					return nil
				}
				plain, err := openEnvelope(key, recordAD(v.version, bucket, id), sealed)
				if err != nil {
					fail(bucket, id, "does not authenticate")
					return nil
				}
				what, ok := "JSON value", false
				if bucket == string(KindStat) { // the one kind with a binary encoding (docs/FORMAT.md §2)
					what = "statistics record"
					_, err := intake.DecodeStatRecord(plain)
					ok = err == nil
				} else {
					ok = json.Valid(plain)
				}
				clear(plain)
				if !ok {
					fail(bucket, id, "authentic but not a %s", what)
					return nil
				}
				if bucket == bucketUsers && tx.Bucket([]byte(bucketSlots)).Get(k) == nil {
					fail(bucket, id, "user without a key slot")
					return nil
				}
				rep.Counts[bucket]++
				return nil
			})
		})
	})
	return rep, err
}
