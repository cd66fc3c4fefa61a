package store

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/spreekuur/spreekuur/intake"
)

// SaveIntake writes an intake and, in the same transaction, its anonymised
// statistics record: DESIGN §4 wants statistics written whenever an intake is
// saved or closed, and one transaction means the two never disagree after a
// crash. The statistics record is keyed by in.StatID, which is unrelated to
// in.ID, so the statistics bucket cannot be joined back to the intakes.
// The intake's resident, if it has one, is read here for the age band and
// target groups (Anonymise uses them only with consent); a kompaan who
// holds no key to the resident saves without them.
//
// The intake's data key is wrapped for the kompanen who took part in it
// (intake.TookPart), and — when a supporter saves — the resident's for
// them too, so they can read the name the intake belongs to
// (docs/FORMAT.md §3).
//
// The record gets its record key (recordKey: the same on every save) and
// its first-in-period flags, which need the resident's other intakes: a
// sealed list per resident (KindStatLinks, group key) keeps their
// statistics IDs and months, and a record whose flags change because an
// intake joined or left its resident is written again. A kompaan holds no
// key to those lists: their save keeps the flags the record had (a new
// record counts as its resident's first) and the next supporter's unlock
// puts it in its list (settle, relinkStat).
func (tx *Tx) SaveIntake(in intake.Intake, cat *intake.Catalogue, now time.Time) error {
	return tx.saveIntake(&in, nil, cat, now)
}

// SaveEncodedIntake is SaveIntake of an intake EncodeIntake encoded.
func (tx *Tx) SaveEncodedIntake(e *EncodedIntake, cat *intake.Catalogue, now time.Time) error {
	return tx.saveIntake(e.in, e, cat, now)
}

// EncodedIntake is an intake with what SaveIntake stores of it — its JSON
// and its index entry's encoding — made before the transaction that saves
// it: an import encodes the intakes of its next batch on every core while
// one transaction writes the batch before (json.Marshal was a tenth of
// the writer's time). Saving it wipes the encoding (Put wipes what it
// seals), so it is saved once; Wipe one that is not saved.
type EncodedIntake struct {
	in           *intake.Intake
	plain, entry []byte
	sealed       *sealedIntake // Vault.PrepareNewIntakes's, if it sealed it
	stat         *preparedStat // likewise its statistics
}

// EncodeIntake encodes in as SaveIntake would (see EncodedIntake). It
// keeps in, which must not change until it is saved.
func EncodeIntake(in *intake.Intake) (*EncodedIntake, error) {
	plain, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	entry, err := in.IndexEntry().MarshalBinary()
	if err != nil {
		clear(plain)
		return nil, err
	}
	return &EncodedIntake{in: in, plain: plain, entry: entry}, nil
}

// Intake is the intake e encodes.
func (e *EncodedIntake) Intake() *intake.Intake { return e.in }

// Wipe clears the encoded plaintext.
func (e *EncodedIntake) Wipe() {
	clear(e.plain)
	clear(e.entry)
	e.sealed, e.stat = nil, nil
}

// MarshalBinary returns the intake's JSON itself, not a copy: Put wipes
// it once sealed. Once PrepareNewIntakes sealed it (and dropped the
// JSON), it is encoded again: the sealed values could not be written.
func (e *EncodedIntake) MarshalBinary() ([]byte, error) {
	if e.plain == nil {
		return json.Marshal(e.in)
	}
	return e.plain, nil
}

// saveIntake is SaveIntake, with the intake's encoding made before if
// enc is set.
func (tx *Tx) saveIntake(in *intake.Intake, enc *EncodedIntake, cat *intake.Catalogue, now time.Time) error {
	r, before, err := tx.saveIntakeRecord(in, enc, false, true)
	if err != nil {
		return err
	}
	resident := intake.StatResident(*in, r)
	if tx.keys.group == nil {
		resident = "" // a kompaan: see above
	}
	if before.ResidentID != "" && tx.keys.group != nil && (before.ResidentID != resident || before.StatID != in.StatID) {
		if _, err := tx.relink(before.ResidentID, before.StatID, ""); err != nil {
			return err
		}
	}
	rec := cat.Anonymise(*in, r, now)
	// A record keeps the key it got first: a key rotation changes the
	// statistics key, and a new record key would let a reader of two
	// exports average its noise away.
	var old intake.StatRecord
	haveOld := tx.Get(KindStat, in.StatID, &old) == nil
	rec.Key = tx.recordKey(in.StatID)
	if haveOld {
		rec.Key = old.Key
	}
	if resident != "" {
		links, err := tx.relink(resident, in.StatID, rec.Month)
		if err != nil {
			return err
		}
		rec.FirstInMonth, rec.FirstInQuarter, rec.FirstInYear = links.flags(in.StatID)
	} else if tx.keys.group == nil && haveOld {
		rec.FirstInMonth, rec.FirstInQuarter, rec.FirstInYear = old.FirstInMonth, old.FirstInQuarter, old.FirstInYear
	}
	err = tx.Put(KindStat, in.StatID, rec)
	if errors.Is(err, intake.ErrStatRecord) {
		// What was typed is never lost over a statistic. A record that
		// cannot be made (a first contact dated before 2015: a laptop
		// whose clock is wrong) is left out, and an older one for this
		// intake removed, so no stale figures remain.
		if resident != "" {
			if _, err := tx.relink(resident, in.StatID, ""); err != nil {
				return err
			}
		}
		return tx.Delete(KindStat, in.StatID)
	}
	return err
}

