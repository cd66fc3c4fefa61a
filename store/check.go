package store

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
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
	// coordinator and personal records; a kompaan and the intakes they
	// did not take part in). They were not decrypted; the digest still
	// covers them.
	Skipped map[string]int
	// Digest says whether the vault's digest was compared with the file
	// (format 3); DigestWrites is its count of write transactions.
	Digest       bool
	DigestWrites uint64
	// Deep says whether JSON records were validated and intakes compared
	// with their index entries (CheckDeep).
	Deep bool
	// CrossChecked says whether intakes, statistics records and residents
	// were matched against each other (only a role that reads them all).
	CrossChecked bool
	Failures     []CheckFailure
	// Warnings are findings that do not mean damage, such as a file
	// readable by other users of the computer.
	Warnings []string
}

// What a CheckFailure found. The digest's findings name the record when
// one record per bucket changed.
const (
	FailStructure = "file structure"        // bbolt's pages: cut off, moved, overwritten
	FailAuth      = "does not authenticate" // a value fails its seal (edited, moved, damaged)
	FailContent   = "authentic but invalid" // decrypts, but is not what the bucket holds
	FailDeleted   = "deleted"               // the digest counts a record the file no longer has
	FailReplayed  = "replaced"              // a record holds another value than the last one written (an older copy?)
	FailAdded     = "added"                 // a record the digest does not know
	FailMoved     = "moved"                 // a record's ID was edited in the file
	FailChanged   = "changed"               // several records changed; the digest cannot name them
	FailMissing   = "missing"               // a bucket, the recovery slot, the digest, a keyring entry
	FailMismatch  = "does not match"        // records that should refer to each other do not
	FailUnknown   = "unknown"               // a bucket or nested bucket this version does not know
)

// CheckFailure names one finding. Bucket and ID are plaintext on disk
// anyway (kind names and random IDs), but read from a file that may be
// hostile: print them with care (cmd/spreekuur prints them inert). Err
// wraps ErrTampered or ErrDamaged.
type CheckFailure struct {
	Bucket string
	ID     string
	Kind   string // one of the Fail… constants
	// User is the name of the user a key slot, directory or keyring
	// finding is about, when the directory knows it.
	User string
	Err  error
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

// requiredBuckets are in every vault of each format.
func requiredBuckets(version uint32) []string {
	b := []string{bucketVault, bucketSlots, bucketUsers, string(KindResident), string(KindIntake), string(KindStat), string(KindMeta), string(KindExport)}
	if version >= formatFiled {
		b = append(b, bucketKeyring)
	}
	if version >= formatIndexed {
		b = append(b, bucketIndex)
	}
	return b
}

// Check verifies everything the unlocked role can see and reports every
// finding by bucket and record ID:
//
//   - the file's structure (every page, see checkFile);
//   - every key slot's structure, and that the recovery slot is there;
//   - every record the role holds a key for decrypts, authenticates and
//     is of the bucket's kind; residents' and intakes' key wraps;
//   - the user directory, the key slots and the keyring match;
//   - every bucket is there;
//   - (a role that reads all intakes) every intake has its statistics
//     record (or has it staged by an import that stopped, see
//     FinishStagedStats) and vice versa, and its resident exists;
//   - (format 3) the digest matches the file: a deleted record, a record
//     put back from an older copy, an old key slot or a record added from
//     elsewhere is found, and named when it is one per bucket;
//   - (format 4) every intake has its index entry, with the intake's key
//     wraps, and every entry an intake.
//
// Records are authenticated on every core; records with a binary
// encoding (statistics records, index entries) are decoded, JSON records
// are not: CheckDeep also checks that each is valid JSON, decodes every
// intake and compares it with its index entry.
//
// The error is for a check that could not run (locked vault, I/O); what
// is found is in the report.
func (v *Vault) Check() (CheckReport, error) { return v.check(false) }

// CheckDeep is Check that also validates what is inside the JSON records
// (see Check): slower, for when Check passes and something still looks
// wrong.
func (v *Vault) CheckDeep() (CheckReport, error) { return v.check(true) }

func (v *Vault) check(deep bool) (rep CheckReport, err error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.keys == nil {
		return rep, ErrLocked
	}
	rep = CheckReport{Format: v.version, Counts: map[string]int{}, Skipped: map[string]int{}, Deep: deep}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(v.path); err == nil && fi.Mode().Perm()&0o077 != 0 {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("the vault file has mode %v; it should be 0600", fi.Mode().Perm()))
		}
	}
	// The whole structure first, with plain reads: bbolt must not be let
	// loose on a file whose pages loop or point outside it. The walk reads
	// every page in the transaction's view of the file, and keeps the
	// values: the records are read from its pages, not again through
	// bbolt.
	var walkErr error
	err = checkFile(v.path, func(walk func() (*fileWalker, error)) error {
		return v.db.View(func(btx *bolt.Tx) error {
			w, err := walk()
			if err != nil {
				walkErr = err
				return nil
			}
			if n := w.unreachable(); n > 0 {
				rep.Warnings = append(rep.Warnings, fmt.Sprintf("%d page(s) of the file are neither in use nor free (space lost, nothing damaged; `compact` would return it)", n))
			}
			c := &checker{v: v, keys: v.keys, rep: &rep, deep: deep, decodeIntakes: deep || v.version < formatIndexed}
			c.jobs = make([]recordJob, 0, w.values)           // the walk counted them
			if w.collect && w.meta.txid == uint64(btx.ID()) { // else a write came between: values through bbolt
				c.walked = w
			}
			return c.run(btx)
		})
	})
	if walkErr != nil {
		if !errors.Is(walkErr, ErrDamaged) && !errors.Is(walkErr, ErrNotVault) {
			return rep, walkErr
		}
		rep.fail("", "", "", FailStructure, walkErr)
		return rep, nil
	}
	if errors.Is(err, ErrDamaged) {
		rep.fail("", "", "", FailStructure, err)
		err = nil
	}
	return rep, err
}

