package export_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/papers"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store/statistics"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/export"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

// TestGoldenExportPapers: the papers of a conversation, at 80×24. The
// suggested file name holds the conversation's short ID, never the
// resident's name; both kinds and formats are written, 0600, where asked;
// a typed name keeps its folder when the format changes.
func TestGoldenExportPapers(t *testing.T) {
	ctx, _ := newContext(t, anna, "nl")
	b := &back{}
	s := export.Papers(ctx, b, jansConversation, "")
	s.Update(common.SizeMsg{Width: 80, Height: 22})
	f := screentest.Frame(ctx, s)
	if !strings.Contains(f, "~/spreekuur-7f3a9c1e-blad.pdf") || strings.Contains(f, "Jan") || strings.Contains(f, "Vries") {
		t.Errorf("suggested file name:\n%s", f)
	}
	t.Run("prompt", func(t *testing.T) { screentest.RequireGolden(t, f) })

	screentest.Press(t, s, "right") // the first field has the focus: the kind
	if f := screentest.Plain(s); !strings.Contains(f, "Persoonlijk plan (concept)") || !strings.Contains(f, "~/spreekuur-7f3a9c1e-plan.pdf") {
		t.Fatalf("the plan was not chosen, or the name did not follow:\n%s", f)
	}
	screentest.Press(t, s, "down", "right") // text
	if f := screentest.Plain(s); !strings.Contains(f, "~/spreekuur-7f3a9c1e-plan.txt") {
		t.Fatalf("the name did not follow the format:\n%s", f)
	}
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.txt")
	screentest.Press(t, s, "down", "ctrl+u")
	screentest.TypeText(t, s, plan)
	if msgs := screentest.Press(t, s, "enter"); len(msgs) != 0 {
		t.Fatalf("enter sent %v", msgs)
	}
	f = screentest.Frame(ctx, s)
	if got := shownPath(t, f, "Opgeslagen in:"); got != plan {
		t.Errorf("screen shows %q, wrote %q", got, plan)
	}
	t.Run("written", func(t *testing.T) {
		// The temporary folder's name varies: shown as /TMP, lines trimmed.
		lines := strings.Split(strings.ReplaceAll(f, dir, "/TMP"), "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRight(l, " ")
		}
		screentest.RequireGolden(t, strings.Join(lines, "\n"))
	})
	if m := mode(t, plan); m != 0o600 {
		t.Errorf("mode %v, want 0600", m)
	}
	if data, _ := os.ReadFile(plan); !strings.Contains(string(data), "post te lezen") {
		t.Errorf("the plan does not hold the clarified question:\n%s", data)
	}

	screentest.Press(t, s, "up", "left") // back to PDF: the typed name keeps its folder, gets .pdf
	if f := screentest.Plain(s); !strings.Contains(f, filepath.Join(filepath.Base(dir), "plan.pdf")) || strings.Contains(f, "Opgeslagen in:") {
		t.Fatalf("typed name after changing the format:\n%s", f)
	}
	screentest.Press(t, s, "down", "enter")
	if data, _ := os.ReadFile(filepath.Join(dir, "plan.pdf")); !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Errorf("not a PDF: %.20q", data)
	}
	msgs := screentest.Press(t, s, "esc")
	if len(msgs) != 1 || msgs[0] != (common.ShowMsg{Screen: b, Back: true}) {
		t.Errorf("esc sent %v, want the screen it came from", msgs)
	}
	for _, m := range b.msgs {
		if p := reflect.TypeOf(m).PkgPath(); strings.HasPrefix(p, "charm.land/") {
			t.Errorf("a message of the form reached the screen behind: %T", m)
		}
	}
}

