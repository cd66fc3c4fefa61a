package store

import (
	"bytes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The access log (docs/FORMAT.md §9): one entry per event on personal
// data, in the style of NEN 7513. Sealed so that only supporters read it
// (the group key, or the group's X25519 public key for a writer without
// it), append-only through this API, and hash-chained: each entry holds
// the hash of the one before, and a head sealed under the statistics key
// holds the last entry's number and hash, so a removed, reordered, edited
// or cut-off entry shows in Check. What an event is, and when one is
// written, is the session's business; the store keeps the entries.

const (
	bucketLog           = "accesslog"     // entries under 16 hex digits, and the head
	bucketFailedUnlocks = "failedunlocks" // failed unlocks, sealed to the group's public key, until a supporter unlocks
	logHeadID           = "head"
	logLayout           = 1 // byte 0 of a stored entry
	logSealGroup        = 1 // sealed under the group key
	logSealPublic       = 2 // sealed to the group's X25519 public key
	logHeadVersion      = 1
	// maxFailedUnlocks bounds the failed unlocks kept before a supporter
	// unlocks: each costs an Argon2id run per user, so this is hours of
	// guessing; beyond it only the last one is replaced.
	maxFailedUnlocks = 1000
	// vaultIDKey and groupPubKey are plaintext in the vault bucket: the
	// vault's random ID (the device in every entry) and the group's X25519
	// public key, for writers who hold no key at all (a failed unlock)
	// or none that carries it (a coordinator).
	vaultIDKey  = "id"
	groupPubKey = "grouppub"
)

// Action codes of the access log (docs/FORMAT.md §9). The session decides
// which event is which; the list is here because it is part of the format.
const (
	ActCreate       = "create"        // a resident or intake was made
	ActRead         = "read"          // a conversation was opened or shown
	ActChange       = "change"        // a resident or intake was changed (first change of each step while open)
	ActDelete       = "delete"        // a resident record deleted (consent withdrawn)
	ActErase        = "erase"         // a resident erased on request or after retention, with a tombstone
	ActPrint        = "print"         // a paper for the resident: Detail sheet or plan
	ActExport       = "export"        // Detail access, bundle, stats, receipt
	ActImport       = "import"        // a handover bundle read into this vault
	ActSearch       = "search"        // the list of residents was read (home, look-up by number)
	ActUnlock       = "unlock"        // someone opened the vault
	ActUnlockFailed = "unlock-failed" // a wrong passphrase or recovery code
	ActLock         = "lock"          // the vault was locked
	ActUserAdd      = "user-add"
	ActUserRemove   = "user-remove"
	ActPassphrase   = "passphrase"   // a passphrase changed or reset, a new recovery code
	ActKeyRotation  = "key-rotation" // new group and statistics keys
	ActSetting      = "setting"      // a vault setting changed: Detail names it
	ActLogRead      = "log-read"     // the access log was read
	ActRetention    = "retention"    // the retention list was looked at
	ActCompact      = "compact"      // the file rewritten without its freed pages
)

// Outcomes of an event.
const (
	OutcomeOK     = "ok"
	OutcomeDenied = "denied" // the rules refused it (a kompaan, a coordinator)
	OutcomeFailed = "failed" // it did not work (a wrong passphrase)
)

// Purposes (the "doel" of NEN 7513): why the data was used.
const (
	PurposeIntake     = "intake"     // the conversation at the table
	PurposeFollowUp   = "follow-up"  // a later contact
	PurposeHandover   = "handover"   // to the office or a colleague
	PurposeAccess     = "access"     // a request of the resident (access, erasure)
	PurposeStatistics = "statistics" // anonymised counts for the municipality
	PurposeSecurity   = "security"   // opening, locking, users, keys, the log itself, retention
)

// LogEntry is one event of the access log. Seq, Prev, Event and Device are
// set by AppendLog.
type LogEntry struct {
	Seq    uint64    `json:"seq"`
	Prev   string    `json:"prev"`  // hex SHA-256 of the previous entry's plaintext; 64 zeros for the first
	Event  string    `json:"event"` // random ID of this event
	At     time.Time `json:"at"`
	Action string    `json:"action"`
	// Outcome is OutcomeOK, OutcomeDenied or OutcomeFailed.
	Outcome string `json:"outcome"`
	User    string `json:"user,omitempty"` // who; RecoveryUser after a recovery unlock
	Role    Role   `json:"role,omitempty"`
	// OnBehalf is on whose behalf, when not the user's own work: the
	// resident (an access or erasure request), the organisation (retention).
	OnBehalf string `json:"on_behalf,omitempty"`
	Resident string `json:"resident,omitempty"`
	Intake   string `json:"intake,omitempty"`
	Purpose  string `json:"purpose,omitempty"`
	Device   string `json:"device"`           // the vault's ID
	Detail   string `json:"detail,omitempty"` // a code or count, never typed text
}

// logHead is the chain's end: the last entry's number and hash.
type logHead struct {
	seq  uint64
	hash [sha256.Size]byte
}

func (h logHead) encode() []byte {
	b := make([]byte, 0, 1+8+sha256.Size)
	b = append(b, logHeadVersion)
	b = binary.BigEndian.AppendUint64(b, h.seq)
	return append(b, h.hash[:]...)
}

func decodeLogHead(b []byte) (logHead, error) {
	var h logHead
	if len(b) != 1+8+sha256.Size || b[0] != logHeadVersion {
		return h, errors.New("malformed log head")
	}
	h.seq = binary.BigEndian.Uint64(b[1:9])
	copy(h.hash[:], b[9:])
	return h, nil
}

// logKey is the key of entry seq: 16 hex digits, so keys sort as numbers.
func logKey(seq uint64) string { return fmt.Sprintf("%016x", seq) }

func parseLogKey(k []byte) (uint64, bool) {
	if len(k) != 16 {
		return 0, false
	}
	n, err := strconv.ParseUint(string(k), 16, 64)
	return n, err == nil && logKey(n) == string(k) // one spelling per number
}

// logHash is the hash an entry is chained by:
// SHA-256("spreekuur-log" ‖ 0x00 ‖ the entry's plaintext).
func logHash(plain []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte("spreekuur-log\x00"))
	h.Write(plain)
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// sealToPublic seals plain to the X25519 public key pub: the result is the
// ephemeral public key (32) ‖ envelope under publicKEK(…, info).
func sealToPublic(eph *ecdh.PrivateKey, pub []byte, info string, ad, plain []byte) ([]byte, error) {
	return toPublic(eph, pub, info, func(a cipher.AEAD) ([]byte, error) { return seal(a, ad, plain) })
}

// openFromPublic opens what sealToPublic made, with the private key.
func openFromPublic(priv *ecdh.PrivateKey, info string, ad, sealed []byte) ([]byte, error) {
	if priv == nil || len(sealed) < ephemeralLen+envelopeMin {
		return nil, errOpen
	}
	return fromPublic(priv, info, sealed, func(a cipher.AEAD, env []byte) ([]byte, error) { return openEnvelope(a, ad, env) })
}

const (
	logInfo    = "spreekuur-log-x25519"
	failedInfo = "spreekuur-failed-unlock-x25519"
)

// sealLogEntry seals an entry's plaintext for the supporters: under the
// group key when this role holds it, else to the group's public key.
func (tx *Tx) sealLogEntry(key string, plain []byte) ([]byte, error) {
	ad := recordAD(tx.v.version, bucketLog, key)
	if tx.keys.group != nil {
		env, err := seal(tx.keys.group.aead, ad, plain)
		if err != nil {
			return nil, err
		}
		return append([]byte{logLayout, logSealGroup}, env...), nil
	}
	pub := tx.keys.groupPub
	if pub == nil {
		pub = tx.btx.Bucket([]byte(bucketVault)).Get([]byte(groupPubKey))
	}
	if len(pub) != ephemeralLen {
		return nil, errNoGroupPub
	}
	sealed, err := sealToPublic(nil, pub, logInfo, ad, plain)
	if err != nil {
		return nil, err
	}
	return append([]byte{logLayout, logSealPublic}, sealed...), nil
}

// errNoGroupPub: a writer without the group key found no group public key
// (a vault no supporter has unlocked since this version).
var errNoGroupPub = errors.New("store: the vault has no group public key yet; a supporter must unlock it once")

// openLogEntry opens a stored entry (supporters).
func (tx *Tx) openLogEntry(key, val []byte) ([]byte, error) {
	if tx.keys.group == nil {
		return nil, ErrNoAccess
	}
	if len(val) < 2 || val[0] != logLayout {
		return nil, errOpen
	}
	ad := recordAD(tx.v.version, bucketLog, string(key))
	switch val[1] {
	case logSealGroup:
		return openEnvelope(tx.keys.group.aead, ad, val[2:])
	case logSealPublic:
		priv, err := tx.keys.groupPrivateKey()
		if err != nil {
			return nil, err
		}
		return openFromPublic(priv, logInfo, ad, val[2:])
	}
	return nil, errOpen
}

// readLogHead returns the head (zero when there is none) and whether it
// was there and sound.
func (tx *Tx) readLogHead() (logHead, bool) {
	b := tx.btx.Bucket([]byte(bucketLog))
	if b == nil {
		return logHead{}, false
	}
	raw := b.Get([]byte(logHeadID))
	if raw == nil {
		return logHead{}, false
	}
	plain, err := openEnvelope(tx.keys.stats.aead, recordAD(tx.v.version, bucketLog, logHeadID), raw)
	if err != nil {
		return logHead{}, false
	}
	defer clear(plain)
	h, err := decodeLogHead(plain)
	return h, err == nil
}

// lastLogSeq is the number of the last entry in the file (0: none).
func (tx *Tx) lastLogSeq() uint64 {
	b := tx.btx.Bucket([]byte(bucketLog))
	if b == nil {
		return 0
	}
	c := b.Cursor()
	for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
		if n, ok := parseLogKey(k); ok {
			return n
		}
	}
	return 0
}

