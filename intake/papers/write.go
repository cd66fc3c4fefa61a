package papers

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists is returned by WriteFile when the file is already there and
// overwriting was not asked for.
var ErrExists = errors.New("the file already exists")

// WriteFile writes data to path, readable and writable by the user only
// (mode 0600), for the CLI and the screens alike. The data first goes to
// a temporary file in the same directory (mode 0600), which is synced and
// then renamed into place, so a crash or a full disk never leaves a
// half-written paper; on any error the temporary file is removed.
//
// Without overwrite, an existing path is refused with ErrExists: the name
// is claimed with O_EXCL before the rename, so two writers cannot both
// win. With overwrite, the rename replaces what is there (a symbolic link
// is replaced itself, its target is left alone).
func WriteFile(path string, data []byte, overwrite bool) (err error) {
	if path == "" {
		return errors.New("no file name given")
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if !overwrite {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%s: %w", path, ErrExists)
		}
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", filepath.Clean(dir), unwrapPath(err))
	}
	tmpName := tmp.Name()
	claimed := false
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmpName)
			if claimed {
				_ = os.Remove(path)
			}
		}
	}()
	if err := tmp.Chmod(0o600); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("cannot set the permissions of %s: %w", path, unwrapPath(err))
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	if !overwrite {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%s: %w", path, ErrExists)
			}
			return fmt.Errorf("cannot create %s: %w", path, unwrapPath(err))
		}
		claimed = true
		_ = f.Close()
	}
	if err := os.Rename(tmpName, path); err != nil {
		return fmt.Errorf("cannot create %s: %w", path, unwrapPath(err))
	}
	if d, err := os.Open(dir); err == nil { // make the rename durable; not every system can sync a directory
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// unwrapPath drops the *PathError wrapper (its text repeats the path and
// names the system call) and keeps the reason, e.g. "permission denied".
func unwrapPath(err error) error {
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
