package main

// Benchmarks of the whole app on vaults made by the demo generator, at
// 1,000, 10,000 and 100,000 residents (each resident has about 1.27
// intakes). They run only under -bench; the vault fixtures are made once
// and cached (see demoFixture), with cheap Argon2 parameters — the default
// KDF is measured on its own by store.BenchmarkKDFDefault.
// docs/PERFORMANCE.md reports the figures and how to rerun them.

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/demo"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/statistics"
	"github.com/spreekuur/spreekuur/tui/app"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/home"
)

// benchNow is the fixed "now" of the fixtures, so a cached fixture is the
// same on every run.
var benchNow = time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC)

// benchSizes are the fixtures' residents: 1,000, 10,000 and 100,000, or
// the comma-separated counts of $SPREEKUUR_BENCH_SIZES (make bench-smoke
// runs every benchmark here once at a small size).
var benchSizes = func() []int {
	env := os.Getenv("SPREEKUUR_BENCH_SIZES")
	if env == "" {
		return []int{1000, 10000, 100000}
	}
	var out []int
	for _, f := range strings.Split(env, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			panic(fmt.Sprintf("SPREEKUUR_BENCH_SIZES=%q: not a list of counts", env))
		}
		out = append(out, n)
	}
	return out
}()

// firstSizes are at most the first two sizes (the benchmarks that skip
// the largest).
func firstSizes() []int { return benchSizes[:min(2, len(benchSizes))] }

// demoFixture returns a vault with n demo residents (seed 1, user Anna,
// passphrase annaPass, cheap KDF), compacted as the demo command leaves
// it. It is made once and kept in $SPREEKUUR_BENCH_CACHE or the user's
// cache directory, keyed by the generator version; a fixture that no
// longer opens, or whose statistics records no longer decode, is made
// again. Do not write to it: copy it first (copyFixture).
func demoFixture(b *testing.B, n int) string { return fixture(b, n, true) }

// scatteredFixture is demoFixture as filled, not compacted: every
// bucket's pages spread over the file, as in a vault that has taken many
// imports (BenchmarkFirstRead).
func scatteredFixture(b *testing.B, n int) string { return fixture(b, n, false) }

// errFixtureOK stops the look at a fixture's first statistics record.
var errFixtureOK = errors.New("fixture ok")

