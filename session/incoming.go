package session

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/bundle"
)

// The receiving side of a handover: the office's vault, or a colleague's
// laptop. One path for the terminal app's import screen and `spreekuur
// import`: the signature is checked against the registered laptops before
// anything is decrypted, the whole bundle is decrypted and verified (pass
// 1 of the streaming import: only IDs, versions and line hashes are kept),
// and what an import would do is counted before anything is written. The
// import reads the file again and merges it in batches (pass 2).

// ImportCounts are what an import did (or would do), per kind.
type ImportCounts = bundle.ImportResult

// Counts are what an import did with one kind of record.
type Counts = bundle.Counts

// Sender is who sent a bundle whose signature checked out.
type Sender = bundle.Sender

// Origin says where an imported intake came from.
type Origin = bundle.Origin

// Incoming is a bundle that was checked and counted, not imported yet. It
// holds no records, only their IDs and versions (and the identity it was
// opened with): drop it (Close) when the app locks.
type Incoming struct {
	in *bundle.Incoming
	// From is who sent it: the laptop as registered here, and the user and
	// time its signature names.
	From Sender
	File string // the file's name
	// Created is when it was made; Selection "all", "changed" or
	// "resident"; Since, for "changed", the handover it counts from.
	Created, Since time.Time
	Selection      string
	// Preview is what importing it would do now.
	Preview ImportCounts
}

// Close drops what it holds of the bundle.
func (in *Incoming) Close() {
	if in != nil {
		in.in.Close()
		in.in = nil
	}
}

// OpenBundle checks, decrypts and counts the bundle at path. identityFile
// is an age identity file to decrypt with; "" means this vault's own
// receiving key. progress, if set, follows the reading of the file.
func (s *Session) OpenBundle(path, identityFile string, progress func(done, total int64)) (*Incoming, error) {
	v, err := s.vault()
	if err != nil {
		return nil, err
	}
	path = strings.TrimSpace(path)
	if path == "" {
		return nil, ErrNoFile
	}
	opt := bundle.OpenOptions{Progress: progress}
	if identityFile != "" {
		ids, err := readIdentities(identityFile)
		if err != nil {
			return nil, err
		}
		opt.Identities = ids
	}
	in, err := bundle.OpenFile(v, expandHome(path), s.now(), opt)
	if err != nil {
		return nil, err
	}
	preview, err := bundle.Preview(v, in.Manifest)
	if err != nil {
		return nil, err
	}
	h := in.Manifest.Header
	return &Incoming{in: in, From: in.From, File: in.File, Created: h.Created, Since: h.Since,
		Selection: string(h.Selection), Preview: preview}, nil
}

// ErrNoFile: no file name was given.
var ErrNoFile = errors.New("session: no file given")

func readIdentities(name string) ([]age.Identity, error) {
	f, err := os.Open(expandHome(strings.TrimSpace(name)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(name), bundle.ErrBadIdentity)
	}
	defer f.Close()
	return bundle.ParseIdentities(f)
}

// Import merges an opened bundle, recording for each intake where it came
// from: the file is read again and merged in batches of a few thousand
// records, each in one transaction. progress is called after each batch.
// An error after the first batch is a *bundle.PartialError: what came
// before is in the vault, and importing the same file again finishes it.
func (s *Session) Import(in *Incoming, progress func(done, total int)) (ImportCounts, error) {
	v, err := s.vault()
	if err != nil {
		return ImportCounts{}, err
	}
	if in == nil || in.in == nil {
		return ImportCounts{}, ErrLocked
	}
	// The access log first: one entry per resident the bundle carries
	// (their "who saw my file" shows it) and one for the import; an import
	// that then fails gets an entry saying so.
	// Erasures and withdrawals the bundle carries: each erases or
	// removes here what it names (when this vault has it).
	m := in.in.Manifest
	nr, nt, nw := len(m.Residents), len(m.Tombstones), len(m.Withdrawals)
	event := func(i int) Event {
		switch {
		case i < nr:
			return Event{Action: store.ActImport, Purpose: store.PurposeHandover, Resident: m.Residents[i].ID, Detail: "bundle"}
		case i < nr+nt:
			return Event{Action: store.ActErase, Purpose: store.PurposeAccess, OnBehalf: OnBehalfResident, Resident: m.Tombstones[i-nr].Resident, Detail: "bundle"}
		case i < nr+nt+nw:
			return Event{Action: store.ActDelete, Purpose: store.PurposeHandover, OnBehalf: OnBehalfResident, Intake: m.Withdrawals[i-nr-nt].Intake, Detail: "withdrawn"}
		}
		return Event{Action: store.ActImport, Purpose: store.PurposeHandover, Detail: "bundle"}
	}
	// In transactions of importLogChunk entries: 100,000 of them in one
	// held them all, sealed, in memory at once (250 MB).
	total := nr + nt + nw + 1
	entries := make([]store.LogEntry, 0, min(total, importLogChunk))
	for i := 0; i < total; {
		entries = entries[:0]
		for ; i < total && len(entries) < importLogChunk; i++ {
			entries = append(entries, s.entry(event(i)))
		}
		if err := s.st.Log(entries...); err != nil {
			return ImportCounts{}, err
		}
	}
	counts, err := bundle.ImportOpened(v, in.in, s.cat, s.now(), progress)
	if err != nil {
		s.logQuietly(Event{Action: store.ActImport, Outcome: store.OutcomeFailed, Purpose: store.PurposeHandover, Detail: "bundle"})
	}
	return counts, err
}

// importLogChunk is how many access log entries an import writes in one
// transaction (a variable for the tests).
var importLogChunk = 10_000

// Origin says where an intake came from; ok is false for one typed here.
func (s *Session) Origin(intakeID string) (Origin, bool, error) {
	v, err := s.vault()
	if err != nil {
		return Origin{}, false, err
	}
	return bundle.OriginOf(v, intakeID)
}