// TestNeverOverwritesWithoutYes: an existing file is replaced only after
// j (y in English); any other key keeps it, and stays on the dialog.
func TestNeverOverwritesWithoutYes(t *testing.T) {
	for _, tc := range []struct {
		lang, key string
		replace   bool
	}{
		{"nl", "j", true},
		{"nl", "J", true},
		{"nl", "y", false},
		{"nl", "n", false},
		{"nl", "esc", false},
		{"nl", "enter", false},
		{"nl", "space", false},
		{"en", "y", true},
		{"en", "j", false},
		{"en", "n", false},
	} {
		t.Run(tc.lang+" "+tc.key, func(t *testing.T) {
			ctx, _ := newContext(t, anna, tc.lang)
			s := export.Stats(ctx, nil, statistics.Options{})
			path := filepath.Join(t.TempDir(), "cijfers.csv")
			if err := os.WriteFile(path, []byte("keep me"), 0o644); err != nil {
				t.Fatal(err)
			}
			typePath(t, s, path)
			screentest.Press(t, s, "enter")
			f := screentest.Joined(screentest.Plain(s))
			question := map[string]string{"nl": "Het bestand bestaat al. Overschrijven?", "en": "The file already exists. Overwrite it?"}[tc.lang]
			if !strings.Contains(f, question) || !strings.Contains(f, ctx.Text(common.TConfirmHint)) || !strings.Contains(f, path) {
				t.Fatalf("no question before replacing:\n%s", screentest.Plain(s))
			}
			if data, _ := os.ReadFile(path); string(data) != "keep me" {
				t.Fatalf("changed before the answer: %q", data)
			}
			if msgs := screentest.Press(t, s, tc.key); len(msgs) != 0 {
				t.Errorf("%s sent %v", tc.key, msgs)
			}
			data, _ := os.ReadFile(path)
			if !tc.replace {
				if string(data) != "keep me" || mode(t, path) != 0o644 {
					t.Fatalf("%s replaced the file: %q %v", tc.key, data, mode(t, path))
				}
				if strings.Contains(screentest.Joined(screentest.Plain(s)), question) {
					t.Errorf("still asking after %s:\n%s", tc.key, screentest.Plain(s))
				}
				return
			}
			if !bytes.HasPrefix(data, []byte("\ufeff")) || !bytes.Contains(data, []byte("<10")) {
				t.Fatalf("not replaced by the statistics after %s: %q", tc.key, data)
			}
			if m := mode(t, path); m != 0o600 {
				t.Errorf("mode after replacing %v, want 0600", m)
			}
			heading := map[string]string{"nl": "Opgeslagen in:", "en": "Saved in:"}[tc.lang]
			if got := shownPath(t, screentest.Plain(s), heading); got != path {
				t.Errorf("screen shows %q, wrote %q", got, path)
			}
		})
	}
}

// TestStatsFormats: every format is written where typed, 0600, from the
// period the dashboard showed (an export fixes its figures: Publish); the
// suggested name follows the format.
func TestStatsFormats(t *testing.T) {
	opt := statistics.Options{Period: statistics.Period{Kind: statistics.PeriodQuarter, Year: 2026, N: 1}, Publish: true}
	for i, tc := range []struct {
		format, prefix string
		hidden         string // the hidden count as the format writes "<10"
	}{
		{"csv", "\ufeff", "<10"},
		{"html", "<!DOCTYPE html>", "&lt;10"},
		{"json", "{", `"display": "<10"`},
	} {
		t.Run(tc.format, func(t *testing.T) {
			ctx, st := newContext(t, carla, "nl")
			s := export.Stats(ctx, nil, opt)
			for range i {
				screentest.Press(t, s, "right")
			}
			if f := screentest.Plain(s); !strings.Contains(f, "~/spreekuur-statistiek-2026-03."+tc.format) {
				t.Fatalf("suggested name:\n%s", f)
			}
			path := filepath.Join(t.TempDir(), "cijfers."+tc.format)
			typePath(t, s, path)
			screentest.Press(t, s, "enter")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v\n%s", err, screentest.Plain(s))
			}
			if !bytes.HasPrefix(data, []byte(tc.prefix)) || !bytes.Contains(data, []byte(tc.hidden)) {
				t.Errorf("not the statistics as %s: %.60q", tc.format, data)
			}
			if m := mode(t, path); m != 0o600 {
				t.Errorf("mode %v, want 0600", m)
			}
			if got := st.StatsOpts[len(st.StatsOpts)-1]; got != opt {
				t.Errorf("counted %+v, want %+v", got, opt)
			}
		})
	}
}

