package reports

import (
	"slices"

	"daotao/domain"
)

// agencyActivity is the yearly report Sở Nội vụ collects from every
// agency: per agency and year (the year the course starts; for a
// nomination with no start date, the year it was created), the roster of
// the four groups, the nominations made, submitted, sent (approved) for
// refresher and postgraduate training, rejected, withdrawn and still
// pending, the people trained, and the estimated costs of those submitted
// and of those approved. Actual costs, reimbursements and overdue reports
// are columns the money and completion records fill in when they are
// recorded; until then they are empty.
func agencyActivity(in Input) (Table, error) {
	t := Table{Columns: []string{"agency", "year", "roster", "nominations", "submitted", "sent_refresher", "sent_postgrad",
		"rejected", "withdrawn", "pending", "people_trained", "cost_estimated_vnd", "cost_approved_vnd",
		"cost_actual_vnd", "reimbursements_open", "reimbursements_paid", "reports_overdue"}}
	f := gather(in)
	roster := map[string]int{}
	for _, o := range f.roster() {
		roster[o.AgencyCode]++
	}
	type key struct {
		agency string
		year   int
	}
	type sum struct {
		nominations, submitted, refresher, postgrad, rejected, withdrawn, pending int
		people                                                                    map[string]bool
		estimated, approved                                                       int64
	}
	sums := map[key]*sum{}
	var keys []key
	for _, n := range f.nominations {
		y := n.StartDate.Time().Year()
		if n.StartDate.IsZero() {
			y = yearOf(n.CreatedAt)
		}
		k := key{n.AgencyCode, y}
		s, ok := sums[k]
		if !ok {
			s = &sum{people: map[string]bool{}}
			sums[k] = s
			keys = append(keys, k)
		}
		s.nominations++
		if n.SubmittedAt != nil {
			s.submitted++
			s.estimated += n.CostEstimateVND
		}
		switch {
		case wasSent(n):
			s.approved += n.CostEstimateVND
			s.people[n.OfficialID] = true
			if n.Kind == domain.KindPostgraduate {
				s.postgrad++
			} else {
				s.refresher++
			}
		case n.Status == domain.StatusRejected:
			s.rejected++
		case n.Status == domain.StatusWithdrawn:
			s.withdrawn++
		case n.Status == domain.StatusSubmitted || n.Status == domain.StatusReturned:
			s.pending++
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.agency != b.agency {
			if a.agency < b.agency {
				return -1
			}
			return 1
		}
		return a.year - b.year
	})
	for _, k := range keys {
		s := sums[k]
		t.add(Str(k.agency), Int(k.year), Int(roster[k.agency]), Int(s.nominations), Int(s.submitted), Int(s.refresher), Int(s.postgrad),
			Int(s.rejected), Int(s.withdrawn), Int(s.pending), Int(len(s.people)), Int64(s.estimated), Int64(s.approved),
			Str(""), Str(""), Str(""), Str(""))
	}
	t.Note = "Chi phí thực tế, hoàn trả kinh phí và báo cáo quá hạn chưa được ghi nhận trong hệ thống nên để trống."
	return t, nil
}
