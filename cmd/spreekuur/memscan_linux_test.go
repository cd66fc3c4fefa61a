//go:build linux

package main

import (
	"bufio"
	"bytes"
	"cmp"
	"debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// TestMemoryAfterLock is the memory scan of issue 12: the real binary runs
// in a pseudo-terminal, the supporter unlocks, types an intake keystroke
// by keystroke (a unique marker in the resident's name and in the
// question), and locks with ctrl+l. Then the test reads the live process's
// memory (/proc/PID/maps and /proc/PID/mem) and counts the copies of the
// notes (group) key, the statistics key, the passphrase, the marker and the
// resident's name, in UTF-8 and as Go rune slices (UTF-32), the form text
// fields keep.
//
// The app makes itself non-dumpable (prctl PR_SET_DUMPABLE 0), which is
// the configuration measured: /proc/PID/mem of a non-dumpable process can
// be read only with CAP_SYS_PTRACE (root on a CI machine); without it the
// test is skipped, never run against a weakened binary.
//
//	go test ./cmd/spreekuur -run MemoryAfter -v                    this tree's binary
//	SPREEKUUR_MEMSCAN_BIN=/path/to/spreekuur go test … -run MemoryAfter -v   another build
//	SPREEKUUR_MEMSCAN_LATER=20s …   scan a second time after this long
//	SPREEKUUR_MEMSCAN_MARKER_MAX=5 …   also fail on more marker copies than this (the TUI's part)
//	SPREEKUUR_MEMSCAN_WHERE=1 …   log where each copy of a key or the passphrase is: its mapping,
//	                               the bytes around it, and the words that point into it
//	                               (=all: the marker and the name too)
//
// The keys and the passphrase must be found 0 times after lock: that is
// what store.Vault.Lock, the passphrase fields (tui/components.Secret),
// the new input reader on lock (tui/common.ForgetInput) and cmd/spreekuur
// guarantee. The typed text is held by the TUI's screens; their counts are
// reported, and asserted only with SPREEKUUR_MEMSCAN_MARKER_MAX.
func TestMemoryAfterLock(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and types 300+ keystrokes")
	}
	s := startMemscan(t)
	marker := randomMarker(t, "MRK")
	name := randomMarker(t, "Bewoner")
	strokes := 0
	typeSlowly := func(text string) { strokes += s.app.typeSlowly(text) }
	question := marker + " ik snap de brief van de gemeente niet en de huur is te hoog " + marker +
		" de post stapelt zich op en ik durf de envelop niet open te maken " + marker
	text := question
	for len(text)+len(name) < 330 {
		text += " " + question
	}
	text = text[:330-len(name)]
	s.app.startIntakeTyping(name, text, typeSlowly)
	s.app.waitFor(marker)
	s.lockAndScan(strokes,
		needle{"marker (UTF-8)", []byte(marker)},
		needle{"marker (runes)", utf32(marker)},
		needle{"resident name (UTF-8)", []byte(name)},
		needle{"resident name (runes)", utf32(name)},
	)
}

// TestMemoryAfterQuickLock: the lock comes right after the unlock, before
// anything else is typed, as when the supporter unlocks and walks away
// until the idle lock. Few keys then follow the passphrase through the
// terminal's input reader, whose buffer kept it byte for byte: before the
// reader was replaced on lock and on unlock (common.ForgetInput), 3 runs
// of 3 found the passphrase after this lock.
func TestMemoryAfterQuickLock(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	startMemscan(t).lockAndScan(0)
}

// TestMemoryAfterIdleLockLineMode: the line mode (--accessible) reads the
// passphrase without echo from the terminal (x/term.ReadPassword, a byte
// at a time, no reader buffer), unlocks, and locks itself when nothing
// happens for --lock-after; then the keys and the passphrase are found 0
// times too.
func TestMemoryAfterIdleLockLineMode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	s := newMemscan(t)
	s.app = s.v.startWith(t, "--accessible", "--lock-after", "2s")
	s.app.waitFor("Uw naam")
	s.app.press(keyEnter) // the only user
	s.app.waitFor("Uw wachtwoordzin:")
	s.app.press(e2ePass + keyEnter)
	s.app.waitFor("Welkom, Anna")
	s.app.waitFor("op slot gegaan, omdat er een tijd niets gebeurde")
	s.scan(0) // the test's cleanup ends the app, which asks for the passphrase
}

