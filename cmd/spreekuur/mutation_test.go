//go:build !windows

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/creack/pty"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// TestDamagedVaultCommands is the mutation run of issue 12: copies of a
// demo vault are damaged — random bytes flipped, two pages swapped, the
// file cut off — and every command is run on each: the terminal app's
// start, check, every export, import into it, passwd, users list and
// users add. Each must end with exit 0 (the damage is where it does not
// look), or 1 or 3 with one sentence on stderr — never a stack trace, a
// signal (SIGSEGV, SIGBUS), another exit code, or a hang.
//
//	go test ./cmd/spreekuur -run DamagedVaultCommands -v                 12 mutations (make test)
//	SPREEKUUR_MUTATIONS=1000 go test ./cmd/spreekuur -run DamagedVaultCommands -v -timeout 60m
//	SPREEKUUR_MUTATION_BIN=/path/spreekuur SPREEKUUR_MUTATION_FIXTURE=/path/vault.db …   another build,
//	    on a vault of its own format (user Anna, passphrase annaPass)
//	SPREEKUUR_MUTATION_SEED=7 …   another series (mutation i uses seed+i)
//
// scripts/mutate.sh runs the 1,000 and keeps the log.
func TestDamagedVaultCommands(t *testing.T) {
	n := 12
	if testing.Short() || raceEnabled {
		n = 4
	}
	if s := os.Getenv("SPREEKUUR_MUTATIONS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatalf("SPREEKUUR_MUTATIONS=%q", s)
		}
	}
	seed, _ := strconv.ParseUint(os.Getenv("SPREEKUUR_MUTATION_SEED"), 10, 64)
	bin, binEnv := os.Getenv("SPREEKUUR_MUTATION_BIN"), []string(nil)
	if bin == "" {
		bin, binEnv = os.Args[0], []string{"SPREEKUUR_TEST_MAIN=1"}
	}
	dir := t.TempDir()
	fixture := os.Getenv("SPREEKUUR_MUTATION_FIXTURE")
	if fixture == "" {
		fixture = filepath.Join(dir, "fixture.db")
		makeMutationFixture(t, fixture, 200)
	}
	orig, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	ids := fixtureIDs(t, fixture)
	m := &mutationRun{t: t, bin: bin, env: binEnv, dir: dir, ids: ids}
	m.setup(fixture)

	jobs := make(chan int)
	var mu sync.Mutex
	counts := map[string]map[string]int{} // command → outcome → count
	var crashes []string
	kinds := map[string]int{}
	badMutations := 0
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				kind, b := mutate(orig, seed+uint64(i))
				res := m.runAll(i, b)
				mu.Lock()
				kinds[kind]++
				bad := false
				for cmd, o := range res {
					if counts[cmd] == nil {
						counts[cmd] = map[string]int{}
					}
					counts[cmd][o.outcome]++
					if o.outcome == "crash" || o.outcome == "hang" {
						crashes = append(crashes, fmt.Sprintf("mutation %d (%s): %s: %s: %s", i, kind, cmd, o.outcome, o.detail))
						bad = true
					}
				}
				if bad {
					badMutations++
				}
				mu.Unlock()
			}
		}()
	}
	start := time.Now()
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	cmds := make([]string, 0, len(counts))
	for c := range counts {
		cmds = append(cmds, c)
	}
	sort.Strings(cmds)
	var b strings.Builder
	fmt.Fprintf(&b, "%d mutations (%d flips, %d page swaps, %d truncations) of a %d-byte vault in %v; seed %d\n",
		n, kinds["flip"], kinds["swap"], kinds["truncate"], len(orig), time.Since(start).Round(time.Second), seed)
	fmt.Fprintf(&b, "%-16s %6s %9s %6s %5s\n", "command", "ok", "sentence", "crash", "hang")
	total := map[string]int{}
	for _, c := range cmds {
		fmt.Fprintf(&b, "%-16s %6d %9d %6d %5d\n", c, counts[c]["ok"], counts[c]["sentence"], counts[c]["crash"], counts[c]["hang"])
		for o, k := range counts[c] {
			total[o] += k
		}
	}
	fmt.Fprintf(&b, "%-16s %6d %9d %6d %5d\n", "all", total["ok"], total["sentence"], total["crash"], total["hang"])
	fmt.Fprintf(&b, "mutations with a crash or hang in any command: %d of %d", badMutations, n)
	t.Log("\n" + b.String())
	sort.Strings(crashes)
	for i, c := range crashes {
		if i == 20 {
			t.Logf("… and %d more", len(crashes)-20)
			break
		}
		t.Log(c)
	}
	if len(crashes) > 0 {
		t.Errorf("%d command runs crashed or hung", len(crashes))
	}
}

