package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/papers"
	"github.com/spreekuur/spreekuur/store"
)

const (
	carlaPass      = "carla's passphrase for tests"
	karimPass      = "karim's passphrase for tests"
	paperQuestion  = "Mijn vraag is: QMARK-42 (hulp) bij de post \\ en \x1b[31mde huur)"
	paperQuestionI = "Mijn vraag is: QMARK-42 (hulp) bij de post \\ en [31mde huur)" // as shown: ESC dropped
	paperNote      = "NOTE-SECRET-9931"
)

// residentVault makes a vault with Anna (supporter), Carla (coordinator),
// one resident and one intake with a Wmo report made yesterday.
func residentVault(t *testing.T) (db, intakeID, residentID string, report intake.Date) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "v.db")
	v, _, err := store.Create(db, "Anna", store.RoleSupporter, []byte(annaPass), store.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.AddUser("Carla", store.RoleCoordinator, []byte(carlaPass)); err != nil {
		t.Fatal(err)
	}
	if err := v.AddUser("Karim", store.RoleKompaan, []byte(karimPass)); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	report = intake.DateOf(now).AddDays(-1)
	r := intake.NewResident("Zoë", now)
	in := intake.NewIntake(now)
	in.ResidentID = r.ID
	in.Status, in.Step = intake.StatusOpen, intake.StepAgreements
	in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: now}
	in.OwnWords = "Ik snap de brieven niet."
	in.ClarifiedQuestion = paperQuestion
	in.SetScan("housing", intake.Serious)
	in.Clarifications = []intake.Clarification{{Domain: "housing", Happening: "De trap is te zwaar.",
		Letters: []intake.Letter{{Kind: intake.LetterWmoReport, Sent: report}}}}
	in.Notes = []intake.Note{{Author: "Anna", Role: intake.RoleSupporter, At: now, Text: paperNote}}
	err = v.Update(func(tx *store.Tx) error {
		if err := tx.Put(store.KindResident, r.ID, r); err != nil {
			return err
		}
		return tx.SaveIntake(in, intake.DefaultCatalogue(), now)
	})
	if err != nil {
		t.Fatal(err)
	}
	return db, in.ID, r.ID, report
}

func readPDFText(t *testing.T, b []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the PDF does not parse: %v", err)
	}
	rd, err := r.GetPlainText()
	if err != nil {
		t.Fatal(err)
	}
	s, _ := io.ReadAll(rd)
	return string(s)
}

// flat drops all white space: PDF text extraction and text wrapping split
// lines in their own places.
func flat(s string) string { return strings.Join(strings.Fields(s), "") }

