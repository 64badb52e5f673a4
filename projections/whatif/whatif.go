// Package whatif re-evaluates the eligibility decisions recorded in the
// event log under another rule set and reports which would differ. It
// replays the log into a fresh state and, at each decision that recorded
// its eligibility (submitted, resubmitted, approved), evaluates the rule
// set against the official's profile, the nomination's details and the
// reference data as they stood just before that event, on the event's
// date. It never writes.
package whatif

import (
	"context"
	"time"

	"daotao/domain"
	"daotao/domain/eligibility"
	"daotao/events"
	"daotao/projections"
	"daotao/projections/asof"
)

// Decision is one recorded decision and its outcome under the rule set.
type Decision struct {
	Seq          uint64    `json:"seq"`
	Time         time.Time `json:"time"`
	Type         string    `json:"type"`
	NominationID string    `json:"nomination_id"`
	OfficialID   string    `json:"official_id"`
	AgencyCode   string    `json:"agency_code"`
	Kind         string    `json:"kind"`
	// RecordedRuleSet and RecordedEligible are what the event recorded.
	RecordedRuleSet  string `json:"recorded_rule_set"`
	RecordedEligible bool   `json:"recorded_eligible"`
	// Eligible is the outcome under the rule set; Failed its failed checks.
	Eligible bool     `json:"eligible"`
	Failed   []string `json:"failed"`
}

// Report is what re-evaluating the log gave.
type Report struct {
	RuleSet        string `json:"rule_set"`
	RuleSetVersion int    `json:"rule_set_version"`
	Category       string `json:"category"`
	AsOf           string `json:"as_of"`
	LastSeq        uint64 `json:"last_seq"`
	// Decisions counts the decisions with a recorded eligibility;
	// Evaluated those of the rule set's category; Differing those whose
	// outcome differs.
	Decisions int `json:"decisions"`
	Evaluated int `json:"evaluated"`
	Differing int `json:"differing"`
	// Differences lists the differing decisions in stream order.
	Differences []Decision `json:"differences"`
}

// Evaluate replays read up to p and re-evaluates every recorded decision
// under rs. It returns read's error or an event the state cannot apply.
func Evaluate(ctx context.Context, read asof.Reader, p asof.Point, rs eligibility.RuleSet) (Report, error) {
	out := Report{RuleSet: rs.ID, RuleSetVersion: rs.Version, Category: rs.Category, AsOf: p.String(), Differences: []Decision{}}
	st := projections.New()
	cut, err := asof.Read(ctx, read, p, func(r events.Recorded) error {
		if d, ok := decisionOf(st, r, rs); ok {
			out.Decisions++
			if d != nil {
				out.Evaluated++
				if d.Eligible != d.RecordedEligible {
					out.Differing++
					out.Differences = append(out.Differences, *d)
				}
			}
		}
		return st.Apply(r)
	})
	out.LastSeq = cut.LastSeq
	return out, err
}

// decisionOf returns the decision r records, evaluated under rs before r
// is applied to st: ok is false when r records no eligibility; the
// decision is nil when the official is of another category than rs.
func decisionOf(st *projections.State, r events.Recorded, rs eligibility.RuleSet) (*Decision, bool) {
	agg, id, _ := events.SplitSubject(r.Subject)
	if agg != events.AggregateNomination {
		return nil, false
	}
	p, err := events.Unmarshal(r.Envelope)
	if err != nil {
		return nil, false
	}
	var rec *events.Eligibility
	switch e := p.(type) {
	case *events.NominationSubmitted:
		rec = e.Eligibility
	case *events.NominationResubmitted:
		rec = e.Eligibility
	case *events.NominationApproved:
		rec = e.Eligibility
	}
	if rec == nil {
		return nil, false
	}
	n, ok := st.Nomination(id)
	if !ok {
		return nil, false
	}
	o, ok := st.Official(n.OfficialID())
	if !ok || o.Category != rs.Category {
		return nil, true
	}
	day := events.DateOf(r.Time, domain.Zone)
	res := eligibility.Evaluate(rs, eligibility.SubjectOf(o.OfficialProfile), request(st, o, n.Kind(), n.Details(), day))
	d := &Decision{Seq: r.Seq, Time: r.Time, Type: r.Type, NominationID: id, OfficialID: o.OfficialID, AgencyCode: n.AgencyCode(),
		Kind: n.Kind(), RecordedRuleSet: rec.RuleSet, RecordedEligible: rec.Eligible, Eligible: res.Eligible, Failed: []string{}}
	for _, c := range res.Failed() {
		d.Failed = append(d.Failed, c.Code)
	}
	return d, true
}

// request builds the request the application evaluates a nomination with
// (as handlers.evaluate does): its kind and details, the Phụ lục I
// content's priority groups and the Phụ lục II quota's groups and field of
// the reference data in force on day.
func request(st *projections.State, o domain.Official, kind string, d events.NominationDetails, day events.Date) eligibility.Request {
	req := eligibility.Request{Kind: kind, Date: day, Abroad: d.Abroad, CourseStart: d.StartDate, CourseEnd: d.EndDate,
		DurationMonths: d.DurationMonths, CommitmentMonths: d.CommitmentMonths}
	if kind == domain.KindPostgraduate && req.DurationMonths == 0 {
		req.DurationMonths = domain.MonthsBetween(d.StartDate, d.EndDate)
	}
	ref, ok := st.ReferenceAsOf(day)
	if !ok {
		return req
	}
	if c, ok := ref.Doc.Content(d.ContentCode); ok && d.ContentCode != "" {
		req.ContentPriorityGroups = c.Priority.Groups
	}
	if q, ok := ref.Doc.Quota(d.QuotaID); ok && d.QuotaID != "" {
		req.QuotaGroups = []int{}
		if o.Category == domain.CategoryCBCC {
			req.QuotaGroups = append(req.QuotaGroups, q.GroupsCBCC...)
		} else {
			req.QuotaGroups = append(req.QuotaGroups, q.GroupsVC...)
		}
		if q.StudyField != "khac" {
			req.QuotaField = q.StudyField
		}
	}
	return req
}
