package papers

import (
	"io"

	"github.com/spreekuur/spreekuur/store/exportfile"
)

// ErrExists is returned by WriteFile when the file is already there and
// overwriting was not asked for. It is exportfile.ErrExists.
var ErrExists = exportfile.ErrExists

// WriteFile writes data to path, readable and writable by the user only
// (mode 0600), for the CLI and the screens alike, with exportfile.Write: a
// temporary file in the same directory, synced, then put in place, so a
// crash or a full disk never leaves a half-written paper.
//
// Without overwrite, an existing path (a symbolic link too) is refused
// with ErrExists, also when it appears while the paper is written. With
// overwrite, what is there is replaced (a symbolic link itself, its target
// is left alone). A directory is refused with exportfile.ErrIsDir.
func WriteFile(path string, data []byte, overwrite bool) error {
	return exportfile.Write(path, overwrite, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
