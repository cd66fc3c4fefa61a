package office_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

func TestMain(m *testing.M) {
	time.Local = time.UTC // the frames show local times
	os.Exit(m.Run())
}

var now = time.Date(2026, 11, 27, 10, 30, 0, 0, time.UTC)

func clock() time.Time { return now }

const pass = sessiontest.VaultPass

// laptop is a real vault (bundles need one) with a session over it.
type laptop struct {
	v   *store.Vault
	s   *session.Session
	ctx *common.Context
}

func newLaptop(t *testing.T, name, lang string) *laptop {
	t.Helper()
	s, v := sessiontest.Vault(t, "anna", lang, clock)
	if err := s.SetLaptopName(name); err != nil {
		t.Fatal(err)
	}
	return &laptop{v: v, s: s, ctx: screentest.Context(s, lang, clock)}
}

// fill adds residents with one conversation each, with consent to hand
// over, and one conversation without it; it returns the residents' IDs.
func (l *laptop) fill(t *testing.T, names ...string) []string {
	t.Helper()
	cat := intake.DefaultCatalogue()
	at := now.Add(-24 * time.Hour)
	var ids []string
	err := l.v.Update(func(tx *store.Tx) error {
		for i, name := range append(names, "Zonder Toestemming") {
			r := intake.NewResident(name, at)
			if err := tx.Put(store.KindResident, r.ID, r); err != nil {
				return err
			}
			in := intake.NewIntake(at)
			in.ResidentID, in.Status, in.OwnWords = r.ID, intake.StatusOpen, fmt.Sprintf("woorden %d", i)
			scopes := []intake.ConsentScope{intake.ScopeNotes, intake.ScopeHandover}
			if i == len(names) {
				scopes = scopes[:1]
			} else {
				ids = append(ids, r.ID)
			}
			in.Consent = intake.Consent{Given: true, Scopes: scopes, At: at}
			if err := tx.SaveIntake(in, cat, at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func (l *laptop) settings(t *testing.T) session.Settings {
	t.Helper()
	set, err := l.s.Settings()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// register registers the laptop from in l's list.
func (l *laptop) register(t *testing.T, from *laptop, name string) {
	t.Helper()
	pub, _, err := from.s.LaptopSelf()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.s.AddLaptop(name, string(pub)); err != nil {
		t.Fatal(err)
	}
}

func (l *laptop) count(t *testing.T) (residents, intakes int) {
	t.Helper()
	_ = l.v.View(func(tx *store.Tx) error {
		residents, intakes = tx.Count(store.KindResident), tx.Count(store.KindIntake)
		return nil
	})
	return
}

// mask puts "xxx" and spaces, as wide as what they replace, in place of
// what is random in a frame (keys, their numbers and fingerprints,
// folders), so it can be a golden file: a folder of another length then
// gives the same frame, as a field pads its value to its width.
func mask(frame string, random ...string) string {
	for _, r := range random {
		if n := len([]rune(r)); n >= 3 {
			frame = strings.ReplaceAll(frame, r, "xxx"+strings.Repeat(" ", n-3))
		}
	}
	return frame
}

func listFiles(t *testing.T, dir string) []string { t.Helper(); return sessiontest.Files(t, dir) }

// fixed puts "xxx" in place of random text that is not in a field (a
// key's number, which is shorter when it starts with zeros).
func fixed(frame string, random ...string) string {
	for _, r := range random {
		if r != "" {
			frame = strings.ReplaceAll(frame, r, "xxx")
		}
	}
	return frame
}
