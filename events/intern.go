package events

import "unique"

// Intern makes the texts of p that repeat across many events share one
// copy in memory: eligibility checks (the same few dozen sentences on
// every submission and approval), reasons, titles and codes. Decoding
// gives every event its own copies; a projection keeps them for as long as
// the process runs, which at 150,000 officials was a quarter of the heap.
// Unique values (ids, names) are left alone. p is changed in place.
func Intern(p Payload) {
	switch e := p.(type) {
	case *NominationCreated:
		e.AgencyCode, e.Kind = intern(e.AgencyCode), intern(e.Kind)
		internDetails(&e.NominationDetails)
	case *NominationRevised:
		internDetails(&e.NominationDetails)
	case *NominationSubmitted:
		internEligibility(e.Eligibility)
	case *NominationResubmitted:
		e.Note = intern(e.Note)
		internEligibility(e.Eligibility)
	case *NominationApproved:
		e.Reason, e.Stage = intern(e.Reason), intern(e.Stage)
		internEligibility(e.Eligibility)
	case *NominationRejected:
		e.Reason, e.Stage = intern(e.Reason), intern(e.Stage)
	case *NominationReturned:
		e.Reason, e.Stage = intern(e.Reason), intern(e.Stage)
	case *NominationWithdrawn:
		e.Reason = intern(e.Reason)
	case *OfficialRegistered:
		e.AgencyCode = intern(e.AgencyCode)
		internProfile(&e.OfficialProfile)
	case *OfficialUpdated:
		internProfile(&e.OfficialProfile)
	}
}

func intern(s string) string {
	if s == "" {
		return s
	}
	return unique.Make(s).Value()
}

func internDetails(d *NominationDetails) {
	d.Title, d.ContentCode = intern(d.Title), intern(d.ContentCode)
}

func internProfile(p *OfficialProfile) {
	p.Category, p.Gender, p.Qualification, p.Field = intern(p.Category), intern(p.Gender), intern(p.Qualification), intern(p.Field)
	p.Discipline = intern(p.Discipline)
}

func internEligibility(e *Eligibility) {
	if e == nil {
		return
	}
	e.RuleSet = intern(e.RuleSet)
	for i := range e.Checks {
		c := &e.Checks[i]
		c.Code, c.Detail = intern(c.Code), intern(c.Detail)
	}
}
