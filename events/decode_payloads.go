package events

// The payloads FastDecoder decodes by hand: the types that make up almost
// all of a national log (nominations and their decisions, officials and
// their bookings, deadlines). Each decoder reads one JSON object into a
// new payload, declining (scan.bad) anything it does not expect: an
// unknown or repeated name, a null where a value is expected, a value of
// another kind. Texts are interned as Intern does, and a few more that
// repeat (stages, roles, codes).

var payloads = map[string]func(*scan) Payload{
	TypeNominationCreated:     decodeNominationCreated,
	TypeNominationRevised:     decodeNominationRevised,
	TypeNominationSubmitted:   decodeNominationSubmitted,
	TypeNominationApproved:    decodeNominationApproved,
	TypeNominationRejected:    func(s *scan) Payload { return decodeNominationRejected(s) },
	TypeNominationReturned:    func(s *scan) Payload { return decodeNominationReturned(s) },
	TypeNominationResubmitted: decodeNominationResubmitted,
	TypeNominationWithdrawn:   decodeNominationWithdrawn,
	TypeNominationStagePassed: decodeNominationStagePassed,
	TypeOfficialRegistered:    decodeOfficialRegistered,
	TypeOfficialUpdated:       decodeOfficialUpdated,
	TypeOfficialBooked:        decodeOfficialBooked,
	TypeDeadlineReminded:      decodeDeadlineReminded,
	TypeDeadlineEscalated:     decodeDeadlineEscalated,
}

// details reads a field of NominationDetails; bits 0–9 of seen.
func (s *scan) details(key string, d *NominationDetails, seen *uint64) bool {
	switch key {
	case "title":
		s.dup(seen, 0)
		d.Title = s.istr()
	case "content_code":
		s.dup(seen, 1)
		d.ContentCode = s.istr()
	case "start_date":
		s.dup(seen, 2)
		d.StartDate = s.date()
	case "end_date":
		s.dup(seen, 3)
		d.EndDate = s.date()
	case "cost_estimate_vnd":
		s.dup(seen, 4)
		d.CostEstimateVND = s.int64()
	case "quota_id":
		s.dup(seen, 5)
		d.QuotaID = s.str()
	case "duration_months":
		s.dup(seen, 6)
		d.DurationMonths = s.int()
	case "commitment_months":
		s.dup(seen, 7)
		d.CommitmentMonths = s.int()
	case "abroad":
		s.dup(seen, 8)
		d.Abroad = s.boolean()
	case "course_id":
		s.dup(seen, 9)
		d.CourseID = s.str()
	default:
		return false
	}
	return true
}

func decodeNominationCreated(s *scan) Payload {
	p := &NominationCreated{}
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch key := string(s.key()); key {
		case "nomination_id":
			s.dup(&seen, 10)
			p.NominationID = s.str()
		case "official_id":
			s.dup(&seen, 11)
			p.OfficialID = s.str()
		case "agency_code":
			s.dup(&seen, 12)
			p.AgencyCode = s.istr()
		case "kind":
			s.dup(&seen, 13)
			p.Kind = s.istr()
		default:
			if !s.details(key, &p.NominationDetails, &seen) {
				s.bad = true
			}
		}
	}
	return p
}

func decodeNominationRevised(s *scan) Payload {
	p := &NominationRevised{}
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch key := string(s.key()); key {
		case "changed":
			s.dup(&seen, 10)
			p.Changed = s.fieldChanges()
		default:
			if !s.details(key, &p.NominationDetails, &seen) {
				s.bad = true
			}
		}
	}
	return p
}

func decodeNominationSubmitted(s *scan) Payload {
	p := &NominationSubmitted{}
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch string(s.key()) {
		case "eligibility":
			s.dup(&seen, 0)
			p.Eligibility = s.eligibility()
		case "reference_version":
			s.dup(&seen, 1)
			p.ReferenceVersion = s.int()
		case "chain":
			s.dup(&seen, 2)
			p.Chain = s.chainPin()
		case "attachments":
			s.dup(&seen, 3)
			p.Attachments = s.attachments()
		default:
			s.bad = true
		}
	}
	return p
}

