package bundle

import (
	"io"

	jsonexp "github.com/go-json-experiment/json/v1"
)

// An import decodes every line of a bundle twice (pass 1 to check it,
// pass 3 to write it), and encoding/json's decoding was the largest part
// of its processor time (issue 13). These two decode lines with the
// engine that is encoding/json from Go 1.27 on (encoding/json v1 on top
// of json/v2, github.com/go-json-experiment/json/v1), about twice as fast
// on a bundle's lines. encoding/json stays the reference (parseLine,
// strictUnmarshal):
//
//   - pass 1 decodes a chunk's lines with newLinesDecoder, and any line it
//     does not take decodes again by itself with parseLine, so the error
//     a user sees is the reference's;
//   - pass 3 decodes with unmarshalChecked only lines pass 1 accepted (the
//     SHA-256 of each line is compared first).
//
// FuzzLineDecodersAgree holds them to the reference: a line either
// decoder accepts, the reference accepts, with the same record.

// newLinesDecoder is json.NewDecoder(r) with DisallowUnknownFields, on
// the faster engine.
func newLinesDecoder(r io.Reader) *jsonexp.Decoder {
	dec := jsonexp.NewDecoder(r)
	dec.DisallowUnknownFields()
	return dec
}

// unmarshalChecked is json.Unmarshal on the faster engine, for a line
// pass 1 accepted.
func unmarshalChecked(raw []byte, l *bundleLine) error {
	return jsonexp.Unmarshal(raw, l)
}
