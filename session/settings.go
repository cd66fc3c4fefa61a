package session

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/bundle"
)

// The settings a supporter makes once (issue 16): where handovers go (the
// office's age recipient, the folder), who stands behind the papers (the
// organisation), this laptop's keys, and the statistics' minimum cell
// size. Bundles need the vault itself (one transaction, one snapshot), so
// these work on a session over a real vault only (FromVault).

// ErrNeedsVault: the session's store is not a vault (a test's fake).
var ErrNeedsVault = errors.New("session: this needs the vault itself")

// ErrSecretKeyFile: the file given for the office's public key holds a
// secret age key. That key must never be on a laptop that hands over
// (docs/BUNDLE.md §6); nothing was read from it.
var ErrSecretKeyFile = errors.New("session: the file holds a secret key")

// vault is the vault behind the session.
func (s *Session) vault() (*store.Vault, error) {
	if vs, ok := s.st.(*vaultStore); ok {
		return vs.v, nil
	}
	return nil, ErrNeedsVault
}

// handoverSettingsID is the fixed ID, in store.KindMeta, of the handover
// settings.
const handoverSettingsID = "handover-settings"

type handoverSettings struct {
	V         int    `json:"v"`
	Recipient string `json:"office_recipient,omitempty"` // "age1…"
	Folder    string `json:"folder,omitempty"`           // where the last handover was written
}

// Settings is what the settings screen shows.
type Settings struct {
	// Office is the office's age recipient ("age1…"; "" when not set) and
	// OfficePrint its fingerprint (Fingerprint), to compare by phone.
	Office, OfficePrint string
	// Folder is where handover files go by default ("" = not chosen yet).
	Folder       string
	Organisation store.Organisation
	// Laptop is this laptop's name, its public signing key in minisign's
	// format (the "RW…" line), the key's ID, and the age recipient others
	// encrypt to when a bundle is meant for this vault, with its
	// fingerprint.
	Laptop, PublicKey, KeyID, Recipient, RecipientPrint string
	StatThreshold                                       int
}

// Settings reads the settings; this laptop's keys are made the first
// time. Only a supporter may (store.ErrNotPermitted otherwise).
func (s *Session) Settings() (Settings, error) {
	v, err := s.vault()
	if err != nil {
		return Settings{}, err
	}
	self, err := bundle.LaptopSelf(v, s.now())
	if err != nil {
		return Settings{}, err
	}
	hs, err := readHandoverSettings(v)
	if err != nil {
		return Settings{}, err
	}
	org, err := v.Organisation()
	if err != nil {
		return Settings{}, err
	}
	st, err := v.StatSettings()
	if err != nil {
		return Settings{}, err
	}
	out := Settings{
		Office: hs.Recipient, Folder: hs.Folder, Organisation: org,
		Laptop: self.Name, PublicKey: self.PublicKey.String(), KeyID: bundle.KeyID(self.PublicKey.ID()),
		Recipient: self.Recipient.String(), StatThreshold: st.Threshold,
	}
	out.RecipientPrint = Fingerprint(out.Recipient)
	if out.Office != "" {
		out.OfficePrint = Fingerprint(out.Office)
	}
	return out, nil
}

// Fingerprint is a short form of an age recipient to read out and compare
// by phone: the first four bytes of its SHA-256, in two groups of four
// hexadecimal digits ("9F3A-0C71").
func Fingerprint(recipient string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(recipient)))
	h := strings.ToUpper(hex.EncodeToString(sum[:4]))
	return h[:4] + "-" + h[4:]
}

// GroupKeyID writes a signing key's ID in groups of four, to read out.
// The groups are joined by no-break spaces, so a wrapped sentence never
// splits the number.
func GroupKeyID(id string) string {
	var b strings.Builder
	for i, r := range id {
		if i > 0 && (len(id)-i)%4 == 0 {
			b.WriteString("\u00a0")
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SetOffice sets the office's age recipient from what was typed: the
// recipient itself ("age1…"), or the name of a file that holds it (such as
// the line age-keygen prints as "# public key: age1…"). It returns the
// recipient as stored. A file that holds a secret key is refused
// (ErrSecretKeyFile), as is anything that is not one X25519 recipient
// (bundle.ErrBadRecipient).
func (s *Session) SetOffice(typed string) (string, error) {
	v, err := s.vault()
	if err != nil {
		return "", err
	}
	if err := v.RequireSupporter(); err != nil {
		return "", err
	}
	text := strings.TrimSpace(typed)
	if !strings.HasPrefix(text, "age1") {
		if text, err = recipientFromFile(text); err != nil {
			return "", err
		}
	}
	r, err := bundle.ParseRecipient(text)
	if err != nil {
		return "", err
	}
	return r.String(), s.logSetting("office-key", updateHandoverSettings(v, func(h *handoverSettings) { h.Recipient = r.String() }))
}

// maxRecipientFile bounds a file read for a recipient.
const maxRecipientFile = 16 << 10

// recipientFromFile finds the one age recipient in a file.
func recipientFromFile(name string) (string, error) {
	if name == "" {
		return "", bundle.ErrBadRecipient
	}
	f, err := os.Open(expandHome(name))
	if err != nil {
		return "", fmt.Errorf("%w: cannot read the file", bundle.ErrBadRecipient)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxRecipientFile+1))
	defer clear(data)
	if err != nil || len(data) > maxRecipientFile {
		return "", fmt.Errorf("%w: not a short text file", bundle.ErrBadRecipient)
	}
	if strings.Contains(strings.ToUpper(string(data)), "AGE-SECRET-KEY-") {
		return "", ErrSecretKeyFile
	}
	found := ""
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		for _, w := range strings.Fields(sc.Text()) {
			if strings.HasPrefix(w, "age1") {
				if found != "" && found != w {
					return "", fmt.Errorf("%w: the file holds more than one key", bundle.ErrBadRecipient)
				}
				found = w
			}
		}
	}
	if found == "" {
		return "", bundle.ErrBadRecipient
	}
	return found, nil
}

// expandHome turns a leading ~ into the home folder.
func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") || strings.HasPrefix(p, `~\`) {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[1:])
		}
	}
	return p
}