// TestPapersKompaanRule: a kompaan makes papers only of conversations they
// took part in; a coordinator none. A refusal is a plain sentence and no
// file.
func TestPapersKompaanRule(t *testing.T) {
	for _, tc := range []struct {
		user, intakeID string
		refusal        error // nil: written
	}{
		{anna, jansConversation, nil},
		{anna, fatimasOne, nil},
		{kees, jansConversation, nil},
		{kees, fatimasOne, session.ErrNotYours},
		{carla, jansConversation, session.ErrNoAccess},
		{anna, "ffffffffffffffff", session.ErrNotFound},
	} {
		t.Run(tc.user+" "+tc.intakeID[:8], func(t *testing.T) {
			ctx, _ := newContext(t, tc.user, "nl")
			s := export.Papers(ctx, nil, tc.intakeID, "")
			dir := t.TempDir()
			path := filepath.Join(dir, "blad.txt")
			screentest.Press(t, s, "down", "right") // text
			typePath(t, s, path)
			screentest.Press(t, s, "enter")
			if tc.refusal == nil {
				if data, err := os.ReadFile(path); err != nil || len(data) == 0 {
					t.Fatalf("not written: %v\n%s", err, screentest.Plain(s))
				}
				return
			}
			if want := ctx.ErrorText(tc.refusal); !strings.Contains(screentest.Joined(screentest.Plain(s)), want) {
				t.Errorf("no %q:\n%s", want, screentest.Plain(s))
			}
			noFiles(t, dir)
		})
	}
}

