//go:build !windows

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// Keys for the office loop, as an xterm sends them.
const (
	keyCtrlK = "\x0b"
	keyF7    = "\x1b[18~"
	keyF9    = "\x1b[20~"
	keyBS    = "\x7f"
)

// run runs the binary on the vault with the passphrase in the
// environment and returns its output; a failure ends the test.
func (v *e2eVault) run(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(v.bin, append([]string{"--db", v.db}, args...)...)
	cmd.Env = append(v.env(), "SPREEKUUR_PASSPHRASE="+e2ePass)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return string(out)
}

// startHandoverIntake is startIntake with consent to hand over to the
// office as well.
func (a *appSession) startHandoverIntake(name, question string) {
	a.t.Helper()
	a.press(keyCtrlN)
	a.waitFor("1/7 Start", "> Plaats")
	a.press(keyRight)
	a.press(keyTab, keyTab, keyTab, keyTab, keyTab)
	a.waitFor("> Toestemming")
	a.press(keySpace)
	a.waitForLine("Later contact", "[ ] Nee")
	a.press(keyTab, keyTab)
	a.waitForLine("> Naar ons kantoor")
	a.press(keySpace)
	a.waitForLine("Naar ons kantoor", "Ja")
	a.press(keyTab, keyTab)
	a.waitFor("> Naam of initialen")
	a.press(name)
	a.press(keyTab)
	a.waitForLine("Naam of initialen", name)
	a.press(keyPgDn)
	a.waitFor("2/7 Uw vraag", "> In eigen woorden")
	a.press(question)
	a.waitFor(question)
}

// erase empties the focused field (n backspaces).
func (a *appSession) erase(n int) {
	a.press(strings.Repeat(keyBS, n))
}

// fillOne puts one resident with one intake (consent to hand over) in the
// vault, straight through the store.
func (v *e2eVault) fillOne(t *testing.T) {
	t.Helper()
	sv, err := store.Open(v.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sv.Close()
	if err := sv.Unlock("", []byte(e2ePass)); err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-time.Hour)
	r := intake.NewResident("Van Laptop B", at)
	in := intake.NewIntake(at)
	in.ResidentID, in.Status = r.ID, intake.StatusOpen
	in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes, intake.ScopeHandover}, At: at}
	err = sv.Update(func(tx *store.Tx) error {
		if err := tx.Put(store.KindResident, r.ID, r); err != nil {
			return err
		}
		return tx.SaveIntake(in, intake.DefaultCatalogue(), at)
	})
	if err != nil {
		t.Fatal(err)
	}
}

var ageRecipientRE = regexp.MustCompile(`age1[0-9a-z]{58}`)

