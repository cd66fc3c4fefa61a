package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"math/bits"
	"os"
)

// bbolt trusts its file: a page reference past the end, two pages swapped
// (a branch that now points at itself) or a cut-off file make it read
// outside its memory map (SIGSEGV/SIGBUS, which no recover catches) or
// descend forever. So before bbolt reads a vault, checkFile walks the
// file's structure with plain reads, the way bbolt would reach it, and
// refuses it with ErrDamaged when anything is out of place. What it checks
// (docs/FORMAT.md §1, "A damaged file"):
//
//   - a valid meta page (magic, version, checksum) and a page size bbolt
//     can use; the file is at least as long as the meta says (not cut off);
//   - the freelist page and every free page ID lie below the high-water mark;
//   - every branch page reachable from the root bucket: its ID is below
//     the high-water mark, its header names the same ID (a moved or
//     swapped page does not), it is reached once (no cycles), it is a
//     branch where the tree has branches (all leaves are equally deep),
//     its overflow stays below the high-water mark, and its elements and
//     keys lie inside it; every leaf it refers to is inside the file, not
//     free and referred to once; leaves of the root bucket hold the bucket
//     headers, which are followed the same way.
//
// Leaf pages of the vault's own buckets are checked by their page IDs
// only (see tree): reading them would touch every page of the file at
// each Open. Their elements are read by bbolt inside View and Update,
// which run with faults turned into panics (see safely). With leaves=true
// (Check) every leaf's header and elements are checked too.

// bbolt's on-disk constants (go.etcd.io/bbolt/internal/common).
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	boltHeaderSize   = 16
	boltElemSize     = 16
	boltBranchFlag   = 0x01
	boltLeafFlag     = 0x02
	boltMetaFlag     = 0x04
	boltFreelistFlag = 0x10
	boltBucketFlag   = 0x01
	boltNoFreelist   = ^uint64(0)
	boltMetaSize     = 64 // meta fields up to and including the checksum
	boltInBucketSize = 16
	maxTreeDepth     = 64 // a real tree of a vault is a handful of levels deep
)

// boltMeta is the part of bbolt's meta page checkFile needs.
type boltMeta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	hwm      uint64 // high-water mark: pages [0, hwm) are in use or free
	txid     uint64
}

func parseBoltMeta(b []byte) (boltMeta, bool) {
	if len(b) < boltHeaderSize+boltMetaSize {
		return boltMeta{}, false
	}
	hdr, m := b[:boltHeaderSize], b[boltHeaderSize:boltHeaderSize+boltMetaSize]
	le := binary.LittleEndian
	if le.Uint16(hdr[8:10]) != boltMetaFlag || le.Uint32(m[0:4]) != boltMagic || le.Uint32(m[4:8]) != boltVersion {
		return boltMeta{}, false
	}
	h := fnv.New64a()
	h.Write(m[:56])
	if h.Sum64() != le.Uint64(m[56:64]) {
		return boltMeta{}, false
	}
	return boltMeta{
		pageSize: le.Uint32(m[8:12]),
		root:     le.Uint64(m[16:24]),
		freelist: le.Uint64(m[32:40]),
		hwm:      le.Uint64(m[40:48]),
		txid:     le.Uint64(m[48:56]),
	}, true
}

// fileWalker reads pages of one bbolt file.
type fileWalker struct {
	r       io.ReaderAt
	meta    boltMeta
	seen    []uint64 // bit set of reached pages
	leaves  bool
	buf     []byte
	reached int
	// values counts the elements in the leaves of the buckets under the
	// root (with leaves): what Check will read.
	values int
	// With collect (Check, on a mapped file) the walk keeps every key and
	// value of the buckets under the root, in the mapped file, in bucket
	// and key order: bucket name's are kept(i) for i in spans[name]. They
	// are kept in chunks that are never copied as they grow.
	collect bool
	vals    [][]stored
	nvals   int
	spans   map[string][2]int
}

const keptChunk = 1 << 13

// kept returns the i-th value kept.
func (w *fileWalker) kept(i int) stored { return w.vals[i/keptChunk][i%keptChunk] }

func damaged(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrDamaged, fmt.Sprintf(format, args...))
}

