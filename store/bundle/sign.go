package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"aead.dev/minisign"
	"github.com/spreekuur/spreekuur/store"
)

// Signatures (docs/BUNDLE.md §9). Every bundle is signed by the laptop
// that wrote it: a minisign signature (Ed25519 over the BLAKE2b-512 of the
// encrypted file, minisign's "ED" algorithm) in FILE.minisig, whose
// trusted comment names the laptop, the user and the time. The receiving
// vault accepts a bundle only if a laptop it registered signed it.

// SignatureSuffix is appended to a bundle's file name for its signature.
const SignatureSuffix = ".minisig"

// commentPrefix starts the trusted comment of every bundle signature; the
// JSON of Signed follows it.
const commentPrefix = "spreekuur-bundle-signature v1 "

// maxSignatureFile bounds the signature file read: four short lines.
const maxSignatureFile = 4 << 10

// Signed is what a signature's trusted comment says: which laptop signed
// the bundle, who was working on it, and when.
type Signed struct {
	Laptop string    `json:"laptop"`
	User   string    `json:"user"`
	Date   time.Time `json:"date"`
}

func (s Signed) comment() (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return "", err
	}
	return commentPrefix + strings.TrimSuffix(buf.String(), "\n"), nil
}

func parseComment(c string) (Signed, error) {
	rest, ok := strings.CutPrefix(c, commentPrefix)
	if !ok {
		return Signed{}, errors.New("not a spreekuur bundle signature")
	}
	var s Signed
	if err := strictUnmarshal([]byte(rest), &s); err != nil {
		return Signed{}, err
	}
	if s.Date.IsZero() {
		return Signed{}, errors.New("no date")
	}
	return s, nil
}

var (
	// ErrUnsigned: the bundle has no signature file beside it.
	ErrUnsigned = errors.New("bundle: the bundle is not signed")
	// ErrBadSignature: the signature does not match the file (the file
	// or its signature was changed or cut off), or is no signature of a
	// spreekuur bundle.
	ErrBadSignature = errors.New("bundle: the signature does not match the bundle")
	// ErrUnknownLaptop: a laptop that is not registered here signed the
	// bundle. Returned as a *SignerError.
	ErrUnknownLaptop = errors.New("bundle: signed by a laptop that is not registered")
	// ErrLaptopRemoved: a laptop that was taken off the list signed the
	// bundle. Returned as a *SignerError.
	ErrLaptopRemoved = errors.New("bundle: signed by a laptop that was removed")
)

// SignerError names the laptop whose bundle was refused.
type SignerError struct {
	// Laptop: for a removed laptop, its registered name; for an unknown
	// one, the name its signature claims (not checked: anyone can write
	// it), made inert.
	Laptop    string
	KeyID     string    // the signing key's ID, as minisign shows it
	RemovedAt time.Time // when a removed laptop was removed
	err       error
}

func (e *SignerError) Error() string {
	return fmt.Sprintf("%v: %q (key %s)", e.err, e.Laptop, e.KeyID)
}

// Unwrap gives ErrUnknownLaptop or ErrLaptopRemoved.
func (e *SignerError) Unwrap() error { return e.err }

// Sender is who sent a bundle whose signature checked out.
type Sender struct {
	Laptop string // the name the receiving vault registered the laptop under
	KeyID  string
	Signed Signed // the trusted comment: the laptop's own name, the user, the time
}

// signingWriter passes what is written on to w and hashes it for the
// signature. minisign.Reader hashes what is read through it, so the
// written bytes are fed to it through a small buffer.
type signingWriter struct {
	w    io.Writer
	r    *minisign.Reader
	feed feed
	buf  []byte
}

type feed struct{ p []byte }

func (f *feed) Read(b []byte) (int, error) {
	n := copy(b, f.p)
	f.p = f.p[n:]
	return n, nil
}

func newSigningWriter(w io.Writer) *signingWriter {
	s := &signingWriter{w: w, buf: make([]byte, 32<<10)}
	s.r = minisign.NewReader(&s.feed)
	return s
}

