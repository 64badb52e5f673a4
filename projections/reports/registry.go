package reports

import (
	"fmt"
	"slices"
	"sort"

	"daotao/projections"
	"daotao/projections/asof"
)

// Input is what a report is computed from: the state rebuilt from the log
// up to a cut, and the cut.
type Input struct {
	State *projections.State
	Cut   asof.Cut
}

// Report is one named report.
type Report struct {
	// Name is how it is asked for (`--report NAME`, /reports/{name}):
	// lower case, never renamed, since sealed reviews record it.
	Name string
	// Title is its heading, in Vietnamese.
	Title string
	// Build computes it. It must read only in, never a clock or a map's
	// iteration order, so that it is deterministic.
	Build func(in Input) (Table, error)
}

// Registry is a set of reports by name.
type Registry struct {
	byName map[string]Report
}

// NewRegistry returns a registry of rs. It returns an error for a report
// without a name or a function, or for two reports of one name.
func NewRegistry(rs ...Report) (*Registry, error) {
	reg := &Registry{byName: map[string]Report{}}
	for _, r := range rs {
		if r.Name == "" || r.Build == nil {
			return nil, fmt.Errorf("reports: report %q has no name or no function", r.Name)
		}
		if _, dup := reg.byName[r.Name]; dup {
			return nil, fmt.Errorf("reports: two reports named %q", r.Name)
		}
		reg.byName[r.Name] = r
	}
	return reg, nil
}

// Names returns the names of every report, sorted.
func (reg *Registry) Names() []string {
	out := make([]string, 0, len(reg.byName))
	for n := range reg.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Get returns the report called name.
func (reg *Registry) Get(name string) (Report, bool) {
	r, ok := reg.byName[name]
	return r, ok
}

// Run computes the reports called names (all of them, sorted by name, when
// names is empty) from in. It returns an error naming an unknown report or
// the first report that fails.
func (reg *Registry) Run(in Input, names ...string) (Result, error) {
	if len(names) == 0 {
		names = reg.Names()
	}
	res := newResult(in.Cut)
	for _, name := range slices.Clone(names) {
		r, ok := reg.Get(name)
		if !ok {
			return Result{}, fmt.Errorf("reports: no report %q (there are: %v)", name, reg.Names())
		}
		t, err := r.Build(in)
		if err != nil {
			return Result{}, fmt.Errorf("reports: %s: %w", name, err)
		}
		res.Reports = append(res.Reports, Named{Name: r.Name, Title: r.Title, Table: t})
	}
	return res, nil
}
