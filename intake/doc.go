// Package intake is the domain of spreekuur: the life-domain catalogue, the
// intake model and its conversation flow, validation, legal deadlines,
// plain-language summaries and anonymisation into statistics records.
//
// It is plain Go: no UI, no storage. The store serialises Resident and
// Intake as JSON (their json tags are stable) and StatRecord in its own
// binary encoding (StatRecord.MarshalBinary, DecodeStatRecord; the layout is
// in docs/FORMAT.md); a StatRecord shown to a person, as in the access
// export, is JSON with stable tags too. The TUI shows texts
// from the Catalogue in Dutch or English (Text.In) and passes every string a
// person typed through Inert before drawing it.
package intake
