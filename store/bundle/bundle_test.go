package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

func TestRoundTripIntoSecondVault(t *testing.T) {
	f := seed(t, 4)
	office := newIdentity(t)
	data, res := export(t, f.v, office, ExportOptions{Now: t0.Add(time.Hour)})
	if res.Header.Intakes != len(f.intakes) || res.Header.Residents != len(f.residents) || res.LeftOut != len(f.private) {
		t.Fatalf("export header %+v, left out %d; want %d intakes, %d residents, %d left out",
			res.Header, res.LeftOut, len(f.intakes), len(f.residents), len(f.private))
	}

	v2 := newVault(t)
	got, err := importBytes(v2, data, office)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	want := ImportResult{Residents: Counts{Added: len(f.residents)}, Intakes: Counts{Added: len(f.intakes)}}
	if got != want {
		t.Fatalf("import counts %+v, want %+v", got, want)
	}

	// Content equal: every exported record is in the second vault, byte
	// for byte as JSON; nothing without handover consent is.
	d1, d2 := dump(t, f.v), dump(t, v2)
	for _, r := range f.residents {
		if d2[store.KindResident][r.ID] != d1[store.KindResident][r.ID] || d2[store.KindResident][r.ID] == "" {
			t.Errorf("resident %s differs:\n%s\n%s", r.ID, d1[store.KindResident][r.ID], d2[store.KindResident][r.ID])
		}
	}
	for _, in := range f.intakes {
		if d2[store.KindIntake][in.ID] != d1[store.KindIntake][in.ID] || d2[store.KindIntake][in.ID] == "" {
			t.Errorf("intake %s differs:\n%s\n%s", in.ID, d1[store.KindIntake][in.ID], d2[store.KindIntake][in.ID])
		}
		// Its statistics record was written in the second vault too. A
		// resident whose other intake stayed behind (no handover consent)
		// has only this one there: it is their first, as the office sees.
		s1, s2 := d1[store.KindStat][in.StatID], d2[store.KindStat][in.StatID]
		if slices.ContainsFunc(f.private, func(p intake.Intake) bool { return p.ResidentID == in.ResidentID }) {
			s1, s2 = withoutFirstFlags(t, s1), withoutFirstFlags(t, s2)
		}
		if s1 != s2 || s2 == "" {
			t.Errorf("statistics of intake %s differ:\n%s\n%s", in.ID, d1[store.KindStat][in.StatID], d2[store.KindStat][in.StatID])
		}
	}
	for _, in := range f.private {
		if _, ok := d2[store.KindIntake][in.ID]; ok {
			t.Errorf("intake %s without handover consent was exported", in.ID)
		}
	}
	if r, i, s := count(t, v2); r != len(f.residents) || i != len(f.intakes) || s != len(f.intakes) {
		t.Fatalf("second vault holds %d residents, %d intakes, %d statistics", r, i, s)
	}
	if rep, err := v2.Check(); err != nil || !rep.OK() {
		t.Fatalf("check of the second vault: %v %+v", err, rep)
	}
}

// withoutFirstFlags is a statistics record's JSON without its
// first-in-period flags.
func withoutFirstFlags(t *testing.T, s string) string {
	t.Helper()
	var rec intake.StatRecord
	if err := json.Unmarshal([]byte(s), &rec); err != nil {
		t.Fatal(err)
	}
	rec.FirstInMonth, rec.FirstInQuarter, rec.FirstInYear = false, false, false
	j, _ := json.Marshal(rec)
	return string(j)
}