func fixture(b *testing.B, n int, compact bool) string {
	b.Helper()
	dir := os.Getenv("SPREEKUUR_BENCH_CACHE")
	if dir == "" {
		c, err := os.UserCacheDir()
		if err != nil {
			c = os.TempDir()
		}
		dir = filepath.Join(c, "spreekuur-bench")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	layout := "scattered"
	if compact {
		layout = "compact"
	}
	path := filepath.Join(dir, fmt.Sprintf("demo-v%d-stat%d-f%d-%s-seed1-r%d.db", demo.Version, intake.StatVersion, store.CurrentFormat(), layout, n))
	// cheapKDF: a slot sealed again at an unlock (an older slot payload)
	// keeps the cheap parameters, not the default Argon2id's.
	if v, err := store.Open(path, store.Options{KDF: cheapKDF}); err == nil {
		err = v.Unlock("", []byte(annaPass))
		if err == nil { // statistics records in today's encoding (binary since StatRecord.MarshalBinary)
			err = v.View(func(tx *store.Tx) error {
				return tx.ForEachStat(func(intake.StatRecord) error { return errFixtureOK })
			})
			if errors.Is(err, errFixtureOK) {
				err = nil
			}
		}
		_ = v.Close()
		if err == nil {
			return path
		}
	}
	_ = os.Remove(path)
	tmp := fmt.Sprintf("%s.tmp-%d", path, os.Getpid())
	_ = os.Remove(tmp)
	t0 := time.Now()
	var v *store.Vault
	if compact {
		// The compacted fixture is the scattered one compacted (filling
		// takes minutes at 100,000 residents): a copy, opened and compacted.
		scattered := fixture(b, n, false)
		if err := copyFile(tmp, scattered); err != nil {
			b.Fatal(err)
		}
		v = openBench(b, tmp)
	} else {
		var err error
		v, _, err = store.Create(tmp, "Anna", store.RoleSupporter, []byte(annaPass), store.Options{KDF: cheapKDF})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := fillDemo(v, intake.DefaultCatalogue(), 1, n, benchNow, nil); err != nil {
			b.Fatal(err)
		}
	}
	if compact {
		if err := compactDemo(v, true); err != nil { // as the demo command leaves it
			b.Fatal(err)
		}
	}
	if err := v.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	b.Logf("made fixture %s in %s", path, time.Since(t0).Round(time.Millisecond))
	return path
}

// copyFixture copies a fixture into the benchmark's temp dir, for
// benchmarks that write.
func copyFixture(b *testing.B, src string) string {
	b.Helper()
	dst := filepath.Join(b.TempDir(), "v.db")
	if err := copyFile(dst, src); err != nil {
		b.Fatal(err)
	}
	return dst
}

// copyFile copies src to a new file dst and syncs it: on disk before it is
// used, else the first commit on the copy (home writes a search to the
// access log) waits for the whole copy to be written back, 700 MB at
// 100,000 residents, and that is timed.
func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

func openBench(b *testing.B, path string) *store.Vault {
	b.Helper()
	v, err := store.Open(path, store.Options{KDF: cheapKDF}) // as in demoFixture
	if err != nil {
		b.Fatal(err)
	}
	if err := v.Unlock("", []byte(annaPass)); err != nil {
		b.Fatal(err)
	}
	return v
}

// startApp runs the app's start command the way the Bubble Tea runtime
// would (a batch runs each command) and feeds the messages back. The
// commands the app gives back are returned, not run: home's filter
// entries, made after the list is on screen (finishApp).
func startApp(a *app.App, cmd tea.Cmd) (later []tea.Cmd) {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		for _, c := range batch {
			later = append(later, startApp(a, c)...)
		}
		return later
	}
	if _, next := a.Update(msg); next != nil {
		later = append(later, next)
	}
	return later
}

// finishApp runs what startApp left, and what that gives back, to the end.
func finishApp(a *app.App, cmds []tea.Cmd) {
	for len(cmds) > 0 {
		c := cmds[0]
		cmds = append(cmds[1:], startApp(a, c)...)
	}
}

// finishAppTimed is finishApp that tells when the last message other
// than the keeping of home's first screen was taken (the filter works
// then) and when that first screen was kept (zero: it was not).
func finishAppTimed(a *app.App, cmds []tea.Cmd) (worked, kept time.Time) {
	for len(cmds) > 0 {
		c := cmds[0]
		cmds = cmds[1:]
		if c == nil {
			continue
		}
		msg := c()
		if batch, ok := msg.(tea.BatchMsg); ok {
			cmds = append(cmds, batch...)
			continue
		}
		_, next := a.Update(msg)
		if _, ok := msg.(home.KeepMsg); ok {
			kept = time.Now()
		} else {
			worked = time.Now()
		}
		if next != nil {
			cmds = append(cmds, next)
		}
	}
	return worked, kept
}

