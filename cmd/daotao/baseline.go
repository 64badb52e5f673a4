package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"daotao/domain/programme"
)

// baselineCommand runs "daotao baseline check [--file FILE]": it checks the
// shipped Tables 1–6 (or FILE) and prints one tab-separated line per
// inconsistency: table, row, column, printed, computed, description. The
// inconsistencies are findings about the printed Đề án, not failures, so
// it exits 0; a FILE that cannot be read or parsed exits 1.
func baselineCommand(env environment, args []string) error {
	if len(args) == 0 || args[0] != "check" {
		return usageError{"usage: daotao baseline check [--file baseline.json]"}
	}
	var file string
	fs := newFlagSet(env, "baseline check")
	fs.StringVar(&file, "file", "", "baseline JSON to check (default: Tables 1–6 shipped with the program)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("baseline check takes no arguments, got %q", fs.Args())}
	}
	b, err := loadBaseline(file)
	if err != nil {
		return err
	}
	issues := programme.CheckBaseline(b)
	for _, i := range issues {
		fmt.Fprintln(env.stdout, issueLine(i))
	}
	fmt.Fprintf(env.stderr, "%d inconsistencies in %d tables (%s)\n", len(issues), len(b.Tables), baselineName(file))
	return nil
}

func loadBaseline(file string) (programme.Baseline, error) {
	if file == "" {
		return programme.DefaultBaseline()
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return programme.Baseline{}, err
	}
	b, err := programme.ParseBaseline(raw)
	if err != nil {
		return programme.Baseline{}, fmt.Errorf("%s: %w", file, err)
	}
	return b, nil
}

func baselineName(file string) string {
	if file == "" {
		return "shipped baseline"
	}
	return file
}

// issueLine writes an inconsistency as one line of tab-separated fields;
// a figure of the narrative has "text" for its table and "-" for its
// column.
func issueLine(i programme.Inconsistency) string {
	table, column := "table "+strconv.Itoa(i.Table), i.Column
	if i.Table == 0 {
		table = "text"
	}
	if column == "" {
		column = "-"
	}
	fields := []string{table, i.Row, column, i.Printed, i.Computed, i.Vi}
	for k, f := range fields {
		fields[k] = strings.NewReplacer("\t", " ", "\n", " ").Replace(f)
	}
	return strings.Join(fields, "\t")
}
