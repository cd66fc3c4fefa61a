//go:build unix

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/session"
)

// homeCount is home's count of rows (or of the agenda's), drawn once the
// list is loaded: "126.901 van 126.901".
var homeCount = regexp.MustCompile(`[0-9][0-9.]* van [0-9][0-9.]*`)

// BenchmarkHomeProcess is what a person waits for after typing the
// passphrase: the real binary on a pseudo-terminal of 80×24, a new
// process each round on a copy of the demo fixture, from Enter on the
// unlock screen until home shows its count. Unlike BenchmarkHomeReady it
// pays what a new process pays: its memory is touched for the first time
// as it grows (BenchmarkFloorFreshMemory is that cost on its own) and the
// vault's pages are mapped afresh. The fixture's KDF is the cheap one
// (demoFixture): the default Argon2id comes on top
// (store.BenchmarkKDFDefault). first=whole: a fresh copy each round,
// with no first screen kept (the first unlock after the residents or
// intakes changed); first=kept: the copy after one run that kept its
// first screen (session.HomeList); first=saved: first=kept with an
// intake saved before each round, which keeps that screen up to date.
// Reports the median (ready-ms) and the
// median of the process's largest RSS until then (max-rss-MB).
func BenchmarkHomeProcess(b *testing.B) {
	bin := buildBinary(b)
	for _, n := range benchSizes {
		for _, first := range []string{"whole", "kept", "saved"} {
			b.Run(fmt.Sprintf("residents=%d/first=%s", n, first), func(b *testing.B) {
				dir := b.TempDir()
				src := demoFixture(b, n)
				v := &e2eVault{bin: bin, dir: dir, db: filepath.Join(dir, "v.db"), tmp: filepath.Join(dir, "tmp")}
				if err := os.Mkdir(v.tmp, 0o700); err != nil {
					b.Fatal(err)
				}
				fresh := func() {
					if err := os.Remove(v.db); err != nil && !os.IsNotExist(err) {
						b.Fatal(err)
					}
					if err := copyFile(v.db, src); err != nil {
						b.Fatal(err)
					}
				}
				fresh()
				var save func()
				if first != "whole" {
					keepFirstScreen(b, v)
				}
				if first == "saved" {
					st := openBench(b, v.db)
					saveIn := saveOne(b, st, intake.DefaultCatalogue())
					_ = st.Close()
					save = func() {
						st := openBench(b, v.db)
						defer st.Close()
						saveIn(st)
					}
				}
				var ready []time.Duration
				var rss []float64
				for b.Loop() {
					switch first {
					case "whole":
						b.StopTimer()
						fresh()
						b.StartTimer()
					case "saved":
						b.StopTimer()
						save() // an intake saved since the last unlock
						b.StartTimer()
					}
					a := v.start(b)
					a.waitFor("Wachtwoordzin:")
					a.press(annaPass)
					time.Sleep(50 * time.Millisecond) // the typing drawn, so only the unlock is timed
					t0 := time.Now()
					a.press(keyEnter)
					a.waitCount(b, t0)
					ready = append(ready, time.Since(t0))
					peak, fromProc := procPeakRSSMB(a.cmd.Process.Pid)
					a.press(keyCtrlC)
					if code := a.waitExit(); code != 0 {
						b.Fatalf("exit code %d", code)
					}
					if !fromProc {
						peak = maxRSSMB(a.cmd.ProcessState.SysUsage())
					}
					rss = append(rss, peak)
				}
				b.ReportMetric(ms(percentile(ready, 50)), "ready-ms")
				b.ReportMetric(percentile(rss, 50), "max-rss-MB")
			})
		}
	}
}

// waitCount waits until home shows its count, from t0 on.
func (a *appSession) waitCount(b *testing.B, t0 time.Time) {
	b.Helper()
	for !homeCount.MatchString(a.scr.text()) {
		select {
		case <-a.exited:
			b.Fatalf("the app stopped (%v); last screen:\n%s", a.waitErr, boxed(a.scr.text()))
		case <-time.After(2 * time.Millisecond):
		}
		if time.Since(t0) > e2eWait {
			b.Fatalf("no count after %v:\n%s", e2eWait, boxed(a.scr.text()))
		}
	}
}

// keepFirstScreen runs the app on v until its whole list is read (a
// typed filter finds rows) and its first screen kept, and checks that it
// was.
func keepFirstScreen(b *testing.B, v *e2eVault) {
	b.Helper()
	a := v.start(b)
	a.waitFor("Wachtwoordzin:")
	a.press(annaPass)
	a.press(keyEnter)
	t0 := time.Now()
	a.waitCount(b, t0)
	a.press("a")
	time.Sleep(50 * time.Millisecond)
	a.waitCount(b, t0) // the count comes back when the filter has searched the whole list
	time.Sleep(500 * time.Millisecond)
	a.press(keyCtrlC)
	if code := a.waitExit(); code != 0 {
		b.Fatalf("exit code %d", code)
	}
	st := openBench(b, v.db)
	defer st.Close()
	if err := firstScreenKept(st, &session.HomeList{}); err != nil {
		b.Fatalf("no first screen kept: %v", err)
	}
}

// procPeakRSSMB is a running process's largest RSS so far in MB (10^6
// bytes), from /proc (Linux: VmHWM counts from its exec on). Its rusage
// after it ends would not do on Linux: a child's max RSS there counts the
// moment it was forked from this process, as large as the test's own
// vaults (536 MB after BenchmarkHomeReady, against the app's 313 MB).
func procPeakRSSMB(pid int) (float64, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb * 1024 / 1e6, err == nil
		}
	}
	return 0, false
}

// maxRSSMB is a finished process's max RSS in MB (10^6 bytes), from its
// rusage: kilobytes on Linux, bytes on macOS.
func maxRSSMB(usage any) float64 {
	ru, ok := usage.(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return float64(ru.Maxrss) / 1e6
	}
	return float64(ru.Maxrss) * 1024 / 1e6
}

// BenchmarkFloorFreshMemory is what memory a process has not touched
// before costs on this machine: 256 MiB mapped anew, each page written
// once (the kernel finds and clears a page at its first touch), in ms
// per 100 MB. A new process that grows to a few hundred MB pays this
// for every MB (BenchmarkHomeProcess's max RSS); on the shared VM the
// figures in docs/PERFORMANCE.md were taken on it is far dearer than on
// a laptop.
func BenchmarkFloorFreshMemory(b *testing.B) {
	const size = 256 << 20
	page := os.Getpagesize()
	var per []time.Duration
	for b.Loop() {
		m, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		for i := 0; i < size; i += page {
			m[i] = 1
		}
		per = append(per, time.Since(t0)*100e6/size)
		if err := syscall.Munmap(m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(ms(percentile(per, 50)), "ms-per-100MB")
}