// checkFile maps the file at path for Check and runs fn inside safely
// while it is mapped. fn walks it with walk, reading every page and, on a
// mapped file, keeping every value of the buckets under the root (see
// fileWalker.collect), which stay valid until fn returns. walk returns
// ErrNotVault or ErrDamaged with what is wrong.
func checkFile(path string, fn func(walk func() (*fileWalker, error)) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("store: open vault: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("store: open vault: %w", err)
	}
	r, done, err := mapFile(f, fi.Size())
	if err != nil {
		return err
	}
	defer done()
	_, mapped := r.(mappedFile)
	return safely(func() error {
		return fn(func() (*fileWalker, error) { return walk(r, fi.Size(), true, mapped) })
	})
}

// prefault maps the pages of m that the walk will read — those below the
// high-water mark, never a hole past it (on a full tmpfs reading one
// faults) — and reads a byte of each, on every core. The first read of a
// mapped page costs far more than what the walk then does with it (about
// 2 µs a page on the virtual machine of docs/PERFORMANCE.md, even with
// the pages mapped at once): this way every core pays a share. A page
// that faults here is left to the walk, which reports it.
func (m mappedFile) prefault(pages, pageSize uint64) {
	n := min(uint64(len(m)), pages*pageSize)
	populate(m[:n])
	workers := workersFor(int(pages))
	share := (pages + uint64(workers) - 1) / uint64(workers)
	sums := make([]byte, workers) // kept, so the reads are not left out
	_ = parallel(workers, workers, func(int) func(int) {
		return func(w int) {
			var s byte
			for p := uint64(w) * share; p < min(pages, uint64(w+1)*share); p++ {
				if off := p * pageSize; off < n {
					s += m[off]
				}
			}
			sums[w] = s
		}
	})
}

// walkOpenFile walks f through a read-only memory map where the system
// has one; a fault (the file cut off meanwhile by another program) is
// ErrDamaged.
func walkOpenFile(f *os.File, leaves bool) (w *fileWalker, err error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("store: open vault: %w", err)
	}
	r, done, err := mapFile(f, fi.Size())
	if err != nil {
		return nil, err
	}
	defer done()
	err = safely(func() error {
		var err error
		w, err = walkFile(r, fi.Size(), leaves)
		return err
	})
	if w != nil {
		w.r = nil // unmapped when this returns
	}
	return w, err
}

func walkFile(r io.ReaderAt, size int64, leaves bool) (*fileWalker, error) {
	return walk(r, size, leaves, false)
}

// walk is walkFile that, with collect, keeps the values (see
// fileWalker.collect): r must then be a mappedFile.
func walk(r io.ReaderAt, size int64, leaves, collect bool) (*fileWalker, error) {
	// The first meta page tells the page size; bbolt's page sizes are
	// powers of two from 512 bytes to 64 KiB (the OS page size by default).
	head := make([]byte, boltHeaderSize+boltMetaSize)
	if n, _ := r.ReadAt(head, 0); n < len(head) {
		if n >= 20 && binary.LittleEndian.Uint32(head[16:20]) == boltMagic {
			return nil, damaged("the file is cut off after %d bytes", size)
		}
		return nil, ErrNotVault
	}
	var metas []boltMeta
	if m, ok := parseBoltMeta(head); ok {
		metas = append(metas, m)
	}
	magic0 := binary.LittleEndian.Uint32(head[16:20]) == boltMagic
	// The second meta page sits one page further; find it with the first
	// page's page size, else try every size bbolt can use.
	var sizes []uint32
	if len(metas) == 1 {
		sizes = []uint32{metas[0].pageSize}
	} else {
		for s := uint32(512); s <= 64<<10; s <<= 1 {
			sizes = append(sizes, s)
		}
	}
	magic1 := false
	for _, ps := range sizes {
		if !validPageSize(ps) {
			continue
		}
		b := make([]byte, len(head))
		if n, _ := r.ReadAt(b, int64(ps)); n < len(b) {
			continue
		}
		if binary.LittleEndian.Uint32(b[16:20]) == boltMagic {
			magic1 = true
		}
		if m, ok := parseBoltMeta(b); ok && m.pageSize == ps {
			metas = append(metas, m)
			break
		}
	}
	if len(metas) == 0 {
		if magic0 || magic1 {
			return nil, damaged("both meta pages fail their checksum")
		}
		return nil, ErrNotVault
	}
	// bbolt uses the valid meta with the highest transaction ID.
	m := metas[0]
	if len(metas) == 2 && metas[1].txid > m.txid {
		m = metas[1]
	}
	if !validPageSize(m.pageSize) {
		return nil, damaged("page size %d", m.pageSize)
	}
	ps := uint64(m.pageSize)
	if m.hwm < 3 {
		return nil, damaged("high-water mark %d", m.hwm)
	}
	if m.hwm > uint64(size)/ps {
		return nil, damaged("the file is cut off: %d bytes where its meta page counts %d pages of %d", size, m.hwm, ps)
	}
	w := &fileWalker{r: r, meta: m, seen: make([]uint64, (m.hwm+63)/64), leaves: leaves, buf: make([]byte, ps)}
	if collect {
		w.collect, w.spans = true, map[string][2]int{}
		if mf, ok := r.(mappedFile); ok {
			mf.prefault(m.hwm, ps)
		}
	}
	w.mark(0)
	w.mark(1)
	if err := w.freelist(); err != nil {
		return nil, err
	}
	if err := w.tree(m.root, 0, true); err != nil {
		return nil, err
	}
	return w, nil
}

