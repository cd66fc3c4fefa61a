package app

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/intake/papers"
	"github.com/spreekuur/spreekuur/intake/readability"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
)

// The readability of every Dutch text the resident reads: the resident
// view (F2), the preparation sheet, the personal plan, the letter for a
// late decision, the access export and the questions of the life-domain
// scan. Each is measured as the app makes it for readingSample (what a
// person typed included: the resident reads that too), without the
// footnotes that hold the law. The goal (B1) is Flesch–Douma 65 or more
// and at most 12 words a sentence. The figures are the table in
// docs/READABILITY.md; `go test ./tui/app -run TestReadability -update`
// writes it.

const readabilityDoc = "../../docs/READABILITY.md"

// readingSample is a whole conversation in the plain words a resident
// and a supporter use: the question, three domains with what was written,
// letters with every kind of date (an objection, a Wmo report, an
// application the municipality is late with), agreements, a referral with
// an outcome, an appointment.
func readingSample() *sessiontest.Fake {
	st := sessiontest.New()
	st.Org = storeOrg()
	r := intake.Resident{ID: jan, Pseudonym: "Jan de Vries", BirthYear: 1964, Created: day0.AddDate(0, 0, -30)}
	in := intake.Intake{ID: jansOne, StatID: "5ca1ab1e5ca1ab1e5ca1ab1e00000011", ResidentID: jan, Status: intake.StatusOpen, Step: intake.StepAgreements,
		Created: day0.AddDate(0, 0, -1), Updated: day0, Location: "shelter",
		Presence: intake.Presence{Supporter: "anna", Network: true, NetworkRelation: "zus"},
		Consent:  intake.Consent{Given: true, Scopes: []intake.ConsentScope{intake.ScopeNotes, intake.ScopeFollowUp}, At: day0.AddDate(0, 0, -1)},
		OwnWords: "Ik krijg veel brieven. Ik snap ze niet. Ik ben bang dat ik mijn huis kwijtraak.",
		Scan:     map[intake.DomainCode]intake.Scale{"money": intake.Serious, "housing": intake.Worries, "papers": intake.Urgent},
		Clarifications: []intake.Clarification{
			{Domain: "money", Happening: "Hij heeft twee maanden huur niet betaald.", Tried: "Zelf de verhuurder gebeld.",
				WouldHelp: "Een regeling om in delen te betalen.", Urgency: intake.UrgencyWeek, Agencies: []intake.AgencyCode{"schuldhulp"},
				Letters: []intake.Letter{{Kind: intake.LetterDecision, From: "sociale_zaken", Sent: intake.D(2026, 3, 2), About: "bijzondere bijstand"}}},
			{Domain: "housing", Happening: "De trap is te zwaar.", WouldHelp: "Een huis zonder trap.",
				Letters: []intake.Letter{{Kind: intake.LetterWmoReport, From: "wmo_loket", Sent: intake.D(2026, 3, 10)}}},
			{Domain: "papers", Happening: "De post blijft liggen.", Urgency: intake.UrgencyNow,
				Letters: []intake.Letter{{Kind: intake.LetterApplication, From: "wmo_loket", Sent: intake.D(2026, 2, 20), About: "hulp in huis"}}},
		},
		ClarifiedQuestion: "Mijn vraag is: wie helpt mij met mijn post en met de huur?",
		Agreements: []intake.Agreement{
			{What: "Alle brieven meenemen", Who: intake.PartyResident, By: intake.D(2026, 3, 19)},
			{What: "De schuldhulp bellen", Who: intake.PartySupporter, By: intake.D(2026, 3, 16)},
			{What: "Helpt met de boodschappen", Who: intake.PartyNetwork},
		},
		Referrals:       []intake.Referral{{Agency: "schuldhulp", Domain: "money", Reason: "huurschuld", On: intake.D(2026, 3, 11), State: intake.ReferralAccepted, StateOn: intake.D(2026, 3, 12)}},
		NextAppointment: intake.Appointment{At: time.Date(2026, 3, 19, 14, 30, 0, 0, time.UTC), Where: "shelter", Note: "Alle brieven meenemen."},
		Contacts:        []intake.Contact{{At: day0, Kind: intake.ContactPhone, By: "anna", Note: "Gebeld over de brief."}},
	}
	st.Stored = []intake.Resident{r}
	st.Records = []intake.Intake{in}
	return st
}

// docUnits are the paragraphs of a paper (intro, lines and questions)
// and its headings (the title and the sections'); not the footnotes (the
// law, kept apart on purpose) and not the resident's name.
func docUnits(d papers.Doc) (body, heads []string) {
	heads = []string{d.Title}
	body = append(body, d.Intro...)
	for _, s := range d.Sections {
		heads = append(heads, s.Heading)
		body = append(body, s.Lines...)
		body = append(body, s.Ask)
	}
	return body, heads
}

// readText is one text: its paragraphs and its headings (measured with
// the text, and apart: short headings make the mean sentence shorter).
type readText struct {
	name  string
	units []string
	heads []string
}