// percentile is the p-th percentile of d (times, or any figures).
func percentile[T cmp.Ordered](d []T, p int) T {
	if len(d) == 0 {
		var zero T
		return zero
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// BenchmarkHomeReady is unlock to a usable home screen: open the vault file,
// unlock (cheap KDF: the default Argon2id comes on top, see
// store.BenchmarkKDFDefault), home's first screen drawn. first=whole
// reads every resident and intake header, builds the rows and draws the
// first screen (the first unlock after the residents or intakes changed,
// or a week after the last: each round is a week later); first=kept draws the
// first screen kept at the last load (session.HomeList) and reads the
// whole list behind it; first=saved is first=kept after a save of an
// intake before each round (the save keeps that screen up to date). It
// reports the median of open+unlock and of the
// home part separately, of the time until the filter works too
// (filter-ms: the rows' filter entries come after the first screen, and
// after the whole list), of the time until the whole list's first
// screen is kept (kept-ms, first=whole: after the filter entries), the
// vault's size per intake and the counts.
func BenchmarkHomeReady(b *testing.B) {
	for _, n := range benchSizes {
		for _, first := range []string{"whole", "kept", "saved"} {
			b.Run(fmt.Sprintf("residents=%d/first=%s", n, first), func(b *testing.B) {
				// A copy: reading the home list writes a search to the
				// access log, and keeps its first screen.
				path := copyFixture(b, demoFixture(b, n))
				cat := intake.DefaultCatalogue()
				day := 0
				newApp := func(v *store.Vault) *app.App {
					now := func() time.Time { return benchNow.AddDate(0, 0, day) }
					return app.New(app.Options{Session: session.New(session.FromVault(v, cat, now), cat, now, "nl"), LockAfter: -1, Now: now})
				}
				var save func(v *store.Vault)
				if first != "whole" {
					v := openBench(b, path)
					keepFirstScreenIn(b, newApp(v), v)
					if first == "saved" {
						save = saveOne(b, v, cat)
						save(v)
					}
					_ = v.Close()
				}
				var unlock, home, filter, keep []time.Duration
				for b.Loop() {
					if first == "whole" {
						day += session.HomeListDays // past the week of the first screen kept the round before
					}
					t0 := time.Now()
					v := openBench(b, path)
					t1 := time.Now()
					a := newApp(v)
					later := startApp(a, a.Start())
					view := a.View()
					t2 := time.Now()
					t3, kept := finishAppTimed(a, later)
					if !kept.IsZero() {
						keep = append(keep, kept.Sub(t1))
					}
					if !strings.Contains(view.Content, demo.Suffix) {
						b.Fatalf("home shows no demo resident:\n%s", view.Content)
					}
					unlock, home, filter = append(unlock, t1.Sub(t0)), append(home, t2.Sub(t1)), append(filter, t3.Sub(t1))
					if save != nil {
						save(v)
					}
					_ = v.Close()
				}
				b.ReportMetric(ms(percentile(unlock, 50)), "open+unlock-ms")
				b.ReportMetric(ms(percentile(home, 50)), "home-ms")
				b.ReportMetric(ms(percentile(filter, 50)), "filter-ms")
				if len(keep) > 0 {
					b.ReportMetric(ms(percentile(keep, 50)), "kept-ms")
				}
				reportSize(b, path)
			})
		}
	}
}

// firstScreenKept reads home's kept first screen of v into hl; an error
// when none is kept or it is not of the vault as it is.
func firstScreenKept(v *store.Vault, hl *session.HomeList) error {
	kept, now, err := v.HomeList(hl)
	if err == nil && kept != now {
		err = errors.New("the kept first screen is of an older state")
	}
	return err
}

// keepFirstScreenIn starts a on v, whose home keeps its first screen.
func keepFirstScreenIn(b *testing.B, a *app.App, v *store.Vault) {
	finishApp(a, startApp(a, a.Start()))
	if err := firstScreenKept(v, &session.HomeList{}); err != nil {
		b.Fatalf("no first screen kept: %v", err)
	}
}

// saveOne returns a save of one of v's open intakes, another each call,
// each with a new scan answer, as a step save is; it fails b when the
// save does not keep home's first screen (session.HomeList.AfterSave).
func saveOne(b *testing.B, v *store.Vault, cat *intake.Catalogue) func(v *store.Vault) {
	pool := openIntakes(b, v)
	i := 0
	return func(v *store.Vault) {
		in := &pool[i%len(pool)]
		in.SetScan(cat.Domains[i%len(cat.Domains)].Code, intake.Scale(1+i%5))
		in.Updated = in.Updated.Add(time.Second)
		i++
		if err := session.FromVault(v, cat, func() time.Time { return benchNow }).SaveIntake(*in); err != nil {
			b.Fatal(err)
		}
		if err := firstScreenKept(v, &session.HomeList{}); err != nil {
			b.Fatalf("the save did not keep the first screen: %v", err)
		}
	}
}

// BenchmarkAgendaReady is unlock to the agenda on screen ("deze week",
// the first screen after unlocking when anything is due): the app's start
// on an unlocked vault until its first view is drawn (agenda-ready-ms),
// and, measured apart on the same vault, its two parts: reading the
// overview (every resident and intake header: decrypt and decode) and
// building the list and the agenda from it (intake.Header.Agenda of every
// header, the filter keys). Medians; agenda-cpu-ms is the processor time
// of the app's start (all threads: more than the wall time when the
// headers are decoded in parallel, and less inflated by other load);
// agenda-items is the agenda's length.
func BenchmarkAgendaReady(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("residents=%d", n), func(b *testing.B) {
			path := demoFixture(b, n)
			cat := intake.DefaultCatalogue()
			now := func() time.Time { return benchNow }
			var load, build, ready, cpu []time.Duration
			items := 0
			for b.Loop() {
				v := openBench(b, path)
				sess := session.New(session.FromVault(v, cat, now), cat, now, "nl")
				c0, t0 := cpuTime(), time.Now()
				a := app.New(app.Options{Session: sess, LockAfter: -1, Now: now})
				startApp(a, a.Start())
				out := a.View().Content
				ready, cpu = append(ready, time.Since(t0)), append(cpu, cpuTime()-c0)

				ctx := common.NewContext(sess, common.NewTheme(true, false, true), "nl", now)
				t1 := time.Now()
				ov, err := sess.Overview()
				if err != nil {
					b.Fatal(err)
				}
				t2 := time.Now()
				lists := home.Build(ctx, ov)
				load, build = append(load, t2.Sub(t1)), append(build, time.Since(t2))
				items = len(lists.Agenda)
				if items > 0 && !strings.Contains(out, "deze week") {
					b.Fatalf("the agenda is not the first screen:\n%s", out)
				}
				_ = v.Close()
			}
			b.ReportMetric(ms(percentile(ready, 50)), "agenda-ready-ms")
			b.ReportMetric(ms(percentile(cpu, 50)), "agenda-cpu-ms")
			b.ReportMetric(ms(percentile(load, 50)), "overview-ms")
			b.ReportMetric(ms(percentile(build, 50)), "build-ms")
			b.ReportMetric(float64(items), "agenda-items")
		})
	}
}

