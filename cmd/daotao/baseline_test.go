package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"daotao/domain/programme"
)

func TestBaselineCheck(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	shipped, err := programme.DefaultBaseline()
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(shipped)
	copyFile := write("copy.json", string(raw))
	tests := []struct {
		name     string
		args     []string
		code     int
		lines    int
		stderrIs string
	}{
		{"shipped", []string{"baseline", "check"}, 0, 18, "18 inconsistencies"},
		{"file", []string{"baseline", "check", "--file", copyFile}, 0, 18, "copy.json"},
		{"not JSON", []string{"baseline", "check", "--file", write("broken.json", `{"tables": [`)}, 1, 0, "broken.json"},
		{"breaks the rules", []string{"baseline", "check", "--file", write("empty.json", `{"source":"x","tables":[],"text_figures":[]}`)}, 1, 0, "invalid"},
		{"unknown key", []string{"baseline", "check", "--file", write("extra.json", `{"bogus":1}`)}, 1, 0, "bogus"},
		{"missing file", []string{"baseline", "check", "--file", filepath.Join(dir, "none.json")}, 1, 0, "none.json"},
		{"no subcommand", []string{"baseline"}, 2, 0, "usage"},
		{"extra argument", []string{"baseline", "check", "now"}, 2, 0, "no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, out, errb := testEnv("", nil, tt.args...)
			if code := run(t.Context(), env); code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tt.code, errb.String())
			}
			lines := strings.FieldsFunc(out.String(), func(r rune) bool { return r == '\n' })
			if len(lines) != tt.lines {
				t.Errorf("%d lines, want %d:\n%s", len(lines), tt.lines, out.String())
			}
			if !strings.Contains(errb.String(), tt.stderrIs) {
				t.Errorf("stderr %q, want it to say %q", errb.String(), tt.stderrIs)
			}
			if tt.lines > 0 && !slices.ContainsFunc(lines, func(l string) bool {
				return strings.HasPrefix(l, "table 4\tnhom_3\ttong\t892\t850\tBảng 4, dòng «3. ")
			}) {
				t.Errorf("no line for Table 4 Nhóm 3, 892 printed, 850 computed:\n%s", out.String())
			}
			for _, l := range lines {
				if n := strings.Count(l, "\t"); n != 5 {
					t.Errorf("line %q has %d tabs, want 6 fields", l, n)
				}
			}
		})
	}
}
