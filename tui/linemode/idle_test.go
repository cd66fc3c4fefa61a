package linemode

import (
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/huh/v2"
	"github.com/muesli/cancelreader"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

// idle is the idle time in these tests. The line mode's idle lock is a
// real timer on a blocked read (there is no clock to move while a person
// is not typing); the tests wait for what it says, not for the time. The
// test that answers after the lock uses slowIdle, so that an answer is in
// long before a second lock could come, however busy the machine.
const (
	idle     = 30 * time.Millisecond
	slowIdle = 500 * time.Millisecond
)

// watched is output a test can wait on: it wakes the test on every write.
type watched struct {
	mu    sync.Mutex
	b     strings.Builder
	wrote chan struct{}
}

func newWatched() *watched { return &watched{wrote: make(chan struct{}, 1)} }

func (w *watched) Write(p []byte) (int, error) {
	w.mu.Lock()
	n, err := w.b.Write(p)
	w.mu.Unlock()
	select {
	case w.wrote <- struct{}{}:
	default:
	}
	return n, err
}

func (w *watched) String() string { w.mu.Lock(); defer w.mu.Unlock(); return w.b.String() }

// waitFor returns once want was said n times. Ten seconds without it is
// a failure (a hang), not part of the test.
func (w *watched) waitFor(t *testing.T, want string, n int) {
	t.Helper()
	fail := time.After(10 * time.Second)
	for strings.Count(w.String(), want) < n {
		select {
		case <-w.wrote:
		case <-fail:
			t.Fatalf("the line mode never said %q %d times:\n%s", want, n, w.String())
		}
	}
}

// TestRunIdleLock: with nothing typed for the idle time, the line mode
// locks the vault, says so, asks the passphrase and then asks the
// question that was waiting again; what was typed before is kept.
func TestRunIdleLock(t *testing.T) {
	st := vault()
	sess := newSession(st, "nl")
	pr, pw := io.Pipe()
	defer pw.Close()
	out := newWatched()
	done := make(chan error, 1)
	go func() {
		done <- Run(pr, out, Options{Session: sess, LockAfter: slowIdle, Now: clock, Sleep: func(time.Duration) {}})
	}()
	io.WriteString(pw, "anna\ncorrect horse battery\n")
	out.waitFor(t, "Welkom, anna", 1)
	out.waitFor(t, "Spreekuur is op slot gegaan", 1) // nothing typed: the lock comes
	if sess.Unlocked() {
		t.Fatal("vault still unlocked after the idle time")
	}
	io.WriteString(pw, "correct horse battery\n")
	out.waitFor(t, "Welkom, anna", 2)
	out.waitFor(t, "Typ een nummer van 1 tot en met 3:", 2) // the same question again
	io.WriteString(pw, "3\n")
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second): // a hang is a failure, not a wait
		t.Fatal("the session did not end")
	}
	o := out.String()
	if sess.Unlocked() || !strings.Contains(o, "Sluit nu dit venster") {
		t.Fatalf("end of the session:\n%s", o)
	}
	if strings.ContainsAny(o, "\x1b\x07") {
		t.Fatal("escape codes written to a non-terminal")
	}
}

// terminal is a line-mode session as on a terminal: inFile is set (a pipe
// stands in for the terminal), the vault is unlocked as anna, the idle
// time short. The passphrase prompt (readPassword) records each call and
// whether a line read was under way then; it answers pass the first time
// (never when pass is empty), the end of input after that.
func terminal(t *testing.T, pass string) (l *lm, sess *session.Session, w *os.File, out *watched, calls *[]bool) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close(); r.Close() })
	sess = screentest.Unlocked(t, vault(), nil, clock, "nl", "anna", screentest.Pass)
	out = newWatched()
	l = &lm{o: Options{Now: clock, Sleep: func(time.Duration) {}, LockAfter: idle}, lang: intake.LangNL, s: sess, out: out}
	l.w = &huhWriter{out: out, dutch: true}
	l.in = &huhReader{l: l}
	l.theme = huh.ThemeFunc(func(bool) *huh.Styles { return &huh.Styles{} })
	l.src.inFile = r
	calls = new([]bool)
	old := readPassword
	readPassword = func(int) ([]byte, error) {
		*calls = append(*calls, l.src.pending)
		l.o.LockAfter = 0 // one idle lock per test: no second one while the test answers
		if pass == "" || len(*calls) > 1 {
			return nil, io.EOF
		}
		return []byte(pass), nil
	}
	t.Cleanup(func() { readPassword = old })
	return l, sess, w, out, calls
}