// SetFolder sets the folder handover files go to by default. It must
// exist.
func (s *Session) SetFolder(dir string) (string, error) {
	v, err := s.vault()
	if err != nil {
		return "", err
	}
	if err := v.RequireSupporter(); err != nil {
		return "", err
	}
	abs, err := checkFolder(dir)
	if err != nil {
		return "", err
	}
	return abs, s.logSetting("folder", updateHandoverSettings(v, func(h *handoverSettings) { h.Folder = abs }))
}

// logSetting puts a setting changed (err nil) in the access log.
func (s *Session) logSetting(detail string, err error) error {
	if err != nil {
		return err
	}
	return s.Log(Event{Action: store.ActSetting, Purpose: store.PurposeSecurity, Detail: detail})
}

// ErrNoFolder: the folder does not exist (or is a file).
var ErrNoFolder = errors.New("session: no such folder")

func checkFolder(dir string) (string, error) {
	dir = strings.TrimSpace(dir)
	if dir == "" {
		return "", ErrNoFolder
	}
	abs, err := filepath.Abs(expandHome(dir))
	if err != nil {
		return "", ErrNoFolder
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return "", ErrNoFolder
	}
	return abs, nil
}

// SetLaptopName renames this laptop (the name its signatures carry).
func (s *Session) SetLaptopName(name string) error {
	v, err := s.vault()
	if err != nil {
		return err
	}
	_, err = bundle.SetLaptopName(v, name, s.now())
	return s.logSetting("laptop-name", err)
}

// SetOrganisation sets the organisation's name and phone number.
func (s *Session) SetOrganisation(name, phone string) error {
	v, err := s.vault()
	if err != nil {
		return err
	}
	_, err = v.SetOrganisation(name, phone, s.now())
	return s.logSetting("organisation", err)
}

// SetStatThreshold sets the minimum cell size of published statistics.
func (s *Session) SetStatThreshold(n int) error {
	v, err := s.vault()
	if err != nil {
		return err
	}
	_, err = v.SetStatThreshold(n, s.now())
	return s.logSetting("stats-threshold", err)
}

// LaptopSelf is this laptop's public signing key in minisign's
// public-key file format, for the office to register.
func (s *Session) LaptopSelf() (pubFile []byte, name string, err error) {
	v, err := s.vault()
	if err != nil {
		return nil, "", err
	}
	self, err := bundle.LaptopSelf(v, s.now())
	if err != nil {
		return nil, "", err
	}
	return bundle.PublicKeyFile(self.PublicKey), self.Name, nil
}

// Laptop is a registered laptop as the screens and the CLI show it.
type Laptop = bundle.Laptop

// Laptops lists the laptops whose bundles this vault accepts (and those
// removed).
func (s *Session) Laptops() ([]Laptop, error) {
	v, err := s.vault()
	if err != nil {
		return nil, err
	}
	return bundle.Laptops(v)
}

// AddLaptop registers a laptop by its public key (the "RW…" line or its
// whole public-key file, or the name of that file).
func (s *Session) AddLaptop(name, key string) (Laptop, error) {
	v, err := s.vault()
	if err != nil {
		return Laptop{}, err
	}
	key = strings.TrimSpace(key)
	if key != "" && !strings.HasPrefix(key, "RW") && !strings.HasPrefix(key, "untrusted comment:") {
		if data, err := readSmallFile(key, 1024); err == nil {
			key = string(data)
		}
	}
	l, err := bundle.AddLaptop(v, name, key, s.now())
	return l, s.logSetting("laptop-add", err)
}

// RemoveLaptop takes a laptop off the list.
func (s *Session) RemoveLaptop(name string) (Laptop, error) {
	v, err := s.vault()
	if err != nil {
		return Laptop{}, err
	}
	l, err := bundle.RemoveLaptop(v, name, s.now())
	return l, s.logSetting("laptop-remove", err)
}

func readSmallFile(name string, limit int64) ([]byte, error) {
	f, err := os.Open(expandHome(name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

func readHandoverSettings(v *store.Vault) (handoverSettings, error) {
	var h handoverSettings
	err := v.View(func(tx *store.Tx) error { return tx.Get(store.KindMeta, handoverSettingsID, &h) })
	if errors.Is(err, store.ErrNotFound) {
		return handoverSettings{V: 1}, nil
	}
	if err == nil && h.V != 1 {
		err = fmt.Errorf("session: handover settings of version %d: %w", h.V, store.ErrUnsupportedFormat)
	}
	return h, err
}

func updateHandoverSettings(v *store.Vault, change func(*handoverSettings)) error {
	return v.Update(func(tx *store.Tx) error {
		h := handoverSettings{V: 1}
		if err := tx.Get(store.KindMeta, handoverSettingsID, &h); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		change(&h)
		return tx.Put(store.KindMeta, handoverSettingsID, h)
	})
}