func (r *CheckReport) fail(bucket, id, user, kind string, err error) {
	r.Failures = append(r.Failures, CheckFailure{Bucket: bucket, ID: id, User: user, Kind: kind, Err: err})
}

func tampered(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrTampered, fmt.Sprintf(format, args...))
}

type checker struct {
	v    *Vault
	keys *keySet
	rep  *CheckReport
	btx  *bolt.Tx

	deep bool
	// decodeIntakes: every intake is decoded (CheckDeep, or a vault
	// without the index).
	decodeIntakes bool

	users map[string]User // by slot ID, from the directory
	// names are the file's buckets in order; jobs refer to theirs by index.
	names []string
	// jobs are the values of every bucket in the digest (and the index),
	// in bucket and ID order, read once: each is summed into the digest,
	// and those of a registered kind and the index are opened too.
	jobs  []recordJob
	spans map[string][2]int // a bucket's jobs are jobs[from:to]
	links []intakeLink      // per job of the index: what its entry says
	// actual is the file's digest, summed from the jobs (format 3 on).
	actual *vaultDigest
	// walked is the structure walk that kept the file's values, read
	// instead of bbolt's (nil: read through bbolt).
	walked  *fileWalker
	readAll bool
}

// recordJob is one stored value: its place, and what opening it found.
type recordJob struct {
	id, val []byte // val is nil for a nested bucket
	bucket  uint32 // index into checker.names
	open    bool   // a record to open (else only summed into the digest)
	// results
	skipped bool // this role holds no key for it
	bad     bool // it failed authentication or is not what its bucket holds
	fails   []CheckFailure
	entry   *intake.IndexEntry // CheckDeep: an index entry that opened
	in      *intake.Intake     // an intake (CheckDeep, or a vault without the index)
}

// intakeLink is what crossCheck needs of an intake: from its index entry,
// or from the intake.
type intakeLink struct {
	statID, residentID string
	year               int
	ok                 bool
}

func linkOf(l intake.Link) intakeLink {
	return intakeLink{statID: l.StatID, residentID: l.ResidentID, year: l.Created.Year(), ok: true}
}

// opened reports whether j is a record that opened (whatever mismatch it
// may show with others).
func (j *recordJob) opened() bool { return j.open && !j.skipped && !j.bad }

// span returns the jobs of bucket.
func (c *checker) span(bucket string) []recordJob {
	s := c.spans[bucket]
	return c.jobs[s[0]:s[1]]
}

func (c *checker) userName(id string) string { return c.users[id].Name }

