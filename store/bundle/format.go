// Package bundle reads and writes handover bundles: the intakes (and their
// residents) that leave a laptop for the office, or for another supporter,
// encrypted with age to an X25519 recipient. The laptop that writes a
// bundle never holds the identity, so it cannot read its own bundles.
//
// The format is specified in docs/BUNDLE.md. In short: an age file whose
// plaintext is JSON lines — a header, the residents, the intakes, and a
// trailer with the record counts and a SHA-256 over everything before it.
//
// Encoder and Decode are the plaintext layer; Encrypt and Open add age;
// Export and the import (OpenFile, Preview, ImportOpened; ImportFile)
// move bundles out of and into a store.Vault.
package bundle

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// Magic is the first field of every bundle header.
const Magic = "spreekuur-bundle"

// Version is the newest plaintext format version this package writes and
// reads. Version 2 adds tombstones and withdrawals (docs/BUNDLE.md §2); a
// bundle without them is written as version 1, which every reader since
// issue 12 reads.
const Version = 2

// versionRecords is the version of a bundle that holds only residents
// and intakes.
const versionRecords = 1

// Limits of the decoder. A bundle beyond them is refused before it can use
// unbounded memory.
const (
	MaxLine       = 4 << 20   // bytes in one line (one record), newline included
	MaxPlaintext  = 512 << 20 // bytes of plaintext in all
	MaxRecords    = 1_000_000 // residents plus intakes
	maxSourceLen  = 64
	maxClockSkewY = 100 // years around the header time a record time may lie
)

// The limits as the encoder and the decoder apply them: variables for the
// tests, which could not reach them otherwise (hundreds of megabytes).
var (
	maxPlaintext int64 = MaxPlaintext
	maxRecords         = MaxRecords
)

// Selection says which intakes a bundle holds.
type Selection string

// Selections.
const (
	SelectAll      Selection = "all"      // every intake with consent to hand over
	SelectChanged  Selection = "changed"  // those changed since the last export to the same recipient
	SelectResident Selection = "resident" // one resident and their intakes (handover to another supporter)
)

func (s Selection) valid() bool {
	return s == SelectAll || s == SelectChanged || s == SelectResident
}

// Header is the first line of a bundle.
type Header struct {
	Magic     string    `json:"magic"`
	Version   int       `json:"version"`
	Created   time.Time `json:"created"`
	Source    string    `json:"source"` // random ID of the exporting vault
	Selection Selection `json:"selection"`
	// Since is the last export the selection SelectChanged counted from.
	Since     time.Time `json:"since,omitzero"`
	Residents int       `json:"residents"`
	Intakes   int       `json:"intakes"`
	// Tombstones and Withdrawals (version 2) count the erased residents
	// and the intakes whose consent to hand over was withdrawn.
	Tombstones  int `json:"tombstones,omitempty"`
	Withdrawals int `json:"withdrawals,omitempty"`
}

// ResidentRecord is a resident as carried in a bundle. A resident has no
// version clock of its own, so Updated is the newest Updated among all the
// resident's intakes in the exporting vault (or the resident's Created
// time if later): the merge compares it like an intake's Updated.
type ResidentRecord struct {
	Updated  time.Time       `json:"updated"`
	Resident intake.Resident `json:"resident"`
}

// Bundle is a decoded, verified bundle.
type Bundle struct {
	Header      Header
	Residents   []ResidentRecord
	Intakes     []intake.Intake
	Tombstones  []store.Tombstone
	Withdrawals []store.Withdrawal
}

// trailer is the last line: counts again, and a SHA-256 over every byte of
// the plaintext before the trailer line.
type trailer struct {
	Residents   int    `json:"residents"`
	Intakes     int    `json:"intakes"`
	Tombstones  int    `json:"tombstones,omitempty"`
	Withdrawals int    `json:"withdrawals,omitempty"`
	SHA256      string `json:"sha256"`
}

const (
	typeResident   = "resident"
	typeIntake     = "intake"
	typeTombstone  = "tombstone"
	typeWithdrawal = "withdrawal"
	typeEnd        = "end"
)

