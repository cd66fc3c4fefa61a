package bundle

import (
	"bytes"
	"encoding/hex"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// The test vector: testdata/bundle-v1.age is a tiny bundle encrypted to the
// TEST identity in testdata/test-identity.txt, and testdata/bundle-v1.jsonl
// is its plaintext. That identity is public and only for tests: never
// encrypt real data to it. Regenerate with
//
//	go test ./store/bundle -run TestVector -update-vector
//
// only when the format version changes (then keep the old files as well).
var updateVector = flag.Bool("update-vector", false, "rewrite the bundle test vector in testdata/")

const (
	vectorAge      = "testdata/bundle-v1.age"
	vectorPlain    = "testdata/bundle-v1.jsonl"
	vectorIdentity = "testdata/test-identity.txt"
)

// vectorBundle is the fixed content of the vector.
func vectorBundle(t testing.TB) []byte {
	t.Helper()
	at := time.Date(2025, 3, 4, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	r := intake.Resident{ID: "5e1dc0a8f0e34b4f9d5f2c7d8a1b3c4d", Pseudonym: "J.", BirthYear: 1968, Created: at}
	in := intake.Intake{
		ID: "7a3c9e51d2b84f06a1e3c5b7d9f20486", ResidentID: r.ID, StatID: "c0ffee00c0ffee00c0ffee00c0ffee00",
		Status: intake.StatusOpen, Step: intake.StepAgreements, Created: at, Updated: at.Add(30 * time.Minute),
		Consent:           intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes, intake.ScopeHandover}, At: at},
		OwnWords:          "Ik krijg steeds brieven die ik niet begrijp.",
		Scan:              map[intake.DomainCode]intake.Scale{"money": intake.Serious},
		ClarifiedQuestion: "Mijn vraag is: wie helpt mij met mijn post?",
	}
	var buf bytes.Buffer
	enc, err := NewEncoder(&buf, Header{Created: at.Add(time.Hour), Source: "0f1e2d3c4b5a69788796a5b4c3d2e1f0", Selection: SelectAll, Residents: 1, Intakes: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := enc.Resident(r, in.Updated); err != nil {
		t.Fatal(err)
	}
	if err := enc.Intake(in); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func testIdentity(t testing.TB) *age.X25519Identity {
	t.Helper()
	f, err := os.Open(vectorIdentity)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ids, err := ParseIdentities(f)
	if err != nil {
		t.Fatal(err)
	}
	return ids[0].(*age.X25519Identity)
}

func TestVector(t *testing.T) {
	if *updateVector {
		writeVector(t)
	}
	data, err := os.ReadFile(vectorAge)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(bytes.NewReader(data), testIdentity(t))
	if err != nil {
		t.Fatalf("the committed vector no longer opens (format changed?): %v", err)
	}
	if b.Header.Version != 1 || b.Header.Source != "0f1e2d3c4b5a69788796a5b4c3d2e1f0" ||
		len(b.Residents) != 1 || len(b.Intakes) != 1 ||
		b.Intakes[0].OwnWords != "Ik krijg steeds brieven die ik niet begrijp." ||
		b.Residents[0].Resident.Pseudonym != "J." || b.Intakes[0].Scan["money"] != intake.Serious {
		t.Fatalf("vector decoded to %+v", b)
	}
	// The committed plaintext is what this version writes, byte for byte.
	plain, err := os.ReadFile(vectorPlain)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(plain, vectorBundle(t)) {
		t.Fatalf("the encoder no longer writes the committed plaintext:\n%s\n%s", plain, vectorBundle(t))
	}
	if _, err := Decode(bytes.NewReader(plain)); err != nil {
		t.Fatal(err)
	}
}

// The version-2 vector: testdata/bundle-v2.age (to the same TEST
// identity) and its plaintext testdata/bundle-v2.jsonl, the version-1
// vector's resident and intake with a tombstone of another resident and a
// withdrawal of another intake. Regenerate with -update-vector as above.
const (
	vectorV2Age   = "testdata/bundle-v2.age"
	vectorV2Plain = "testdata/bundle-v2.jsonl"
)

var (
	vectorTombstone = store.Tombstone{V: store.TombstoneVersion, Resident: "9b2e4d6f81a3c5e7092b4d6f81a3c5e7",
		Intakes: []string{"1d3f5b7a92c4e6081d3f5b7a92c4e608", "4c6e8a0b2d4f61834c6e8a0b2d4f6183"},
		Erased:  time.Date(2025, 3, 3, 15, 20, 0, 0, time.UTC), Reason: store.EraseRequest, Device: "0f1e2d3c4b5a69788796a5b4c3d2e1f0"}
	vectorWithdrawal = store.Withdrawal{V: store.WithdrawalVersion, Intake: "e5a7c9b1d3f5071928e5a7c9b1d3f507",
		Updated: time.Date(2025, 3, 4, 9, 45, 0, 0, time.UTC)}
)

// vectorBundleV2 is the fixed content of the version-2 vector.
func vectorBundleV2(t testing.TB) []byte {
	t.Helper()
	v1, err := Decode(bytes.NewReader(vectorBundle(t)))
	if err != nil {
		t.Fatal(err)
	}
	h := v1.Header
	h.Tombstones, h.Withdrawals = 1, 1
	var buf bytes.Buffer
	enc, err := NewEncoder(&buf, h)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []error{
		enc.Resident(v1.Residents[0].Resident, v1.Residents[0].Updated),
		enc.Intake(v1.Intakes[0]),
		enc.Tombstone(vectorTombstone),
		enc.Withdrawal(vectorWithdrawal),
		enc.Close(),
	} {
		if step != nil {
			t.Fatal(step)
		}
	}
	return buf.Bytes()
}

// TestVectorV2: the committed version-2 vector opens and decodes to its
// tombstone and withdrawal, and the encoder writes its plaintext byte for
// byte; a bundle without them is still written as version 1.
func TestVectorV2(t *testing.T) {
	if *updateVector {
		writeVectorFile(t, vectorBundleV2(t), vectorV2Age, vectorV2Plain)
	}
	data, err := os.ReadFile(vectorV2Age)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(bytes.NewReader(data), testIdentity(t))
	if err != nil {
		t.Fatalf("the committed vector no longer opens: %v", err)
	}
	if b.Header.Version != 2 || b.Header.Tombstones != 1 || b.Header.Withdrawals != 1 || len(b.Intakes) != 1 ||
		!reflect.DeepEqual(b.Tombstones, []store.Tombstone{vectorTombstone}) || len(b.Withdrawals) != 1 ||
		b.Withdrawals[0].Intake != vectorWithdrawal.Intake || !b.Withdrawals[0].Updated.Equal(vectorWithdrawal.Updated) {
		t.Fatalf("vector decoded to %+v", b)
	}
	plain, err := os.ReadFile(vectorV2Plain)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(plain, vectorBundleV2(t)) {
		t.Fatalf("the encoder no longer writes the committed plaintext:\n%s\n%s", plain, vectorBundleV2(t))
	}
	if !bytes.HasPrefix(vectorBundle(t), []byte(`{"magic":"spreekuur-bundle","version":1,`)) {
		t.Fatal("a bundle without tombstones or withdrawals is no longer version 1")
	}
}

func writeVector(t *testing.T) { writeVectorFile(t, vectorBundle(t), vectorAge, vectorPlain) }

func writeVectorFile(t *testing.T, plain []byte, agePath, plainPath string) {
	id := testIdentity(t)
	var buf bytes.Buffer
	w, err := Encrypt(&buf, id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(plain); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(agePath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(plainPath, plain, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestAgeCLIDecrypts checks the promise to the office: the real age tool
// decrypts a bundle to the documented plaintext, which Decode reads.
func TestAgeCLIDecrypts(t *testing.T) {
	ageBin, err := exec.LookPath("age")
	if err != nil {
		if os.Getenv("SPREEKUUR_REQUIRE_AGE") != "" {
			t.Fatal("the age command is not installed, but SPREEKUUR_REQUIRE_AGE is set (CI installs it)")
		}
		t.Skip("the age command is not installed (Debian: apt-get install age); skipping the check against the real age tool")
	}
	f := seed(t, 2)
	office := newIdentity(t)
	data, res := export(t, f.v, office, ExportOptions{})
	dir := t.TempDir()
	key, file := filepath.Join(dir, "key.txt"), filepath.Join(dir, "bundle.age")
	if err := os.WriteFile(key, []byte("# test key\n"+office.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, file, key string }{{"fresh bundle", file, key}, {"test vector", vectorAge, vectorIdentity}} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			cmd := exec.Command(ageBin, "-d", "-i", tc.key, tc.file)
			cmd.Stderr = &stderr
			plain, err := cmd.Output()
			if err != nil {
				t.Fatalf("age -d: %v: %s", err, stderr.String())
			}
			b, err := Decode(bytes.NewReader(plain))
			if err != nil {
				t.Fatalf("Decode of age's output: %v", err)
			}
			if !strings.HasPrefix(string(plain), `{"magic":"spreekuur-bundle","version":1,`) {
				t.Fatalf("plaintext starts with %.60q", plain)
			}
			if tc.file == file && (b.Header.Intakes != res.Header.Intakes || !strings.Contains(string(plain), f.intakes[0].OwnWords)) {
				t.Fatalf("age output does not hold the export: %+v", b.Header)
			}
		})
	}
	// And age refuses a bundle with a flipped byte, as Open does.
	bad := bytes.Clone(data)
	bad[len(bad)/2] ^= 1
	if err := os.WriteFile(file, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(ageBin, "-d", "-i", key, file).Output(); err == nil {
		t.Fatalf("age decrypted a damaged bundle (%d bytes)", len(out))
	}
}

// The signature vector: testdata/bundle-v1.age.minisig signs the bundle
// vector with the TEST laptop key below (public, like the test identity:
// never sign anything real with it); testdata/test-laptop.pub is its
// public key in minisign's format. Ed25519 signatures are deterministic,
// so signing the vector again gives the same bytes.
const (
	vectorSignature = vectorAge + SignatureSuffix
	vectorLaptopPub = "testdata/test-laptop.pub"
	// vectorLaptopSeed is the Ed25519 seed of the test laptop key.
	vectorLaptopSeed = "73707265656b7575722d746573742d6c6170746f702d6b65792d7075626c6963"
)

var vectorSigned = Signed{Laptop: "test-laptop", User: "Anna", Date: time.Date(2025, 3, 4, 11, 0, 5, 0, time.UTC)}

func vectorKeys(t testing.TB) *laptopKeys {
	t.Helper()
	seed, err := hex.DecodeString(vectorLaptopSeed)
	if err != nil || len(seed) != 32 {
		t.Fatalf("seed: %v", err)
	}
	return &laptopKeys{V: laptopKeysVersion, Name: vectorSigned.Laptop, Seed: seed}
}

// signVector signs the committed bundle vector with the test laptop key.
func signVector(t testing.TB) (sig, pub []byte) {
	t.Helper()
	data, err := os.ReadFile(vectorAge)
	if err != nil {
		t.Fatal(err)
	}
	k := vectorKeys(t)
	sw := newSigningWriter(io.Discard)
	if _, err := sw.Write(data); err != nil {
		t.Fatal(err)
	}
	sig, err = sw.sign(k, vectorSigned)
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := k.signer()
	if err != nil {
		t.Fatal(err)
	}
	return sig, PublicKeyFile(p)
}

func TestSignatureVector(t *testing.T) {
	sig, pub := signVector(t)
	if *updateVector {
		writeFile(t, vectorSignature, sig)
		writeFile(t, vectorLaptopPub, pub)
	}
	committed, err := os.ReadFile(vectorSignature)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sig, committed) {
		t.Fatalf("signing the vector no longer gives the committed signature:\n%s\n%s", sig, committed)
	}
	if p, _ := os.ReadFile(vectorLaptopPub); !bytes.Equal(p, pub) {
		t.Fatalf("the committed public key is not the test key's:\n%s\n%s", p, pub)
	}
	// The documented layout (docs/BUNDLE.md §9).
	lines := strings.Split(string(committed), "\n")
	if len(lines) != 5 || lines[4] != "" ||
		lines[2] != `trusted comment: spreekuur-bundle-signature v1 {"laptop":"test-laptop","user":"Anna","date":"2025-03-04T11:00:05Z"}` ||
		!strings.HasPrefix(lines[1], "RUR") { // base64 of "ED" and the key ID
		t.Fatalf("signature file:\n%s", committed)
	}
	// A vault that registered the test laptop accepts the vector.
	office := newVault(t)
	if _, err := AddLaptop(office, "Testlaptop", string(pub), t0); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	data, _ := os.ReadFile(vectorAge)
	writeFile(t, filepath.Join(dir, "v.age"), data)
	writeFile(t, filepath.Join(dir, "v.age"+SignatureSuffix), committed)
	in, err := OpenFile(office, filepath.Join(dir, "v.age"), t0, OpenOptions{Identities: []age.Identity{testIdentity(t)}})
	if err != nil {
		t.Fatal(err)
	}
	if in.From.Laptop != "Testlaptop" || in.From.Signed != vectorSigned || in.Manifest.Header.Intakes != 1 {
		t.Fatalf("vector from %+v, %+v", in.From, in.Manifest.Header)
	}
}

// TestMinisignCLIVerifies checks the promise to the office: the real
// minisign tool verifies a bundle's signature with the laptop's public key
// as `spreekuur laptops self` prints it, and refuses a changed bundle.
func TestMinisignCLIVerifies(t *testing.T) {
	bin, err := exec.LookPath("minisign")
	if err != nil {
		if os.Getenv("SPREEKUUR_REQUIRE_MINISIGN") != "" {
			t.Fatal("the minisign command is not installed, but SPREEKUUR_REQUIRE_MINISIGN is set (CI installs it)")
		}
		t.Skip("the minisign command is not installed (Debian: apt-get install minisign); skipping the check against the real minisign tool")
	}
	f := seed(t, 2)
	if _, err := SetLaptopName(f.v, "laptop-anna", t0); err != nil {
		t.Fatal(err)
	}
	path, res := signedExport(t, f.v, newIdentity(t), ExportOptions{})
	dir := filepath.Dir(path)
	pub := filepath.Join(dir, "laptop.pub")
	writeFile(t, pub, PublicKeyFile(mustSelf(t, f.v).PublicKey))
	c, _ := res.Signed.comment()
	for _, tc := range []struct{ name, file, pub, comment string }{
		{"fresh bundle", path, pub, c},
		{"test vector", vectorAge, vectorLaptopPub, "spreekuur-bundle-signature v1 "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := exec.Command(bin, "-V", "-p", tc.pub, "-m", tc.file).CombinedOutput()
			if err != nil {
				t.Fatalf("minisign -V: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), "Signature and comment signature verified") ||
				!strings.Contains(string(out), "Trusted comment: "+tc.comment) {
				t.Fatalf("minisign said:\n%s", out)
			}
		})
	}
	data, _ := os.ReadFile(path)
	data[len(data)/2] ^= 1
	writeFile(t, path, data)
	if out, err := exec.Command(bin, "-V", "-p", pub, "-m", path).CombinedOutput(); err == nil {
		t.Fatalf("minisign verified a changed bundle:\n%s", out)
	}
}
