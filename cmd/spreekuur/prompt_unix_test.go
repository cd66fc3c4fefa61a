//go:build !windows

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// terminal runs the binary on a pseudo-terminal, so the prompts are real.
type terminal struct {
	t    *testing.T
	f    *os.File
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

func startTerminal(t *testing.T, args ...string) *terminal {
	t.Helper()
	return startTerminalEnv(t, nil, args...)
}

// startTerminalEnv is startTerminal with more environment (KEY=VALUE).
func startTerminalEnv(t *testing.T, env []string, args ...string) *terminal {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(childEnv("HOME="+t.TempDir(), "TERM=dumb"), env...)
	f, err := pty.Start(cmd)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	term := &terminal{t: t, f: f, cmd: cmd, done: make(chan struct{})}
	go func() {
		defer close(term.done)
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			term.mu.Lock()
			term.out.Write(buf[:n])
			term.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { _ = f.Close(); _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return term
}

func (term *terminal) output() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.out.String()
}

// answer waits for prompt to appear (after any earlier output) and types line.
func (term *terminal) answer(prompt, line string) {
	term.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(term.output(), prompt) {
		if time.Now().After(deadline) {
			term.t.Fatalf("no prompt %q; output so far:\n%s", prompt, term.output())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := term.f.Write([]byte(line + "\n")); err != nil {
		term.t.Fatal(err)
	}
}

func (term *terminal) wait() int {
	term.t.Helper()
	err := term.cmd.Wait()
	select {
	case <-term.done:
	case <-time.After(5 * time.Second):
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		term.t.Fatal(err)
	}
	return 0
}

func TestInitPromptsWithoutEcho(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	secret := "echo-free passphrase 4711"
	term := startTerminal(t, "--db", db, "init")
	term.answer("Your name", "Anna")
	term.answer("Choose a passphrase for Anna: ", secret)
	term.answer("Type it again: ", secret)
	if code := term.wait(); code != 0 {
		t.Fatalf("exit %d:\n%s", code, term.output())
	}
	out := term.output()
	if strings.Contains(out, secret) {
		t.Fatalf("the passphrase was echoed:\n%s", out)
	}
	if !codeRE.MatchString(out) {
		t.Fatalf("no recovery code:\n%s", out)
	}

	// Typed twice differently: nothing is created.
	db2 := filepath.Join(t.TempDir(), "v2.db")
	term = startTerminal(t, "--db", db2, "--user", "Anna", "init")
	term.answer("Choose a passphrase for Anna: ", secret)
	term.answer("Type it again: ", secret+"x")
	if code := term.wait(); code != 2 || !strings.Contains(term.output(), "not the same") {
		t.Fatalf("mismatch: exit %d:\n%s", code, term.output())
	}
	if _, err := os.Stat(db2); err == nil {
		t.Fatal("a vault was created after a mismatch")
	}

	// Unlocking from the prompt: whose passphrase is asked for by name,
	// in the language of LANG.
	term = startTerminal(t, "--db", db, "check")
	term.answer("Your name (Enter: the only user): ", "Anna")
	term.answer("Passphrase of Anna: ", secret)
	if code := term.wait(); code != 0 || strings.Contains(term.output(), secret) {
		t.Fatalf("check with prompt: exit %d:\n%s", code, term.output())
	}
	nl := startTerminalEnv(t, []string{"LANG=nl_NL.UTF-8"}, "--db", db, "--user", "Anna", "check")
	nl.answer("Wachtwoordzin van Anna: ", secret)
	if code := nl.wait(); code != 0 || !strings.Contains(nl.output(), "goed: elk gegeven") {
		t.Fatalf("check in Dutch: exit %d:\n%s", code, nl.output())
	}
}