// reportSize reports the fixture's file size per intake and its counts.
func reportSize(b *testing.B, path string) {
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	v := openBench(b, path)
	defer v.Close()
	var residents, intakes int
	_ = v.View(func(tx *store.Tx) error {
		residents, intakes = tx.Count(store.KindResident), tx.Count(store.KindIntake)
		return nil
	})
	b.ReportMetric(float64(intakes), "intakes")
	b.ReportMetric(float64(fi.Size())/float64(intakes), "file-B/intake")
	_ = residents
}

// BenchmarkStepSave is saving one step of an intake the way the app does
// (the session's store: seal the intake and its
// statistics record, commit with fsync), on a copy of the demo vault.
// It reports the median and the 99th percentile.
func BenchmarkStepSave(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("residents=%d", n), func(b *testing.B) {
			stepSaves(b, copyFixture(b, demoFixture(b, n)), false, false, false)
		})
	}
}

// BenchmarkStepSaveLogged is BenchmarkStepSave with the access log on, at
// its worst: the vault's log already holds about ten entries per intake
// (a year of use, logFilled) and every save writes an entry in its own
// transaction — the app writes one only for the first change in each step.
//
// home=kept: with home's first screen kept, which each save keeps up to
// date: what that costs a save. A scan answer changes nothing home shows
// (only the list's stamp is written); save=shown moves the intake's next
// appointment each save, which changes its row's agenda items
// (session.HomeList.AfterSave: the list is read, updated and written).
func BenchmarkStepSaveLogged(b *testing.B) {
	for _, n := range benchSizes {
		path := logFilled(b, copyFixture(b, demoFixture(b, n))) // all on one vault: the log is filled once
		for _, home := range []string{"", "/home=kept", "/home=kept/save=shown"} {
			b.Run(fmt.Sprintf("residents=%d%s", n, home), func(b *testing.B) {
				stepSaves(b, path, true, home != "", strings.HasSuffix(home, "shown"))
			})
		}
	}
}