func decodeNominationApproved(s *scan) Payload {
	p := &NominationApproved{}
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch string(s.key()) {
		case "reason":
			s.dup(&seen, 0)
			p.Reason = s.istr()
		case "eligibility":
			s.dup(&seen, 1)
			p.Eligibility = s.eligibility()
		case "reference_version":
			s.dup(&seen, 2)
			p.ReferenceVersion = s.int()
		case "stage":
			s.dup(&seen, 3)
			p.Stage = s.istr()
		case "attachments":
			s.dup(&seen, 4)
			p.Attachments = s.attachments()
		default:
			s.bad = true
		}
	}
	return p
}

// decision reads the fields a rejection and a return share.
func (s *scan) decision(reason, stage *string, atts *[]AttachmentRef) {
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch string(s.key()) {
		case "reason":
			s.dup(&seen, 0)
			*reason = s.istr()
		case "stage":
			s.dup(&seen, 1)
			*stage = s.istr()
		case "attachments":
			s.dup(&seen, 2)
			*atts = s.attachments()
		default:
			s.bad = true
		}
	}
}

func decodeNominationRejected(s *scan) *NominationRejected {
	p := &NominationRejected{}
	s.decision(&p.Reason, &p.Stage, &p.Attachments)
	return p
}

func decodeNominationReturned(s *scan) *NominationReturned {
	p := &NominationReturned{}
	s.decision(&p.Reason, &p.Stage, &p.Attachments)
	return p
}

func decodeNominationResubmitted(s *scan) Payload {
	p := &NominationResubmitted{}
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch string(s.key()) {
		case "note":
			s.dup(&seen, 0)
			p.Note = s.istr()
		case "eligibility":
			s.dup(&seen, 1)
			p.Eligibility = s.eligibility()
		case "reference_version":
			s.dup(&seen, 2)
			p.ReferenceVersion = s.int()
		case "attachments":
			s.dup(&seen, 3)
			p.Attachments = s.attachments()
		case "changed":
			s.dup(&seen, 4)
			p.Changed = s.fieldChanges()
		case "attachment_changes":
			s.dup(&seen, 5)
			p.AttachmentChanges = s.attachmentChanges()
		default:
			s.bad = true
		}
	}
	return p
}

func decodeNominationWithdrawn(s *scan) Payload {
	p := &NominationWithdrawn{}
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch string(s.key()) {
		case "reason":
			s.dup(&seen, 0)
			p.Reason = s.istr()
		default:
			s.bad = true
		}
	}
	return p
}

func decodeNominationStagePassed(s *scan) Payload {
	p := &NominationStagePassed{}
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch string(s.key()) {
		case "stage":
			s.dup(&seen, 0)
			p.Stage = s.istr()
		case "next":
			s.dup(&seen, 1)
			p.Next = s.istr()
		case "reason":
			s.dup(&seen, 2)
			p.Reason = s.istr()
		case "attachments":
			s.dup(&seen, 3)
			p.Attachments = s.attachments()
		case "eligibility":
			s.dup(&seen, 4)
			p.Eligibility = s.eligibility()
		case "reference_version":
			s.dup(&seen, 5)
			p.ReferenceVersion = s.int()
		default:
			s.bad = true
		}
	}
	return p
}

