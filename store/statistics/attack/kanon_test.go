package attack

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
)

// TestKAnonymity measures the statistics records as microdata (a
// coordinator's key opens them all): the share of records unique on the
// quasi-identifiers month + location + age band + target groups + route +
// question type, and unique on the whole record, for what version 1 stored
// and what version 2 stores. `make test` runs it on 300 residents;
// SPREEKUUR_KANON_RESIDENTS=10000 gives the figures of docs/STATISTICS.md.
// Version 2 keeps nothing version 1 did not, so it can only be less unique.
func TestKAnonymity(t *testing.T) {
	n := 300
	if s := os.Getenv("SPREEKUUR_KANON_RESIDENTS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	cat := intake.DefaultCatalogue()
	var qi, v1, v2 []string
	parts := map[string][]string{} // month and one dimension: a record split per table
	for _, d := range demoIntakes(n) {
		rec := cat.Anonymise(d.in, d.r, demoNow)
		tg := make([]string, len(rec.TargetGroups))
		for i, g := range rec.TargetGroups {
			tg[i] = string(g)
		}
		q := fmt.Sprint(rec.Month, "|", rec.Location, "|", rec.AgeBand, "|", strings.Join(tg, ","), "|", rec.Route, "|", rec.QuestionType)
		qi = append(qi, q)
		for dim, v := range map[string]string{"location": string(rec.Location), "age band": string(rec.AgeBand),
			"target groups": strings.Join(tg, ","), "route": string(rec.Route), "question type": string(rec.QuestionType)} {
			parts[dim] = append(parts[dim], string(rec.Month)+"|"+v)
		}
		j, _ := json.Marshal(rec) // the whole record but its key (which is unique by design)
		v2 = append(v2, string(j))
		v1 = append(v1, q+"|"+version1Rest(d.in, rec))
	}
	shareQI, shareV1, shareV2 := uniqueShare(qi), uniqueShare(v1), uniqueShare(v2)
	fmt.Printf("k-anonymity, %d residents, %d records: unique on month+location+age band+target groups+route+question type %.1f%% (versions 1 and 2 alike); unique on the whole record: version 1 %.1f%%, version 2 %.1f%%\n",
		n, len(qi), 100*shareQI, 100*shareV1, 100*shareV2)
	worst, worstDim := 0.0, ""
	for dim, keys := range parts {
		if u := uniqueShare(keys); u > worst {
			worst, worstDim = u, dim
		}
	}
	fmt.Printf("  split per table (month + one dimension, no link between the parts), the most unique part would be month + %s: %.1f%%\n", worstDim, 100*worst)
	if shareV2 > shareV1 {
		t.Errorf("version 2 records are more often unique (%.3f) than version 1 (%.3f)", shareV2, shareV1)
	}
}

// version1Rest is what version 1 kept beyond the quasi-identifiers, as its
// Anonymise wrote it: domains, clarified domains, the kompaan, own-network
// and consent flags, the status, exact turnaround days, the closing
// answers (also of intakes not closed), and the exact numbers of contacts
// and referrals.
func version1Rest(in intake.Intake, rec intake.StatRecord) string {
	status := in.Status
	if !status.Valid() {
		status = intake.StatusDraft
	}
	days, _ := in.TurnaroundDays()
	if status != intake.StatusClosed {
		days = 0
	}
	return fmt.Sprint(rec.Domains, rec.Clarified, rec.Kompaan, in.Presence.Network, in.Consent.Given, status, days,
		in.Closure.Appreciation, in.Closure.StateBetter, in.Closure.MoreControl,
		1+min(len(in.Contacts), intake.MaxItems), min(len(in.Referrals), intake.MaxItems))
}

// uniqueShare is the share of values that occur once.
func uniqueShare(keys []string) float64 {
	count := map[string]int{}
	for _, k := range keys {
		count[k]++
	}
	unique := 0
	for _, k := range keys {
		if count[k] == 1 {
			unique++
		}
	}
	return float64(unique) / float64(max(1, len(keys)))
}