// TestAccess: everything stored about one resident, the document `export
// access` writes: their record and all their conversations, notes
// included, nobody else's. A kompaan is refused before anything is asked.
func TestAccess(t *testing.T) {
	t.Run("json", func(t *testing.T) {
		ctx, _ := newContext(t, anna, "nl")
		s := export.Access(ctx, nil, jan)
		if f := screentest.Plain(s); !strings.Contains(f, "~/spreekuur-5d1e0c7a-inzage.pdf") || strings.Contains(f, "Jan") || !strings.Contains(f, "2026-03-27") {
			t.Fatalf("suggested name and day:\n%s", f)
		}
		screentest.Press(t, s, "down", "right", "right") // from the day to the format: PDF, text, JSON
		path := filepath.Join(t.TempDir(), "inzage.json")
		typePath(t, s, path)
		screentest.Press(t, s, "enter")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v\n%s", err, screentest.Plain(s))
		}
		a, err := papers.ParseAccess(data)
		if err != nil {
			t.Fatal(err)
		}
		if a.Resident.ID != jan || len(a.Intakes) != 2 || a.Intakes[0].ID != jansFirst || a.Intakes[1].ID != jansConversation {
			t.Errorf("resident %s with %d conversations", a.Resident.ID, len(a.Intakes))
		}
		if !bytes.Contains(data, []byte("beslag op loon")) || bytes.Contains(data, []byte("Ik zoek werk")) {
			t.Error("the notes are missing, or another resident's conversation is in")
		}
		if !a.Exported.Equal(now) || mode(t, path) != 0o600 {
			t.Errorf("exported %v, mode %v", a.Exported, mode(t, path))
		}
		if a.Requested != intake.D(2026, 3, 27) || a.AnswerBy != intake.D(2026, 4, 27) || a.About == nil || len(a.Log) == 0 {
			t.Errorf("asked %v, answer by %v, about %v, %d log entries", a.Requested, a.AnswerBy, a.About != nil, len(a.Log))
		}
	})
	t.Run("pdf, the day typed", func(t *testing.T) {
		ctx, _ := newContext(t, anna, "nl")
		s := export.Access(ctx, nil, jan)
		screentest.Press(t, s, "ctrl+u")
		screentest.TypeText(t, s, "2026-01-31")
		path := filepath.Join(t.TempDir(), "inzage.pdf")
		typePath(t, s, path)
		screentest.Press(t, s, "enter")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v\n%s", err, screentest.Plain(s))
		}
		if !bytes.HasPrefix(data, []byte("%PDF-")) {
			t.Fatal("not a PDF")
		}
		// A day that is not one is said, and nothing is written.
		s = export.Access(ctx, nil, jan)
		screentest.Press(t, s, "ctrl+u")
		screentest.TypeText(t, s, "31-1-2026")
		bad := filepath.Join(t.TempDir(), "x.pdf")
		typePath(t, s, bad)
		screentest.Press(t, s, "enter")
		if _, err := os.Stat(bad); err == nil || !strings.Contains(screentest.Joined(screentest.Plain(s)), "Typ de dag van de vraag zo") {
			t.Errorf("a bad day: %v\n%s", err, screentest.Plain(s))
		}
	})
	t.Run("txt", func(t *testing.T) {
		ctx, _ := newContext(t, anna, "nl")
		s := export.Access(ctx, nil, jan)
		path := filepath.Join(t.TempDir(), "inzage.txt")
		screentest.Press(t, s, "down", "right")
		typePath(t, s, path)
		screentest.Press(t, s, "enter")
		data, _ := os.ReadFile(path)
		if !strings.Contains(string(data), "Alles wat wij over u bewaren") || !strings.Contains(string(data), "Mijn huur is te hoog.") ||
			!strings.Contains(string(data), "beslag op loon") || strings.Contains(string(data), "Ik zoek werk") {
			t.Errorf("not the readable access export:\n%s", data)
		}
	})
	t.Run("kompaan", func(t *testing.T) {
		ctx, _ := newContext(t, kees, "nl")
		s := export.Access(ctx, nil, jan)
		if !strings.Contains(screentest.Joined(screentest.Plain(s)), ctx.ErrorText(session.ErrNotPermitted)) {
			t.Errorf("no refusal:\n%s", screentest.Plain(s))
		}
		if strings.Contains(screentest.Plain(s), "Bestand") || s.Typing() || len(s.Keys()) != 1 {
			t.Errorf("a kompaan is offered the export:\n%s", screentest.Plain(s))
		}
		screentest.TypeText(t, s, "/tmp/x.json")
		screentest.Press(t, s, "tab", "enter")
		noFiles(t, os.Getenv("HOME"))
		if msgs := screentest.Press(t, s, "esc"); len(msgs) != 1 || msgs[0] != (common.GoHomeMsg{}) {
			t.Errorf("esc sent %v", msgs)
		}
	})
	for _, tc := range []struct {
		name, user, resident string
		refusal              error
	}{
		{"coordinator", carla, jan, session.ErrNoAccess},
		{"unknown", anna, "ffffffffffffffff", session.ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, _ := newContext(t, tc.user, "nl")
			s := export.Access(ctx, nil, tc.resident)
			dir := t.TempDir()
			typePath(t, s, filepath.Join(dir, "inzage.json"))
			screentest.Press(t, s, "enter")
			if want := ctx.ErrorText(tc.refusal); !strings.Contains(screentest.Joined(screentest.Plain(s)), want) {
				t.Errorf("no %q:\n%s", want, screentest.Plain(s))
			}
			noFiles(t, dir)
		})
	}
}