func TestExportResidentPapers(t *testing.T) {
	db, inID, resID, report := residentVault(t)
	anna := []string{"SPREEKUUR_PASSPHRASE=" + annaPass}
	dir := t.TempDir()
	planDue := report.AddDays(7)
	tests := []struct {
		name   string
		args   []string
		file   string
		pdf    bool
		want   []string // in the file (white space ignored)
		notes  bool     // the notes must (true) or must not (false) be in the file
		stdout string
	}{
		{"sheet pdf", []string{"export", "sheet", "--intake", inID}, "sheet.pdf", true,
			[]string{paperQuestionI, "keukentafelgesprek", "Belangrijke data", planDue.Format("nl"), "Zoë", "Pagina 1 van"}, false, "wrote the preparation sheet (PDF)"},
		{"sheet txt english", []string{"--lang", "en", "export", "sheet", "--intake", inID}, "sheet.txt", false,
			[]string{paperQuestionI, "kitchen-table conversation", planDue.Format("en")}, false, "(TXT)"},
		{"plan pdf", []string{"export", "plan", "--intake", inID, "--format", "pdf"}, "plan.out", true,
			[]string{"Mijn persoonlijk plan", paperQuestionI, "uiterlijk op " + planDue.Format("nl"), "Wat ik zelf kan", "Steun voor wie mij helpt"}, false, "the draft personal plan"},
		{"plan txt with report date", []string{"export", "plan", "--intake", inID, "--report-date", "2024-01-02", "--lang", "en"}, "plan.txt", false,
			[]string{"Tuesday 9 January 2024", "This date has passed"}, false, "(TXT)"},
		{"access json", []string{"export", "access", "--resident", resID}, "access.json", false,
			[]string{`"format": "spreekuur-access"`, paperNote, `"author": "Anna"`, inID, `"statistics": [`, `"purposes": [`, `"log": [`, `"answer_by": "`}, true, "everything stored about this resident (1 intake(s)), to answer by"},
		{"access txt", []string{"export", "access", "--resident", resID, "--format", "txt"}, "access.txt", false,
			[]string{"Alles wat wij over u bewaren", paperNote, "Anna (cliëntondersteuner)", paperQuestionI, "Voor de telling (zonder naam of tekst)",
				"Waarvoor wij uw gegevens gebruiken", "Hoe lang wij ze bewaren", "24 maanden", "Autoriteit Persoonsgegevens", "Wie uw gegevens bekeek of veranderde", "Overzicht gemaakt van alles wat wij bewaren"}, true, "(TXT)"},
		{"access pdf, asked on the 31st", []string{"export", "access", "--resident", resID, "--request-date", "2026-01-31"}, "access.pdf", true,
			[]string{"Uw verzoek", "zaterdag 31 januari 2026", "zaterdag 28 februari 2026", "binnen een maand", paperNote, "Uw rechten", "Overzicht gemaakt van alles wat wij bewaren"}, true, "(PDF)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, tt.file)
			args := append([]string{"--db", db}, tt.args...)
			res := spreekuur(t, anna, append(args, "-o", out)...)
			if res.code != 0 {
				t.Fatalf("exit %d: %s", res.code, res.stderr)
			}
			if !strings.Contains(res.stdout, tt.stdout) || !strings.Contains(res.stdout, out) {
				t.Errorf("stdout %q does not say what and where", res.stdout)
			}
			fi, err := os.Stat(out)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("mode %v, want 0600", fi.Mode().Perm())
			}
			b, _ := os.ReadFile(out)
			text := string(b)
			if tt.pdf {
				text = readPDFText(t, b)
			} else if bytes.HasPrefix(b, []byte("%PDF")) {
				t.Fatal("a PDF where text was asked for")
			}
			for _, w := range tt.want {
				if !strings.Contains(flat(text), flat(w)) {
					t.Errorf("file lacks %q", w)
				}
			}
			if got := strings.Contains(text, paperNote); got != tt.notes {
				t.Errorf("notes in the file: %v, want %v", got, tt.notes)
			}
			if strings.ContainsRune(text, 0x1b) {
				t.Error("an escape character reached the file")
			}
			if tt.name == "access json" {
				if _, err := papers.ParseAccess(b); err != nil {
					t.Errorf("the access export does not read back: %v", err)
				}
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp-") {
					t.Errorf("temporary file left behind: %s", e.Name())
				}
			}
		})
	}
}

