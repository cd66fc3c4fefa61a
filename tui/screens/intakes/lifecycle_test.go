package intakes

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
)

// TestResumeDraftAtItsStep: a conversation left half-way (the process
// killed) opens again at its step, with what was typed.
func TestResumeDraftAtItsStep(t *testing.T) {
	st := fake()
	s := withConsent(t, st)
	toStep(t, s, stepQuestion)
	screentest.TypeText(t, s, "MARKER-7731")
	toStep(t, s, stepScan)
	screentest.Press(t, s, "2") // ZRM 2: serious
	toStep(t, s, stepClarify)
	focus(t, s, "Wat speelt er?")
	screentest.TypeText(t, s, "half getypt")
	id := s.ed.ID()

	// A new process on the same vault, unlocked again.
	st.Lock()
	r := open(t, st, "anna", id)
	if r.ed == nil || r.step != stepClarify || !strings.HasPrefix(r.Title(), "4/7") {
		t.Fatalf("opened at step %d (%q), want the clarify step", r.step, r.Title())
	}
	if f := screentest.Plain(r); !strings.Contains(f, "half getypt") {
		t.Fatalf("draft not resumed:\n%s", f)
	}
	screentest.Press(t, r, "pgup", "pgup")
	if f := screentest.Plain(r); !strings.Contains(f, "MARKER-7731") || !strings.HasPrefix(r.Title(), "2/7") {
		t.Fatalf("the question is lost:\n%s", f)
	}
}

// reads counts the vault's reads of personal records.
type reads struct {
	mu sync.Mutex
	n  int
}

func (r *reads) count(string) { r.mu.Lock(); r.n++; r.mu.Unlock() }
func (r *reads) get() int     { r.mu.Lock(); defer r.mu.Unlock(); return r.n }

// TestLockDropsTheIntakeAndComesBack: on lock the conversation leaves
// memory (the editor is wiped, the screen draws nothing of it) and the
// vault is not read until the app is unlocked; then it is read again and
// the screen is back at the same step, and typing goes on saving.
func TestLockDropsTheIntakeAndComesBack(t *testing.T) {
	st := fake()
	s := withConsent(t, st)
	toStep(t, s, stepQuestion)
	screentest.TypeText(t, s, "GEHEIM-42")
	var r reads
	st.NotesRead = r.count

	s.ctx.S.Lock()
	s.Locked()
	if !s.ed.Wiped() || s.ed.Draft().Intake.OwnWords != "" {
		t.Fatalf("the editor keeps the conversation: %q", s.ed.Draft().Intake.OwnWords)
	}
	if v := screentest.Plain(s); strings.Contains(v, "GEHEIM") || strings.TrimSpace(v) != "" {
		t.Fatalf("the screen draws the conversation while locked:\n%s", v)
	}
	screentest.TypeText(t, s, "xyz")
	s.Update(common.SizeMsg{Width: 100, Height: 30})
	_ = s.View()
	if n := r.get(); n != 0 {
		t.Fatalf("the vault was read %d times while locked", n)
	}

	if err := s.ctx.S.Unlock("anna", []byte(screentest.Pass)); err != nil {
		t.Fatal(err)
	}
	s.Update(common.SizeMsg{Width: 80, Height: 22})
	screentest.Run(t, s, s.Unlocked())
	if r.get() == 0 {
		t.Fatal("the conversation was not read again after unlocking")
	}
	if f := screentest.Plain(s); !strings.Contains(f, "GEHEIM-42") || !strings.HasPrefix(s.Title(), "2/7") || strings.Contains(f, "xyz") {
		t.Fatalf("not back at the question:\n%s", f)
	}
	screentest.TypeText(t, s, "!")
	if got := saved(t, st, s.ed.ID()); got.OwnWords != "GEHEIM-42!" {
		t.Fatalf("after unlocking saved %q", got.OwnWords)
	}
}

// TestFollowUpSaves: a follow-up contact is saved as typed, now, and the
// rest of the conversation stays as it was.
func TestFollowUpSaves(t *testing.T) {
	st := fake()
	in := intake.Intake{ID: "7f3a9c1e5b2d4f60a1b2c3d4e5f60718", StatID: "5ca1ab1e5ca1ab1e5ca1ab1e00000001", Status: intake.StatusOpen,
		Step: intake.StepAgreements, Created: day0.AddDate(0, 0, -7), Updated: day0.AddDate(0, 0, -7),
		Consent:  intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: day0.AddDate(0, 0, -7)},
		OwnWords: "Ik krijg steeds brieven."}
	st.Records = []intake.Intake{in}
	s := FollowUp(context(t, st, "anna", "nl"), in.ID)
	s.Update(common.SizeMsg{Width: 80, Height: 22})
	screentest.Run(t, s, s.Init())
	if !strings.HasPrefix(s.Title(), "Vervolgcontact") {
		t.Fatalf("title %q", s.Title())
	}
	focus(t, s, "Hoe")
	screentest.Press(t, s, "right")
	focus(t, s, "Kort verslag")
	screentest.TypeText(t, s, "Gebeld, brief komt")
	got := saved(t, st, in.ID)
	if len(got.Contacts) != 1 || got.Contacts[0].Kind == "" || got.Contacts[0].Note != "Gebeld, brief komt" || !got.Contacts[0].At.Equal(day0) {
		t.Fatalf("contacts %+v", got.Contacts)
	}
	if got.OwnWords != in.OwnWords || got.Step != in.Step || got.Status != in.Status {
		t.Fatalf("the rest of the conversation changed: %+v", got)
	}
	screentest.Press(t, s, "pgdown")
	if !strings.HasPrefix(s.Title(), "6/7") {
		t.Fatalf("pgdn after the follow-up does not go on with the conversation at its step: %q", s.Title())
	}
}

