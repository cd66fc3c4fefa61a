package session

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/store/bundle"
	"github.com/spreekuur/spreekuur/store/exportfile"
)

// Handover writes a signed bundle (docs/BUNDLE.md): the same path for the
// terminal app's "Naar kantoor" screen and `spreekuur export bundle`. Only
// intakes with consent to hand over go, encrypted to the office (or to a
// colleague), into a new file with mode 0600, never over an existing one
// unless Force, with the signature beside it as FILE.minisig.

// HandoverRequest says what goes where.
type HandoverRequest struct {
	// Resident hands over one resident and their intakes; "" means all
	// intakes (with SinceLast: those new or changed since the last
	// handover to the same recipient).
	Resident  string
	SinceLast bool
	// Colleague names the colleague a resident goes to; then Recipient is
	// the colleague's age recipient and the resident is marked as handed
	// over. Without a colleague, Recipient "" means the office's from the
	// settings.
	Colleague string
	Recipient string
	// Path is the file to write. "" means a new name (never an existing
	// one) in Folder, or, with Folder "", in the folder of the settings;
	// a Folder given is remembered for the next time.
	Path   string
	Folder string
	Force  bool // overwrite Path (never used by the app)
	// Progress is called as intakes are written.
	Progress func(done, total int)
}

// HandoverResult says what was written.
type HandoverResult struct {
	Path      string // the bundle, a full path; its signature is Path+".minisig"
	Recipient string // the age recipient it is encrypted to
	Intakes   int    // intakes written
	Residents int    // residents written
	LeftOut   int    // intakes in the selection without consent to hand over
	// Erased and Withdrawn: the tombstones and withdrawn consents that go
	// with it (docs/BUNDLE.md §4), so the recipient erases the same.
	Erased, Withdrawn int
	Selection         string    // "all", "changed" or "resident"
	Since             time.Time // for "changed": the handover it counts from (zero: none before)
	Signed            bundle.Signed
	// For a resident's handover: who and which intakes went.
	ResidentID string
	IntakeIDs  []string
	// MarkErr is set when the file was written but the vault could not
	// record it (the time of the handover, or the resident's mark): the
	// next handover then includes these intakes again.
	MarkErr error
}

// Nothing reports whether there was nothing to hand over (no file).
func (r HandoverResult) Nothing() bool { return r.Path == "" }

// SignaturePath is where a bundle's signature goes.
func SignaturePath(path string) string { return path + bundle.SignatureSuffix }

// HandoverPlan says what Handover would write for req, writing nothing:
// the counts, the selection and, for "changed", since when. The
// recipient matters only for "changed" (since the last handover to it):
// for one resident a colleague's key may still be missing.
func (s *Session) HandoverPlan(req HandoverRequest) (HandoverResult, error) {
	v, err := s.vault()
	if err != nil {
		return HandoverResult{}, err
	}
	opt, err := s.exportOptions(req)
	if req.Resident != "" && (errors.Is(err, bundle.ErrBadRecipient) || errors.Is(err, ErrNoOffice)) {
		opt.To, err = nil, nil
	}
	if err != nil {
		return HandoverResult{}, err
	}
	res, err := bundle.Plan(v, opt)
	if err != nil {
		return HandoverResult{}, err
	}
	out := handoverResult(res, opt)
	out.ResidentID = req.Resident
	return out, nil
}

// HandoverTooLarge reports whether err (from HandoverPlan or Handover)
// says the selection is more than one bundle holds: no handover of it
// can be written, so a screen should not offer to.
func HandoverTooLarge(err error) bool { return errors.Is(err, bundle.ErrTooLarge) }

// Handover writes the bundle and its signature. With nothing to hand over
// it writes no file and returns a result whose Nothing() is true.
func (s *Session) Handover(req HandoverRequest) (HandoverResult, error) {
	v, err := s.vault()
	if err != nil {
		return HandoverResult{}, err
	}
	opt, err := s.exportOptions(req)
	if err != nil {
		return HandoverResult{}, err
	}
	path, err := s.handoverPath(req)
	if err != nil {
		return HandoverResult{}, err
	}
	sigPath := SignaturePath(path)
	if err := exportfile.Check(sigPath, req.Force); err != nil {
		return HandoverResult{}, err
	}
	// The access log first: no bundle leaves without its entry (one for
	// the handover; the resident's when one was chosen). A handover that
	// then fails gets a second entry saying so.
	ev := Event{Action: store.ActExport, Purpose: store.PurposeHandover, Resident: req.Resident, Detail: "bundle"}
	if err := s.Log(ev); err != nil {
		return HandoverResult{}, err
	}
	logFailure := func() { ev.Outcome = store.OutcomeFailed; s.logQuietly(ev) }
	var res bundle.ExportResult
	err = exportfile.Write(path, req.Force, func(w io.Writer) error {
		var err error
		res, err = bundle.Export(v, w, opt)
		return err
	})
	if errors.Is(err, bundle.ErrNothingToExport) {
		logFailure()
		out := handoverResult(res, opt)
		out.ResidentID = req.Resident
		return out, nil
	}
	if err != nil {
		logFailure()
		return HandoverResult{}, err
	}
	err = exportfile.Write(sigPath, req.Force, func(w io.Writer) error {
		_, err := w.Write(res.Signature)
		return err
	})
	if err != nil {
		// A bundle without its signature is refused at the office: take
		// it away again, so a failed handover leaves no file.
		_ = os.Remove(path)
		logFailure()
		return HandoverResult{}, err
	}
	out := handoverResult(res, opt)
	out.Path, out.ResidentID = path, req.Resident
	out.MarkErr = bundle.MarkExported(v, res)
	if req.Folder != "" && req.Path == "" {
		if dir, err := checkFolder(req.Folder); err == nil {
			_ = updateHandoverSettings(v, func(h *handoverSettings) { h.Folder = dir })
		}
	}
	if req.Colleague != "" && req.Resident != "" {
		err := bundle.MarkHandedOver(v, req.Resident, bundle.HandedOver{
			To: strings.TrimSpace(req.Colleague), Recipient: opt.To.String(), File: filepath.Base(path),
			IntakeIDs: res.IntakeIDs, At: s.now(),
		})
		if out.MarkErr == nil {
			out.MarkErr = err
		}
	}
	return out, nil
}

