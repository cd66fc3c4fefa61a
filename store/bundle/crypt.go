package bundle

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
)

// ageMagic starts every binary age file (age-encryption.org/v1).
const ageMagic = "age-encryption.org/v1\n"

// maxIdentityFile bounds an identity file: a few keys and comments.
const maxIdentityFile = 64 << 10

// ParseRecipient parses the office's public key, "age1…". Only X25519
// recipients are accepted: they are what `age-keygen` makes and what the
// Debian age package (1.1) can decrypt.
func ParseRecipient(s string) (*age.X25519Recipient, error) {
	r, err := age.ParseX25519Recipient(strings.TrimSpace(s))
	if err != nil {
		return nil, ErrBadRecipient // the age error repeats the input
	}
	return r, nil
}

// ParseIdentities reads an age identity file (as written by age-keygen).
// Its error never contains key material.
func ParseIdentities(r io.Reader) ([]age.Identity, error) {
	lr := &io.LimitedReader{R: r, N: maxIdentityFile + 1}
	ids, err := age.ParseIdentities(lr)
	if lr.N <= 0 {
		return nil, fmt.Errorf("%w: the file is too large", ErrBadIdentity)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadIdentity, err)
	}
	return ids, nil
}

// Encrypt returns a writer that encrypts to the recipient and writes the
// age file to w. Close it to write the final chunk; it does not close w.
func Encrypt(w io.Writer, to age.Recipient) (io.WriteCloser, error) {
	return age.Encrypt(w, to)
}

// Open decrypts an age file with the identities and decodes the bundle
// inside, verifying everything before returning. Errors wrap
// ErrNotBundle (not an age file, or no bundle inside), ErrWrongIdentity,
// ErrDamaged (authentication failed, cut off, checksum), ErrMalformed or
// ErrUnsupportedVersion.
func Open(r io.Reader, ids ...age.Identity) (*Bundle, error) {
	plain, err := decrypt(r, ids...)
	if err != nil {
		return nil, err
	}
	b, err := Decode(plain)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// decrypt checks that r is an age file and returns its plaintext as a
// stream: every read error of it (a chunk that fails authentication, a
// cut-off stream) is ErrDamaged.
func decrypt(r io.Reader, ids ...age.Identity) (io.Reader, error) {
	if len(ids) == 0 {
		return nil, ErrBadIdentity
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(len(ageMagic))
	if err != nil || string(head) != ageMagic {
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: not an age-encrypted file", ErrNotBundle)
	}
	plain, err := age.Decrypt(br, ids...)
	if err != nil {
		var noMatch *age.NoIdentityMatchError
		if errors.As(err, &noMatch) {
			return nil, ErrWrongIdentity
		}
		// A header that does not parse, or whose MAC fails, after the
		// age magic: a damaged file.
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return damagedOnError{plain}, nil
}

// damagedOnError marks every read error of the age payload reader (a chunk
// that fails authentication, a cut-off stream) as ErrDamaged.
type damagedOnError struct{ r io.Reader }

func (d damagedOnError) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return n, err
}