func (c *checker) run(btx *bolt.Tx) error {
	c.btx = btx
	rep, v := c.rep, c.v
	for _, name := range requiredBuckets(v.version) {
		if btx.Bucket([]byte(name)) == nil {
			rep.fail(name, "", "", FailMissing, tampered("the bucket is missing"))
		}
	}
	c.users = map[string]User{}
	if b := btx.Bucket([]byte(bucketUsers)); b != nil {
		// Entry by entry: one bad entry (reported below) must not hide
		// the others. An entry that fails its seal still counts as there
		// for matching slots.
		_ = b.ForEach(func(k, val []byte) error {
			u := User{ID: string(k)}
			if plain, err := openEnvelope(c.keys.stats.aead, recordAD(v.version, bucketUsers, string(k)), val); err == nil {
				var e dirEntry
				if json.Unmarshal(plain, &e) == nil {
					u.Name, u.Role = e.Name, e.Role
				}
				clear(plain)
			}
			c.users[u.ID] = u
			return nil
		})
	}
	c.readAll = c.keys.group != nil
	c.spans = map[string][2]int{}
	tx := &Tx{v: v, btx: btx, keys: c.keys}
	err := btx.ForEach(func(name []byte, b *bolt.Bucket) error {
		bucket := string(name)
		c.names = append(c.names, bucket)
		from := len(c.jobs)
		if !c.bucket(tx, bucket, b) && digested(bucket) {
			c.queue(bucket, b, false)
		}
		c.spans[bucket] = [2]int{from, len(c.jobs)}
		return nil
	})
	if err != nil {
		return err
	}
	if err := c.openRecords(tx); err != nil {
		return err
	}
	if c.readAll {
		c.crossCheck(tx)
	}
	if v.version >= formatFiled {
		c.digest()
	}
	if v.version >= formatIndexed {
		c.indexCoverage() // after the digest: what it explains is not said twice
	}
	return nil
}

// bucket checks what is special to one bucket of the file, and queues
// the values of a registered kind (and the index) to be opened; it
// reports whether it queued them.
func (c *checker) bucket(tx *Tx, bucket string, b *bolt.Bucket) bool {
	rep, v := c.rep, c.v
	switch bucket {
	case bucketVault:
		if _, err := decodeVersion(b.Get([]byte("format"))); err != nil {
			rep.fail(bucket, "format", "", FailContent, tampered("bad format version"))
		}
		if raw := b.Get([]byte(keycheckID)); raw != nil {
			if _, err := openEnvelope(c.keys.stats.aead, keycheckAD(), raw); err != nil {
				rep.fail(bucket, keycheckID, "", FailAuth, tampered("the key check does not open with these keys"))
			}
		}
		if c.keys.group != nil {
			if pub := b.Get([]byte(groupPubKey)); pub != nil && string(pub) != string(c.keys.groupPub) {
				rep.fail(bucket, groupPubKey, "", FailMismatch, tampered("the group's public key in the file is not the group's: failed unlocks would be sealed to someone else"))
			}
		}
		return false
	case bucketRekey:
		// New keys left for users after a rotation, sealed to each
		// user's own key: only that user opens them. Each must be a user's.
		rep.Counts[bucket] += 0
		_ = b.ForEach(func(k, _ []byte) error {
			if _, ok := c.users[string(k)]; !ok {
				rep.fail(bucket, string(k), "", FailMismatch, tampered("new keys left for no user of the directory"))
				return nil
			}
			rep.Skipped[bucket]++
			return nil
		})
		return false
	case bucketSlots:
		c.slots(b)
		return false
	case bucketKeyring:
		c.keyring(b)
		return false
	case bucketLog, bucketFailedUnlocks:
		if v.version < formatLogged {
			rep.fail(bucket, "", "", FailUnknown, tampered("a bucket this version does not know"))
			return false
		}
		if bucket == bucketLog {
			c.accessLog(tx, b)
		} else {
			c.failedUnlocks(b)
		}
		return false
	case bucketIndex:
		if v.version < formatIndexed {
			rep.fail(bucket, "", "", FailUnknown, tampered("a bucket this version does not know"))
			return false
		}
		rep.Counts[bucket] += 0
		c.queue(bucket, b, true)
		return true
	}
	if bucket == bucketUsers {
		c.records(tx, bucket, b, c.keys.stats)
		return false
	}
	k := Kind(bucket)
	if _, known := kindClass(k); !known {
		rep.fail(bucket, "", "", FailUnknown, tampered("a bucket this version does not know"))
		return false
	}
	rep.Counts[bucket] += 0 // list empty buckets too
	c.queue(bucket, b, true)
	return true
}

func (c *checker) slots(b *bolt.Bucket) {
	recovery := false
	_ = b.ForEach(func(k, raw []byte) error {
		id := string(k)
		if raw == nil {
			c.rep.fail(bucketSlots, id, "", FailUnknown, tampered("nested bucket where a key slot belongs"))
			return nil
		}
		h, _, err := decodeSlot(raw)
		if err != nil {
			c.rep.fail(bucketSlots, id, c.userName(id), FailContent, tampered("%v", err))
			return nil
		}
		c.rep.Slots++
		if h.Type == slotRecovery {
			recovery = true
		} else if _, ok := c.users[id]; !ok {
			c.rep.fail(bucketSlots, id, "", FailMismatch, tampered("a key slot without a user in the directory"))
		}
		return nil
	})
	if !recovery {
		c.rep.fail(bucketSlots, "", "", FailMissing, tampered("there is no recovery slot: the recovery code opens nothing"))
	}
}

