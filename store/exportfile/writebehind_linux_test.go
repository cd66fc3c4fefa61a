package exportfile

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestWriteBehindKeepsTheDisksError, on a real kernel: the disk fails
// while a large export is written (an ext4 on a loop device whose backing
// store runs out of room), and has room again before the export ends. The
// export either fails or is on the disk whole; never reported written and
// damaged. (The wait of the write-behind takes the error off the file:
// before it was kept, the final fsync saw nothing and 16 MiB of the file
// were zeros.) It needs root, unshare, mount and mkfs.ext4; skipped
// otherwise. The disk lives in a mount namespace of a child process, so
// nothing is left mounted or attached whatever becomes of the test.
func TestWriteBehindKeepsTheDisksError(t *testing.T) {
	if os.Getenv("EXPORTFILE_FAILING_DISK") != "" {
		failingDisk(t)
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root: a loop device and mounts")
	}
	for _, tool := range []string{"unshare", "mount", "mkfs.ext4"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s", tool)
		}
	}
	if out, err := exec.Command("unshare", "--mount", "--propagation", "private", "true").CombinedOutput(); err != nil {
		t.Skipf("no mount namespace here (a container?): %v: %s", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "unshare", "--mount", "--propagation", "private",
		os.Args[0], "-test.run=^TestWriteBehindKeepsTheDisksError$", "-test.v")
	cmd.Env = append(os.Environ(), "EXPORTFILE_FAILING_DISK=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if bytes.Contains(out, []byte("--- SKIP")) {
		t.Skipf("%s", out)
	}
	t.Logf("%s", out)
}

// failingDisk is the test itself, in the child's mount namespace.
func failingDisk(t *testing.T) {
	run := func(name string, args ...string) {
		t.Helper()
		if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
			t.Skipf("%s %v: %v: %s", name, args, err, out)
		}
	}
	back, disk := t.TempDir(), t.TempDir()
	run("mount", "-t", "tmpfs", "-o", "size=80m", "tmpfs", back)
	t.Cleanup(func() { _ = syscall.Unmount(back, 0) }) // before TempDir removes it
	img := filepath.Join(back, "img")
	f, err := os.Create(img)
	must(t, err)
	must(t, f.Truncate(1<<30))
	must(t, f.Close())
	run("mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0", img)
	run("mount", "-o", "loop", img, disk) // the loop device goes with the mount
	t.Cleanup(func() { _ = syscall.Unmount(disk, 0) })

	// Leave 12 MiB of room behind the disk.
	var st syscall.Statfs_t
	must(t, syscall.Statfs(back, &st))
	filler := filepath.Join(back, "filler")
	must(t, os.WriteFile(filler, make([]byte, int64(st.Bavail)*int64(st.Bsize)-12<<20), 0o600))

	want := make([]byte, 48<<20)
	_, _ = rand.Read(want)
	path := filepath.Join(disk, "x.age")
	werr := Write(path, false, func(w io.Writer) error {
		for i := range 48 {
			if i == 28 { // room again, long after the disk first failed
				time.Sleep(time.Second)
				if err := os.Remove(filler); err != nil {
					return err
				}
			}
			if _, err := w.Write(want[i<<20 : (i+1)<<20]); err != nil {
				return err
			}
		}
		return nil
	})

	// Read back from the disk, not from the page cache.
	must(t, syscall.Unmount(disk, 0))
	run("mount", "-o", "loop", img, disk)
	got, rerr := os.ReadFile(path)
	switch {
	case werr == nil && !bytes.Equal(got, want):
		t.Fatalf("Write reported the file written, but it differs on the disk (%d bytes, read: %v)", len(got), rerr)
	case werr != nil && rerr == nil:
		t.Fatalf("Write failed (%v) but left the file in place", werr)
	}
	fmt.Printf("Write: %v\n", werr)
}
