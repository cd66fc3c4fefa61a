package tui

import (
	"fmt"
	"sync"
	"time"
)

// fakeVault is an in-memory Vault for tests.
type fakeVault struct {
	mu        sync.Mutex
	users     map[string]string // name → passphrase
	user      string
	unlocked  bool
	residents []ResidentRow
	intakes   []IntakeRow
	details   map[string]IntakeDetail
	unlocks   int
	locks     int
}

func newFakeVault() *fakeVault {
	return &fakeVault{users: map[string]string{"anna": "correct horse battery"}, details: map[string]IntakeDetail{}}
}

func (f *fakeVault) Unlock(user string, pass []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.unlocks++
	if p, ok := f.users[user]; !ok || p != string(pass) {
		return fmt.Errorf("unlock: %w", ErrWrongPassphrase)
	}
	f.user, f.unlocked = user, true
	return nil
}

func (f *fakeVault) Lock() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.locks++
	f.user, f.unlocked = "", false
}

func (f *fakeVault) Unlocked() bool { f.mu.Lock(); defer f.mu.Unlock(); return f.unlocked }
func (f *fakeVault) User() string   { f.mu.Lock(); defer f.mu.Unlock(); return f.user }

func (f *fakeVault) Users() ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for u := range f.users {
		out = append(out, u)
	}
	return out, nil
}

func (f *fakeVault) Residents() ([]ResidentRow, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.unlocked {
		return nil, ErrLocked
	}
	return f.residents, nil
}

func (f *fakeVault) Intakes() ([]IntakeRow, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.unlocked {
		return nil, ErrLocked
	}
	return f.intakes, nil
}

func (f *fakeVault) Intake(id string) (IntakeDetail, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.unlocked {
		return IntakeDetail{}, ErrLocked
	}
	d, ok := f.details[id]
	if !ok {
		return IntakeDetail{}, fmt.Errorf("intake %s: not found", id)
	}
	return d, nil
}

var day0 = time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC)

// sampleVault has a few residents and intakes, one with a hostile name.
func sampleVault() *fakeVault {
	f := newFakeVault()
	f.residents = []ResidentRow{
		{ID: "r1", Pseudonym: "Jan de Vries", Created: day0.AddDate(0, 0, -30)},
		{ID: "r2", Pseudonym: "Fatima Özdemir", Created: day0.AddDate(0, 0, -20)},
		{ID: "r3", Pseudonym: "Piet\x1b]0;pwned\x07 Bakker", Created: day0.AddDate(0, 0, -10)},
		{ID: "r4", Pseudonym: "Marieke Jansen", Created: day0.AddDate(0, 0, -2)},
	}
	f.intakes = []IntakeRow{
		{ID: "i1", ResidentID: "r1", Status: StatusDraft, Updated: day0, Location: "Bibliotheek Centrum"},
		{ID: "i2", ResidentID: "r2", Status: StatusOpen, Updated: day0.AddDate(0, 0, -1), Location: "Daklozenopvang"},
		{ID: "i3", ResidentID: "r3", Status: StatusClosed, Updated: day0.AddDate(0, 0, -5), Location: "Buurthuis"},
	}
	f.details["i1"] = IntakeDetail{
		ID: "i1", Resident: "Jan de Vries", Status: StatusDraft, Updated: day0,
		Question:  "Ik krijg steeds brieven en ik snap ze niet.",
		Clarified: "Mijn vraag is: wie helpt mij mijn post te lezen en mijn schulden op een rij te zetten?",
		Agreements: []Agreement{
			{Who: "Jan", What: "neemt alle brieven mee", When: "di 17-03"},
			{Who: "Cliëntondersteuner", What: "belt de schuldhulp", When: "vr 20-03"},
		},
		Notes: []Note{{Author: "anna", At: day0, Text: "GEHEIME NOTITIE: mogelijk beslag op loon"}},
	}
	return f
}

// bigVault has n residents, each with one intake, for the benchmark.
func bigVault(n int) *fakeVault {
	f := newFakeVault()
	first := []string{"Jan", "Fatima", "Piet", "Marieke", "Mohamed", "Sanne", "Kees", "Aylin", "Wim", "Noor", "Daan", "Esra"}
	last := []string{"de Vries", "Özdemir", "Bakker", "Jansen", "el Amrani", "Visser", "Smit", "Yilmaz", "de Boer", "Mulder"}
	places := []string{"Bibliotheek", "Daklozenopvang", "Buurthuis", "Wijkcentrum"}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("r%05d", i)
		f.residents = append(f.residents, ResidentRow{ID: id,
			Pseudonym: fmt.Sprintf("%s %s %d", first[i%len(first)], last[(i/len(first))%len(last)], i),
			Created:   day0.Add(-time.Duration(i) * time.Hour)})
		f.intakes = append(f.intakes, IntakeRow{ID: "i" + id, ResidentID: id, Status: IntakeStatus(i % 3),
			Updated: day0.Add(-time.Duration(i) * time.Minute), Location: places[i%len(places)]})
	}
	return f
}
