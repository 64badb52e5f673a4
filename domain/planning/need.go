package planning

import (
	"slices"
	"strconv"
	"time"

	"daotao/domain"
	"daotao/domain/programme"
	"daotao/events"
)

// Need statuses.
const (
	NeedNone      = ""          // nothing submitted yet
	NeedSubmitted = "submitted" // the latest version awaits consolidation
	NeedReturned  = "returned"  // the latest version was returned for revision
)

// NeedID returns the id of agency's needs for year: "<year>-<agency>".
func NeedID(year int, agency string) string { return strconv.Itoa(year) + "-" + agency }

// NeedVersion is one submitted version of an agency's needs.
type NeedVersion struct {
	events.NeedSubmitted
	SubmittedAt time.Time `json:"submitted_at"`
	SubmittedBy string    `json:"submitted_by"`
	// Returned is the reason it was returned for revision, if it was.
	Returned string `json:"returned,omitempty"`
}

// Need is one agency's training needs for one year: every version, newest
// last. It is one aggregate, so that versions are numbered without gaps.
type Need struct {
	ID         string        `json:"id"`
	Year       int           `json:"year"`
	AgencyCode string        `json:"agency_code"`
	Status     string        `json:"status"`
	Versions   []NeedVersion `json:"versions"`
	Seq        uint64        `json:"seq"`
}

// Latest returns the newest version, or false when none was submitted.
func (n *Need) Latest() (NeedVersion, bool) {
	if n == nil || len(n.Versions) == 0 {
		return NeedVersion{}, false
	}
	return n.Versions[len(n.Versions)-1], true
}

// Clone returns an independent copy.
func (n *Need) Clone() *Need {
	if n == nil {
		return nil
	}
	c := *n
	c.Versions = slices.Clone(n.Versions)
	return &c
}

// Apply folds one event of the need recorded at seq and at by actor.
func (n *Need) Apply(seq uint64, at time.Time, actor string, p events.Payload) {
	n.Seq = seq
	switch e := p.(type) {
	case *events.NeedSubmitted:
		n.ID, n.Year, n.AgencyCode, n.Status = e.NeedID, e.Year, e.AgencyCode, NeedSubmitted
		n.Versions = append(n.Versions, NeedVersion{NeedSubmitted: *e, SubmittedAt: at, SubmittedBy: actor})
	case *events.NeedReturned:
		n.Status = NeedReturned
		if len(n.Versions) > 0 {
			n.Versions[len(n.Versions)-1].Returned = e.Reason
		}
	}
}

// SubmitNeeds is the command to submit a version of an agency's needs.
type SubmitNeeds struct {
	Year          int
	AgencyCode    string
	Lines         []events.NeedLine
	Postgraduate  []events.NeedCandidates
	Justification string
}

// MayActFor reports whether actor may submit or be shown the needs of
// agency a: its own officer, or Ban Tổ chức Tỉnh ủy for an agency of the
// Party and mass-organisation bloc.
func MayActFor(actor events.Actor, a programme.Agency) bool {
	if !isRole(actor, domain.RoleAgency) {
		return false
	}
	return actor.Agency == a.Code || (actor.Agency == PartyBoard && BlocOf(a) == BlocParty)
}

// MayReview reports whether actor consolidates (and may return) the needs
// of agency a: Sở Nội vụ for every agency, Ban Tổ chức Tỉnh ủy for its bloc.
func MayReview(actor events.Actor, a programme.Agency) bool {
	return isRole(actor, domain.RoleHomeAffairs) ||
		(isRole(actor, domain.RoleAgency) && actor.Agency == PartyBoard && BlocOf(a) == BlocParty)
}

// Submit decides a SubmitNeeds on n (nil or empty when nothing was
// submitted). round is the year's planning round (nil: not opened); today
// is the date of the request in the programme's zone. A version submitted
// after the deadline is recorded as late, unless it answers a return.
func Submit(n *Need, cmd SubmitNeeds, round *Plan, doc *programme.Document, today events.Date, actor events.Actor) (events.NeedSubmitted, error) {
	if !isRole(actor, domain.RoleAgency) {
		return events.NeedSubmitted{}, domain.Forbidden("Chỉ cán bộ tổ chức của cơ quan, đơn vị gửi nhu cầu đào tạo, bồi dưỡng.")
	}
	p := domain.Problems{}
	checkYear(p, cmd.Year)
	agency, ok := doc.Agency(cmd.AgencyCode)
	if !ok || !MayActFor(actor, agency) {
		if cmd.AgencyCode == "" {
			p.Add("agency_code", "Cần mã cơ quan, đơn vị.")
			return events.NeedSubmitted{}, p.Err()
		}
		return events.NeedSubmitted{}, domain.NotFound("cơ quan, đơn vị này trong phạm vi bạn được gửi nhu cầu")
	}
	checkNeedLines(p, cmd.Lines, doc)
	checkCandidates(p, cmd.Postgraduate, agency.Code, doc)
	if len(cmd.Lines) == 0 && len(cmd.Postgraduate) == 0 {
		p.Add("lines", "Cần ít nhất một dòng nhu cầu (bồi dưỡng) hoặc một chỉ tiêu sau đại học.")
	}
	checkText(p, "justification", cmd.Justification, MaxReasonRunes, "Cần thuyết minh ngắn về nhu cầu.")
	if err := p.Err(); err != nil {
		return events.NeedSubmitted{}, err
	}
	if round == nil || round.NeedsDue.IsZero() {
		return events.NeedSubmitted{}, domain.Transition("Sở Nội vụ chưa mở đợt lập kế hoạch năm " + strconv.Itoa(cmd.Year) + ".")
	}
	if round.Locked() {
		return events.NeedSubmitted{}, domain.Transition("Kế hoạch năm " + strconv.Itoa(cmd.Year) + " đã trình Hội đồng; không nhận thêm nhu cầu.")
	}
	version, answersReturn := 1, false
	if last, ok := n.Latest(); ok {
		version = last.Version + 1
		answersReturn = n.Status == NeedReturned
	}
	return events.NeedSubmitted{
		NeedID: NeedID(cmd.Year, agency.Code), Year: cmd.Year, AgencyCode: agency.Code, Version: version,
		Lines: cmd.Lines, Postgraduate: cmd.Postgraduate, Justification: cmd.Justification,
		Late: today.After(round.NeedsDue) && !answersReturn,
	}, nil
}

