package bundle

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"filippo.io/age"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// stateID is the fixed ID of the export state record in store.KindExport
// (sealed under the notes key like every record of that kind).
const stateID = "bundle-state"

// exportState remembers the vault's source ID and, per recipient, when the
// last complete export to it was taken.
type exportState struct {
	V      int                  `json:"v"`
	Source string               `json:"source"`
	Last   map[string]time.Time `json:"last,omitempty"` // recipient "age1…" → time of the snapshot
}

const exportStateVersion = 1

var (
	// ErrNothingToExport: the selection holds no intake that may be handed
	// over. No file should be written.
	ErrNothingToExport = errors.New("bundle: nothing to export")
	// ErrTooLarge: the selection is more than one bundle may hold: more
	// records than MaxRecords (refused before a byte is written, and by
	// Plan), or more plaintext than MaxPlaintext (refused at the line that
	// would pass it: what was written is the caller's to throw away, as
	// exportfile.Write does).
	ErrTooLarge = errors.New("bundle: too large for one bundle")
	// ErrUnknownResident: --resident names no resident of this vault.
	ErrUnknownResident = errors.New("bundle: no resident with this ID")
)

// ExportOptions choose what goes into a bundle.
type ExportOptions struct {
	To        *age.X25519Recipient // the office's (or the other supporter's) public key
	SinceLast bool                 // only intakes changed since the last export to To
	Resident  string               // only this resident and their intakes ("" = all)
	Now       time.Time            // the snapshot time; zero means time.Now()
	// Sign signs the encrypted bundle with this laptop's key (made on
	// first use): ExportResult.Signature is then the text of FILE.minisig.
	Sign bool
	// Progress, if set, is called after each intake written with how many
	// of the selection's intakes are written so far.
	Progress func(done, total int)
}

// ExportResult says what was written. Pass it to MarkExported once the file
// is complete.
type ExportResult struct {
	Header Header
	// LeftOut counts intakes in the selection that were not written
	// because their consent does not cover handover.
	LeftOut int
	// Signature is the text of FILE.minisig (with ExportOptions.Sign).
	Signature []byte
	// Signed is what the signature's trusted comment says.
	Signed Signed
	// IntakeIDs are the intakes written, for a handover of one resident
	// (SelectResident only): what the sender may erase afterwards.
	IntakeIDs []string

	recipient string
	at        time.Time
}

// exportIntake is what the erasure after a handover reads of an intake
// (EraseHandedOver: whose it is).
type exportIntake struct {
	ID         string    `json:"id"`
	ResidentID string    `json:"resident_id"`
	Updated    time.Time `json:"updated"`
}

