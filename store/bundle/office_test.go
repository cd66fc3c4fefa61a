package bundle

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"slices"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

// TestPreviewCountsWhatImportDoes: Preview's counts are ImportScanned's, for a
// fresh vault, the same bundle again, and a vault with newer and older
// versions of some records; Preview writes nothing.
func TestPreviewCountsWhatImportDoes(t *testing.T) {
	f := seed(t, 6)
	office := newIdentity(t)
	data, _ := export(t, f.v, office, ExportOptions{})
	dst := newVault(t)

	// A newer local version of one intake (skipped), an older one of
	// another (updated).
	newer, older := f.intakes[0], f.intakes[1]
	newer.Updated = newer.Updated.Add(time.Hour)
	older.Updated = older.Updated.Add(-time.Hour)
	older.OwnWords = "oud"
	saveResident(t, dst, f.residents[0])
	saveIntake(t, dst, newer)
	saveIntake(t, dst, older)

	for round, want := range []ImportResult{
		{Residents: Counts{Added: 5, Skipped: 1}, Intakes: Counts{Added: len(f.intakes) - 2, Updated: 1, Skipped: 1}},
		{Residents: Counts{Skipped: 6}, Intakes: Counts{Skipped: len(f.intakes)}},
	} {
		m, err := Scan(bytes.NewReader(data), t0, nil, office)
		if err != nil {
			t.Fatal(err)
		}
		before := dump(t, dst)
		preview, err := Preview(dst, m)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(dump(t, dst), before) {
			t.Fatalf("round %d: Preview wrote to the vault", round)
		}
		got, err := ImportScanned(dst, m, bytesOpener(data), cat, t0, StreamOptions{Identities: []age.Identity{office}, BatchRecords: 2})
		if err != nil {
			t.Fatal(err)
		}
		if preview != got || got != want {
			t.Fatalf("round %d: preview %+v, import %+v, want %+v", round, preview, got, want)
		}
	}
}

