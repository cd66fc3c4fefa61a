// Command statsdump writes the statistics records of a demo vault as CSV
// tables, for scripts/bench-sqlite.sh: the same records counted by the
// same GROUP BYs in SQLite and SQLCipher, the peer row of
// docs/PERFORMANCE.md. It is a measuring tool, not part of spreekuur: it
// refuses any vault that `spreekuur demo` did not make (a real vault's
// records are never to be published one by one).
//
//	SPREEKUUR_PASSPHRASE=… statsdump VAULT DIR   # writes DIR/records.csv, DIR/domains.csv
package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/spreekuur/spreekuur/intake"
	"github.com/spreekuur/spreekuur/store"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: SPREEKUUR_PASSPHRASE=… statsdump VAULT DIR")
		os.Exit(2)
	}
	if err := dump(os.Args[1], os.Args[2], os.Getenv("SPREEKUUR_PASSPHRASE")); err != nil {
		fmt.Fprintln(os.Stderr, "statsdump:", err)
		os.Exit(1)
	}
}

func dump(path, dir, pass string) error {
	v, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer v.Close()
	if err := v.Unlock("", []byte(pass)); err != nil {
		return err
	}
	rf, err := os.Create(filepath.Join(dir, "records.csv"))
	if err != nil {
		return err
	}
	defer rf.Close()
	df, err := os.Create(filepath.Join(dir, "domains.csv"))
	if err != nil {
		return err
	}
	defer df.Close()
	rw, dw := csv.NewWriter(rf), csv.NewWriter(df)
	b := func(x bool) string {
		if x {
			return "1"
		}
		return "0"
	}
	n := 0
	err = v.View(func(tx *store.Tx) error {
		var marker json.RawMessage // the demo marker (cmd/spreekuur/demo.go)
		if err := tx.Get(store.KindMeta, "demo", &marker); err != nil {
			return fmt.Errorf("not a demo vault (%w)", err)
		}
		return tx.ForEachStat(func(r intake.StatRecord) error {
			n++
			id := strconv.Itoa(n)
			err := rw.Write([]string{id, string(r.Month), string(r.Location), string(r.Route), string(r.QuestionType), string(r.AgeBand),
				b(r.Kompaan), b(r.FirstInMonth), b(r.Closed), strconv.Itoa(r.TurnaroundDays), strconv.Itoa(r.Appreciation)})
			if err != nil {
				return err
			}
			for _, d := range r.Domains {
				if err := dw.Write([]string{id, string(d.Domain), strconv.Itoa(int(d.Scale))}); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	rw.Flush()
	dw.Flush()
	if err := rw.Error(); err != nil {
		return err
	}
	fmt.Printf("%d statistics records\n", n)
	return dw.Error()
}
