package store

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// TestFillPrev: an entry encoded with the placeholder and then given the
// previous hash is, byte for byte, the entry encoded with that hash —
// whatever its number and whatever its text fields hold (escaped
// characters, non-ASCII) — and plain that is not such an encoding is
// refused and left as it was.
func TestFillPrev(t *testing.T) {
	prev := strings.Repeat("fedcba9876543210", 4)
	for _, tc := range []struct {
		name string
		e    LogEntry
	}{
		{"the first", LogEntry{Seq: 1, At: logT0, Action: ActImport, Outcome: OutcomeOK, Resident: "r1"}},
		{"two digits", LogEntry{Seq: 10, At: logT0, Action: ActImport, Outcome: OutcomeOK}},
		{"the largest number", LogEntry{Seq: math.MaxUint64, At: logT0, Action: ActRead}},
		{"characters JSON escapes", LogEntry{Seq: 12345, User: `Zoë "<&>" \ ü`, Role: RoleSupporter, Detail: "a\nb\u2028"}},
		{"a placeholder elsewhere", LogEntry{Seq: 7, Detail: zeroPrev}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := tc.e
			e.Prev = zeroPrev
			plain, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			e.Prev = prev
			want, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			if ok := fillPrev(plain, e.Seq, prev); !ok || string(plain) != string(want) {
				t.Errorf("fillPrev: %v\n got %s\nwant %s", ok, plain, want)
			}
		})
	}
	for _, tc := range []struct {
		name  string
		plain string
		seq   uint64
		prev  string
	}{
		{"another number", `{"seq":12,"prev":"` + zeroPrev + `","event":""}`, 1, prev},
		{"no placeholder", `{"seq":1,"prev":"` + prev + `","event":""}`, 1, prev},
		{"cut short", `{"seq":1,"prev":"` + zeroPrev, 1, prev},
		{"a short hash", `{"seq":1,"prev":"` + zeroPrev + `","event":""}`, 1, "abc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plain := []byte(tc.plain)
			if fillPrev(plain, tc.seq, tc.prev) || string(plain) != tc.plain {
				t.Errorf("fillPrev took %s", plain)
			}
		})
	}
}

// TestAppendLogsManyOnEveryCore: enough entries to be encoded and sealed
// on several goroutines, by a supporter (group key) and by a kompaan (to
// the group's public key), after entries already there and before and
// after a few written one by one: they come back in order with their
// fields, numbered on, each Prev the hash of the entry before as stored
// (AppendLog's chain), with distinct events; Check finds the log and the
// digest whole.
func TestAppendLogsManyOnEveryCore(t *testing.T) {
	for _, role := range []Role{RoleSupporter, RoleKompaan} {
		t.Run(string(role), func(t *testing.T) {
			v, path, _ := newVault(t)
			user := testUser
			first := appendLog(t, v, LogEntry{At: logT0, Action: ActUnlock, Outcome: OutcomeOK, User: testUser, Role: RoleSupporter})
			if role == RoleKompaan {
				user = "Kees"
				if err := v.AddUser(user, RoleKompaan, []byte(testPass+user)); err != nil {
					t.Fatal(err)
				}
				v = reopen(t, v, path)
				if err := v.Unlock(user, []byte(testPass+user)); err != nil {
					t.Fatal(err)
				}
			}
			var batch []LogEntry
			for i := range 1500 {
				batch = append(batch, LogEntry{At: logT0.Add(time.Duration(i) * time.Millisecond), Action: ActImport, Outcome: OutcomeOK,
					User: user, Role: role, Resident: fmt.Sprintf("r%d", i), Purpose: PurposeHandover, Detail: "bundle"})
			}
			// Many, a few (one by one), many: one chain.
			var want []LogEntry
			for _, b := range [][]LogEntry{batch, batch[:5], batch} {
				if err := v.Update(func(tx *Tx) error { return tx.AppendLogs(b) }); err != nil {
					t.Fatal(err)
				}
				want = append(want, b...)
			}
			v = reopen(t, v, path)
			if err := v.Unlock(testUser, []byte(testPass)); err != nil {
				t.Fatal(err)
			}
			got := readLog(t, v)
			if len(got) != 1+len(want) {
				t.Fatalf("%d entries, want %d", len(got), 1+len(want))
			}
			events := map[string]bool{}
			for i, e := range got {
				if e.Seq != uint64(i+1) || e.Device != first.Device || len(e.Event) != 32 || events[e.Event] {
					t.Fatalf("entry %d: %+v", i, e)
				}
				events[e.Event] = true
				if i > 0 {
					w := want[i-1]
					if e.Resident != w.Resident || e.User != w.User || e.Role != w.Role || !e.At.Equal(w.At) || e.Detail != w.Detail {
						t.Fatalf("entry %d = %+v, want %+v", i, e, w)
					}
					plain, err := json.Marshal(got[i-1])
					if err != nil {
						t.Fatal(err)
					}
					if h := logHash(plain); e.Prev != fmt.Sprintf("%x", h[:]) {
						t.Fatalf("entry %d: prev %s is not the hash of entry %d", i, e.Prev, i-1)
					}
				}
			}
			rep, err := v.Check()
			if err != nil || !rep.OK() {
				t.Errorf("Check: %v %+v", err, rep.Failures)
			}
		})
	}
}