// TestProgressReachesTheEnd: export reports every intake written, import
// every record merged and the file read, in order, ending at the total.
func TestProgressReachesTheEnd(t *testing.T) {
	f := seed(t, 5)
	dst := newVault(t)
	register(t, dst, f.v, "A")
	var exported []int
	path, res := signedExport(t, f.v, ownKey(t, dst), ExportOptions{Progress: func(done, total int) {
		if total != len(f.intakes) {
			t.Fatalf("export total %d, want %d", total, len(f.intakes))
		}
		exported = append(exported, done)
	}})
	if want := seq(len(f.intakes)); !slices.Equal(exported, want) {
		t.Fatalf("export progress %v, want %v", exported, want)
	}
	var read []int64
	var size int64
	in, err := OpenFile(dst, path, t0, OpenOptions{Progress: func(done, total int64) { read = append(read, done); size = total }})
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if len(read) < 2 || !slices.IsSorted(read) || read[len(read)-1] != 2*fi.Size() || size != 2*fi.Size() {
		t.Fatalf("read progress %v of %d, file %d bytes", read, size, fi.Size())
	}
	var merged []int
	r, err := ImportOpened(dst, in, cat, t0, func(done, total int) {
		if total != res.Header.Residents+res.Header.Intakes {
			t.Fatalf("import total %d", total)
		}
		merged = append(merged, done)
	})
	if err != nil || r.Intakes.Added != len(f.intakes) {
		t.Fatalf("%+v %v", r, err)
	}
	// One report per batch: the residents' batch, then the intakes'.
	if want := []int{res.Header.Residents, res.Header.Residents + res.Header.Intakes}; !slices.Equal(merged, want) {
		t.Fatalf("import progress %v, want %v", merged, want)
	}
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// TestImportKeepsOrigin: each intake added or updated by a signed import
// records where it came from; skipped ones keep what they had; intakes
// typed here have none.
func TestImportKeepsOrigin(t *testing.T) {
	f := seed(t, 2)
	if _, err := SetLaptopName(f.v, "laptop-anna", t0); err != nil {
		t.Fatal(err)
	}
	dst := newVault(t)
	register(t, dst, f.v, "Laptop Anna")
	path, _ := signedExport(t, f.v, ownKey(t, dst), ExportOptions{Now: t0.Add(2 * time.Hour)})
	local := newIntake(newResident(99), true, "here", t0)
	saveIntake(t, dst, local)
	in, err := OpenFile(dst, path, t0, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	at := t0.Add(3 * time.Hour)
	if _, err := ImportOpened(dst, in, cat, at, nil); err != nil {
		t.Fatal(err)
	}
	for _, x := range f.intakes {
		o, ok, err := OriginOf(dst, x.ID)
		want := Origin{Laptop: "Laptop Anna", KeyID: in.From.KeyID, User: "Anna", Signed: t0.Add(2 * time.Hour),
			File: "overdracht.age", Imported: at, ImportedBy: "Anna"}
		if err != nil || !ok || o != want {
			t.Fatalf("origin of %s: %+v %v %v, want %+v", x.ID, o, ok, err, want)
		}
	}
	if _, ok, err := OriginOf(dst, local.ID); ok || err != nil {
		t.Fatalf("an intake typed here has an origin: %v %v", ok, err)
	}
	// Importing again skips everything and leaves the origins alone.
	again := at.Add(time.Hour)
	in.File = "other.age"
	if _, err := ImportOpened(dst, in, cat, again, nil); err != nil {
		t.Fatal(err)
	}
	if o, _, _ := OriginOf(dst, f.intakes[0].ID); o.File != "overdracht.age" || !o.Imported.Equal(at) {
		t.Fatalf("a skipped intake's origin changed: %+v", o)
	}
}

// TestEraseHandedOver: after a resident's handover the sender erases
// exactly the intakes that went; the resident record only when none of
// theirs is left; never another resident's; the statistics stay.
func TestEraseHandedOver(t *testing.T) {
	f := seed(t, 4) // residents 0 and 3 have one intake without handover consent
	colleague := newIdentity(t)
	cases := []struct {
		resident     int
		wantIntakes  int
		wantResident bool
	}{
		{0, 1, false}, // the intake without consent stays, and so does the resident
		{1, 2, true},
	}
	for _, tc := range cases {
		r := f.residents[tc.resident]
		_, res := export(t, f.v, colleague, ExportOptions{Resident: r.ID, Sign: true})
		if len(res.IntakeIDs) != tc.wantIntakes {
			t.Fatalf("resident %d: exported %v", tc.resident, res.IntakeIDs)
		}
		if err := MarkHandedOver(f.v, r.ID, HandedOver{To: "Bram", Recipient: colleague.Recipient().String(), File: "x.age", IntakeIDs: res.IntakeIDs, At: t0}); err != nil {
			t.Fatal(err)
		}
		h, ok, err := HandedOverOf(f.v, r.ID)
		if err != nil || !ok || h.To != "Bram" || h.By != "Anna" || !slices.Equal(h.IntakeIDs, res.IntakeIDs) {
			t.Fatalf("mark: %+v %v %v", h, ok, err)
		}
		_, _, statsBefore := count(t, f.v)
		// Another resident's intake ID in the list is never erased.
		ids := append(slices.Clone(res.IntakeIDs), f.intakes[len(f.intakes)-1].ID)
		got, err := EraseHandedOver(f.v, r.ID, ids)
		if err != nil || got != (Erased{Intakes: tc.wantIntakes, Resident: tc.wantResident}) {
			t.Fatalf("resident %d: erased %+v %v", tc.resident, got, err)
		}
		for _, id := range res.IntakeIDs {
			if err := f.v.View(func(tx *store.Tx) error { return tx.Get(store.KindIntake, id, new(intake.Intake)) }); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("intake %s is still there: %v", id, err)
			}
		}
		err = f.v.View(func(tx *store.Tx) error { return tx.Get(store.KindResident, r.ID, new(intake.Resident)) })
		if gone := errors.Is(err, store.ErrNotFound); gone != tc.wantResident {
			t.Fatalf("resident %d gone: %v (%v)", tc.resident, gone, err)
		}
		_, markKept, _ := HandedOverOf(f.v, r.ID)
		if markKept == tc.wantResident {
			t.Fatalf("the mark is kept %v while the resident is gone %v", markKept, tc.wantResident)
		}
		if _, _, stats := count(t, f.v); stats != statsBefore {
			t.Fatalf("statistics %d, were %d", stats, statsBefore)
		}
	}
	if err := f.v.View(func(tx *store.Tx) error {
		return tx.Get(store.KindIntake, f.intakes[len(f.intakes)-1].ID, new(intake.Intake))
	}); err != nil {
		t.Fatalf("another resident's intake was erased: %v", err)
	}
}

// TestPlanCountsWhatExportWrites: Plan says what Export then writes.
func TestPlanCountsWhatExportWrites(t *testing.T) {
	f := seed(t, 6)
	office := newIdentity(t)
	for _, opt := range []ExportOptions{
		{SinceLast: true}, {Resident: f.residents[0].ID}, {Resident: f.residents[1].ID}, {},
	} {
		opt.To = office.Recipient()
		plan, err := Plan(f.v, opt)
		if err != nil {
			t.Fatal(err)
		}
		_, res := export(t, f.v, office, opt)
		if plan.Header.Intakes != res.Header.Intakes || plan.Header.Residents != res.Header.Residents ||
			plan.LeftOut != res.LeftOut || plan.Header.Selection != res.Header.Selection {
			t.Fatalf("%+v: plan %+v/%d, export %+v/%d", opt, plan.Header, plan.LeftOut, res.Header, res.LeftOut)
		}
		if err := MarkExported(f.v, res); err != nil {
			t.Fatal(err)
		}
	}
	// After a complete export nothing has changed since.
	plan, err := Plan(f.v, ExportOptions{To: office.Recipient(), SinceLast: true})
	if err != nil || plan.Header.Intakes != 0 || plan.Header.Since.IsZero() {
		t.Fatalf("since the last: %+v %v", plan.Header, err)
	}
	if _, err := Plan(f.v, ExportOptions{To: office.Recipient(), Resident: "nosuchresident0"}); !errors.Is(err, ErrUnknownResident) {
		t.Fatalf("unknown resident: %v", err)
	}
}

// TestImportPlansOnce: the import uses the plan Preview made when the
// buckets it read are as they were — also after the access log is
// written, as session.Import does between them — and plans again when
// a resident, an intake or a tombstone changed; the vault ends the same
// either way (TestPreviewCountsWhatImportDoes holds the counts).
func TestImportPlansOnce(t *testing.T) {
	f := seed(t, 4)
	office := newIdentity(t)
	data, _ := export(t, f.v, office, ExportOptions{})
	tombstoned := intake.NewID()
	cases := []struct {
		name    string
		between func(t *testing.T, v *store.Vault)
		kept    bool
	}{
		{"nothing in between", func(*testing.T, *store.Vault) {}, true},
		{"the access log", func(t *testing.T, v *store.Vault) {
			err := v.Update(func(tx *store.Tx) error {
				_, err := tx.AppendLog(store.LogEntry{Action: store.ActImport, Purpose: store.PurposeHandover, Resident: f.residents[0].ID})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}, true},
		{"a resident", func(t *testing.T, v *store.Vault) { saveResident(t, v, f.residents[1]) }, false},
		{"an intake", func(t *testing.T, v *store.Vault) { saveIntake(t, v, f.intakes[0]) }, false},
		{"a tombstone", func(t *testing.T, v *store.Vault) {
			err := v.Update(func(tx *store.Tx) error {
				_, err := tx.ReceiveTombstone(store.Tombstone{V: store.TombstoneVersion, Resident: tombstoned, Erased: t0, Reason: store.EraseRequest, Device: "elsewhere"})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := newVault(t)
			m, err := Scan(bytes.NewReader(data), t0, nil, office)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Preview(v, m); err != nil {
				t.Fatal(err)
			}
			kept := m.plan
			if kept == nil {
				t.Fatal("Preview kept no plan")
			}
			tc.between(t, v)
			p, err := planOnce(v, m)
			if err != nil {
				t.Fatal(err)
			}
			if (p == kept) != tc.kept {
				t.Fatalf("the import used Preview's plan: %v, want %v", p == kept, tc.kept)
			}
			if m.plan != nil {
				t.Fatal("the manifest still holds a plan after the import took it")
			}
			if !tc.kept && slices.Equal(p.intakes, kept.intakes) && slices.Equal(p.residents, kept.residents) && p.gone.Resident(tombstoned) == kept.gone.Resident(tombstoned) {
				t.Fatal("the plan made again is the same: it did not see the change in between")
			}
		})
	}
}
