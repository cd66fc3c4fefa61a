package exportfile

import (
	"os"
	"time"
)

// staleAfter: on Windows a temporary file younger than this may belong to
// an export that is still running.
const staleAfter = time.Hour

func lockTemp(*os.File) {}

// stale reports whether the temporary file at path is old enough to be
// left by an interrupted export; one still open cannot be removed anyway.
func stale(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && time.Since(fi.ModTime()) > staleAfter
}