// VaultID is the vault's random ID, the "device" of every log entry: made
// at the first write that needs it, plaintext in the vault bucket (it says
// nothing about anyone).
func (tx *Tx) VaultID() (string, error) {
	b := tx.btx.Bucket([]byte(bucketVault))
	if id := b.Get([]byte(vaultIDKey)); validID(string(id)) == nil && len(id) == 32 {
		return string(id), nil
	}
	if tx.delta == nil {
		return "", nil
	}
	id := NewID()
	return id, b.Put([]byte(vaultIDKey), []byte(id))
}

// AppendLog adds e to the end of the access log, in this transaction (so
// an event and what it logs are written together or not at all), and
// returns it as stored. Any unlocked role may append; only supporters read.
// A head that is missing or damaged does not stop the write — the log is
// continued after the last entry in the file, and Check reports the break.
func (tx *Tx) AppendLog(e LogEntry) (LogEntry, error) {
	stored := e
	if err := tx.appendLogs([]LogEntry{e}, func(_ int, s LogEntry) { stored = s }); err != nil {
		return e, err
	}
	return stored, nil
}

// AppendLogs is AppendLog for several entries, in order: the chain is the
// same as one AppendLog after another, but the head is read and written
// once, not once per entry (an import of 100,000 residents logs one entry
// for each).
func (tx *Tx) AppendLogs(es []LogEntry) error { return tx.appendLogs(es, nil) }