func (c *checker) keyring(b *bolt.Bucket) {
	if c.keys.group == nil {
		c.rep.Skipped[bucketKeyring] += b.Stats().KeyN
		return
	}
	c.rep.Counts[bucketKeyring] += 0
	have := map[string]bool{}
	_ = b.ForEach(func(k, val []byte) error {
		id := string(k)
		plain, err := openEnvelope(c.keys.group.aead, recordAD(c.v.version, bucketKeyring, id), val)
		if err != nil {
			c.rep.fail(bucketKeyring, id, c.userName(id), FailAuth, tampered("does not authenticate"))
			return nil
		}
		member, _, err := decodeKeyringEntry(plain)
		clear(plain)
		clear(member)
		if err != nil {
			c.rep.fail(bucketKeyring, id, c.userName(id), FailContent, tampered("authentic but not a keyring entry"))
			return nil
		}
		if u, ok := c.users[id]; !ok || (u.Role != RoleKompaan && u.Role != "") {
			c.rep.fail(bucketKeyring, id, "", FailMismatch, tampered("a member key of no kompaan in the directory"))
		}
		have[id] = true
		c.rep.Counts[bucketKeyring]++
		return nil
	})
	for id, u := range c.users {
		if u.Role == RoleKompaan && !have[id] {
			c.rep.fail(bucketKeyring, id, u.Name, FailMissing, tampered("this kompaan has no member key: records cannot be shared with them"))
		}
	}
}

// records checks a bucket sealed under one key (the user directory).
func (c *checker) records(tx *Tx, bucket string, b *bolt.Bucket, key *secretKey) {
	c.rep.Counts[bucket] += 0
	_ = b.ForEach(func(k, sealed []byte) error {
		id := string(k)
		if sealed == nil {
			c.rep.fail(bucket, id, "", FailUnknown, tampered("nested bucket where a record belongs"))
			return nil
		}
		plain, err := openEnvelope(key.aead, recordAD(c.v.version, bucket, id), sealed)
		if err != nil {
			c.rep.fail(bucket, id, "", FailAuth, tampered("does not authenticate"))
			return nil
		}
		ok := json.Valid(plain)
		clear(plain)
		if !ok {
			c.rep.fail(bucket, id, "", FailContent, tampered("authentic but not a JSON value"))
			return nil
		}
		if bucket == bucketUsers && tx.btx.Bucket([]byte(bucketSlots)).Get(k) == nil {
			c.rep.fail(bucket, id, c.userName(id), FailMismatch, tampered("user without a key slot"))
			return nil
		}
		c.rep.Counts[bucket]++
		return nil
	})
}

// queue notes every value of the bucket being visited (the last of
// c.names), to be summed into the digest and, with open (a registered
// kind or the index), opened by openRecords; nested buckets where records
// belong are reported at once.
func (c *checker) queue(bucket string, b *bolt.Bucket, open bool) {
	i := uint32(len(c.names) - 1)
	add := func(rawID, sealed []byte) error {
		if sealed == nil && open {
			c.rep.fail(bucket, string(rawID), "", FailUnknown, tampered("nested bucket where a record belongs"))
		}
		c.jobs = append(c.jobs, recordJob{bucket: i, id: rawID, val: sealed, open: open && sealed != nil})
		return nil
	}
	if c.walked != nil {
		if s, ok := c.walked.spans[bucket]; ok {
			for i := s[0]; i < s[1]; i++ {
				kv := c.walked.kept(i)
				_ = add(kv.id, kv.val)
			}
			return
		}
	}
	_ = b.ForEach(add)
}

