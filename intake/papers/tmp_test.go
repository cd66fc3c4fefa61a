package papers

import (
	"os"
	"testing"

	"github.com/spreekuur/spreekuur/intake"
)

func TestTmpDump(t *testing.T) {
	in, r := fixture()
	r.Pseudonym = "Łukasz Wójcik ąęś محمد"
	in.ClarifiedQuestion = "Potrzebuję pomocy z mieszkaniem — ik zoek een woning, şimdi. Şükrü Łódź ĳs 😀 中文 → ≥ Юлія Коваленко Ελένη ሰላም ትግርኛ"
	for _, lang := range []string{"nl", "en"} {
		d := Sheet(in, r, intake.DefaultCatalogue(), lang, intake.DateOf(testNow))
		b, err := d.PDF()
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile("/tmp/proto/sheet-"+lang+".pdf", b, 0o644)
	}
}
