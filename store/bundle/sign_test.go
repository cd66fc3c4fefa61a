package bundle

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"aead.dev/minisign"
	"filippo.io/age"
	"github.com/spreekuur/spreekuur/store"
)

// signedExport exports with a signature and writes FILE and FILE.minisig
// into a new folder; it returns the bundle's path.
func signedExport(t testing.TB, v *store.Vault, to *age.X25519Identity, opt ExportOptions) (string, ExportResult) {
	t.Helper()
	opt.Sign = true
	data, res := export(t, v, to, opt)
	if len(res.Signature) == 0 {
		t.Fatal("Export with Sign wrote no signature")
	}
	path := filepath.Join(t.TempDir(), "overdracht.age")
	writeFile(t, path, data)
	writeFile(t, path+SignatureSuffix, res.Signature)
	return path, res
}

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// register adds the laptop of vault from to the registry of vault at.
func register(t testing.TB, at, from *store.Vault, name string) Laptop {
	t.Helper()
	self, err := LaptopSelf(from, t0)
	if err != nil {
		t.Fatal(err)
	}
	l, err := AddLaptop(at, name, self.PublicKey.String(), t0)
	if err != nil {
		t.Fatalf("AddLaptop: %v", err)
	}
	return l
}

func TestLaptopSelfIsStable(t *testing.T) {
	v := newVault(t)
	if _, err := readLaptopKeys(v); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a new vault has keys already: %v", err)
	}
	a, err := LaptopSelf(v, t0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := LaptopSelf(v, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !a.PublicKey.Equal(b.PublicKey) || a.Recipient.String() != b.Recipient.String() || !b.Created.Equal(t0) {
		t.Fatalf("the keys changed between two reads: %v %v", a, b)
	}
	if a.Name == "" {
		t.Fatal("no default laptop name")
	}
	// The keys of two vaults differ.
	c, err := LaptopSelf(newVault(t), t0)
	if err != nil {
		t.Fatal(err)
	}
	if c.PublicKey.Equal(a.PublicKey) || c.Recipient.String() == a.Recipient.String() {
		t.Fatal("two vaults made the same keys")
	}
	renamed, err := SetLaptopName(v, "  Laptop Oost 2 ", t0)
	if err != nil || renamed.Name != "Laptop Oost 2" || !renamed.PublicKey.Equal(a.PublicKey) {
		t.Fatalf("rename: %v %v", renamed, err)
	}
	for _, bad := range []string{"", "   ", "a\x1bb", strings.Repeat("x", 65), "a\u200bb"} {
		if _, err := SetLaptopName(v, bad, t0); !errors.Is(err, ErrLaptopName) {
			t.Errorf("SetLaptopName(%q) = %v, want ErrLaptopName", bad, err)
		}
	}
	// Sealed: the secret key is nowhere in the file.
	raw, err := os.ReadFile(v.Path())
	if err != nil {
		t.Fatal(err)
	}
	k, err := readLaptopKeys(v)
	if err != nil {
		t.Fatal(err)
	}
	defer k.wipe()
	if bytes.Contains(raw, k.Seed) || bytes.Contains(raw, k.Identity) || bytes.Contains(raw, []byte("Laptop Oost 2")) {
		t.Fatal("a key or the laptop's name is in the file in plaintext")
	}
}

func TestLaptopsRegistry(t *testing.T) {
	office := newVault(t)
	a, b := newVault(t), newVault(t)
	selfA, _ := LaptopSelf(a, t0)
	selfB, _ := LaptopSelf(b, t0)
	pubFile := string(PublicKeyFile(selfA.PublicKey))

	steps := []struct {
		name    string
		do      func() error
		wantErr error
		want    []string // the list afterwards: "name keyID [removed]"
	}{
		{"add from the .pub file", func() error { _, err := AddLaptop(office, "Laptop A", pubFile, t0); return err }, nil,
			[]string{"Laptop A " + KeyID(selfA.PublicKey.ID())}},
		{"same name, other case", func() error { _, err := AddLaptop(office, "laptop a", selfB.PublicKey.String(), t0); return err }, ErrLaptopExists,
			[]string{"Laptop A " + KeyID(selfA.PublicKey.ID())}},
		{"same key, other name", func() error { _, err := AddLaptop(office, "Other", selfA.PublicKey.String(), t0); return err }, ErrLaptopExists, nil},
		{"not a key", func() error { _, err := AddLaptop(office, "B", "RWQ-not-a-key", t0); return err }, ErrBadPublicKey, nil},
		{"an age key is not a signing key", func() error { _, err := AddLaptop(office, "B", selfB.Recipient.String(), t0); return err }, ErrBadPublicKey, nil},
		{"bad name", func() error { _, err := AddLaptop(office, "B\x07", selfB.PublicKey.String(), t0); return err }, ErrLaptopName, nil},
		{"add B by its line", func() error { _, err := AddLaptop(office, "B", "  "+selfB.PublicKey.String()+"\n", t0); return err }, nil,
			[]string{"B " + KeyID(selfB.PublicKey.ID()), "Laptop A " + KeyID(selfA.PublicKey.ID())}},
		{"remove A", func() error { _, err := RemoveLaptop(office, "LAPTOP A", t0); return err }, nil,
			[]string{"B " + KeyID(selfB.PublicKey.ID()), "Laptop A " + KeyID(selfA.PublicKey.ID()) + " removed"}},
		{"remove A again", func() error { _, err := RemoveLaptop(office, "Laptop A", t0); return err }, ErrNoSuchLaptop, nil},
		{"A's key again, new name", func() error { _, err := AddLaptop(office, "A2", selfA.PublicKey.String(), t0); return err }, nil,
			[]string{"A2 " + KeyID(selfA.PublicKey.ID()), "B " + KeyID(selfB.PublicKey.ID())}},
	}
	for _, st := range steps {
		err := st.do()
		if !errors.Is(err, st.wantErr) {
			t.Fatalf("%s: err %v, want %v", st.name, err, st.wantErr)
		}
		if st.want == nil {
			continue
		}
		list, err := Laptops(office)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range list {
			s := l.Name + " " + l.KeyID()
			if l.Removed() {
				s += " removed"
			}
			got = append(got, s)
		}
		if !reflect.DeepEqual(got, st.want) {
			t.Fatalf("%s: list %q, want %q", st.name, got, st.want)
		}
	}
}

func TestLaptopsSupporterOnly(t *testing.T) {
	v := newVault(t)
	self, _ := LaptopSelf(v, t0)
	for _, role := range []store.Role{store.RoleKompaan, store.RoleCoordinator} {
		if err := v.AddUser("u"+string(role), role, []byte(testPass)); err != nil {
			t.Fatal(err)
		}
	}
	for _, role := range []store.Role{store.RoleKompaan, store.RoleCoordinator} {
		if err := v.Unlock("u"+string(role), []byte(testPass)); err != nil {
			t.Fatal(err)
		}
		calls := map[string]error{}
		_, calls["self"] = LaptopSelf(v, t0)
		_, calls["add"] = AddLaptop(v, "X", self.PublicKey.String(), t0)
		_, calls["list"] = Laptops(v)
		_, calls["remove"] = RemoveLaptop(v, "X", t0)
		for name, err := range calls {
			if !errors.Is(err, store.ErrNotPermitted) && !errors.Is(err, store.ErrNoAccess) {
				t.Errorf("%s: %s = %v, want refused", role, name, err)
			}
		}
	}
}

// TestSignedBundleChecks: a bundle is opened only with a signature that
// matches every byte and a key this vault registered and did not remove;
// every refusal leaves the vault as it was.
func TestSignedBundleChecks(t *testing.T) {
	f := seed(t, 3)
	if _, err := SetLaptopName(f.v, "laptop-anna", t0); err != nil {
		t.Fatal(err)
	}
	key := newIdentity(t) // the office's identity file
	path, res := signedExport(t, f.v, key, ExportOptions{Now: t0.Add(time.Hour)})
	if res.Signed.Laptop != "laptop-anna" || res.Signed.User != "Anna" || !res.Signed.Date.Equal(t0.Add(time.Hour)) {
		t.Fatalf("signed as %+v", res.Signed)
	}
	data, _ := os.ReadFile(path)
	sig, _ := os.ReadFile(path + SignatureSuffix)
	stranger := seed(t, 1).v
	if _, err := SetLaptopName(stranger, "laptop-bram", t0); err != nil {
		t.Fatal(err)
	}
	strangerData, strangerRes := export(t, stranger, key, ExportOptions{Sign: true})

	legacy := func() []byte { // a valid signature, but of the file itself, not its hash
		k, _ := laptopKeysOf(f.v, t0)
		defer k.wipe()
		_, priv, _ := k.signer()
		c, _ := res.Signed.comment()
		return minisign.SignWithComments(priv, data, c, "legacy")
	}()
	otherComment := []byte(strings.Replace(string(sig), `"user":"Anna"`, `"user":"Bram"`, 1))
	if bytes.Equal(otherComment, sig) {
		t.Fatal("the comment is not where expected")
	}
	flipped := bytes.Clone(data)
	flipped[len(flipped)/2] ^= 1
	sigLines := strings.SplitAfter(string(sig), "\n")
	changedSig := []byte(sigLines[0] + strings.Replace(sigLines[1], sigLines[1][20:24], "AAAA", 1) + sigLines[2] + sigLines[3])

	const (
		none = iota
		registered
		removed
	)
	cases := []struct {
		name      string
		registry  int
		file, sig []byte // nil sig: no signature file
		want      error
		names     string // for a *SignerError: the laptop it names
	}{
		{"registered", registered, data, sig, nil, ""},
		{"unregistered laptop", none, data, sig, ErrUnknownLaptop, "laptop-anna"},
		{"another laptop than the registered one", registered, strangerData, strangerRes.Signature, ErrUnknownLaptop, "laptop-bram"},
		{"removed laptop", removed, data, sig, ErrLaptopRemoved, "Laptop van Anna"},
		{"no signature file", registered, data, nil, ErrUnsigned, ""},
		{"file changed", registered, flipped, sig, ErrBadSignature, ""},
		{"file cut off", registered, data[:len(data)-100], sig, ErrBadSignature, ""},
		{"bytes appended", registered, append(bytes.Clone(data), 0), sig, ErrBadSignature, ""},
		{"signature cut off", registered, data, sig[:len(sig)-20], ErrBadSignature, ""},
		{"signature changed", registered, data, changedSig, ErrBadSignature, ""},
		{"trusted comment changed", registered, data, otherComment, ErrBadSignature, ""},
		{"signature of the file, not its hash", registered, data, legacy, ErrBadSignature, ""},
		{"empty signature", registered, data, []byte{}, ErrBadSignature, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			office := newVault(t)
			if tc.registry != none {
				register(t, office, f.v, "Laptop van Anna")
			}
			if tc.registry == removed {
				if _, err := RemoveLaptop(office, "Laptop van Anna", t0); err != nil {
					t.Fatal(err)
				}
			}
			before := dump(t, office)
			p := filepath.Join(t.TempDir(), "b.age")
			writeFile(t, p, tc.file)
			if tc.sig != nil {
				writeFile(t, p+SignatureSuffix, tc.sig)
			}
			in, err := OpenFile(office, p, OpenOptions{Identities: []age.Identity{key}})
			if !errors.Is(err, tc.want) {
				t.Fatalf("OpenFile: %v, want %v", err, tc.want)
			}
			if tc.names != "" {
				var se *SignerError
				if !errors.As(err, &se) || se.Laptop != tc.names || se.KeyID == "" {
					t.Fatalf("the refusal names %+v, want %q", se, tc.names)
				}
			}
			if err != nil {
				if d := dump(t, office); !reflect.DeepEqual(d, before) {
					t.Fatal("a refused bundle changed the vault")
				}
				return
			}
			if in.From.Laptop != "Laptop van Anna" || in.From.Signed.Laptop != "laptop-anna" || in.From.Signed.User != "Anna" ||
				in.From.KeyID != KeyID(mustSelf(t, f.v).PublicKey.ID()) || in.File != "b.age" || in.Bundle.Header.Intakes != len(f.intakes) {
				t.Fatalf("opened %+v from %+v", in.Bundle.Header, in.From)
			}
		})
	}
}