// openRecords reads every queued value once, on every core: each is
// summed into the digest (format 3 on) and each record opened. Then it
// reports what was found in bucket and ID order.
func (c *checker) openRecords(tx *Tx) error {
	if c.keys.group != nil {
		if _, err := c.keys.groupPrivateKey(); err != nil { // made once, before the workers share it
			return err
		}
	}
	index := c.spans[bucketIndex]
	c.links = make([]intakeLink, index[1]-index[0])
	workers := workersFor(len(c.jobs))
	var sums *digestWorkers
	if c.v.version >= formatFiled {
		sums = newDigestWorkers(c.keys.digest, workers, len(c.names))
	}
	err := parallel(len(c.jobs), workers, func(w int) func(int) {
		var sc entryScratch
		var list intake.ListDecoder
		return func(i int) {
			j := &c.jobs[i]
			name := c.names[j.bucket]
			if sums != nil && digested(name) {
				sums.add(w, int(j.bucket), name, j.id, j.val)
			}
			if !j.open {
				return
			}
			var link *intakeLink
			if i >= index[0] && i < index[1] {
				link = &c.links[i-index[0]]
			}
			c.open(tx, &sc, &list, name, j, link)
		}
	})
	if err != nil {
		return err
	}
	if sums != nil {
		c.actual = sums.digest(c.names)
	}
	counts, skipped := make([]int, len(c.names)), make([]int, len(c.names))
	intakes := -1
	for i, n := range c.names {
		if n == string(KindIntake) {
			intakes = i
		}
	}
	for i := range c.jobs {
		j := &c.jobs[i]
		if !j.open {
			continue
		}
		c.rep.Failures = append(c.rep.Failures, j.fails...)
		switch {
		case j.skipped:
			skipped[j.bucket]++
		case j.bad:
		default:
			counts[j.bucket]++
			continue
		}
		if int(j.bucket) == intakes {
			c.readAll = false
		}
	}
	for i, n := range c.names {
		if counts[i] > 0 {
			c.rep.Counts[n] += counts[i]
		}
		if skipped[i] > 0 {
			c.rep.Skipped[n] += skipped[i]
		}
	}
	return nil
}

// open authenticates one record of bucket (on a worker goroutine, in sc's
// memory and with its index decoder list: it writes only to j and link).
// Statistics records and index entries are decoded (binary, cheap); JSON
// records only with CheckDeep.
func (c *checker) open(tx *Tx, sc *entryScratch, list *intake.ListDecoder, bucket string, j *recordJob, link *intakeLink) {
	k := Kind(bucket)
	if bucket == bucketIndex {
		k = KindIntake
	}
	if tx.access(k) != nil {
		j.skipped = true
		return
	}
	fail := func(kind string, err error) {
		j.fails = append(j.fails, CheckFailure{Bucket: bucket, ID: string(j.id), Kind: kind, Err: err})
		j.bad = j.bad || kind != FailMismatch
	}
	if bucket == bucketIndex {
		// A link needs the entry's link alone (decoded as strictly, a
		// fraction of the allocations); --deep compares the whole.
		var entry *intake.IndexEntry // kept for --deep's comparison only: made on the heap then alone
		var l intake.Link
		var err error
		if c.deep {
			var e intake.IndexEntry
			e, err = openIndexWith(tx, sc, j.id, j.val, intake.DecodeIndexEntry)
			l, entry = e.Link(), &e
		} else {
			l, err = openIndexWith(tx, sc, j.id, j.val, list.DecodeLink)
		}
		switch {
		case errors.Is(err, ErrNoAccess):
			j.skipped = true
		case err != nil && errors.Is(err, intake.ErrIndexEntry):
			fail(FailContent, tampered("authentic but not an index entry of this intake"))
		case err != nil:
			fail(FailAuth, tampered("does not authenticate"))
		default:
			*link = linkOf(l)
			j.entry = entry
		}
		return
	}
	if tx.filedKind(k) && c.keys.group != nil {
		if f, err := parseFiled(j.val); err == nil && len(f.members) > 0 {
			for range c.strangeWraps(k, string(j.id), f) {
				fail(FailMismatch, tampered("a key wrap that no kompaan's member key opens"))
			}
		}
	}
	plain, err := tx.openTo(sc, k, j.id, j.val)
	switch {
	case errors.Is(err, ErrNoAccess):
		j.skipped = true
		return
	case err != nil:
		fail(FailAuth, tampered("does not authenticate"))
		return
	}
	defer clear(plain)
	if k == KindStat { // a binary encoding (docs/FORMAT.md §2): always decoded
		if _, err := intake.DecodeStatRecord(plain); err != nil {
			fail(FailContent, tampered("authentic but not a statistics record"))
		}
		return
	}
	if c.deep && !json.Valid(plain) {
		fail(FailContent, tampered("authentic but not a JSON value"))
		return
	}
	if k == KindIntake && c.decodeIntakes {
		var in intake.Intake
		if json.Unmarshal(plain, &in) != nil {
			fail(FailContent, tampered("authentic but not an intake"))
			return
		}
		j.in = &in
	}
}

// strangeWraps counts the member wraps of a record that open for no
// kompaan of the keyring (supporters).
func (c *checker) strangeWraps(k Kind, id string, f filedValue) int {
	ad := wrapAD(c.v.version, string(k), id, wrapMember)
	n := 0
	for _, w := range f.members {
		opened := false
		for _, m := range c.keys.kompanen {
			if dk, err := openWrap(m.key.aead, ad, w); err == nil {
				clear(dk)
				opened = true
				break
			}
		}
		if !opened {
			n++
		}
	}
	return n
}

