package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store/statistics"
)

// fakeVault is an in-memory Vault for tests.
type fakeVault struct {
	mu        sync.Mutex
	users     map[string]string // name → passphrase
	user      string
	unlocked  bool
	residents []intake.Resident
	intakes   []intake.Intake
	unlocks   int
	locks     int
	saves     int

	// Statistics: coordinators hold only the statistics key; report is
	// what Statistics returns (statsErr fails it); statsOpts records the
	// options of each call. notesRead, when set, is called on every read
	// of residents or intakes (a test can fail there).
	coordinators map[string]bool
	kompaans     map[string]bool
	report       *statistics.Report
	statsErr     error
	statsOpts    []statistics.Options
	notesRead    func(what string)

	// intakeSaveFails: the next that many SaveIntake calls fail with
	// errSaveFailed (a full disk, say).
	intakeSaveFails int
}

var errSaveFailed = errors.New("fake: write failed")

func newFakeVault() *fakeVault {
	return &fakeVault{users: map[string]string{"anna": "correct horse battery"}}
}

func (f *fakeVault) Unlock(user string, pass []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.unlocks++
	for name, p := range f.users {
		if (user == "" || strings.EqualFold(user, name)) && p == string(pass) {
			f.user, f.unlocked = name, true
			return nil
		}
	}
	return fmt.Errorf("unlock: %w", ErrWrongPassphrase)
}

func (f *fakeVault) Lock() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.locks++
	f.user, f.unlocked = "", false
}

func (f *fakeVault) Unlocked() bool { f.mu.Lock(); defer f.mu.Unlock(); return f.unlocked }
func (f *fakeVault) User() string   { f.mu.Lock(); defer f.mu.Unlock(); return f.user }

func (f *fakeVault) Role() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case !f.unlocked:
		return ""
	case f.coordinators[f.user]:
		return "coordinator"
	case f.kompaans[f.user]:
		return "kompaan"
	}
	return "supporter"
}

func (f *fakeVault) CanReadNotes() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.unlocked && !f.coordinators[f.user]
}

func (f *fakeVault) Statistics(opt statistics.Options) (*statistics.Report, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.unlocked {
		return nil, ErrLocked
	}
	f.statsOpts = append(f.statsOpts, opt)
	if f.statsErr != nil {
		return nil, f.statsErr
	}
	if f.report == nil {
		return &statistics.Report{Threshold: 10, MinN: 10}, nil
	}
	return f.report, nil
}

// readNotes is called (locked) by every read of personal records.
func (f *fakeVault) readNotes(what string) error {
	if f.notesRead != nil {
		f.notesRead(what)
	}
	if !f.unlocked {
		return ErrLocked
	}
	if f.coordinators[f.user] {
		return ErrNoAccess
	}
	return nil
}

func (f *fakeVault) Residents() ([]intake.Resident, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.readNotes("Residents"); err != nil {
		return nil, err
	}
	return append([]intake.Resident(nil), f.residents...), nil
}

func (f *fakeVault) IntakeHeaders() ([]intake.Header, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.readNotes("Intakes"); err != nil {
		return nil, err
	}
	return headersOf(f.intakes), nil
}

func headersOf(intakes []intake.Intake) []intake.Header {
	out := make([]intake.Header, len(intakes))
	for i, in := range intakes {
		out[i] = in.Header()
	}
	return out
}

func (f *fakeVault) Resident(id string) (intake.Resident, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.readNotes("Resident"); err != nil {
		return intake.Resident{}, err
	}
	for _, r := range f.residents {
		if r.ID == id {
			return r, nil
		}
	}
	return intake.Resident{}, ErrNotFound
}

func (f *fakeVault) Intake(id string) (intake.Intake, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.readNotes("Intake"); err != nil {
		return intake.Intake{}, err
	}
	for _, in := range f.intakes {
		if in.ID == id {
			return in, nil
		}
	}
	return intake.Intake{}, ErrNotFound
}

func (f *fakeVault) SaveResident(r intake.Resident) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.unlocked {
		return ErrLocked
	}
	f.saves++
	for i := range f.residents {
		if f.residents[i].ID == r.ID {
			f.residents[i] = r
			return nil
		}
	}
	f.residents = append(f.residents, r)
	return nil
}

