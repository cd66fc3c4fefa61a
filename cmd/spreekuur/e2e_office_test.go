//go:build !windows

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
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

var ageRecipientRE = regexp.MustCompile(`age1[0-9a-z]{58}`)

var signingKeyRE = regexp.MustCompile(`RW[A-Za-z0-9+/]{54}`)

// testOfficeLoop is the office loop without a command line (issue 16),
// in the real binary on a pseudo-terminal of 80×24 (TestEndToEnd): the
// office reads its key in its settings; laptop A sets it in its
// settings, makes two intakes and hands them over from the app into a
// folder; the real minisign verifies the signature with the key `laptops
// self` prints; the office registers laptop A in its app (by the signing
// key laptop A's settings show), refuses a bundle signed by a key it
// does not know and bundles whose signature was cut, changed or left
// out (nothing imported), then imports laptop A's and sees the intakes.
// Both apps run side by side; every unlock is a real Argon2id, so there
// are as few as the loop needs.
func testOfficeLoop(t *testing.T, bin string) {
	laptopA, office := newE2EVault(t, bin), newE2EVault(t, bin)
	usb := filepath.Join(laptopA.dir, "usb")
	if err := os.Mkdir(usb, 0o700); err != nil {
		t.Fatal(err)
	}
	names := []string{randomMarker(t, "Bewoner"), randomMarker(t, "Bewoner")}

	// The office reads its receiving key in its settings (and stays open).
	kantoor := office.start(t)
	kantoor.unlock()
	kantoor.press(keyF9)
	screen := kantoor.waitFor("Spreekuur · instellingen", "Ontvangstsleutel", "vingerafdruk")
	officeKey := ageRecipientRE.FindString(screen)
	if officeKey == "" {
		t.Fatalf("no receiving key on the office's settings:\n%s", boxed(screen))
	}

	// Laptop A: the office's key and the folder in the settings.
	app := laptopA.start(t)
	app.unlock()
	app.press(keyF9)
	screen = app.waitFor("Spreekuur · instellingen", "> Sleutel van kantoor  nog niet ingesteld", "Ondertekensleutel")
	signingKey := signingKeyRE.FindString(screen)
	if signingKey == "" {
		t.Fatalf("no signing key on laptop A's settings:\n%s", boxed(screen))
	}
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

	// The real minisign, with the public key as `laptops self` prints it:
	// the one laptop A's settings showed.
	self := laptopA.run(t, "laptops", "self")
	if !strings.Contains(self, signingKey) {
		t.Fatalf("laptops self prints another key than the settings show:\n%s", self)
	}
	pub := filepath.Join(t.TempDir(), "laptop.pub")
	if err := os.WriteFile(pub, []byte(self), 0o600); err != nil {
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

	// Bundles the office must refuse: the same bundle signed by a key it
	// does not know, one whose signature is cut off, one whose trusted
	// comment was changed, one without a signature.
	data, _ := os.ReadFile(bundle)
	sig, _ := os.ReadFile(bundle + ".minisig")
	writeBoth := func(name string, sig []byte) string {
		p := filepath.Join(usb, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if sig != nil {
			if err := os.WriteFile(p+".minisig", sig, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	refused := map[string]string{
		newCraftKey(t).sign(t, filepath.Join(usb, "onbekend.age"), data):                                      "die zich “handwerk” noemt",
		writeBoth("afgeknipt.age", sig[:len(sig)-30]):                                                         "De handtekening past niet",
		writeBoth("veranderd.age", []byte(strings.Replace(string(sig), `"user":"Anna"`, `"user":"Bram"`, 1))): "De handtekening past niet",
		writeBoth("zonder-handtekening.age", nil):                                                             "staat geen handtekening",
	}

	// The office registers laptop A in its app, by the key A showed.
	kantoor.press(keyDown, keyDown, keyDown, keyDown, keyDown, keyDown)
	kantoor.waitForLine("> Laptops die sturen", "0 aangemeld")
	kantoor.press(keyEnter)
	kantoor.waitFor("Spreekuur · laptops die sturen", "Er is nog geen laptop aangemeld.")
	kantoor.press(keyCtrlN)
	kantoor.waitFor("> Naam")
	kantoor.press("Laptop A", keyTab, signingKey, keyEnter)
	kantoor.waitFor("Laptop “Laptop A” is aangemeld")
	kantoor.press(keyEsc)
	kantoor.waitForLine("> Laptops die sturen", "1 aangemeld")
	kantoor.press(keyEsc)
	kantoor.waitFor("Spreekuur · overzicht", "Er zijn nog geen gesprekken.")

	// From its app it refuses the four, then reads in laptop A's.
	for file, said := range refused {
		kantoor.press(keyF7)
		kantoor.waitFor("Spreekuur · bestand inlezen", "> Bestand")
		kantoor.press(file, keyEnter)
		kantoor.waitFor(said)
		kantoor.press(keyEsc)
		kantoor.waitFor("Spreekuur · overzicht", "Er zijn nog geen gesprekken.")
	}
	kantoor.press(keyF7)
	kantoor.waitFor("> Bestand")
	kantoor.press(bundle, keyEnter)
	kantoor.waitFor("laptop “Laptop A”", "door Anna", "Druk op enter om in te lezen")
	kantoor.waitForLine("Gesprekken", "2", "0")
	kantoor.press(keyEnter)
	kantoor.waitFor("Ingelezen: 2 gesprekken nieuw, 0 bijgewerkt, 0 overgeslagen.")
	kantoor.press(keyEsc)
	kantoor.waitFor("2 van 2")
	kantoor.waitForLine(names[0])
	kantoor.waitForLine(names[1])
	kantoor.press(keyEnter)
	kantoor.waitFor("Ingelezen van laptop “Laptop A” (Anna)")
	kantoor.quit()
	office.check(t)
}