// crossCheck matches intakes with their statistics records and residents:
// from the index entries, or with CheckDeep from the intakes themselves.
// Every bucket's jobs are in ID order, so they are looked up by search.
func (c *checker) crossCheck(tx *Tx) {
	c.rep.CrossChecked = true
	index, stats, residents := c.span(bucketIndex), c.span(string(KindStat)), c.span(string(KindResident))
	from := c.spans[bucketIndex][0]
	statAt := make(map[string]int, len(stats))
	for i := range stats {
		if stats[i].val != nil { // not a nested bucket
			statAt[string(stats[i].id)] = i
		}
	}
	resident := make(map[string]bool, len(residents))
	for i := range residents {
		if residents[i].val != nil {
			resident[string(residents[i].id)] = true
		}
	}
	// An import that stopped before it wrote its statistics staged them
	// (FinishStagedStats): not missing, only not written yet.
	staged := map[string]bool{}
	if list, _, err := tx.readStaged(); err == nil {
		for _, s := range list {
			staged[s.Intake] = true
		}
	}
	referenced := make([]bool, len(stats))
	e := 0 // intakes and index entries are both in ID order
	for i := range c.span(string(KindIntake)) {
		j := &c.span(string(KindIntake))[i]
		if j.val == nil {
			continue // a nested bucket, reported
		}
		for e < len(index) && bytes.Compare(index[e].id, j.id) < 0 {
			e++
		}
		var l intakeLink
		if j.in != nil && j.opened() {
			l = intakeLink{statID: j.in.StatID, residentID: j.in.ResidentID, year: j.in.Created.Year(), ok: true}
		} else if e < len(index) && bytes.Equal(index[e].id, j.id) && c.links[e].ok && c.jobs[from+e].opened() {
			l = c.links[e]
		} else { // its entry is missing or damaged (reported): the intake says it
			entry, err := tx.entryFromIntake(string(j.id))
			if err != nil {
				continue // reported as not authenticating or not an intake
			}
			l = linkOf(entry.Link())
		}
		s, ok := statAt[l.statID]
		if ok && l.statID != "" {
			referenced[s] = true
		}
		// SaveIntake saves an intake without a statistics record only when
		// its first contact is outside the years a record can hold.
		if (l.statID == "" || !ok) && l.year >= 2015 && l.year <= 2199 && !staged[string(j.id)] {
			c.rep.fail(string(KindIntake), string(j.id), "", FailMismatch, tampered("the intake's statistics record is missing"))
		}
		if l.residentID != "" && !resident[l.residentID] {
			c.rep.fail(string(KindIntake), string(j.id), "", FailMismatch, tampered("the intake's resident is missing"))
		}
	}
	var erased erasedStats // statistics records of erased intakes stay on purpose
	if b := c.btx.Bucket([]byte(KindMeta)); b != nil {
		if raw := b.Get([]byte(erasedStatsID)); raw != nil {
			if plain, err := openEnvelope(c.keys.group.aead, recordAD(c.v.version, string(KindMeta), erasedStatsID), raw); err == nil {
				_ = json.Unmarshal(plain, &erased)
				clear(plain)
			}
		}
	}
	for _, id := range erased.StatIDs {
		if s, ok := statAt[id]; ok {
			referenced[s] = true
		}
	}
	for i := range stats {
		if stats[i].val != nil && !referenced[i] {
			c.rep.fail(string(KindStat), string(stats[i].id), "", FailMismatch, tampered("a statistics record whose intake is missing"))
		}
	}
}