func checkNeedLines(p domain.Problems, lines []events.NeedLine, doc *programme.Document) {
	if len(lines) > MaxLines {
		p.Add("lines", "Tối đa "+strconv.Itoa(MaxLines)+" dòng.")
		return
	}
	type key struct {
		content, format, category string
		group                     int
	}
	seen := map[key]bool{}
	for i, l := range lines {
		if _, ok := doc.Content(l.ContentCode); !ok {
			p.Add(line("lines", i, "content_code"), "Mã nội dung không có trong Phụ lục I (ví dụ: B.2).")
		}
		if l.Format != FormatClass && l.Format != FormatDelegationAbroad && l.Format != FormatSeminar {
			p.Add(line("lines", i, "format"), `Hình thức phải là "class", "delegation_abroad" hoặc "seminar".`)
		}
		if l.Group < 1 || l.Group > 4 {
			p.Add(line("lines", i, "group"), "Nhóm phải từ 1 đến 4.")
		}
		if l.Category != domain.CategoryCBCC && l.Category != domain.CategoryVC {
			p.Add(line("lines", i, "category"), `Đối tượng phải là "cbcc" hoặc "vc".`)
		}
		if l.People < 1 || l.People > MaxPeoplePerLine {
			p.Add(line("lines", i, "people"), "Số người phải từ 1 đến "+strconv.Itoa(MaxPeoplePerLine)+".")
		}
		k := key{l.ContentCode, l.Format, l.Category, l.Group}
		if seen[k] {
			p.Add(line("lines", i, "content_code"), "Dòng trùng với một dòng trước (cùng nội dung, hình thức, nhóm và đối tượng).")
		}
		seen[k] = true
	}
}

func checkCandidates(p domain.Problems, cs []events.NeedCandidates, agency string, doc *programme.Document) {
	seen := map[string]bool{}
	for i, c := range cs {
		q, ok := doc.Quota(c.QuotaID)
		switch {
		case !ok:
			p.Add(line("postgraduate", i, "quota_id"), "Không có chỉ tiêu này trong Phụ lục II.")
		case !q.Holds(agency):
			p.Add(line("postgraduate", i, "quota_id"), "Chỉ tiêu này không giao cho cơ quan, đơn vị.")
		case seen[c.QuotaID]:
			p.Add(line("postgraduate", i, "quota_id"), "Chỉ tiêu đã có ở một dòng trước.")
		}
		seen[c.QuotaID] = true
		if c.People < 1 || c.People > 1000 {
			p.Add(line("postgraduate", i, "people"), "Số ứng viên phải từ 1 đến 1000.")
		}
	}
}

// Return decides returning the latest version of n for revision.
func Return(n *Need, version int, reason string, doc *programme.Document, actor events.Actor) (events.NeedReturned, error) {
	last, ok := n.Latest()
	if !ok {
		return events.NeedReturned{}, domain.NotFound("nhu cầu đào tạo này")
	}
	agency, _ := doc.Agency(n.AgencyCode)
	if !MayReview(actor, agency) {
		return events.NeedReturned{}, domain.Forbidden("Chỉ Sở Nội vụ (hoặc Ban Tổ chức Tỉnh ủy với khối Đảng, đoàn thể) trả lại nhu cầu.")
	}
	p := domain.Problems{}
	checkText(p, "reason", reason, MaxReasonRunes, "Cần nêu lý do trả lại.")
	if err := p.Err(); err != nil {
		return events.NeedReturned{}, err
	}
	if version != 0 && version != last.Version {
		return events.NeedReturned{}, domain.Transition("Đã có phiên bản mới hơn (" + strconv.Itoa(last.Version) + "); hãy xem lại.")
	}
	if n.Status != NeedSubmitted {
		return events.NeedReturned{}, domain.Transition("Phiên bản này đã được trả lại.")
	}
	return events.NeedReturned{NeedID: n.ID, Version: last.Version, Reason: reason}, nil
}