// profile reads a field of OfficialProfile; bits 0–14 of seen.
func (s *scan) profile(key string, p *OfficialProfile, seen *uint64) bool {
	switch key {
	case "full_name":
		s.dup(seen, 0)
		p.FullName = s.str()
	case "group":
		s.dup(seen, 1)
		p.Group = s.int()
	case "category":
		s.dup(seen, 2)
		p.Category = s.istr()
	case "birth_date":
		s.dup(seen, 3)
		p.BirthDate = s.date()
	case "gender":
		s.dup(seen, 4)
		p.Gender = s.istr()
	case "service_start":
		s.dup(seen, 5)
		p.ServiceStart = s.date()
	case "qualification":
		s.dup(seen, 6)
		p.Qualification = s.istr()
	case "field":
		s.dup(seen, 7)
		p.Field = s.istr()
	case "ratings":
		s.dup(seen, 8)
		p.Ratings = s.ratings()
	case "probation_end":
		s.dup(seen, 9)
		p.ProbationEnd = s.date()
	case "in_planning_pool":
		s.dup(seen, 10)
		p.InPlanningPool = s.boolean()
	case "discipline":
		s.dup(seen, 11)
		p.Discipline = s.istr()
	case "prior_postgrad_nomination":
		s.dup(seen, 12)
		p.PriorPostgradNomination = s.boolean()
	case "ethnic_minority":
		s.dup(seen, 13)
		p.EthnicMinority = s.boolean()
	case "travel_barred":
		s.dup(seen, 14)
		p.TravelBarred = s.boolean()
	default:
		return false
	}
	return true
}

func decodeOfficialRegistered(s *scan) Payload {
	p := &OfficialRegistered{}
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch key := string(s.key()); key {
		case "official_id":
			s.dup(&seen, 20)
			p.OfficialID = s.str()
		case "agency_code":
			s.dup(&seen, 21)
			p.AgencyCode = s.istr()
		default:
			if !s.profile(key, &p.OfficialProfile, &seen) {
				s.bad = true
			}
		}
	}
	return p
}

func decodeOfficialUpdated(s *scan) Payload {
	p := &OfficialUpdated{}
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch key := string(s.key()); key {
		case "changed":
			s.dup(&seen, 20)
			p.Changed = s.fieldChanges()
		default:
			if !s.profile(key, &p.OfficialProfile, &seen) {
				s.bad = true
			}
		}
	}
	return p
}

func decodeOfficialBooked(s *scan) Payload {
	p := &OfficialBooked{}
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch string(s.key()) {
		case "nomination_id":
			s.dup(&seen, 0)
			p.NominationID = s.str()
		case "start_date":
			s.dup(&seen, 1)
			p.StartDate = s.date()
		case "end_date":
			s.dup(&seen, 2)
			p.EndDate = s.date()
		default:
			s.bad = true
		}
	}
	return p
}

// deadlineRef reads a field of DeadlineRef; bits 0–5 of seen.
func (s *scan) deadlineRef(key string, r *DeadlineRef, seen *uint64) bool {
	switch key {
	case "nomination_id":
		s.dup(seen, 0)
		r.NominationID = s.str()
	case "stage":
		s.dup(seen, 1)
		r.Stage = s.istr()
	case "entered_seq":
		s.dup(seen, 2)
		r.EnteredSeq = s.uint64()
	case "entered_on":
		s.dup(seen, 3)
		r.EnteredOn = s.date()
	case "due":
		s.dup(seen, 4)
		r.Due = s.date()
	case "agency_code":
		s.dup(seen, 5)
		r.AgencyCode = s.istr()
	default:
		return false
	}
	return true
}

func decodeDeadlineReminded(s *scan) Payload {
	p := &DeadlineReminded{}
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch key := string(s.key()); key {
		case "milestone":
			s.dup(&seen, 10)
			p.Milestone = s.int()
		case "role":
			s.dup(&seen, 11)
			p.Role = s.istr()
		case "calendar":
			s.dup(&seen, 12)
			p.Calendar = s.int()
		default:
			if !s.deadlineRef(key, &p.DeadlineRef, &seen) {
				s.bad = true
			}
		}
	}
	return p
}

func decodeDeadlineEscalated(s *scan) Payload {
	p := &DeadlineEscalated{}
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch key := string(s.key()); key {
		case "role":
			s.dup(&seen, 11)
			p.Role = s.istr()
		case "calendar":
			s.dup(&seen, 12)
			p.Calendar = s.int()
		default:
			if !s.deadlineRef(key, &p.DeadlineRef, &seen) {
				s.bad = true
			}
		}
	}
	return p
}