// indexCoverage matches the intake index with the intakes (format 4): every
// intake has an entry and every entry an intake, by their IDs (plaintext,
// so for every role); an entry carries exactly its intake's key wraps, so
// it opens for exactly whom the intake opens for; with CheckDeep, an entry
// says what its intake says. Both buckets' jobs are in ID order: they are
// walked side by side.
func (c *checker) indexCoverage() {
	intakes, entries := c.span(string(KindIntake)), c.span(bucketIndex)
	failedIn, failedIdx := c.failedIDs(string(KindIntake)), c.failedIDs(bucketIndex)
	explained := func(id []byte) bool { // a finding of the intake or the entry explains it
		return failedIn[string(id)] || failedIdx[string(id)]
	}
	var findings []CheckFailure
	add := func(id []byte, kind string, err error) {
		findings = append(findings, CheckFailure{Bucket: bucketIndex, ID: string(id), Kind: kind, Err: err})
	}
	i, k := 0, 0
	for i < len(intakes) || k < len(entries) {
		if i < len(intakes) && intakes[i].val == nil {
			i++ // a nested bucket, reported
			continue
		}
		if k < len(entries) && entries[k].val == nil {
			k++
			continue
		}
		order := 0
		switch {
		case i == len(intakes):
			order = 1
		case k == len(entries):
			order = -1
		default:
			order = bytes.Compare(intakes[i].id, entries[k].id)
		}
		switch {
		case order < 0:
			if id := intakes[i].id; !explained(id) {
				add(id, FailMissing, tampered("the intake has no index entry: home and the agenda do not show it"))
			}
			i++
		case order > 0:
			if id := entries[k].id; !explained(id) {
				add(id, FailMismatch, tampered("an index entry whose intake is missing"))
			}
			k++
		default:
			ji, je := &intakes[i], &entries[k]
			i, k = i+1, k+1
			if explained(ji.id) {
				continue
			}
			fi, err1 := parseFiled(ji.val)
			fe, err2 := parseFiled(je.val)
			if err1 != nil || err2 != nil {
				continue // reported as not authenticating
			}
			if !bytes.Equal(ji.val[:len(ji.val)-len(fi.envelope)], je.val[:len(je.val)-len(fe.envelope)]) {
				add(ji.id, FailMismatch, tampered("the index entry's key wraps are not its intake's"))
				continue
			}
			if c.deep && ji.in != nil && ji.opened() && je.entry != nil && je.opened() && !sameEntry(*je.entry, ji.in.IndexEntry()) {
				add(ji.id, FailMismatch, tampered("the index entry does not say what its intake says"))
			}
		}
	}
	c.rep.Failures = append(c.rep.Failures, findings...)
}