func (f *fakeVault) DeleteResident(id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.readNotes("DeleteResident"); err != nil {
		return err
	}
	f.saves++
	f.residents = slices.DeleteFunc(f.residents, func(r intake.Resident) bool { return r.ID == id })
	return nil
}

func (f *fakeVault) SaveIntake(in intake.Intake) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.unlocked {
		return ErrLocked
	}
	if f.intakeSaveFails > 0 {
		f.intakeSaveFails--
		return errSaveFailed
	}
	f.saves++
	for i := range f.intakes {
		if f.intakes[i].ID == in.ID {
			f.intakes[i] = in
			return nil
		}
	}
	f.intakes = append(f.intakes, in)
	return nil
}

var day0 = time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC)

// sampleVault has a few residents and intakes, one with a hostile name.
func sampleVault() *fakeVault {
	f := newFakeVault()
	f.residents = []intake.Resident{
		{ID: "r1", Pseudonym: "Jan de Vries", Created: day0.AddDate(0, 0, -30)},
		{ID: "r2", Pseudonym: "Fatima Özdemir", Created: day0.AddDate(0, 0, -20)},
		{ID: "r3", Pseudonym: "Piet\x1b]0;pwned\x07 Bakker", Created: day0.AddDate(0, 0, -10)},
		{ID: "r4", Pseudonym: "Marieke Jansen", Created: day0.AddDate(0, 0, -2)},
	}
	loc := func(i int) intake.LocationCode {
		c := intake.DefaultCatalogue()
		return c.Locations[i%len(c.Locations)].Code
	}
	f.intakes = []intake.Intake{
		{ID: "i1", ResidentID: "r1", Status: intake.StatusDraft, Updated: day0, Location: loc(0),
			Created:           day0.AddDate(0, 0, -1),
			Consent:           intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: day0.AddDate(0, 0, -1)},
			OwnWords:          "Ik krijg steeds brieven en ik snap ze niet.",
			ClarifiedQuestion: "Mijn vraag is: wie helpt mij mijn post te lezen en mijn schulden op een rij te zetten?",
			Agreements: []intake.Agreement{
				{Who: intake.PartyResident, What: "neemt alle brieven mee", By: intake.D(2026, 3, 17)},
				{Who: intake.PartySupporter, What: "belt de schuldhulp", By: intake.D(2026, 3, 20)},
			},
			Notes: []intake.Note{{Author: "anna", Role: intake.RoleSupporter, At: day0, Text: "GEHEIME NOTITIE: mogelijk beslag op loon"}},
		},
		{ID: "i2", ResidentID: "r2", Status: intake.StatusOpen, Updated: day0.AddDate(0, 0, -1), Location: loc(1)},
		{ID: "i3", ResidentID: "r3", Status: intake.StatusClosed, Updated: day0.AddDate(0, 0, -5), Location: loc(2)},
	}
	return f
}

// bigVault has n residents, each with one intake, for the benchmark.
func bigVault(n int) *fakeVault {
	f := newFakeVault()
	first := []string{"Jan", "Fatima", "Piet", "Marieke", "Mohamed", "Sanne", "Kees", "Aylin", "Wim", "Noor", "Daan", "Esra"}
	last := []string{"de Vries", "Özdemir", "Bakker", "Jansen", "el Amrani", "Visser", "Smit", "Yilmaz", "de Boer", "Mulder"}
	locs := intake.DefaultCatalogue().Locations
	statuses := []intake.Status{intake.StatusDraft, intake.StatusOpen, intake.StatusClosed}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("r%05d", i)
		f.residents = append(f.residents, intake.Resident{ID: id,
			Pseudonym: fmt.Sprintf("%s %s %d", first[i%len(first)], last[(i/len(first))%len(last)], i),
			Created:   day0.Add(-time.Duration(i) * time.Hour)})
		f.intakes = append(f.intakes, intake.Intake{ID: "i" + id, ResidentID: id, Status: statuses[i%3],
			Updated: day0.Add(-time.Duration(i) * time.Minute), Location: locs[i%len(locs)].Code})
	}
	return f
}