// Export writes an age-encrypted bundle to w. Only intakes whose consent
// covers handover (intake.ScopeHandover) are written, with the residents
// they belong to. It reads one consistent snapshot of the vault: the
// selection from the intake index, then each selected record's stored
// JSON, written into the bundle as it is (decrypted, never decoded), so
// memory grows with the number of selected IDs, not with the size of the
// notes. Export does not record the export: call MarkExported after the
// file has been written completely.
//
// Writing stored JSON as it is makes the vault's intake JSON the bundle's:
// a change that removes or renames a field of intake.Intake needs a vault
// format whose migration writes every intake again, and a new bundle
// version (docs/BUNDLE.md).
func Export(v *store.Vault, w io.Writer, opt ExportOptions) (ExportResult, error) {
	if opt.To == nil {
		return ExportResult{}, ErrBadRecipient
	}
	// Bundles hold every resident's notes, which only a supporter may move
	// (a kompaan does not browse other residents' files; a coordinator
	// holds no notes key).
	if err := v.RequireSupporter(); err != nil {
		return ExportResult{}, err
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Millisecond)
	st, err := loadState(v, true)
	if err != nil {
		return ExportResult{}, err
	}
	var keys *laptopKeys
	if opt.Sign {
		if keys, err = laptopKeysOf(v, now); err != nil {
			return ExportResult{}, err
		}
		defer keys.wipe()
	}
	res := ExportResult{recipient: opt.To.String(), at: now}
	h := header(st, opt, now)

	err = v.View(func(tx *store.Tx) error {
		sel, err := choose(tx, h, opt.Resident, false)
		if err != nil {
			return err
		}
		res.LeftOut = sel.leftOut
		if len(sel.intakes)+len(sel.tombstones)+len(sel.withdrawals) == 0 {
			return ErrNothingToExport
		}
		h.Residents, h.Intakes, h.Tombstones, h.Withdrawals = len(sel.residents), len(sel.intakes), len(sel.tombstones), len(sel.withdrawals)
		if err := fitsOneBundle(h); err != nil {
			return err
		}

		// Pass 2: write, each record as the vault stores it.
		out := w
		var sw *signingWriter
		if keys != nil {
			sw = newSigningWriter(w)
			out = sw
		}
		aw, err := Encrypt(out, opt.To)
		if err != nil {
			return err
		}
		enc, err := NewEncoder(aw, h)
		if err != nil {
			return err
		}
		// One core opens the records ahead while this one hashes and
		// encrypts the bundle (Tx.PlainInOrder).
		err = tx.PlainInOrder(store.KindResident, sel.residents, func(id string, plain []byte) error {
			clock, err := residentClock(plain, sel.clocks[id])
			if err != nil {
				return err
			}
			return enc.RawResident(plain, clock)
		})
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("bundle: an intake refers to a resident that is missing from the vault: %w", store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		i := 0
		err = tx.PlainInOrder(store.KindIntake, sel.intakes, func(id string, plain []byte) error {
			if err := enc.RawIntake(plain); err != nil {
				return err
			}
			i++
			if opt.Progress != nil {
				opt.Progress(i, len(sel.intakes))
			}
			return nil
		})
		if err != nil {
			return err
		}
		if h.Selection == SelectResident {
			res.IntakeIDs = slices.Clone(sel.intakes)
		}
		for _, t := range sel.tombstones {
			if err := enc.Tombstone(t); err != nil {
				return err
			}
		}
		for _, w := range sel.withdrawals {
			if err := enc.Withdrawal(w); err != nil {
				return err
			}
		}
		if err := enc.Close(); err != nil {
			return err
		}
		if err := aw.Close(); err != nil {
			return err
		}
		if sw != nil {
			name, _ := v.User()
			res.Signed = Signed{Laptop: keys.Name, User: name, Date: now.Truncate(time.Second)}
			res.Signature, err = sw.sign(keys, res.Signed)
		}
		return err
	})
	if err != nil {
		return ExportResult{}, err
	}
	res.Header = h
	res.Header.Magic, res.Header.Version = Magic, versionOf(h)
	return res, nil
}

// versionOf is the version NewEncoder writes for h.
func versionOf(h Header) int {
	if h.Tombstones > 0 || h.Withdrawals > 0 {
		return Version
	}
	return versionRecords
}

// header is the header of an export at now, before the counts.
func header(st exportState, opt ExportOptions, now time.Time) Header {
	h := Header{Created: now, Source: st.Source, Selection: SelectAll}
	switch {
	case opt.Resident != "":
		h.Selection = SelectResident
	case opt.SinceLast:
		h.Selection = SelectChanged
		if opt.To != nil {
			h.Since = st.Last[opt.To.String()]
		}
	}
	return h
}

// Plan is what an export with opt would hold, without writing anything:
// the header (with its counts) and how many intakes would be left out.
// An empty selection is no error here: Header.Intakes is 0.
func Plan(v *store.Vault, opt ExportOptions) (ExportResult, error) {
	if err := v.RequireSupporter(); err != nil {
		return ExportResult{}, err
	}
	st, err := loadState(v, false)
	if err != nil {
		return ExportResult{}, err
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	h := header(st, opt, now.UTC().Truncate(time.Millisecond))
	var res ExportResult
	err = v.View(func(tx *store.Tx) error {
		sel, err := choose(tx, h, opt.Resident, true)
		if err != nil {
			return err
		}
		h.Residents, h.Intakes, res.LeftOut = len(sel.residents), len(sel.intakes), sel.leftOut
		h.Tombstones, h.Withdrawals = len(sel.tombstones), len(sel.withdrawals)
		return fitsOneBundle(h)
	})
	if err != nil {
		return ExportResult{}, err
	}
	res.Header = h
	res.Header.Magic, res.Header.Version = Magic, versionOf(h)
	return res, nil
}

// selection is what pass 1 of an export chose: the intakes to write and
// the residents they belong to (both in ID order), each resident's clock
// (ResidentRecord: over all their intakes, the newest Updated, or their
// Created if later — see residentClock), and how many intakes were left
// out for want of consent to hand over.
type selection struct {
	intakes, residents []string
	clocks             map[string]time.Time
	leftOut            int
	// The vault's tombstones and withdrawals (docs/BUNDLE.md §4), not for
	// a handover of one resident.
	tombstones  []store.Tombstone
	withdrawals []store.Withdrawal
}

// choose picks from the intake index the intakes the header's selection
// holds; it decodes no intake. With readResidents it also reads each chosen
// resident (the clocks then count their Created; a missing one is an
// error); without, Export does that as it writes them.
func choose(tx *store.Tx, h Header, resident string, readResidents bool) (selection, error) {
	if h.Selection == SelectResident {
		if !intake.ValidID(resident) {
			return selection{}, ErrUnknownResident
		}
		if !slices.Contains(tx.IDs(store.KindResident, resident), resident) {
			return selection{}, ErrUnknownResident
		}
	}
	index, err := tx.IntakeLinks() // the ID, resident, last change and handover consent are all it needs
	if err != nil {
		return selection{}, err
	}
	sel := selection{clocks: make(map[string]time.Time, len(index))} // at most one a resident: grown, not rebuilt
	residents := map[string]bool{}
	if h.Selection != SelectResident {
		residents = make(map[string]bool, len(index))
	}
	for _, in := range index {
		if in.ResidentID != "" && in.Updated.After(sel.clocks[in.ResidentID]) {
			sel.clocks[in.ResidentID] = in.Updated
		}
		switch {
		case h.Selection == SelectResident && in.ResidentID != resident:
			continue
		case h.Selection == SelectChanged && !in.Updated.After(h.Since):
			continue
		case !in.Handover:
			sel.leftOut++
			continue
		}
		sel.intakes = append(sel.intakes, in.ID)
		if in.ResidentID != "" && !residents[in.ResidentID] {
			residents[in.ResidentID] = true
			sel.residents = append(sel.residents, in.ResidentID)
		}
	}
	sort.Strings(sel.intakes) // the index is in ID order already; the bundle promises it
	sort.Strings(sel.residents)
	if readResidents {
		err := tx.PlainInOrder(store.KindResident, sel.residents, func(id string, plain []byte) error {
			clock, err := residentClock(plain, sel.clocks[id])
			sel.clocks[id] = clock
			return err
		})
		if errors.Is(err, store.ErrNotFound) {
			return selection{}, fmt.Errorf("bundle: an intake refers to a resident that is missing from the vault: %w", store.ErrNotFound)
		}
		if err != nil {
			return selection{}, err
		}
	}
	if h.Selection == SelectResident {
		return sel, nil
	}
	// Every tombstone and withdrawal (those since the last export, with
	// SelectChanged): IDs and times, so that the recipient erases and
	// removes the same, and keeps them against older bundles.
	ts, err := tx.Tombstones()
	if err != nil {
		return selection{}, err
	}
	for _, t := range ts {
		if h.Selection != SelectChanged || t.Erased.After(h.Since) {
			sel.tombstones = append(sel.tombstones, t)
		}
	}
	ws, err := tx.Withdrawals()
	if err != nil {
		return selection{}, err
	}
	for _, w := range ws {
		// An intake carried in this bundle has the consent again (a
		// kompaan's save leaves the withdrawal behind): it is not withdrawn.
		if _, carried := slices.BinarySearch(sel.intakes, w.Intake); carried {
			continue
		}
		if h.Selection != SelectChanged || w.Updated.After(h.Since) {
			sel.withdrawals = append(sel.withdrawals, w)
		}
	}
	slices.SortFunc(sel.tombstones, func(a, b store.Tombstone) int { return strings.Compare(a.Resident, b.Resident) })
	slices.SortFunc(sel.withdrawals, func(a, b store.Withdrawal) int { return strings.Compare(a.Intake, b.Intake) })
	return sel, nil
}

// residentClock is a resident's clock: the newest Updated of their
// intakes, or their Created (from their stored JSON) if later — a
// resident made after their last intake was changed.
func residentClock(plain []byte, intakes time.Time) (time.Time, error) {
	// Only the created time is decoded: a whole Resident would make Go
	// strings (which cannot be wiped) of its pseudonym and contact.
	created, err := intake.ResidentCreated(plain)
	if err != nil {
		return time.Time{}, fmt.Errorf("bundle: a stored resident: %w", err)
	}
	if created.After(intakes) {
		return created, nil
	}
	return intakes, nil
}

// MarkExported records a complete export, so that the next export with
// SinceLast to the same recipient starts from it. A handover of one
// resident is not recorded.
func MarkExported(v *store.Vault, res ExportResult) error {
	if res.Header.Selection == SelectResident || res.recipient == "" {
		return nil
	}
	return v.Update(func(tx *store.Tx) error {
		st, err := readState(tx)
		if err != nil {
			return err
		}
		if st.Last == nil {
			st.Last = map[string]time.Time{}
		}
		if res.at.After(st.Last[res.recipient]) {
			st.Last[res.recipient] = res.at
		}
		return tx.Put(store.KindExport, stateID, st)
	})
}

// LastExport returns when the last complete export to the recipient was
// taken (zero if never).
func LastExport(v *store.Vault, to *age.X25519Recipient) (time.Time, error) {
	st, err := loadState(v, false)
	if err != nil {
		return time.Time{}, err
	}
	return st.Last[to.String()], nil
}

// loadState reads the export state; with create, it first gives the vault
// its random source ID if it has none yet.
func loadState(v *store.Vault, create bool) (exportState, error) {
	var st exportState
	fn := func(tx *store.Tx) error {
		var err error
		st, err = readState(tx)
		if err != nil {
			return err
		}
		if create && st.Source == "" {
			st.Source = store.NewID()
			return tx.Put(store.KindExport, stateID, st)
		}
		return nil
	}
	if create {
		return st, v.Update(fn)
	}
	return st, v.View(fn)
}

func readState(tx *store.Tx) (exportState, error) {
	st := exportState{V: exportStateVersion}
	err := tx.Get(store.KindExport, stateID, &st)
	if errors.Is(err, store.ErrNotFound) {
		return exportState{V: exportStateVersion}, nil
	}
	if err != nil {
		return exportState{}, err
	}
	if st.V != exportStateVersion || (st.Source != "" && !validSource(st.Source)) {
		return exportState{}, fmt.Errorf("bundle: export state has unknown version %d: %w", st.V, store.ErrUnsupportedFormat)
	}
	return st, nil
}
