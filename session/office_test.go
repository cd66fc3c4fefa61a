package session_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/bundle"
	"github.com/spreekuur/spreekuur/store/exportfile"
)

const vaultPass = sessiontest.VaultPass

// realSession is a session over a new vault with one supporter, anna, and
// the vault itself for checks.
func realSession(t *testing.T, clock func() time.Time) (*session.Session, *store.Vault) {
	t.Helper()
	return sessiontest.Vault(t, "anna", "nl", clock)
}

// fill adds n residents with one intake each, with consent to hand over,
// and one intake without it; it returns the intakes that may go.
func fill(t *testing.T, v *store.Vault, n int, at time.Time) []intake.Intake {
	t.Helper()
	cat := intake.DefaultCatalogue()
	var out []intake.Intake
	err := v.Update(func(tx *store.Tx) error {
		for i := range n + 1 {
			r := intake.NewResident(fmt.Sprintf("R%d", i), at)
			if err := tx.Put(store.KindResident, r.ID, r); err != nil {
				return err
			}
			in := intake.NewIntake(at)
			in.ResidentID, in.Status, in.OwnWords = r.ID, intake.StatusOpen, fmt.Sprintf("woorden %d", i)
			in.Notes = []intake.Note{{Author: "anna", Role: intake.RoleSupporter, At: at, Text: "notitie"}}
			scopes := []intake.ConsentScope{intake.ScopeNotes, intake.ScopeHandover}
			if i == n {
				scopes = scopes[:1]
			}
			in.Consent = intake.Consent{Given: true, Scopes: scopes, At: at}
			if err := tx.SaveIntake(in, cat, at); err != nil {
				return err
			}
			if i < n {
				out = append(out, in)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSettingsAreMadeOnFirstUseAndChecked(t *testing.T) {
	s, v := realSession(t, clock)
	first, err := s.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if first.Office != "" || first.Folder != "" || !strings.HasPrefix(first.PublicKey, "RW") || len(first.KeyID) < 8 ||
		!strings.HasPrefix(first.Recipient, "age1") || len(first.RecipientPrint) != 9 || first.StatThreshold != store.DefaultStatThreshold {
		t.Fatalf("first settings: %+v", first)
	}
	again, _ := s.Settings()
	if again.PublicKey != first.PublicKey || again.Recipient != first.Recipient {
		t.Fatal("the laptop's keys changed between two reads")
	}

	office, _ := realSession(t, clock)
	officeSet, _ := office.Settings()
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	keygen := write("kantoor.txt", "# created: 2026-11-27T10:00:00Z\n# public key: "+officeSet.Recipient+"\n")
	secret := write("geheim.txt", "# public key: "+officeSet.Recipient+"\nAGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n")
	two := write("twee.txt", officeSet.Recipient+"\n"+first.Recipient+"\n")
	for _, tc := range []struct {
		typed string
		want  error
	}{
		{"  " + officeSet.Recipient + " ", nil},
		{keygen, nil},
		{secret, session.ErrSecretKeyFile},
		{two, bundle.ErrBadRecipient},
		{"age1niet-goed", bundle.ErrBadRecipient},
		{first.PublicKey, bundle.ErrBadRecipient}, // a signing key is no recipient
		{filepath.Join(dir, "bestaat-niet.txt"), bundle.ErrBadRecipient},
		{"", bundle.ErrBadRecipient},
	} {
		got, err := s.SetOffice(tc.typed)
		if !errors.Is(err, tc.want) || (err == nil && got != officeSet.Recipient) {
			t.Errorf("SetOffice(%q) = %q, %v; want %v", tc.typed, got, err, tc.want)
		}
	}
	if _, err := s.SetFolder(filepath.Join(dir, "nergens")); !errors.Is(err, session.ErrNoFolder) {
		t.Errorf("a folder that does not exist: %v", err)
	}
	if _, err := s.SetFolder(keygen); !errors.Is(err, session.ErrNoFolder) {
		t.Errorf("a file as folder: %v", err)
	}
	if _, err := s.SetFolder(dir); err != nil {
		t.Fatal(err)
	}
	if err := s.SetOrganisation("Buurtteam Oost", "020-123 45 67"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetOrganisation("x", "bel me"); !errors.Is(err, store.ErrOrganisation) {
		t.Errorf("a bad phone number: %v", err)
	}
	if err := s.SetStatThreshold(4); !errors.Is(err, store.ErrStatThreshold) {
		t.Errorf("threshold 4: %v", err)
	}
	if err := s.SetStatThreshold(15); err != nil {
		t.Fatal(err)
	}
	if err := s.SetLaptopName("Laptop Oost"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Settings()
	if err != nil {
		t.Fatal(err)
	}
	want := first
	want.Office, want.OfficePrint, want.Folder, want.Laptop, want.StatThreshold = officeSet.Recipient, session.Fingerprint(officeSet.Recipient), dir, "Laptop Oost", 15
	want.Organisation = got.Organisation
	if !reflect.DeepEqual(got, want) || got.Organisation.Name != "Buurtteam Oost" || got.Organisation.Phone != "020-123 45 67" {
		t.Fatalf("settings:\n%+v\nwant\n%+v", got, want)
	}

	// Only a supporter.
	if err := v.AddUser("kees", store.RoleKompaan, []byte(vaultPass)); err != nil {
		t.Fatal(err)
	}
	if err := s.Unlock("kees", []byte(vaultPass)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Settings(); !errors.Is(err, store.ErrNotPermitted) {
		t.Errorf("a kompaan reads the settings: %v", err)
	}
	if _, err := s.SetOffice(officeSet.Recipient); !errors.Is(err, store.ErrNotPermitted) {
		t.Errorf("a kompaan sets the office: %v", err)
	}
}

func TestFingerprint(t *testing.T) {
	a := session.Fingerprint("age1zpks3ekzmqqzuwddgwxrwfc5xfdzkcngr3a7ts8pkahm2wp3tstszy8unx")
	if a != session.Fingerprint(" age1zpks3ekzmqqzuwddgwxrwfc5xfdzkcngr3a7ts8pkahm2wp3tstszy8unx\n") || len(a) != 9 || a[4] != '-' {
		t.Fatalf("fingerprint %q", a)
	}
	if a == session.Fingerprint("age1zpks3ekzmqqzuwddgwxrwfc5xfdzkcngr3a7ts8pkahm2wp3tstszy8unz") {
		t.Fatal("two keys, one fingerprint")
	}
	if got := session.GroupKeyID("8AD29AAC1B8E5040"); got != "8AD2\u00a09AAC\u00a01B8E\u00a05040" {
		t.Fatalf("GroupKeyID: %q", got)
	}
}

// TestOfficeLoop: a laptop hands over to the office (new and changed
// since the last handover, into the remembered folder, never over a
// file); the office registers the laptop, sees who sent it and what it
// holds before anything is written, imports it with the intakes' origin,
// and its coordinator counts them.
func TestOfficeLoop(t *testing.T) {
	at := now
	laptopClock := func() time.Time { return at }
	laptop, lv := realSession(t, laptopClock)
	office, ov := realSession(t, clock)
	intakes := fill(t, lv, 3, at.Add(-time.Hour))

	if _, err := laptop.Handover(session.HandoverRequest{SinceLast: true}); !errors.Is(err, session.ErrNoOffice) {
		t.Fatalf("without the office's key: %v", err)
	}
	officeSet, _ := office.Settings()
	if _, err := laptop.SetOffice(officeSet.Recipient); err != nil {
		t.Fatal(err)
	}
	if _, err := laptop.Handover(session.HandoverRequest{SinceLast: true}); !errors.Is(err, session.ErrNoFolder) {
		t.Fatalf("without a folder: %v", err)
	}
	usb := t.TempDir()
	plan, err := laptop.HandoverPlan(session.HandoverRequest{SinceLast: true})
	if err != nil || plan.Intakes != 3 || plan.Residents != 3 || plan.LeftOut != 1 || plan.Selection != "changed" || !plan.Nothing() {
		t.Fatalf("plan: %+v %v", plan, err)
	}
	var progress []int
	res, err := laptop.Handover(session.HandoverRequest{SinceLast: true, Folder: usb, Progress: func(done, total int) { progress = append(progress, done*10+total) }})
	if err != nil {
		t.Fatal(err)
	}
	wantPath := filepath.Join(usb, "overdracht-2026-11-27.age")
	if res.Path != wantPath || res.Intakes != 3 || res.LeftOut != 1 || res.MarkErr != nil || !reflect.DeepEqual(progress, []int{13, 23, 33}) {
		t.Fatalf("handover: %+v, progress %v", res, progress)
	}
	for _, p := range []string{wantPath, session.SignaturePath(wantPath)} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", p, fi, err)
		}
	}
	if st, _ := laptop.Settings(); st.Folder != usb {
		t.Fatalf("the folder was not remembered: %q", st.Folder)
	}

	// Nothing new: no file. A change: a new file beside the first.
	if again, err := laptop.Handover(session.HandoverRequest{SinceLast: true}); err != nil || !again.Nothing() {
		t.Fatalf("nothing changed: %+v %v", again, err)
	}
	at = at.Add(time.Hour)
	changed := intakes[1]
	changed.OwnWords, changed.Updated = "nieuwe woorden", at
	if err := lv.Update(func(tx *store.Tx) error { return tx.SaveIntake(changed, intake.DefaultCatalogue(), at) }); err != nil {
		t.Fatal(err)
	}
	second, err := laptop.Handover(session.HandoverRequest{SinceLast: true})
	if err != nil || second.Intakes != 1 || second.Path != filepath.Join(usb, "overdracht-2026-11-27-2.age") || second.Since.IsZero() {
		t.Fatalf("second handover: %+v %v", second, err)
	}

	// The office: refused until the laptop is registered, nothing written.
	if _, err := office.OpenBundle(wantPath, "", nil); !errors.Is(err, bundle.ErrUnknownLaptop) {
		t.Fatalf("unregistered: %v", err)
	}
	pub, name, err := laptop.LaptopSelf()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := office.AddLaptop("Laptop Anna", string(pub)); err != nil {
		t.Fatal(err)
	}
	in, err := office.OpenBundle(wantPath, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if in.From.Laptop != "Laptop Anna" || in.From.Signed.Laptop != name || in.From.Signed.User != "anna" ||
		!in.From.Signed.Date.Equal(now) || in.Selection != "changed" || in.File != "overdracht-2026-11-27.age" ||
		in.Preview.Intakes.Added != 3 || in.Preview.Residents.Added != 3 {
		t.Fatalf("incoming: %+v", in)
	}
	if n := countIntakes(t, ov); n != 0 {
		t.Fatalf("opening wrote %d intakes", n)
	}
	var merged int
	got, err := office.Import(in, func(done, total int) { merged = done })
	if err != nil || got != in.Preview || merged != 6 {
		t.Fatalf("import: %+v %v (merged %d)", got, err, merged)
	}
	for _, x := range intakes {
		o, ok, err := office.Origin(x.ID)
		if err != nil || !ok || o.Laptop != "Laptop Anna" || o.User != "anna" || o.File != in.File {
			t.Fatalf("origin: %+v %v %v", o, ok, err)
		}
		back, err := office.Intake(x.ID)
		if err != nil || back.OwnWords != x.OwnWords || len(back.Notes) != 1 {
			t.Fatalf("imported intake: %+v %v", back, err)
		}
	}
	in2, err := office.OpenBundle(second.Path, "", nil)
	if err != nil || in2.Preview.Intakes.Updated != 1 {
		t.Fatalf("second bundle: %+v %v", in2, err)
	}
	if _, err := office.Import(in2, nil); err != nil {
		t.Fatal(err)
	}
	if back, _ := office.Intake(changed.ID); back.OwnWords != "nieuwe woorden" {
		t.Fatalf("the change did not arrive: %q", back.OwnWords)
	}

	// The office's coordinator counts the imported intakes.
	if err := ov.AddUser("coco", store.RoleCoordinator, []byte(vaultPass)); err != nil {
		t.Fatal(err)
	}
	if err := ov.Unlock("coco", []byte(vaultPass)); err != nil {
		t.Fatal(err)
	}
	records := 0
	if err := ov.View(func(tx *store.Tx) error {
		return tx.ForEachStat(func(intake.StatRecord) error { records++; return nil })
	}); err != nil || records != 3 {
		t.Fatalf("the coordinator counts %d records: %v", records, err)
	}
}

func countIntakes(t *testing.T, v *store.Vault) int {
	t.Helper()
	n := 0
	_ = v.View(func(tx *store.Tx) error { n = tx.Count(store.KindIntake); return nil })
	return n
}

// TestHandoverToColleague: one resident goes to a colleague's laptop,
// encrypted to its key and signed; the colleague's laptop imports the
// resident with the history; the sender's side is marked, and erases
// only when asked, only what went.
func TestHandoverToColleague(t *testing.T) {
	anna, av := realSession(t, clock)
	bram, _ := realSession(t, clock)
	intakes := fill(t, av, 2, now.Add(-time.Hour))
	resident := intakes[0].ResidentID
	bramSet, _ := bram.Settings()
	dir := t.TempDir()

	// What goes can be said before the colleague's key is typed.
	if plan, err := anna.HandoverPlan(session.HandoverRequest{Resident: resident, Colleague: "Bram"}); err != nil || plan.Intakes != 1 || plan.Residents != 1 {
		t.Fatalf("plan without a key: %+v %v", plan, err)
	}
	if _, err := anna.Handover(session.HandoverRequest{Resident: resident, Colleague: "Bram", Folder: dir}); !errors.Is(err, bundle.ErrBadRecipient) {
		t.Fatalf("a colleague without a key: %v (never the office's)", err)
	}
	res, err := anna.Handover(session.HandoverRequest{Resident: resident, Colleague: "Bram", Recipient: bramSet.Recipient, Folder: dir})
	if err != nil {
		t.Fatal(err)
	}
	if res.Intakes != 1 || res.Residents != 1 || res.ResidentID != resident || len(res.IntakeIDs) != 1 ||
		filepath.Base(res.Path) != "overdracht-"+session.ShortID(resident)+"-2026-11-27.age" {
		t.Fatalf("handover: %+v", res)
	}
	mark, ok, err := anna.HandedOverMark(resident)
	if err != nil || !ok || mark.To != "Bram" || mark.Recipient != bramSet.Recipient || mark.File != filepath.Base(res.Path) {
		t.Fatalf("mark: %+v %v %v", mark, ok, err)
	}
	// Bram's laptop registers Anna's and imports.
	pub, _, _ := anna.LaptopSelf()
	if _, err := bram.AddLaptop("Laptop Anna", string(pub)); err != nil {
		t.Fatal(err)
	}
	in, err := bram.OpenBundle(res.Path, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if in.Selection != "resident" || in.Preview.Intakes.Added != 1 {
		t.Fatalf("incoming: %+v", in)
	}
	if _, err := bram.Import(in, nil); err != nil {
		t.Fatal(err)
	}
	got, err := bram.IntakesOf(resident)
	if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], intakes[0]) {
		t.Fatalf("the history did not arrive whole: %+v %v", got, err)
	}
	// The sender erases what went.
	erased, err := anna.EraseHandedOver(res)
	if err != nil || erased.Intakes != 1 || !erased.Resident {
		t.Fatalf("erase: %+v %v", erased, err)
	}
	if _, err := anna.Resident(resident); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the resident is still on the sender's laptop: %v", err)
	}
	if _, err := anna.Intake(intakes[1].ID); err != nil {
		t.Fatalf("another resident's intake went: %v", err)
	}
	// Both access logs say it, about the resident: Anna's the handover
	// and the delete after it, Bram's the import.
	for _, c := range []struct {
		s    *session.Session
		want []string
	}{{anna, []string{"export/bundle", "delete/handed-over"}}, {bram, []string{"import/bundle"}}} {
		entries, err := c.s.AccessLog(session.LogFilter{Resident: resident})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			if e.Action != store.ActLogRead {
				got = append(got, e.Action+"/"+e.Detail)
			}
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("log about the resident: %v, want %v", got, c.want)
		}
	}
}

// TestHandoverNeverOverwrites: a file given by name that exists (or its
// signature) is refused without Force; nothing is left behind.
func TestHandoverNeverOverwrites(t *testing.T) {
	s, v := realSession(t, clock)
	fill(t, v, 1, now.Add(-time.Hour))
	office, _ := realSession(t, clock)
	officeSet, _ := office.Settings()
	dir := t.TempDir()
	path := filepath.Join(dir, "b.age")
	if err := writeText(session.SignaturePath(path), "oud"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Handover(session.HandoverRequest{Recipient: officeSet.Recipient, Path: path}); !errors.Is(err, exportfile.ErrExists) {
		t.Fatalf("an existing signature file: %v", err)
	}
	if entries := listDir(t, dir); !reflect.DeepEqual(entries, []string{"b.age.minisig"}) {
		t.Fatalf("left behind: %v", entries)
	}
	res, err := s.Handover(session.HandoverRequest{Recipient: officeSet.Recipient, Path: path, Force: true})
	if err != nil || res.Path != path {
		t.Fatalf("with Force: %+v %v", res, err)
	}
}

func writeText(path, s string) error { return os.WriteFile(path, []byte(s), 0o600) }

func listDir(t *testing.T, dir string) []string { t.Helper(); return sessiontest.Files(t, dir) }

func TestOfficeSentences(t *testing.T) {
	for _, err := range []error{bundle.ErrUnsigned, bundle.ErrBadSignature, bundle.ErrUnknownLaptop, bundle.ErrLaptopRemoved,
		bundle.ErrNotBundle, bundle.ErrWrongIdentity, bundle.ErrDamaged, bundle.ErrUnsupportedVersion, bundle.ErrMalformed,
		bundle.ErrInvalidRecord, bundle.ErrBadRecipient, session.ErrSecretKeyFile, bundle.ErrBadIdentity, bundle.ErrNothingToExport, bundle.ErrTooLarge,
		bundle.ErrUnknownResident, bundle.ErrBadPublicKey, bundle.ErrLaptopName, bundle.ErrLaptopExists, bundle.ErrNoSuchLaptop,
		session.ErrNoOffice, session.ErrNoFolder, session.ErrNoFile, exportfile.ErrExists, exportfile.ErrIsDir,
		store.ErrOrganisation, store.ErrStatThreshold} {
		nl, ok1 := session.Sentence(fmt.Errorf("wrapped: %w", err), "nl")
		en, ok2 := session.Sentence(err, "en")
		if !ok1 || !ok2 || nl == en || nl == "" {
			t.Errorf("%v: nl %q, en %q", err, nl, en)
		}
	}
	// A refused laptop is named, in both languages.
	f := seedSigned(t)
	office, _ := realSession(t, clock)
	_, err := office.OpenBundle(f, "", nil)
	for _, lang := range []string{"nl", "en"} {
		msg, ok := session.Sentence(err, lang)
		if !ok || !strings.Contains(msg, "laptop-x") || !strings.Contains(msg, "“") {
			t.Errorf("%s: %q (%v)", lang, msg, err)
		}
	}
}

// seedSigned writes a signed bundle from a laptop called laptop-x.
func seedSigned(t *testing.T) string {
	s, v := realSession(t, clock)
	fill(t, v, 1, now.Add(-time.Hour))
	if err := s.SetLaptopName("laptop-x"); err != nil {
		t.Fatal(err)
	}
	id, _ := s.Settings()
	res, err := s.Handover(session.HandoverRequest{Recipient: id.Recipient, Path: filepath.Join(t.TempDir(), "x.age")})
	if err != nil {
		t.Fatal(err)
	}
	return res.Path
}

// TestPartialImportSentence: an import that stopped half-way says how far
// it got, why, and that the same file imported again finishes it — not
// that nothing was imported — on screen and on the command line.
func TestPartialImportSentence(t *testing.T) {
	for _, tt := range []struct {
		name   string
		cause  error
		nl, en string // the reason
	}{
		{"file changed", fmt.Errorf("%w: the file changed after it was checked", bundle.ErrDamaged), "veranderd", "changed"},
		{"disk full", fmt.Errorf("write: %w", syscall.ENOSPC), "schijf is vol", "disk is full"},
		{"other", errors.New("bbolt: something"), "ging iets mis", "went wrong"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := fmt.Errorf("import: %w", &bundle.PartialError{Done: 5000, Total: 12345, Err: tt.cause})
			for _, say := range []func(error, string) (string, bool){session.Sentence, session.CommandSentence} {
				for lang, want := range map[string][]string{
					"nl": {"5000 van de 12345", tt.nl, "hetzelfde bestand nog eens"},
					"en": {"5000 of 12345", tt.en, "the same file again"},
				} {
					msg, ok := say(err, lang)
					for _, w := range want {
						if !ok || !strings.Contains(msg, w) {
							t.Errorf("%s: %q lacks %q", lang, msg, w)
						}
					}
					if strings.Contains(msg, "niets ingelezen") || strings.Contains(msg, "Nothing was") {
						t.Errorf("%s: %q says nothing was imported", lang, msg)
					}
				}
			}
		})
	}
	// Stopped after only the bundle's erasures: it says they were done.
	err := &bundle.PartialError{Total: 12, Err: errors.New("open: gone")}
	for lang, want := range map[string][]string{"nl": {"al gewist", "12 gegevens", "hetzelfde bestand nog eens"}, "en": {"is erased", "12 records", "the same file again"}} {
		msg, ok := session.Sentence(err, lang)
		for _, w := range want {
			if !ok || !strings.Contains(msg, w) {
				t.Errorf("erasures only, %s: %q lacks %q", lang, msg, w)
			}
		}
	}
}

// TestImportLogsEveryResident: an import logs one entry per resident the
// bundle carries and then one for the import, in that order and in one
// unbroken chain, however many transactions the entries are written in.
func TestImportLogsEveryResident(t *testing.T) {
	for _, chunk := range []int{1, 2, 10_000} {
		t.Run(fmt.Sprint("chunk=", chunk), func(t *testing.T) {
			defer session.SetImportLogChunk(chunk)()
			laptop, lv := realSession(t, clock)
			office, ov := realSession(t, clock)
			intakes := fill(t, lv, 3, now.Add(-time.Hour))
			officeSet, _ := office.Settings()
			if _, err := laptop.SetOffice(officeSet.Recipient); err != nil {
				t.Fatal(err)
			}
			res, err := laptop.Handover(session.HandoverRequest{Folder: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			sessiontest.ImportFrom(t, laptop, office, res.Path)
			var imports []string // residents of the import entries, "" for the import's own
			err = ov.View(func(tx *store.Tx) error {
				return tx.ForEachLog(func(e store.LogEntry) error {
					if e.Action == store.ActImport {
						imports = append(imports, e.Resident)
					}
					return nil
				})
			})
			if err != nil {
				t.Fatal(err)
			}
			want := []string{}
			for _, x := range intakes {
				want = append(want, x.ResidentID)
			}
			slices.Sort(want) // the bundle's order: by ID
			want = append(want, "")
			if !reflect.DeepEqual(imports, want) {
				t.Errorf("import entries for %q, want %q", imports, want)
			}
			if rep, err := ov.Check(); err != nil || !rep.OK() {
				t.Errorf("Check: %v %+v", err, rep.Failures)
			}
		})
	}
}
