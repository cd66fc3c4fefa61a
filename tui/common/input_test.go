package common

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// lockedBuffer is a terminal's output, written by Bubble Tea's renderer
// and read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// program runs m in a Bubble Tea program on a pipe (input) and a buffer
// (output), and returns the output and a channel closed when it ends.
func program(t *testing.T, m tea.Model) (*tea.Program, *lockedBuffer, chan struct{}) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	out := &lockedBuffer{}
	p := tea.NewProgram(m, tea.WithInput(r), tea.WithOutput(out), tea.WithoutSignalHandler(), tea.WithWindowSize(40, 5))
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := p.Run(); err != nil {
			t.Errorf("program: %v", err)
		}
	}()
	return p, out, done
}

type checkMsg struct{}

// renderLoopModel looks, once it runs, whether a goroutine runs the
// function named renderLoop.
type renderLoopModel struct{ found *bool }

func (m renderLoopModel) Init() tea.Cmd { return func() tea.Msg { return checkMsg{} } }

func (m renderLoopModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(checkMsg); ok {
		buf := make([]byte, 1<<20)
		*m.found = strings.Contains(string(buf[:runtime.Stack(buf, true)]), renderLoop)
		return m, tea.Quit
	}
	return m, nil
}

func (m renderLoopModel) View() tea.View { return tea.NewView("") }

// TestRenderLoopName: the goroutine ForgetInput waits for is named as the
// Bubble Tea in go.mod names its render loop (were it renamed, the wait
// would end at once and the screen could freeze again).
func TestRenderLoopName(t *testing.T) {
	found := false
	_, _, done := program(t, renderLoopModel{found: &found})
	<-done
	if !found {
		t.Errorf("no goroutine runs %s while a program runs", renderLoop)
	}
}

// forgetModel replaces the input reader n times in a row, drawing how
// often it has.
type forgetModel struct{ n, want int }

func (m forgetModel) Init() tea.Cmd { return ForgetInput() }

func (m forgetModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(InputForgottenMsg); ok {
		m.n++
		if m.n < m.want {
			return m, ForgetInput()
		}
	}
	return m, nil
}

func (m forgetModel) View() tea.View {
	v := tea.NewView(fmt.Sprintf("forgotten %d", m.n))
	v.AltScreen = true
	return v
}

// TestForgetInputKeepsDrawing: after the input reader has been replaced
// 30 times, the program still draws its screen (Bubble Tea's render loop
// was not left stopped, charmbracelet/bubbletea#1778).
func TestForgetInputKeepsDrawing(t *testing.T) {
	// With one P the old render loop, woken to stop, runs only once the
	// event loop blocks: after the restart, where the race is lost.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	const n = 30
	p, out, done := program(t, forgetModel{want: n})
	want := fmt.Sprintf("forgotten %d", n)
	deadline := time.After(10 * time.Second)
	for !strings.Contains(out.String(), want) {
		select {
		case <-deadline:
			p.Kill()
			<-done
			t.Fatalf("after replacing the input reader %d times the screen does not show %q", n, want)
		case <-time.After(10 * time.Millisecond):
		}
	}
	p.Quit()
	<-done
}