// TestLettersOnChoices: a letter on a choice changes nothing and says
// which keys to use; in the file field letters are typed.
func TestLettersOnChoices(t *testing.T) {
	ctx, _ := newContext(t, anna, "nl")
	s := export.Papers(ctx, nil, jansConversation, "")
	before := screentest.Plain(s)
	for _, k := range []string{"x", "j", "P", "1"} {
		if msgs := screentest.Press(t, s, k); len(msgs) != 0 {
			t.Errorf("%q sent %v", k, msgs)
		}
		f := screentest.Plain(s)
		if !strings.Contains(f, "Voorbereidingsblad") || !strings.Contains(f, "~/spreekuur-7f3a9c1e-blad.pdf") {
			t.Errorf("%q changed the choice or the file:\n%s", k, f)
		}
		if !strings.Contains(screentest.Joined(f), ctx.Text(common.TLettersIgnored)) {
			t.Errorf("%q: no notice:\n%s", k, f)
		}
		if s.Typing() {
			t.Error("a choice says it takes text")
		}
	}
	screentest.Press(t, s, "down")
	if screentest.Plain(s) == before || strings.Contains(screentest.Joined(screentest.Plain(s)), ctx.Text(common.TLettersIgnored)) {
		t.Errorf("the notice stays after a key that did something:\n%s", screentest.Plain(s))
	}
	screentest.Press(t, s, "down")
	screentest.TypeText(t, s, "x")
	if !s.Typing() || !strings.Contains(screentest.Plain(s), "blad.pdfx") {
		t.Errorf("letters are not typed in the file field:\n%s", screentest.Plain(s))
	}
}

// TestPathProblems: a missing name, a folder, a folder that is not there
// each get a plain sentence and leave no file.
func TestPathProblems(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, path, want string
	}{
		{"empty", "", "Typ waar het bestand moet komen."},
		{"spaces", "   ", "Typ waar het bestand moet komen."},
		{"folder", dir, "Dat is een map. Typ ook een naam voor het bestand."},
		{"no such folder", filepath.Join(dir, "weg", "x.csv"), "Die map bestaat niet. Kijk de naam van de map na."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, _ := newContext(t, anna, "nl")
			s := export.Stats(ctx, nil, statistics.Options{})
			typePath(t, s, tc.path)
			screentest.Press(t, s, "enter")
			if f := screentest.Joined(screentest.Plain(s)); !strings.Contains(f, tc.want) || strings.Contains(f, "Opgeslagen") {
				t.Errorf("no %q:\n%s", tc.want, screentest.Plain(s))
			}
			noFiles(t, dir)
		})
	}
	if os.Geteuid() != 0 { // root writes anywhere
		t.Run("read-only folder", func(t *testing.T) {
			ctx, _ := newContext(t, anna, "nl")
			ro := t.TempDir()
			if err := os.Chmod(ro, 0o500); err != nil {
				t.Fatal(err)
			}
			s := export.Stats(ctx, nil, statistics.Options{})
			typePath(t, s, filepath.Join(ro, "x.csv"))
			screentest.Press(t, s, "enter")
			if want := "In die map mag u geen bestand maken."; !strings.Contains(screentest.Joined(screentest.Plain(s)), want) {
				t.Errorf("no %q:\n%s", want, screentest.Plain(s))
			}
		})
	}
}

