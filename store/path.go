package store

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// FileName is the vault's file name inside the data directory.
const FileName = "spreekuur.db"

// DefaultPath returns the vault path in the user's data directory and
// creates that directory (mode 0700) if needed:
//
//	Linux and others: $XDG_DATA_HOME/spreekuur, else ~/.local/share/spreekuur
//	macOS:            ~/Library/Application Support/spreekuur
//	Windows:          %AppData%\spreekuur
func DefaultPath() (string, error) {
	dir, err := dataDir(runtime.GOOS, os.Getenv, os.UserHomeDir)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("store: create data directory: %w", err)
	}
	return filepath.Join(dir, FileName), nil
}

func dataDir(goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	switch goos {
	case "windows":
		if d := getenv("AppData"); d != "" {
			return filepath.Join(d, "spreekuur"), nil
		}
		return "", errors.New("store: %AppData% is not set")
	case "darwin", "ios":
		h, err := home()
		if err != nil {
			return "", fmt.Errorf("store: home directory: %w", err)
		}
		return filepath.Join(h, "Library", "Application Support", "spreekuur"), nil
	default:
		if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
			return filepath.Join(d, "spreekuur"), nil
		}
		h, err := home()
		if err != nil {
			return "", fmt.Errorf("store: home directory: %w", err)
		}
		return filepath.Join(h, ".local", "share", "spreekuur"), nil
	}
}

// Exists reports whether a file exists at path (it does not check that the
// file is a vault; Open does).
func Exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// NewID returns a random record ID: 16 random bytes as 32 hex characters.
// IDs are stored in plaintext, so they must carry no meaning.
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("store: no randomness: " + err.Error()) // crypto/rand never fails on supported systems
	}
	return hex.EncodeToString(b[:])
}

const maxIDLen = 128

// validID accepts 1..128 characters from [A-Za-z0-9._:/-]. IDs are
// plaintext on disk; the narrow alphabet keeps accidental free text (with
// spaces, accents) out of them. Use NewID or a fixed constant.
func validID(id string) error {
	if len(id) == 0 || len(id) > maxIDLen {
		return ErrInvalidID
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-' || c == '_' || c == '.' || c == ':' || c == '/':
		default:
			return ErrInvalidID
		}
	}
	return nil
}
