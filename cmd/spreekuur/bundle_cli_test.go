package main

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"aead.dev/minisign"
	"filippo.io/age"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/bundle"
)

var annaEnv = []string{"SPREEKUUR_PASSPHRASE=" + annaPass}

// annaVault opens the vault at db and unlocks it as Anna; the caller
// closes it.
func annaVault(t *testing.T, db string) *store.Vault {
	t.Helper()
	v, err := store.Open(db, store.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock("Anna", []byte(annaPass)); err != nil {
		_ = v.Close()
		t.Fatal(err)
	}
	return v
}

// fillVault adds n residents with one intake each (consent to hand over)
// and one intake without that consent; it returns the resident IDs and
// the own words of the intakes.
func fillVault(t *testing.T, db string, n int) (residents, words []string) {
	t.Helper()
	v := annaVault(t, db)
	defer v.Close()
	cat := intake.DefaultCatalogue()
	at := time.Date(2025, 5, 6, 9, 30, 0, 0, time.UTC)
	err := v.Update(func(tx *store.Tx) error {
		for i := range n + 1 {
			r := intake.NewResident(fmt.Sprintf("R%d", i), at)
			if err := tx.Put(store.KindResident, r.ID, r); err != nil {
				return err
			}
			in := intake.NewIntake(at)
			in.ResidentID, in.Status = r.ID, intake.StatusOpen
			in.OwnWords = fmt.Sprintf("SECRET-WORDS-%d", i)
			scopes := []intake.ConsentScope{intake.ScopeNotes, intake.ScopeHandover}
			if i == n {
				scopes = scopes[:1] // the last one may not leave the laptop
			} else {
				residents, words = append(residents, r.ID), append(words, in.OwnWords)
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
	return residents, words
}

func vaultCounts(t *testing.T, db string) string {
	t.Helper()
	v := annaVault(t, db)
	defer v.Close()
	var s string
	_ = v.View(func(tx *store.Tx) error {
		s = fmt.Sprintf("%d residents, %d intakes, %d stats",
			tx.Count(store.KindResident), tx.Count(store.KindIntake), tx.Count(store.KindStat))
		return nil
	})
	return s
}

// officeKey writes an age identity file and returns it and the recipient.
func officeKey(t *testing.T) (string, string) {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "office-key.txt")
	if err := os.WriteFile(p, []byte("# office key (test)\n"+id.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p, id.Recipient().String()
}

func oneLine(t *testing.T, r result) {
	t.Helper()
	if strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || r.stderr == "" {
		t.Errorf("stderr is not one sentence:\n%s", r.stderr)
	}
}

// laptopPub writes what `laptops self` prints for the vault db to a file
// and returns its path.
func laptopPub(t *testing.T, db string) string {
	t.Helper()
	r := spreekuur(t, annaEnv, "--db", db, "laptops", "self")
	if r.code != 0 {
		t.Fatalf("laptops self: %d %s", r.code, r.stderr)
	}
	p := filepath.Join(t.TempDir(), "laptop.pub")
	if err := os.WriteFile(p, []byte(r.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// registerLaptop registers the laptop of vault from in vault at.
func registerLaptop(t *testing.T, at, from, name string) {
	t.Helper()
	if r := spreekuur(t, annaEnv, "--db", at, "laptops", "add", name, laptopPub(t, from)); r.code != 0 {
		t.Fatalf("laptops add: %d %s", r.code, r.stderr)
	}
}

// craftKey is a signing key for bundles a test makes by hand: its public
// key is registered like a laptop's.
type craftKey struct {
	pub  minisign.PublicKey
	priv minisign.PrivateKey
}

func newCraftKey(t *testing.T) craftKey {
	t.Helper()
	pub, priv, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return craftKey{pub, priv}
}

// sign writes data to path and its signature, made the way docs/BUNDLE.md
// §9 says, beside it.
func (k craftKey) sign(t *testing.T, path string, data []byte) string {
	t.Helper()
	r := minisign.NewReader(bytes.NewReader(data))
	if _, err := io.Copy(io.Discard, r); err != nil {
		t.Fatal(err)
	}
	comment := `spreekuur-bundle-signature v1 {"laptop":"handwerk","user":"Test","date":"2025-05-06T09:30:00Z"}`
	sig := r.SignWithComments(k.priv, comment, "test")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".minisig", sig, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func (k craftKey) register(t *testing.T, db string) {
	t.Helper()
	if r := spreekuur(t, annaEnv, "--db", db, "laptops", "add", "Handwerk", k.pub.String()); r.code != 0 {
		t.Fatalf("laptops add: %d %s", r.code, r.stderr)
	}
}

var secretKeyRE = regexp.MustCompile(`AGE-SECRET-KEY-1[0-9A-Z]{10}`)

var countsRE = regexp.MustCompile(`intakes:\s+(\d+) added, (\d+) updated, (\d+) skipped`)

func TestCLIBundleRoundTrip(t *testing.T) {
	db, _ := initVault(t)
	_, words := fillVault(t, db, 3)
	key, recipient := officeKey(t)
	outDir := t.TempDir()
	out := filepath.Join(outDir, "naar-kantoor.age")

	r := spreekuur(t, annaEnv, "--db", db, "export", "bundle", "--to", recipient, "-o", out)
	if r.code != 0 || !strings.Contains(r.stdout, "Wrote 3 intake(s) and 3 resident(s)") || !strings.Contains(r.stdout, "1 intake(s) without consent") ||
		!strings.Contains(r.stdout, "Signed by laptop") || !strings.Contains(r.stdout, out+".minisig") {
		t.Fatalf("export: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, p := range []string{out, out + ".minisig"} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", p, fi, err)
		}
	}
	sigData, _ := os.ReadFile(out + ".minisig")
	data, _ := os.ReadFile(out)
	for _, w := range words {
		if bytes.Contains(data, []byte(w)) {
			t.Fatalf("%s is readable in the bundle file", w)
		}
	}
	if entries, _ := os.ReadDir(outDir); len(entries) != 2 {
		t.Fatalf("temporary files left behind: %v", entries)
	}

	// Never overwritten without --force; with it, replaced.
	r = spreekuur(t, annaEnv, "--db", db, "export", "bundle", "--to", recipient, "-o", out)
	if r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Fatalf("existing file: %d %s", r.code, r.stderr)
	}
	oneLine(t, r)
	if now, _ := os.ReadFile(out); !bytes.Equal(now, data) {
		t.Fatal("the existing file was changed")
	}
	if now, _ := os.ReadFile(out + ".minisig"); !bytes.Equal(now, sigData) {
		t.Fatal("the existing signature was changed")
	}
	r = spreekuur(t, annaEnv, "--db", db, "export", "bundle", "--to", recipient, "-o", out, "--force")
	if r.code != 0 {
		t.Fatalf("--force: %d %s", r.code, r.stderr)
	}

	// Into a second vault, twice, once it registered the laptop.
	db2, _ := initVault(t)
	r = spreekuur(t, annaEnv, "--db", db2, "import", out, "--identity", key)
	if r.code != 1 || !strings.Contains(r.stderr, "not registered here") {
		t.Fatalf("import from an unregistered laptop: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	oneLine(t, r)
	registerLaptop(t, db2, db, "Laptop A")
	r = spreekuur(t, annaEnv, "--db", db2, "import", out, "--identity", key)
	if m := countsRE.FindStringSubmatch(r.stdout); r.code != 0 || m == nil || m[1] != "3" || m[2] != "0" || m[3] != "0" ||
		!strings.Contains(r.stdout, `from laptop "Laptop A" (Anna)`) {
		t.Fatalf("import: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	after := vaultCounts(t, db2)
	if after != "3 residents, 3 intakes, 3 stats" {
		t.Fatalf("second vault: %s", after)
	}
	r = spreekuur(t, annaEnv, "--db", db2, "import", "--identity", key, out)
	if m := countsRE.FindStringSubmatch(r.stdout); r.code != 0 || m == nil || m[1] != "0" || m[2] != "0" || m[3] != "3" {
		t.Fatalf("second import: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if got := vaultCounts(t, db2); got != after {
		t.Fatalf("second import changed the counts: %s", got)
	}
	if r := spreekuur(t, annaEnv, "--db", db2, "check"); r.code != 0 {
		t.Fatalf("check after import: %s", r.stderr)
	}
}

func TestCLIImportRefusals(t *testing.T) {
	db, _ := initVault(t)
	fillVault(t, db, 2)
	key, recipient := officeKey(t)
	_, otherRecipient := officeKey(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "bundle.age")
	if r := spreekuur(t, annaEnv, "--db", db, "export", "bundle", "--to", recipient, "-o", good); r.code != 0 {
		t.Fatalf("export: %s", r.stderr)
	}
	data, _ := os.ReadFile(good)
	sig, _ := os.ReadFile(good + ".minisig")
	write := func(name string, b, sig []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		if sig != nil {
			if err := os.WriteFile(p+".minisig", sig, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	flipped := bytes.Clone(data)
	flipped[len(flipped)/2] ^= 0x01
	craft := newCraftKey(t)
	stranger := newCraftKey(t)
	notAge := craft.sign(t, filepath.Join(dir, "notes.txt"), []byte("Dit is geen bundel.\n"))
	invalid, invalidID := invalidBundle(t, key)
	forOther := filepath.Join(dir, "other.age")
	if r := spreekuur(t, annaEnv, "--db", db, "export", "bundle", "--to", otherRecipient, "-o", forOther); r.code != 0 {
		t.Fatalf("export: %s", r.stderr)
	}
	changedSig := strings.Replace(string(sig), `"user":"Anna"`, `"user":"Bram"`, 1)

	db2, _ := initVault(t)
	fillVault(t, db2, 1)
	registerLaptop(t, db2, db, "Laptop A")
	craft.register(t, db2)
	before := vaultCounts(t, db2)
	// Every way a signature or a file can be wrong is in store/bundle's
	// tests; here each kind of sentence the command line says, once.
	tests := []struct {
		name, file, key string
		code            int
		want            string
	}{
		{"flipped byte", write("flipped.age", flipped, sig), key, 1, "signature does not match"},
		{"no signature", write("unsigned.age", data, nil), key, 1, "no signature beside this file"},
		{"trusted comment changed", write("comment.age", data, []byte(changedSig)), key, 1, "signature does not match"},
		{"signed by an unregistered laptop", stranger.sign(t, filepath.Join(dir, "stranger.age"), data), key, 1, `calls itself “handwerk”`},
		{"wrong identity", forOther, key, 1, "not encrypted for this vault"},
		{"not a bundle", notAge, key, 1, "not a spreekuur handover"},
		{"identity file is not a key", good, notAge, 1, "holds no age key"},
		{"missing file", filepath.Join(dir, "nope.age"), key, 1, "cannot read"},
		{"invalid record", craft.sign(t, filepath.Join(dir, "invalid.age"), invalid), key, 1, "a resident (" + invalidID[:8] + ") that is not safe to import (pseudonym"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"--db", db2, "import", tt.file}
			if tt.key != "" {
				args = append(args, "--identity", tt.key)
			}
			r := spreekuur(t, annaEnv, args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			oneLine(t, r)
			if strings.Contains(r.stderr, "\x1b") || strings.Contains(r.stderr, "Jan") {
				t.Fatal("record content in the error")
			}
			if secretKeyRE.MatchString(r.stderr) {
				t.Fatal("key material in the error")
			}
			if got := vaultCounts(t, db2); got != before {
				t.Fatalf("the vault changed: %s → %s", before, got)
			}
		})
	}

	// A removed laptop is refused by name, and nothing is imported.
	if r := spreekuur(t, annaEnv, "--db", db2, "laptops", "remove", "laptop a"); r.code != 0 || !strings.Contains(r.stdout, "Laptop A") {
		t.Fatalf("laptops remove: %d %s %s", r.code, r.stdout, r.stderr)
	}
	r := spreekuur(t, annaEnv, "--db", db2, "import", good, "--identity", key)
	if r.code != 1 || !strings.Contains(r.stderr, `laptop “Laptop A”, which was taken off the list`) {
		t.Fatalf("removed laptop: %d %s", r.code, r.stderr)
	}
	if got := vaultCounts(t, db2); got != before {
		t.Fatalf("the vault changed: %s → %s", before, got)
	}
	for _, args := range [][]string{{"import"}, {"import", good, good, "--identity", key}} {
		if r := spreekuur(t, annaEnv, append([]string{"--db", db2}, args...)...); r.code != 2 {
			t.Errorf("%v: exit %d %s", args, r.code, r.stderr)
		}
	}
}

// TestCLIImportDraft: a draft with a half-filled agreement, a referral to
// no one yet and a location code the office's catalogue lacks is safe, so
// it imports (it used to be refused whole by the form's completeness and
// catalogue checks).
func TestCLIImportDraft(t *testing.T) {
	key, _ := officeKey(t)
	data, in := draftBundle(t, key)
	craft := newCraftKey(t)
	file := craft.sign(t, filepath.Join(t.TempDir(), "draft.age"), data)
	db, _ := initVault(t)
	craft.register(t, db)
	r := spreekuur(t, annaEnv, "--db", db, "import", file, "--identity", key)
	if r.code != 0 || !strings.Contains(r.stdout, "residents: 1 added") {
		t.Fatalf("import: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	v, err := store.Open(db, store.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	var got intake.Intake
	err = v.Unlock("Anna", []byte(annaPass))
	if err == nil {
		err = v.View(func(tx *store.Tx) error { return tx.Get(store.KindIntake, in.ID, &got) })
	}
	if err := errors.Join(err, v.Close()); err != nil {
		t.Fatal(err)
	}
	if got.Location != in.Location || len(got.Agreements) != 1 || got.Agreements[0].What != "Brief meen" || len(got.Referrals) != 1 {
		t.Fatalf("imported intake %+v", got)
	}
	if r := spreekuur(t, annaEnv, "--db", db, "check"); r.code != 0 {
		t.Fatalf("check after import: %s", r.stderr)
	}
}

func TestCLIExportOptions(t *testing.T) {
	db, _ := initVault(t)
	residents, _ := fillVault(t, db, 2)
	key, recipient := officeKey(t)
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }

	usage := []struct {
		name string
		args []string
		want string
	}{
		{"no --to and no office key set", []string{"-o", out("a")}, "--to"},
		{"bad recipient", []string{"--to", "age1notakey", "-o", out("a")}, "starts with age1"},
		{"secret key as recipient", []string{"--to", "AGE-SECRET-KEY-1QQQQ", "-o", out("a")}, "starts with age1"},
		{"colleague without resident", []string{"--to", recipient, "--colleague", "Bram", "-o", out("a")}, "--resident"},
		{"no -o", []string{"--to", recipient}, "-o FILE"},
		{"both selections", []string{"--to", recipient, "--since-last", "--resident", residents[0], "-o", out("a")}, "either"},
	}
	for _, tt := range usage {
		t.Run(tt.name, func(t *testing.T) {
			r := spreekuur(t, annaEnv, append([]string{"--db", db, "export", "bundle"}, tt.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			oneLine(t, r)
		})
	}

	// --since-last: all the first time, then nothing until something changes.
	r := spreekuur(t, annaEnv, "--db", db, "export", "bundle", "--to", recipient, "--since-last", "-o", out("1.age"))
	if r.code != 0 || !strings.Contains(r.stdout, "Wrote 2 intake(s)") {
		t.Fatalf("first since-last: %d %s %s", r.code, r.stdout, r.stderr)
	}
	r = spreekuur(t, annaEnv, "--db", db, "export", "bundle", "--to", recipient, "--since-last", "-o", out("2.age"))
	if r.code != 0 || !strings.Contains(r.stdout, "Nothing to export") {
		t.Fatalf("second since-last: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(out("2.age")); err == nil {
		t.Fatal("a file was written with nothing to export")
	}

	// One resident, for another supporter.
	colleagueKey, colleague := officeKey(t)
	r = spreekuur(t, annaEnv, "--db", db, "export", "bundle", "--to", colleague, "--resident", residents[1], "-o", out("r.age"))
	if r.code != 0 || !strings.Contains(r.stdout, "Wrote 1 intake(s) and 1 resident(s) (one resident)") {
		t.Fatalf("--resident: %d %s %s", r.code, r.stdout, r.stderr)
	}
	db2, _ := initVault(t)
	registerLaptop(t, db2, db, "Collega")
	if r := spreekuur(t, annaEnv, "--db", db2, "import", out("r.age"), "--identity", colleagueKey); r.code != 0 || !strings.Contains(r.stdout, "residents: 1 added") {
		t.Fatalf("import of one resident: %s %s", r.stdout, r.stderr)
	}
	r = spreekuur(t, annaEnv, "--db", db, "export", "bundle", "--to", colleague, "--resident", "0123456789abcdef0123456789abcdef", "-o", out("x.age"))
	if r.code != 1 || !strings.Contains(r.stderr, "does not exist") {
		t.Fatalf("unknown resident: %d %s", r.code, r.stderr)
	}
	_ = key

	// A coordinator holds no notes key: refused, clearly.
	v, err := store.Open(db, store.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock("Anna", []byte(annaPass)); err != nil {
		t.Fatal(err)
	}
	if err := v.AddUser("Cor", store.RoleCoordinator, []byte(bramPass)); err != nil {
		t.Fatal(err)
	}
	_ = v.Close()
	r = spreekuur(t, []string{"SPREEKUUR_PASSPHRASE=" + bramPass}, "--db", db, "--user", "Cor", "export", "bundle", "--to", recipient, "-o", out("c.age"))
	if r.code != 1 || !strings.Contains(r.stderr, "coordinator") {
		t.Fatalf("coordinator: %d %s", r.code, r.stderr)
	}
	oneLine(t, r)
	if entries, _ := os.ReadDir(dir); len(entries) != 4 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("files in the output folder: %v", names)
	}
}

// invalidBundle encrypts to the identity in keyFile a well-formed bundle
// whose resident has an escape sequence in the pseudonym; it returns the
// bundle and the resident's ID.
func invalidBundle(t *testing.T, keyFile string) ([]byte, string) {
	t.Helper()
	at := time.Date(2025, 5, 6, 9, 30, 0, 0, time.UTC)
	r := intake.NewResident("Jan\x1b[2J", at)
	in := intake.NewIntake(at)
	in.ResidentID, in.Status = r.ID, intake.StatusOpen
	in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes, intake.ScopeHandover}, At: at}
	return craftBundle(t, keyFile, at, r, in), r.ID
}

// draftBundle encrypts to the identity in keyFile a bundle with one
// resident and one draft intake as the TUI saves it while typing: an
// agreement half filled in, a referral to no one yet, and a location code
// only the sending laptop's catalogue knows. It returns the bundle and
// the intake.
func draftBundle(t *testing.T, keyFile string) ([]byte, intake.Intake) {
	t.Helper()
	at := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	r := intake.NewResident("Mw. B.", at)
	in := intake.NewIntake(at)
	in.ResidentID, in.Status = r.ID, intake.StatusOpen
	in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes, intake.ScopeHandover}, At: at}
	in.Location = "buurthuis_oost"
	in.Agreements = []intake.Agreement{{What: "Brief meen"}}
	in.Referrals = []intake.Referral{{Reason: "nog kiezen"}}
	return craftBundle(t, keyFile, at, r, in), in
}

// craftBundle encrypts a bundle of one resident and one intake to the
// identity in keyFile.
func craftBundle(t *testing.T, keyFile string, at time.Time, r intake.Resident, in intake.Intake) []byte {
	t.Helper()
	kf, err := os.Open(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := bundle.ParseIdentities(kf)
	_ = kf.Close()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w, err := bundle.Encrypt(&out, ids[0].(*age.X25519Identity).Recipient())
	if err != nil {
		t.Fatal(err)
	}
	enc, err := bundle.NewEncoder(w, bundle.Header{Created: at, Source: "0123456789abcdef", Selection: bundle.SelectAll, Residents: 1, Intakes: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(enc.Resident(r, at), enc.Intake(in), enc.Close(), w.Close()); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestCLIErasureReachesTheOffice: a resident handed to the office is
// erased on the laptop; the next bundle carries the tombstone, and the
// office's import erases the same resident (the log says so, check is
// clean); importing the first bundle again does not bring them back.
func TestCLIErasureReachesTheOffice(t *testing.T) {
	db, _ := initVault(t)
	residents, words := fillVault(t, db, 2)
	key, recipient := officeKey(t)
	dir := t.TempDir()
	first, second := filepath.Join(dir, "eerste.age"), filepath.Join(dir, "tweede.age")
	if r := spreekuur(t, annaEnv, "--db", db, "export", "bundle", "--to", recipient, "-o", first); r.code != 0 {
		t.Fatalf("export: %s", r.stderr)
	}
	office, _ := initVault(t)
	registerLaptop(t, office, db, "Laptop A")
	if r := spreekuur(t, annaEnv, "--db", office, "import", first, "--identity", key); r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	if r := spreekuur(t, annaEnv, "--db", db, "erase", "--resident", residents[0], "--yes", "--no-compact"); r.code != 0 {
		t.Fatalf("erase: %s", r.stderr)
	}
	if r := spreekuur(t, annaEnv, "--db", db, "export", "bundle", "--to", recipient, "-o", second); r.code != 0 ||
		!strings.Contains(r.stdout, "Also carried: 1 erased resident(s) and 0 intake(s) with withdrawn consent") {
		t.Fatalf("second export: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r := spreekuur(t, annaEnv, "--db", office, "import", second, "--identity", key)
	if r.code != 0 || !strings.Contains(r.stdout, "erased:    1 resident(s) erased here") {
		t.Fatalf("import of the erasure: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if got := vaultCounts(t, office); got != "1 residents, 1 intakes, 2 stats" {
		t.Fatalf("office after the erasure: %s", got)
	}
	r = spreekuur(t, annaEnv, "--db", office, "import", first, "--identity", key)
	if m := countsRE.FindStringSubmatch(r.stdout); r.code != 0 || m == nil || m[1] != "0" || m[2] != "0" {
		t.Fatalf("the older bundle again: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if got := vaultCounts(t, office); got != "1 residents, 1 intakes, 2 stats" {
		t.Fatalf("the older bundle brought something back: %s", got)
	}
	if r := spreekuur(t, annaEnv, "--db", office, "check"); r.code != 0 {
		t.Fatalf("check at the office: %s%s", r.stdout, r.stderr)
	}
	if l := spreekuur(t, annaEnv, "--db", office, "log", "--resident", residents[0]); !strings.Contains(l.stdout, "erase") {
		t.Errorf("the office's log of the erased resident:\n%s", l.stdout)
	}
	// The erased words are not in the office's export either.
	out := filepath.Join(dir, "van-kantoor.age")
	if r := spreekuur(t, annaEnv, "--db", office, "export", "bundle", "--to", recipient, "-o", out); r.code != 0 {
		t.Fatalf("office export: %s", r.stderr)
	}
	plain := decryptFile(t, out, key)
	if bytes.Contains(plain, []byte(words[0])) || !bytes.Contains(plain, []byte(words[1])) || !bytes.Contains(plain, []byte(`"type":"tombstone"`)) {
		t.Errorf("the office's bundle:\n%s", plain)
	}
}

// decryptFile decrypts an age file with the identity file key.
func decryptFile(t *testing.T, path, key string) []byte {
	t.Helper()
	kf, err := os.Open(key)
	if err != nil {
		t.Fatal(err)
	}
	defer kf.Close()
	ids, err := age.ParseIdentities(kf)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := age.Decrypt(f, ids...)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCLIExportBundleProgress: --progress says on stderr how many intakes
// are written, up to all of them; without it stderr stays empty.
func TestCLIExportBundleProgress(t *testing.T) {
	db, _ := initVault(t)
	fillVault(t, db, 3)
	_, recipient := officeKey(t)
	dir := t.TempDir()

	r := spreekuur(t, annaEnv, "--db", db, "export", "bundle", "--to", recipient, "-o", filepath.Join(dir, "a.age"), "--progress")
	if r.code != 0 {
		t.Fatalf("export --progress: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "export bundle: 100% (3 of 3 intakes, ") {
		t.Fatalf("the last progress line is %q, want all 3 intakes written\n%s", last, r.stderr)
	}
	if !strings.HasPrefix(lines[0], "export bundle: 33% (1 of 3 intakes, ") {
		t.Fatalf("the first progress line is %q, want one after the first intake\n%s", lines[0], r.stderr)
	}

	r = spreekuur(t, annaEnv, "--db", db, "export", "bundle", "--to", recipient, "-o", filepath.Join(dir, "b.age"))
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("export without --progress: %d, stderr %q", r.code, r.stderr)
	}
}