func TestImportTwiceChangesNothing(t *testing.T) {
	f := seed(t, 3)
	office := newIdentity(t)
	data, _ := export(t, f.v, office, ExportOptions{})
	v2 := newVault(t)
	if _, err := importBytes(v2, data, office); err != nil {
		t.Fatal(err)
	}
	before := dump(t, v2)
	got, err := importBytes(v2, data, office)
	if err != nil {
		t.Fatal(err)
	}
	want := ImportResult{Residents: Counts{Skipped: len(f.residents)}, Intakes: Counts{Skipped: len(f.intakes)}}
	if got != want {
		t.Fatalf("second import %+v, want %+v", got, want)
	}
	if after := dump(t, v2); jsonOf(t, after) != jsonOf(t, before) {
		t.Fatal("the second import changed the vault")
	}
	// The exporting vault importing its own bundle changes nothing either.
	before = dump(t, f.v)
	if _, err := importBytes(f.v, data, office); err != nil {
		t.Fatal(err)
	}
	if after := dump(t, f.v); jsonOf(t, after) != jsonOf(t, before) {
		t.Fatal("importing its own bundle changed the exporting vault")
	}
}

func TestNewerWinsOlderSkipped(t *testing.T) {
	f := seed(t, 2)
	office := newIdentity(t)
	old, _ := export(t, f.v, office, ExportOptions{})
	v2 := newVault(t)
	if _, err := importBytes(v2, old, office); err != nil {
		t.Fatal(err)
	}

	// On the first laptop: a later version of one intake and a new phone
	// number for its resident.
	changed := f.intakes[0]
	changed.OwnWords = "NEWER VERSION"
	changed.Updated = changed.Updated.Add(24 * time.Hour)
	saveIntake(t, f.v, changed)
	r := f.residents[0]
	r.Contact = "06-99999999"
	saveResident(t, f.v, r)

	newer, _ := export(t, f.v, office, ExportOptions{})
	got, err := importBytes(v2, newer, office)
	if err != nil {
		t.Fatal(err)
	}
	want := ImportResult{
		Residents: Counts{Updated: 1, Skipped: len(f.residents) - 1},
		Intakes:   Counts{Updated: 1, Skipped: len(f.intakes) - 1},
	}
	if got != want {
		t.Fatalf("import of newer bundle %+v, want %+v", got, want)
	}
	assertIntake(t, v2, changed.ID, "NEWER VERSION")
	assertContact(t, v2, r.ID, "06-99999999")

	// The old bundle again: everything older or equal, all skipped.
	got, err = importBytes(v2, old, office)
	if err != nil {
		t.Fatal(err)
	}
	want = ImportResult{Residents: Counts{Skipped: len(f.residents)}, Intakes: Counts{Skipped: len(f.intakes)}}
	if got != want {
		t.Fatalf("import of older bundle %+v, want %+v", got, want)
	}
	assertIntake(t, v2, changed.ID, "NEWER VERSION")
	assertContact(t, v2, r.ID, "06-99999999")

	// A version edited on the receiving side later than the bundle's wins
	// over the bundle.
	local := changed
	local.OwnWords = "EDITED AT THE OFFICE"
	local.Updated = changed.Updated.Add(time.Hour)
	saveIntake(t, v2, local)
	got, err = importBytes(v2, newer, office)
	if err != nil || got.Intakes.Updated != 0 {
		t.Fatalf("import over a newer local version: %+v %v", got, err)
	}
	assertIntake(t, v2, changed.ID, "EDITED AT THE OFFICE")
}

func assertIntake(t *testing.T, v *store.Vault, id, ownWords string) {
	t.Helper()
	var in intake.Intake
	if err := v.View(func(tx *store.Tx) error { return tx.Get(store.KindIntake, id, &in) }); err != nil {
		t.Fatal(err)
	}
	if in.OwnWords != ownWords {
		t.Fatalf("intake %s has own words %q, want %q", id, in.OwnWords, ownWords)
	}
}

func assertContact(t *testing.T, v *store.Vault, id, contact string) {
	t.Helper()
	var r intake.Resident
	if err := v.View(func(tx *store.Tx) error { return tx.Get(store.KindResident, id, &r) }); err != nil {
		t.Fatal(err)
	}
	if r.Contact != contact {
		t.Fatalf("resident %s has contact %q, want %q", id, r.Contact, contact)
	}
}

