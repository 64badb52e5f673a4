package projections

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"daotao/domain/planning"
	"daotao/events"
)

// planBook holds yearly planning: every agency's needs, the plans and the
// focus-field lists, each by its aggregate id.
type planBook struct {
	needs      map[string]*planning.Need      // by "<year>-<agency>"
	plans      map[int]*planning.Plan         // by year
	focus      map[string]*planning.FocusList // by "<year>-<bloc>"
	providers  map[string]*planning.Provider  // by id
	selections map[string]*planning.Selection // by course id
	progress   map[string]*planning.Progress  // by nomination id
}

func (b *planBook) init() {
	if b.needs == nil {
		b.needs = map[string]*planning.Need{}
		b.plans = map[int]*planning.Plan{}
		b.focus = map[string]*planning.FocusList{}
		b.providers = map[string]*planning.Provider{}
		b.selections = map[string]*planning.Selection{}
		b.progress = map[string]*planning.Progress{}
	}
}

// applyPlanning folds an event of yearly planning and follow-up: a need, a
// plan (keyed by its year), a focus-field list, a provider, a provider
// selection or a trainee's progress.
func (s *State) applyPlanning(r events.Recorded, aggregate, id string, p events.Payload) {
	b := &s.planning
	b.init()
	switch aggregate {
	case events.AggregateNeed:
		fold(b.needs, id, r, p)
	case events.AggregatePlan:
		year, err := strconv.Atoi(id)
		if err != nil {
			return
		}
		pl, ok := b.plans[year]
		if !ok {
			pl = &planning.Plan{Year: year}
			b.plans[year] = pl
		}
		pl.Apply(r.Seq, r.Time, r.Actor.Username, p)
	case events.AggregateFocus:
		fold(b.focus, id, r, p)
	case events.AggregateProvider:
		fold(b.providers, id, r, p)
	case events.AggregateSelection:
		fold(b.selections, id, r, p)
	case events.AggregateProgress:
		fold(b.progress, id, r, p)
	}
}

// folding is an aggregate of planning: it folds its own events.
type folding[T any] interface {
	*T
	Apply(seq uint64, at time.Time, actor string, p events.Payload)
}

// fold applies r to the aggregate id of m, made empty when it is new.
func fold[T any, PT folding[T]](m map[string]PT, id string, r events.Recorded, p events.Payload) {
	a, ok := m[id]
	if !ok {
		a = PT(new(T))
		m[id] = a
	}
	a.Apply(r.Seq, r.Time, r.Actor.Username, p)
}

// Need returns a copy of agency's needs for year; a zero Need (Seq 0) when
// nothing was submitted.
func (s *State) Need(year int, agency string) *planning.Need {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if n, ok := s.planning.needs[planning.NeedID(year, agency)]; ok {
		return n.Clone()
	}
	return &planning.Need{Year: year, AgencyCode: agency}
}

// Needs returns copies of every agency's needs for year, by agency code.
func (s *State) Needs(year int) []*planning.Need {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []*planning.Need
	for _, n := range s.planning.needs {
		if n.Year == year {
			out = append(out, n.Clone())
		}
	}
	slices.SortFunc(out, func(a, b *planning.Need) int { return cmp.Compare(a.AgencyCode, b.AgencyCode) })
	return out
}

// Plan returns a copy of the plan of year; a zero Plan (Seq 0, no status)
// when the year's round was never opened.
func (s *State) Plan(year int) *planning.Plan {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if p, ok := s.planning.plans[year]; ok {
		return p.Clone()
	}
	return &planning.Plan{Year: year}
}

// Plans returns copies of every year's plan, by year.
func (s *State) Plans() []*planning.Plan {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*planning.Plan, 0, len(s.planning.plans))
	for _, p := range s.planning.plans {
		out = append(out, p.Clone())
	}
	slices.SortFunc(out, func(a, b *planning.Plan) int { return cmp.Compare(a.Year, b.Year) })
	return out
}

// FocusList returns a copy of the focus-field list of year and bloc; an
// empty list (Seq 0) when none was published.
func (s *State) FocusList(year int, bloc string) *planning.FocusList {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if f, ok := s.planning.focus[planning.FocusID(year, bloc)]; ok {
		return f.Clone()
	}
	return &planning.FocusList{Year: year, Bloc: bloc}
}

// FocusLists returns the lists of year of both blocs, government first.
func (s *State) FocusLists(year int) []*planning.FocusList {
	return []*planning.FocusList{s.FocusList(year, planning.BlocGovernment), s.FocusList(year, planning.BlocParty)}
}

// Provider returns a copy of the provider with id, or false.
func (s *State) Provider(id string) (planning.Provider, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.planning.providers[id]
	if !ok {
		return planning.Provider{}, false
	}
	return *p, true
}

// Providers returns every provider, by name.
func (s *State) Providers() []planning.Provider {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]planning.Provider, 0, len(s.planning.providers))
	for _, p := range s.planning.providers {
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b planning.Provider) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	return out
}

// Selection returns a copy of how course's provider was selected; an empty
// one (Seq 0) when nothing was recorded.
func (s *State) Selection(course string) *planning.Selection {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if sel, ok := s.planning.selections[course]; ok {
		return sel.Clone()
	}
	return &planning.Selection{CourseID: course}
}

// TraineeProgress returns a copy of the follow-up of nomination id; an empty one
// (Seq 0) when nothing was recorded.
func (s *State) TraineeProgress(nomination string) *planning.Progress {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if p, ok := s.planning.progress[nomination]; ok {
		return p.Clone()
	}
	return &planning.Progress{NominationID: nomination}
}
