package main

import (
	"fmt"
	"os"
)

const exportUsage = "spreekuur [--db PATH] export stats|bundle|sheet|plan|access [flags] (try: spreekuur export stats -h)"

// runExport dispatches `export KIND`. Each kind lives in its own file:
// stats in export_stats.go, bundle in export_bundle.go, the resident's
// sheet, plan and data-access export in export_resident.go.
func runExport(g *globalOptions, args []string) int {
	if len(args) == 0 {
		return fail(usagef("say what to export (usage: %s)", exportUsage))
	}
	kinds := map[string]func(*globalOptions, []string) int{
		"stats":  runExportStats,
		"bundle": runExportBundle,
		"sheet":  runExportSheet,
		"plan":   runExportPlan,
		"access": runExportAccess,
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintf(os.Stdout, "usage: %s\n", exportUsage)
		return exitOK
	}
	run, ok := kinds[args[0]]
	if !ok {
		return fail(usagef("unknown export %q: use stats, bundle, sheet, plan or access", args[0]))
	}
	return run(g, args[1:])
}
