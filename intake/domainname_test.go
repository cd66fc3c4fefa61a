package intake

import "testing"

func TestDomainNameNeverBlank(t *testing.T) {
	c := DefaultCatalogue()
	money, ok := c.Domain("money")
	if !ok {
		t.Fatal("no money domain in the catalogue")
	}
	for _, tc := range []struct {
		code DomainCode
		want string
	}{
		{"money", money.Name.In("nl")},
		{"local_budget_cafe", "local_budget_cafe"}, // another laptop's local code
	} {
		if got := c.DomainName(tc.code).In("nl"); got != tc.want || got == "" {
			t.Errorf("DomainName(%q) = %q, want %q", tc.code, got, tc.want)
		}
	}
}