func handoverResult(res bundle.ExportResult, opt bundle.ExportOptions) HandoverResult {
	to := ""
	if opt.To != nil {
		to = opt.To.String()
	}
	return HandoverResult{
		Recipient: to, Intakes: res.Header.Intakes, Residents: res.Header.Residents, LeftOut: res.LeftOut,
		Erased: res.Header.Tombstones, Withdrawn: res.Header.Withdrawals,
		Selection: string(res.Header.Selection), Since: res.Header.Since, Signed: res.Signed, IntakeIDs: res.IntakeIDs,
	}
}

// ErrNoOffice: a handover to the office before its key was set.
var ErrNoOffice = errors.New("session: the office's key is not set")

func (s *Session) exportOptions(req HandoverRequest) (bundle.ExportOptions, error) {
	opt := bundle.ExportOptions{SinceLast: req.SinceLast && req.Resident == "", Resident: req.Resident, Now: s.now(), Sign: true, Progress: req.Progress}
	to := strings.TrimSpace(req.Recipient)
	if req.Resident != "" && !intake.ValidID(req.Resident) {
		return opt, bundle.ErrUnknownResident
	}
	if to == "" && strings.TrimSpace(req.Colleague) != "" {
		return opt, bundle.ErrBadRecipient // never the office's key for a colleague
	}
	if to == "" {
		v, err := s.vault()
		if err != nil {
			return opt, err
		}
		if err := v.RequireSupporter(); err != nil {
			return opt, err
		}
		hs, err := readHandoverSettings(v)
		if err != nil {
			return opt, err
		}
		if hs.Recipient == "" {
			return opt, ErrNoOffice
		}
		to = hs.Recipient
	}
	r, err := bundle.ParseRecipient(to)
	if err != nil {
		return opt, err
	}
	opt.To = r
	return opt, nil
}

// handoverPath is the file to write: req.Path, or a new name in the
// folder ("overdracht-2026-11-27.age", then "-2", "-3", … when that
// exists, with its signature's name free as well).
func (s *Session) handoverPath(req HandoverRequest) (string, error) {
	if req.Path != "" {
		p, err := filepath.Abs(expandHome(strings.TrimSpace(req.Path)))
		if err != nil {
			return "", err
		}
		return p, exportfile.Check(p, req.Force)
	}
	dir := req.Folder
	if dir == "" {
		v, err := s.vault()
		if err != nil {
			return "", err
		}
		hs, err := readHandoverSettings(v)
		if err != nil {
			return "", err
		}
		dir = hs.Folder
	}
	dir, err := checkFolder(dir)
	if err != nil {
		return "", err
	}
	stem := "overdracht"
	if s.lang == intake.LangEN {
		stem = "handover"
	}
	if req.Resident != "" {
		stem += "-" + ShortID(req.Resident) // an ID, never a name: a file name is plain text
	}
	stem += "-" + s.now().Format("2006-01-02")
	for i := 1; i < 1000; i++ {
		name := stem + ".age"
		if i > 1 {
			name = fmt.Sprintf("%s-%d.age", stem, i)
		}
		p := filepath.Join(dir, name)
		if exportfile.Check(p, false) == nil && exportfile.Check(SignaturePath(p), false) == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: %w", filepath.Join(dir, stem+".age"), exportfile.ErrExists)
}

// HandedOver is the mark of a resident handed over to a colleague.
type HandedOver = bundle.HandedOver

// HandedOverMark reads a resident's handover mark; ok is false when the
// resident was not handed over.
func (s *Session) HandedOverMark(residentID string) (HandedOver, bool, error) {
	v, err := s.vault()
	if err != nil {
		return HandedOver{}, false, err
	}
	return bundle.HandedOverOf(v, residentID)
}

// Erased says what EraseHandedOver removed.
type Erased = bundle.Erased

// EraseHandedOver removes from this laptop what the handover res took to
// a colleague (bundle.EraseHandedOver): the intakes that went, and the
// resident unless an intake that could not go is left. Ask first: the
// screen names what goes.
func (s *Session) EraseHandedOver(res HandoverResult) (Erased, error) {
	v, err := s.vault()
	if err != nil {
		return Erased{}, err
	}
	if res.ResidentID == "" || res.Nothing() {
		return Erased{}, bundle.ErrUnknownResident
	}
	// In the access log first (a delete after a handover, not an
	// erasure on request: no tombstone, the colleague has the file).
	if err := s.Log(Event{Action: store.ActDelete, Purpose: store.PurposeHandover, Resident: res.ResidentID, Detail: "handed-over"}); err != nil {
		return Erased{}, err
	}
	return bundle.EraseHandedOver(v, res.ResidentID, res.IntakeIDs)
}