// Errors. Each is one thing a person can meet when importing; the CLI
// turns them into one sentence. Every error of Decode and Open wraps one.
var (
	// ErrNotBundle: the file is not a spreekuur bundle (not an age file, or
	// its plaintext does not start with a bundle header).
	ErrNotBundle = errors.New("bundle: not a spreekuur bundle")
	// ErrUnsupportedVersion: a bundle of a format version this program
	// does not know.
	ErrUnsupportedVersion = errors.New("bundle: unknown bundle format version")
	// ErrWrongIdentity: the bundle was not encrypted to any of the given
	// identities.
	ErrWrongIdentity = errors.New("bundle: not encrypted to this identity")
	// ErrDamaged: the bundle failed authentication or its integrity check,
	// or ends early: it was changed, damaged or truncated.
	ErrDamaged = errors.New("bundle: damaged or incomplete")
	// ErrMalformed: the bundle decrypts and authenticates but breaks the
	// format (unknown fields, bad IDs, duplicates, wrong counts, too large).
	ErrMalformed = errors.New("bundle: content does not follow the format")
	// ErrInvalidRecord: the bundle follows the format, but a record in it
	// is not safe to store (Intake.CheckSafe or Resident.CheckSafe): a
	// malformed code, a value out of range, a text too long or with
	// control characters, a date out of bounds. Scan (the import's pass 1)
	// returns it wrapped in a *RecordError.
	ErrInvalidRecord = errors.New("bundle: a record is not valid")
	// ErrBadRecipient: not an age X25519 recipient ("age1…").
	ErrBadRecipient = errors.New("bundle: not an age X25519 recipient")
	// ErrBadIdentity: the identity file holds no usable age identity.
	ErrBadIdentity = errors.New("bundle: no age identity in the identity file")
)

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

// Encoder writes the plaintext of a bundle, one record at a time. The
// header's counts are promised up front; Close refuses to finish a bundle
// that does not keep the promise. Residents must all come before intakes.
type Encoder struct {
	w           io.Writer
	n           int64 // plaintext bytes written
	h           hash.Hash
	buf         bytes.Buffer
	enc         *json.Encoder
	head        Header
	residents   int
	intakes     int
	tombstones  int
	withdrawals int
	err         error
}

// NewEncoder writes the header to w. Magic and Version are filled in.
func NewEncoder(w io.Writer, h Header) (*Encoder, error) {
	h.Magic, h.Version = Magic, versionRecords
	if h.Tombstones > 0 || h.Withdrawals > 0 {
		h.Version = Version
	}
	if !h.Selection.valid() || !validSource(h.Source) || h.Residents < 0 || h.Intakes < 0 || h.Tombstones < 0 || h.Withdrawals < 0 || h.Created.IsZero() {
		return nil, fmt.Errorf("bundle: invalid header")
	}
	if err := fitsOneBundle(h); err != nil {
		return nil, err
	}
	e := &Encoder{w: w, h: sha256.New(), head: h}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	if err := e.write(h); err != nil {
		return nil, err
	}
	return e, nil
}

func (e *Encoder) write(v any) error {
	if e.err != nil {
		return e.err
	}
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		e.err = fmt.Errorf("bundle: encode: %w", err)
		return e.err
	}
	return e.emit()
}

// emit writes the line in e.buf, and wipes it: a bundle's lines are
// plaintext. A line longer than MaxLine, or one that would take the
// bundle past maxPlaintext, is not written: Decode would refuse it.
func (e *Encoder) emit() error {
	defer clear(e.buf.Bytes())
	switch n := int64(e.buf.Len()); {
	case n > MaxLine:
		e.err = fmt.Errorf("bundle: a record is larger than %d bytes", MaxLine)
	case e.n+n > maxPlaintext:
		e.err = fmt.Errorf("%w: more than %d bytes", ErrTooLarge, maxPlaintext)
	default:
		e.n += n
		e.h.Write(e.buf.Bytes())
		_, e.err = e.w.Write(e.buf.Bytes())
	}
	return e.err
}

