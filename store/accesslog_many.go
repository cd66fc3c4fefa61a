package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// An import logs one entry per resident, 100,000 of them, and each entry
// was numbered, encoded, sealed and summed into the digest one after
// another on one core. Only the chain is sequential — an entry holds the
// hash of the one before — and the hash is a small part of the work:
// putLogEntries encodes the entries on every core with a placeholder
// where the previous hash goes, fills it in and hashes them in order,
// then seals and sums them on every core and puts them in key order.

// zeroPrev is the placeholder an entry is encoded with before the hash of
// the one before it is known.
var zeroPrev = hex.EncodeToString(make([]byte, sha256.Size))

// putLogEntries numbers es on from head, chains, seals and stores them,
// calls stored (if set) with each as stored, and returns the new head:
// a few one by one, many on every core.
func (tx *Tx) putLogEntries(es []LogEntry, head logHead, device string, stored func(i int, e LogEntry)) (logHead, error) {
	n := len(es)
	workers := workersFor(n)
	if workers == 1 {
		// A few (most saves log one): one by one costs less than the
		// placeholder and a digest sum of their own.
		for i, e := range es {
			e.Seq, e.Prev, e.Event, e.Device = head.seq+1, hex.EncodeToString(head.hash[:]), NewID(), device
			e.At = e.At.UTC().Truncate(time.Millisecond)
			hash, err := tx.putLogEntry(e)
			if err != nil {
				return head, err
			}
			if stored != nil {
				stored(i, e)
			}
			head = logHead{seq: e.Seq, hash: hash}
		}
		return head, nil
	}
	sealer, err := tx.logSealer()
	if err != nil {
		return head, err
	}
	ents, plains, errs := make([]LogEntry, n), make([][]byte, n), make([]error, n)
	defer func() {
		for _, p := range plains {
			clear(p)
		}
	}()
	err = parallel(n, workers, func(int) func(i int) {
		return func(i int) {
			e := es[i]
			e.Seq, e.Prev, e.Event, e.Device = head.seq+1+uint64(i), zeroPrev, NewID(), device
			e.At = e.At.UTC().Truncate(time.Millisecond)
			ents[i] = e
			plains[i], errs[i] = json.Marshal(e)
		}
	})
	if err != nil {
		return head, err
	}
	for i := range ents {
		if errs[i] != nil {
			return head, errs[i]
		}
		ents[i].Prev = hex.EncodeToString(head.hash[:])
		if !fillPrev(plains[i], ents[i].Seq, ents[i].Prev) {
			clear(plains[i])
			if plains[i], err = json.Marshal(ents[i]); err != nil {
				return head, err
			}
		}
		head = logHead{seq: ents[i].Seq, hash: logHash(plains[i])}
	}
	keys, sealed := make([]string, n), make([][]byte, n)
	sums := newDigestWorkers(tx.keys.digest, workers, 1)
	err = parallel(n, workers, func(w int) func(i int) {
		return func(i int) {
			keys[i] = logKey(ents[i].Seq)
			if sealed[i], errs[i] = sealer(keys[i], plains[i]); errs[i] == nil {
				sums.add(w, 0, bucketLog, []byte(keys[i]), sealed[i])
			}
			clear(plains[i])
		}
	})
	if err != nil {
		return head, err
	}
	for _, err := range errs {
		if err != nil {
			return head, err
		}
	}
	b, err := tx.btx.CreateBucketIfNotExists([]byte(bucketLog))
	if err != nil {
		return head, fmt.Errorf("store: %s: %w", bucketLog, err)
	}
	if tx.ordered[bucketLog] {
		b.FillPercent = 1
	}
	// After the last entry in the file (the usual case), an entry replaces
	// none; after a damaged head it may.
	replace := !after(b, keys)
	for i, key := range keys {
		if replace {
			if old := b.Get([]byte(key)); old != nil {
				tx.delta.apply(tx.keys.digest, bucketLog, []byte(key), old, -1)
			}
		}
		if err := b.Put([]byte(key), sealed[i]); err != nil {
			return head, err
		}
	}
	tx.delta.added(bucketLog, sums.sum(0))
	if stored != nil {
		for i, e := range ents {
			stored(i, e)
		}
	}
	return head, nil
}

// putLogEntry seals and stores one entry, numbered and chained, and
// returns the hash of its plaintext (the next entry's Prev).
func (tx *Tx) putLogEntry(e LogEntry) ([sha256.Size]byte, error) {
	plain, err := json.Marshal(e)
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	defer clear(plain)
	key := logKey(e.Seq)
	sealed, err := tx.sealLogEntry(key, plain)
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	return logHash(plain), tx.put(bucketLog, []byte(key), sealed)
}

// fillPrev writes prev over the placeholder in plain, an entry numbered
// seq encoded with Prev zeroPrev: its JSON begins {"seq":N,"prev":"…",
// and a hexadecimal string is encoded as it is, so the result is the
// entry's encoding with prev. False if plain is not so.
func fillPrev(plain []byte, seq uint64, prev string) bool {
	head := `{"seq":` + strconv.FormatUint(seq, 10) + `,"prev":"`
	at := len(head)
	if len(prev) != len(zeroPrev) || len(plain) < at+len(zeroPrev)+1 || !bytes.HasPrefix(plain, []byte(head)) ||
		string(plain[at:at+len(zeroPrev)]) != zeroPrev || plain[at+len(zeroPrev)] != '"' {
		return false
	}
	copy(plain[at:], prev)
	return true
}

// logSealer is sealLogEntry for several goroutines: the group's public
// key, where it is needed, is read from the file first.
func (tx *Tx) logSealer() (func(key string, plain []byte) ([]byte, error), error) {
	if tx.keys.group != nil {
		return tx.sealLogEntry, nil // reads nothing from the file
	}
	pub := tx.keys.groupPub
	if pub == nil {
		pub = tx.btx.Bucket([]byte(bucketVault)).Get([]byte(groupPubKey))
	}
	if len(pub) != ephemeralLen {
		return nil, errNoGroupPub
	}
	return func(key string, plain []byte) ([]byte, error) {
		sealed, err := sealToPublic(nil, pub, logInfo, recordAD(tx.v.version, bucketLog, key), plain)
		if err != nil {
			return nil, err
		}
		return append([]byte{logLayout, logSealPublic}, sealed...), nil
	}, nil
}