// memscan is the app in a pty on a new vault, with the keys read from it.
type memscan struct {
	t    *testing.T
	bin  string
	v    *e2eVault
	app  *appSession
	keys specKeys
}

func newMemscan(t *testing.T) *memscan {
	bin := os.Getenv("SPREEKUUR_MEMSCAN_BIN")
	if bin == "" {
		bin = buildBinary(t)
	}
	v := newE2EVault(t, bin)
	keys, err := slotKeysBySpec(v.db, "Anna", []byte(e2ePass))
	if err != nil {
		t.Fatalf("reading the keys from the vault by docs/FORMAT.md: %v", err)
	}
	return &memscan{t: t, bin: bin, v: v, keys: keys}
}

// startMemscan starts the terminal app and unlocks it.
func startMemscan(t *testing.T) *memscan {
	s := newMemscan(t)
	s.app = s.v.start(t)
	s.app.unlock()
	return s
}

// lockAndScan locks with ctrl+l, scans (scan) and quits the app.
func (s *memscan) lockAndScan(strokes int, typed ...needle) {
	s.t.Helper()
	s.app.press("\x0c") // ctrl+l
	s.app.waitFor("op slot gegaan", "Wachtwoordzin:")
	s.scan(strokes, typed...)
	s.app.quit()
}

// scan waits a moment, scans the process for the keys, the passphrase and
// the typed text's needles, reports the counts, and fails on any copy of a
// key or the passphrase.
func (s *memscan) scan(strokes int, typed ...needle) {
	t := s.t
	t.Helper()
	time.Sleep(2 * time.Second) // what a person does next takes longer

	pid := s.app.cmd.Process.Pid
	secrets := []needle{
		{"notes (group) key", s.keys.notes},
		{"statistics key", s.keys.stats},
		{"passphrase", []byte(e2ePass)},
		{"passphrase (runes)", utf32(e2ePass)},
	}
	needles := append(secrets, typed...)
	syms := symbolsOf(s.bin)
	report := func(when string) map[string]int {
		var where func(string, string)
		if w := os.Getenv("SPREEKUUR_MEMSCAN_WHERE"); w != "" { // where each copy of a key or the passphrase is, for finding them
			where = func(name, s string) {
				if w == "all" || slices.ContainsFunc(secrets, func(n needle) bool { return n.name == name }) {
					t.Log(s)
				}
			}
		}
		counts, err := scanProcess(pid, needles, where, syms)
		if errors.Is(err, os.ErrPermission) {
			t.Skipf("cannot read /proc/%d/mem of a non-dumpable process without CAP_SYS_PTRACE: %v", pid, err)
		}
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "copies in process memory %s (%d keystrokes typed):", when, strokes)
		for _, n := range needles {
			fmt.Fprintf(&b, "\n  %-24s %6d", n.name, counts[n.name])
		}
		t.Log(b.String())
		return counts
	}
	counts := report("2 s after lock")
	if d, err := time.ParseDuration(os.Getenv("SPREEKUUR_MEMSCAN_LATER")); err == nil && d > 0 {
		time.Sleep(d)
		counts = report(d.String() + " later")
	}
	for _, n := range secrets {
		if counts[n.name] != 0 {
			t.Errorf("after lock the %s is in memory %d times, want 0", n.name, counts[n.name])
		}
	}
	if max, err := strconv.Atoi(os.Getenv("SPREEKUUR_MEMSCAN_MARKER_MAX")); err == nil {
		for _, n := range typed {
			if counts[n.name] > max {
				t.Errorf("after lock the %s is in memory %d times, want at most %d", n.name, counts[n.name], max)
			}
		}
	}
}

