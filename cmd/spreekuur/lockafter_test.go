package main

import (
	"strings"
	"testing"
	"time"
)

func TestParseLockAfter(t *testing.T) {
	for _, tc := range []struct {
		flag, env string
		want      time.Duration
		wantErr   bool
	}{
		{"", "", 0, false}, // default
		{"90s", "", 90 * time.Second, false},
		{"", "2m", 2 * time.Minute, false}, // environment when no flag
		{"1m", "2m", time.Minute, false},   // the flag wins
		{"off", "", -1, false},
		{"OFF", "", -1, false},
		{"never", "", -1, false},
		{"0", "", -1, false}, // 0, off and 0s mean the same
		{"0s", "", -1, false},
		{"0m", "", -1, false},
		{"", "0s", -1, false},
		{"-5m", "", 0, true},
		{"soon", "", 0, true},
		{"", "abc", 0, true},
	} {
		t.Setenv(envLockAfter, tc.env)
		got, err := parseLockAfter(tc.flag)
		if (err != nil) != tc.wantErr || (!tc.wantErr && got != tc.want) {
			t.Errorf("parseLockAfter(%q) env %q = %v, %v; want %v, error %v", tc.flag, tc.env, got, err, tc.want, tc.wantErr)
		}
	}
}

// TestLockAfterCheckedByEveryCommand: a bad --lock-after (or
// SPREEKUUR_LOCK_AFTER) is a usage error for every command, before
// anything else happens — also for commands that do not lock.
func TestLockAfterCheckedByEveryCommand(t *testing.T) {
	for _, args := range [][]string{
		{"--lock-after", "soon", "version"},
		{"check", "--lock-after", "soon"},
		{"--lock-after", "-1m", "export", "stats", "--format", "csv", "-o", "x.csv"},
		{"users", "list", "--lock-after", "5 minutes"},
	} {
		r := spreekuur(t, nil, args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "--lock-after") {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 naming --lock-after", args, r.code, r.stderr)
		}
	}
	if r := spreekuur(t, []string{envLockAfter + "=later"}, "version"); r.code != exitUsage || !strings.Contains(r.stderr, envLockAfter) {
		t.Errorf("bad %s: exit %d, stderr %q", envLockAfter, r.code, r.stderr)
	}
}
