// Package sessiontest is an in-memory session.Store for tests of the
// session and of the screens: users with passphrases and roles, records in
// memory, counters, and failures on demand (a full disk).
package sessiontest

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/statistics"
)

// Fake is an in-memory store. Its fields may be set before use; lock Mu to
// read them while the store is in use.
type Fake struct {
	Mu          sync.Mutex
	Passphrases map[string]string     // name → passphrase
	Roles       map[string]store.Role // name → role (default supporter)
	user        string
	unlocked    bool
	Stored      []intake.Resident // resident records
	Records     []intake.Intake   // intakes
	Unlocks     int
	Locks       int
	Saves       int
	IntakeReads int // whole intakes read (Intake)
	Compactions int // Compact calls

	// Report is what Statistics returns (StatsErr fails it); StatsOpts
	// records the options of each call.
	Report    *statistics.Report
	StatsErr  error
	StatsOpts []statistics.Options
	// NotesRead, when set, is called on every read of residents or
	// intakes (a test can fail there).
	NotesRead func(what string)
	// ReadErrs fails a read of residents ("Residents") or of intakes
	// ("Intakes") with the error given.
	ReadErrs map[string]error
	// SaveFails: the next that many saves (intake or resident) fail with
	// SaveErr (default: the disk is full).
	SaveFails int
	SaveErr   error

	// Entries is the access log, in order; Failed the failed unlocks kept
	// (the names typed). LogErr, when set, fails every write to the log
	// (and the save it comes with).
	Entries []store.LogEntry
	Failed  []string
	LogErr  error

	// Org is what Organisation returns; Priv what Privacy returns;
	// Tombstones the residents erased.
	Org        store.Organisation
	Priv       store.Privacy
	Tombstones []store.Tombstone

	// Home is home's kept first screen as JSON (nil: none), HomeStamped
	// the stamp it was kept with, HomeKeeps how many times one was kept.
	Home        []byte
	HomeStamped [32]byte
	HomeKeeps   int
}

var _ session.Store = (*Fake)(nil)

// ErrDiskFull is the default save failure: what the system says when
// the disk is full.
var ErrDiskFull = fmt.Errorf("write spreekuur.db: %w", syscall.ENOSPC)

// New returns a store with one supporter, anna, passphrase "correct horse battery".
func New() *Fake {
	return &Fake{Passphrases: map[string]string{"anna": "correct horse battery"}, Roles: map[string]store.Role{}}
}

// AddUser adds a user with a role.
func (f *Fake) AddUser(name, pass string, role store.Role) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.Passphrases[name] = pass
	f.Roles[name] = role
}

func (f *Fake) Unlock(user string, pass []byte) error {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.Unlocks++
	for name, p := range f.Passphrases {
		if (user == "" || strings.EqualFold(user, name)) && p == string(pass) {
			f.user, f.unlocked = name, true
			return nil
		}
	}
	return fmt.Errorf("unlock: %w", session.ErrWrongPassphrase)
}

func (f *Fake) Lock() {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.Locks++
	f.user, f.unlocked = "", false
}

func (f *Fake) Unlocked() bool { f.Mu.Lock(); defer f.Mu.Unlock(); return f.unlocked }

func (f *Fake) User() (string, store.Role) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if !f.unlocked {
		return "", ""
	}
	return f.user, f.role(f.user)
}

func (f *Fake) role(name string) store.Role {
	if r, ok := f.Roles[name]; ok && r != "" {
		return r
	}
	return store.RoleSupporter
}

func (f *Fake) CanReadNotes() bool {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	return f.unlocked && f.role(f.user) != store.RoleCoordinator
}