func stepSaves(b *testing.B, path string, logged, keep, shown bool) {
	v := openBench(b, path)
	defer v.Close()
	cat := intake.DefaultCatalogue()
	now := func() time.Time { return benchNow }
	tv := session.FromVault(v, cat, now)
	if keep {
		keepFirstScreenIn(b, app.New(app.Options{Session: session.New(tv, cat, now, "nl"), LockAfter: -1, Now: now}), v)
	}
	pool := openIntakes(b, v)
	domains := cat.Domains
	times := make([]time.Duration, 0, 1<<14)
	i := 0
	for b.Loop() {
		in := &pool[i%len(pool)]
		in.SetScan(domains[i%len(domains)].Code, intake.Scale(1+i%5))
		in.Updated = in.Updated.Add(time.Second)
		if shown {
			in.NextAppointment = intake.Appointment{At: benchNow.AddDate(0, 0, 1+i%5).Add(time.Duration(i%8) * time.Hour)}
		}
		var log []store.LogEntry
		if logged {
			log = append(log, store.LogEntry{At: in.Updated, Action: store.ActChange, Outcome: store.OutcomeOK, User: "Anna", Role: store.RoleSupporter,
				Resident: in.ResidentID, Intake: in.ID, Purpose: store.PurposeIntake, Detail: string(intake.StepScan)})
		}
		t0 := time.Now()
		if err := tv.SaveIntake(*in, log...); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
		i++
	}
	b.ReportMetric(ms(percentile(times, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(times, 99)), "p99-ms")
	if keep {
		var hl session.HomeList
		if err := firstScreenKept(v, &hl); err != nil {
			b.Fatalf("the saves did not keep home's first screen: %v", err)
		}
		kept, _ := json.Marshal(hl)
		b.ReportMetric(float64(len(kept))/1e3, "kept-kB")
	}
}

// openIntakes are up to 256 of v's open intakes with consent, to save.
func openIntakes(b *testing.B, v *store.Vault) []intake.Intake {
	var all []intake.Intake
	err := v.View(func(tx *store.Tx) error {
		return tx.ForEach(store.KindIntake, func(_ string, decode func(any) error) error {
			var in intake.Intake
			if err := decode(&in); err != nil {
				return err
			}
			all = append(all, in)
			return nil
		})
	})
	if err != nil {
		b.Fatal(err)
	}
	var pool []intake.Intake
	for _, in := range all {
		if in.Status != intake.StatusClosed && in.Consent.Given && len(pool) < 256 {
			pool = append(pool, in)
		}
	}
	if len(pool) == 0 {
		b.Fatal("no open intakes in the fixture")
	}
	return pool
}

// logPerIntake is how many log entries logFilled writes per intake: a
// conversation made, changed in six steps, opened twice and printed once.
const logPerIntake = 10

// logFilled fills the access log of the vault at path (a copy) with
// logPerIntake entries per intake, in transactions of 10,000, and returns
// path.
func logFilled(b *testing.B, path string) string {
	b.Helper()
	v := openBench(b, path)
	defer v.Close()
	var ids [][2]string
	_ = v.View(func(tx *store.Tx) error {
		return tx.ForEach(store.KindIntake, func(id string, decode func(any) error) error {
			var h intake.Header
			if err := decode(&h); err != nil {
				return err
			}
			ids = append(ids, [2]string{h.ID, h.ResidentID})
			return nil
		})
	})
	t0 := time.Now()
	total := len(ids) * logPerIntake
	for done := 0; done < total; {
		err := v.Update(func(tx *store.Tx) error {
			for k := 0; k < 10000 && done < total; k, done = k+1, done+1 {
				in := ids[done%len(ids)]
				_, err := tx.AppendLog(store.LogEntry{At: benchNow, Action: store.ActRead, Outcome: store.OutcomeOK, User: "Anna", Role: store.RoleSupporter,
					Resident: in[1], Intake: in[0], Purpose: store.PurposeIntake})
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("filled the log with %d entries in %s", total, time.Since(t0).Round(time.Millisecond))
	return path
}

// BenchmarkAccessLogRead is what `spreekuur log` and an access export
// spend reading a log of logPerIntake entries per intake: open and
// decode every entry.
func BenchmarkAccessLogRead(b *testing.B) {
	for _, n := range firstSizes() {
		b.Run(fmt.Sprintf("residents=%d", n), func(b *testing.B) {
			v := openBench(b, logFilled(b, copyFixture(b, demoFixture(b, n))))
			defer v.Close()
			tv := session.FromVault(v, intake.DefaultCatalogue(), nil)
			var one []string // a resident's and their intakes' IDs, as the access export asks
			_ = v.View(func(tx *store.Tx) error {
				return tx.ForEach(store.KindIntake, func(_ string, decode func(any) error) error {
					var h intake.Header
					if err := decode(&h); err == nil && h.ResidentID != "" && len(one) == 0 {
						one = []string{h.ResidentID, h.ID}
					}
					return nil
				})
			})
			for _, part := range []struct {
				name string
				ids  []string
			}{{"all", nil}, {"one-resident", one}} {
				b.Run(part.name, func(b *testing.B) {
					for b.Loop() {
						entries, err := tv.AccessLog(part.ids...)
						if err != nil || len(entries) == 0 {
							b.Fatal(err, len(entries))
						}
					}
				})
			}
		})
	}
}

// homeIntake is the part of an intake the home list shows. It is here to
// measure what decoding only these fields would save (see
// BenchmarkHomeLoadParts); the app decodes whole intakes.
type homeIntake struct {
	ID         string              `json:"id"`
	ResidentID string              `json:"resident_id"`
	Status     intake.Status       `json:"status"`
	Updated    time.Time           `json:"updated"`
	Location   intake.LocationCode `json:"location"`
}

// rawSink takes a decoded value without parsing it beyond JSON validation.
type rawSink struct{}

func (rawSink) UnmarshalJSON([]byte) error { return nil }

// BenchmarkHomeLoadParts splits the home screen's read of every intake
// into its parts: bbolt iteration + AEAD open + JSON validity scan only
// ("decrypt"), decoding just the five fields the list once showed
// ("slim"), decoding intake.Header as the app does (the list, find and the
// agenda: "header"), and decoding whole intakes ("full").
func BenchmarkHomeLoadParts(b *testing.B) {
	for _, n := range firstSizes() {
		path := demoFixture(b, n)
		v := openBench(b, path)
		for _, part := range []struct {
			name string
			out  func() any
		}{
			{"decrypt", func() any { return &rawSink{} }},
			{"slim", func() any { return &homeIntake{} }},
			{"header", func() any { return &intake.Header{} }},
			{"full", func() any { return &intake.Intake{} }},
		} {
			b.Run(fmt.Sprintf("residents=%d/%s", n, part.name), func(b *testing.B) {
				for b.Loop() {
					count := 0
					err := v.View(func(tx *store.Tx) error {
						return tx.ForEach(store.KindIntake, func(_ string, decode func(any) error) error {
							count++
							return decode(part.out())
						})
					})
					if err != nil || count == 0 {
						b.Fatal(err, count)
					}
				}
			})
		}
		_ = v.Close()
	}
}

// BenchmarkStatsLoad is the in-process part of `export stats`: read,
// decrypt, decode and count every statistics record of the demo vault
// (statistics.Load), without process start, the KDF or rendering. The
// whole process is measured by scripts/bench-process.sh.
func BenchmarkStatsLoad(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("residents=%d", n), func(b *testing.B) {
			v := openBench(b, demoFixture(b, n))
			defer v.Close()
			cat := intake.DefaultCatalogue()
			b.ReportAllocs()
			for b.Loop() {
				// A whole year, never exported: every record is read and the
				// year's are counted (Load with Publish would keep the figures
				// and not count again).
				if _, info, err := statistics.Load(v, statistics.Options{Period: statistics.Period{Kind: statistics.PeriodYear, Year: 2025}, Now: benchNow}, cat); err != nil || info.Kept || info.Skipped {
					b.Fatal(err, info)
				}
			}
		})
	}
}

// BenchmarkRotateKeys is `users remove NAME --rotate` without the KDF:
// every value of a demo vault whose access log holds logPerIntake entries
// per intake sealed again under new keys (residents and intakes re-keyed),
// the digest computed afresh, committed. It reports the median seconds
// of the rotation alone and the values rewritten.
func BenchmarkRotateKeys(b *testing.B) {
	for _, n := range firstSizes() {
		b.Run(fmt.Sprintf("residents=%d", n), func(b *testing.B) {
			base := logFilled(b, copyFixture(b, demoFixture(b, n)))
			var times []time.Duration
			records, progress := 0, 0
			for b.Loop() {
				v := openBench(b, copyFixture(b, base))
				t0 := time.Now()
				res, err := v.RotateKeys(store.RotateOptions{Progress: func(done, total int) { progress++ }})
				times = append(times, time.Since(t0))
				if err != nil {
					b.Fatal(err)
				}
				records = res.Records
				clear(res.RecoveryCode)
				_ = v.Close()
			}
			b.ReportMetric(percentile(times, 50).Seconds(), "rotate-s")
			b.ReportMetric(float64(records), "values")
			b.ReportMetric(float64(progress)/float64(b.N), "progress-calls")
		})
	}
}

// BenchmarkEraseCompact erases one resident in a hundred of a demo vault
// (with their access log, logFilled) and compacts the open vault
// (store.Vault.Compact, what erase and retention --apply offer): it
// reports the file's size after the erasures and after compaction, the
// time of one erasure and of the compaction.
func BenchmarkEraseCompact(b *testing.B) {
	for _, n := range firstSizes() {
		b.Run(fmt.Sprintf("residents=%d", n), func(b *testing.B) {
			base := logFilled(b, copyFixture(b, demoFixture(b, n)))
			var before, after int64
			var took, compacting []time.Duration
			for b.Loop() {
				path := copyFixture(b, base)
				v := openBench(b, path)
				var ids []string
				_ = v.View(func(tx *store.Tx) error {
					return tx.ForEach(store.KindResident, func(id string, _ func(any) error) error {
						if len(ids) < max(1, n/100) {
							ids = append(ids, id)
						}
						return nil
					})
				})
				t0 := time.Now()
				for _, id := range ids {
					err := v.Update(func(tx *store.Tx) error {
						_, err := tx.EraseResident(id, store.EraseRequest, benchNow)
						return err
					})
					if err != nil {
						b.Fatal(err)
					}
				}
				took = append(took, time.Since(t0)/time.Duration(len(ids)))
				before = fileSize(b, path)
				t1 := time.Now()
				if _, err := v.Compact(nil); err != nil {
					b.Fatal(err)
				}
				compacting = append(compacting, time.Since(t1))
				after = fileSize(b, path)
				_ = v.Close()
			}
			b.ReportMetric(float64(before)/1e6, "MB-after-erase")
			b.ReportMetric(float64(after)/1e6, "MB-compacted")
			b.ReportMetric(ms(percentile(took, 50)), "erase-ms")
			b.ReportMetric(ms(percentile(compacting, 50)), "compact-ms")
		})
	}
}

func fileSize(b *testing.B, path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return fi.Size()
}
