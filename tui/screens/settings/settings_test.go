package settings_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spreekuur/spreekuur/session"
	"github.com/spreekuur/spreekuur/session/sessiontest"
	"github.com/spreekuur/spreekuur/store"
	"github.com/spreekuur/spreekuur/tui/common"
	"github.com/spreekuur/spreekuur/tui/screens/screentest"
	"github.com/spreekuur/spreekuur/tui/screens/settings"
)

func TestMain(m *testing.M) {
	time.Local = time.UTC // the frames show local dates
	os.Exit(m.Run())
}

var now = time.Date(2026, 11, 27, 10, 30, 0, 0, time.UTC)

func clock() time.Time { return now }

func open(t *testing.T, s common.Screen) {
	t.Helper()
	s.Update(common.SizeMsg{Width: screentest.Width, Height: screentest.Height - 2})
	if i, ok := s.(common.Initer); ok {
		screentest.Run(t, s, i.Init())
	}
}

// fixed puts "xxx" in place of what is random in a frame: this vault's
// keys, their numbers and fingerprints.
func fixed(frame string, set session.Settings) string {
	short := ""
	if k := set.Office; k != "" {
		short = k[:14] + "…" + k[len(k)-8:] // as the list shows it
	}
	for _, r := range []string{set.PublicKey, session.GroupKeyID(set.KeyID), set.Recipient, set.RecipientPrint, set.OfficePrint, short} {
		if r != "" {
			frame = strings.ReplaceAll(frame, r, "xxx")
		}
	}
	return frame
}

func enterValue(t *testing.T, s common.Screen, row int, value string) {
	t.Helper()
	for range row {
		screentest.Press(t, s, "down")
	}
	screentest.Press(t, s, "enter")
	for range 60 {
		screentest.Press(t, s, "backspace")
	}
	s.Update(tea.PasteMsg{Content: value})
	screentest.Press(t, s, "enter")
}

// TestSettingsScreen: the list shows what is set, this laptop's keys whole
// (to register it at the office) and the chosen setting's help; enter
// changes a setting below the list, a wrong value is said and kept for
// correcting, a saved office key shows its fingerprint to compare.
func TestSettingsScreen(t *testing.T) {
	sess, _ := sessiontest.Vault(t, "anna", "nl", clock)
	office, _ := sessiontest.Vault(t, "kantoor", "nl", clock)
	officeSet, _ := office.Settings()
	if err := sess.SetLaptopName("laptop-anna"); err != nil { // the default is the computer's name
		t.Fatal(err)
	}
	ctx := screentest.Context(sess, "nl", clock)
	s := settings.New(ctx)
	open(t, s)
	set, err := sess.Settings()
	if err != nil {
		t.Fatal(err)
	}
	first := screentest.Frame(ctx, s)
	for _, want := range []string{set.PublicKey, set.Recipient, "sleutelnummer " + session.GroupKeyID(set.KeyID), "vingerafdruk " + set.RecipientPrint, "nog niet ingesteld"} {
		if !strings.Contains(first, want) {
			t.Fatalf("the first frame lacks %q:\n%s", want, first)
		}
	}
	t.Run("first", func(t *testing.T) { screentest.RequireGolden(t, fixed(first, set)) })

	steps := []struct {
		row   int
		value string
		said  string // in the frame afterwards
	}{
		{0, "age1geen-sleutel", "Dit is geen sleutel om naar te versleutelen"},
		{-1, "", ""}, // esc: stop changing
		{0, officeSet.Recipient, "Vergelijk de vingerafdruk " + session.Fingerprint(officeSet.Recipient) + " met kantoor"},
		{2, "Buurtteam Oost", "Bewaard."},
		{3, "bel ons", "Het telefoonnummer is hoogstens 30 tekens"},
		{-1, "", ""},
		{3, "020-123 45 67", "Bewaard."},
		{5, "4", "Het kleinste aantal in de cijfers is een getal van 5 tot 1000."},
		{-1, "", ""},
		{5, "twintig", "Typ een getal van 5 tot 1000."},
		{-1, "", ""},
		{5, "20", "Bewaard."},
		{4, "Laptop Oost", "Bewaard."},
	}
	for _, st := range steps {
		if st.row < 0 {
			screentest.Press(t, s, "esc")
			if s.Typing() {
				t.Fatal("esc did not stop the change")
			}
			continue
		}
		s = settings.New(ctx)
		open(t, s)
		enterValue(t, s, st.row, st.value)
		if j := screentest.Joined(screentest.Plain(s)); !strings.Contains(j, st.said) {
			t.Fatalf("row %d = %q: want %q in\n%s", st.row, st.value, st.said, screentest.Plain(s))
		}
	}
	got, _ := sess.Settings()
	if got.Office != officeSet.Recipient || got.Organisation.Name != "Buurtteam Oost" || got.Organisation.Phone != "020-123 45 67" ||
		got.StatThreshold != 20 || got.Laptop != "Laptop Oost" {
		t.Fatalf("settings after the screen: %+v", got)
	}
	s = settings.New(ctx)
	open(t, s)
	t.Run("set", func(t *testing.T) { screentest.RequireGolden(t, fixed(screentest.Frame(ctx, s), got)) })
}

