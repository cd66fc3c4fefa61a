package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/bundle"
)

// usageError is a mistake in how the command was called: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// exitCodes are the exit codes of the errors a person can cause that are
// not plain failures (exit code 1). Their sentences, in Dutch and English,
// are session.CommandSentence's: one list for the app, the line mode and
// the command line (session/sentences.go). The sentences never contain
// record contents or user names.
var exitCodes = []struct {
	err  error
	code int
}{
	{store.ErrWrongPassphrase, exitWrongPassword},
	{store.ErrBadRecoveryCode, exitWrongPassword},
	{store.ErrKeysRenewed, exitWrongPassword},
	{store.ErrVaultInUse, exitVaultInUse},
	{store.ErrInvalidName, exitUsage},
	{store.ErrInvalidRole, exitUsage},
	{store.ErrOrganisation, exitUsage},
	{store.ErrRetention, exitUsage},
	{bundle.ErrBadRecipient, exitUsage},
}

// msgLang is the language of the sentences on stderr: --lang when it was
// given, else the environment (LC_ALL, LC_MESSAGES, LANG starting with
// "nl"), else English.
var msgLang = langFromEnv()

func langFromEnv() string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "nl") {
				return "nl"
			}
			return "en"
		}
	}
	return "en"
}

// commandErrors are the command line's own errors, with their sentence
// in Dutch and English (the session's are in session/sentences.go).
var commandErrors = []struct {
	err    error
	nl, en string
}{
	{errRealVault, "deze kluis heeft echte gegevens; kies met --db een nieuw bestand voor voorbeeldgegevens",
		"this vault holds real data; use --db with a new file for demo data"},
	{errNoNotesKey, "een coördinator kan geen papieren van een bewoner maken: dat doet een cliëntondersteuner of kompaan",
		"a coordinator cannot export a resident's papers: this needs a supporter or kompaan, who hold the notes key"},
	{errUnknownIntake, "er is geen gesprek met dat nummer in deze kluis", "there is no intake with that ID in this vault"},
	{errKompaanPapers, "een kompaan maakt alleen papieren van gesprekken waar hij of zij bij was",
		"a kompaan can export only the papers of conversations they took part in"},
	{errKompaanAccess, "een kompaan kan niet alles van een bewoner exporteren; vraag het de cliëntondersteuner",
		"a kompaan cannot export a resident's whole file; ask the supporter"},
	{errUnknownResident, "er is geen bewoner met dat nummer in deze kluis", "there is no resident with that ID in this vault"},
}

// explain turns an error into one sentence and an exit code.
func explain(err error) (string, int) {
	var ue usageError
	if errors.As(err, &ue) {
		return ue.msg, exitUsage
	}
	for _, e := range commandErrors {
		if errors.Is(err, e.err) {
			return say(e.nl, e.en), exitFailure
		}
	}
	if errors.Is(err, store.ErrNotPermitted) && strings.Contains(err.Error(), "remove yourself") {
		return say("u kunt uzelf niet verwijderen; vraag een andere cliëntondersteuner", "you cannot remove yourself; ask another supporter"), exitFailure
	}
	if msg, ok := session.CommandSentence(err, msgLang); ok {
		code := exitFailure
		for _, e := range exitCodes {
			if errors.Is(err, e.err) {
				code = e.code
				break
			}
		}
		return lowerFirst(msg), code
	}
	// Not one of ours: an I/O or system error. Its text names files and
	// system calls, never record contents.
	return strings.TrimPrefix(err.Error(), "store: "), exitFailure
}

// lowerFirst starts a sentence in lower case, after "spreekuur: ".
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// fail prints err as one sentence on stderr and returns its exit code.
func fail(err error) int {
	msg, code := explain(err)
	fmt.Fprintf(os.Stderr, "spreekuur: %s.\n", strings.TrimSuffix(msg, "."))
	return code
}
