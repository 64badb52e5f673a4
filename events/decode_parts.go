package events

// Parts several payloads share, read for FastDecoder (decode_payloads.go):
// eligibility, the pins of a chain and of a stage, attachments, the changes
// a revision lists, ratings.

// eligibility reads an Eligibility object (not null).
func (s *scan) eligibility() *Eligibility {
	e := &Eligibility{}
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch string(s.key()) {
		case "eligible":
			s.dup(&seen, 0)
			e.Eligible = s.boolean()
		case "rule_set":
			s.dup(&seen, 1)
			e.RuleSet = s.istr()
		case "rule_set_version":
			s.dup(&seen, 2)
			e.RuleSetVersion = s.int()
		case "checks":
			s.dup(&seen, 3)
			e.Checks = make([]EligibilityCheck, 0, 4)
			s.open('[')
			for n := 0; s.member(']', &n); {
				e.Checks = append(e.Checks, s.check())
			}
		default:
			s.bad = true
		}
	}
	return e
}

func (s *scan) check() EligibilityCheck {
	var c EligibilityCheck
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch string(s.key()) {
		case "code":
			s.dup(&seen, 0)
			c.Code = s.istr()
		case "passed":
			s.dup(&seen, 1)
			c.Passed = s.boolean()
		case "detail":
			s.dup(&seen, 2)
			c.Detail = s.istr()
		default:
			s.bad = true
		}
	}
	return c
}

// chainPin reads a ChainPin object (not null).
func (s *scan) chainPin() *ChainPin {
	c := &ChainPin{}
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch string(s.key()) {
		case "version":
			s.dup(&seen, 0)
			c.Version = s.int()
		case "group":
			s.dup(&seen, 1)
			c.Group = s.int()
		case "stages":
			s.dup(&seen, 2)
			c.Stages = []StagePin{}
			s.open('[')
			for n := 0; s.member(']', &n); {
				c.Stages = append(c.Stages, s.stagePin())
			}
		default:
			s.bad = true
		}
	}
	return c
}

func (s *scan) stagePin() StagePin {
	var p StagePin
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch string(s.key()) {
		case "role":
			s.dup(&seen, 0)
			p.Role = s.istr()
		case "due_working_days":
			s.dup(&seen, 1)
			p.DueWorkingDays = s.int()
		case "escalate_to":
			s.dup(&seen, 2)
			p.EscalateTo = s.istr()
		default:
			s.bad = true
		}
	}
	return p
}

// attachments reads an array of AttachmentRef (not null).
func (s *scan) attachments() []AttachmentRef {
	out := []AttachmentRef{}
	s.open('[')
	for n := 0; s.member(']', &n); {
		var a AttachmentRef
		s.attachmentRef(&a)
		out = append(out, a)
	}
	return out
}

func (s *scan) attachmentRef(a *AttachmentRef) {
	var seen uint64
	s.open('{')
	for n := 0; s.member('}', &n); {
		switch string(s.key()) {
		case "sha256":
			s.dup(&seen, 0)
			a.SHA256 = s.str()
		case "name":
			s.dup(&seen, 1)
			a.Name = s.str()
		case "content_type":
			s.dup(&seen, 2)
			a.ContentType = s.istr()
		case "size":
			s.dup(&seen, 3)
			a.Size = s.int64()
		case "stage":
			s.dup(&seen, 4)
			a.Stage = s.istr()
		default:
			s.bad = true
		}
	}
}

func (s *scan) attachmentChanges() []AttachmentChange {
	out := []AttachmentChange{}
	s.open('[')
	for n := 0; s.member(']', &n); {
		var c AttachmentChange
		var seen uint64
		s.open('{')
		for n := 0; s.member('}', &n); {
			switch string(s.key()) {
			case "change":
				s.dup(&seen, 0)
				c.Change = s.istr()
			case "attachment":
				s.dup(&seen, 1)
				s.attachmentRef(&c.Ref)
			default:
				s.bad = true
			}
		}
		out = append(out, c)
	}
	return out
}

// fieldChanges reads an array of FieldChange (not null).
func (s *scan) fieldChanges() []FieldChange {
	out := []FieldChange{}
	s.open('[')
	for n := 0; s.member(']', &n); {
		var c FieldChange
		var seen uint64
		s.open('{')
		for n := 0; s.member('}', &n); {
			switch string(s.key()) {
			case "field":
				s.dup(&seen, 0)
				c.Field = s.istr()
			case "from":
				s.dup(&seen, 1)
				c.From = s.value(0)
			case "to":
				s.dup(&seen, 2)
				c.To = s.value(0)
			default:
				s.bad = true
			}
		}
		out = append(out, c)
	}
	return out
}

// ratings reads an object of strings (not null); a name given twice keeps
// its last value, as encoding/json does.
func (s *scan) ratings() map[string]string {
	m := map[string]string{}
	s.open('{')
	for n := 0; s.member('}', &n); {
		k := s.key()
		if s.bad {
			return nil
		}
		ks := s.istrOf(k, false)
		m[ks] = s.istr()
	}
	return m
}