// typeSlowly sends s one character at a time, as a person types, and
// returns the number of keystrokes.
func (a *appSession) typeSlowly(s string) int {
	a.t.Helper()
	n := 0
	for _, r := range s {
		a.press(string(r))
		n++
		time.Sleep(3 * time.Millisecond)
	}
	return n
}

func utf32(s string) []byte {
	out := make([]byte, 0, 4*utf8.RuneCountInString(s))
	for _, r := range s {
		out = binary.LittleEndian.AppendUint32(out, uint32(r))
	}
	return out
}

type needle struct {
	name string
	b    []byte
}

// scanProcess counts the occurrences of each needle in every readable
// mapping of process pid. With where, it also says where each copy is (its
// mapping and the bytes around it) and which words point into it or up to
// 64 bytes before it (the start of the object holding it): a slice header,
// a struct field, a stack frame, shown with the words around them, those
// that are addresses in the binary by their symbol (syms). That is how the
// copy in the input reader's buffer was found (common.ForgetInput).
func scanProcess(pid int, needles []needle, where func(name, line string), syms symbols) (map[string]int, error) {
	type copyAt struct {
		name string
		addr uint64
		n    int
	}
	counts := map[string]int{}
	var copies []copyAt
	err := eachMapping(pid, func(m mapping, buf []byte) {
		for _, nd := range needles {
			if len(nd.b) == 0 {
				continue
			}
			counts[nd.name] += bytes.Count(buf, nd.b)
			for i := 0; where != nil; {
				j := bytes.Index(buf[i:], nd.b)
				if j < 0 {
					break
				}
				at := i + j
				lo, hi := max(0, at-64), min(len(buf), at+len(nd.b)+64)
				where(nd.name, fmt.Sprintf("%s at %#x (+%#x in %s): %q", nd.name, m.start+uint64(at), at, m.line, buf[lo:hi]))
				copies = append(copies, copyAt{nd.name, m.start + uint64(at), len(nd.b)})
				i = at + 1
			}
		}
	})
	if err != nil || len(copies) == 0 {
		return counts, err
	}
	err = eachMapping(pid, func(m mapping, buf []byte) {
		for i := 0; i+8 <= len(buf); i += 8 {
			w := binary.LittleEndian.Uint64(buf[i:])
			for _, c := range copies {
				if w+64 >= c.addr && w < c.addr+uint64(c.n) {
					where(c.name, fmt.Sprintf("  the %s at %#x is pointed to from %#x (%s):%s", c.name, c.addr, m.start+uint64(i), m.line, syms.words(buf, i, m.start)))
				}
			}
		}
	})
	return counts, err
}

// mapping is one line of /proc/PID/maps.
type mapping struct {
	start uint64
	line  string
}