// refused asserts that importing data fails with want and that the vault
// is exactly as before.
func refused(t *testing.T, v *store.Vault, data []byte, want error, ids ...age.Identity) {
	t.Helper()
	before := dump(t, v)
	r0, i0, s0 := count(t, v)
	_, err := importBytes(v, data, ids...)
	if !errors.Is(err, want) {
		t.Fatalf("import error %v, want %v", err, want)
	}
	if r, i, s := count(t, v); r != r0 || i != i0 || s != s0 {
		t.Fatalf("records changed after a refused import: %d/%d/%d → %d/%d/%d", r0, i0, s0, r, i, s)
	}
	if jsonOf(t, dump(t, v)) != jsonOf(t, before) {
		t.Fatal("the vault changed after a refused import")
	}
}

func TestTamperedBundleRefused(t *testing.T) {
	f := seed(t, 3)
	office := newIdentity(t)
	data, _ := export(t, f.v, office, ExportOptions{})
	v2 := newVault(t)
	saveResident(t, v2, newResident(99)) // something to keep

	hdrEnd := bytes.Index(data, []byte("\n--- ")) + 1
	positions := map[string]int{
		"header MAC":     hdrEnd + 10,
		"stream nonce":   bytes.IndexByte(data[hdrEnd:], '\n') + hdrEnd + 3,
		"payload middle": len(data) / 2,
		"tag of the end": len(data) - 1,
	}
	for name, pos := range positions {
		t.Run(name, func(t *testing.T) {
			bad := bytes.Clone(data)
			bad[pos] ^= 0x01
			refused(t, v2, bad, ErrDamaged, office)
		})
	}
	t.Run("recipient stanza", func(t *testing.T) {
		// A flipped byte in the wrapped file key: no identity opens it.
		bad := bytes.Clone(data)
		pos := bytes.Index(bad, []byte("-> X25519 ")) + len("-> X25519 ") + 50
		bad[pos] ^= 0x01
		// Which of the two depends on the random key: the flipped byte
		// may leave the stanza's base64 invalid (damaged) or not.
		_, err := importBytes(v2, bad, office)
		want := ErrWrongIdentity
		if errors.Is(err, ErrDamaged) {
			want = ErrDamaged
		}
		refused(t, v2, bad, want, office)
	})
	t.Run("every 97th byte", func(t *testing.T) {
		for pos := len("age-encryption.org/v1\n"); pos < len(data); pos += 97 {
			bad := bytes.Clone(data)
			bad[pos] ^= 0x80
			if _, err := Open(bytes.NewReader(bad), office); err == nil {
				t.Fatalf("a flipped byte at %d was not noticed", pos)
			}
		}
	})
}

func TestTruncatedBundleRefused(t *testing.T) {
	f := seed(t, 2)
	office := newIdentity(t)
	data, _ := export(t, f.v, office, ExportOptions{})
	v2 := newVault(t)
	for _, n := range []int{len(data) - 1, len(data) - 17, len(data) / 2, 200, 100} {
		refused(t, v2, data[:n], ErrDamaged, office)
	}
	refused(t, v2, data[:10], ErrNotBundle, office)
	refused(t, v2, nil, ErrNotBundle, office)
	// Appended bytes break the final chunk's authentication too.
	refused(t, v2, append(bytes.Clone(data), 0), ErrDamaged, office)
}

func TestWrongIdentityRefused(t *testing.T) {
	f := seed(t, 2)
	data, _ := export(t, f.v, newIdentity(t), ExportOptions{})
	refused(t, newVault(t), data, ErrWrongIdentity, newIdentity(t))
}

func TestForeignFilesRefused(t *testing.T) {
	office := newIdentity(t)
	encrypt := func(plain string) []byte {
		var buf bytes.Buffer
		w, err := Encrypt(&buf, office.Recipient())
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.WriteString(w, plain)
		_ = w.Close()
		return buf.Bytes()
	}
	v := newVault(t)
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"plain text", []byte("hello, this is not a bundle\n"), ErrNotBundle},
		{"age file with other content", encrypt("just some notes\n"), ErrNotBundle},
		{"age file with other JSON", encrypt(`{"magic":"something-else","version":1}` + "\n"), ErrNotBundle},
		{"age file, empty", encrypt(""), ErrNotBundle},
		{"a newer bundle version", encrypt(`{"magic":"spreekuur-bundle","version":3,"future":true}` + "\n"), ErrUnsupportedVersion},
		{"header only", encrypt(validHeader + "\n"), ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { refused(t, v, tt.data, tt.want, office) })
	}
}