// mutate damages a copy of b in one of three ways, chosen by the seed.
func mutate(b []byte, seed uint64) (string, []byte) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	c := bytes.Clone(b)
	const ps = 4096
	switch rng.IntN(3) {
	case 0:
		for range 1 + rng.IntN(8) {
			c[rng.IntN(len(c))] ^= byte(1 + rng.IntN(255))
		}
		return "flip", c
	case 1:
		pages := len(c) / ps
		i, j := rng.IntN(pages), rng.IntN(pages)
		for i == j {
			j = rng.IntN(pages)
		}
		copy(c[i*ps:(i+1)*ps], b[j*ps:(j+1)*ps])
		copy(c[j*ps:(j+1)*ps], b[i*ps:(i+1)*ps])
		return "swap", c
	}
	return "truncate", c[:rng.IntN(len(c))]
}

// makeMutationFixture is a demo vault of n residents for user Anna, with
// cheap key derivation (the slots keep their parameters, so any build
// unlocks it quickly).
func makeMutationFixture(t *testing.T, path string, n int) {
	t.Helper()
	v, _, err := store.Create(path, "Anna", store.RoleSupporter, []byte(annaPass), store.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fillDemo(v, intake.DefaultCatalogue(), 1, n, time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC), nil); err != nil {
		t.Fatal(err)
	}
	if err := v.AddUser("Kim", store.RoleKompaan, []byte(bramPass)); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
}

type fixtureRefs struct{ intake, resident string }

// fixtureIDs finds an intake with a resident in the fixture (read-only:
// a format-1 fixture stays format 1).
func fixtureIDs(t *testing.T, path string) fixtureRefs {
	t.Helper()
	v, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock("Anna", []byte(annaPass)); err != nil {
		t.Fatal(err)
	}
	var ref fixtureRefs
	errFound := errors.New("found")
	err = v.View(func(tx *store.Tx) error {
		return tx.ForEach(store.KindIntake, func(id string, decode func(any) error) error {
			var in intake.Intake
			if err := decode(&in); err != nil {
				return err
			}
			if in.ResidentID != "" {
				ref = fixtureRefs{in.ID, in.ResidentID}
				return errFound
			}
			return nil
		})
	})
	if !errors.Is(err, errFound) {
		t.Fatalf("no intake with a resident in the fixture: %v", err)
	}
	return ref
}

type mutationRun struct {
	t        *testing.T
	bin      string
	env      []string
	dir      string
	ids      fixtureRefs
	identity string // age identity file the bundle is encrypted to
	bundle   string // a bundle exported from the undamaged fixture
	to       string // the age recipient
	pass     string // passphrase file
	newPass  string
}

func (m *mutationRun) setup(fixture string) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		m.t.Fatal(err)
	}
	m.identity = filepath.Join(m.dir, "office.key")
	if err := os.WriteFile(m.identity, []byte(id.String()+"\n"), 0o600); err != nil {
		m.t.Fatal(err)
	}
	m.to = id.Recipient().String()
	m.pass = writeSecret(m.t, annaPass)
	m.newPass = writeSecret(m.t, "een nieuwe wachtwoordzin voor Anna")
	work := filepath.Join(m.dir, "bundle-source.db")
	b, err := os.ReadFile(fixture)
	if err != nil {
		m.t.Fatal(err)
	}
	if err := os.WriteFile(work, b, 0o600); err != nil {
		m.t.Fatal(err)
	}
	m.bundle = filepath.Join(m.dir, "office.age")
	if o := m.run(work, m.dir, "export", "bundle", "--to", m.to, "-o", m.bundle); o.outcome != "ok" {
		m.t.Fatalf("bundle from the undamaged fixture: %+v", o)
	}
}

type outcome struct {
	outcome string // ok, sentence, crash, hang
	detail  string
}

