package tui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// shownPath joins the lines under "Opgeslagen in:" (a long path is cut
// into lines) into the path the screen shows.
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

// typePath puts path in the file field (the last field) of the export.
func typePath(s *session, path string) {
	s.key("tab")
	s.tm.Send(keyMsg("ctrl+u"))
	s.typeText(path)
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// openStatsExport: a supporter opens the dashboard, then the export.
func openStatsExport(t *testing.T) *session {
	t.Helper()
	t.Setenv("HOME", t.TempDir())
	v := sampleVault()
	v.report = fakeReport()
	s := unlocked(t, Options{Vault: v})
	s.waitFor("Marieke")
	s.tm.Send(keyMsg("ctrl+s"))
	s.waitFor("[Per maand]")
	s.tm.Send(keyMsg("e"))
	s.waitFor("statistiek opslaan")
	return s
}

// TestExportStatsWritesWhereAsked: the file is written where the user
// typed, readable by the user only, and the screen shows its full path.
func TestExportStatsWritesWhereAsked(t *testing.T) {
	s := openStatsExport(t)
	path := filepath.Join(t.TempDir(), "cijfers.csv")
	typePath(s, path)
	s.key("enter")
	f := s.waitFor("Opgeslagen in:")
	if got := shownPath(t, f, "Opgeslagen in:"); got != path {
		t.Errorf("screen shows %q, wrote %q", got, path)
	}
	if m := mode(t, path); m != 0o600 {
		t.Errorf("mode %v, want 0600", m)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\ufefftabel;")) || !bytes.Contains(data, []byte("<10")) {
		t.Errorf("not the statistics CSV: %.80q", data)
	}
}

// TestExportKeepsExistingFile: an existing file is replaced only after
// the user says yes.
func TestExportKeepsExistingFile(t *testing.T) {
	s := openStatsExport(t)
	path := filepath.Join(t.TempDir(), "cijfers.csv")
	if err := os.WriteFile(path, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	typePath(s, path)
	s.key("enter")
	f := s.waitFor("Wilt u het vervangen?")
	if got := shownPath(t, f, "Dit bestand bestaat al:"); got != path {
		t.Errorf("asks about %q, want %q", got, path)
	}
	s.typeText("n")
	s.waitFor("enter opslaan")
	if data, _ := os.ReadFile(path); string(data) != "keep me" {
		t.Fatalf("the file was changed without asking: %q", data)
	}
	s.key("enter")
	s.waitFor("Wilt u het vervangen?")
	s.typeText("j")
	s.waitFor("Opgeslagen in:")
	if data, _ := os.ReadFile(path); !bytes.HasPrefix(data, []byte("\ufefftabel;")) {
		t.Fatalf("not replaced after yes: %q", data)
	}
	if m := mode(t, path); m != 0o600 {
		t.Errorf("mode after replacing %v, want 0600", m)
	}
}

// TestGoldenExportPapers: F6 in an intake offers the resident's papers
// with a file name that holds the intake's ID, never the resident's name;
// both kinds and formats are written, 0600, where asked.
func TestGoldenExportPapers(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	s := unlocked(t, Options{})
	s.waitFor("Jan de Vries")
	s.key("enter") // Jan's draft
	s.waitFor("1/7")
	s.tm.Send(tea.KeyPressMsg{Code: tea.KeyF6})
	f := s.waitFor("papieren voor de bewoner")
	if !strings.Contains(f, "~/spreekuur-i1-blad.pdf") || strings.Contains(f, "Jan") || strings.Contains(f, "Vries") {
		t.Errorf("suggested file name:\n%s", f)
	}
	t.Run("prompt", func(t *testing.T) { requireGolden(t, f) })

	dir := t.TempDir()
	s.send("right") // Persoonlijk plan (the first field has the focus)
	s.waitFor("‹ Persoonlijk plan (concept) ›")
	s.key("down")
	s.send("right") // text
	s.waitFor("~/spreekuur-i1-plan.txt")
	plan := filepath.Join(dir, "plan.txt")
	s.key("down")
	s.tm.Send(keyMsg("ctrl+u"))
	s.typeText(plan)
	s.key("enter")
	f = s.waitFor("Opgeslagen in:")
	if got := shownPath(t, f, "Opgeslagen in:"); got != plan {
		t.Errorf("screen shows %q, wrote %q", got, plan)
	}
	t.Run("written", func(t *testing.T) {
		// The temporary folder's name varies: shown as /TMP, lines trimmed.
		lines := strings.Split(strings.ReplaceAll(f, dir, "/TMP"), "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRight(l, " ")
		}
		requireGolden(t, strings.Join(lines, "\n"))
	})
	if m := mode(t, plan); m != 0o600 {
		t.Errorf("mode %v", m)
	}
	if data, _ := os.ReadFile(plan); !strings.Contains(string(data), "post te lezen") {
		t.Errorf("the plan does not hold the clarified question:\n%s", data)
	}

	s.key("up")
	s.send("right") // back to PDF: the typed name keeps its folder, gets .pdf
	s.waitFor(filepath.Base(dir) + "/plan.pdf")
	s.key("enter")
	s.waitFor("Opgeslagen in:")
	if data, _ := os.ReadFile(filepath.Join(dir, "plan.pdf")); !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Errorf("not a PDF: %.20q", data)
	}
	s.key("esc")
	s.waitFor("1/7") // back in the intake
}

// TestExportLockForgetsIntakeBehind: locking on the papers export makes
// the intake behind it forget what it holds; after unlocking it reads the
// intake again (the load reaches it through the export screen).
func TestExportLockForgetsIntakeBehind(t *testing.T) {
	v := sampleVault()
	a := unlockedApp(t, v, &clock{day0}, -1)
	run(a, keyMsg("enter")) // Jan's draft
	run(a, tea.KeyPressMsg{Code: tea.KeyF6})
	ex, ok := a.cur.(*exportScreen)
	if !ok {
		t.Fatalf("F6 opened %T", a.cur)
	}
	in := ex.back.(*intakeScreen)
	if in.c.in.OwnWords == "" {
		t.Fatal("the intake was not loaded")
	}
	run(a, keyMsg("ctrl+l"))
	if in.c.in.OwnWords != "" || in.c.res.Pseudonym != "" {
		t.Fatal("the intake behind the export kept its text after locking")
	}
	typeIn(a, "correct horse battery")
	run(a, keyMsg("enter"))
	if a.cur != screen(ex) {
		t.Fatalf("after unlocking: %T", a.cur)
	}
	if in.c.in.OwnWords == "" || in.loading {
		t.Fatal("the intake behind was not read again")
	}
	run(a, keyMsg("esc"))
	if a.cur != screen(in) {
		t.Fatalf("esc went to %T", a.cur)
	}
}