// savedBefore is what SaveIntake needs of the version of an intake saved
// before: the resident it counted for, its statistics ID, and whether it
// could be handed over.
type savedBefore struct {
	ResidentID, StatID string
	Handover           bool
}

// saveIntakeRecord is SaveIntake without the statistics: it writes the
// intake (and its index entry), notes a withdrawn consent, shares the
// resident's key with the kompanen who took part, and returns the
// intake's resident (zero if none or not readable) and what the version
// saved before counted for. fresh says that the vault has no version of
// it (SaveIntakeStaged looked): there is nothing before to look up.
// Without readResident the resident is not read (the caller knows it).
func (tx *Tx) saveIntakeRecord(in *intake.Intake, enc *EncodedIntake, fresh, readResident bool) (intake.Resident, savedBefore, error) {
	var r intake.Resident
	var before savedBefore
	if in.StatID == "" {
		return r, before, errors.New("store: intake has no statistics ID")
	}
	if in.ResidentID != "" && readResident {
		err := tx.Get(KindResident, in.ResidentID, &r)
		if err != nil && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrNoAccess) {
			return r, before, err
		}
	}
	// The version saved before, for the resident it counted for: from its
	// index entry, not the whole intake. A stored intake that cannot be
	// read counts as none: what is typed now is saved regardless.
	if !fresh {
		if e, err := tx.IndexEntry(in.ID); err == nil {
			before = savedBefore{ResidentID: e.Header.ResidentID, StatID: e.StatID, Handover: e.Handover}
		}
	}
	var value any = in
	if enc != nil {
		value = enc
	}
	sealed := false
	if fresh && enc != nil {
		var err error
		if sealed, err = tx.putSealedIntake(enc); err != nil {
			return r, before, err
		}
	}
	if !sealed {
		if err := tx.Put(KindIntake, in.ID, value); err != nil {
			return r, before, err
		}
	}
	if err := tx.noteWithdrawal(in, before.Handover); err != nil {
		return r, before, err
	}
	if in.ResidentID != "" && tx.filedKind(KindResident) {
		if members, exact := tx.participantsOf(in); exact {
			// A damaged resident record is Check's to report, not a reason
			// to lose what was typed.
			if err := tx.share(KindResident, in.ResidentID, members); err != nil && !errors.Is(err, ErrTampered) {
				return r, before, err
			}
		}
	}
	return r, before, nil
}

// ForEachStat calls fn with every statistics record, decoded strictly from
// its binary encoding (intake.DecodeStatRecord); a record that does not
// decode stops it with an error. It needs only the statistics key, so it
// works for a coordinator.
func (tx *Tx) ForEachStat(fn func(rec intake.StatRecord) error) error {
	return tx.ForEachPlain(KindStat, func(id string, plain []byte) error {
		rec, err := intake.DecodeStatRecord(plain)
		if err != nil {
			return fmt.Errorf("store: statistics record %s: %w", id, err)
		}
		return fn(rec)
	})
}

// ForEachStatRecord calls fn with the decrypted bytes of every statistics
// record, in one read transaction (statistics.Load decodes them itself).
// plain is valid only during fn.
func (v *Vault) ForEachStatRecord(fn func(plain []byte) error) error {
	return v.View(func(tx *Tx) error {
		return tx.ForEachPlain(KindStat, func(_ string, plain []byte) error { return fn(plain) })
	})
}

// recordKey is the record key of the cell-key method for a new statistics
// record statID (docs/STATISTICS.md); a saved record keeps its own: the
// first four bytes of
// HMAC-SHA256(K, statID), K = HMAC-SHA256(statistics key, "spreekuur cell
// key v1"). Without the statistics key it is indistinguishable from a
// random number; and it depends on nothing but the record's ID, so saving
// an intake again, or migrating its record, never draws a new key that an
// observer of two exports could average away.
//
// K is derived once per unlock (keySet.recordKey): an import writes
// 100,000 records, and deriving it for each was two HMACs more per record.
func (tx *Tx) recordKey(statID string) uint32 { return tx.keys.recordKey(statID) }

// cellSubkey is K (see recordKey).
func cellSubkey(statsKey []byte) []byte {
	k := hmac.New(sha256.New, statsKey)
	k.Write([]byte("spreekuur cell key v1"))
	return k.Sum(nil)
}

// recordKey is Tx.recordKey with K's HMAC made at the first call and
// kept until the keys are wiped, like the digest's.
func (k *keySet) recordKey(statID string) uint32 {
	k.cellMu.Lock()
	defer k.cellMu.Unlock()
	if k.cell == nil {
		sub := cellSubkey(k.stats.raw)
		k.cell = hmac.New(sha256.New, sub)
		clear(sub)
	}
	k.cell.Reset()
	k.cell.Write([]byte(statID))
	var sum [sha256.Size]byte
	return binary.BigEndian.Uint32(k.cell.Sum(sum[:0]))
}

