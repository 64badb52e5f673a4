package handlers

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"daotao/domain"
	"daotao/events"
	"daotao/handlers/roster"
	"daotao/projections"
)

// registration is a valid row of an import, decided.
type registration struct {
	row   int
	event events.OfficialRegistered
}

// checked is a file judged row by row.
type checked struct {
	report ImportReport
	valid  []registration
}

// checkRoster judges every row of f as actor would register it today:
// what could not be read, the domain's rules, an agency other than the
// actor's, and duplicates (same name and birth date) within the file or
// on the agency's roster, leaving out the officials in skip.
func (s *Server) checkRoster(actor events.Actor, f *roster.File, skip map[string]bool) checked {
	onRoster := s.rosterKeys(actor.Agency, skip)
	firstRow := map[string]int{}
	today := s.today()
	c := checked{report: ImportReport{Rows: len(f.Rows), Errors: []roster.Problem{}, Officials: []ImportedOfficial{}, IgnoredColumns: f.Ignored}}
	for _, row := range f.Rows {
		probs, ev := s.checkRow(actor, f, row, today)
		probs = append(probs, duplicate(f, row, firstRow, onRoster)...)
		if len(probs) > 0 {
			slices.SortStableFunc(probs, func(a, b roster.Problem) int { return f.Position(a.Field) - f.Position(b.Field) })
			c.report.Invalid++
			c.report.Errors = append(c.report.Errors, probs...)
			continue
		}
		c.report.Valid++
		c.valid = append(c.valid, registration{row: row.Number, event: ev})
	}
	return c
}

// checkRow returns the problems of one row and, when it has none, its
// registration.
func (s *Server) checkRow(actor events.Actor, f *roster.File, row roster.Row, today events.Date) ([]roster.Problem, events.OfficialRegistered) {
	probs := slices.Clone(row.Problems)
	if p, ok := s.otherAgency(actor, f, row); ok {
		probs = append(probs, p)
	}
	cmd := domain.RegisterOfficial{AgencyCode: actor.Agency, OfficialProfile: row.Profile}
	ev, err := domain.NewOfficial(s.cfg.NewID(), cmd, actor, today, s.cfg.Agencies)
	return append(probs, ruleProblems(f, row, err, probs, today)...), ev
}

// ruleProblems turns the domain's verdict on a row into problems, leaving
// out fields whose cell could not be read already.
func ruleProblems(f *roster.File, row roster.Row, err error, known []roster.Problem, today events.Date) []roster.Problem {
	var de *domain.Error
	if err == nil {
		return nil
	}
	if !errors.As(err, &de) || de.Kind != domain.KindInvalid {
		return []roster.Problem{{Row: row.Number, Code: "forbidden", Message: publicMessage(asDomain(err))}}
	}
	var out []roster.Problem
	for _, field := range slices.Sorted(maps.Keys(de.Fields)) {
		col := field
		if field == "ratings" {
			col = ratingColumn(f, today)
		}
		if slices.ContainsFunc(known, func(p roster.Problem) bool { return p.Field == col }) {
			continue
		}
		out = append(out, roster.Problem{Row: row.Number, Column: f.Header(col), Field: col, Code: roster.CodeInvalid, Message: de.Fields[field]})
	}
	return out
}

func asDomain(err error) *domain.Error {
	var de *domain.Error
	if errors.As(err, &de) {
		return de
	}
	return &domain.Error{Kind: domain.KindInternal, Err: err}
}

// ratingColumn picks the rating column the domain's complaint about
// ratings is about: one whose year cannot be rated yet (or is before
// 2000), else the first.
func ratingColumn(f *roster.File, today events.Date) string {
	cols := f.Ratings()
	for _, c := range cols {
		if y, _ := strconv.Atoi(strings.TrimPrefix(c.Field, "rating_")); y < 2000 || y > today.Time().Year() {
			return c.Field
		}
	}
	if len(cols) == 0 {
		return "ratings"
	}
	return cols[0].Field
}

// otherAgency reports a row whose agency column names an agency other
// than the actor's: officials are always imported to the actor's own.
func (s *Server) otherAgency(actor events.Actor, f *roster.File, row roster.Row) (roster.Problem, bool) {
	own, _ := s.cfg.Agencies.Get(actor.Agency)
	w := agencyKey(row.Agency)
	if row.Agency == "" || w == agencyKey(own.Code) || w == agencyKey(own.Name) {
		return roster.Problem{}, false
	}
	return roster.Problem{Row: row.Number, Column: f.Header("agency_code"), Field: "agency_code", Code: roster.CodeOtherAgency,
		Message: "Dòng này ghi cơ quan, đơn vị “" + row.Agency + "”; bạn chỉ nhập được cán bộ của " + own.Name +
			". Xóa dòng này (cơ quan kia tự nhập) hoặc sửa cho đúng."}, true
}

// agencyAbbreviations are the short forms agencies write their names in.
var agencyAbbreviations = strings.NewReplacer("uy ban nhan dan", "ubnd", "thanh pho", "tp", "thi xa", "tx")

// agencyKey folds an agency's code or name, abbreviations expanded the
// same way: "UBND TP Tam Kỳ" and "Ủy ban nhân dân thành phố Tam Kỳ" agree.
func agencyKey(s string) string { return agencyAbbreviations.Replace(roster.Fold(s)) }

// duplicate reports a row whose person (full name and birth date) is on
// an earlier row of the file or on the roster already. firstRow records
// the row each person first appears on.
func duplicate(f *roster.File, row roster.Row, firstRow map[string]int, onRoster map[string]bool) []roster.Problem {
	p := row.Profile
	k := personKey(p.FullName, p.BirthDate)
	if k == "" {
		return nil
	}
	prob := roster.Problem{Row: row.Number, Column: f.Header("full_name"), Field: "full_name"}
	who := "“" + text(p.FullName) + "”, sinh ngày " + formatDate(p.BirthDate)
	if n, seen := firstRow[k]; seen {
		prob.Code, prob.Message = roster.CodeDuplicateInFile, fmt.Sprintf("Trùng với dòng %d: %s. Xóa một trong hai dòng.", n, who)
		return []roster.Problem{prob}
	}
	firstRow[k] = row.Number
	if onRoster[k] {
		prob.Code, prob.Message = roster.CodeDuplicateOnRoster, who+" đã có trong danh sách cán bộ của đơn vị. Xóa dòng này; muốn đổi thông tin thì sửa hồ sơ của người đó."
		return []roster.Problem{prob}
	}
	return nil
}

// personKey identifies a person for duplicate checks: the full name
// (Unicode NFC, case and spacing ignored) and the birth date. It is ""
// when either is missing.
func personKey(name string, birth events.Date) string {
	name = strings.ToLower(strings.Join(strings.Fields(text(name)), " "))
	if name == "" || birth.IsZero() {
		return ""
	}
	return name + "|" + birth.String()
}

// rosterKeys returns the person keys of agency's officials, but for those
// in skip.
func (s *Server) rosterKeys(agency string, skip map[string]bool) map[string]bool {
	keys := map[string]bool{}
	for off := 0; ; off += projections.MaxLimit {
		items, total := s.cfg.State.Officials(projections.OfficialFilter{Agency: agency}, projections.Page{Offset: off, Limit: projections.MaxLimit})
		for _, o := range items {
			if !skip[o.ID] {
				keys[personKey(o.FullName, o.BirthDate)] = true
			}
		}
		if len(items) == 0 || off+len(items) >= total {
			return keys
		}
	}
}
