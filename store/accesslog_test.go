package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

var logT0 = time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)

func appendLog(t testing.TB, v *Vault, e LogEntry) LogEntry {
	t.Helper()
	var out LogEntry
	if err := v.Update(func(tx *Tx) error {
		var err error
		out, err = tx.AppendLog(e)
		return err
	}); err != nil {
		t.Fatalf("AppendLog: %v", err)
	}
	return out
}

func readLog(t testing.TB, v *Vault) []LogEntry {
	t.Helper()
	var out []LogEntry
	if err := v.View(func(tx *Tx) error {
		return tx.ForEachLog(func(e LogEntry) error { out = append(out, e); return nil })
	}); err != nil {
		t.Fatalf("ForEachLog: %v", err)
	}
	return out
}

// logFindings are Check's findings about the access log.
func logFindings(t testing.TB, v *Vault) []CheckFailure {
	t.Helper()
	rep, err := v.Check()
	if err != nil {
		t.Fatal(err)
	}
	var out []CheckFailure
	for _, f := range rep.Failures {
		if f.Bucket == bucketLog {
			out = append(out, f)
		}
	}
	return out
}

// TestAccessLogEveryRoleWritesSupportersRead: a supporter, a kompaan and a
// coordinator each append; the entries come back in order with every
// field as written; only a supporter reads them; Check finds nothing.
func TestAccessLogEveryRoleWritesSupportersRead(t *testing.T) {
	v, path, _ := newVault(t)
	for _, u := range []struct {
		name string
		role Role
	}{{"Kees", RoleKompaan}, {"Coco", RoleCoordinator}} {
		if err := v.AddUser(u.name, u.role, []byte(testPass+u.name)); err != nil {
			t.Fatal(err)
		}
	}
	writes := []struct {
		user string
		role Role
		e    LogEntry
	}{
		{testUser, RoleSupporter, LogEntry{At: logT0, Action: ActCreate, Outcome: OutcomeOK, Resident: "r1", Intake: "i1", Purpose: PurposeIntake}},
		{"Kees", RoleKompaan, LogEntry{At: logT0.Add(time.Minute), Action: ActRead, Outcome: OutcomeOK, Intake: "i1", Purpose: PurposeIntake}},
		{"Coco", RoleCoordinator, LogEntry{At: logT0.Add(2 * time.Minute), Action: ActExport, Outcome: OutcomeOK, Purpose: PurposeStatistics, Detail: "stats"}},
		{testUser, RoleSupporter, LogEntry{At: logT0.Add(3 * time.Minute), Action: ActErase, Outcome: OutcomeOK, OnBehalf: "resident", Resident: "r1", Purpose: PurposeAccess}},
	}
	for _, w := range writes {
		v = reopen(t, v, path)
		pass := testPass + w.user
		if w.user == testUser {
			pass = testPass
		}
		if err := v.Unlock(w.user, []byte(pass)); err != nil {
			t.Fatalf("unlock %s: %v", w.user, err)
		}
		e := w.e
		e.User, e.Role = w.user, w.role
		appendLog(t, v, e)
		if w.role != RoleSupporter {
			err := v.View(func(tx *Tx) error { return tx.ForEachLog(func(LogEntry) error { return nil }) })
			if !errors.Is(err, ErrNoAccess) {
				t.Errorf("%s read the log: %v", w.role, err)
			}
		}
	}
	v = reopen(t, v, path)
	if err := v.Unlock(testUser, []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	got := readLog(t, v)
	if len(got) != len(writes) {
		t.Fatalf("%d entries, want %d", len(got), len(writes))
	}
	device := ""
	for i, e := range got {
		w := writes[i]
		if e.Seq != uint64(i+1) || e.Action != w.e.Action || e.User != w.user || e.Role != w.role || !e.At.Equal(w.e.At) ||
			e.Resident != w.e.Resident || e.Intake != w.e.Intake || e.Purpose != w.e.Purpose || e.OnBehalf != w.e.OnBehalf ||
			e.Outcome != w.e.Outcome || e.Detail != w.e.Detail {
			t.Errorf("entry %d = %+v, want %+v by %s", i, e, w.e, w.user)
		}
		if len(e.Event) != 32 || e.Device == "" || (device != "" && e.Device != device) {
			t.Errorf("entry %d: event %q device %q", i, e.Event, e.Device)
		}
		device = e.Device
	}
	if f := logFindings(t, v); len(f) != 0 {
		t.Fatalf("a sound log has findings: %+v", f)
	}
}

// TestAccessLogTamper: what someone does to the log in the file is found
// by Check and said for what it is.
func TestAccessLogTamper(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(t *testing.T, v *Vault)
		kind   string // the finding
		id     string // where
		detail string // words of its sentence
	}{
		{"an entry removed", func(t *testing.T, v *Vault) { rawDelete(t, v, bucketLog, logKey(3)) },
			FailDeleted, logKey(3), "3 to 3 of the access log are missing"},
		{"the last entries cut off", func(t *testing.T, v *Vault) {
			rawDelete(t, v, bucketLog, logKey(5))
			rawDelete(t, v, bucketLog, logKey(4))
		}, FailDeleted, logKey(4), "cut off: entries 4 to 5"},
		{"the end and the last entry cut off", func(t *testing.T, v *Vault) {
			rawDelete(t, v, bucketLog, logKey(5))
			rawDelete(t, v, bucketLog, logHeadID)
		}, FailMissing, logHeadID, "end of the access log is missing"},
		{"an entry edited", func(t *testing.T, v *Vault) {
			raw := rawValue(t, v, bucketLog, logKey(2))
			raw[len(raw)-20] ^= 1
			rawPut(t, v, bucketLog, logKey(2), raw)
		}, FailAuth, logKey(2), "changed or moved"},
		{"two entries swapped in the file", func(t *testing.T, v *Vault) {
			a, b := rawValue(t, v, bucketLog, logKey(2)), rawValue(t, v, bucketLog, logKey(3))
			rawPut(t, v, bucketLog, logKey(2), b)
			rawPut(t, v, bucketLog, logKey(3), a)
		}, FailAuth, logKey(2), "changed or moved"},
		{"two entries reordered by someone with the group key", func(t *testing.T, v *Vault) {
			// A supporter re-seals entry 2's event as entry 3 and back:
			// every seal holds, the chain does not.
			plain2, plain3 := rawPlain(t, v, 2), rawPlain(t, v, 3)
			reseal(t, v, 2, plain3, 2)
			reseal(t, v, 3, plain2, 3)
		}, FailMismatch, logKey(3), "chain breaks here"},
		{"an entry removed and the rest renumbered by someone with the group key", func(t *testing.T, v *Vault) {
			p4, p5 := rawPlain(t, v, 4), rawPlain(t, v, 5)
			reseal(t, v, 3, p4, 3)
			reseal(t, v, 4, p5, 4)
			rawDelete(t, v, bucketLog, logKey(5))
		}, FailMismatch, logKey(3), "chain breaks here"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, _, _ := newVault(t)
			for i := range 5 {
				appendLog(t, v, LogEntry{At: logT0.Add(time.Duration(i) * time.Minute), Action: ActRead, Outcome: OutcomeOK, User: testUser, Role: RoleSupporter, Intake: fmt.Sprintf("i%d", i)})
			}
			if f := logFindings(t, v); len(f) != 0 {
				t.Fatalf("before: %+v", f)
			}
			c.edit(t, v)
			found := logFindings(t, v)
			ok := false
			for _, f := range found {
				if f.Kind == c.kind && f.ID == c.id && strings.Contains(f.Err.Error(), c.detail) {
					ok = true
				}
			}
			if !ok {
				t.Fatalf("want %s at %s (%q); Check found %+v", c.kind, c.id, c.detail, found)
			}
		})
	}
}