// fitsOneBundle refuses a header with more records than one bundle holds.
func fitsOneBundle(h Header) error {
	if n := h.Residents + h.Intakes + h.Tombstones + h.Withdrawals; n > maxRecords {
		return fmt.Errorf("%w: %d records, at most %d", ErrTooLarge, n, maxRecords)
	}
	return nil
}

// Resident writes one resident with its clock (see ResidentRecord).
func (e *Encoder) Resident(r intake.Resident, updated time.Time) error {
	if e.intakes > 0 {
		return fmt.Errorf("bundle: residents must come before intakes")
	}
	if e.residents == e.head.Residents {
		return fmt.Errorf("bundle: more residents than the header says")
	}
	e.residents++
	return e.write(struct {
		Type     string         `json:"type"`
		Resident ResidentRecord `json:"resident_record"`
	}{typeResident, ResidentRecord{Updated: updated, Resident: r}})
}

// Intake writes one intake.
func (e *Encoder) Intake(in intake.Intake) error {
	if e.tombstones+e.withdrawals > 0 {
		return fmt.Errorf("bundle: intakes must come before tombstones and withdrawals")
	}
	if e.intakes == e.head.Intakes {
		return fmt.Errorf("bundle: more intakes than the header says")
	}
	e.intakes++
	return e.write(struct {
		Type   string         `json:"type"`
		Intake *intake.Intake `json:"intake"`
	}{typeIntake, &in})
}

// RawResident writes one resident given as its stored JSON (an
// intake.Resident as the vault keeps it: Export passes it on without
// decoding it), with its clock.
func (e *Encoder) RawResident(plain []byte, updated time.Time) error {
	if e.intakes > 0 {
		return fmt.Errorf("bundle: residents must come before intakes")
	}
	if e.residents == e.head.Residents {
		return fmt.Errorf("bundle: more residents than the header says")
	}
	clock, err := updated.MarshalJSON()
	if err != nil {
		return fmt.Errorf("bundle: encode: %w", err)
	}
	e.residents++
	return e.writeRaw(`{"type":"resident","resident_record":{"updated":`+string(clock)+`,"resident":`, plain, "}}\n")
}

// Tombstone writes one tombstone (after the intakes).
func (e *Encoder) Tombstone(t store.Tombstone) error {
	if e.withdrawals > 0 {
		return fmt.Errorf("bundle: tombstones must come before withdrawals")
	}
	if e.tombstones == e.head.Tombstones {
		return fmt.Errorf("bundle: more tombstones than the header says")
	}
	e.tombstones++
	return e.write(struct {
		Type      string           `json:"type"`
		Tombstone *store.Tombstone `json:"tombstone"`
	}{typeTombstone, &t})
}

// Withdrawal writes one withdrawal (last).
func (e *Encoder) Withdrawal(w store.Withdrawal) error {
	if e.withdrawals == e.head.Withdrawals {
		return fmt.Errorf("bundle: more withdrawals than the header says")
	}
	e.withdrawals++
	return e.write(struct {
		Type       string            `json:"type"`
		Withdrawal *store.Withdrawal `json:"withdrawal"`
	}{typeWithdrawal, &w})
}

// RawIntake writes one intake given as its stored JSON (see RawResident).
func (e *Encoder) RawIntake(plain []byte) error {
	if e.tombstones+e.withdrawals > 0 {
		return fmt.Errorf("bundle: intakes must come before tombstones and withdrawals")
	}
	if e.intakes == e.head.Intakes {
		return fmt.Errorf("bundle: more intakes than the header says")
	}
	e.intakes++
	return e.writeRaw(`{"type":"intake","intake":`, plain, "}\n")
}