// eachMapping calls fn with the contents of every readable mapping of
// process pid, one at a time.
func eachMapping(pid int, fn func(m mapping, buf []byte)) error {
	maps, err := os.Open(fmt.Sprintf("/proc/%d/maps", pid))
	if err != nil {
		return err
	}
	defer maps.Close()
	mem, err := os.Open(fmt.Sprintf("/proc/%d/mem", pid))
	if err != nil {
		return err
	}
	defer mem.Close()
	sc := bufio.NewScanner(maps)
	readAny := false
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 || f[1][0] != 'r' || (len(f) >= 6 && (f[5] == "[vvar]" || f[5] == "[vsyscall]" || f[5] == "[vvar_vclock]")) {
			continue
		}
		lo, hi, ok := strings.Cut(f[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end <= start || end-start > 1<<34 {
			continue
		}
		buf := make([]byte, end-start)
		n, err := mem.ReadAt(buf, int64(start))
		if err != nil && !errors.Is(err, io.EOF) && n == 0 {
			if errors.Is(err, os.ErrPermission) {
				return err
			}
			continue // a mapping that cannot be read (guard pages)
		}
		readAny = true
		fn(mapping{start, strings.Join(append([]string{f[0], f[1]}, f[5:]...), " ")}, buf[:n])
	}
	if !readAny {
		return fmt.Errorf("no mapping of process %d could be read: %w", pid, os.ErrPermission)
	}
	return sc.Err()
}

// symbols are the binary's symbols by address, to name the code and type
// addresses found next to a pointer to a copy.
type symbols []elf.Symbol

func symbolsOf(bin string) symbols {
	f, err := elf.Open(bin)
	if err != nil {
		return nil
	}
	defer f.Close()
	all, _ := f.Symbols() // none in a stripped binary
	var out symbols
	for _, s := range all {
		if s.Value != 0 && s.Size != 0 {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b elf.Symbol) int { return cmp.Compare(a.Value, b.Value) })
	return out
}

func (ss symbols) name(v uint64) string {
	i, _ := slices.BinarySearchFunc(ss, v, func(s elf.Symbol, v uint64) int { return cmp.Compare(s.Value, v+1) })
	if i == 0 || v >= ss[i-1].Value+ss[i-1].Size {
		return ""
	}
	return fmt.Sprintf("%s+%#x", ss[i-1].Name, v-ss[i-1].Value)
}

// words shows the 8-byte words of buf from 6 before offset at to 6 after
// it, at marked.
func (ss symbols) words(buf []byte, at int, base uint64) string {
	var b strings.Builder
	for i := at - 48; i <= at+48; i += 8 {
		if i < 0 || i+8 > len(buf) {
			continue
		}
		w := binary.LittleEndian.Uint64(buf[i:])
		mark := " "
		if i == at {
			mark = ">"
		}
		fmt.Fprintf(&b, "\n    %s %#x: %#018x %q %s", mark, base+uint64(i), w, buf[i:i+8], ss.name(w))
	}
	return b.String()
}

type specKeys struct{ notes, stats []byte }

// slotKeysBySpec opens user's key slot the way docs/FORMAT.md §3 describes
// it, independently of package store: Argon2id over the passphrase with
// the slot's parameters and salt, XChaCha20-Poly1305 with the slot's
// associated data, then the payload's keys by its key mask.
func slotKeysBySpec(path, user string, pass []byte) (specKeys, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return specKeys{}, err
	}
	defer db.Close()
	var out specKeys
	err = db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("slots"))
		if b == nil {
			return errors.New("no slots bucket")
		}
		return b.ForEach(func(id, raw []byte) error {
			if out.stats != nil || len(raw) < 28+40 || raw[1] != 1 {
				return nil
			}
			header := raw[:28]
			kek := argon2.IDKey(pass, raw[12:28], binary.BigEndian.Uint32(raw[3:7]), binary.BigEndian.Uint32(raw[7:11]), raw[11], 32)
			aead, err := chacha20poly1305.NewX(kek)
			if err != nil {
				return err
			}
			ad := append([]byte("spreekuur-slot\x00"), byte(len(id)>>8), byte(len(id)))
			ad = append(append(ad, id...), header...)
			sealed := raw[28:]
			padded, err := aead.Open(nil, sealed[:24], sealed[24:], ad)
			if err != nil {
				return nil // another user's slot
			}
			i := bytes.LastIndexByte(padded, 0x80)
			if i < 0 {
				return errors.New("bad padding")
			}
			p := padded[:i]
			mask, n := p[2], int(binary.BigEndian.Uint16(p[3:5]))
			if !strings.EqualFold(string(p[5:5+n]), user) {
				return nil
			}
			rest := p[5+n:]
			if mask&1 != 0 {
				out.notes, rest = bytes.Clone(rest[:32]), rest[32:]
			}
			if mask&2 != 0 {
				out.stats = bytes.Clone(rest[:32])
			}
			return nil
		})
	})
	if err == nil && (out.notes == nil || out.stats == nil) {
		err = fmt.Errorf("no slot of %s with both keys opens with this passphrase", user)
	}
	return out, err
}
