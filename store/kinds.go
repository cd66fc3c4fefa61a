package store

import (
	"fmt"
	"sort"
	"sync"
)

// Kind names a kind of record. It is also the name of the bbolt bucket the
// records live in, so it is stored in plaintext and must never be derived
// from anything a person typed.
type Kind string

const (
	KindResident Kind = "residents" // notes key
	KindIntake   Kind = "intakes"   // notes key
	KindStat     Kind = "stats"     // statistics key
	KindMeta     Kind = "meta"      // notes key: settings, drafts, …
	KindExport   Kind = "exports"   // notes key: records of exports made

	// Statistics (docs/STATISTICS.md, docs/FORMAT.md §1).
	KindStatLinks     Kind = "statlinks"     // notes key: per resident, their statistics records (unique residents)
	KindStatSettings  Kind = "statsettings"  // statistics key: the minimum cell size, who set it and when
	KindStatPublished Kind = "statpublished" // statistics key: figures as first published, per months counted

	// KindSettings are settings every role reads and nothing personal:
	// the organisation printed on the papers.
	KindSettings Kind = "settings" // statistics key
)

// KeyClass says which data key seals a kind.
type KeyClass int

const (
	// NotesKey: personal records sealed under the supporters' group key
	// (format 3; the one notes key of formats 1 and 2). Supporters hold it;
	// kompanen and coordinators do not. Residents and intakes are of this
	// class too, but from format 3 on each has a data key of its own,
	// wrapped for the group and for the kompanen who took part.
	NotesKey KeyClass = iota + 1
	// StatsKey: anonymised statistics and the user directory. Every role
	// holds it.
	StatsKey
)

func (c KeyClass) String() string {
	switch c {
	case NotesKey:
		return "notes"
	case StatsKey:
		return "statistics"
	}
	return "unknown"
}

// Internal buckets. They are not Kinds: the store API does not hand them out.
const (
	bucketVault   = "vault"   // plaintext: format version
	bucketSlots   = "slots"   // plaintext headers + sealed payloads
	bucketUsers   = "users"   // user directory, sealed under the statistics key
	bucketKeyring = "keyring" // format 3: kompanen's member keys, sealed under the group key
	// bucketIndex (format 4) holds an entry per intake (intake.IndexEntry)
	// sealed under the intake's data key, with the intake's key wraps:
	// what home, the agenda and the kompaan's list read (docs/FORMAT.md).
	bucketIndex = "intakeindex"
)

// internalBucket reports whether name is one of the store's own buckets.
func internalBucket(name string) bool {
	switch name {
	case bucketVault, bucketSlots, bucketUsers, bucketKeyring, bucketLog, bucketFailedUnlocks, bucketRekey, bucketIndex:
		return true
	}
	return false
}

var (
	kindsMu sync.RWMutex
	kinds   = map[Kind]KeyClass{
		KindResident: NotesKey,
		KindIntake:   NotesKey,
		KindStat:     StatsKey,
		KindMeta:     NotesKey,
		KindExport:   NotesKey,

		KindStatLinks:     NotesKey,
		KindStatSettings:  StatsKey,
		KindStatPublished: StatsKey,
		KindSettings:      StatsKey,

		KindTombstone:  NotesKey,
		KindWithdrawal: NotesKey,
		KindStatStaged: NotesKey,
		KindHomeList:   NotesKey,
		KindHomeStamp:  NotesKey,
	}
)

// RegisterKind adds a record kind sealed with the given key. Registering a
// kind again with the same key is a no-op; with another key, or with the
// name of an internal bucket, it is an error. Call it from an init function.
func RegisterKind(k Kind, class KeyClass) error {
	if class != NotesKey && class != StatsKey {
		return fmt.Errorf("store: register %q: unknown key class", k)
	}
	if err := validID(string(k)); err != nil || internalBucket(string(k)) {
		return fmt.Errorf("store: register %q: reserved or invalid name", k)
	}
	kindsMu.Lock()
	defer kindsMu.Unlock()
	if c, ok := kinds[k]; ok {
		if c != class {
			return fmt.Errorf("store: register %q: already registered with the %s key", k, c)
		}
		return nil
	}
	kinds[k] = class
	return nil
}

func kindClass(k Kind) (KeyClass, bool) {
	kindsMu.RLock()
	defer kindsMu.RUnlock()
	c, ok := kinds[k]
	return c, ok
}

// Kinds returns every registered kind, sorted.
func Kinds() []Kind {
	kindsMu.RLock()
	defer kindsMu.RUnlock()
	out := make([]Kind, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
