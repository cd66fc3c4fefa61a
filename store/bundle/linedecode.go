package bundle

import (
	"io"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// An import decodes every line of a bundle twice (pass 1 to check it,
// pass 3 to write it), and encoding/json's decoding was the largest part
// of its processor time (issue 13). These decode lines with the engine
// that is encoding/json from Go 1.27 on (json/v2 with encoding/json's
// options, github.com/go-json-experiment/json), about twice as fast on a
// bundle's lines. encoding/json stays the reference (parseLine,
// strictUnmarshal):
//
//   - pass 1 decodes a chunk's lines with a linesDecoder, and any line it
//     does not take decodes again by itself with parseLine, so the error
//     a user sees is the reference's;
//   - pass 3 decodes with unmarshalChecked only lines pass 1 accepted (the
//     SHA-256 of each line is compared first).
//
// FuzzLineDecodersAgree holds them to the reference: pass 1 accepts
// exactly the lines the reference accepts, and both give the reference's
// record for each of those (unmarshalChecked alone would also take an
// unknown field: it never sees a line pass 1 refused).
var (
	// lineOptions are encoding/json's, but for a time: json/v2 unquotes
	// a time's string before parsing it, so it read "2025\u002d03-04..."
	// as a time where encoding/json (time.Time's own UnmarshalJSON, on
	// the bytes as they are) refuses it. A reviewer found it; a seed of
	// FuzzLineDecodersAgree keeps it.
	lineOptions = jsonv2.JoinOptions(jsonv1.DefaultOptionsV1(),
		jsonv2.WithUnmarshalers(jsonv2.UnmarshalFunc(func(b []byte, t *time.Time) error { return t.UnmarshalJSON(b) })))
	// strictLineOptions add DisallowUnknownFields.
	strictLineOptions = jsonv2.JoinOptions(lineOptions, jsonv2.RejectUnknownMembers(true))
)

// linesDecoder decodes one JSON value after another from a stream of
// lines, as a json.Decoder with DisallowUnknownFields does.
type linesDecoder struct{ dec *jsontext.Decoder }

func newLinesDecoder(r io.Reader) linesDecoder {
	return linesDecoder{jsontext.NewDecoder(r, strictLineOptions)}
}

// Decode decodes the next value into l.
func (d linesDecoder) Decode(l *bundleLine) error {
	return jsonv2.UnmarshalDecode(d.dec, l, strictLineOptions)
}

// InputOffset is where the value decoded last ends in the input.
func (d linesDecoder) InputOffset() int64 { return d.dec.InputOffset() }

// unmarshalChecked is json.Unmarshal on the faster engine, for a line
// pass 1 accepted. Without lineOptions' time override, which made it a
// fifth slower: a time pass 1 accepted has no escape in it, and one
// without escapes reads the same either way.
func unmarshalChecked(raw []byte, l *bundleLine) error {
	return jsonv1.Unmarshal(raw, l)
}