// sameEntry compares two index entries by their encoding.
func sameEntry(a, b intake.IndexEntry) bool {
	x, err1 := a.MarshalBinary()
	y, err2 := b.MarshalBinary()
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// failed reports whether a finding was already made for bucket/id.
func (c *checker) failed(bucket, id string) bool {
	for _, f := range c.rep.Failures {
		if f.Bucket == bucket && f.ID == id {
			return true
		}
	}
	return false
}

// failedIDs returns the IDs of bucket's records with a finding so far.
func (c *checker) failedIDs(bucket string) map[string]bool {
	ids := map[string]bool{}
	for _, f := range c.rep.Failures {
		if f.Bucket == bucket {
			ids[f.ID] = true
		}
	}
	return ids
}

// digest compares the file with the sealed digest.
func (c *checker) digest() {
	stored, err := c.v.readDigest(c.btx, c.keys)
	if err != nil {
		c.rep.fail(bucketVault, digestID, "", FailAuth, err)
		return
	}
	if stored == nil {
		c.rep.fail(bucketVault, digestID, "", FailMissing, tampered("the digest is missing: deleted or older records cannot be found"))
		return
	}
	c.rep.Digest, c.rep.DigestWrites = true, stored.writes
	if stored.flags&digestRebuilt != 0 {
		c.rep.Warnings = append(c.rep.Warnings, "the digest was once missing and was computed again from the file: records deleted before then cannot be found")
	}
	actual := c.actual
	names := map[string]bool{}
	for n := range stored.buckets {
		names[n] = true
	}
	for n := range actual.buckets {
		names[n] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, bucket := range sorted {
		s, a := stored.bucket(bucket), actual.bucket(bucket)
		if s.equal(a) {
			continue
		}
		present := map[string]bool{}
		if b := c.btx.Bucket([]byte(bucket)); b != nil {
			_ = b.ForEach(func(k, _ []byte) error { present[string(k)] = true; return nil })
		} else if s.count > 0 {
			err := tampered("the bucket is gone: it held %d record(s)", s.count)
			for i, f := range c.rep.Failures {
				if f.Bucket == bucket && f.ID == "" && f.Kind == FailMissing {
					c.rep.Failures[i].Err = err // say how much was in it
					err = nil
				}
			}
			if err != nil {
				c.rep.fail(bucket, "", "", FailMissing, err)
			}
			continue
		}
		f := explainDigest(c.keys.digest, bucket, s, a, present)
		if f.id != "" && c.failed(bucket, f.id) {
			continue // already reported: a value that does not authenticate changed too
		}
		user := ""
		if bucket == bucketSlots || bucket == bucketUsers || bucket == bucketKeyring {
			user = c.userName(f.id)
		}
		switch f.kind {
		case "deleted":
			c.rep.fail(bucket, f.id, user, FailDeleted, tampered("the record was deleted from the file"))
		case "added":
			c.rep.fail(bucket, f.id, user, FailAdded, tampered("the record was put into the file from elsewhere"))
		case "moved":
			c.rep.fail(bucket, f.id, user, FailMoved, tampered("the record's ID was changed in the file (it was %s)", inertID([]byte(f.was))))
		case "replayed":
			c.rep.fail(bucket, f.id, user, FailReplayed, tampered("the record holds another value than the last one saved (an older copy put back?)"))
		default:
			c.rep.fail(bucket, "", "", FailChanged, tampered("records were deleted, added or changed outside spreekuur, more than one so none can be named (saved: %d records, in the file: %d)", s.count, a.count))
		}
	}
}

// accessLog checks the access log's chain (docs/FORMAT.md §9): entries
// numbered 1, 2, … without a gap, each opening, each holding the hash of
// the one before, the last one the head names. Without the group key only
// the head and the numbering are checked.
func (c *checker) accessLog(tx *Tx, b *bolt.Bucket) {
	c.rep.Counts[bucketLog] += 0
	var head logHead
	headOK := false
	if raw := b.Get([]byte(logHeadID)); raw != nil {
		plain, err := openEnvelope(c.keys.stats.aead, recordAD(c.v.version, bucketLog, logHeadID), raw)
		switch {
		case err != nil:
			c.rep.fail(bucketLog, logHeadID, "", FailAuth, tampered("the end of the access log does not authenticate"))
		default:
			head, err = decodeLogHead(plain)
			clear(plain)
			if err != nil {
				c.rep.fail(bucketLog, logHeadID, "", FailContent, tampered("authentic but not the end of an access log"))
			} else {
				headOK = true
			}
		}
	}
	readAll := c.keys.group != nil
	var prev uint64
	var prevHash [32]byte
	known, entries := true, 0 // known: prevHash is the hash of entry prev
	_ = b.ForEach(func(k, val []byte) error {
		seq, ok := parseLogKey(k)
		if !ok {
			if string(k) != logHeadID {
				c.rep.fail(bucketLog, string(k), "", FailUnknown, tampered("a record the access log does not know"))
			}
			return nil
		}
		entries++
		if seq != prev+1 {
			c.rep.fail(bucketLog, logKey(prev+1), "", FailDeleted, tampered("entries %d to %d of the access log are missing", prev+1, seq-1))
			known = false
		}
		prev = seq
		if !readAll {
			c.rep.Skipped[bucketLog]++
			return nil
		}
		plain, err := tx.openLogEntry(k, val)
		if err != nil {
			c.rep.fail(bucketLog, string(k), "", FailAuth, tampered("an entry of the access log was changed or moved"))
			known = false
			return nil
		}
		defer clear(plain)
		var e LogEntry
		if json.Unmarshal(plain, &e) != nil || e.Seq != seq {
			c.rep.fail(bucketLog, string(k), "", FailContent, tampered("authentic but not this entry of the access log"))
			known = false
			return nil
		}
		if known && e.Prev != hex.EncodeToString(prevHash[:]) {
			c.rep.fail(bucketLog, string(k), "", FailMismatch, tampered("the access log's chain breaks here: an entry before it was removed, replaced or put in another order"))
		}
		prevHash, known = logHash(plain), true
		c.rep.Counts[bucketLog]++
		return nil
	})
	switch {
	case !headOK && entries > 0 && b.Get([]byte(logHeadID)) == nil:
		c.rep.fail(bucketLog, logHeadID, "", FailMissing, tampered("the end of the access log is missing: entries at its end may have been cut off"))
	case !headOK:
	case head.seq > prev:
		c.rep.fail(bucketLog, logKey(prev+1), "", FailDeleted, tampered("the access log was cut off: entries %d to %d are gone", prev+1, head.seq))
	case head.seq < prev:
		c.rep.fail(bucketLog, logKey(head.seq+1), "", FailAdded, tampered("entries after the end of the access log were added"))
	case readAll && known && head.hash != prevHash:
		c.rep.fail(bucketLog, logKey(prev), "", FailReplayed, tampered("the last entry of the access log is not the one the log ended with"))
	}
}

// failedUnlocks checks the failed unlocks waiting for a supporter.
func (c *checker) failedUnlocks(b *bolt.Bucket) {
	if c.keys.group == nil {
		c.rep.Skipped[bucketFailedUnlocks] += b.Stats().KeyN
		return
	}
	c.rep.Counts[bucketFailedUnlocks] += 0
	priv, err := c.keys.groupPrivateKey()
	if err != nil {
		return
	}
	_ = b.ForEach(func(k, val []byte) error {
		plain, err := openFromPublic(priv, failedInfo, recordAD(c.v.version, bucketFailedUnlocks, string(k)), val)
		if err != nil {
			c.rep.fail(bucketFailedUnlocks, string(k), "", FailAuth, tampered("a failed unlock that does not open for the group"))
			return nil
		}
		clear(plain)
		c.rep.Counts[bucketFailedUnlocks]++
		return nil
	})
}