// Users lists the users with their roles.
func (f *Fake) Users() ([]store.User, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	var out []store.User
	for name := range f.Passphrases {
		out = append(out, store.User{Name: name, Role: f.role(name)})
	}
	slices.SortFunc(out, func(a, b store.User) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

func (f *Fake) Statistics(opt statistics.Options) (*statistics.Report, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if !f.unlocked {
		return nil, session.ErrLocked
	}
	f.StatsOpts = append(f.StatsOpts, opt)
	if f.StatsErr != nil {
		return nil, f.StatsErr
	}
	if f.Report == nil {
		return &statistics.Report{Threshold: 10, MinN: 10}, nil
	}
	return f.Report, nil
}

// readNotes is called (locked) by every read of personal records.
func (f *Fake) readNotes(what string) error {
	if f.NotesRead != nil {
		f.NotesRead(what)
	}
	if err := f.ReadErrs[what]; err != nil {
		return err
	}
	if !f.unlocked {
		return session.ErrLocked
	}
	if f.role(f.user) == store.RoleCoordinator {
		return session.ErrNoAccess
	}
	return nil
}

func (f *Fake) failSave() error {
	if f.SaveFails > 0 {
		f.SaveFails--
		if f.SaveErr != nil {
			return f.SaveErr
		}
		return ErrDiskFull
	}
	return nil
}

func (f *Fake) Residents() ([]intake.Resident, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if err := f.readNotes("Residents"); err != nil {
		return nil, err
	}
	return slices.Clone(f.Stored), nil
}

func (f *Fake) IntakeHeaders() ([]intake.Header, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if err := f.readNotes("Intakes"); err != nil {
		return nil, err
	}
	out := make([]intake.Header, len(f.Records))
	for i, in := range f.Records {
		out[i] = in.Header().Listed()
	}
	return out, nil
}

func (f *Fake) IntakeIndex() ([]intake.IndexEntry, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if err := f.readNotes("Intakes"); err != nil {
		return nil, err
	}
	out := make([]intake.IndexEntry, len(f.Records))
	for i, in := range f.Records {
		out[i] = in.IndexEntry()
	}
	return out, nil
}

func (f *Fake) Resident(id string) (intake.Resident, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if err := f.readNotes("Resident"); err != nil {
		return intake.Resident{}, err
	}
	for _, r := range f.Stored {
		if r.ID == id {
			return r, nil
		}
	}
	return intake.Resident{}, session.ErrNotFound
}

func (f *Fake) Intake(id string) (intake.Intake, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.IntakeReads++
	if err := f.readNotes("Intake"); err != nil {
		return intake.Intake{}, err
	}
	for _, in := range f.Records {
		if in.ID == id {
			return in, nil
		}
	}
	return intake.Intake{}, session.ErrNotFound
}

func (f *Fake) SaveResident(r intake.Resident, log ...store.LogEntry) error {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if err := f.readNotes("SaveResident"); err != nil {
		return err
	}
	if err := f.failSave(); err != nil {
		return err
	}
	if err := f.appendLog(log); err != nil {
		return err
	}
	f.Saves++
	for i := range f.Stored {
		if f.Stored[i].ID == r.ID {
			f.Stored[i] = r
			return nil
		}
	}
	f.Stored = append(f.Stored, r)
	return nil
}

func (f *Fake) DeleteResident(id string, log ...store.LogEntry) error {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if err := f.readNotes("DeleteResident"); err != nil {
		return err
	}
	if err := f.appendLog(log); err != nil {
		return err
	}
	f.Saves++
	f.Stored = slices.DeleteFunc(f.Stored, func(r intake.Resident) bool { return r.ID == id })
	return nil
}

func (f *Fake) SaveIntake(in intake.Intake, log ...store.LogEntry) error {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if err := f.readNotes("SaveIntake"); err != nil {
		return err
	}
	if err := f.failSave(); err != nil {
		return err
	}
	if errs := in.CheckSafe(time.Now().Add(24 * time.Hour)); len(errs) > 0 {
		return fmt.Errorf("fake: refused an unsafe intake: %w", errs)
	}
	if err := f.appendLog(log); err != nil {
		return err
	}
	f.Saves++
	for i := range f.Records {
		if f.Records[i].ID == in.ID {
			f.Records[i] = in
			return nil
		}
	}
	f.Records = append(f.Records, in)
	return nil
}

// IntakeByID returns a stored intake (for assertions).
func (f *Fake) IntakeByID(id string) (intake.Intake, bool) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	for _, in := range f.Records {
		if in.ID == id {
			return in, true
		}
	}
	return intake.Intake{}, false
}

// StatRecord: the fake keeps no statistics records.
func (f *Fake) StatRecord(string) (intake.StatRecord, error) {
	return intake.StatRecord{}, session.ErrNotFound
}

// appendLog keeps entries as the vault would (numbered from 1); f.Mu held.
func (f *Fake) appendLog(entries []store.LogEntry) error {
	if len(entries) > 0 && f.LogErr != nil {
		return f.LogErr
	}
	for _, e := range entries {
		e.Seq = uint64(len(f.Entries) + 1)
		e.Device = "fake"
		f.Entries = append(f.Entries, e)
	}
	return nil
}

// Log appends to the access log.
func (f *Fake) Log(entries ...store.LogEntry) error {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if !f.unlocked {
		return session.ErrLocked
	}
	return f.appendLog(entries)
}

// FailedUnlock keeps the name typed.
func (f *Fake) FailedUnlock(user string, _ time.Time) error {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	f.Failed = append(f.Failed, user)
	return nil
}

// AccessLog returns the log (supporters); ids are a hint the fake ignores.
func (f *Fake) AccessLog(...string) ([]store.LogEntry, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if !f.unlocked {
		return nil, session.ErrLocked
	}
	if f.role(f.user) != store.RoleSupporter {
		return nil, session.ErrNoAccess
	}
	return slices.Clone(f.Entries), nil
}

// Actions lists the action of every entry of the log, for assertions.
func (f *Fake) Actions() []string {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	out := make([]string, len(f.Entries))
	for i, e := range f.Entries {
		out[i] = e.Action
	}
	return out
}

// Organisation returns Org (locked: ErrLocked).
func (f *Fake) Organisation() (store.Organisation, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if !f.unlocked {
		return store.Organisation{}, session.ErrLocked
	}
	return f.Org, nil
}

// Compact counts a compaction (Compactions); the fake has no file.
func (f *Fake) Compact(progress func(done, total int64)) (store.CompactResult, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if !f.unlocked {
		return store.CompactResult{}, session.ErrLocked
	}
	if err := f.failSave(); err != nil {
		return store.CompactResult{}, err
	}
	f.Compactions++
	if progress != nil {
		progress(1, 1)
	}
	return store.CompactResult{Before: 2, After: 1}, nil
}

// EraseResident removes the resident and their intakes and keeps a
// tombstone, as the vault does (supporters).
func (f *Fake) EraseResident(id, reason string, at time.Time, log ...store.LogEntry) (store.Tombstone, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if err := f.readNotes("EraseResident"); err != nil {
		return store.Tombstone{}, err
	}
	if f.role(f.user) != store.RoleSupporter {
		return store.Tombstone{}, session.ErrNotPermitted
	}
	if !slices.ContainsFunc(f.Stored, func(r intake.Resident) bool { return r.ID == id }) {
		return store.Tombstone{}, session.ErrNotFound
	}
	if err := f.failSave(); err != nil {
		return store.Tombstone{}, err
	}
	if err := f.appendLog(log); err != nil {
		return store.Tombstone{}, err
	}
	t := store.Tombstone{V: store.TombstoneVersion, Resident: id, Erased: at.UTC().Truncate(time.Second), Reason: reason, Device: "fake"}
	f.Records = slices.DeleteFunc(f.Records, func(in intake.Intake) bool {
		if in.ResidentID == id {
			t.Intakes = append(t.Intakes, in.ID)
			return true
		}
		return false
	})
	slices.Sort(t.Intakes)
	f.Stored = slices.DeleteFunc(f.Stored, func(r intake.Resident) bool { return r.ID == id })
	f.Tombstones = append(f.Tombstones, t)
	f.Saves++
	return t, nil
}

// Privacy returns Priv.
func (f *Fake) Privacy() (store.Privacy, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if !f.unlocked {
		return store.Privacy{}, session.ErrLocked
	}
	return f.Priv, nil
}

// SetPrivacy keeps p (supporters).
func (f *Fake) SetPrivacy(p store.Privacy, log ...store.LogEntry) (store.Privacy, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if !f.unlocked {
		return store.Privacy{}, session.ErrLocked
	}
	if f.role(f.user) != store.RoleSupporter {
		return store.Privacy{}, session.ErrNotPermitted
	}
	if err := f.appendLog(log); err != nil {
		return store.Privacy{}, err
	}
	p.ChangedBy = f.user
	f.Priv = p
	return p, nil
}

// HomeStamp is a hash of the residents and intakes as they are now, so a
// change made through the fields changes it too.
func (f *Fake) HomeStamp() ([32]byte, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if !f.unlocked {
		return [32]byte{}, session.ErrLocked
	}
	return f.stamp(), nil
}

func (f *Fake) stamp() [32]byte {
	h := sha256.New()
	_ = json.NewEncoder(h).Encode(f.Stored)
	_ = json.NewEncoder(h).Encode(f.Records)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// HomeList decodes Home into out, with the stamp it was kept with.
func (f *Fake) HomeList(out *session.HomeList) (kept, now [32]byte, err error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if err := f.readNotes("HomeList"); err != nil {
		return kept, now, err
	}
	if f.Home == nil {
		return kept, f.stamp(), session.ErrNotFound
	}
	return f.HomeStamped, f.stamp(), json.Unmarshal(f.Home, out)
}

// SaveHomeList keeps hl in Home when stamp is the residents' and
// intakes' now.
func (f *Fake) SaveHomeList(stamp [32]byte, hl session.HomeList) (bool, error) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if err := f.readNotes("SaveHomeList"); err != nil {
		return false, err
	}
	if stamp != f.stamp() {
		return false, nil
	}
	b, err := json.Marshal(hl)
	if err != nil {
		return false, err
	}
	f.Home, f.HomeStamped = b, stamp
	f.HomeKeeps++
	return true, nil
}