func mustSelf(t testing.TB, v *store.Vault) Self {
	t.Helper()
	s, err := LaptopSelf(v, t0)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// ownKey is a vault's receiving key (its age identity).
func ownKey(t testing.TB, v *store.Vault) *age.X25519Identity {
	t.Helper()
	mustSelf(t, v)
	id, err := ownIdentity(v)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestSignatureBeforeDecrypting: the signature covers the
// encrypted file, so a vault that cannot decrypt the bundle still checks
// it, and refuses a bad signature before it tries to decrypt.
func TestSignatureBeforeDecrypting(t *testing.T) {
	f := seed(t, 1)
	office := newVault(t)
	register(t, office, f.v, "A")
	other := newIdentity(t) // not the office's key
	path, _ := signedExport(t, f.v, other, ExportOptions{})
	if _, err := OpenFile(office, path, OpenOptions{}); !errors.Is(err, ErrWrongIdentity) {
		t.Fatalf("a good signature over a bundle for someone else: %v, want ErrWrongIdentity", err)
	}
	if _, err := OpenFile(office, path, OpenOptions{Identities: []age.Identity{other}}); err != nil {
		t.Fatalf("with the right identity file: %v", err)
	}
	writeFile(t, path+SignatureSuffix, []byte("untrusted comment: x\nnot base64\ntrusted comment: y\nzz\n"))
	if _, err := OpenFile(office, path, OpenOptions{}); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("a bad signature: %v, want ErrBadSignature (before decrypting)", err)
	}
}

// TestFileChangedBetweenReads: OpenFile reads the file twice (signature,
// then decryption); a file changed after the signature was checked is
// refused, and nothing is imported.
func TestFileChangedBetweenReads(t *testing.T) {
	f := seed(t, 2)
	office := newVault(t)
	register(t, office, f.v, "A")
	data, res := export(t, f.v, ownKey(t, office), ExportOptions{Sign: true})
	path := filepath.Join(t.TempDir(), "b.age")
	writeFile(t, path, data)
	writeFile(t, path+SignatureSuffix, res.Signature)
	changed := false
	_, err := OpenFile(office, path, OpenOptions{Progress: func(done, total int64) {
		if !changed && done == total/2 { // the signature pass is over
			changed = true
			bad := bytes.Clone(data)
			bad[len(bad)-40] ^= 0x20
			writeFile(t, path, bad)
		}
	}})
	if !changed || (!errors.Is(err, ErrBadSignature) && !errors.Is(err, ErrDamaged)) {
		t.Fatalf("changed %v: %v, want a refusal", changed, err)
	}
}