// residentTexts makes every resident-facing Dutch text of readingSample.
func residentTexts(t *testing.T) []readText {
	t.Helper()
	st := readingSample()
	h := unlocked(t, st, Options{LockAfter: -1})
	var out []readText
	view := func(name string) readText {
		tx := readText{name: name}
		for _, b := range h.a.residentBlocks() {
			if b.title {
				tx.heads = append(tx.heads, b.text)
			} else {
				tx.units = append(tx.units, b.text)
			}
		}
		return tx
	}
	out = append(out, view("Resident view (F2), before a conversation"))
	h.press("f3", "enter")
	out = append(out, view("Resident view (F2), the sample conversation"))

	s := h.a.ctx.S
	for _, p := range []struct{ name, kind, late string }{
		{"Preparation sheet", papers.KindSheet, ""},
		{"Personal plan", papers.KindPlan, ""},
		{"Letter: late decision on an application (ingebrekestelling)", papers.KindLetter, "2/0"},
	} {
		doc, err := s.Paper(sessionPaper(jansOne, p.kind, p.late))
		if err != nil {
			t.Fatal(err)
		}
		body, heads := docUnits(doc)
		out = append(out, readText{p.name, body, heads})
	}
	report := st.Records[0]
	report.Clarifications[1].Letters[0].Sent = intake.D(2026, 1, 20) // not investigated in 6 weeks
	late := report.LateDecisions(intake.DateOf(day0))
	for _, ld := range late {
		if ld.Kind == intake.LetterWmoReport {
			body, heads := docUnits(papers.LateLetter(report, st.Stored[0], ld, intake.DefaultCatalogue(), "nl", intake.DateOf(day0)))
			out = append(out, readText{"Letter: Wmo report not investigated in time (application)", body, heads})
		}
	}
	a, err := s.AccessRequest(jan, intake.DateOf(day0))
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, readText{"Access export (AVG art. 15), text", a.Paragraphs("nl"), nil})
	receipt, err := s.Receipt(session.Erasure{Pseudonym: "Jan", Tombstone: store.Tombstone{Resident: jan, Intakes: []string{jansOne, "0b9e2d7c4a1f4e86b3d5c7a9e2f41c55"}, Erased: day0, Reason: store.EraseRequest}})
	if err != nil {
		t.Fatal(err)
	}
	body, heads := docUnits(receipt)
	out = append(out, readText{"Receipt of an erasure", body, heads})
	var qs []string
	for _, d := range intake.DefaultCatalogue().Domains {
		qs = append(qs, d.Question.NL)
	}
	out = append(out, readText{"Scan questions (all 17)", qs, nil})
	return out
}

// TestReadability: every resident-facing Dutch text reaches B1
// (Flesch–Douma ≥ 65, ≤ 12 words a sentence), and docs/READABILITY.md
// holds today's figures.
func TestReadability(t *testing.T) {
	texts := residentTexts(t)
	var table strings.Builder
	table.WriteString("| text | sentences | words | words a sentence | Flesch–Douma | without headings: words a sentence | without headings: Flesch–Douma | B1 goal |\n|---|---:|---:|---:|---:|---:|---:|---|\n")
	for _, tx := range texts {
		body := readability.Measure(tx.units...)
		all := body.Add(readability.Measure(tx.heads...))
		if body.Words < 5 {
			t.Errorf("%s: only %d words measured", tx.name, body.Words)
		}
		met := "yes"
		// The goal holds for the text as read, and for its sentences
		// alone: headings do not carry it.
		for _, s := range []readability.Stats{all, body} {
			if !s.Meets() {
				met = "**no**"
				t.Errorf("%s: Flesch–Douma %.1f, %.1f words a sentence; the goal is ≥ %.0f and ≤ %.0f", tx.name, s.FleschDouma(), s.WordsPerSentence(), readability.MinFleschDouma, readability.MaxWordsPerSentence)
			}
		}
		fmt.Fprintf(&table, "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %s |\n", tx.name, all.Sentences, all.Words, all.WordsPerSentence(), all.FleschDouma(),
			body.WordsPerSentence(), body.FleschDouma(), met)
	}
	table.WriteString("\nEach scan question on its own:\n\n| question | words | Flesch–Douma |\n|---|---:|---:|\n")
	for _, d := range intake.DefaultCatalogue().Domains {
		s := readability.Measure(d.Question.NL)
		fmt.Fprintf(&table, "| %s | %d | %.1f |\n", d.Question.NL, s.Words, s.FleschDouma())
	}
	checkDocTable(t, readabilityDoc, table.String())
}

const (
	tableBegin = "<!-- readability table: made by TestReadability -->\n"
	tableEnd   = "<!-- end of the table -->\n"
)

// checkDocTable compares the table between the markers of the doc with
// table; with -update it writes it there.
func checkDocTable(t *testing.T, path, table string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, tableBegin), strings.Index(doc, tableEnd)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the table markers", path)
	}
	if got := doc[i+len(tableBegin) : j]; got != table {
		if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
			doc = doc[:i+len(tableBegin)] + table + doc[j:]
			if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("%s is not today's figures; run: go test ./tui/app -run TestReadability -update\nwant:\n%s", filepath.Base(path), table)
	}
}

func storeOrg() store.Organisation {
	return store.Organisation{Name: "Stichting Samen Sterk", Phone: "020 123 45 67"}
}

func sessionPaper(id, kind, late string) session.PaperRequest {
	return session.PaperRequest{IntakeID: id, Kind: kind, Late: late}
}
