package export_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/statistics"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

var now = time.Date(2026, 3, 27, 10, 30, 0, 0, time.UTC)

func clock() time.Time { return now }

// Users of the fake vault and their passphrases.
const (
	anna  = "anna" // supporter
	kees  = "kees" // kompaan who sat in on jansConversation
	carla = "carla"
)

var passes = map[string]string{anna: screentest.Pass, kees: "kompaan aan tafel", carla: "stille kracht lamp"}

// IDs as the vault makes them: long and random; the screen shows 8.
const (
	jan              = "5d1e0c7a9b3f4e21a8c6d2f0b7e49a13"
	fatima           = "c2b8e4f61a0d4c39b5e7f2a8d1c64e07"
	jansConversation = "7f3a9c1e5b2d4f60a1b2c3d4e5f60718"
	jansFirst        = "0b9e2d7c4a1f4e86b3d5c7a9e2f41c55"
	fatimasOne       = "e8d4a2c6b0f94d17a3e5c9b1d7f28a64"
)

const question = "Mijn vraag is: wie helpt mij mijn post te lezen en mijn schulden op een rij te zetten?"

// fixture is a vault with two residents: Jan with two conversations
// (kees sat in on the newer one), Fatima with one; and a statistics
// report with a hidden count.
func fixture() *sessiontest.Fake {
	st := sessiontest.New()
	st.AddUser(kees, passes[kees], store.RoleKompaan)
	st.AddUser(carla, passes[carla], store.RoleCoordinator)
	day := now.AddDate(0, 0, -1)
	consent := intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: day}
	st.Stored = []intake.Resident{
		{ID: jan, Pseudonym: "Jan de Vries", Created: day.AddDate(0, -2, 0)},
		{ID: fatima, Pseudonym: "Fatima Özdemir", Created: day.AddDate(0, -1, 0)},
	}
	st.Records = []intake.Intake{
		{ID: jansConversation, ResidentID: jan, Status: intake.StatusOpen, Created: day, Updated: day, Consent: consent,
			Presence:          intake.Presence{Supporter: anna, Kompaan: true, KompaanName: kees},
			OwnWords:          "Ik krijg steeds brieven en ik snap ze niet.",
			ClarifiedQuestion: question,
			Agreements:        []intake.Agreement{{Who: intake.PartyResident, What: "neemt alle brieven mee", By: intake.D(2026, 4, 3)}},
			Notes:             []intake.Note{{Author: anna, Role: intake.RoleSupporter, At: day, Text: "Notitie: beslag op loon?"}}},
		{ID: jansFirst, ResidentID: jan, Status: intake.StatusClosed, Created: day.AddDate(0, -2, 0), Updated: day.AddDate(0, -2, 0),
			Consent: consent, OwnWords: "Mijn huur is te hoog."},
		{ID: fatimasOne, ResidentID: fatima, Status: intake.StatusOpen, Created: day, Updated: day, Consent: consent,
			OwnWords: "Ik zoek werk."},
	}
	tt := intake.T
	st.Report = &statistics.Report{From: "2026-01", To: "2026-03", Threshold: 10, MinN: 10,
		Tables: []statistics.Table{{ID: "location", Title: tt("Locatie", "Location"), Category: tt("Locatie", "Location"),
			Columns: []statistics.Column{{Key: "intakes", Label: tt("Intakes", "Intakes")}},
			Rows: []statistics.Row{
				{Key: "bieb", Label: tt("Bibliotheek", "Library"), Cells: []statistics.Cell{{N: 40}}},
				{Key: "buurthuis", Label: tt("Buurthuis", "Community centre"), Cells: []statistics.Cell{{Hidden: statistics.Small}}},
			}}}}
	return st
}

// newContext unlocks the fixture as user; HOME is an empty folder, so the
// suggested files go to ~/.
func newContext(t *testing.T, user, lang string) (*common.Context, *sessiontest.Fake) {
	t.Helper()
	t.Setenv("HOME", t.TempDir())
	st := fixture()
	return screentest.Context(screentest.Unlocked(t, st, nil, clock, lang, user, passes[user]), lang, clock), st
}

// back is the screen an export was opened from. It records what reaches
// it; after an unlock it "reads its data again" (a message of its own).
type back struct {
	msgs             []tea.Msg
	locked, unlocked int
}

type backLoadedMsg struct{}

func (b *back) Update(msg tea.Msg) tea.Cmd { b.msgs = append(b.msgs, msg); return nil }
func (b *back) View() string               { return "" }
func (b *back) Title() string              { return "back" }
func (b *back) Keys() []key.Binding        { return nil }
func (b *back) Typing() bool               { return false }
func (b *back) Locked()                    { b.locked++ }
func (b *back) Unlocked() tea.Cmd {
	b.unlocked++
	return func() tea.Msg { return backLoadedMsg{} }
}

// typePath puts path in the file field (the last one).
func typePath(t *testing.T, s common.Screen, path string) {
	t.Helper()
	screentest.Press(t, s, "down", "down", "down", "ctrl+u")
	screentest.TypeText(t, s, path)
}

// shownPath joins the lines under heading (a long path is cut into
// lines) into the path the screen shows.
func shownPath(t *testing.T, frame, heading string) string {
	t.Helper()
	lines := strings.Split(frame, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != heading {
			continue
		}
		var p strings.Builder
		for _, next := range lines[i+1:] {
			if !strings.HasPrefix(next, "    ") || strings.TrimSpace(next) == "" {
				break
			}
			p.WriteString(strings.TrimSpace(next))
		}
		return p.String()
	}
	t.Fatalf("no %q on screen:\n%s", heading, frame)
	return ""
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// noFiles fails if dir holds anything (an export left a file).
func noFiles(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("a file was left: %s", filepath.Join(dir, e.Name()))
	}
}