// testOfficeLoop is the office loop without a command line (issue 16),
// in the real binary on a pseudo-terminal of 80×24 (TestEndToEnd): the
// office reads its key from its settings; laptop A sets it in its
// settings, makes two intakes and hands them over from the app into a
// folder; the real minisign verifies the signature with the key `laptops
// self` prints; the office registers laptop A, refuses a bundle signed by
// an unregistered laptop and bundles whose signature was cut or changed
// (nothing imported), then imports laptop A's and sees the intakes.
func testOfficeLoop(t *testing.T, bin string) {
	laptopA, office, laptopB := newE2EVault(t, bin), newE2EVault(t, bin), newE2EVault(t, bin)
	usb := filepath.Join(laptopA.dir, "usb")
	if err := os.Mkdir(usb, 0o700); err != nil {
		t.Fatal(err)
	}
	names := []string{randomMarker(t, "Bewoner"), randomMarker(t, "Bewoner")}

	// The office reads its receiving key in its settings.
	app := office.start(t)
	app.unlock()
	app.press(keyF9)
	screen := app.waitFor("Spreekuur · instellingen", "Ontvangstsleutel", "vingerafdruk")
	officeKey := ageRecipientRE.FindString(screen)
	if officeKey == "" {
		t.Fatalf("no receiving key on the office's settings:\n%s", boxed(screen))
	}
	app.quit()

	// Laptop A: the office's key and the folder in the settings.
	app = laptopA.start(t)
	app.unlock()
	app.press(keyF9)
	app.waitFor("Spreekuur · instellingen", "> Sleutel van kantoor  nog niet ingesteld")
	app.press(keyEnter)
	app.waitFor("Nieuw:")
	app.press(officeKey, keyEnter)
	app.waitFor("Vergelijk de vingerafdruk")
	app.press(keyDown, keyEnter)
	app.waitFor("Nieuw:")
	app.erase(80)
	app.press(usb, keyEnter)
	app.waitFor("Bewaard.")
	app.press(keyEsc)
	app.waitFor("Spreekuur · overzicht")

	// Two intakes, then Naar kantoor.
	for i, name := range names {
		app.startHandoverIntake(name, "vraag "+name)
		app.press(keyCtrlO)
		app.waitForLine(name, "Nog bezig")
		if i == 0 {
			app.waitFor("1 van 1")
		}
	}
	app.waitFor("2 van 2")
	app.press(keyCtrlK)
	app.waitFor("Spreekuur · naar kantoor", "Wat meegaat: 2 gesprekken van 2 bewoners")
	app.press(keyTab, keyTab, keyEnter)
	app.waitFor("2 gesprekken klaar voor kantoor:")
	app.quit()
	entries, err := os.ReadDir(usb)
	if err != nil || len(entries) != 2 {
		t.Fatalf("the folder holds %v (%v)", entries, err)
	}
	bundle := filepath.Join(usb, entries[0].Name())
	if !strings.HasPrefix(entries[0].Name(), "overdracht-") || entries[1].Name() != entries[0].Name()+".minisig" {
		t.Fatalf("files: %s, %s", entries[0].Name(), entries[1].Name())
	}

	// The real minisign, with the public key as `laptops self` prints it.
	pub := filepath.Join(t.TempDir(), "laptop.pub")
	if err := os.WriteFile(pub, []byte(laptopA.run(t, "laptops", "self")), 0o600); err != nil {
		t.Fatal(err)
	}
	if minisign, err := exec.LookPath("minisign"); err == nil {
		out, err := exec.Command(minisign, "-V", "-p", pub, "-m", bundle).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "Signature and comment signature verified") || !strings.Contains(string(out), `"user":"Anna"`) {
			t.Fatalf("minisign -V: %v\n%s", err, out)
		}
	} else if os.Getenv("SPREEKUUR_REQUIRE_MINISIGN") != "" {
		t.Fatal("minisign is not installed, but SPREEKUUR_REQUIRE_MINISIGN is set")
	} else {
		t.Log("minisign is not installed: the signature is not checked with the real tool here")
	}

	// Bundles the office must refuse: one signed by laptop B (not
	// registered), one whose signature is cut off, one whose trusted
	// comment was changed.
	laptopB.fillOne(t)
	laptopB.run(t, "export", "bundle", "--to", officeKey, "-o", filepath.Join(usb, "van-b.age"))
	data, _ := os.ReadFile(bundle)
	sig, _ := os.ReadFile(bundle + ".minisig")
	refused := map[string]string{
		filepath.Join(usb, "van-b.age"):          "die zich",
		filepath.Join(usb, "afgeknipt.age"):      "De handtekening past niet",
		filepath.Join(usb, "veranderd.age"):      "De handtekening past niet",
		filepath.Join(usb, "zonder-handtek.age"): "staat geen handtekening",
	}
	writeBoth := func(name string, sig []byte) {
		if err := os.WriteFile(name, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if sig != nil {
			if err := os.WriteFile(name+".minisig", sig, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	writeBoth(filepath.Join(usb, "afgeknipt.age"), sig[:len(sig)-30])
	writeBoth(filepath.Join(usb, "veranderd.age"), []byte(strings.Replace(string(sig), `"user":"Anna"`, `"user":"Bram"`, 1)))
	writeBoth(filepath.Join(usb, "zonder-handtek.age"), nil)

	// The office registers laptop A, then reads in from its app.
	office.run(t, "laptops", "add", "Laptop A", pub)
	app = office.start(t)
	app.unlock()
	for file, said := range refused {
		app.press(keyF7)
		app.waitFor("Spreekuur · bestand inlezen", "> Bestand")
		app.press(file, keyEnter)
		app.waitFor(said)
		app.press(keyEsc)
		app.waitFor("Spreekuur · overzicht", "Er zijn nog geen gesprekken.")
	}
	app.press(keyF7)
	app.waitFor("> Bestand")
	app.press(bundle, keyEnter)
	app.waitFor("laptop “Laptop A”", "door Anna", "Druk op enter om in te lezen")
	app.waitForLine("Gesprekken", "2", "0")
	app.press(keyEnter)
	app.waitFor("Ingelezen: 2 gesprekken nieuw, 0 bijgewerkt, 0 overgeslagen.")
	app.press(keyEsc)
	app.waitFor("2 van 2")
	app.waitForLine(names[0])
	app.waitForLine(names[1])
	app.press(keyEnter)
	app.waitFor("Ingelezen van laptop “Laptop A” (Anna)")
	app.quit()
	office.check(t)

	// Nothing of the refused bundles came in: two residents, two intakes.
	sv, err := store.Open(office.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sv.Close()
	if err := sv.Unlock("", []byte(e2ePass)); err != nil {
		t.Fatal(err)
	}
	_ = sv.View(func(tx *store.Tx) error {
		if r, i := tx.Count(store.KindResident), tx.Count(store.KindIntake); r != 2 || i != 2 {
			t.Errorf("the office holds %d residents and %d intakes, want 2 and 2", r, i)
		}
		return nil
	})
}