// TestSettingsRefusedForAKompaan: only a supporter sees and changes them.
func TestSettingsRefusedForAKompaan(t *testing.T) {
	sess, v := sessiontest.Vault(t, "anna", "nl", clock)
	if err := v.AddUser("kees", store.RoleKompaan, []byte(sessiontest.VaultPass)); err != nil {
		t.Fatal(err)
	}
	if err := sess.Unlock("kees", []byte(sessiontest.VaultPass)); err != nil {
		t.Fatal(err)
	}
	ctx := screentest.Context(sess, "nl", clock)
	for _, s := range []common.Screen{settings.New(ctx), settings.NewLaptops(ctx)} {
		open(t, s)
		if j := screentest.Joined(screentest.Plain(s)); !strings.Contains(j, "Met uw rol mag u dit niet doen.") {
			t.Fatalf("%s for a kompaan:\n%s", s.Title(), screentest.Plain(s))
		}
		screentest.Press(t, s, "enter", "ctrl+n")
		if s.Typing() {
			t.Fatal("a kompaan can type a setting")
		}
	}
}

// TestLaptopsScreen: register a laptop by its key (or its file), see it
// listed with its key number, take it off after a question that names it.
func TestLaptopsScreen(t *testing.T) {
	sess, _ := sessiontest.Vault(t, "anna", "nl", clock)
	laptop, _ := sessiontest.Vault(t, "bram", "nl", clock)
	pub, _, err := laptop.LaptopSelf()
	if err != nil {
		t.Fatal(err)
	}
	pubFile := filepath.Join(t.TempDir(), "laptop.pub")
	if err := os.WriteFile(pubFile, pub, 0o600); err != nil {
		t.Fatal(err)
	}
	lset, _ := laptop.Settings()
	ctx := screentest.Context(sess, "nl", clock)
	s := settings.NewLaptops(ctx)
	open(t, s)
	if j := screentest.Joined(screentest.Plain(s)); !strings.Contains(j, "Er is nog geen laptop aangemeld.") {
		t.Fatalf("empty list:\n%s", screentest.Plain(s))
	}
	add := func(name, key string) {
		screentest.Press(t, s, "ctrl+n")
		screentest.TypeText(t, s, name)
		screentest.Press(t, s, "tab")
		s.Update(tea.PasteMsg{Content: key})
		screentest.Press(t, s, "enter")
	}
	add("Laptop Bram", "RWQgeen")
	if j := screentest.Joined(screentest.Plain(s)); !strings.Contains(j, "Dit is geen openbare sleutel van een laptop.") || !s.Typing() {
		t.Fatalf("a bad key:\n%s", screentest.Plain(s))
	}
	screentest.Press(t, s, "esc")
	add("Laptop Bram", pubFile)
	id := session.GroupKeyID(lset.KeyID)
	frame := screentest.Frame(ctx, s)
	plainID := strings.ReplaceAll(id, "\u00a0", " ") // Joined squeezes every space
	if j := screentest.Joined(frame); !strings.Contains(j, "Laptop \u201cLaptop Bram\u201d is aangemeld (sleutelnummer "+plainID+").") || !strings.Contains(frame, id) {
		t.Fatalf("after adding:\n%s", frame)
	}
	screentest.Press(t, s, "delete")
	ask := screentest.Frame(ctx, s)
	if j := screentest.Joined(ask); !strings.Contains(j, "Laptop Bram (sleutel "+plainID+")") || !strings.Contains(j, "Typ j voor ja") {
		t.Fatalf("the question:\n%s", ask)
	}
	t.Run("remove", func(t *testing.T) { screentest.RequireGolden(t, strings.ReplaceAll(ask, id, "xxx")) })
	screentest.Press(t, s, "n")
	if list, _ := sess.Laptops(); len(list) != 1 || list[0].Removed() {
		t.Fatalf("removed without j: %+v", list)
	}
	screentest.Press(t, s, "delete", "j")
	if list, _ := sess.Laptops(); len(list) != 1 || !list[0].Removed() {
		t.Fatalf("not removed: %+v", list)
	}
	if j := screentest.Joined(screentest.Plain(s)); !strings.Contains(j, "van de lijst sinds 27-11-2026") {
		t.Fatalf("the list afterwards:\n%s", screentest.Plain(s))
	}
	// esc goes back to the settings, on the laptops row.
	if nav := screentest.Press(t, s, "esc"); len(nav) != 1 || nav[0] != (common.SettingsMsg{AtLaptops: true}) {
		t.Fatalf("esc: %v", nav)
	}
	back := settings.New(ctx)
	back.SelectLaptops()
	open(t, back)
	if !strings.Contains(screentest.Plain(back), "> Laptops die sturen   0 aangemeld") {
		t.Fatalf("back on the settings:\n%s", screentest.Plain(back))
	}
}