func TestExportingVaultCannotRead(t *testing.T) {
	f := seed(t, 2)
	office := newIdentity(t)
	data, _ := export(t, f.v, office, ExportOptions{})
	for _, in := range f.intakes {
		for _, s := range []string{in.OwnWords, in.ID, in.ResidentID, "spreekuur-bundle"} {
			if bytes.Contains(data, []byte(s)) {
				t.Fatalf("the encrypted bundle contains %q in the clear", s)
			}
		}
	}
	// The only key the laptop could try is its own: nothing opens it
	// without the office's identity.
	if _, err := Open(bytes.NewReader(data), newIdentity(t)); !errors.Is(err, ErrWrongIdentity) {
		t.Fatalf("opened without the office identity: %v", err)
	}
	b, err := Open(bytes.NewReader(data), office)
	if err != nil || !strings.Contains(b.Intakes[0].OwnWords, "MARKER-") {
		t.Fatalf("the office cannot read it: %v", err)
	}
}

func TestSinceLast(t *testing.T) {
	f := seed(t, 3)
	office := newIdentity(t)
	first := t0.Add(time.Hour)
	_, res := export(t, f.v, office, ExportOptions{SinceLast: true, Now: first})
	if res.Header.Intakes != len(f.intakes) || !res.Header.Since.IsZero() {
		t.Fatalf("first since-last export: %+v", res.Header)
	}
	// Not recorded yet (the file was not written): the same again.
	_, res = export(t, f.v, office, ExportOptions{SinceLast: true, Now: first})
	if res.Header.Intakes != len(f.intakes) {
		t.Fatalf("an unrecorded export counted: %+v", res.Header)
	}
	if err := MarkExported(f.v, res); err != nil {
		t.Fatal(err)
	}
	if last, err := LastExport(f.v, office.Recipient()); err != nil || !last.Equal(first) {
		t.Fatalf("LastExport = %v, %v", last, err)
	}
	if _, err := Export(f.v, io.Discard, ExportOptions{To: office.Recipient(), SinceLast: true}); !errors.Is(err, ErrNothingToExport) {
		t.Fatalf("nothing changed, but: %v", err)
	}

	// One intake changes, one is new.
	changed := f.intakes[1]
	changed.Updated = first.Add(time.Minute)
	changed.OwnWords = "changed"
	saveIntake(t, f.v, changed)
	added := newIntake(f.residents[2], true, "new", first.Add(2*time.Minute))
	saveIntake(t, f.v, added)

	data, res := export(t, f.v, office, ExportOptions{SinceLast: true, Now: first.Add(time.Hour)})
	if res.Header.Selection != SelectChanged || !res.Header.Since.Equal(first) {
		t.Fatalf("header %+v", res.Header)
	}
	b, err := Open(bytes.NewReader(data), office)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, in := range b.Intakes {
		ids = append(ids, in.ID)
	}
	want := []string{changed.ID, added.ID}
	sort.Strings(want)
	if strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Fatalf("since-last exported %v, want %v", ids, want)
	}
	// Their residents come along, no others.
	if len(b.Residents) != 2 {
		t.Fatalf("since-last exported %d residents, want 2", len(b.Residents))
	}
	// Another recipient has its own last export: everything.
	_, res = export(t, f.v, newIdentity(t), ExportOptions{SinceLast: true})
	if res.Header.Intakes != len(f.intakes)+1 {
		t.Fatalf("other recipient: %+v", res.Header)
	}
}

