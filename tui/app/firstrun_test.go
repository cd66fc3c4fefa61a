package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/tui/screens/auth"
)

// cheap is a KDF for tests: a real vault, made in milliseconds.
var cheap = store.Options{KDF: store.KDFParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}}

// realVault is the first run as cmd/spreekuur wires it (tui.go): Create
// makes the vault under a temporary name, Open puts it in place once the
// code is typed back. code is the recovery code, once made.
type realVault struct {
	path  string
	code  string
	vault *store.Vault
	now   func() time.Time // the app's clock, for the session Open makes
}

func newRealVault(t *testing.T) *realVault {
	t.Helper()
	r := &realVault{path: filepath.Join(t.TempDir(), "spreekuur.db")}
	t.Cleanup(func() {
		if r.vault != nil {
			r.vault.Lock()
			_ = r.vault.Close()
		}
	})
	return r
}

func (r *realVault) options() Options {
	return Options{
		Create: func(user string, pass []byte) (*session.Pending, error) {
			p, err := session.CreateVault(r.path, user, pass, cheap)
			if err == nil {
				r.code = string(p.Code())
			}
			return p, err
		},
		Open: func(p *session.Pending, typed string) (*session.Session, error) {
			v, err := p.Confirm(typed)
			if err != nil {
				return nil, err
			}
			r.vault = v
			return session.New(session.FromVault(v, nil, r.now), nil, r.now, "nl"), nil
		},
	}
}

// files lists what is in the vault's folder.
func (r *realVault) files(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(r.path))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// firstRunToCode fills in the first form and waits for the recovery code.
func firstRunToCode(t *testing.T, r *realVault) *harness {
	t.Helper()
	h := newApp(t, nil, r.options())
	r.now = h.clock.Now
	h.typeText("anna")
	h.press("enter")
	h.typeText("fiets regen koffie")
	h.press("enter")
	h.typeText("fiets regen koffie")
	h.press("enter")
	if r.code == "" || !strings.Contains(h.frame(), r.code) {
		t.Fatalf("the recovery code is not shown:\n%s", h.frame())
	}
	return h
}

// TestFirstRunRecoveryCode: the vault exists only once the recovery code
// is typed back; a wrong code says so and keeps the vault unmade.
func TestFirstRunRecoveryCode(t *testing.T) {
	r := newRealVault(t)
	h := firstRunToCode(t, r)
	if store.Exists(r.path) {
		t.Fatal("the vault is in place before the code was typed back")
	}
	h.typeText("K7QM-2XHP-9RTA")
	h.press("enter")
	if store.Exists(r.path) || !strings.Contains(h.frame(), "De code is niet gelijk") {
		t.Fatalf("a wrong code: vault %v\n%s", store.Exists(r.path), h.frame())
	}
	h.typeText(strings.ToLower(strings.ReplaceAll(r.code, "-", " "))) // case, spaces, dashes do not matter
	h.press("enter")
	if !store.Exists(r.path) || !h.onHome() || h.a.ctx.S.User() != "anna" {
		t.Fatalf("vault %v, on %T:\n%s", store.Exists(r.path), h.a.cur, h.frame())
	}
	if !strings.Contains(h.frame(), "nog geen gesprekken") {
		t.Fatalf("home of a new vault:\n%s", h.frame())
	}
}

// TestFirstRunQuitOnCodeAsks: ctrl+c on the recovery code asks first and
// says no vault is kept; any key but j stays; j leaves no vault at all,
// not even the temporary one (issue 9.6).
func TestFirstRunQuitOnCodeAsks(t *testing.T) {
	r := newRealVault(t)
	h := firstRunToCode(t, r)
	for _, k := range []string{"n", "enter", "y"} {
		h.press("ctrl+c")
		if f := strings.Join(strings.Fields(h.frame()), " "); !strings.Contains(f, "er wordt geen kluis bewaard") || !strings.Contains(f, "Toch stoppen?") {
			t.Fatalf("ctrl+c did not ask:\n%s", h.frame())
		}
		h.press(k)
		if h.quit {
			t.Fatalf("%q quit", k)
		}
		if _, ok := h.a.cur.(*auth.FirstRun); !ok || !strings.Contains(h.frame(), r.code) {
			t.Fatalf("after %q the code is gone:\n%s", k, h.frame())
		}
	}
	if len(r.files(t)) == 0 {
		t.Fatal("no unfinished vault while the code is on screen (the test would prove nothing)")
	}
	h.press("ctrl+c", "j")
	if !h.quit {
		t.Fatal("j did not quit")
	}
	if files := r.files(t); len(files) > 0 || store.Exists(r.path) {
		t.Fatalf("files left after quitting on the code: %v", files)
	}
}
