package session

import (
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/statistics"
)

// Store is the vault as a session uses it. *store.Vault gives one through
// FromVault; tests use sessiontest.Fake. Errors wrap the sentinels of
// errors.go.
type Store interface {
	// Unlock opens the key slot of user ("" = whichever slot the
	// passphrase opens). The caller wipes pass afterwards.
	Unlock(user string, pass []byte) error
	// Lock wipes the keys from memory.
	Lock()
	Unlocked() bool
	// User is who unlocked, with their role ("" when locked).
	User() (name string, role store.Role)
	// CanReadNotes: the unlocked user holds the notes key (supporter,
	// kompaan), not only the statistics key (coordinator).
	CanReadNotes() bool
	// Users lists the vault's users (names and roles).
	Users() ([]store.User, error)

	// Statistics counts the statistics records (the statistics key only)
	// and returns the report after disclosure control.
	Statistics(opt statistics.Options) (*statistics.Report, error)

	// Residents and IntakeHeaders list everything. Headers, not whole
	// intakes: a list of 100,000 must not decode notes and scans; each
	// header as a list keeps it (intake.Header.Listed).
	Residents() ([]intake.Resident, error)
	IntakeHeaders() ([]intake.Header, error)
	// IntakeIndex is the vault's intake index: each intake's header and
	// the names of who took part (the kompaan's list is made of it).
	IntakeIndex() ([]intake.IndexEntry, error)
	Resident(id string) (intake.Resident, error)
	Intake(id string) (intake.Intake, error)
	// SaveResident and SaveIntake write one record, sealed, at once, and
	// the access log entries given, in the same transaction.
	SaveResident(r intake.Resident, log ...store.LogEntry) error
	SaveIntake(in intake.Intake, log ...store.LogEntry) error
	// DeleteResident removes a resident record (a missing one is no
	// error), with the log entries given.
	DeleteResident(id string, log ...store.LogEntry) error

	// Log appends entries to the access log in one transaction.
	Log(entries ...store.LogEntry) error
	// FailedUnlock keeps a failed unlock (its time and the name typed)
	// for the access log: nobody holds a key at that moment.
	FailedUnlock(user string, at time.Time) error
	// AccessLog reads the access log, oldest first (supporters): every
	// entry, or with ids only those that may mention one of them (the
	// caller filters exactly).
	AccessLog(ids ...string) ([]store.LogEntry, error)
	// StatRecord reads one anonymised statistics record (for the
	// resident's access export: what is counted of them).
	StatRecord(id string) (intake.StatRecord, error)
	// Organisation is the organisation's name and phone number (a vault
	// setting, notes key), for the papers; the zero value when not set.
	Organisation() (store.Organisation, error)

	// EraseResident erases a resident (store.Tx.EraseResident) and writes
	// the log entries, in one transaction.
	EraseResident(id, reason string, at time.Time, log ...store.LogEntry) (store.Tombstone, error)
	// Privacy and SetPrivacy are the retention period and whether the
	// access export names users (a vault setting).
	Privacy() (store.Privacy, error)
	SetPrivacy(p store.Privacy, log ...store.LogEntry) (store.Privacy, error)
	// HomeStamp names the state of the residents and intakes
	// (store.Tx.HomeStamp); HomeList reads the kept first screen of home
	// into out with the stamp it was kept with and the vault's now (it is
	// the vault's when they are equal); SaveHomeList keeps one
	// when the vault's stamp is still the one given (kept false
	// otherwise). ErrNotFound: none kept, or no stamp.
	HomeStamp() ([32]byte, error)
	HomeList(out *HomeList) (kept, now [32]byte, err error)
	SaveHomeList(stamp [32]byte, hl HomeList) (kept bool, err error)

	// Compact rewrites the open vault's file without its freed pages (the
	// old bytes of what was erased or re-keyed stay there until then),
	// keeping it open and unlocked (store.Vault.Compact).
	Compact(progress func(done, total int64)) (store.CompactResult, error)
}

// FromVault adapts an open *store.Vault. cat is the catalogue with the
// local overrides: the statistics record written with each intake uses it.
func FromVault(v *store.Vault, cat *intake.Catalogue, now func() time.Time) Store {
	if now == nil {
		now = time.Now
	}
	return &vaultStore{v: v, cat: cat, now: now}
}

type vaultStore struct {
	v   *store.Vault
	cat *intake.Catalogue
	now func() time.Time
}

func (t *vaultStore) Unlock(user string, pass []byte) error { return t.v.Unlock(user, pass) }
func (t *vaultStore) Lock()                                 { t.v.Lock() }
func (t *vaultStore) Unlocked() bool                        { return t.v.Unlocked() }
func (t *vaultStore) User() (string, store.Role)            { return t.v.User() }
func (t *vaultStore) CanReadNotes() bool                    { return t.v.CanReadNotes() }
func (t *vaultStore) Users() ([]store.User, error)          { return t.v.Users() }

