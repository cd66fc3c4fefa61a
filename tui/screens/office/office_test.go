package office_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/office"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

// open starts a screen the way the app does: its size, then its start.
func open(t *testing.T, s common.Screen) {
	t.Helper()
	s.Update(common.SizeMsg{Width: screentest.Width, Height: screentest.Height - 2})
	if i, ok := s.(common.Initer); ok {
		screentest.Run(t, s, i.Init())
	}
}

// clearField empties the focused text field.
func clearField(t *testing.T, s common.Screen, n int) {
	for range n {
		screentest.Press(t, s, "backspace")
	}
}

// TestHandoverToTheOffice: without the office's key the screen says so;
// with it, it says what goes before anything is written, writes the
// signed file into the folder typed (remembered for next time) with a
// progress bar, and ends with the count and the full path; a second time
// there is nothing new, and no file.
func TestHandoverToTheOffice(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	a := newLaptop(t, "laptop-anna", "nl")
	a.fill(t, "Jan de Vries", "Fatima Özdemir")
	s := office.NewHandover(a.ctx, "")
	open(t, s)
	if f := screentest.Joined(screentest.Plain(s)); !strings.Contains(f, "De sleutel van kantoor is nog niet ingesteld") {
		t.Fatalf("without the office's key:\n%s", screentest.Plain(s))
	}

	kantoor := newLaptop(t, "kantoor", "nl")
	officeSet := kantoor.settings(t)
	if _, err := a.s.SetOffice(officeSet.Recipient); err != nil {
		t.Fatal(err)
	}
	usb := t.TempDir()
	s = office.NewHandover(a.ctx, "")
	open(t, s)
	frame := screentest.Frame(a.ctx, s)
	if j := screentest.Joined(frame); !strings.Contains(j, "Wat meegaat: 2 gesprekken van 2 bewoners. Dit is de eerste keer") ||
		!strings.Contains(j, "Niet mee, want zonder toestemming voor overdracht: 1 gesprek.") ||
		!strings.Contains(j, "Kantoor ("+officeSet.OfficePrint+")") && !strings.Contains(j, officeSet.RecipientPrint) {
		t.Fatalf("the plan:\n%s", frame)
	}
	screentest.RequireGolden(t, fixed(frame, officeSet.RecipientPrint))
	if n := listFiles(t, usb); len(n) != 0 {
		t.Fatalf("files before enter: %v", n)
	}

	// The folder: tab to it, type it, enter.
	screentest.Press(t, s, "tab", "tab")
	if !s.Typing() {
		t.Fatal("the folder field does not have the keyboard")
	}
	clearField(t, s, 40)
	screentest.TypeText(t, s, usb)
	screentest.Press(t, s, "enter")
	want := filepath.Join(usb, "overdracht-2026-11-27.age")
	if got := listFiles(t, usb); !reflect.DeepEqual(got, []string{"overdracht-2026-11-27.age", "overdracht-2026-11-27.age.minisig"}) {
		t.Fatalf("files: %v", got)
	}
	done := screentest.Plain(s)
	if j := strings.ReplaceAll(screentest.Joined(done), " ", ""); !strings.Contains(screentest.Joined(done), "2 gesprekken klaar voor kantoor:") ||
		!strings.Contains(j, strings.ReplaceAll(want, " ", "")) || !strings.Contains(j, "overdracht-2026-11-27.age.minisig") {
		t.Fatalf("the result:\n%s", done)
	}
	screentest.Fits(t, screentest.Frame(a.ctx, s), screentest.Width, screentest.Height)
	if set := a.settings(t); set.Folder != usb {
		t.Fatalf("the folder was not remembered: %q", set.Folder)
	}

	// Again: nothing new, no file.
	s = office.NewHandover(a.ctx, "")
	open(t, s)
	if j := screentest.Joined(screentest.Plain(s)); !strings.Contains(j, "Er is niets nieuws of veranderd sinds 27-11-2026.") || !strings.Contains(j, usb) {
		t.Fatalf("the second plan:\n%s", screentest.Plain(s))
	}
	screentest.Press(t, s, "tab", "tab", "enter")
	if j := screentest.Joined(screentest.Plain(s)); !strings.Contains(j, "Er is geen bestand gemaakt.") {
		t.Fatalf("nothing to hand over:\n%s", screentest.Plain(s))
	}
	if got := listFiles(t, usb); len(got) != 2 {
		t.Fatalf("files: %v", got)
	}
}