// writeRaw writes one line made of a record's JSON between head and
// tail. The record must be one JSON object on one line (json.Marshal
// escapes every newline inside a string), or the line would not be one.
func (e *Encoder) writeRaw(head string, plain []byte, tail string) error {
	if e.err != nil {
		return e.err
	}
	if len(plain) < 2 || plain[0] != '{' || plain[len(plain)-1] != '}' || bytes.IndexByte(plain, '\n') >= 0 {
		e.err = errors.New("bundle: a stored record is not one JSON object on one line")
		return e.err
	}
	e.buf.Reset()
	e.buf.WriteString(head)
	e.buf.Write(plain)
	e.buf.WriteString(tail)
	return e.emit()
}

// Close writes the trailer. It does not close w.
func (e *Encoder) Close() error {
	if e.err != nil {
		return e.err
	}
	if e.residents != e.head.Residents || e.intakes != e.head.Intakes || e.tombstones != e.head.Tombstones || e.withdrawals != e.head.Withdrawals {
		return fmt.Errorf("bundle: wrote %d residents, %d intakes, %d tombstones and %d withdrawals, the header says %d, %d, %d and %d",
			e.residents, e.intakes, e.tombstones, e.withdrawals, e.head.Residents, e.head.Intakes, e.head.Tombstones, e.head.Withdrawals)
	}
	sum := hex.EncodeToString(e.h.Sum(nil))
	return e.write(struct {
		Type string  `json:"type"`
		End  trailer `json:"end"`
	}{typeEnd, trailer{Residents: e.residents, Intakes: e.intakes, Tombstones: e.tombstones, Withdrawals: e.withdrawals, SHA256: sum}})
}

// Decode reads and verifies the plaintext of a bundle: header, records and
// trailer, every limit, count and ID, and the SHA-256. It returns a Bundle
// only if all of it is right, and never panics on any input. Errors wrap
// ErrNotBundle, ErrUnsupportedVersion, ErrDamaged (the input ends early or
// the checksum does not match) or ErrMalformed; a read error of r is
// returned wrapped as it is. It holds the whole bundle in memory: Scan and
// ImportFile read one record at a time.
func Decode(r io.Reader) (*Bundle, error) {
	d, err := newDecoder(r)
	if err != nil {
		return nil, err
	}
	h := d.Header()
	b := &Bundle{Header: h}
	b.Residents = make([]ResidentRecord, 0, min(h.Residents, 1024))
	b.Intakes = make([]intake.Intake, 0, min(h.Intakes, 1024))
	for {
		rec, err := d.next()
		if errors.Is(err, io.EOF) {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		switch {
		case rec.resident != nil:
			b.Residents = append(b.Residents, *rec.resident)
		case rec.intake != nil:
			b.Intakes = append(b.Intakes, *rec.intake)
		case rec.tombstone != nil:
			b.Tombstones = append(b.Tombstones, *rec.tombstone)
		default:
			b.Withdrawals = append(b.Withdrawals, *rec.withdrawal)
		}
	}
}

// decoder reads a bundle's plaintext one line at a time and checks each
// line as it comes (Decode, Scan): the format, limits, order, IDs and
// duplicates, and at the trailer the counts and the SHA-256. It keeps the
// IDs it has seen, not the records.
type decoder struct {
	lr    *io.LimitedReader
	br    *bufio.Reader
	sum   hash.Hash
	h     Header
	n     int // records so far
	ended bool
	// readAhead: lines are read ahead of accept (Scan), so accept does not
	// look past the trailer itself.
	readAhead bool
	okTime    func(time.Time) bool

	nResidents, nIntakes      int
	nTombstones, nWithdrawals int
	residents, intakes        map[string]bool
	stats                     map[string]bool
	tombstones, withdrawals   map[string]bool
}

// record is one decoded line: a resident or an intake, and the line's
// bytes (valid until the next call of next).
type record struct {
	resident   *ResidentRecord
	intake     *intake.Intake
	tombstone  *store.Tombstone
	withdrawal *store.Withdrawal
	raw        []byte
}

func newDecoder(r io.Reader) (*decoder, error) {
	lr := &io.LimitedReader{R: r, N: maxPlaintext + 1}
	d := &decoder{lr: lr, br: bufio.NewReaderSize(lr, 64<<10), sum: sha256.New()}
	first, err := readLine(d.br)
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, errCutOff) || errors.Is(err, errLineTooLong) {
			return nil, fmt.Errorf("%w: no header", ErrNotBundle)
		}
		return nil, err
	}
	if d.h, err = decodeHeader(first); err != nil {
		return nil, err
	}
	d.sum.Write(first)
	h := d.h
	d.residents = make(map[string]bool, min(h.Residents, 1<<16))
	d.intakes = make(map[string]bool, min(h.Intakes, 1<<16))
	d.stats = make(map[string]bool, min(h.Intakes, 1<<16))
	d.tombstones, d.withdrawals = map[string]bool{}, map[string]bool{}
	lo, hi := h.Created.AddDate(-maxClockSkewY, 0, 0), h.Created.AddDate(maxClockSkewY, 0, 0)
	d.okTime = func(t time.Time) bool { return !t.IsZero() && !t.Before(lo) && !t.After(hi) }
	return d, nil
}

