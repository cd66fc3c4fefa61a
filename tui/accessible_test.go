package tui

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func noSleep(t *testing.T) *[]time.Duration {
	var waits []time.Duration
	old := sleep
	sleep = func(d time.Duration) { waits = append(waits, d) }
	t.Cleanup(func() { sleep = old })
	return &waits
}

func TestAccessibleWalk(t *testing.T) {
	waits := noSleep(t)
	v := sampleVault()
	input := strings.Join([]string{
		"anna", "wrong passphrase", // a wrong attempt first
		"anna", "correct horse battery",
		"1", "ozd", "1", // find Fatima and show her intake
		"1", "jan", "1", // Jan's intake, with notes
		"3",
	}, "\n") + "\n"
	var out bytes.Buffer
	err := RunAccessible(strings.NewReader(input), &out, Options{Vault: v, Now: func() time.Time { return day0 }})
	if err != nil {
		t.Fatal(err)
	}
	o := out.String()
	for _, want := range []string{
		"De naam of de wachtwoordzin klopt niet",
		"Welkom, anna",
		"1. Fatima Özdemir, Open",
		"De vraag in eigen woorden: Ik krijg steeds brieven",
		"Bewoner: neemt alle brieven mee (vóór 17-03-2026)",
		"Spreekuur is gestopt en op slot.",
	} {
		if !strings.Contains(o, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.ContainsAny(o, "\x1b\x07") {
		t.Error("output contains escape or control characters")
	}
	if len(*waits) != 1 || (*waits)[0] != time.Second {
		t.Errorf("waits %v, want one of 1s", *waits)
	}
	if v.Unlocked() {
		t.Error("vault left unlocked")
	}
}

func TestAccessibleTooManyWrong(t *testing.T) {
	waits := noSleep(t)
	in := strings.Repeat("anna\nnope nope nope\n", maxAccessibleAttempts)
	var out bytes.Buffer
	err := RunAccessible(strings.NewReader(in), &out, Options{Vault: sampleVault(), Lang: "en"})
	if !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("err %v", err)
	}
	if len(*waits) != maxAccessibleAttempts || (*waits)[4] != 16*time.Second {
		t.Fatalf("waits %v", *waits)
	}
	if !strings.Contains(out.String(), "Too many wrong passphrases") {
		t.Fatal(out.String())
	}
}

func TestAccessibleFirstRun(t *testing.T) {
	v := newFakeVault()
	create := func(user string, pass []byte) (Vault, []byte, error) {
		v.users = map[string]string{user: string(pass)}
		v.user, v.unlocked = user, true
		return v, []byte("ABCD-EFGH"), nil
	}
	in := "bram\nkort\nfiets regen koffie\nfiets regen koffie\nABCD-XXXX\nabcd efgh\n3\n"
	var out bytes.Buffer
	if err := RunAccessible(strings.NewReader(in), &out, Options{Create: create}); err != nil {
		t.Fatal(err)
	}
	o := out.String()
	for _, want := range []string{"te kort", "A B C D, E F G H", "De code klopt niet", "Bewaard."} {
		if !strings.Contains(o, want) {
			t.Errorf("output lacks %q:\n%s", want, o)
		}
	}
	if v.users["bram"] != "fiets regen koffie" {
		t.Fatalf("vault made with %v", v.users)
	}
}

// TestAccessibleIdleLock: with nothing typed for LockAfter, the line mode
// locks the vault, says so, asks for the passphrase and then asks the
// same question again.
func TestAccessibleIdleLock(t *testing.T) {
	noSleep(t)
	v := sampleVault()
	pr, pw := io.Pipe()
	defer pw.Close()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- RunAccessible(pr, &out, Options{Vault: v, LockAfter: 300 * time.Millisecond,
			Now: func() time.Time { return day0 }})
	}()
	waitOut := func(want string, n int) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for strings.Count(out.String(), want) < n {
			if time.Now().After(deadline) {
				t.Fatalf("output never had %q %d times:\n%s", want, n, out.String())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	io.WriteString(pw, "anna\ncorrect horse battery\n")
	waitOut("Welkom, anna", 1)
	// Nothing typed: the lock comes.
	waitOut("Spreekuur is op slot gegaan", 1)
	if v.Unlocked() {
		t.Fatal("vault still unlocked after the idle time")
	}
	io.WriteString(pw, "correct horse battery\n")
	waitOut("Welkom, anna", 2)
	waitOut("Typ 1, 2 of 3:", 2) // the same question again
	io.WriteString(pw, "3\n")
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("session did not end")
	}
	o := out.String()
	if v.Unlocked() || !strings.Contains(o, "Sluit nu dit venster") {
		t.Fatalf("end of session:\n%s", o)
	}
	if strings.ContainsAny(o, "\x1b") {
		t.Fatal("escape codes written to a non-terminal")
	}
}
