package bundle

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"aead.dev/minisign"
	"filippo.io/age"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/exportfile"
)

// Incoming is a bundle file whose signature checked out and whose
// contents decrypted and verified: nothing of it is in the vault yet.
type Incoming struct {
	Bundle *Bundle
	From   Sender
	File   string // the file's name, without its folder
}

// OpenOptions are the identities to decrypt with and a progress report.
type OpenOptions struct {
	// Identities decrypt the bundle; none means this vault's own
	// receiving key (LaptopSelf's Recipient).
	Identities []age.Identity
	// Progress, if set, is called as the file is read: the signature
	// check reads it once and the decryption once more, so total is twice
	// the file's size.
	Progress func(done, total int64)
}

// OpenFile reads the bundle at path and its signature at path+".minisig".
// The signature is checked first, against the laptops this vault
// registered, before anything is decrypted; then the file is decrypted,
// verified and decoded whole, and the signature is checked again over the
// bytes that were decrypted, so a file that changed between the two reads
// is refused too. Nothing is written to the vault.
//
// Errors: ErrUnsigned, ErrBadSignature, a *SignerError, ErrNotBundle,
// ErrWrongIdentity, ErrDamaged, ErrMalformed, ErrUnsupportedVersion, or a
// file that cannot be read ("cannot read PATH: reason").
func OpenFile(v *store.Vault, path string, opt OpenOptions) (*Incoming, error) {
	if err := v.RequireSupporter(); err != nil {
		return nil, err
	}
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sig, err := readSignature(path)
	if err != nil {
		return nil, err
	}
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	progress := func(base int64) io.Writer {
		return &progressWriter{done: base, total: 2 * size, report: opt.Progress}
	}

	checked, err := checkSignature(v, readErrors(path, tee(f, opt.Progress, progress(0))), sig)
	if err != nil {
		return nil, err
	}
	ids := opt.Identities
	if len(ids) == 0 {
		id, err := ownIdentity(v)
		if err != nil {
			return nil, err
		}
		ids = []age.Identity{id}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, exportfile.Reason(err))
	}
	again := minisign.NewReader(readErrors(path, tee(f, opt.Progress, progress(size))))
	b, err := Open(again, ids...)
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(io.Discard, again); err != nil {
		return nil, err
	}
	if !again.Verify(checked.pub, sig) {
		return nil, fmt.Errorf("%w: the file changed while it was read", ErrBadSignature)
	}
	return &Incoming{Bundle: b, From: checked.sender, File: filepath.Base(path)}, nil
}

// ownIdentity is this vault's receiving key.
func ownIdentity(v *store.Vault) (*age.X25519Identity, error) {
	k, err := readLaptopKeys(v)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("%w: this vault has no receiving key yet", ErrWrongIdentity)
	}
	if err != nil {
		return nil, err
	}
	defer k.wipe()
	return k.identity()
}

func readSignature(path string) ([]byte, error) {
	f, err := openRegular(path + SignatureSuffix)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s is missing", ErrUnsigned, filepath.Base(path)+SignatureSuffix)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sig, err := io.ReadAll(io.LimitReader(f, maxSignatureFile+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path+SignatureSuffix, exportfile.Reason(err))
	}
	return sig, nil
}

// openRegular opens a file for reading; a folder is ErrNotBundle.
func openRegular(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("cannot read %s: %w", path, fs.ErrNotExist)
		}
		return nil, fmt.Errorf("cannot read %s: %w", path, exportfile.Reason(err))
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		_ = f.Close()
		return nil, fmt.Errorf("%s: %w", path, ErrNotBundle)
	}
	return f, nil
}

// tee reports what is read from r to w when there is someone to report to.
func tee(r io.Reader, report func(done, total int64), w io.Writer) io.Reader {
	if report == nil {
		return r
	}
	return io.TeeReader(r, w)
}

// progressWriter counts the bytes written to it and reports the count.
type progressWriter struct {
	done, total int64
	report      func(done, total int64)
}

func (p *progressWriter) Write(b []byte) (int, error) {
	p.done += int64(len(b))
	p.report(p.done, p.total)
	return len(b), nil
}

// readErrors names the file in a read error of r.
func readErrors(path string, r io.Reader) io.Reader { return fileReader{path, r} }

type fileReader struct {
	path string
	r    io.Reader
}

func (f fileReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = fmt.Errorf("cannot read %s: %w", f.path, exportfile.Reason(err))
	}
	return n, err
}