func TestExportOneResident(t *testing.T) {
	f := seed(t, 3)
	colleague := newIdentity(t)
	r := f.residents[1]
	data, res := export(t, f.v, colleague, ExportOptions{Resident: r.ID})
	b, err := Open(bytes.NewReader(data), colleague)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Residents) != 1 || b.Residents[0].Resident.ID != r.ID || res.Header.Selection != SelectResident {
		t.Fatalf("residents %+v", b.Residents)
	}
	if len(b.Intakes) != 2 {
		t.Fatalf("%d intakes, want 2", len(b.Intakes))
	}
	for _, in := range b.Intakes {
		if in.ResidentID != r.ID {
			t.Fatalf("intake of another resident: %s", in.ResidentID)
		}
	}
	// A handover is not an export to the office: since-last is unaffected.
	if err := MarkExported(f.v, res); err != nil {
		t.Fatal(err)
	}
	if last, _ := LastExport(f.v, colleague.Recipient()); !last.IsZero() {
		t.Fatal("a resident handover was recorded as the last export")
	}
	// Resident 0 has one intake without handover consent: only one goes.
	_, res = export(t, f.v, colleague, ExportOptions{Resident: f.residents[0].ID})
	if res.Header.Intakes != 1 || res.LeftOut != 1 {
		t.Fatalf("resident 0: %+v, left out %d", res.Header, res.LeftOut)
	}
	for _, id := range []string{"0123456789abcdef0123456789abcdef", "../x", ""[0:0] + "short"} {
		if _, err := Export(f.v, io.Discard, ExportOptions{To: colleague.Recipient(), Resident: id}); !errors.Is(err, ErrUnknownResident) {
			t.Fatalf("resident %q: %v", id, err)
		}
	}
}

func TestRolesRefused(t *testing.T) {
	f := seed(t, 1)
	for _, role := range []store.Role{store.RoleCoordinator, store.RoleKompaan} {
		if err := f.v.AddUser(string(role)+" user", role, []byte(testPass+string(role))); err != nil {
			t.Fatal(err)
		}
	}
	office := newIdentity(t)
	data, _ := export(t, f.v, office, ExportOptions{})
	for role, want := range map[store.Role]error{store.RoleCoordinator: store.ErrNoAccess, store.RoleKompaan: store.ErrNotPermitted} {
		if err := f.v.Unlock(string(role)+" user", []byte(testPass+string(role))); err != nil {
			t.Fatal(err)
		}
		if _, err := Export(f.v, io.Discard, ExportOptions{To: office.Recipient()}); !errors.Is(err, want) {
			t.Errorf("%s export: %v, want %v", role, err, want)
		}
		if _, err := importBytes(f.v, data, office); !errors.Is(err, want) {
			t.Errorf("%s import: %v, want %v", role, err, want)
		}
	}
	f.v.Lock()
	if _, err := Export(f.v, io.Discard, ExportOptions{To: office.Recipient()}); !errors.Is(err, store.ErrLocked) {
		t.Errorf("locked export: %v", err)
	}
}

func TestParseRecipientAndIdentities(t *testing.T) {
	id := newIdentity(t)
	if _, err := ParseRecipient("  " + id.Recipient().String() + "\n"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"", "age1", "hello", id.String(), strings.ToUpper(id.Recipient().String())[:20]} {
		if _, err := ParseRecipient(s); !errors.Is(err, ErrBadRecipient) || strings.Contains(err.Error(), "AGE-SECRET") {
			t.Errorf("ParseRecipient(%.12q…) = %v", s, err)
		}
	}
	ids, err := ParseIdentities(strings.NewReader("# created: test\n# public key: x\n" + id.String() + "\n"))
	if err != nil || len(ids) != 1 {
		t.Fatalf("ParseIdentities: %v", err)
	}
	for _, s := range []string{"", "# only a comment\n", "AGE-SECRET-KEY-1XYZ\n", id.Recipient().String(), strings.Repeat("#", maxIdentityFile+10)} {
		_, err := ParseIdentities(strings.NewReader(s))
		if !errors.Is(err, ErrBadIdentity) || strings.Contains(err.Error(), "AGE-SECRET-KEY-1XYZ") {
			t.Errorf("ParseIdentities(%.12q…) = %v", s, err)
		}
	}
}
