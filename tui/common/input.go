package common

import (
	"bytes"
	"io"
	"runtime"
	"time"

	tea "charm.land/bubbletea/v2"
)

// InputForgottenMsg says the terminal's input reader was replaced
// (ForgetInput); the app then collects the garbage, which now includes the
// old reader's buffer.
type InputForgottenMsg struct{}

// ForgetInput replaces Bubble Tea's terminal input reader with a new one.
//
// The reader (ultraviolet's TerminalReader.StreamEvents) keeps the raw
// bytes read from the terminal in one bytes.Buffer for as long as the
// program runs, and bytes.Buffer writes on after what was read until its
// capacity is used up: a passphrase typed or pasted at the unlock screen
// stays there, byte for byte, until later typing happens to overwrite it.
// The issue 12 memory scan found it there after a lock that came soon
// after the unlock (3 runs of 3). That buffer is live, so clearing freed
// memory does not reach it, and the app has no handle on it. Bubble Tea
// starts a new reader after running an external command (tea.Exec); the
// command run here only waits for Bubble Tea's render loop (see
// noCommand.Run), so what remains is that restart: the old reader ends,
// and its buffer is garbage for the next collection.
//
// The terminal leaves and re-enters the alternate screen on the way (one
// repaint); the app does this only when it locks and when a passphrase is
// submitted.
func ForgetInput() tea.Cmd {
	return tea.Exec(noCommand{}, func(error) tea.Msg { return InputForgottenMsg{} })
}

// noCommand is the external command of ForgetInput.
type noCommand struct{}

// renderLoop is Bubble Tea's render loop goroutine as runtime.Stack names
// its function (TestRenderLoopName checks it against the version in
// go.mod).
const renderLoop = "charm.land/bubbletea/v2.(*Program).startRenderer.func1"

// Run waits until Bubble Tea's render loop has ended. Before running the
// command, Bubble Tea tells that goroutine to stop but does not wait for
// it; after, it resets the loop's ticker and starts a new one. When the
// old loop's ticker.Stop() comes after the Reset, the ticker stays
// stopped and the screen is never drawn again (charmbracelet/bubbletea
// #1778, fix proposed in #1781): the memory scan hung like that in 4 runs
// of 20 on a busy machine. Waiting here, between the two, closes that
// window. The wait gives up after two seconds.
func (noCommand) Run() error {
	buf := make([]byte, 64<<10)
	for wait, deadline := time.Millisecond, time.Now().Add(2*time.Second); time.Now().Before(deadline); wait = min(2*wait, 50*time.Millisecond) {
		n := runtime.Stack(buf, true)
		for n == len(buf) {
			buf = make([]byte, 2*len(buf))
			n = runtime.Stack(buf, true)
		}
		if !bytes.Contains(buf[:n], []byte(renderLoop)) {
			return nil
		}
		time.Sleep(wait)
	}
	return nil
}

func (noCommand) SetStdin(io.Reader)  {}
func (noCommand) SetStdout(io.Writer) {}
func (noCommand) SetStderr(io.Writer) {}