// Header is the bundle's header line, checked.
func (d *decoder) Header() Header { return d.h }

// next returns the next record, or io.EOF after a trailer that checks out
// (counts, SHA-256, nothing after it).
func (d *decoder) next() (record, error) {
	raw, err := d.readRaw()
	if err != nil {
		return record{}, err
	}
	var l bundleLine
	return d.accept(raw, &l, parseLine(raw, &l))
}

// bundleLine is one line of a bundle after the header, decoded.
type bundleLine struct {
	Type       string            `json:"type"`
	Resident   *ResidentRecord   `json:"resident_record"`
	Intake     *intake.Intake    `json:"intake"`
	Tombstone  *store.Tombstone  `json:"tombstone"`
	Withdrawal *store.Withdrawal `json:"withdrawal"`
	End        *trailer          `json:"end"`
}

// only reports whether the line holds exactly the payload its type names.
func (l *bundleLine) only() bool {
	n := 0
	for _, set := range []bool{l.Resident != nil, l.Intake != nil, l.Tombstone != nil, l.Withdrawal != nil, l.End != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return false
	}
	switch l.Type {
	case typeResident:
		return l.Resident != nil
	case typeIntake:
		return l.Intake != nil
	case typeTombstone:
		return l.Tombstone != nil
	case typeWithdrawal:
		return l.Withdrawal != nil
	case typeEnd:
		return l.End != nil
	}
	return false
}

// parseLine decodes one line strictly. It depends on nothing else, so
// Scan runs it on every core.
func parseLine(raw []byte, l *bundleLine) error { return strictUnmarshal(raw, l) }

// readRaw reads the next line (io.EOF once the trailer was accepted).
func (d *decoder) readRaw() ([]byte, error) {
	if d.ended {
		return nil, io.EOF
	}
	return d.readRawErr(readLine(d.br))
}

