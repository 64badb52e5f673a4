package domain

import (
	"time"

	"daotao/events"
)

// NominationView is a nomination as the API shows it.
type NominationView struct {
	ID               string               `json:"id"`
	Status           Status               `json:"status"`
	OfficialID       string               `json:"official_id"`
	AgencyCode       string               `json:"agency_code"`
	Kind             string               `json:"kind"`
	Title            string               `json:"title"`
	ContentCode      string               `json:"content_code,omitempty"`
	StartDate        events.Date          `json:"start_date"`
	EndDate          events.Date          `json:"end_date"`
	CostEstimateVND  int64                `json:"cost_estimate_vnd"`
	QuotaID          string               `json:"quota_id,omitempty"`
	DurationMonths   int                  `json:"duration_months,omitempty"`
	CommitmentMonths int                  `json:"commitment_months,omitempty"`
	Abroad           bool                 `json:"abroad,omitempty"`
	CourseID         string               `json:"course_id,omitempty"`
	Eligibility      *events.Eligibility  `json:"eligibility,omitempty"`
	Round            int                  `json:"round"`
	Reason           string               `json:"reason,omitempty"`
	Changes          []events.FieldChange `json:"changes,omitempty"`
	CreatedAt        time.Time            `json:"created_at"`
	SubmittedAt      *time.Time           `json:"submitted_at,omitempty"`
	DecidedAt        *time.Time           `json:"decided_at,omitempty"`
	Seq              uint64               `json:"seq"`
	// Stage is the role whose decision is awaited ("" when none is);
	// Chain the approval chain pinned at submission; History every step
	// with its actor (and whom they acted for), time and comment.
	Stage             Role                      `json:"stage"`
	Chain             *events.ChainPin          `json:"chain,omitempty"`
	History           []StageStep               `json:"history,omitempty"`
	Attachments       []events.AttachmentRef    `json:"attachments,omitempty"`
	AttachmentChanges []events.AttachmentChange `json:"attachment_changes,omitempty"`
}

// View returns the nomination as the API shows it.
func (n *Nomination) View() NominationView {
	return NominationView{
		ID: n.id, Status: n.Status(), OfficialID: n.officialID,
		AgencyCode: n.agencyCode, Kind: n.Kind(), Title: n.details.Title,
		ContentCode: n.details.ContentCode, StartDate: n.details.StartDate, EndDate: n.details.EndDate,
		CostEstimateVND: n.details.CostEstimateVND, QuotaID: n.details.QuotaID, DurationMonths: n.postgradMonths(),
		CommitmentMonths: n.details.CommitmentMonths, Abroad: n.details.Abroad, CourseID: n.details.CourseID, Eligibility: unpackEligibility(n.eligibility),
		Round: int(n.round), Reason: n.reason,
		Changes: append([]events.FieldChange(nil), n.rare().changes...), CreatedAt: n.createdTime(),
		SubmittedAt: timePtr(n.submittedTime()), DecidedAt: timePtr(n.decidedTime()), Seq: n.seq,
		Stage: n.Stage(), Chain: n.Chain(), History: n.History(), Attachments: n.Attachments(),
		AttachmentChanges: append([]events.AttachmentChange(nil), n.rare().attChanges...),
	}
}

// SubmittedAt returns the time of the latest submission (zero if never).
func (n *Nomination) SubmittedAt() time.Time { return n.submittedTime() }

// OfficialID returns the nominated official.
func (n *Nomination) OfficialID() string { return n.officialID }

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// postgradMonths is the duration shown for a postgraduate programme; a
// refresher course shows its dates only.
func (n *Nomination) postgradMonths() int {
	if n.kind != kindPostgraduate {
		return 0
	}
	return n.Duration()
}