// TestWithdrawConsent: withdrawing consent asks first naming what goes;
// after j the resident record is deleted unless another conversation of
// theirs still holds it; when the save fails, the resident is kept until
// a save works (no conversation in the vault points to nobody).
func TestWithdrawConsent(t *testing.T) {
	otherOfJan := intake.Intake{ID: "0b9e2d7c4a1f4e86b3d5c7a9e2f41c55", StatID: "5ca1ab1e5ca1ab1e5ca1ab1e00000003", ResidentID: "5d1e0c7a9b3f4e21a8c6d2f0b7e49a13",
		Status: intake.StatusOpen, Created: day0, Updated: day0,
		Consent: intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes}, At: day0}}
	jan := intake.Resident{ID: otherOfJan.ResidentID, Pseudonym: "Jan de Vries", Created: day0}
	tests := []struct {
		name     string
		existing bool // Jan, with another conversation
		fails    bool // the save of the withdrawal fails
	}{
		{"new resident", false, false},
		{"resident with another conversation", true, false},
		{"failed save", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := fake()
			var s *Screen
			if tt.existing {
				st.Stored, st.Records = []intake.Resident{jan}, []intake.Intake{otherOfJan}
				var err error
				if s, err = New(context(t, st, "anna", "nl"), jan.ID); err != nil {
					t.Fatal(err)
				}
				s.Update(common.SizeMsg{Width: 80, Height: 22})
				focus(t, s, "Toestemming")
				screentest.Press(t, s, "space")
			} else {
				s = withConsent(t, st)
				focus(t, s, "Naam of initialen")
				screentest.TypeText(t, s, "Zeynep Uniek")
			}
			id := s.ed.ID()
			resID := saved(t, st, id).ResidentID
			if r, ok := resident(t, st, resID); resID == "" || !ok || r.Pseudonym == "" {
				t.Fatalf("resident not saved and linked (%q)", resID)
			}
			name := s.ed.Draft().Resident.Pseudonym
			focus(t, s, "Toestemming")
			screentest.Press(t, s, "left")
			if f := screentest.Joined(screentest.Plain(s)); !strings.Contains(f, "Alles wat we over u schreven wordt gewist") || !strings.Contains(f, name) {
				t.Fatalf("no question naming what goes:\n%s", screentest.Plain(s))
			}
			if tt.fails {
				st.Mu.Lock()
				st.SaveFails = 1
				st.Mu.Unlock()
			}
			screentest.Press(t, s, "j")
			got := saved(t, st, id)
			_, kept := resident(t, st, resID)
			switch {
			case tt.fails:
				if got.ResidentID != resID || !got.Consent.Given || !kept {
					t.Fatalf("after a failed save: stored conversation linked to %q, consent %v, resident kept %v", got.ResidentID, got.Consent.Given, kept)
				}
				if f := screentest.Joined(screentest.Plain(s)); !strings.Contains(f, "Niet bewaard! De schijf is vol") {
					t.Fatalf("the failed save is not said:\n%s", screentest.Plain(s))
				}
				if s.Unsaved() == "" {
					t.Fatal("the screen does not say something would be lost")
				}
				screentest.Press(t, s, "pgdown") // the next save works
				got = saved(t, st, id)
				_, kept = resident(t, st, resID)
				if got.ResidentID != "" || got.Consent.Given || kept || s.Unsaved() != "" {
					t.Fatalf("after the next save: linked %q, consent %v, resident kept %v", got.ResidentID, got.Consent.Given, kept)
				}
			case tt.existing:
				if !kept || got.ResidentID != "" {
					t.Fatalf("resident kept %v (want kept: another conversation holds them), conversation linked to %q", kept, got.ResidentID)
				}
				if other := saved(t, st, otherOfJan.ID); other.ResidentID != jan.ID {
					t.Fatal("the other conversation lost its resident")
				}
			default:
				if kept || got.ResidentID != "" || s.ed.Draft().Resident.Pseudonym != "" {
					t.Fatalf("resident kept %v, linked %q, in memory %q", kept, got.ResidentID, s.ed.Draft().Resident.Pseudonym)
				}
			}
		})
	}
}

// TestStepsFitAnySize: every step, the notes and a follow-up, at widths
// from 40 to 120 and several heights: exactly the body's height, no line
// wider than it.
func TestStepsFitAnySize(t *testing.T) {
	st := fake()
	s := withConsent(t, st)
	focus(t, s, "Naam of initialen")
	screentest.TypeText(t, s, "Een bewoner met een heel lange naam die niet past")
	toStep(t, s, stepScan)
	screentest.Press(t, s, "2") // ZRM 2: serious
	views := []struct {
		name string
		show func()
	}{{"notes", func() { screentest.Press(t, s, "f4") }}, {"back", func() { screentest.Press(t, s, "f4") }}}
	for i := range 7 {
		views = append(views, struct {
			name string
			show func()
		}{fmt.Sprintf("step %d", i+1), func() { toStep(t, s, i) }})
	}
	for _, v := range views {
		v.show()
		for w := 40; w <= 120; w += 8 {
			for _, h := range []int{8, 22, 38} {
				s.Update(common.SizeMsg{Width: w, Height: h})
				lines := strings.Split(screentest.Plain(s), "\n")
				if len(lines) != h {
					t.Errorf("%s at %d×%d: %d lines", v.name, w, h, len(lines))
				}
				for _, l := range lines {
					if n := ansi.StringWidth(l); n > w {
						t.Errorf("%s at %d×%d: line of %d cells: %q", v.name, w, h, n, l)
					}
				}
			}
		}
	}
}