// TestHandoverToAColleague: the resident chosen at home goes to a
// colleague's key; the screen then asks keep or erase; erase names what
// goes and needs j; afterwards the resident is gone from this laptop and
// the colleague's laptop reads it in whole.
func TestHandoverToAColleague(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	a := newLaptop(t, "laptop-anna", "nl")
	ids := a.fill(t, "Jan de Vries", "Fatima Özdemir")
	bram := newLaptop(t, "laptop-bram", "nl")
	bram.register(t, a, "Laptop Anna")
	bramSet := bram.settings(t)
	dir := t.TempDir()
	if _, err := a.s.SetFolder(dir); err != nil {
		t.Fatal(err)
	}

	s := office.NewHandover(a.ctx, ids[0])
	open(t, s)
	screentest.Press(t, s, "right") // what: only Jan
	screentest.Press(t, s, "tab", "right")
	if j := screentest.Joined(screentest.Plain(s)); !strings.Contains(j, "Wat meegaat: 1 gesprek van deze bewoner.") || !strings.Contains(j, "Collega") {
		t.Fatalf("a colleague chosen:\n%s", screentest.Plain(s))
	}
	screentest.Press(t, s, "tab", "tab", "tab", "enter") // to the folder, enter: no name yet
	if j := screentest.Joined(screentest.Plain(s)); !strings.Contains(j, "Typ de naam van de collega.") {
		t.Fatalf("without a name:\n%s", screentest.Plain(s))
	}
	screentest.TypeText(t, s, "Bram")
	screentest.Press(t, s, "tab")
	screentest.TypeText(t, s, bramSet.Recipient)
	t.Run("fields", func(t *testing.T) {
		screentest.RequireGolden(t, mask(screentest.Frame(a.ctx, s), bramSet.Recipient, dir))
	})
	screentest.Press(t, s, "tab", "enter")
	ask := screentest.Joined(screentest.Plain(s))
	if !strings.Contains(ask, "1 gesprek van Jan de Vries klaar voor Bram:") || !strings.Contains(ask, "Wat doet u met de gegevens van Jan de Vries op deze laptop?") {
		t.Fatalf("after the handover:\n%s", screentest.Plain(s))
	}
	if mark, ok, _ := a.s.HandedOverMark(ids[0]); !ok || mark.To != "Bram" {
		t.Fatalf("not marked: %+v", mark)
	}
	screentest.Press(t, s, "w")
	confirm := screentest.Frame(a.ctx, s)
	if j := screentest.Joined(confirm); !strings.Contains(j, "Jan de Vries (de bewoner)") || !strings.Contains(j, "Het gesprek van 26-11-2026 (open)") ||
		!strings.Contains(j, "De cijfers blijven") {
		t.Fatalf("the question before erasing:\n%s", confirm)
	}
	t.Run("erase", func(t *testing.T) { screentest.RequireGolden(t, mask(confirm, bramSet.Recipient, dir)) })
	screentest.Press(t, s, "n") // no: back to the question, nothing erased
	if r, _ := a.count(t); r != 3 {
		t.Fatalf("erased without j: %d residents", r)
	}
	screentest.Press(t, s, "w", "j")
	if j := screentest.Joined(screentest.Plain(s)); !strings.Contains(j, "Gewist van deze laptop: 1 gesprek.") {
		t.Fatalf("after erasing:\n%s", screentest.Plain(s))
	}
	if _, err := a.s.Resident(ids[0]); err == nil {
		t.Fatal("the resident is still on this laptop")
	}
	if _, err := a.s.Resident(ids[1]); err != nil {
		t.Fatalf("another resident went: %v", err)
	}

	// Bram's laptop reads it in.
	files := listFiles(t, dir)
	if len(files) != 2 {
		t.Fatalf("files: %v", files)
	}
	in, err := bram.s.OpenBundle(filepath.Join(dir, files[0]), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bram.s.Import(in, nil); err != nil {
		t.Fatal(err)
	}
	if r, err := bram.s.Resident(ids[0]); err != nil || r.Pseudonym != "Jan de Vries" {
		t.Fatalf("at the colleague's: %+v %v", r, err)
	}
}

// TestImportScreen: the office sees who sent a file and what it holds
// before anything is written; enter reads it in with the origin kept; a
// file from a laptop that is not registered, or whose signature was
// changed, is refused by a sentence and nothing is read in.
func TestImportScreen(t *testing.T) {
	a := newLaptop(t, "laptop-anna", "nl")
	a.fill(t, "Jan de Vries", "Fatima Özdemir")
	kantoor := newLaptop(t, "kantoor", "nl")
	if _, err := a.s.SetOffice(kantoor.settings(t).Recipient); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	res, err := a.s.Handover(session.HandoverRequest{SinceLast: true, Folder: dir})
	if err != nil {
		t.Fatal(err)
	}
	file := res.Path
	bad := filepath.Join(dir, "kapot.age")
	data, _ := os.ReadFile(res.Path)
	sig, _ := os.ReadFile(session.SignaturePath(res.Path))
	if err := os.WriteFile(bad, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad+".minisig", []byte(strings.Replace(string(sig), `"user":"anna"`, `"user":"bram"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}

	try := func(name string) *office.Import {
		s := office.NewImport(kantoor.ctx)
		open(t, s)
		screentest.TypeText(t, s, name)
		screentest.Press(t, s, "enter")
		return s
	}
	s := try(file)
	if j := screentest.Joined(screentest.Plain(s)); !strings.Contains(j, "die zich \u201claptop-anna\u201d noemt") || !strings.Contains(j, "niet aangemeld") {
		t.Fatalf("an unregistered laptop:\n%s", screentest.Plain(s))
	}
	kantoor.register(t, a, "Laptop Anna")
	s = try(bad)
	if j := screentest.Joined(screentest.Plain(s)); !strings.Contains(j, "De handtekening past niet bij dit bestand") {
		t.Fatalf("a changed signature:\n%s", screentest.Plain(s))
	}
	if r, i := kantoor.count(t); r+i != 0 {
		t.Fatalf("a refused file was read in: %d %d", r, i)
	}

	s = try(file)
	frame := screentest.Frame(kantoor.ctx, s)
	keyID := session.GroupKeyID(a.settings(t).KeyID)
	if j := screentest.Joined(frame); !strings.Contains(j, "laptop \u201cLaptop Anna\u201d (noemt zich \u201claptop-anna\u201d), door anna") ||
		!strings.Contains(j, "Gesprekken 2 0 0") || !strings.Contains(j, "Bewoners 2 0 0") || !strings.Contains(frame, keyID) {
		t.Fatalf("who and what:\n%s", frame)
	}
	screentest.RequireGolden(t, fixed(mask(frame, file), keyID))
	if r, i := kantoor.count(t); r+i != 0 {
		t.Fatalf("checking wrote %d residents, %d intakes", r, i)
	}
	screentest.Press(t, s, "enter")
	if j := screentest.Joined(screentest.Plain(s)); !strings.Contains(j, "Ingelezen: 2 gesprekken nieuw, 0 bijgewerkt, 0 overgeslagen.") {
		t.Fatalf("after reading in:\n%s", screentest.Plain(s))
	}
	if r, i := kantoor.count(t); r != 2 || i != 2 {
		t.Fatalf("read in %d residents, %d intakes", r, i)
	}
}

// TestImportRefusedForAKompaan: only a supporter imports.
func TestImportRefusedForAKompaan(t *testing.T) {
	k := newLaptop(t, "x", "nl")
	if err := k.v.AddUser("kees", "kompaan", []byte(pass)); err != nil {
		t.Fatal(err)
	}
	if err := k.s.Unlock("kees", []byte(pass)); err != nil {
		t.Fatal(err)
	}
	for _, s := range []common.Screen{office.NewImport(k.ctx), office.NewHandover(k.ctx, "")} {
		open(t, s)
		if j := screentest.Joined(screentest.Plain(s)); !strings.Contains(j, "Met uw rol mag u dit niet doen.") {
			t.Fatalf("%s for a kompaan:\n%s", s.Title(), screentest.Plain(s))
		}
	}
}

// TestLockDropsWhatIsRead: on lock the import screen drops the checked
// bundle (it holds the residents' records) and the handover screen the
// resident's name; after unlocking nothing of it is on screen, and enter
// on the import screen checks the file again instead of importing.
func TestLockDropsWhatIsRead(t *testing.T) {
	a := newLaptop(t, "laptop-anna", "nl")
	ids := a.fill(t, "Jan de Vries")
	kantoor := newLaptop(t, "kantoor", "nl")
	kantoor.register(t, a, "Laptop Anna")
	if _, err := a.s.SetOffice(kantoor.settings(t).Recipient); err != nil {
		t.Fatal(err)
	}
	res, err := a.s.Handover(session.HandoverRequest{SinceLast: true, Folder: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	imp := office.NewImport(kantoor.ctx)
	open(t, imp)
	screentest.TypeText(t, imp, res.Path)
	screentest.Press(t, imp, "enter")
	if !strings.Contains(screentest.Plain(imp), "laptop-anna") {
		t.Fatalf("not checked:\n%s", screentest.Plain(imp))
	}
	imp.Locked()
	screentest.Run(t, imp, imp.Unlocked())
	if strings.Contains(screentest.Plain(imp), "laptop-anna") {
		t.Fatalf("the sender is still shown after the lock:\n%s", screentest.Plain(imp))
	}
	screentest.Press(t, imp, "enter") // checks again, does not import
	if r, i := kantoor.count(t); r+i != 0 {
		t.Fatalf("enter after the lock imported %d residents, %d intakes", r, i)
	}

	ho := office.NewHandover(a.ctx, ids[0])
	open(t, ho)
	screentest.Press(t, ho, "right")
	if !strings.Contains(screentest.Plain(ho), "Jan de Vries") {
		t.Fatalf("no name:\n%s", screentest.Plain(ho))
	}
	ho.Locked()
	if strings.Contains(screentest.Plain(ho), "Jan de Vries") {
		t.Fatalf("the name is still shown after the lock:\n%s", screentest.Plain(ho))
	}
	screentest.Run(t, ho, ho.Unlocked())
	if !strings.Contains(screentest.Plain(ho), "Jan de Vries") {
		t.Fatalf("the name did not come back after unlocking:\n%s", screentest.Plain(ho))
	}
}