// TestAccessLogContinuesAfterDamage: a damaged head never stops a save;
// the log goes on after the last entry and Check reports the break.
func TestAccessLogContinuesAfterDamage(t *testing.T) {
	v, _, _ := newVault(t)
	appendLog(t, v, LogEntry{At: logT0, Action: ActRead, Outcome: OutcomeOK})
	appendLog(t, v, LogEntry{At: logT0, Action: ActRead, Outcome: OutcomeOK})
	raw := rawValue(t, v, bucketLog, logHeadID)
	raw[30] ^= 1
	rawPut(t, v, bucketLog, logHeadID, raw)
	e := appendLog(t, v, LogEntry{At: logT0, Action: ActChange, Outcome: OutcomeOK})
	if e.Seq != 3 {
		t.Fatalf("continued at %d, want 3", e.Seq)
	}
	// The chain breaks at 3; the digest also sees the head edited in
	// the file before the write.
	found := logFindings(t, v)
	if !slices.ContainsFunc(found, func(f CheckFailure) bool { return f.ID == logKey(3) && f.Kind == FailMismatch }) {
		t.Fatalf("want the break at entry 3, got %+v", found)
	}
}

// TestFailedUnlocksReachTheLog: wrong passphrases leave sealed records no
// one but a supporter opens; the next supporter's unlock moves them into
// the log with their time and the name typed, and removes them.
func TestFailedUnlocksReachTheLog(t *testing.T) {
	v, path, _ := newVault(t)
	if err := v.AddUser("Kees", RoleKompaan, []byte(testPass+"Kees")); err != nil {
		t.Fatal(err)
	}
	v = reopen(t, v, path)
	times := []time.Time{logT0.Add(2 * time.Minute), logT0}
	for i, at := range times {
		if err := v.Unlock("mallory", []byte("not the passphrase")); !errors.Is(err, ErrWrongPassphrase) {
			t.Fatal(err)
		}
		if err := v.RecordFailedUnlock(fmt.Sprintf("mallory%d", i), at); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := readFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "mallory") {
		t.Fatal("the typed name is in the file in plaintext")
	}
	// A kompaan's unlock leaves them for a supporter.
	if err := v.Unlock("Kees", []byte(testPass+"Kees")); err != nil {
		t.Fatal(err)
	}
	v = reopen(t, v, path)
	if err := v.Unlock(testUser, []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	got := readLog(t, v)
	if len(got) != 2 {
		t.Fatalf("%d entries, want 2: %+v", len(got), got)
	}
	for i, e := range got { // in the order they happened
		if e.Action != ActUnlockFailed || e.Outcome != OutcomeFailed || !e.At.Equal(times[1-i]) || e.User != fmt.Sprintf("mallory%d", 1-i) {
			t.Errorf("entry %d = %+v", i, e)
		}
	}
	var left int
	_ = v.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket([]byte(bucketFailedUnlocks)); b != nil {
			left = b.Stats().KeyN
		}
		return nil
	})
	if left != 0 {
		t.Fatalf("%d failed unlocks left after the move", left)
	}
	rep, err := v.Check()
	if err != nil || !rep.OK() {
		t.Fatalf("check: %v %+v", err, rep.Failures)
	}
}

