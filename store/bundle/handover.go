package bundle

import (
	"errors"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// HandedOver marks, on the sender's laptop, a resident handed over to a
// colleague (KindHandover, keyed by the resident's ID).
type HandedOver struct {
	To        string    `json:"to"`        // the colleague, as the sender named them
	Recipient string    `json:"recipient"` // the colleague's age recipient
	File      string    `json:"file"`      // the bundle's file name, without its folder
	IntakeIDs []string  `json:"intakes"`   // the intakes that went
	At        time.Time `json:"at"`
	By        string    `json:"by"`
}

// MarkHandedOver records that the resident was handed over.
func MarkHandedOver(v *store.Vault, residentID string, h HandedOver) error {
	if err := v.RequireSupporter(); err != nil {
		return err
	}
	if !intake.ValidID(residentID) {
		return ErrUnknownResident
	}
	h.By, h.At = actor(v), h.At.UTC().Truncate(time.Second)
	return v.Update(func(tx *store.Tx) error { return tx.Put(KindHandover, residentID, h) })
}

// HandedOverOf reads a resident's handover mark; ok is false if the
// resident was not handed over.
func HandedOverOf(v *store.Vault, residentID string) (h HandedOver, ok bool, err error) {
	if !intake.ValidID(residentID) {
		return HandedOver{}, false, nil
	}
	err = v.View(func(tx *store.Tx) error { return tx.Get(KindHandover, residentID, &h) })
	if errors.Is(err, store.ErrNotFound) {
		return HandedOver{}, false, nil
	}
	return h, err == nil, err
}

// Erased says what EraseHandedOver removed.
type Erased struct {
	Intakes  int
	Resident bool // the resident record went too (no other intake of theirs was left)
}

// EraseHandedOver removes from this laptop what a handover took to a
// colleague, in one transaction: the intakes that went (with where they
// came from), the resident record unless an intake that did not go (no
// consent to hand over) still belongs to them, and the handover mark with
// it. The anonymised statistics records stay: the conversations took
// place here and are counted here. (Erasure with a tombstone that travels
// to the office is issue 14's; this is the handover's own.)
func EraseHandedOver(v *store.Vault, residentID string, intakeIDs []string) (Erased, error) {
	if err := v.RequireSupporter(); err != nil {
		return Erased{}, err
	}
	if !intake.ValidID(residentID) {
		return Erased{}, ErrUnknownResident
	}
	var out Erased
	err := v.Update(func(tx *store.Tx) error {
		out = Erased{}
		gone := map[string]bool{}
		for _, id := range intakeIDs {
			var in exportIntake
			if err := tx.Get(store.KindIntake, id, &in); errors.Is(err, store.ErrNotFound) {
				continue
			} else if err != nil {
				return err
			}
			if in.ResidentID != residentID {
				continue // not this resident's: never erased here
			}
			if err := tx.Delete(store.KindIntake, id); err != nil {
				return err
			}
			if err := tx.Delete(KindOrigin, id); err != nil {
				return err
			}
			gone[id] = true
			out.Intakes++
		}
		left := false
		err := tx.ForEach(store.KindIntake, func(id string, decode func(any) error) error {
			if left {
				return nil
			}
			var in exportIntake
			if err := decode(&in); err != nil {
				return err
			}
			left = in.ResidentID == residentID
			return nil
		})
		if err != nil || left {
			return err
		}
		if err := tx.Delete(store.KindResident, residentID); err != nil {
			return err
		}
		out.Resident = true
		return tx.Delete(KindHandover, residentID)
	})
	if err != nil {
		return Erased{}, err
	}
	return out, nil
}