// runAll writes the damaged vault and runs every command on a copy of it.
func (m *mutationRun) runAll(i int, damaged []byte) map[string]outcome {
	dir := filepath.Join(m.dir, fmt.Sprintf("m%d", i))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		m.t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	out := map[string]outcome{}
	fresh := func() string {
		p := filepath.Join(dir, "v.db")
		_ = os.Remove(p)
		if err := os.WriteFile(p, damaged, 0o600); err != nil {
			m.t.Fatal(err)
		}
		return p
	}
	o := func(name string) string { return filepath.Join(dir, name) }
	for _, c := range []struct {
		name string
		args []string
	}{
		{"check", []string{"check"}},
		{"export stats", []string{"export", "stats", "--format", "csv", "-o", o("s.csv")}},
		{"export bundle", []string{"export", "bundle", "--to", m.to, "-o", o("b.age")}},
		{"export sheet", []string{"export", "sheet", "--intake", m.ids.intake, "-o", o("sheet.pdf")}},
		{"export plan", []string{"export", "plan", "--intake", m.ids.intake, "-o", o("plan.txt")}},
		{"export access", []string{"export", "access", "--resident", m.ids.resident, "-o", o("access.json")}},
		{"import", []string{"import", m.bundle, "--identity", m.identity}},
		{"passwd", []string{"passwd", "--new-passphrase-file", m.newPass}},
		{"users list", []string{"users", "list"}},
		{"users add", []string{"users", "add", "Bram", "--role", "kompaan", "--new-passphrase-file", m.newPass}},
	} {
		out[c.name] = m.run(fresh(), dir, c.args...)
	}
	out["TUI start"] = m.runTUI(fresh(), dir)
	return out
}

const mutationTimeout = 60 * time.Second

func (m *mutationRun) command(ctx context.Context, db, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, m.bin, append([]string{"--db", db, "--passphrase-file", m.pass}, args...)...)
	cmd.Env = append([]string{"HOME=" + dir, "XDG_DATA_HOME=" + dir, "TMPDIR=" + dir, "PATH=" + os.Getenv("PATH"),
		"TERM=xterm-256color", "NO_COLOR=1"}, m.env...)
	cmd.WaitDelay = time.Second
	return cmd
}

func (m *mutationRun) run(db, dir string, args ...string) outcome {
	ctx, cancel := context.WithTimeout(context.Background(), mutationTimeout)
	defer cancel()
	cmd := m.command(ctx, db, dir, args...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	err := cmd.Run()
	return classify(ctx, err, stderr.String())
}

// runTUI starts the terminal app on a pseudo-terminal (unlocked with the
// passphrase file, as scripts do): it must show the home screen, or stop
// with one sentence. Then ctrl+c.
func (m *mutationRun) runTUI(db, dir string) outcome {
	ctx, cancel := context.WithTimeout(context.Background(), mutationTimeout)
	defer cancel()
	cmd := m.command(ctx, db, dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		m.t.Skipf("no pseudo-terminal: %v", err)
	}
	defer f.Close()
	screen := &syncBuffer{}
	go func() { _, _ = io.Copy(screen, f) }()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-exited:
			return classify(ctx, err, stderr.String())
		case <-tick.C:
			if strings.Contains(screen.String(), "overzicht") {
				_, _ = f.Write([]byte(keyCtrlC))
				select {
				case err := <-exited:
					return classify(ctx, err, stderr.String())
				case <-time.After(10 * time.Second):
					_ = cmd.Process.Kill()
					return outcome{"hang", "does not stop after ctrl+c"}
				}
			}
		case <-ctx.Done():
			_ = cmd.Process.Kill()
			return outcome{"hang", "no home screen and no exit"}
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// classify judges how a command ended.
func classify(ctx context.Context, err error, stderr string) outcome {
	if ctx.Err() != nil {
		return outcome{"hang", "killed after " + mutationTimeout.String()}
	}
	first := strings.SplitN(strings.TrimSpace(stderr), "\n", 2)[0]
	for _, bad := range []string{"goroutine ", "panic", "SIGSEGV", "SIGBUS", "fatal error", "runtime error"} {
		if strings.Contains(stderr, bad) {
			return outcome{"crash", first}
		}
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return outcome{"crash", "killed by " + ws.Signal().String()}
		}
		code = ee.ExitCode()
	} else if err != nil {
		return outcome{"crash", err.Error()}
	}
	lines := strings.Count(strings.TrimRight(stderr, "\n"), "\n") + 1
	switch {
	case code == 0:
		return outcome{"ok", ""}
	case (code == exitFailure || code == exitWrongPassword) && strings.TrimSpace(stderr) != "" && lines == 1:
		return outcome{"sentence", first}
	}
	return outcome{"crash", fmt.Sprintf("exit %d, %d line(s): %s", code, lines, first)}
}
