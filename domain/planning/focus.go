package planning

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"daotao/domain"
	"daotao/domain/programme"
	"daotao/events"
)

// FocusID returns the id of the focus-field list of year and bloc.
func FocusID(year int, bloc string) string { return strconv.Itoa(year) + "-" + bloc }

// FocusList is the focus-field list of one year and one bloc: its versions,
// newest last. The newest is in force.
type FocusList struct {
	Year     int           `json:"year"`
	Bloc     string        `json:"bloc"`
	Versions []FocusIssued `json:"versions"`
	Seq      uint64        `json:"seq"`
}

// FocusIssued is one published version of a list.
type FocusIssued struct {
	events.FocusListPublished
	PublishedAt time.Time `json:"published_at"`
	PublishedBy string    `json:"published_by"`
}

// Clone returns an independent copy.
func (f *FocusList) Clone() *FocusList {
	if f == nil {
		return nil
	}
	c := *f
	c.Versions = slices.Clone(f.Versions)
	return &c
}

// Current returns the version in force, or false.
func (f *FocusList) Current() (FocusIssued, bool) {
	if f == nil || len(f.Versions) == 0 {
		return FocusIssued{}, false
	}
	return f.Versions[len(f.Versions)-1], true
}

// Apply folds one event of the list.
func (f *FocusList) Apply(seq uint64, at time.Time, actor string, p events.Payload) {
	f.Seq = seq
	if e, ok := p.(*events.FocusListPublished); ok {
		f.Year, f.Bloc = e.Year, e.Bloc
		f.Versions = append(f.Versions, FocusIssued{FocusListPublished: *e, PublishedAt: at, PublishedBy: actor})
	}
}

// PublishFocus decides publishing a new version of the list of year and
// bloc: Sở Nội vụ for the government bloc, Ban Tổ chức Tỉnh ủy for the
// Party and mass-organisation bloc. An item is a Phụ lục I field or content
// code, or a Phụ lục II field of study; its name defaults to the reference
// data's.
func PublishFocus(f *FocusList, year int, bloc string, items []events.FocusItem, decisionNo string, decisionDate events.Date, doc *programme.Document, actor events.Actor) (events.FocusListPublished, error) {
	switch bloc {
	case BlocGovernment:
		if !isRole(actor, domain.RoleHomeAffairs) {
			return events.FocusListPublished{}, domain.Forbidden("Danh mục lĩnh vực của khối chính quyền do Sở Nội vụ ban hành.")
		}
	case BlocParty:
		if !isRole(actor, domain.RoleAgency) || actor.Agency != PartyBoard {
			return events.FocusListPublished{}, domain.Forbidden("Danh mục lĩnh vực của khối Đảng, đoàn thể do Ban Tổ chức Tỉnh ủy ban hành.")
		}
	default:
		return events.FocusListPublished{}, domain.Invalid("bloc", `Khối phải là "government" hoặc "party".`)
	}
	pr := domain.Problems{}
	checkYear(pr, year)
	checkText(pr, "decision_no", decisionNo, MaxDecisionRunes, "Cần số văn bản ban hành danh mục.")
	if decisionDate.IsZero() {
		pr.Add("decision_date", "Cần ngày ban hành (YYYY-MM-DD).")
	}
	if len(items) == 0 || len(items) > MaxFocusItems {
		pr.Add("items", "Danh mục cần từ 1 đến "+strconv.Itoa(MaxFocusItems)+" lĩnh vực.")
	}
	out := make([]events.FocusItem, 0, len(items))
	seen := map[string]bool{}
	for i, it := range items {
		code := strings.TrimSpace(it.Code)
		name, ok := focusName(code, doc)
		switch {
		case !ok:
			pr.Add(line("items", i, "code"), "Mã phải là lĩnh vực (A…H) hoặc nội dung (B.2) của Phụ lục I, hoặc ngành học của Phụ lục II.")
		case seen[code]:
			pr.Add(line("items", i, "code"), "Lĩnh vực bị trùng.")
		}
		seen[code] = true
		if n := strings.TrimSpace(it.Name); n != "" {
			name = n
		}
		out = append(out, events.FocusItem{Code: code, Name: name})
	}
	if err := pr.Err(); err != nil {
		return events.FocusListPublished{}, err
	}
	version := 1
	if cur, ok := f.Current(); ok {
		version = cur.Version + 1
	}
	return events.FocusListPublished{Year: year, Bloc: bloc, Version: version, Items: out,
		DecisionNo: strings.TrimSpace(decisionNo), DecisionDate: decisionDate}, nil
}

// focusName returns the reference name of a focus code, or false.
func focusName(code string, doc *programme.Document) (string, bool) {
	if f, ok := doc.Field(code); ok {
		return f.Name, true
	}
	if c, ok := doc.Content(code); ok {
		return c.Name, true
	}
	if s, ok := doc.StudyField(code); ok {
		return s.Name, true
	}
	return "", false
}

// Covers reports whether the list in force covers a Phụ lục I content code
// (itself or its field) or a field of study. A year without a list covers
// everything: nothing is flagged before a list is issued.
func (f *FocusList) Covers(code string) bool {
	cur, ok := f.Current()
	if !ok {
		return true
	}
	field, _, _ := strings.Cut(code, ".")
	return slices.ContainsFunc(cur.Items, func(it events.FocusItem) bool { return it.Code == code || it.Code == field })
}