// TestIdleLockWithoutCancelReaderEndsSession: on a terminal where no
// cancel reader could be made, the read under way cannot be ended. The
// passphrase must then not be read from the same terminal (the pending
// read could take it and hand it on as the next answer): the idle lock
// locks the vault and ends the session, saying why.
func TestIdleLockWithoutCancelReaderEndsSession(t *testing.T) {
	old := newCancelReader
	newCancelReader = func(io.Reader) (cancelreader.CancelReader, error) { return nil, errors.New("no epoll") }
	t.Cleanup(func() { newCancelReader = old })
	l, sess, _, out, calls := terminal(t, screentest.Pass)
	l.src.start(l.src.inFile)
	if l.src.cancel != nil {
		t.Fatal("cancel reader made")
	}
	if _, ok := l.ask("Vraag:"); ok {
		t.Fatal("ask went on after the idle lock")
	}
	if len(*calls) > 0 {
		t.Fatalf("passphrase read from the terminal while a line read was under way (%v)", *calls)
	}
	if sess.Unlocked() {
		t.Fatal("vault still unlocked")
	}
	if !strings.Contains(out.String(), "niet veilig opnieuw gevraagd") {
		t.Fatalf("no word that the session ends:\n%s", out.String())
	}
	if err := l.endErr(); err != nil {
		t.Fatalf("the session ends with %v, want nil", err)
	}
	if _, ok := l.ask("Nog een vraag:"); ok {
		t.Fatal("a question asked after the session ended")
	}
}

// countingReader is a real cancel reader that counts its Close calls.
type countingReader struct {
	cancelreader.CancelReader
	closed *int
}

func (c countingReader) Close() error { *c.closed++; return c.CancelReader.Close() }

// TestIdleLockClosesReplacedReader: each idle lock ends the read under
// way and replaces the cancel reader; the old one is closed (an epoll fd
// and a pipe pair each), and the last one when the session ends. The
// passphrase is read without echo only once no line read is under way;
// the question waiting is then answered as usual.
func TestIdleLockClosesReplacedReader(t *testing.T) {
	var closed []*int
	old := newCancelReader
	newCancelReader = func(r io.Reader) (cancelreader.CancelReader, error) {
		cr, err := cancelreader.NewReader(r)
		if err != nil {
			return nil, err
		}
		n := new(int)
		closed = append(closed, n)
		return countingReader{cr, n}, nil
	}
	t.Cleanup(func() { newCancelReader = old })
	l, sess, w, out, calls := terminal(t, screentest.Pass)
	l.src.start(l.src.inFile)
	if l.src.cancel == nil {
		t.Skip("no cancel reader on a pipe here")
	}
	answered := make(chan string, 1)
	go func() {
		line, _ := l.ask("Vraag:")
		answered <- line
	}()
	out.waitFor(t, "Spreekuur is open. Welkom, anna.", 1) // locked and unlocked again
	io.WriteString(w, "antwoord\n")
	select {
	case line := <-answered:
		if line != "antwoord" {
			t.Fatalf("answer %q", line)
		}
	case <-time.After(10 * time.Second): // a hang is a failure, not a wait
		t.Fatal("the question was not answered")
	}
	if len(*calls) != 1 || (*calls)[0] {
		t.Fatalf("passphrase reads %v (true: while a line read was under way)", *calls)
	}
	if !sess.Unlocked() || !strings.Contains(out.String(), "Spreekuur is op slot gegaan") {
		t.Fatalf("not locked and unlocked again:\n%s", out.String())
	}
	if len(closed) < 2 || *closed[0] != 1 {
		t.Fatalf("%d cancel readers made, the first closed %d times; want the replaced one closed once", len(closed), *closed[0])
	}
	last := closed[len(closed)-1]
	if *last != 0 {
		t.Fatal("the reader in use was closed")
	}
	l.src.stop()
	if *last != 1 {
		t.Fatalf("the last cancel reader closed %d times at the end, want 1", *last)
	}
}
