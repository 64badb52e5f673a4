package handlers

import (
	"slices"
	"strconv"
	"strings"

	"daotao/domain/planning"
	"daotao/events"
)

// The pages of yearly planning write plan and need lines as text, one line
// per row, fields separated by ";", so that Sở Nội vụ can paste them from a
// spreadsheet. Row n of the text is lines[n-1] of the API: a refusal names
// the row.

// planColumns and needColumns say the order of the fields, for the forms.
const (
	planColumns = "mã dòng; hình thức (class, delegation_abroad, seminar, postgraduate); nội dung Phụ lục I hoặc mã chỉ tiêu Phụ lục II; tên; cơ quan chủ trì; quý; phân bổ chỗ (mã đơn vị:số chỗ, cách nhau dấu phẩy); dự toán (đồng); nước đến; số thành viên Nhóm 1–2; tap_trung/truc_tuyen"
	needColumns = "nội dung Phụ lục I; hình thức (class, delegation_abroad, seminar); nhóm (1–4); đối tượng (cbcc, vc); số người"
	candColumns = "mã chỉ tiêu Phụ lục II; số ứng viên"
)

// formatPlanLines writes lines in the form's text format.
func formatPlanLines(lines []events.PlanLine) string {
	var b strings.Builder
	for _, l := range lines {
		code := l.ContentCode
		if l.Format == planning.FormatPostgraduate {
			code = l.QuotaID
		}
		var places []string
		for _, p := range l.Places {
			places = append(places, p.AgencyCode+":"+strconv.Itoa(p.Places))
		}
		senior := ""
		if l.SeniorMembers > 0 {
			senior = strconv.Itoa(l.SeniorMembers)
		}
		b.WriteString(strings.Join([]string{l.LineID, l.Format, code, l.Title, l.LeadAgency, strconv.Itoa(l.Quarter),
			strings.Join(places, ", "), strconv.FormatInt(l.CostEstimateVND, 10), l.Country, senior, l.Delivery}, "; "))
		b.WriteString("\n")
	}
	return b.String()
}

// rows splits form text into rows of trimmed fields, skipping blank rows.
func rows(text string) [][]string {
	var out [][]string
	for _, r := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(r) == "" {
			continue
		}
		fs := strings.Split(r, ";")
		for i := range fs {
			fs[i] = strings.TrimSpace(fs[i])
		}
		out = append(out, fs)
	}
	return out
}

func field(fs []string, i int) string {
	if i < len(fs) {
		return fs[i]
	}
	return ""
}

// number parses a whole number written with or without thousands dots; a
// malformed one gives -1, which the rules refuse with their own message.
func number(s string) int64 {
	s = strings.NewReplacer(".", "", ",", "", " ", "").Replace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// parsePlanLines reads the plan form's text.
func parsePlanLines(text string) []events.PlanLine {
	var out []events.PlanLine
	for _, fs := range rows(text) {
		l := events.PlanLine{LineID: field(fs, 0), Format: field(fs, 1), Title: field(fs, 3), LeadAgency: field(fs, 4),
			Quarter: int(number(field(fs, 5))), CostEstimateVND: number(field(fs, 7)), Country: field(fs, 8),
			SeniorMembers: int(number(field(fs, 9))), Delivery: field(fs, 10)}
		if l.Format == planning.FormatPostgraduate {
			l.QuotaID = field(fs, 2)
		} else {
			l.ContentCode = field(fs, 2)
		}
		for _, p := range strings.Split(field(fs, 6), ",") {
			if strings.TrimSpace(p) == "" {
				continue
			}
			a, n, _ := strings.Cut(p, ":")
			l.Places = append(l.Places, events.AgencyPlaces{AgencyCode: strings.TrimSpace(a), Places: int(number(n))})
		}
		out = append(out, l)
	}
	return out
}

func parseNeedLines(text string) []events.NeedLine {
	var out []events.NeedLine
	for _, fs := range rows(text) {
		out = append(out, events.NeedLine{ContentCode: field(fs, 0), Format: field(fs, 1), Group: int(number(field(fs, 2))),
			Category: field(fs, 3), People: int(number(field(fs, 4)))})
	}
	return out
}

func parseCandidates(text string) []events.NeedCandidates {
	var out []events.NeedCandidates
	for _, fs := range rows(text) {
		out = append(out, events.NeedCandidates{QuotaID: field(fs, 0), People: int(number(field(fs, 1)))})
	}
	return out
}

func formatNeedLines(lines []events.NeedLine) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(strings.Join([]string{l.ContentCode, l.Format, strconv.Itoa(l.Group), l.Category, strconv.Itoa(l.People)}, "; ") + "\n")
	}
	return b.String()
}

func formatCandidates(cs []events.NeedCandidates) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.QuotaID + "; " + strconv.Itoa(c.People) + "\n")
	}
	return b.String()
}

// rowErrors turns the API's per-line field errors ("lines[2].people") into
// messages naming the row of the form's text ("Dòng 3, people: …"), under
// the form field name.
func rowErrors(fields map[string]string, list, form string) map[string]string {
	out := map[string]string{}
	var msgs []string
	for k, v := range fields {
		rest, ok := strings.CutPrefix(k, list+"[")
		if !ok {
			if k == list {
				msgs = append(msgs, v)
				continue
			}
			out[k] = v
			continue
		}
		idx, sub, _ := strings.Cut(rest, "]")
		n, _ := strconv.Atoi(idx)
		msgs = append(msgs, "Dòng "+strconv.Itoa(n+1)+" ("+strings.TrimPrefix(sub, ".")+"): "+v)
	}
	if len(msgs) > 0 {
		slices.Sort(msgs)
		out[form] = strings.Join(msgs, " ")
	}
	return out
}

// gapLabel names what a need not covered is for: a content and format, or
// a Phụ lục II quota.
func gapLabel(g planning.Gap) string {
	if g.Format == planning.FormatPostgraduate {
		return "Chỉ tiêu " + g.Key + " (" + planning.FormatLabel(g.Format) + ")"
	}
	content, _, _ := strings.Cut(g.Key, "/")
	return content + " — " + planning.FormatLabel(g.Format)
}

// planStepLabel names a step of a plan's history in Vietnamese.
func planStepLabel(t string) string {
	return map[string]string{
		events.TypePlanRoundOpened: "Mở đợt lập kế hoạch", events.TypePlanDrafted: "Dự thảo",
		events.TypePlanSubmitted: "Trình Hội đồng", events.TypePlanCouncilAgreed: "Hội đồng thống nhất",
		events.TypePlanReturned: "Trả lại để chỉnh sửa", events.TypePlanApproved: "UBND tỉnh phê duyệt",
	}[t]
}

// needPeople is the number of people of need lines.
func needPeople(lines []events.NeedLine) int {
	n := 0
	for _, l := range lines {
		n += l.People
	}
	return n
}

// needCandidates is the number of postgraduate candidates.
func needCandidates(cs []events.NeedCandidates) int {
	n := 0
	for _, c := range cs {
		n += c.People
	}
	return n
}

// latestNeed is the newest version of a need (zero when none).
func latestNeed(n *planning.Need) planning.NeedVersion {
	v, _ := n.Latest()
	return v
}
