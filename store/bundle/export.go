package bundle

import (
	"errors"
	"fmt"
	"io"
	"sort"
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

// exportIntake is what the first pass reads of every intake.
type exportIntake struct {
	ID         string         `json:"id"`
	ResidentID string         `json:"resident_id"`
	Updated    time.Time      `json:"updated"`
	Consent    intake.Consent `json:"consent"`
}

// Export writes an age-encrypted bundle to w. Only intakes whose consent
// covers handover (intake.ScopeHandover) are written, with the residents
// they belong to. It reads one consistent snapshot of the vault and
// streams: memory grows with the number of selected IDs, not with the
// size of the notes. Export does not record the export: call MarkExported
// after the file has been written completely.
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
		sel, err := choose(tx, h, opt.Resident)
		if err != nil {
			return err
		}
		res.LeftOut = sel.leftOut
		if len(sel.intakes) == 0 {
			return ErrNothingToExport
		}
		selected, clocks, residents := sel.intakes, sel.clocks, sel.residents
		h.Residents, h.Intakes = len(residents), len(selected)

		// Pass 2: write.
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
		ids := make([]string, 0, len(residents))
		for id := range residents {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			var r intake.Resident
			if err := tx.Get(store.KindResident, id, &r); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("bundle: an intake refers to a resident that is missing from the vault: %w", store.ErrNotFound)
				}
				return err
			}
			clock := clocks[id]
			if r.Created.After(clock) {
				clock = r.Created
			}
			if err := enc.Resident(r, clock); err != nil {
				return err
			}
		}
		done := 0
		err = tx.ForEach(store.KindIntake, func(id string, decode func(any) error) error {
			if !selected[id] {
				return nil
			}
			var in intake.Intake
			if err := decode(&in); err != nil {
				return err
			}
			if err := enc.Intake(in); err != nil {
				return err
			}
			if h.Selection == SelectResident {
				res.IntakeIDs = append(res.IntakeIDs, id)
			}
			if done++; opt.Progress != nil {
				opt.Progress(done, len(selected))
			}
			return nil
		})
		if err != nil {
			return err
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
	res.Header.Magic, res.Header.Version = Magic, Version
	return res, nil
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

// selection is what pass 1 of an export chose: the intakes to write, the
// residents they belong to, every resident's clock, and how many intakes
// were left out for want of consent to hand over.
type selection struct {
	intakes   map[string]bool
	residents map[string]bool
	clocks    map[string]time.Time
	leftOut   int
}

// choose reads the header fields of every intake and picks those the
// header's selection holds.
func choose(tx *store.Tx, h Header, resident string) (selection, error) {
	if h.Selection == SelectResident {
		var r intake.Resident
		if !intake.ValidID(resident) {
			return selection{}, ErrUnknownResident
		}
		if err := tx.Get(store.KindResident, resident, &r); errors.Is(err, store.ErrNotFound) {
			return selection{}, ErrUnknownResident
		} else if err != nil {
			return selection{}, err
		}
	}
	sel := selection{intakes: map[string]bool{}, residents: map[string]bool{}, clocks: map[string]time.Time{}}
	err := tx.ForEach(store.KindIntake, func(id string, decode func(any) error) error {
		var in exportIntake
		if err := decode(&in); err != nil {
			return err
		}
		if in.ResidentID != "" && in.Updated.After(sel.clocks[in.ResidentID]) {
			sel.clocks[in.ResidentID] = in.Updated
		}
		switch {
		case h.Selection == SelectResident && in.ResidentID != resident:
			return nil
		case h.Selection == SelectChanged && !in.Updated.After(h.Since):
			return nil
		case !in.Consent.Has(intake.ScopeHandover):
			sel.leftOut++
			return nil
		}
		sel.intakes[id] = true
		if in.ResidentID != "" {
			sel.residents[in.ResidentID] = true
		}
		return nil
	})
	return sel, err
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
		sel, err := choose(tx, h, opt.Resident)
		if err != nil {
			return err
		}
		h.Residents, h.Intakes, res.LeftOut = len(sel.residents), len(sel.intakes), sel.leftOut
		return nil
	})
	if err != nil {
		return ExportResult{}, err
	}
	res.Header = h
	res.Header.Magic, res.Header.Version = Magic, Version
	return res, nil
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