// appendLogs appends es and calls stored, if set, with each as stored.
func (tx *Tx) appendLogs(es []LogEntry, stored func(i int, e LogEntry)) error {
	if len(es) == 0 {
		return nil
	}
	if tx.delta == nil {
		return ErrReadOnly
	}
	device, err := tx.VaultID()
	if err != nil {
		return err
	}
	head, ok := tx.readLogHead()
	if !ok {
		head = logHead{seq: tx.lastLogSeq()}
	}
	// Entries are numbered on from the last: in whole pages, not half
	// (an import logs one per resident, 100,000 of them).
	tx.InKeyOrder(Kind(bucketLog))
	if head, err = tx.putLogEntries(es, head, device, stored); err != nil {
		return err
	}
	sh, err := seal(tx.keys.stats.aead, recordAD(tx.v.version, bucketLog, logHeadID), head.encode())
	if err != nil {
		return err
	}
	return tx.put(bucketLog, []byte(logHeadID), sh)
}

// ForEachLog calls fn with every entry of the access log, oldest first
// (supporters only). An entry that does not open or decode stops it with
// ErrTampered: Check says which.
func (tx *Tx) ForEachLog(fn func(e LogEntry) error) error { return tx.ForEachLogMentioning(nil, fn) }

// ForEachLogMentioning is ForEachLog for the entries whose plaintext holds
// one of ids (a resident's and their intakes' IDs): the others are opened
// but not decoded, which is most of the cost of reading a long log for
// one resident's access export. fn still checks what it gets (an ID may
// appear in another field).
func (tx *Tx) ForEachLogMentioning(ids []string, fn func(e LogEntry) error) error {
	if tx.keys.group == nil {
		return ErrNoAccess
	}
	b := tx.btx.Bucket([]byte(bucketLog))
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, val []byte) error {
		if _, ok := parseLogKey(k); !ok {
			return nil // the head
		}
		plain, err := tx.openLogEntry(k, val)
		if err != nil {
			return fmt.Errorf("%w: %s/%s", ErrTampered, bucketLog, inertID(k))
		}
		if len(ids) > 0 && !mentions(plain, ids) {
			clear(plain)
			return nil
		}
		var e LogEntry
		err = json.Unmarshal(plain, &e)
		clear(plain)
		if err != nil {
			return fmt.Errorf("%w: %s/%s", ErrTampered, bucketLog, inertID(k))
		}
		return fn(e)
	})
}