// TestCompactionWithoutKeyReachesTheLog: `spreekuur compact` holds no
// key; its compaction waits, sealed to the group, and the next
// supporter's unlock writes it into the log with its outcome, after a
// failed unlock that came first.
func TestCompactionWithoutKeyReachesTheLog(t *testing.T) {
	v, path, _ := newVault(t)
	v = reopen(t, v, path)
	if err := v.RecordFailedUnlock("mallory", logT0); err != nil {
		t.Fatal(err)
	}
	if err := v.RecordCompaction(logT0.Add(time.Minute), OutcomeOK); err != nil {
		t.Fatal(err)
	}
	v = reopen(t, v, path)
	if err := v.Unlock(testUser, []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	got := readLog(t, v)
	if len(got) != 2 || got[0].Action != ActUnlockFailed || got[1].Action != ActCompact || got[1].Outcome != OutcomeOK ||
		!got[1].At.Equal(logT0.Add(time.Minute)) || got[1].User != "" || got[1].Purpose != PurposeSecurity {
		t.Fatalf("log %+v", got)
	}
	if rep, err := v.Check(); err != nil || !rep.OK() {
		t.Fatalf("check: %v %+v", err, rep.Failures)
	}
}

// TestAccessLogNoPlaintext: nothing of an entry is in the file in clear.
func TestAccessLogNoPlaintext(t *testing.T) {
	v, path, _ := newVault(t)
	appendLog(t, v, LogEntry{At: logT0, Action: ActExport, Outcome: OutcomeOK, User: "Zwaantje Visser", Detail: "bundle", Purpose: PurposeHandover})
	_ = v.Close()
	raw, err := readFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Zwaantje", "bundle", "handover", `"action"`} {
		if strings.Contains(string(raw), s) {
			t.Errorf("%q is in the file in plaintext", s)
		}
	}
}

