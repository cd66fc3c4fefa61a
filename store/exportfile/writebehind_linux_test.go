package exportfile

import (
	"bytes"
	"crypto/rand"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWriteBehindKeepsTheDisksError, on a real kernel: a disk that fails
// for a moment (an ext4 on a loop device whose backing store runs out of
// room, then has room again, as a bad patch of a cheap USB stick) while a
// large export is written. The export either fails or is on the disk
// whole; never reported written and damaged. (The wait of the
// write-behind takes the error off the file: before it was kept, the
// final fsync saw nothing and 16 MiB of the file were zeros.) It needs
// root, a loop device and mkfs.ext4; skipped otherwise.
func TestWriteBehindKeepsTheDisksError(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: a loop device and mounts")
	}
	if _, err := exec.LookPath("mkfs.ext4"); err != nil {
		t.Skip("no mkfs.ext4")
	}
	run := func(name string, args ...string) string {
		t.Helper()
		out, err := exec.Command(name, args...).CombinedOutput()
		if err != nil {
			t.Skipf("%s %v: %v: %s", name, args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	back := t.TempDir()
	if err := syscall.Mount("tmpfs", back, "tmpfs", 0, "size=80m"); err != nil {
		t.Skipf("cannot mount a tmpfs: %v", err)
	}
	t.Cleanup(func() { _ = syscall.Unmount(back, 0) })
	img := filepath.Join(back, "img")
	f, err := os.Create(img)
	must(t, err)
	must(t, f.Truncate(1<<30))
	must(t, f.Close())
	run("mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0", img)
	loop := run("losetup", "-f", "--show", img)
	t.Cleanup(func() { _ = exec.Command("losetup", "-d", loop).Run() })
	disk := t.TempDir()
	if err := syscall.Mount(loop, disk, "ext4", 0, ""); err != nil {
		t.Skipf("cannot mount the loop device: %v", err)
	}
	mounted := true
	t.Cleanup(func() {
		if mounted {
			_ = syscall.Unmount(disk, 0)
		}
	})

	// Leave 12 MiB of room behind the disk.
	var st syscall.Statfs_t
	must(t, syscall.Statfs(back, &st))
	filler := filepath.Join(back, "filler")
	must(t, os.WriteFile(filler, make([]byte, int64(st.Bavail)*st.Bsize-12<<20), 0o600))

	want := make([]byte, 48<<20)
	_, _ = rand.Read(want)
	path := filepath.Join(disk, "x.age")
	werr := Write(path, false, func(w io.Writer) error {
		for i := range 48 {
			if i == 28 { // room again, once the disk has failed
				time.Sleep(time.Second)
				must(t, os.Remove(filler))
			}
			if _, err := w.Write(want[i<<20 : (i+1)<<20]); err != nil {
				return err
			}
		}
		return nil
	})

	// Read back from the disk, not from the page cache.
	must(t, syscall.Unmount(disk, 0))
	mounted = false
	must(t, syscall.Mount(loop, disk, "ext4", 0, ""))
	mounted = true
	got, rerr := os.ReadFile(path)
	switch {
	case werr == nil && !bytes.Equal(got, want):
		t.Fatalf("Write reported the file written, but it differs on the disk (%d bytes, read: %v)", len(got), rerr)
	case werr != nil && rerr == nil:
		t.Fatalf("Write failed (%v) but left the file in place", werr)
	}
	t.Logf("Write: %v", werr)
}