func validPageSize(ps uint32) bool {
	return ps >= 512 && ps <= 64<<10 && bits.OnesCount32(ps) == 1
}

func (w *fileWalker) mark(id uint64) bool {
	if w.seen[id/64]&(1<<(id%64)) != 0 {
		return false
	}
	w.seen[id/64] |= 1 << (id % 64)
	w.reached++
	return true
}

// mappedFile is a file mapped into memory: the walker reads its pages in
// place instead of copying each (the whole file, for check).
type mappedFile []byte

func (m mappedFile) ReadAt(p []byte, off int64) (int, error) {
	b, err := m.slice(off, int64(len(p)))
	n := copy(p, b)
	return n, err
}

// slice returns the n bytes at off, without copying.
func (m mappedFile) slice(off, n int64) ([]byte, error) {
	if off < 0 || n < 0 || off > int64(len(m)) || n > int64(len(m))-off {
		if off >= 0 && off < int64(len(m)) {
			return m[off:], io.EOF
		}
		return nil, io.EOF
	}
	return m[off : off+n : off+n], nil
}

// at returns the n bytes of the file at off: in place when it is mapped,
// else read into buf.
func (w *fileWalker) at(buf []byte, off, n int64) ([]byte, error) {
	if m, ok := w.r.(mappedFile); ok {
		return m.slice(off, n)
	}
	if int64(cap(buf)) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	_, err := w.r.ReadAt(buf, off)
	return buf, err
}

// header reads the page header of id.
func (w *fileWalker) header(id uint64) (flags uint16, count int, overflow uint64, err error) {
	var hb [boltHeaderSize]byte
	h, err := w.at(hb[:], int64(id*uint64(w.meta.pageSize)), boltHeaderSize)
	if err != nil {
		return 0, 0, 0, damaged("page %d cannot be read", id)
	}
	le := binary.LittleEndian
	if got := le.Uint64(h[0:8]); got != id {
		return 0, 0, 0, damaged("page %d holds page %d (moved or overwritten)", id, got)
	}
	flags, count, overflow = le.Uint16(h[8:10]), int(le.Uint16(h[10:12])), uint64(le.Uint32(h[12:16]))
	if id+overflow >= w.meta.hwm {
		return 0, 0, 0, damaged("page %d runs past the end (%d overflow pages)", id, overflow)
	}
	return flags, count, overflow, nil
}

// read returns page id with its overflow pages.
func (w *fileWalker) read(id, overflow uint64) ([]byte, error) {
	n := (overflow + 1) * uint64(w.meta.pageSize)
	if n > 64<<20 {
		return nil, damaged("page %d claims %d bytes", id, n)
	}
	if uint64(cap(w.buf)) < n {
		w.buf = make([]byte, n)
	}
	b, err := w.at(w.buf, int64(id*uint64(w.meta.pageSize)), int64(n))
	if err != nil {
		return nil, damaged("page %d cannot be read", id)
	}
	return b, nil
}

func (w *fileWalker) freelist() error {
	id := w.meta.freelist
	if id == boltNoFreelist {
		return nil
	}
	if id < 2 || id >= w.meta.hwm {
		return damaged("freelist page %d is out of range", id)
	}
	flags, count, overflow, err := w.header(id)
	if err != nil {
		return err
	}
	if flags != boltFreelistFlag {
		return damaged("freelist page %d has type %#x", id, flags)
	}
	p, err := w.read(id, overflow)
	if err != nil {
		return err
	}
	for i := uint64(0); i <= overflow; i++ {
		if !w.mark(id + i) {
			return damaged("page %d is used twice", id+i)
		}
	}
	start := uint64(boltHeaderSize)
	n := uint64(count)
	if count == 0xFFFF {
		n = binary.LittleEndian.Uint64(p[boltHeaderSize:])
		start += 8
	}
	if n > (uint64(len(p))-start)/8 {
		return damaged("freelist page %d lists %d pages", id, n)
	}
	for i := uint64(0); i < n; i++ {
		free := binary.LittleEndian.Uint64(p[start+8*i:])
		if free < 2 || free >= w.meta.hwm {
			return damaged("free page %d is out of range", free)
		}
		w.mark(free) // a free page reached again as part of the tree is caught there
	}
	return nil
}