// failedUnlock is what a failed unlock leaves, sealed to the group's
// public key: nobody holds a key at that moment.
// failedUnlock is an event recorded without a key, waiting in bucket
// failedunlocks for a supporter's unlock: a failed unlock, or a
// compaction by `spreekuur compact` (which needs no passphrase).
type failedUnlock struct {
	At      time.Time `json:"at"`
	User    string    `json:"user,omitempty"`    // the name typed, if any
	Action  string    `json:"action,omitempty"`  // ActCompact; empty for a failed unlock
	Outcome string    `json:"outcome,omitempty"` // of a compaction
}

// RecordCompaction keeps a compaction of the file done without a key
// (`spreekuur compact`) until a supporter's unlock moves it into the
// access log, as RecordFailedUnlock does.
func (v *Vault) RecordCompaction(at time.Time, outcome string) error {
	return v.recordWaiting(failedUnlock{At: at.UTC().Truncate(time.Millisecond), Action: ActCompact, Outcome: outcome})
}

// RecordFailedUnlock keeps a failed unlock (the time and the name typed)
// until the next supporter's unlock moves it into the access log. It is
// sealed to the group's public key (plaintext in the vault bucket), since
// a failed unlock holds no key, and stored outside the digest, which only
// a key holder can update. A read-only vault, or one whose group public
// key is not yet known, records nothing: the error says so.
func (v *Vault) RecordFailedUnlock(user string, at time.Time) error {
	return v.recordWaiting(failedUnlock{At: at.UTC().Truncate(time.Millisecond), User: user})
}