func (t *vaultStore) Statistics(opt statistics.Options) (*statistics.Report, error) {
	rep, _, err := statistics.Load(t.v, opt, t.cat)
	return rep, err
}

// Residents reads every resident on every core (store.ReadAll).
func (t *vaultStore) Residents() ([]intake.Resident, error) {
	var out []intake.Resident
	err := t.v.View(func(tx *store.Tx) error {
		var err error
		out, err = store.ReadAll[intake.Resident](tx, store.KindResident)
		return err
	})
	return out, err
}

// IntakeHeaders reads the headers as a list keeps them
// (intake.Header.Listed) from the vault's intake index (small binary
// entries, opened on every core), not from the intakes.
func (t *vaultStore) IntakeHeaders() ([]intake.Header, error) { return t.v.IntakeHeaders() }

func (t *vaultStore) IntakeIndex() ([]intake.IndexEntry, error) { return t.v.IntakeIndex() }

func (t *vaultStore) Resident(id string) (intake.Resident, error) {
	var r intake.Resident
	err := t.v.View(func(tx *store.Tx) error { return tx.Get(store.KindResident, id, &r) })
	return r, err
}

func (t *vaultStore) Intake(id string) (intake.Intake, error) {
	var in intake.Intake
	err := t.v.View(func(tx *store.Tx) error { return tx.Get(store.KindIntake, id, &in) })
	return in, err
}

func (t *vaultStore) SaveResident(r intake.Resident, log ...store.LogEntry) error {
	return t.v.Update(func(tx *store.Tx) error {
		if err := tx.Put(store.KindResident, r.ID, r); err != nil {
			return err
		}
		return appendLog(tx, log)
	})
}

func (t *vaultStore) DeleteResident(id string, log ...store.LogEntry) error {
	return t.v.Update(func(tx *store.Tx) error {
		if err := tx.Delete(store.KindResident, id); err != nil {
			return err
		}
		return appendLog(tx, log)
	})
}

func (t *vaultStore) SaveIntake(in intake.Intake, log ...store.LogEntry) error {
	return t.v.Update(func(tx *store.Tx) error {
		keepThroughSave(tx, in.ID, in.ResidentID, intake.DateOf(t.now()))
		if err := tx.SaveIntake(in, t.cat, t.now()); err != nil {
			return err
		}
		return appendLog(tx, log)
	})
}

func (t *vaultStore) Log(entries ...store.LogEntry) error {
	return t.v.Update(func(tx *store.Tx) error { return appendLog(tx, entries) })
}

func appendLog(tx *store.Tx, entries []store.LogEntry) error {
	return tx.AppendLogs(entries)
}

func (t *vaultStore) FailedUnlock(user string, at time.Time) error {
	return t.v.RecordFailedUnlock(user, at)
}

func (t *vaultStore) AccessLog(ids ...string) ([]store.LogEntry, error) {
	var out []store.LogEntry
	err := t.v.View(func(tx *store.Tx) error {
		return tx.ForEachLogMentioning(ids, func(e store.LogEntry) error { out = append(out, e); return nil })
	})
	return out, err
}

func (t *vaultStore) Organisation() (store.Organisation, error) { return t.v.Organisation() }

func (t *vaultStore) HomeStamp() ([32]byte, error) { return t.v.HomeStamp() }
func (t *vaultStore) HomeList(out *HomeList) (kept, now [32]byte, err error) {
	return t.v.HomeList(out)
}
func (t *vaultStore) SaveHomeList(stamp [32]byte, hl HomeList) (bool, error) {
	return t.v.PutHomeList(stamp, HomeListVersion, hl)
}

func (t *vaultStore) EraseResident(id, reason string, at time.Time, log ...store.LogEntry) (store.Tombstone, error) {
	var out store.Tombstone
	err := t.v.Update(func(tx *store.Tx) error {
		var err error
		if out, err = tx.EraseResident(id, reason, at); err != nil {
			return err
		}
		return appendLog(tx, log)
	})
	return out, err
}

func (t *vaultStore) Privacy() (store.Privacy, error) { return t.v.Privacy() }

func (t *vaultStore) Compact(progress func(done, total int64)) (store.CompactResult, error) {
	return t.v.Compact(progress)
}

func (t *vaultStore) SetPrivacy(p store.Privacy, log ...store.LogEntry) (store.Privacy, error) {
	return t.v.SetPrivacy(p, t.now(), log...)
}

func (t *vaultStore) StatRecord(id string) (intake.StatRecord, error) {
	var rec intake.StatRecord
	err := t.v.View(func(tx *store.Tx) error { return tx.Get(store.KindStat, id, &rec) })
	return rec, err
}