// statLink is one intake of a resident, as the statistics see it.
type statLink struct {
	StatID string       `json:"stat_id"`
	Month  intake.Month `json:"month"` // month of first contact
}

// statLinks are a resident's intakes, sorted by month, then statistics ID
// (which of two intakes in one month counts as the first is arbitrary but
// fixed). Sealed with the group key under the resident's ID: it links a
// person to records, as the intakes themselves do.
type statLinks struct {
	Intakes []statLink `json:"intakes"`
}

func (l statLinks) sort() {
	slices.SortFunc(l.Intakes, func(a, b statLink) int {
		return cmp.Or(cmp.Compare(a.Month, b.Month), cmp.Compare(a.StatID, b.StatID))
	})
}

// flags says whether statID is its resident's first intake in its month,
// quarter and year.
func (l statLinks) flags(statID string) (month, quarter, year bool) {
	i := slices.IndexFunc(l.Intakes, func(s statLink) bool { return s.StatID == statID })
	if i <= 0 { // the first, or not a resident's intake: one person of its own
		return true, true, true
	}
	prev, cur := l.Intakes[i-1].Month, l.Intakes[i].Month
	year = prev.Year() != cur.Year()
	quarter = year || prev.Quarter() != cur.Quarter()
	return quarter || prev != cur, quarter, year
}

func (tx *Tx) statLinks(resident string) (statLinks, error) {
	var l statLinks
	err := tx.Get(KindStatLinks, resident, &l)
	if errors.Is(err, ErrNotFound) {
		err = nil
	}
	return l, err
}

// relink puts statID at month among the resident's intakes, or removes it
// for month "", writes again every other record of the resident whose
// first-in-period flags change by it, and returns the new list. A list
// that cannot be read (damaged) is started afresh: the statistics never
// stop an intake from being saved.
func (tx *Tx) relink(resident, statID string, month intake.Month) (statLinks, error) {
	l, err := tx.statLinks(resident)
	if errors.Is(err, ErrNoAccess) || errors.Is(err, ErrLocked) {
		return l, err
	} else if err != nil {
		l = statLinks{}
	}
	was := map[string][3]bool{}
	for _, s := range l.Intakes {
		m, q, y := l.flags(s.StatID)
		was[s.StatID] = [3]bool{m, q, y}
	}
	unchanged := slices.Clone(l.Intakes)
	l.Intakes = slices.DeleteFunc(l.Intakes, func(s statLink) bool { return s.StatID == statID })
	if month != "" {
		l.Intakes = append(l.Intakes, statLink{StatID: statID, Month: month})
	}
	l.sort()
	if err == nil && slices.Equal(l.Intakes, unchanged) {
		return l, nil // most saves: the intake was there, in the same month
	}
	if len(l.Intakes) == 0 {
		if err := tx.Delete(KindStatLinks, resident); err != nil {
			return l, err
		}
	} else if err := tx.Put(KindStatLinks, resident, l); err != nil {
		return l, err
	}
	for _, s := range l.Intakes {
		m, q, y := l.flags(s.StatID)
		if old, ok := was[s.StatID]; s.StatID == statID || !ok || old == [3]bool{m, q, y} {
			continue
		}
		var rec intake.StatRecord
		if err := tx.Get(KindStat, s.StatID, &rec); err != nil {
			if errors.Is(err, ErrNotFound) || errors.Is(err, ErrTampered) || errors.Is(err, intake.ErrStatRecord) {
				continue // nothing this save can mend
			}
			return l, err
		}
		rec.FirstInMonth, rec.FirstInQuarter, rec.FirstInYear = m, q, y
		if err := tx.Put(KindStat, s.StatID, rec); err != nil {
			return l, err
		}
	}
	return l, nil
}

// relinkStat puts the statistics record of an intake a kompaan saved
// among its resident's others and sets its flags (SaveIntake): a
// supporter's unlock does it, in settle.
func (tx *Tx) relinkStat(in *intake.Intake) error {
	if in.ResidentID == "" || in.StatID == "" {
		return nil
	}
	var r intake.Resident
	if err := tx.Get(KindResident, in.ResidentID, &r); err != nil {
		return nil // no resident to count for, or Check's to report
	}
	resident := intake.StatResident(*in, r)
	var rec intake.StatRecord
	if resident == "" || tx.Get(KindStat, in.StatID, &rec) != nil {
		return nil
	}
	links, err := tx.relink(resident, in.StatID, rec.Month)
	if err != nil {
		return err
	}
	m, q, y := links.flags(in.StatID)
	if m == rec.FirstInMonth && q == rec.FirstInQuarter && y == rec.FirstInYear {
		return nil
	}
	rec.FirstInMonth, rec.FirstInQuarter, rec.FirstInYear = m, q, y
	return tx.Put(KindStat, in.StatID, rec)
}