func TestExportResidentRefusals(t *testing.T) {
	db, inID, resID, _ := residentVault(t)
	anna := []string{"SPREEKUUR_PASSPHRASE=" + annaPass}
	carla := []string{"SPREEKUUR_PASSPHRASE=" + carlaPass}
	karim := []string{"SPREEKUUR_PASSPHRASE=" + karimPass}
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.pdf")
	if err := os.WriteFile(existing, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     []string
		args    []string
		code    int
		stderr  string
		created string // a file that must not exist afterwards
	}{
		{"coordinator sheet", carla, []string{"--user", "Carla", "export", "sheet", "--intake", inID, "-o", filepath.Join(dir, "c.pdf")}, 1, "a coordinator cannot export a resident's papers", filepath.Join(dir, "c.pdf")},
		{"coordinator access", carla, []string{"--user", "Carla", "export", "access", "--resident", resID, "-o", filepath.Join(dir, "c.json")}, 1, "a coordinator cannot export", filepath.Join(dir, "c.json")},
		{"kompaan not present, sheet", karim, []string{"--user", "Karim", "export", "sheet", "--intake", inID, "-o", filepath.Join(dir, "k.pdf")}, 1, "a kompaan can export only the papers of conversations they took part in", filepath.Join(dir, "k.pdf")},
		{"kompaan access", karim, []string{"--user", "Karim", "export", "access", "--resident", resID, "-o", filepath.Join(dir, "k.json")}, 1, "a kompaan cannot export a resident's whole file", filepath.Join(dir, "k.json")},
		{"unknown intake", anna, []string{"export", "sheet", "--intake", "0123456789abcdef0123456789abcdef", "-o", filepath.Join(dir, "u.pdf")}, 1, "there is no intake with that ID", filepath.Join(dir, "u.pdf")},
		{"malformed intake id", anna, []string{"export", "plan", "--intake", "../../etc/passwd", "-o", filepath.Join(dir, "m.pdf")}, 1, "there is no intake with that ID", filepath.Join(dir, "m.pdf")},
		{"unknown resident", anna, []string{"export", "access", "--resident", inID, "-o", filepath.Join(dir, "r.json")}, 1, "there is no resident with that ID", filepath.Join(dir, "r.json")},
		{"existing file", anna, []string{"export", "sheet", "--intake", inID, "-o", existing}, 1, "already exists; choose another file or add --force", ""},
		{"no -o", anna, []string{"export", "sheet", "--intake", inID}, 2, "-o FILE is required", ""},
		{"no intake", anna, []string{"export", "plan", "-o", filepath.Join(dir, "n.pdf")}, 2, "--intake ID is required", filepath.Join(dir, "n.pdf")},
		{"bad format", anna, []string{"export", "access", "--resident", resID, "--format", "html", "-o", filepath.Join(dir, "f.html")}, 2, "--format must be pdf or txt or json", filepath.Join(dir, "f.html")},
		{"bad request date", anna, []string{"export", "access", "--resident", resID, "--request-date", "31-1-2026", "-o", filepath.Join(dir, "q.pdf")}, 2, "--request-date must be a date", filepath.Join(dir, "q.pdf")},
		{"bad report date", anna, []string{"export", "plan", "--intake", inID, "--report-date", "1-2-2024", "-o", filepath.Join(dir, "d.pdf")}, 2, "--report-date must be a date", filepath.Join(dir, "d.pdf")},
		{"bad language", anna, []string{"export", "sheet", "--intake", inID, "--lang", "fr", "-o", filepath.Join(dir, "l.pdf")}, 2, "--lang must be nl or en", filepath.Join(dir, "l.pdf")},
		{"missing directory", anna, []string{"export", "sheet", "--intake", inID, "-o", filepath.Join(dir, "nope", "s.pdf")}, 1, "cannot write in", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := spreekuur(t, tt.env, append([]string{"--db", db}, tt.args...)...)
			if res.code != tt.code {
				t.Fatalf("exit %d, want %d: %s", res.code, tt.code, res.stderr)
			}
			if !strings.Contains(res.stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", res.stderr, tt.stderr)
			}
			if n := strings.Count(strings.TrimSpace(res.stderr), "\n"); n > 0 {
				t.Errorf("more than one sentence on stderr: %q", res.stderr)
			}
			for _, secret := range []string{paperNote, "QMARK-42", "Zoë"} {
				if strings.Contains(res.stderr+res.stdout, secret) {
					t.Errorf("output shows record contents %q", secret)
				}
			}
			if tt.created != "" {
				if _, err := os.Stat(tt.created); err == nil {
					t.Errorf("%s was written", tt.created)
				}
			}
		})
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep me" {
		t.Fatal("the existing file was changed without --force")
	}

	// With --force the file is replaced, and becomes 0600.
	res := spreekuur(t, anna, "--db", db, "export", "sheet", "--intake", inID, "-o", existing, "--force")
	if res.code != 0 {
		t.Fatalf("--force: exit %d: %s", res.code, res.stderr)
	}
	fi, _ := os.Stat(existing)
	if b, _ := os.ReadFile(existing); !bytes.HasPrefix(b, []byte("%PDF-")) || fi.Mode().Perm() != 0o600 {
		t.Errorf("--force: mode %v, starts %q", fi.Mode().Perm(), b[:min(len(b), 8)])
	}
}

