package store

import (
	"bytes"
	"crypto/ecdh"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// accessLogVector pins the access log (docs/FORMAT.md §9): two entries,
// the first sealed under the group key (a supporter), the second to the
// group's X25519 public key (a kompaan or coordinator), their chain hashes
// and the head. Every field is hex but the plaintexts; the test recomputes
// each from the inputs.
type accessLogVector struct {
	Comment  string `json:"comment"`
	GroupKey string `json:"group_key"`
	StatsKey string `json:"stats_key"`
	Version  uint32 `json:"version"`

	Entry1Plain string `json:"entry1_plaintext"` // JSON, seq 1, prev 64 zeros
	Entry1Nonce string `json:"entry1_nonce"`
	Entry1Value string `json:"entry1_value"` // 0x01 0x01 ‖ envelope under the group key, AD recordAD(3, "accesslog", "0000000000000001")
	Entry1Hash  string `json:"entry1_hash"`  // SHA-256("spreekuur-log" 0x00 ‖ plaintext)

	Entry2Plain     string `json:"entry2_plaintext"` // seq 2, prev = entry1_hash
	Entry2Ephemeral string `json:"entry2_ephemeral_private"`
	Entry2Value     string `json:"entry2_value"` // 0x01 0x02 ‖ ephemeral public (32) ‖ envelope under HKDF(X25519, salt eph ‖ group public, info "spreekuur-log-x25519")
	Entry2Hash      string `json:"entry2_hash"`

	HeadPlain string `json:"head_plaintext"` // 0x01 ‖ u64be seq ‖ hash of the last entry
	HeadNonce string `json:"head_nonce"`
	HeadValue string `json:"head_value"` // envelope under the statistics key, AD recordAD(3, "accesslog", "head")
}

func TestAccessLogVector(t *testing.T) {
	path := filepath.Join("testdata", "accesslog.json")
	if *update {
		writeAccessLogVector(t, path)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v accessLogVector
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	got := computeAccessLogVector(t, v)
	if got != v {
		b, _ := json.MarshalIndent(got, "", "  ")
		t.Fatalf("the access log's format changed; now:\n%s", b)
	}
	// The stored values open through the vault's own reader, as a
	// supporter's transaction would, and chain.
	group, _ := newSecretKey(unhex(t, v.GroupKey))
	stats, _ := newSecretKey(unhex(t, v.StatsKey))
	keys := &keySet{group: group, stats: stats}
	tx := &Tx{v: &Vault{version: v.Version}, keys: keys}
	p1, err := tx.openLogEntry([]byte(logKey(1)), unhex(t, v.Entry1Value))
	if err != nil || string(p1) != v.Entry1Plain {
		t.Fatalf("entry 1: %q %v", p1, err)
	}
	p2, err := tx.openLogEntry([]byte(logKey(2)), unhex(t, v.Entry2Value))
	if err != nil || string(p2) != v.Entry2Plain {
		t.Fatalf("entry 2: %q %v", p2, err)
	}
	var e2 LogEntry
	if err := json.Unmarshal(p2, &e2); err != nil || e2.Prev != v.Entry1Hash {
		t.Fatalf("entry 2 does not chain to entry 1: %v %q", err, e2.Prev)
	}
	// Not in another place.
	if _, err := tx.openLogEntry([]byte(logKey(3)), unhex(t, v.Entry1Value)); err == nil {
		t.Fatal("entry 1 opened as entry 3")
	}
}

func computeAccessLogVector(t *testing.T, in accessLogVector) accessLogVector {
	t.Helper()
	out := accessLogVector{Comment: in.Comment, GroupKey: in.GroupKey, StatsKey: in.StatsKey, Version: in.Version,
		Entry1Plain: in.Entry1Plain, Entry1Nonce: in.Entry1Nonce, Entry2Plain: in.Entry2Plain, Entry2Ephemeral: in.Entry2Ephemeral,
		HeadNonce: in.HeadNonce}
	group, err := newSecretKey(unhex(t, in.GroupKey))
	if err != nil {
		t.Fatal(err)
	}
	stats, _ := newSecretKey(unhex(t, in.StatsKey))
	env, err := sealWithNonce(group.aead, unhex(t, in.Entry1Nonce), recordAD(in.Version, bucketLog, logKey(1)), []byte(in.Entry1Plain))
	if err != nil {
		t.Fatal(err)
	}
	out.Entry1Value = hex.EncodeToString(append([]byte{logLayout, logSealGroup}, env...))
	h1 := logHash([]byte(in.Entry1Plain))
	out.Entry1Hash = hex.EncodeToString(h1[:])

	priv, err := groupPrivate(group)
	if err != nil {
		t.Fatal(err)
	}
	eph, err := ecdh.X25519().NewPrivateKey(unhex(t, in.Entry2Ephemeral))
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := sealToPublic(eph, priv.PublicKey().Bytes(), logInfo, recordAD(in.Version, bucketLog, logKey(2)), []byte(in.Entry2Plain))
	if err != nil {
		t.Fatal(err)
	}
	v2 := append([]byte{logLayout, logSealPublic}, sealed...)
	// The envelope's nonce is random: keep the stored value when it has
	// the same ephemeral key (it is checked to open in the test).
	if old := unhex(t, in.Entry2Value); len(old) > 2+ephemeralLen && bytes.Equal(old[:2+ephemeralLen], v2[:2+ephemeralLen]) {
		v2 = old
	}
	out.Entry2Value = hex.EncodeToString(v2)
	h2 := logHash([]byte(in.Entry2Plain))
	out.Entry2Hash = hex.EncodeToString(h2[:])

	head := logHead{seq: 2, hash: h2}.encode()
	out.HeadPlain = hex.EncodeToString(head)
	hv, err := sealWithNonce(stats.aead, unhex(t, in.HeadNonce), recordAD(in.Version, bucketLog, logHeadID), head)
	if err != nil {
		t.Fatal(err)
	}
	out.HeadValue = hex.EncodeToString(hv)
	return out
}

func writeAccessLogVector(t *testing.T, path string) {
	seq := func(start byte, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = start + byte(i)
		}
		return hex.EncodeToString(b)
	}
	in := accessLogVector{
		Comment: "the access log (docs/FORMAT.md §9); made by TestAccessLogVector -update. " +
			"An entry is stored under 16 hex digits of its number as 0x01 (layout) ‖ 0x01 ‖ envelope under the group key, " +
			"or 0x01 ‖ 0x02 ‖ ephemeral X25519 public key ‖ envelope under HKDF-SHA-256(X25519 shared secret, salt = ephemeral ‖ group public key, info \"spreekuur-log-x25519\"); " +
			"the envelope's AD is the record AD of (bucket \"accesslog\", the key). hash = SHA-256(\"spreekuur-log\" 0x00 ‖ plaintext); " +
			"each entry's prev is the previous entry's hash in hex. The head (key \"head\") is 0x01 ‖ u64be last seq ‖ last hash, sealed under the statistics key.",
		GroupKey: seq(0x10, 32), StatsKey: seq(0x40, 32), Version: 3,
		Entry1Plain: `{"seq":1,"prev":"0000000000000000000000000000000000000000000000000000000000000000","event":"00112233445566778899aabbccddeeff","at":"2026-03-12T10:00:00Z","action":"read","outcome":"ok","user":"Anna de Vries","role":"supporter","resident":"0123456789abcdef0123456789abcdef","intake":"fedcba9876543210fedcba9876543210","purpose":"intake","device":"a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"}`,
		Entry1Nonce: seq(0x30, 24), Entry2Ephemeral: seq(0xc0, 32), HeadNonce: seq(0x50, 24),
	}
	h1 := logHash([]byte(in.Entry1Plain))
	in.Entry2Plain = `{"seq":2,"prev":"` + hex.EncodeToString(h1[:]) + `","event":"ffeeddccbbaa99887766554433221100","at":"2026-03-12T10:05:00Z","action":"change","outcome":"ok","user":"Kees","role":"kompaan","intake":"fedcba9876543210fedcba9876543210","purpose":"intake","device":"a0a1a2a3a4a5a6a7a8a9aaabacadaeaf","detail":"scan"}`
	v := computeAccessLogVector(t, in)
	b, _ := json.MarshalIndent(v, "", "  ")
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
