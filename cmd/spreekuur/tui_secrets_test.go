package main

import (
	"os"
	"testing"
)

func TestClearUnusedSecrets(t *testing.T) {
	for _, tc := range []struct {
		exists   bool
		keepPass bool // SPREEKUUR_PASSPHRASE stays for currentPassphrase to read (and remove)
	}{
		{exists: true, keepPass: true},
		{exists: false, keepPass: false},
	} {
		t.Setenv(envPassphrase, "pass phrase one")
		t.Setenv(envNewPassphrase, "pass phrase two")
		t.Setenv(envRecoveryCode, "AAAA-BBBB")
		clearUnusedSecrets(tc.exists)
		for _, name := range []string{envNewPassphrase, envRecoveryCode} {
			if _, ok := os.LookupEnv(name); ok {
				t.Errorf("vault exists=%v: %s still set", tc.exists, name)
			}
		}
		if _, ok := os.LookupEnv(envPassphrase); ok != tc.keepPass {
			t.Errorf("vault exists=%v: %s set=%v, want %v", tc.exists, envPassphrase, ok, tc.keepPass)
		}
	}
}
