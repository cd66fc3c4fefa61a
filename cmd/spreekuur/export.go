package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spreekuur/spreekuur/store/exportfile"
)

const exportUsage = "spreekuur [--db PATH] export stats|bundle|sheet|plan|letter|access [flags] (try: spreekuur export stats -h)"

// runExport dispatches `export KIND`. Each kind lives in its own file:
// stats in export_stats.go, bundle in export_bundle.go, the resident's
// sheet, plan, late-decision letter and data-access export in
// export_resident.go.
func runExport(g *globalOptions, args []string) int {
	if len(args) == 0 {
		return fail(usagef(say("zeg wat u wilt exporteren (gebruik: %s)", "say what to export (usage: %s)"), exportUsage))
	}
	kinds := map[string]func(*globalOptions, []string) int{
		"stats":  runExportStats,
		"bundle": runExportBundle,
		"sheet":  runExportSheet,
		"plan":   runExportPlan,
		"letter": runExportLetter,
		"access": runExportAccess,
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintf(os.Stdout, say("gebruik: %s\n", "usage: %s\n"), exportUsage)
		return exitOK
	}
	run, ok := kinds[args[0]]
	if !ok {
		return fail(usagef(say("onbekende export %q: kies stats, bundle, sheet, plan, letter of access", "unknown export %q: use stats, bundle, sheet, plan, letter or access"), args[0]))
	}
	return run(g, args[1:])
}

// checkExportTarget stops early, before the passphrase is asked and the
// export is made, when -o names a directory or, without --force, a file
// that is already there. writeExport checks again when it writes.
func checkExportTarget(path string, force bool) error {
	return exportFileError(path, exportfile.Check(path, force))
}

// writeExport writes the file -o names with exportfile.Write (mode 0600, a
// temporary file that is synced and then put in place; never over an
// existing file without --force). First it removes the temporary files an
// interrupted export left in that folder, and says so.
func writeExport(path string, force bool, write func(io.Writer) error) error {
	if removed, _ := exportfile.CleanStale(filepath.Dir(path)); len(removed) > 0 {
		fmt.Fprintf(os.Stderr, say("spreekuur: %d onaf bestand(en) van een onderbroken export weggehaald uit %s.\n", "spreekuur: removed %d unfinished file(s) an interrupted export left in %s.\n"), len(removed), filepath.Dir(path))
	}
	return exportFileError(path, exportfile.Write(path, force, write))
}

// exportFileError turns exportfile's refusals into sentences.
func exportFileError(path string, err error) error {
	switch {
	case errors.Is(err, exportfile.ErrIsDir):
		return fmt.Errorf(say("%s is een map; geef met -o de naam van een bestand", "%s is a directory; give the name of a file to write with -o"), path)
	case errors.Is(err, exportfile.ErrExists):
		return fmt.Errorf(say("%s bestaat al; kies een ander bestand, of voeg --force toe om het te vervangen", "%s already exists; choose another file or add --force to overwrite it"), path)
	}
	return err
}
