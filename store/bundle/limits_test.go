package bundle

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"
)

// setLimits lowers the bundle's limits for one test.
func setLimits(t *testing.T, plaintext int64, records int) {
	t.Helper()
	oldP, oldR := maxPlaintext, maxRecords
	maxPlaintext, maxRecords = plaintext, records
	t.Cleanup(func() { maxPlaintext, maxRecords = oldP, oldR })
}

// TestExportTooLarge: a selection with more records than one bundle may
// hold is refused by Plan and by Export, with ErrTooLarge and before a
// byte is written: the office could not import it. One record fewer and
// it is written, and imported.
func TestExportTooLarge(t *testing.T) {
	f := seed(t, 3) // 3 residents, 4 intakes with consent to hand over
	id := newIdentity(t)
	n := len(f.residents) + len(f.intakes)
	setLimits(t, MaxPlaintext, n-1)
	if _, err := Plan(f.v, ExportOptions{To: id.Recipient()}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Plan of %d records at most %d: %v, want ErrTooLarge", n, n-1, err)
	}
	var buf bytes.Buffer
	if _, err := Export(f.v, &buf, ExportOptions{To: id.Recipient()}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Export of %d records at most %d: %v, want ErrTooLarge", n, n-1, err)
	}
	if buf.Len() != 0 {
		t.Fatalf("Export wrote %d bytes of a bundle it refused", buf.Len())
	}
	setLimits(t, MaxPlaintext, n)
	if _, err := Plan(f.v, ExportOptions{To: id.Recipient()}); err != nil {
		t.Fatalf("Plan of %d records at most %d: %v", n, n, err)
	}
	data, _ := export(t, f.v, id, ExportOptions{})
	to := newVault(t)
	res, err := importBytes(to, data, id)
	if err != nil || res.Intakes.Added != len(f.intakes) {
		t.Fatalf("import of a bundle at the limit: %+v, %v", res, err)
	}
}

// TestEncoderKeepsToThePlaintextLimit: the encoder writes a bundle of
// exactly maxPlaintext bytes, which Decode takes; with a limit one byte
// lower it refuses it with ErrTooLarge, as Decode refuses the bundle
// it wrote before. Encoder and decoder agree where the limit lies.
func TestEncoderKeepsToThePlaintextLimit(t *testing.T) {
	whole := plainBundle(t)
	setLimits(t, int64(len(whole)), MaxRecords)
	if again := plainBundle(t); len(again) != len(whole) { // new IDs, of the same length
		t.Fatalf("a bundle like it is %d bytes, not %d", len(again), len(whole))
	}
	if _, err := Decode(bytes.NewReader(whole)); err != nil {
		t.Fatalf("Decode of a bundle of exactly the limit: %v", err)
	}
	setLimits(t, int64(len(whole))-1, MaxRecords)
	if _, err := Decode(bytes.NewReader(whole)); !errors.Is(err, ErrMalformed) {
		t.Fatalf("Decode of a bundle one byte over the limit: %v, want ErrMalformed", err)
	}
	var buf bytes.Buffer
	enc, err := NewEncoder(&buf, Header{Created: t0, Source: "0123456789abcdef", Selection: SelectAll, Residents: 1, Intakes: 1})
	if err != nil {
		t.Fatal(err)
	}
	r := newResident(1)
	err = errors.Join(enc.Resident(r, t0), enc.Intake(newIntake(r, true, "MARKER-plain", t0)), enc.Close())
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("encoding a bundle one byte over the limit: %v, want ErrTooLarge", err)
	}
	if int64(buf.Len()) > maxPlaintext {
		t.Fatalf("the encoder wrote %d bytes, the limit is %d", buf.Len(), maxPlaintext)
	}
}

// TestExportKeepsToThePlaintextLimit: an export (the stored records'
// plaintext, written as they are) stops with ErrTooLarge when its
// plaintext would pass the limit by a byte, and is written whole at the
// limit.
func TestExportKeepsToThePlaintextLimit(t *testing.T) {
	f := seed(t, 3)
	id := newIdentity(t)
	// One moment for every export: the header's time is written with as
	// many digits as it needs, so the length would vary with the clock.
	at := t0.Add(48*time.Hour + 120*time.Millisecond)
	data, _ := export(t, f.v, id, ExportOptions{Now: at})
	plain, err := decrypt(bytes.NewReader(data), id)
	if err != nil {
		t.Fatal(err)
	}
	all, err := io.ReadAll(plain)
	if err != nil {
		t.Fatal(err)
	}
	setLimits(t, int64(len(all))-1, MaxRecords)
	var buf bytes.Buffer
	if _, err := Export(f.v, &buf, ExportOptions{To: id.Recipient(), Now: at}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Export of %d bytes of plaintext, at most %d: %v, want ErrTooLarge", len(all), maxPlaintext, err)
	}
	setLimits(t, int64(len(all)), MaxRecords)
	if _, err := Export(f.v, &buf, ExportOptions{To: id.Recipient(), Now: at}); err != nil {
		t.Fatalf("Export of %d bytes of plaintext, at most as many: %v", len(all), err)
	}
}

// TestNewEncoderRefusesTooManyRecords: a header that promises more
// records than a bundle holds is refused with ErrTooLarge, and nothing is
// written.
func TestNewEncoderRefusesTooManyRecords(t *testing.T) {
	var buf bytes.Buffer
	_, err := NewEncoder(&buf, Header{Created: t0, Source: "0123456789abcdef", Selection: SelectAll, Residents: MaxRecords, Intakes: 1})
	if !errors.Is(err, ErrTooLarge) || buf.Len() != 0 {
		t.Fatalf("NewEncoder of %d records: %v, %d bytes written; want ErrTooLarge and none", MaxRecords+1, err, buf.Len())
	}
	if _, err := NewEncoder(&buf, Header{Created: t0, Source: "0123456789abcdef", Selection: SelectAll, Residents: MaxRecords - 1, Intakes: 1}); err != nil {
		t.Fatalf("NewEncoder of %d records: %v", MaxRecords, err)
	}
}