// readRawErr turns readLine's error into what a bundle's reader says.
func (d *decoder) readRawErr(raw []byte, err error) ([]byte, error) {
	if err != nil {
		switch {
		case d.lr.N <= 0:
			return nil, malformed("larger than %d bytes", maxPlaintext)
		case errors.Is(err, io.EOF) || errors.Is(err, errCutOff):
			return nil, fmt.Errorf("%w: it ends before its trailer", ErrDamaged)
		case errors.Is(err, errLineTooLong):
			return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		return nil, err
	}
	return raw, nil
}

// accept checks a parsed line against the lines before it (order,
// counts, IDs, duplicates; at the trailer the SHA-256) — parseErr is what
// parseLine said of it — and returns its record, or io.EOF after the
// trailer.
func (d *decoder) accept(raw []byte, l *bundleLine, parseErr error) (record, error) {
	if parseErr != nil {
		return record{}, malformed("record %d: %v", d.n+1, parseErr)
	}
	h := d.h
	n := d.n + 1
	if !l.only() {
		return record{}, malformed("record %d: unknown record type", n)
	}
	switch l.Type {
	case typeResident:
		if d.nIntakes > 0 {
			return record{}, malformed("record %d: a resident after the intakes", n)
		}
		if d.nResidents == h.Residents {
			return record{}, malformed("more residents than the header says")
		}
		rr := l.Resident
		if !intake.ValidID(rr.Resident.ID) {
			return record{}, malformed("record %d: bad resident ID", n)
		}
		if d.residents[rr.Resident.ID] {
			return record{}, malformed("record %d: resident listed twice", n)
		}
		if !d.okTime(rr.Updated) || (!rr.Resident.Created.IsZero() && !d.okTime(rr.Resident.Created)) {
			return record{}, malformed("record %d: resident time out of range", n)
		}
		d.residents[rr.Resident.ID] = true
		d.nResidents++
		d.n++
		d.sum.Write(raw)
		return record{resident: rr, raw: raw}, nil
	case typeIntake:
		if d.nTombstones+d.nWithdrawals > 0 {
			return record{}, malformed("record %d: an intake after the tombstones or withdrawals", n)
		}
		if d.nIntakes == h.Intakes {
			return record{}, malformed("more intakes than the header says")
		}
		if err := checkIntake(l.Intake, d.okTime, d.residents); err != nil {
			return record{}, malformed("record %d: %v", n, err)
		}
		in := l.Intake
		if d.intakes[in.ID] || d.stats[in.StatID] {
			return record{}, malformed("record %d: intake listed twice", n)
		}
		d.intakes[in.ID], d.stats[in.StatID] = true, true
		d.nIntakes++
		d.n++
		d.sum.Write(raw)
		return record{intake: in, raw: raw}, nil
	case typeTombstone:
		t := l.Tombstone
		switch {
		case d.nWithdrawals > 0:
			return record{}, malformed("record %d: a tombstone after the withdrawals", n)
		case d.nTombstones == h.Tombstones:
			return record{}, malformed("more tombstones than the header says")
		case t.Valid() != nil || !d.okTime(t.Erased):
			return record{}, malformed("record %d: not a valid tombstone", n)
		case d.tombstones[t.Resident] || d.residents[t.Resident]:
			return record{}, malformed("record %d: a resident erased twice, or carried and erased", n)
		}
		for _, id := range t.Intakes {
			if d.intakes[id] {
				return record{}, malformed("record %d: an intake carried and erased", n)
			}
		}
		d.tombstones[t.Resident] = true
		d.nTombstones++
		d.n++
		d.sum.Write(raw)
		return record{tombstone: t, raw: raw}, nil
	case typeWithdrawal:
		w := l.Withdrawal
		switch {
		case d.nWithdrawals == h.Withdrawals:
			return record{}, malformed("more withdrawals than the header says")
		case w.Valid() != nil || !d.okTime(w.Updated):
			return record{}, malformed("record %d: not a valid withdrawal", n)
		case d.withdrawals[w.Intake] || d.intakes[w.Intake]:
			return record{}, malformed("record %d: an intake withdrawn twice, or carried and withdrawn", n)
		}
		d.withdrawals[w.Intake] = true
		d.nWithdrawals++
		d.n++
		d.sum.Write(raw)
		return record{withdrawal: w, raw: raw}, nil
	case typeEnd:
		t := *l.End
		if t.Residents != h.Residents || t.Intakes != h.Intakes || t.Tombstones != h.Tombstones || t.Withdrawals != h.Withdrawals ||
			d.nResidents != h.Residents || d.nIntakes != h.Intakes || d.nTombstones != h.Tombstones || d.nWithdrawals != h.Withdrawals {
			return record{}, fmt.Errorf("%w: the record counts do not match", ErrDamaged)
		}
		if t.SHA256 != hex.EncodeToString(d.sum.Sum(nil)) {
			return record{}, fmt.Errorf("%w: the checksum does not match", ErrDamaged)
		}
		d.ended = true
		if d.readAhead {
			return record{}, io.EOF // the lines after it are the reader's to look at
		}
		// Nothing may follow the trailer.
		if _, err := d.br.ReadByte(); !errors.Is(err, io.EOF) {
			if err != nil {
				return record{}, err
			}
			return record{}, malformed("data after the trailer")
		}
		if d.lr.N <= 0 {
			return record{}, malformed("larger than %d bytes", maxPlaintext)
		}
		return record{}, io.EOF
	}
	return record{}, malformed("record %d: unknown record type", n)
}

func decodeHeader(raw []byte) (Header, error) {
	// Look at magic and version first, loosely, so that a newer bundle is
	// reported as such and not as malformed.
	var probe struct {
		Magic   string `json:"magic"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil || probe.Magic != Magic {
		return Header{}, fmt.Errorf("%w: no bundle header", ErrNotBundle)
	}
	if probe.Version != versionRecords && probe.Version != Version {
		return Header{}, fmt.Errorf("%w: version %d (this program reads %d and %d)", ErrUnsupportedVersion, probe.Version, versionRecords, Version)
	}
	var h Header
	if err := strictUnmarshal(raw, &h); err != nil {
		return Header{}, malformed("header: %v", err)
	}
	switch {
	case h.Created.IsZero() || h.Created.Year() < 2000 || h.Created.Year() > 9000:
		return Header{}, malformed("header: bad creation time")
	case !validSource(h.Source):
		return Header{}, malformed("header: bad source ID")
	case !h.Selection.valid():
		return Header{}, malformed("header: unknown selection")
	case h.Residents < 0 || h.Intakes < 0 || h.Tombstones < 0 || h.Withdrawals < 0 || h.Residents > maxRecords || h.Intakes > maxRecords-h.Residents ||
		h.Tombstones > maxRecords-h.Residents-h.Intakes || h.Withdrawals > maxRecords-h.Residents-h.Intakes-h.Tombstones:
		return Header{}, malformed("header: bad record counts")
	case h.Version == versionRecords && (h.Tombstones > 0 || h.Withdrawals > 0):
		return Header{}, malformed("header: tombstones or withdrawals in a version 1 bundle")
	case h.Selection != SelectChanged && !h.Since.IsZero():
		return Header{}, malformed("header: since without selection %q", SelectChanged)
	}
	return h, nil
}

func checkIntake(in *intake.Intake, okTime func(time.Time) bool, residents map[string]bool) error {
	switch {
	case !intake.ValidID(in.ID):
		return errors.New("bad intake ID")
	case !intake.ValidID(in.StatID):
		return errors.New("bad statistics ID")
	case in.ResidentID != "" && !residents[in.ResidentID]:
		return errors.New("intake of a resident not in the bundle")
	case !in.Status.Valid():
		return errors.New("unknown status")
	case !okTime(in.Created) || !okTime(in.Updated) || in.Updated.Before(in.Created):
		return errors.New("bad created or updated time")
	case !in.Consent.Has(intake.ScopeHandover):
		return errors.New("intake without consent to hand over")
	}
	return nil
}

// strictUnmarshal decodes exactly one JSON value with no unknown fields.
func strictUnmarshal(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("more than one JSON value on the line")
	}
	return nil
}

var (
	errCutOff      = errors.New("the last line is cut off")
	errLineTooLong = fmt.Errorf("a line is longer than %d bytes", MaxLine)
)

// readLine returns one line including its '\n'. A last line without '\n'
// is errCutOff; io.EOF comes only at a clean end.
func readLine(br *bufio.Reader) ([]byte, error) {
	var out []byte
	for {
		frag, err := br.ReadSlice('\n')
		if len(out)+len(frag) > MaxLine {
			return nil, errLineTooLong
		}
		out = append(out, frag...)
		switch {
		case err == nil:
			return out, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(out) == 0 {
				return nil, io.EOF
			}
			return nil, errCutOff
		default:
			return nil, err
		}
	}
}

// validSource accepts the exporting vault's ID: an ID as the program makes
// them (intake.ValidID), at most maxSourceLen characters.
func validSource(s string) bool { return len(s) <= maxSourceLen && intake.ValidID(s) }