// rawPlain opens entry seq with the group key.
func rawPlain(t testing.TB, v *Vault, seq uint64) []byte {
	t.Helper()
	var out []byte
	err := v.View(func(tx *Tx) error {
		var err error
		out, err = tx.openLogEntry([]byte(logKey(seq)), tx.btx.Bucket([]byte(bucketLog)).Get([]byte(logKey(seq))))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// reseal writes plain, with its seq field set to seq, as entry at, sealed
// under the group key: what a supporter with a program of their own can do.
func reseal(t testing.TB, v *Vault, at uint64, plain []byte, seq uint64) {
	t.Helper()
	var e map[string]any
	if err := json.Unmarshal(plain, &e); err != nil {
		t.Fatal(err)
	}
	e["seq"] = seq
	b, _ := json.Marshal(e)
	var val []byte
	err := v.View(func(tx *Tx) error {
		var err error
		val, err = tx.sealLogEntry(logKey(at), b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rawPut(t, v, bucketLog, logKey(at), val)
}

// TestForEachLogMentioning: asked for a resident's IDs, only the entries
// that hold one come back, decoded, in order.
func TestForEachLogMentioning(t *testing.T) {
	v, _, _ := newVault(t)
	a, b, aIn := NewID(), NewID(), NewID()
	for i, e := range []LogEntry{{Resident: a}, {Resident: b}, {Intake: aIn}, {}, {Resident: a, Intake: aIn}} {
		e.At, e.Action, e.Outcome, e.Detail = logT0, ActRead, OutcomeOK, fmt.Sprint(i)
		appendLog(t, v, e)
	}
	var got []string
	err := v.View(func(tx *Tx) error {
		return tx.ForEachLogMentioning([]string{a, aIn}, func(e LogEntry) error { got = append(got, e.Detail); return nil })
	})
	if err != nil || !slices.Equal(got, []string{"0", "2", "4"}) {
		t.Fatalf("%v %v", got, err)
	}
}

// TestAppendLogsChainsAsOneByOne: entries appended together, after one
// appended alone and before another, come back numbered in order, each
// Prev the hash of the one before, with their fields; Check finds the
// chain whole, and a read-only transaction may not append.
func TestAppendLogsChainsAsOneByOne(t *testing.T) {
	v, _, _ := newVault(t)
	first := appendLog(t, v, LogEntry{At: logT0, Action: ActUnlock, Outcome: OutcomeOK, User: testUser, Role: RoleSupporter})
	var batch []LogEntry
	for i := range 5 {
		batch = append(batch, LogEntry{At: logT0.Add(time.Duration(i+1) * time.Second), Action: ActImport, Outcome: OutcomeOK,
			User: testUser, Role: RoleSupporter, Resident: fmt.Sprintf("r%d", i), Purpose: PurposeHandover, Detail: "bundle"})
	}
	if err := v.Update(func(tx *Tx) error { return tx.AppendLogs(batch) }); err != nil {
		t.Fatal(err)
	}
	last := appendLog(t, v, LogEntry{At: logT0.Add(time.Minute), Action: ActLock, Outcome: OutcomeOK, User: testUser, Role: RoleSupporter})
	got := readLog(t, v)
	if len(got) != 7 {
		t.Fatalf("%d entries in the log, want 7", len(got))
	}
	if got[0].Event != first.Event || got[6].Event != last.Event {
		t.Errorf("first %+v last %+v, appended %+v %+v", got[0], got[6], first, last)
	}
	for i, e := range got {
		if e.Seq != uint64(i+1) {
			t.Errorf("entry %d numbered %d", i, e.Seq)
		}
		if i > 0 {
			plain, err := json.Marshal(got[i-1])
			if err != nil {
				t.Fatal(err)
			}
			if h := logHash(plain); e.Prev != fmt.Sprintf("%x", h[:]) {
				t.Errorf("entry %d: prev %s is not the hash of entry %d", i, e.Prev, i-1)
			}
		}
		if i >= 1 && i <= 5 {
			w := batch[i-1]
			if e.Resident != w.Resident || e.Action != w.Action || !e.At.Equal(w.At) || len(e.Event) != 32 || e.Device != first.Device {
				t.Errorf("entry %d = %+v, want %+v", i, e, w)
			}
		}
	}
	if f := logFindings(t, v); len(f) != 0 {
		t.Errorf("Check: %+v", f)
	}
	err := v.View(func(tx *Tx) error { return tx.AppendLogs(batch) })
	if !errors.Is(err, ErrReadOnly) {
		t.Errorf("AppendLogs in a read transaction: %v", err)
	}
}

// TestAppendLogsWholePages: entries are numbered on from the last, so the
// log's pages are filled whole, not half as random keys leave them: an
// import that logs 100,000 residents grew the file by twice what it
// wrote.
func TestAppendLogsWholePages(t *testing.T) {
	v, _, _ := newVault(t)
	for round := range 3 {
		var batch []LogEntry
		for i := range 1000 {
			batch = append(batch, LogEntry{At: logT0.Add(time.Duration(i) * time.Second), Action: ActImport, Outcome: OutcomeOK,
				User: testUser, Role: RoleSupporter, Resident: fmt.Sprintf("r%d-%d", round, i), Purpose: PurposeHandover, Detail: "bundle"})
		}
		if err := v.Update(func(tx *Tx) error { return tx.AppendLogs(batch) }); err != nil {
			t.Fatal(err)
		}
	}
	err := v.View(func(tx *Tx) error {
		s := tx.btx.Bucket([]byte(bucketLog)).Stats()
		if fill := float64(s.LeafInuse) / float64(s.LeafAlloc); fill < 0.85 {
			t.Errorf("the log's leaf pages are %.0f%% full (%d entries on %d pages)", 100*fill, s.KeyN, s.LeafPageN)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if f := logFindings(t, v); len(f) != 0 {
		t.Errorf("Check: %+v", f)
	}
}
