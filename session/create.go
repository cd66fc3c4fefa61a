package session

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode"

	"github.com/spreekuur/spreekuur/store"
)

// First run. A vault must never exist with a recovery code nobody wrote
// down: the new vault is made under a temporary name, and only when the
// code is typed back is it renamed to the real path. Stopping before that
// (ctrl+c, a crash, the battery) leaves no vault; the next start begins the
// first run again and removes the leftover.

// Pending is a new vault whose recovery code has not been typed back yet.
type Pending struct {
	path, tmp string
	user      string
	opt       store.Options
	v         *store.Vault
	code      []byte
	pass      []byte
}

// pendingPath is where a vault waits for its recovery code.
func pendingPath(path string) string { return path + ".new" }

// CreateVault makes a new vault for user at a temporary path next to path.
// pass is copied (the caller wipes its own); the copy is wiped by Confirm
// or Abandon.
func CreateVault(path, user string, pass []byte, opt store.Options) (*Pending, error) {
	if store.Exists(path) {
		return nil, ErrVaultExists
	}
	tmp := pendingPath(path)
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("session: remove an unfinished vault: %w", err)
	}
	v, code, err := store.Create(tmp, user, store.RoleSupporter, pass, opt)
	if err != nil {
		return nil, err
	}
	name, _ := v.User()
	return &Pending{path: path, tmp: tmp, user: name, opt: opt, v: v, code: code, pass: append([]byte(nil), pass...)}, nil
}

// Code is the recovery code, to show once.
func (p *Pending) Code() []byte { return p.code }

// User is the first user's name as stored.
func (p *Pending) User() string { return p.user }

// Confirm checks the code typed back (case, spaces and dashes do not
// matter) and, when it matches, puts the vault in its place and returns it
// unlocked. A mismatch returns ErrRecoveryMismatch and changes nothing.
func (p *Pending) Confirm(typed string) (*store.Vault, error) {
	if p.v == nil {
		return nil, ErrLocked
	}
	if NormaliseCode(typed) != NormaliseCode(string(p.code)) {
		return nil, ErrRecoveryMismatch
	}
	if err := p.v.Close(); err != nil {
		return nil, err
	}
	p.v = nil
	if store.Exists(p.path) { // made by another copy meanwhile
		p.Abandon()
		return nil, ErrVaultExists
	}
	if err := os.Rename(p.tmp, p.path); err != nil {
		p.Abandon()
		return nil, fmt.Errorf("session: put the new vault in place: %w", err)
	}
	v, err := store.Open(p.path, p.opt)
	if err != nil {
		p.wipe()
		return nil, err
	}
	err = v.Unlock(p.user, p.pass)
	p.wipe()
	if err != nil {
		_ = v.Close()
		return nil, err
	}
	return v, nil
}

// Abandon removes the unfinished vault and wipes the secrets.
func (p *Pending) Abandon() {
	if p.v != nil {
		p.v.Lock()
		_ = p.v.Close()
		p.v = nil
	}
	_ = os.Remove(p.tmp)
	p.wipe()
}

func (p *Pending) wipe() {
	clear(p.code)
	clear(p.pass)
	p.code, p.pass = nil, nil
}

// NormaliseCode keeps only letters and digits, in capitals: how a typed-back
// recovery code is compared.
func NormaliseCode(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}