func (s *signingWriter) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	s.feed.p = p[:n]
	for len(s.feed.p) > 0 {
		_, _ = s.r.Read(s.buf) // feed never fails
	}
	return n, err
}

// sign returns the text of FILE.minisig for everything written.
func (s *signingWriter) sign(k *laptopKeys, who Signed) ([]byte, error) {
	_, priv, err := k.signer()
	if err != nil {
		return nil, err
	}
	defer clearPrivate(&priv)
	c, err := who.comment()
	if err != nil {
		return nil, err
	}
	return s.r.SignWithComments(priv, c, "signature from spreekuur secret key "+KeyID(priv.ID())), nil
}

// signatureOf parses a signature file's text.
func signatureOf(text []byte) (minisign.Signature, error) {
	var sig minisign.Signature
	if len(text) > maxSignatureFile || sig.UnmarshalText(text) != nil || sig.Algorithm != minisign.HashEdDSA {
		return minisign.Signature{}, fmt.Errorf("%w: not a minisign signature of a spreekuur bundle", ErrBadSignature)
	}
	return sig, nil
}

// Verify checks the signature sig (the text of FILE.minisig) over the
// bundle file read from r: the key must be a laptop this vault registered
// and not removed, and the signature must match every byte. Errors:
// ErrBadSignature, or a *SignerError (ErrUnknownLaptop, ErrLaptopRemoved).
func Verify(v *store.Vault, r io.Reader, sig []byte) (Sender, error) {
	c, err := checkSignature(v, r, sig)
	return c.sender, err
}

// checkedSignature is a signature that checked out, with the key, so that
// OpenFile can check it again over the bytes it decrypts.
type checkedSignature struct {
	sender Sender
	pub    minisign.PublicKey
}

func checkSignature(v *store.Vault, r io.Reader, sig []byte) (checkedSignature, error) {
	if err := v.RequireSupporter(); err != nil {
		return checkedSignature{}, err
	}
	s, err := signatureOf(sig)
	if err != nil {
		return checkedSignature{}, err
	}
	var l Laptop
	var ok bool
	if err := v.View(func(tx *store.Tx) (err error) { l, ok, err = registered(tx, s.KeyID); return err }); err != nil {
		return checkedSignature{}, err
	}
	keyID := KeyID(s.KeyID)
	switch {
	case !ok:
		claim := "?"
		if c, err := parseComment(s.TrustedComment); err == nil {
			claim = inert(c.Laptop)
		}
		return checkedSignature{}, &SignerError{Laptop: claim, KeyID: keyID, err: ErrUnknownLaptop}
	case l.Removed():
		return checkedSignature{}, &SignerError{Laptop: l.Name, KeyID: keyID, RemovedAt: l.RemovedAt, err: ErrLaptopRemoved}
	}
	pub, err := ParsePublicKey(l.PublicKey)
	if err != nil || pub.ID() != s.KeyID {
		return checkedSignature{}, fmt.Errorf("bundle: the registered key of a laptop is damaged: %w", store.ErrTampered)
	}
	mr := minisign.NewReader(r)
	if _, err := io.Copy(io.Discard, mr); err != nil {
		return checkedSignature{}, err
	}
	if !mr.Verify(pub, sig) {
		return checkedSignature{}, fmt.Errorf("%w: the file or its signature was changed", ErrBadSignature)
	}
	c, err := parseComment(s.TrustedComment)
	if err != nil {
		return checkedSignature{}, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	c.Laptop, c.User = inert(c.Laptop), inert(c.User)
	return checkedSignature{sender: Sender{Laptop: l.Name, KeyID: keyID, Signed: c}, pub: pub}, nil
}

// inert keeps a name from a signature fit to print: control and invisible
// characters become '?', and it is cut to MaxLaptopName characters.
func inert(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == MaxLaptopName {
			b.WriteString("…")
			break
		}
		if !unicode.IsPrint(r) {
			r = '?'
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
