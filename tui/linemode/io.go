package linemode

import (
	"bufio"
	"errors"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/muesli/cancelreader"
	"golang.org/x/term"
)

// maxLineBytes caps one typed line: more is cut (and the field's own limit
// says so). bufio.Scanner, which huh's prompts read with, stops at 64 KiB.
const maxLineBytes = 16 * 1024

var (
	newCancelReader = cancelreader.NewReader
	readPassword    = term.ReadPassword
)

// errIdleEnded: the idle lock ended the session (a terminal whose read
// cannot be cancelled: the passphrase cannot be asked again safely).
var errIdleEnded = errors.New("idle lock ended the session")

// source reads lines in a goroutine, so a read can time out for the idle
// lock. On a terminal the read is cancellable (cancelreader): the idle lock
// then asks the passphrase without echo on the same terminal.
type source struct {
	inFile  *os.File
	src     swapReader
	cancel  cancelreader.CancelReader
	req     chan struct{}
	res     chan lineResult
	pending bool
}

type lineResult struct {
	line string
	err  error
}

type swapReader struct{ r io.Reader }

func (s *swapReader) Read(p []byte) (int, error) { return s.r.Read(p) }

func (s *source) start(in io.Reader) {
	s.src.r = in
	if s.inFile != nil {
		if cr, err := newCancelReader(s.inFile); err == nil {
			s.cancel, s.src.r = cr, cr
		}
	}
	br := bufio.NewReader(&s.src)
	req, res := make(chan struct{}), make(chan lineResult)
	s.req, s.res = req, res
	go func() {
		var end error
		for range req {
			if end != nil {
				res <- lineResult{err: end}
				continue
			}
			line, err := br.ReadString('\n')
			if err != nil && !errors.Is(err, cancelreader.ErrCanceled) {
				end = err
			}
			res <- lineResult{line, err}
		}
	}()
}

// read returns the next line; with a timeout > 0 it gives up after it
// (timedOut), leaving the read pending for the next call.
func (s *source) read(timeout time.Duration) (line string, timedOut bool, err error) {
	if !s.pending {
		s.req <- struct{}{}
		s.pending = true
	}
	var tc <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		tc = t.C
	}
	select {
	case r := <-s.res:
		s.pending = false
		return r.line, false, r.err
	case <-tc:
		return "", true, nil
	}
}

// cancelPending ends a pending read on a terminal so the passphrase can be
// read without echo; it reports false when the read cannot be cancelled.
func (s *source) cancelPending() bool {
	if !s.pending {
		return true
	}
	if s.cancel == nil {
		return false
	}
	s.cancel.Cancel()
	<-s.res
	s.pending = false
	_ = s.cancel.Close()
	if cr, err := newCancelReader(s.inFile); err == nil {
		s.cancel, s.src.r = cr, cr
	} else {
		s.cancel, s.src.r = nil, s.inFile
	}
	return true
}

func (s *source) stop() {
	if s.req == nil {
		return
	}
	if s.pending && s.cancel != nil {
		s.cancel.Cancel()
		<-s.res
		s.pending = false
	}
	if s.cancel != nil {
		_ = s.cancel.Close()
		s.cancel = nil
	}
	if !s.pending {
		close(s.req)
		s.req = nil
	}
}

// huhReader is what huh's accessible prompts read from: one line per Read
// (each prompt makes its own bufio.Scanner, which would otherwise swallow
// the lines after its own), with the idle lock in between, and Dutch yes
// and no turned into the y and n huh understands.
type huhReader struct {
	l    *lm
	rest string // the part of a long line not yet handed out
	eof  bool
}

func (r *huhReader) Read(p []byte) (int, error) {
	if r.rest == "" {
		if r.eof {
			return 0, io.EOF
		}
		line, ok := r.l.readLine()
		if !ok {
			r.eof = true
			return 0, io.EOF
		}
		if len(line) > maxLineBytes {
			line = line[:maxLineBytes]
		}
		line = strings.TrimRight(line, "\r\n")
		if r.l.w.yesNo() {
			line = yesNoAnswer(line)
		}
		if r.l.w.listDone() && strings.TrimSpace(line) == "" {
			line = "0" // Enter on a multiple choice: done, as on a single choice
		}
		r.rest = line + "\n"
	}
	n := copy(p, r.rest)
	r.rest = r.rest[n:]
	return n, nil
}

