package session_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
)

// The office loop's speed (issue 16: a handover of 10,000 intakes in
// under 3 s, its import in under 5 s, with progress), through the same
// session calls as the app's screens and the CLI: Handover (select,
// encrypt, sign, write FILE and FILE.minisig, progress), OpenBundle
// (signature over the file, decrypt, verify, decode, count what an
// import would do) and Import (one transaction, progress).
//
//	go test -run '^$' -bench 'Office' -benchtime 3x -count 5 ./session/
//
// SPREEKUUR_BENCH_INTAKES sets the size (default 10,000).

func benchIntakes(b *testing.B) int {
	if s := os.Getenv("SPREEKUUR_BENCH_INTAKES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("SPREEKUUR_BENCH_INTAKES=%q", s)
		}
		return n
	}
	return 10_000
}

// officeBench is a laptop with n intakes (of n/2 residents, with notes and
// a scan, consent to hand over) and an office that registered it.
type officeBench struct {
	laptop, office *session.Session
	officeVault    *store.Vault
	dir            string
}

func newOfficeBench(t testing.TB, n int) officeBench {
	t.Helper()
	at := now.Add(-24 * time.Hour)
	laptop, lv := sessiontest.Vault(t, "anna", "nl", clock)
	office, ov := sessiontest.Vault(t, "kantoor", "nl", clock)
	cat := intake.DefaultCatalogue()
	err := lv.Update(func(tx *store.Tx) error {
		var r intake.Resident
		for i := range n {
			if i%2 == 0 {
				r = intake.NewResident(fmt.Sprintf("Bewoner %d", i), at)
				if err := tx.Put(store.KindResident, r.ID, r); err != nil {
					return err
				}
			}
			in := intake.NewIntake(at)
			in.ResidentID, in.Status = r.ID, intake.StatusOpen
			in.Location, in.Route = cat.Locations[0].Code, cat.Routes[0].Code
			in.OwnWords = fmt.Sprintf("Ik krijg steeds brieven die ik niet begrijp (%d).", i)
			in.Scan = map[intake.DomainCode]intake.Scale{cat.Domains[0].Code: intake.Worries, cat.Domains[1].Code: intake.Urgent}
			in.ClarifiedQuestion = "Mijn vraag is: wie helpt mij met mijn post?"
			in.Notes = []intake.Note{{Author: "anna", Role: intake.RoleSupporter, At: at, Text: "notitie bij het gesprek"}}
			in.Consent = intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes, intake.ScopeHandover}, At: at}
			if err := tx.SaveIntake(in, cat, at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	officeSet, err := office.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := laptop.SetOffice(officeSet.Recipient); err != nil {
		t.Fatal(err)
	}
	pub, _, err := laptop.LaptopSelf()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := office.AddLaptop("Laptop Anna", string(pub)); err != nil {
		t.Fatal(err)
	}
	return officeBench{laptop: laptop, office: office, officeVault: ov, dir: t.TempDir()}
}

// handover writes every intake into a new file, with progress; it
// returns the file.
func (ob officeBench) handover(t testing.TB, n int) string {
	t.Helper()
	last := 0
	res, err := ob.laptop.Handover(session.HandoverRequest{Path: filepath.Join(ob.dir, fmt.Sprintf("b%d.age", time.Now().UnixNano())),
		Progress: func(done, total int) { last = done }})
	if err != nil || res.Intakes != n || last != n {
		t.Fatalf("handover: %+v (progress %d) %v", res, last, err)
	}
	return res.Path
}

// importInto checks, counts and imports the file into v's session, with
// progress; every intake must be new.
func importInto(t testing.TB, s *session.Session, file, keyFile string, n int) (open, merge time.Duration) {
	t.Helper()
	var read int64
	start := time.Now()
	in, err := s.OpenBundle(file, keyFile, func(done, total int64) { read = done })
	if err != nil || in.Preview.Intakes.Added != n || read == 0 {
		t.Fatalf("open: %+v (read %d) %v", in, read, err)
	}
	open = time.Since(start)
	merged := 0
	start = time.Now()
	res, err := s.Import(in, func(done, total int) { merged = done })
	if err != nil || res.Intakes.Added != n || merged != n+n/2+n%2 {
		t.Fatalf("import: %+v (progress %d) %v", res, merged, err)
	}
	return open, time.Since(start)
}

func BenchmarkOfficeHandover(b *testing.B) {
	n := benchIntakes(b)
	ob := newOfficeBench(b, n)
	var size int64
	b.ResetTimer()
	for b.Loop() {
		file := ob.handover(b, n)
		b.StopTimer()
		if fi, err := os.Stat(file); err == nil {
			size = fi.Size()
		}
		_ = os.Remove(file)
		_ = os.Remove(session.SignaturePath(file))
		b.StartTimer()
	}
	b.ReportMetric(float64(size)/1e6, "MB/bundle")
}

func BenchmarkOfficeImport(b *testing.B) {
	n := benchIntakes(b)
	ob := newOfficeBench(b, n)
	// The office's key in a file, as `age-keygen` makes it: each round
	// imports into a new, empty office vault.
	id, err := age.GenerateX25519Identity()
	if err != nil {
		b.Fatal(err)
	}
	keyFile := filepath.Join(ob.dir, "office-key.txt")
	if err := os.WriteFile(keyFile, []byte(id.String()+"\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	if _, err := ob.laptop.SetOffice(id.Recipient().String()); err != nil {
		b.Fatal(err)
	}
	file := ob.handover(b, n)
	pub, _, err := ob.laptop.LaptopSelf()
	if err != nil {
		b.Fatal(err)
	}
	var open, merge, cpu time.Duration
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		office, _ := sessiontest.Vault(b, "kantoor", "nl", clock) // empty each time, not timed
		if _, err := office.AddLaptop("Laptop Anna", string(pub)); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c0 := cpuTime()
		o, m := importInto(b, office, file, keyFile, n)
		open, merge, cpu = open+o, merge+m, cpu+cpuTime()-c0
	}
	// The two steps the import screen shows: checking (signature, decrypt,
	// count) and reading in (one transaction).
	b.ReportMetric(open.Seconds()/float64(b.N), "s-open/op")
	b.ReportMetric(merge.Seconds()/float64(b.N), "s-merge/op")
	// Processor time of the whole import (all threads): the machine's
	// other load inflates it far less than the wall time.
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// TestOfficeBenchSmall runs the benchmarks' steps at a small size, so
// `make test` shows they still work (they measure, never assert a time).
func TestOfficeBenchSmall(t *testing.T) {
	const n = 41
	ob := newOfficeBench(t, n)
	file := ob.handover(t, n)
	if open, merge := importInto(t, ob.office, file, "", n); open <= 0 || merge <= 0 {
		t.Fatalf("times %v %v", open, merge)
	}
}