// tree walks the pages of one bucket from its root page, depth first.
// inRoot says the leaves hold bucket headers (the root bucket).
//
// In a bbolt tree every leaf is equally deep. Unless leaves (Check) or
// inRoot, the leaves of the vault's own buckets are not read: their page
// IDs are checked (inside the file, not free, reached once) but not their
// headers, which would touch every page of the file at each Open. A
// reference to a leaf cannot make bbolt loop: leaves refer to nothing,
// bbolt itself checks that a page it reads names its own ID, and a page
// that is neither free nor reachable (where a stale branch could hide)
// does not exist in a sound file — check, with leaves, reports any.
func (w *fileWalker) tree(root uint64, depth int, inRoot bool) error {
	leafLevel, err := w.leafLevel(root)
	if err != nil {
		return err
	}
	type frame struct {
		id    uint64
		level int
	}
	stack := []frame{{root, 0}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if f.id < 2 || f.id >= w.meta.hwm {
			return damaged("a page refers to page %d, outside the file's %d pages", f.id, w.meta.hwm)
		}
		if f.level == leafLevel && !inRoot && !w.leaves {
			if !w.mark(f.id) {
				return damaged("page %d is reached twice (a loop, or a free page in use)", f.id)
			}
			continue
		}
		flags, count, overflow, err := w.header(f.id)
		if err != nil {
			return err
		}
		for i := uint64(0); i <= overflow; i++ {
			if !w.mark(f.id + i) {
				return damaged("page %d is reached twice (a loop, or a free page in use)", f.id+i)
			}
		}
		switch {
		case flags == boltBranchFlag && f.level < leafLevel:
			p, err := w.read(f.id, overflow)
			if err != nil {
				return err
			}
			children, err := elements(p, count, f.id, true)
			if err != nil {
				return err
			}
			for i := len(children) - 1; i >= 0; i-- { // first child on top: key order
				stack = append(stack, frame{children[i], f.level + 1})
			}
		case flags == boltLeafFlag && f.level == leafLevel:
			p, err := w.read(f.id, overflow)
			if err != nil {
				return err
			}
			if inRoot {
				// buckets walks on with w.buf: keep this page apart.
				if err := w.buckets(bytes.Clone(p), count, f.id, depth); err != nil {
					return err
				}
			} else if _, err := elements(p, count, f.id, false); err != nil {
				return err
			} else {
				w.values += count
				w.keep(p, count)
			}
		case flags == boltBranchFlag || flags == boltLeafFlag:
			return damaged("page %d is a %s where the tree's leaves are %d levels down", f.id, map[bool]string{true: "branch", false: "leaf"}[flags == boltBranchFlag], leafLevel)
		default:
			return damaged("page %d has type %#x where a branch or leaf page belongs", f.id, flags)
		}
	}
	return nil
}

// leafLevel follows the first child from root down to a leaf and returns
// how many levels down it is.
func (w *fileWalker) leafLevel(root uint64) (int, error) {
	id := root
	for level := 0; level <= maxTreeDepth; level++ {
		if id < 2 || id >= w.meta.hwm {
			return 0, damaged("a page refers to page %d, outside the file's %d pages", id, w.meta.hwm)
		}
		flags, count, overflow, err := w.header(id)
		if err != nil {
			return 0, err
		}
		switch flags {
		case boltLeafFlag:
			return level, nil
		case boltBranchFlag:
			p, err := w.read(id, overflow)
			if err != nil {
				return 0, err
			}
			children, err := elements(p, count, id, true)
			if err != nil {
				return 0, err
			}
			id = children[0]
		default:
			return 0, damaged("page %d has type %#x where a branch or leaf page belongs", id, flags)
		}
	}
	return 0, damaged("the tree under page %d is deeper than %d levels", root, maxTreeDepth)
}

