package tui

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// secretPanic is in every panic value below: it stands for a resident's
// words that a panic message might carry.
const secretPanic = "GEHEIM-Jan-de-Vries-schulden"

// panicScreen panics on the first key: in update, in view, or in the
// command update returns.
type panicScreen struct {
	where string
	armed bool
}

func (p *panicScreen) update(msg tea.Msg) tea.Cmd {
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

func (p *panicScreen) view(int, int) string {
	if p.armed {
		panic(errors.New(secretPanic))
	}
	return "panic screen"
}
func (p *panicScreen) help() []helpItem { return nil }
func (p *panicScreen) typing() bool     { return false }
func (p *panicScreen) title() string    { return "" }

// TestPanicLocksAndQuitsQuietly runs the app in a real Bubble Tea program
// and makes a screen panic: the app must catch it before Bubble Tea's own
// handler (which prints the value and the stack to stderr, and with
// TEA_DEBUG writes a plaintext log into the working directory), lock the
// vault and quit.
func TestPanicLocksAndQuitsQuietly(t *testing.T) {
	for _, where := range []string{"update", "view", "cmd", "batch"} {
		t.Run(where, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			t.Setenv("TEA_DEBUG", "true")
			stderr := captureStderr(t)

			v := sampleVault()
			a := unlockedApp(t, v, &clock{day0}, -1)
			var out syncBuffer
			p := tea.NewProgram(a, tea.WithInput(nil), tea.WithOutput(&out),
				tea.WithWindowSize(80, 24), tea.WithColorProfile(colorprofile.Ascii))
			done := make(chan error, 1)
			go func() { _, err := p.Run(); done <- err }()
			p.Send(showScreenMsg{s: &panicScreen{where: where}})
			p.Send(keyMsg("x"))
			var err error
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				p.Kill()
				t.Fatal("program did not quit after the panic")
			}
			if err != nil {
				t.Errorf("Run: %v (Bubble Tea's panic handler ran)", err)
			}
			if !a.Crashed() {
				t.Error("app does not report the crash")
			}
			if v.Unlocked() {
				t.Error("vault still unlocked after the panic")
			}
			errText := stderr()
			for _, leak := range []string{secretPanic, "goroutine", "panic", ".go:"} {
				if strings.Contains(errText, leak) || strings.Contains(out.String(), leak) {
					t.Errorf("output shows %q\nstderr: %q", leak, errText)
				}
			}
			// The screen and the scrollback are cleared before quitting,
			// a panic in View included (View cannot return a command).
			if !strings.Contains(out.String(), clearScrollback) {
				t.Errorf("scrollback not cleared (no ESC[3J) after a panic in %s", where)
			}
			if logs, _ := filepath.Glob(filepath.Join(dir, "bubbletea-panic-*")); len(logs) > 0 {
				t.Errorf("panic log written: %v", logs)
			}
		})
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

var _ io.Writer = (*syncBuffer)(nil)
