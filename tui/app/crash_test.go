package app

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

// secretPanic is in every panic value below: it stands for a resident's
// words that a panic message might carry.
const secretPanic = "GEHEIM-Jan-de-Vries-schulden"

// panicScreen panics on the first key: in Update, in View, or in the
// command Update returns (alone or in a batch).
type panicScreen struct {
	where string
	armed bool
}

func (p *panicScreen) Update(msg tea.Msg) tea.Cmd {
	if _, ok := msg.(tea.KeyPressMsg); !ok {
		return nil
	}
	switch p.where {
	case "update":
		panic(secretPanic)
	case "view":
		p.armed = true
	case "cmd":
		return func() tea.Msg { panic(secretPanic) }
	case "batch":
		return tea.Batch(func() tea.Msg { return nil }, func() tea.Msg { panic(secretPanic) })
	}
	return nil
}

func (p *panicScreen) View() string {
	if p.armed {
		panic(errors.New(secretPanic))
	}
	return "a screen" // what it draws before its key: none of the words looked for
}
func (p *panicScreen) Title() string       { return "" }
func (p *panicScreen) Keys() []key.Binding { return nil }
func (p *panicScreen) Typing() bool        { return false }

// program runs a in a real Bubble Tea program at 80×24 writing to out,
// as cmd/spreekuur does; wait returns Run's error once it ends.
func program(t *testing.T, a tea.Model, out *syncBuffer) (p *tea.Program, wait func() error) {
	t.Helper()
	p = tea.NewProgram(a, tea.WithInput(nil), tea.WithOutput(out),
		tea.WithWindowSize(80, 24), tea.WithColorProfile(colorprofile.Ascii))
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	return p, func() error {
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second): // a hang is a failure, not a wait
			p.Kill()
			t.Fatal("the program did not end")
			return nil
		}
	}
}

// TestPanicLocksAndQuitsQuietly makes a screen panic in a real program:
// the app catches it before Bubble Tea's own handler (which prints the
// value and the stack to stderr, and with TEA_DEBUG writes a plaintext log
// into the working directory), locks the vault, clears the screen and
// the scrollback, and quits.
func TestPanicLocksAndQuitsQuietly(t *testing.T) {
	for _, where := range []string{"update", "view", "cmd", "batch"} {
		t.Run(where, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			t.Setenv("TEA_DEBUG", "true")
			stderr := captureStderr(t)

			st := sample()
			s := screentest.Unlocked(t, st, nil, func() time.Time { return day0 }, "nl", "anna", screentest.Pass)
			a := New(Options{Session: s, LockAfter: -1, Now: func() time.Time { return day0 }})
			var out syncBuffer
			p, wait := program(t, a, &out)
			p.Send(common.ShowMsg{Screen: &panicScreen{where: where}})
			p.Send(screentest.KeyMsg("x"))
			if err := wait(); err != nil {
				t.Errorf("Run: %v (Bubble Tea's panic handler ran)", err)
			}
			if !a.Crashed() {
				t.Error("the app does not report the crash")
			}
			if st.Unlocked() {
				t.Error("vault still unlocked after the panic")
			}
			errText := stderr()
			for _, leak := range []string{secretPanic, "goroutine", "panic", ".go:"} {
				if strings.Contains(errText, leak) || strings.Contains(out.String(), leak) {
					t.Errorf("output shows %q\nstderr: %q", leak, errText)
				}
			}
			// A panic in View too: View cannot return a command.
			if !strings.Contains(out.String(), clearScrollback) {
				t.Errorf("scrollback not cleared (no ESC[3J) after a panic in %s", where)
			}
			if logs, _ := filepath.Glob(filepath.Join(dir, "bubbletea-panic-*")); len(logs) > 0 {
				t.Errorf("panic log written: %v", logs)
			}
		})
	}
}

// rawSeen wraps the app to tell when a raw write (ESC[3J) was made:
// Bubble Tea writes it to the terminal before the model sees it.
type rawSeen struct {
	*App
	seen chan string
}

func (r rawSeen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(tea.RawMsg); ok {
		r.seen <- m.Msg.(string)
	}
	_, cmd := r.App.Update(msg)
	return r, cmd
}

// TestLockClearsTheTerminalsScrollback: on ctrl+l the program writes
// ESC[3J to the terminal, so what was on screen cannot be scrolled back to.
func TestLockClearsTheTerminalsScrollback(t *testing.T) {
	st := sample()
	s := screentest.Unlocked(t, st, nil, func() time.Time { return day0 }, "nl", "anna", screentest.Pass)
	a := rawSeen{New(Options{Session: s, LockAfter: -1, Now: func() time.Time { return day0 }}), make(chan string, 4)}
	var out syncBuffer
	p, wait := program(t, a, &out)
	p.Send(screentest.KeyMsg("ctrl+l"))
	select {
	case raw := <-a.seen:
		if raw != clearScrollback {
			t.Errorf("wrote %q", raw)
		}
	case <-time.After(10 * time.Second): // a hang is a failure, not a wait
		t.Fatal("nothing written to clear the scrollback")
	}
	p.Quit()
	if err := wait(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "\x1b[3J") || st.Unlocked() {
		t.Fatalf("ESC[3J not on the terminal (or still unlocked %v)", st.Unlocked())
	}
}

// captureStderr points os.Stderr at a file until the test ends; the
// returned function reads what was written.
func captureStderr(t *testing.T) func() string {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stderr
	os.Stderr = f
	t.Cleanup(func() { os.Stderr = old; f.Close() })
	return func() string {
		b, _ := os.ReadFile(f.Name())
		return string(b)
	}
}

// syncBuffer is a bytes.Buffer safe for the program's writer goroutine.
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
