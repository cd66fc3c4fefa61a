package export_test

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/statistics"
	"github.com/spreekuur/spreekuur/tui/common"
)

var now = time.Date(2026, 3, 27, 10, 30, 0, 0, time.UTC)

func clock() time.Time { return now }

// Users of the fake vault and their passphrases.
const (
	anna  = "anna" // supporter
	kees  = "kees" // kompaan who sat in on jansConversation
	carla = "carla"
)

var passes = map[string]string{anna: "correct horse battery", kees: "kompaan aan tafel", carla: "stille kracht lamp"}

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
	sess := session.New(st, nil, clock, lang)
	if err := sess.Unlock(user, []byte(passes[user])); err != nil {
		t.Fatal(err)
	}
	return common.NewContext(sess, common.NewTheme(true, false, true), lang, clock), st
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

// run delivers the results of cmd to s, as Bubble Tea would. Timers (a
// blinking cursor) are not run. Navigation messages are returned, not
// delivered.
func run(t *testing.T, s common.Screen, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	return drain(t, s, cmd, 0)
}

func press(t *testing.T, s common.Screen, keys ...string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, k := range keys {
		out = append(out, drain(t, s, s.Update(keyMsg(k)), 0)...)
	}
	return out
}

func typeText(t *testing.T, s common.Screen, text string) {
	t.Helper()
	for _, r := range text {
		drain(t, s, s.Update(tea.KeyPressMsg{Code: r, Text: string(r)}), 0)
	}
}

var commonPkg = reflect.TypeOf(common.GoHomeMsg{}).PkgPath()

func drain(t *testing.T, s common.Screen, cmd tea.Cmd, depth int) []tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	if depth > 20 {
		t.Fatal("commands do not settle")
	}
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	if strings.Contains(name, "cursor.(*Model).Blink") || strings.Contains(name, "bubbletea/v2.Tick") {
		return nil
	}
	switch m := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range m {
			out = append(out, drain(t, s, c, depth+1)...)
		}
		return out
	default:
		if reflect.TypeOf(m).PkgPath() == commonPkg {
			return []tea.Msg{m}
		}
		return drain(t, s, s.Update(m), depth+1)
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	codes := map[string]tea.Key{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "space": {Code: tea.KeySpace, Text: " "},
		"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight},
		"backspace": {Code: tea.KeyBackspace}, "f6": {Code: tea.KeyF6},
		"ctrl+u": {Code: 'u', Mod: tea.ModCtrl},
	}
	if c, ok := codes[k]; ok {
		return tea.KeyPressMsg(c)
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// typePath puts path in the file field (the last one).
func typePath(t *testing.T, s common.Screen, path string) {
	t.Helper()
	press(t, s, "down", "down", "down", "ctrl+u")
	typeText(t, s, path)
}

func plain(s common.Screen) string { return ansi.Strip(s.View()) }

// joined is a frame's text with its lines joined and spaces squeezed, so
// a wrapped sentence reads as one.
func joined(frame string) string { return strings.Join(strings.Fields(frame), " ") }

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

// frame is the screen as the app draws it at 80×24 (tui/app): the header
// line, the body, the help line with the global keys; ANSI stripped.
func frame(ctx *common.Context, s common.Screen) string {
	left, right := " "+ctx.Text(common.TAppName)+" · "+s.Title(), ctx.S.User()+" "
	header := left + strings.Repeat(" ", 80-ansi.StringWidth(left)-ansi.StringWidth(right)) + right
	g := common.Global(ctx.Lang)
	help := common.HelpLine(ctx.Theme, s.Keys(), []key.Binding{g.Help, g.Lock, g.Quit}, 80)
	return ansi.Strip(header + "\n" + common.Fit(s.View(), 80, 22) + "\n" + help)
}

// requireGolden checks the frame fits 80×24 and matches testdata/<test>.golden.
func requireGolden(t *testing.T, f string) {
	t.Helper()
	lines := strings.Split(f, "\n")
	if len(lines) != 24 {
		t.Errorf("frame has %d lines, want 24", len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %d is %d cells wide: %q", i+1, w, l)
		}
	}
	golden.RequireEqual(t, f)
}
