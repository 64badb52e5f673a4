package main

import (
	"context"
	"fmt"

	"daotao/domain/programme"
	"daotao/projections"
)

// check reads the whole event log and reports every violation of the
// programme's invariants; it exits 1 when there is any.
func check(ctx context.Context, env environment, args []string) error {
	var f backendFlags
	fs := newFlagSet(env, "check")
	f.register(fs, env)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := f.validate(); err != nil {
		return err
	}
	b, err := openBackend(ctx, f, newLogger(env), nil)
	if err != nil {
		return err
	}
	defer b.close()
	state := projections.New()
	if err := b.store.Read(ctx, 1, 0, state.Apply); err != nil {
		return fmt.Errorf("read the log: %w", err)
	}
	vs, err := projections.Check(ctx, b.store, quotaPlaces(state))
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	for _, v := range vs {
		fmt.Fprintln(env.stdout, v)
	}
	if len(vs) > 0 {
		return fmt.Errorf("%d invariant violations in %d events", len(vs), state.Applied())
	}
	fmt.Fprintf(env.stdout, "checked %d events: every invariant holds\n", state.Applied())
	return nil
}

// quotaPlaces tells each quota's places: from every published version of
// the reference data (the largest a quota ever had), or from the shipped
// data when none is published.
func quotaPlaces(state *projections.State) func(string) (int, bool) {
	docs := []*programme.Document{}
	for _, r := range state.References() {
		docs = append(docs, r.Doc)
	}
	if len(docs) == 0 {
		if d, err := programme.Default(); err == nil {
			docs = append(docs, d)
		}
	}
	return func(id string) (int, bool) {
		places, found := 0, false
		for _, d := range docs {
			if q, ok := d.Quota(id); ok {
				places, found = max(places, q.Places), true
			}
		}
		return places, found
	}
}