// elements checks that count elements and their keys (and values) lie
// inside page p; for a branch page it returns the child page IDs.
func elements(p []byte, count int, id uint64, branch bool) ([]uint64, error) {
	if count == 0 && branch {
		return nil, damaged("branch page %d is empty", id)
	}
	if boltHeaderSize+count*boltElemSize > len(p) {
		return nil, damaged("page %d has %d elements, more than fit", id, count)
	}
	le := binary.LittleEndian
	var children []uint64
	for i := 0; i < count; i++ {
		off := boltHeaderSize + i*boltElemSize
		e := p[off : off+boltElemSize]
		var pos, ksize, vsize uint64
		if branch {
			pos, ksize = uint64(le.Uint32(e[0:4])), uint64(le.Uint32(e[4:8]))
			children = append(children, le.Uint64(e[8:16]))
		} else {
			pos, ksize, vsize = uint64(le.Uint32(e[4:8])), uint64(le.Uint32(e[8:12])), uint64(le.Uint32(e[12:16]))
		}
		if uint64(off)+pos+ksize+vsize > uint64(len(p)) {
			return nil, damaged("an element of page %d lies outside it", id)
		}
	}
	return children, nil
}

// buckets follows the bucket headers in a leaf page of the root bucket.
func (w *fileWalker) buckets(p []byte, count int, id uint64, depth int) error {
	if _, err := elements(p, count, id, false); err != nil {
		return err
	}
	le := binary.LittleEndian
	for i := 0; i < count; i++ {
		off := boltHeaderSize + i*boltElemSize
		e := p[off : off+boltElemSize]
		if le.Uint32(e[0:4])&boltBucketFlag == 0 {
			continue // a value in the root bucket: the vault has none, Check reports it
		}
		pos, ksize, vsize := int(le.Uint32(e[4:8])), int(le.Uint32(e[8:12])), int(le.Uint32(e[12:16]))
		v := p[off+pos+ksize : off+pos+ksize+vsize]
		if len(v) < boltInBucketSize {
			return damaged("a bucket header in page %d is too short", id)
		}
		name, from := string(p[off+pos:off+pos+ksize]), w.nvals
		if root := le.Uint64(v[0:8]); root != 0 {
			if err := w.tree(root, depth+1, false); err != nil {
				return err
			}
		} else {
			// An inline bucket: a leaf page inside the value.
			in := v[boltInBucketSize:]
			if len(in) < boltHeaderSize || le.Uint16(in[8:10]) != boltLeafFlag {
				return damaged("an inline bucket in page %d is not a leaf page", id)
			}
			// Its elements are checked even when leaves are not walked:
			// bbolt reads them in place, and an element pointing out of
			// the value would have it read memory outside the file (a
			// random flip did: checkptr stopped the race build).
			n := int(le.Uint16(in[10:12]))
			if _, err := elements(in, n, id, false); err != nil {
				return err
			}
			if w.leaves {
				w.values += n
				w.keep(in, n)
			}
		}
		if w.collect {
			if _, twice := w.spans[name]; twice { // not in a sound file: let bbolt read it
				w.collect, w.vals, w.spans = false, nil, nil
				continue
			}
			w.spans[name] = [2]int{from, w.nvals}
		}
	}
	return nil
}

// keep collects the count keys and values of leaf page p (collect);
// elements has checked that they lie inside it. A nested bucket's value
// is nil, as bbolt gives it.
func (w *fileWalker) keep(p []byte, count int) {
	if !w.collect {
		return
	}
	le := binary.LittleEndian
	for i := 0; i < count; i++ {
		off := boltHeaderSize + i*boltElemSize
		e := p[off : off+boltElemSize]
		pos, ksize, vsize := off+int(le.Uint32(e[4:8])), int(le.Uint32(e[8:12])), int(le.Uint32(e[12:16]))
		k := p[pos : pos+ksize : pos+ksize]
		var v []byte
		if le.Uint32(e[0:4])&boltBucketFlag == 0 {
			v = p[pos+ksize : pos+ksize+vsize : pos+ksize+vsize]
		}
		if w.nvals%keptChunk == 0 {
			w.vals = append(w.vals, make([]stored, 0, keptChunk))
		}
		last := len(w.vals) - 1
		w.vals[last] = append(w.vals[last], stored{k, v})
		w.nvals++
	}
}

// unreachable counts pages below the high-water mark that are neither
// reachable nor free: space bbolt lost, not damage to what it holds.
// Meaningful only after a walk with leaves.
func (w *fileWalker) unreachable() int {
	return int(w.meta.hwm) - w.reached
}
