package tui

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/muesli/cancelreader"
)

// terminalSession is a line session as on a terminal: inFile is set (a
// pipe stands in for the terminal), the vault is unlocked as anna and the
// idle time is short. readPassword is replaced: it records each call and
// whether a line read was under way then, and answers pass the first time
// (empty: never), the end of input after that.
func terminalSession(t *testing.T, pass string) (s *lineSession, v *fakeVault, w *os.File, out *bytes.Buffer, calls *[]bool) {
	t.Helper()
	noSleep(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close(); r.Close() })
	v = sampleVault()
	if err := v.Unlock("anna", []byte("correct horse battery")); err != nil {
		t.Fatal(err)
	}
	out = &bytes.Buffer{}
	a := New(Options{Vault: v, Now: func() time.Time { return day0 }})
	s = &lineSession{inFile: r, out: out, e: a.env, idle: 50 * time.Millisecond}
	calls = new([]bool)
	old := readPassword
	readPassword = func(int) ([]byte, error) {
		*calls = append(*calls, s.pending)
		if pass == "" || len(*calls) > 1 {
			return nil, io.EOF
		}
		return []byte(pass), nil
	}
	t.Cleanup(func() { readPassword = old })
	return s, v, w, out, calls
}

// TestIdleLockWithoutCancelReaderEndsSession: on a terminal where no
// cancel reader could be made, the read under way cannot be ended. The
// passphrase must then not be read from the same terminal (the pending
// read could take it and hand it on as the next answer): the idle lock
// locks the vault and ends the session instead.
func TestIdleLockWithoutCancelReaderEndsSession(t *testing.T) {
	old := newCancelReader
	newCancelReader = func(io.Reader) (cancelreader.CancelReader, error) { return nil, errors.New("no epoll") }
	t.Cleanup(func() { newCancelReader = old })
	s, v, _, out, calls := terminalSession(t, "correct horse battery")
	s.startReading(s.inFile)
	if s.cancel != nil {
		t.Fatal("cancel reader made")
	}
	if _, ok := s.ask("Vraag:"); ok {
		t.Fatal("ask went on after the idle lock")
	}
	if len(*calls) > 0 {
		t.Fatalf("passphrase read from the terminal while a line read was under way (%v)", *calls)
	}
	if v.Unlocked() {
		t.Fatal("vault still unlocked")
	}
	if !strings.Contains(out.String(), "niet veilig opnieuw gevraagd") {
		t.Fatalf("no word that the session ends:\n%s", out.String())
	}
	if err := s.endErr(); err != nil {
		t.Fatalf("session ends with %v, want nil", err)
	}
	if _, ok := s.ask("Nog een vraag:"); ok {
		t.Fatal("a question asked after the session ended")
	}
}

// countingReader is a real cancel reader that counts its Close calls.
type countingReader struct {
	cancelreader.CancelReader
	closed *int
}

func (c countingReader) Close() error { *c.closed++; return c.CancelReader.Close() }

// TestIdleLockClosesReplacedReader: each idle lock replaces the cancel
// reader; the old one must be closed (an epoll fd and a pipe pair each),
// and the last one when the session ends.
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
	s, v, w, out, calls := terminalSession(t, "correct horse battery")
	s.startReading(s.inFile)
	if s.cancel == nil {
		t.Skip("no cancel reader on a pipe here")
	}
	// Wrap the recording readPassword: it tells when the passphrase is
	// asked (after the idle lock replaced the reader).
	asked := make(chan bool, 1)
	rec := readPassword
	readPassword = func(fd int) ([]byte, error) {
		b, err := rec(fd)
		asked <- s.pending
		return b, err
	}
	answered := make(chan string, 1)
	go func() {
		line, _ := s.ask("Vraag:")
		answered <- line
	}()
	select {
	case pending := <-asked:
		if pending {
			t.Fatal("passphrase read while a line read was under way")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no idle lock")
	}
	if len(closed) != 2 {
		t.Fatalf("%d cancel readers made, want 2", len(closed))
	}
	io.WriteString(w, "antwoord\n")
	select {
	case line := <-answered:
		if line != "antwoord" {
			t.Fatalf("answer %q", line)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("question not answered")
	}
	if !v.Unlocked() || len(*calls) != 1 || !strings.Contains(out.String(), "Welkom, anna") {
		t.Fatalf("not unlocked again (%d passphrase reads):\n%s", len(*calls), out.String())
	}
	if *closed[0] != 1 {
		t.Fatalf("replaced cancel reader closed %d times, want 1", *closed[0])
	}
	if *closed[1] != 0 {
		t.Fatal("the reader in use was closed")
	}
	s.stopReading()
	if *closed[1] != 1 {
		t.Fatalf("last cancel reader closed %d times at the end, want 1", *closed[1])
	}
}