// TestKompaanExportsOwnConversation: a kompaan who took part (named as the
// kompaan present) may print that intake's sheet.
func TestKompaanExportsOwnConversation(t *testing.T) {
	db, _, _, _ := residentVault(t)
	v, err := store.Open(db, store.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock("Anna", []byte(annaPass)); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	in := intake.NewIntake(now)
	in.Presence = intake.Presence{Supporter: "Anna", Kompaan: true, KompaanName: "Karim"}
	in.ClarifiedQuestion = "KOMPAAN-TOOK-PART"
	if err := v.Update(func(tx *store.Tx) error { return tx.SaveIntake(in, intake.DefaultCatalogue(), now) }); err != nil {
		t.Fatal(err)
	}
	v.Close()
	out := filepath.Join(t.TempDir(), "k.txt")
	res := spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=" + karimPass}, "--db", db, "--user", "Karim", "export", "sheet", "--intake", in.ID, "--format", "txt", "-o", out)
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(b), "KOMPAAN-TOOK-PART") {
		t.Fatalf("sheet %q, %v: want the clarified question", b, err)
	}
}

// TestShortIDs (issue 9.7): every command that takes --intake or
// --resident takes the 8-character short ID the app shows, or any unique
// prefix of 6 or more; a prefix that fits two records says so.
func TestShortIDs(t *testing.T) {
	db, intakeID, residentID, _ := residentVault(t)
	// A second intake whose ID shares the first 6 characters with the first.
	v, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock("Anna", []byte(annaPass)); err != nil {
		t.Fatal(err)
	}
	// Its 7th character differs from the first's, so that a prefix of 7
	// fits one (an "f" there in 1 of 16 runs made "prefix of 7" fail).
	twin := intake.NewIntake(time.Now())
	other := "f"
	if intakeID[6] == 'f' {
		other = "e"
	}
	twin.ID = intakeID[:6] + strings.Repeat(other, len(intakeID)-6)
	if err := v.Update(func(tx *store.Tx) error { return tx.SaveIntake(twin, intake.DefaultCatalogue(), time.Now()) }); err != nil {
		t.Fatal(err)
	}
	_ = v.Close()
	// Dutch when LANG says so (the tests' environment has no LANG: English).
	env := []string{"SPREEKUUR_PASSPHRASE=" + annaPass, "LANG=nl_NL.UTF-8"}
	out := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"short intake ID", []string{"export", "sheet", "--intake", intakeID[:8], "-o", filepath.Join(out, "a.txt")}, 0, ""},
		{"prefix of 7", []string{"export", "plan", "--intake", intakeID[:7], "-o", filepath.Join(out, "b.txt")}, 0, ""},
		{"ambiguous prefix", []string{"export", "sheet", "--intake", intakeID[:6], "-o", filepath.Join(out, "c.txt")}, 1, "meer dan één (2) begint zo"},
		{"ambiguous in English", []string{"--lang", "en", "export", "sheet", "--intake", intakeID[:6], "-o", filepath.Join(out, "c.txt")}, 1, "more than one (2) starts like this"},
		{"too short", []string{"export", "sheet", "--intake", intakeID[:5], "-o", filepath.Join(out, "d.txt")}, 1, "typ minstens 6 tekens"},
		{"short resident ID", []string{"export", "access", "--resident", residentID[:8], "-o", filepath.Join(out, "e.json")}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := spreekuur(t, env, append([]string{"--db", db}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.err) {
				t.Fatalf("exit %d (want %d)\nstderr: %s", r.code, tt.code, r.stderr)
			}
		})
	}
}
