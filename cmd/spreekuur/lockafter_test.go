package main

import (
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