func (v *Vault) recordWaiting(rec failedUnlock) error {
	if v.readOnly {
		return ErrReadOnly
	}
	if v.version < formatLogged {
		return errNoGroupPub // sealed for this format, it would not open after the upgrade
	}
	plain, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	defer clear(plain)
	err = safely(func() error {
		return v.db.Update(func(btx *bolt.Tx) error {
			pub := btx.Bucket([]byte(bucketVault)).Get([]byte(groupPubKey))
			if len(pub) != ephemeralLen {
				return errNoGroupPub
			}
			b, err := btx.CreateBucketIfNotExists([]byte(bucketFailedUnlocks))
			if err != nil {
				return err
			}
			if b.Stats().KeyN >= maxFailedUnlocks {
				if k, _ := b.Cursor().Last(); k != nil {
					if err := b.Delete(k); err != nil {
						return err
					}
				}
			}
			id := NewID()
			sealed, err := sealToPublic(nil, pub, failedInfo, recordAD(v.version, bucketFailedUnlocks, id), plain)
			if err != nil {
				return err
			}
			return b.Put([]byte(id), sealed)
		})
	})
	return writeError(err)
}

// moveFailedUnlocks turns the failed unlocks recorded since the last
// supporter's unlock into log entries, in the order they happened, and
// deletes them. A record that does not open (planted, or sealed to a
// group public key someone swapped) becomes an entry that says so.
func (tx *Tx) moveFailedUnlocks() error {
	b := tx.btx.Bucket([]byte(bucketFailedUnlocks))
	if b == nil || b.Stats().KeyN == 0 {
		return nil
	}
	priv, err := tx.keys.groupPrivateKey()
	if err != nil {
		return err
	}
	var recs []failedUnlock
	var keys [][]byte
	err = b.ForEach(func(k, val []byte) error {
		keys = append(keys, append([]byte(nil), k...))
		plain, err := openFromPublic(priv, failedInfo, recordAD(tx.v.version, bucketFailedUnlocks, string(k)), val)
		var r failedUnlock
		if err != nil || json.Unmarshal(plain, &r) != nil {
			r = failedUnlock{User: "?"} // Detail below says it could not be read
		}
		clear(plain)
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		return err
	}
	slices.SortStableFunc(recs, func(a, b failedUnlock) int { return a.At.Compare(b.At) })
	for _, r := range recs {
		e := LogEntry{At: r.At, Action: ActUnlockFailed, Outcome: OutcomeFailed, User: r.User, Purpose: PurposeSecurity, Detail: "recorded-before-unlock"}
		if r.Action == ActCompact && (r.Outcome == OutcomeOK || r.Outcome == OutcomeFailed) {
			e.Action, e.Outcome = ActCompact, r.Outcome
		}
		if r.At.IsZero() {
			e.Detail = "unreadable-record"
		}
		if _, err := tx.AppendLog(e); err != nil {
			return err
		}
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// ensureGroupPub writes the group's public key (and the vault ID) into the
// vault bucket where a supporter finds it missing or different.
func (tx *Tx) ensureGroupPub() error {
	b := tx.btx.Bucket([]byte(bucketVault))
	if string(b.Get([]byte(groupPubKey))) != string(tx.keys.groupPub) {
		if err := b.Put([]byte(groupPubKey), tx.keys.groupPub); err != nil {
			return err
		}
	}
	_, err := tx.VaultID()
	return err
}

// afterSupporterUnlock is what a supporter's unlock of a writable vault
// brings up to date for the log: the group's public key in plaintext
// (for failed unlocks and coordinators) and the failed unlocks since
// the last one.
func (v *Vault) afterSupporterUnlock(keys *keySet) error {
	need := false
	err := v.view(keys, func(tx *Tx) error {
		b := tx.btx.Bucket([]byte(bucketVault))
		fb := tx.btx.Bucket([]byte(bucketFailedUnlocks))
		need = string(b.Get([]byte(groupPubKey))) != string(keys.groupPub) || b.Get([]byte(vaultIDKey)) == nil ||
			(fb != nil && fb.Stats().KeyN > 0)
		return nil
	})
	if err != nil || !need {
		return err
	}
	return v.update(keys, func(tx *Tx) error {
		if err := tx.ensureGroupPub(); err != nil {
			return err
		}
		return tx.moveFailedUnlocks()
	})
}

func mentions(plain []byte, ids []string) bool {
	for _, id := range ids {
		if id != "" && bytes.Contains(plain, []byte(id)) {
			return true
		}
	}
	return false
}