// TestLockReachesBack: the lock reaches the screen behind; after the
// unlock its load comes back through the export to it; a question or a
// write from before the lock is dropped.
func TestLockReachesBack(t *testing.T) {
	ctx, _ := newContext(t, anna, "nl")
	b := &back{}
	s := export.Stats(ctx, b, statistics.Options{})
	path := filepath.Join(t.TempDir(), "cijfers.csv")
	if err := os.WriteFile(path, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	typePath(t, s, path)
	screentest.Press(t, s, "enter")
	if !strings.Contains(screentest.Plain(s), "Overschrijven?") {
		t.Fatalf("no question:\n%s", screentest.Plain(s))
	}
	s.Locked()
	if b.locked != 1 {
		t.Errorf("the screen behind was told %d times", b.locked)
	}
	if strings.Contains(screentest.Plain(s), "Overschrijven?") {
		t.Error("the question stays after the lock")
	}
	screentest.Press(t, s, "j")
	if data, _ := os.ReadFile(path); string(data) != "keep me" {
		t.Fatal("a j after the lock replaced the file")
	}
	screentest.Run(t, s, s.Unlocked())
	if b.unlocked != 1 || len(b.msgs) == 0 || b.msgs[len(b.msgs)-1] != (backLoadedMsg{}) {
		t.Errorf("the load of the screen behind did not reach it: %v", b.msgs)
	}
	// Bubble Tea's and huh's own messages stay with the dialog's form.
	got := len(b.msgs)
	s.Update(tea.BackgroundColorMsg{})
	s.Update(tea.FocusMsg{})
	if len(b.msgs) != got {
		t.Errorf("a message of the toolkit reached the screen behind: %T", b.msgs[len(b.msgs)-1])
	}
	s.Update(common.SizeMsg{Width: 70, Height: 20})
	if len(b.msgs) != got+1 || b.msgs[got] != (common.SizeMsg{Width: 70, Height: 20}) {
		t.Errorf("the size did not reach the screen behind: %v", b.msgs)
	}
}

// TestNoSentenceCut: every sentence of the dialog is wrapped, never cut,
// at 80 columns and narrower; the path is shown in full.
func TestNoSentenceCut(t *testing.T) {
	long := strings.Repeat("heel-lange-mapnaam/", 6)
	for _, width := range []int{80, 44} {
		for _, tc := range []struct {
			name  string
			setup func(t *testing.T, s common.Screen, dir string)
			wants []string
		}{
			{"prompt", func(*testing.T, common.Screen, string) {},
				[]string{"Maak een papier voor de bewoner: het voorbereidingsblad, het persoonlijk plan of een brief aan de gemeente. Print het of geef het mee. Er staan persoonlijke gegevens in: bewaar het goed.",
					"Alleen u kunt het bestand openen. Het wordt alleen opgeslagen waar u typt."}},
			{"exists", func(t *testing.T, s common.Screen, dir string) {
				p := filepath.Join(dir, "blad.pdf")
				if err := os.WriteFile(p, nil, 0o600); err != nil {
					t.Fatal(err)
				}
				typePath(t, s, p)
				screentest.Press(t, s, "enter")
			}, []string{"Het bestand bestaat al. Overschrijven?", "Typ j voor ja. Elke andere toets: nee, er verandert niets."}},
			{"no folder", func(t *testing.T, s common.Screen, dir string) {
				typePath(t, s, filepath.Join(dir, "weg", "blad.pdf"))
				screentest.Press(t, s, "enter")
			}, []string{"Die map bestaat niet. Kijk de naam van de map na."}},
			{"letters", func(t *testing.T, s common.Screen, _ string) { screentest.Press(t, s, "q") },
				[]string{"Hier typt u niet. Kies met ← → of de spatiebalk. Tab gaat naar het volgende veld."}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ctx, _ := newContext(t, anna, "nl")
				s := export.Papers(ctx, nil, jansConversation, "")
				s.Update(common.SizeMsg{Width: width, Height: 40})
				tc.setup(t, s, t.TempDir())
				f := screentest.Plain(s)
				for _, l := range strings.Split(f, "\n") {
					if w := len([]rune(l)); w > width {
						t.Errorf("line wider than %d: %q", width, l)
					}
				}
				for _, want := range tc.wants {
					if !strings.Contains(screentest.Joined(f), want) {
						t.Errorf("not whole on screen: %q\n%s", want, f)
					}
				}
				if tc.name == "prompt" {
					// The file field scrolls to show the file's name, on one line.
					for _, l := range strings.Split(f, "\n") {
						if strings.HasPrefix(strings.TrimLeft(l, "> "), "Bestand") && !strings.Contains(l, "blad.pdf") {
							t.Errorf("the file name is not in view: %q", l)
						}
						if strings.HasPrefix(l, "blad.pdf") || strings.HasPrefix(strings.TrimSpace(l), ".pdf") {
							t.Errorf("the file field wraps: %q", l)
						}
					}
				}
			})
		}
		t.Run("written, long path", func(t *testing.T) {
			ctx, _ := newContext(t, anna, "nl")
			s := export.Papers(ctx, nil, jansConversation, "")
			s.Update(common.SizeMsg{Width: width, Height: 40})
			dir := filepath.Join(t.TempDir(), long)
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, "blad.pdf")
			typePath(t, s, p)
			screentest.Press(t, s, "enter")
			if got := shownPath(t, screentest.Plain(s), "Opgeslagen in:"); got != p {
				t.Errorf("shows %q, wrote %q", got, p)
			}
		})
	}
}