// yesNoAnswer maps the Dutch answers to huh's y and n.
func yesNoAnswer(line string) string {
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "j", "ja", "y", "yes":
		return "y"
	case "n", "nee", "no":
		return "n"
	}
	return line
}

// huhWriter is what huh's accessible prompts write to. huh's own words
// are English; in Dutch they are said in Dutch (the table below, tested
// against every kind of field). It remembers the last prompt, to say it
// again after the idle lock, and whether it asks yes or no.
type huhWriter struct {
	out    io.Writer
	dutch  bool
	mu     sync.Mutex
	prompt string
	yn     bool
	multi  bool // the prompt is a multiple choice's "0 when done"
}

var multiPrompt = regexp.MustCompile(`Enter a number between 0 and \d+: $`)

var huhWords = []struct {
	re   *regexp.Regexp
	nl   string
	en   string
	isYN bool
}{
	{re: regexp.MustCompile(`Enter a number between (\d+) and (\d+): $`), nl: "Typ een nummer van $1 tot en met $2: ", en: "Type a number from $1 to $2: "},
	{re: regexp.MustCompile(`There is only one option available; enter the number 1:`), nl: "Er is maar één keuze. Typ 1:", en: "There is only one choice. Type 1:"},
	{re: regexp.MustCompile(`Select up to (\d+) options\.`), nl: "Typ het nummer van een keuze om hem aan of uit te zetten. Typ 0 of druk op Enter als u klaar bent.", en: "Type the number of a choice to switch it on or off. Type 0 or press Enter when you are done."},
	{re: regexp.MustCompile(`0\.   Confirm selection`), nl: "0.   Klaar", en: "0.   Done"},
	{re: regexp.MustCompile(`Invalid: must be a number between (\d+) and (\d+)`), nl: "Dat kan niet. Typ een nummer van $1 tot en met $2.", en: "That is not possible. Type a number from $1 to $2."},
	{re: regexp.MustCompile(`Invalid: must be (\d+)`), nl: "Dat kan niet. Typ $1.", en: "That is not possible. Type $1."},
	{re: regexp.MustCompile(`invalid input\. please try again`), nl: "Typ j voor ja of n voor nee.", en: "Type y for yes or n for no."},
	{re: regexp.MustCompile(`Input cannot exceed (\d+) characters`), nl: "Te lang: $1 tekens is het meest.", en: "Too long: $1 characters is the most."},
	{re: regexp.MustCompile(`\[y/N\]`), nl: "[j/N]", en: "[y/N]", isYN: true},
	{re: regexp.MustCompile(`\[Y/n\]`), nl: "[J/n]", en: "[Y/n]", isYN: true},
}

func (w *huhWriter) Write(p []byte) (int, error) {
	s := string(p)
	yn, multi := false, multiPrompt.MatchString(s)
	for _, t := range huhWords {
		if !t.re.MatchString(s) {
			continue
		}
		repl := t.en
		if w.dutch {
			repl = t.nl
		}
		s = t.re.ReplaceAllString(s, repl)
		yn = yn || t.isYN
	}
	w.mu.Lock()
	if !strings.HasSuffix(s, "\n") {
		w.prompt = s[strings.LastIndex(s, "\n")+1:]
		w.yn, w.multi = yn, multi
	} else if strings.TrimSpace(s) != "" {
		w.yn, w.multi = false, false
	}
	w.mu.Unlock()
	if _, err := io.WriteString(w.out, s); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (w *huhWriter) yesNo() bool { w.mu.Lock(); defer w.mu.Unlock(); return w.yn }

func (w *huhWriter) listDone() bool { w.mu.Lock(); defer w.mu.Unlock(); return w.multi }

func (w *huhWriter) lastPrompt() string { w.mu.Lock(); defer w.mu.Unlock(); return w.prompt }

// forget clears the remembered prompt (a prompt of the app's own follows).
func (w *huhWriter) forget() { w.mu.Lock(); w.prompt, w.yn, w.multi = "", false, false; w.mu.Unlock() }
