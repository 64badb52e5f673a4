package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"daotao/domain/eligibility"
	"daotao/projections/asof"
	"daotao/projections/reports"
	"daotao/projections/whatif"
)

// loadRuleSet returns the rule set named by arg: the id of a rule set the
// program knows (e.g. nd101-2017/cbcc), or a JSON file holding one (the
// fields of eligibility.RuleSet).
func loadRuleSet(arg string) (eligibility.RuleSet, error) {
	if rs, ok := eligibility.ByID(arg); ok {
		return rs, nil
	}
	b, err := os.ReadFile(arg)
	if err != nil {
		var ids []string
		for _, rs := range eligibility.All() {
			ids = append(ids, rs.ID)
		}
		return eligibility.RuleSet{}, usageError{fmt.Sprintf("--what-if: %q is neither a rule set (%s) nor a readable JSON file", arg, strings.Join(ids, ", "))}
	}
	var rs eligibility.RuleSet
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rs); err != nil {
		return rs, usageError{fmt.Sprintf("--what-if: %s is not a rule set: %v", arg, err)}
	}
	if rs.ID == "" || (rs.Category != eligibility.CategoryCBCC && rs.Category != eligibility.CategoryVC) {
		return rs, usageError{fmt.Sprintf("--what-if: %s needs an id and a category (cbcc or vc)", arg)}
	}
	return rs, nil
}

// replayWhatIf re-evaluates the recorded eligibility decisions of read up
// to p under rs and prints which would differ, as indented JSON followed
// by the trailer line (SHA-256 of the body, last sequence, point,
// version). Nothing is written to the log.
func replayWhatIf(ctx context.Context, env environment, read asof.Reader, p asof.Point, rs eligibility.RuleSet) error {
	rep, err := whatif.Evaluate(ctx, read, p, rs)
	if err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	body, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	body = append(body, '\n')
	trailer := reports.Trailer(body, reports.Result{AsOf: rep.AsOf, LastSeq: rep.LastSeq}, version, reports.FormatJSON)
	_, err = env.stdout.Write(append(body, trailer...))
	return err
}
