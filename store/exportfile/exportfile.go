// Package exportfile writes the files that leave the vault — statistics,
// handover bundles, a resident's papers — the one way they are all
// written: readable by the user only, never half-written, and never over
// an existing file unless that was asked for.
package exportfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

var (
	// ErrExists: the file is already there and overwriting was not asked
	// for.
	ErrExists = errors.New("the file already exists")
	// ErrIsDir: the path names a directory.
	ErrIsDir = errors.New("is a directory")
)

// Check reports, before any work is done, whether Write to path could
// succeed as far as the path goes: ErrIsDir for a directory, ErrExists
// for an existing file (or symbolic link) without overwrite. Write checks
// again when it puts the file in place.
func Check(path string, overwrite bool) error {
	if path == "" {
		return errors.New("no file name given")
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s: %w", path, ErrIsDir)
	}
	if !overwrite {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%s: %w", path, ErrExists)
		}
	}
	return nil
}

// Write calls write with a buffered writer into a new temporary file
// (mode 0600) in the directory of path, syncs that file and only then
// puts it in place:
//
//   - without overwrite by a hard link, which fails if path exists (a
//     symbolic link, even a dangling one, counts as existing); on a file
//     system without hard links (FAT on a USB stick) by claiming the name
//     with O_EXCL and renaming over the claim;
//   - with overwrite by a rename, which replaces a file (or a symbolic
//     link itself, never its target) in one step.
//
// On any error, including one returned by write, the temporary file is
// removed and no file is left at path. An error of write is returned as
// it is, unless it came from writing to the file: then it is reported as
// "cannot write PATH: reason". Errors name path and the reason, never the
// system call.
func Write(path string, overwrite bool, write func(io.Writer) error) (err error) {
	if err := Check(path, overwrite); err != nil {
		return err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", filepath.Clean(dir), Reason(err))
	}
	tmpName := tmp.Name()
	lockTemp(tmp) // CleanStale in another process leaves it alone
	closed := false
	defer func() {
		if !closed {
			_ = tmp.Close()
		}
		// After a link the temporary name is a spare; after a rename it
		// is gone; after an error it is the unfinished file.
		_ = os.Remove(tmpName)
	}()
	if err := tmp.Chmod(0o600); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("cannot set the permissions of %s: %w", path, Reason(err))
	}
	fw := &fileWriter{f: tmp}
	bw := bufio.NewWriterSize(fw, 64<<10)
	if err := write(bw); err != nil {
		if fw.err != nil {
			return fmt.Errorf("cannot write %s: %w", path, Reason(fw.err))
		}
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, Reason(err))
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, Reason(err))
	}
	closed = true
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, Reason(err))
	}
	if overwrite {
		if err := os.Rename(tmpName, path); err != nil {
			if fi, serr := os.Stat(path); serr == nil && fi.IsDir() {
				return fmt.Errorf("%s: %w", path, ErrIsDir)
			}
			return fmt.Errorf("cannot create %s: %w", path, Reason(err))
		}
	} else if err := putNew(tmpName, path); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Clean(dir)); err == nil { // make the new name durable; not every system can sync a directory
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// tempName matches the temporary files Write makes: "." + the file's
// name + ".tmp-" + digits (os.CreateTemp's random part).
var tempName = regexp.MustCompile(`^\..+\.tmp-[0-9]+$`)

// CleanStale removes what interrupted Writes left in dir: temporary files
// of an export that was killed before it was put in place (an unfinished
// file, of no use to anyone). A temporary file that a running Write still
// holds is left alone (on Unix it holds a lock on it; on Windows it cannot
// be removed while open, and one younger than an hour is not tried). It
// returns the names it removed.
func CleanStale(dir string) ([]string, error) {
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var removed []string
	for _, e := range entries {
		if !e.Type().IsRegular() || !tempName.MatchString(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if !stale(p) {
			continue
		}
		if err := os.Remove(p); err == nil {
			removed = append(removed, e.Name())
		}
	}
	return removed, nil
}

// link is os.Link; tests replace it to act as a file system without hard
// links.
var link = os.Link

// putNew gives the finished file tmp the name path, failing if path
// exists.
func putNew(tmp, path string) error {
	err := link(tmp, path)
	if err == nil {
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return existsOrDir(path)
	}
	// No hard links here: claim the name, then rename over the claim.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return existsOrDir(path)
		}
		return fmt.Errorf("cannot create %s: %w", path, Reason(err))
	}
	_ = f.Close()
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("cannot create %s: %w", path, Reason(err))
	}
	return nil
}

func existsOrDir(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s: %w", path, ErrIsDir)
	}
	return fmt.Errorf("%s: %w", path, ErrExists)
}

// fileWriter remembers the first error of writing to the file, so Write
// can tell it from an error of the producer, and hands what it wrote to
// the disk chunk by chunk (writeBehind).
type fileWriter struct {
	f      *os.File
	err    error
	behind behind // what the disk was asked to write already
}

func (w *fileWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if err == nil {
		err = w.behind.wrote(w.f, n)
	}
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}

// Reason drops the *fs.PathError or *os.LinkError wrapper of a file
// system error (its text repeats the path and names the system call) and
// keeps the reason, e.g. "permission denied".
func Reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
