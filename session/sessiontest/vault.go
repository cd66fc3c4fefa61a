package sessiontest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
)

// Cheap key derivation for test vaults: the store tests the defaults.
var Cheap = store.Options{KDF: store.KDFParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}}

// VaultPass is the passphrase of the supporter Vault makes.
const VaultPass = "een lange zin als wachtwoord"

// Vault is a new real vault (cheap key derivation) in a test's temporary
// folder, with one supporter, user, unlocked, and a session over it in
// lang: for what needs the vault itself (bundles, settings). It is closed
// when the test ends.
func Vault(t testing.TB, user, lang string, now func() time.Time) (*session.Session, *store.Vault) {
	t.Helper()
	v, _, err := store.Create(filepath.Join(t.TempDir(), "v.db"), user, store.RoleSupporter, []byte(VaultPass), Cheap)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = v.Close() })
	cat := intake.DefaultCatalogue()
	return session.New(session.FromVault(v, cat, now), cat, now, lang), v
}

// Files lists the names of the files in dir, sorted.
func Files(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// ImportFrom registers the laptop of session from in session to and
// imports the bundle at path there, with what OpenBundle and Import say.
func ImportFrom(t testing.TB, from, to *session.Session, path string) (*session.Incoming, session.ImportCounts) {
	t.Helper()
	pub, _, err := from.LaptopSelf()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := to.AddLaptop("Laptop Anna", string(pub)); err != nil {
		t.Fatal(err)
	}
	in, err := to.OpenBundle(path, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := to.Import(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	return in, res
}
