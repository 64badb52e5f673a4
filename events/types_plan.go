package events

// Event types of yearly planning (Phần III of the Đề án): each agency's
// training needs, the annual training plan and the focus-field list.
const (
	TypeNeedSubmitted = "need.submitted"
	TypeNeedReturned  = "need.returned"

	TypePlanRoundOpened    = "plan.round_opened"
	TypePlanDrafted        = "plan.drafted"
	TypePlanSubmitted      = "plan.submitted"
	TypePlanCouncilAgreed  = "plan.council_agreed"
	TypePlanReturned       = "plan.returned"
	TypePlanApproved       = "plan.approved"
	TypeFocusListPublished = "focus_list.published"
)

// Aggregates of yearly planning.
const (
	// AggregateNeed is one agency's training needs for one year, keyed
	// "<year>-<agency code>": every version of it is one consistency
	// boundary.
	AggregateNeed = "need"
	// AggregatePlan is the annual training plan of one year, keyed by the
	// year; its needs deadline is on it too.
	AggregatePlan = "plan"
	// AggregateFocus is the focus-field list of one year and one bloc,
	// keyed "<year>-<bloc>".
	AggregateFocus = "focus"
)

// NeedLine is how many officials of one group and category an agency
// proposes for one format of one Phụ lục I content.
type NeedLine struct {
	ContentCode string `json:"content_code"`
	// Format is "class", "delegation_abroad" or "seminar".
	Format   string `json:"format"`
	Group    int    `json:"group"`
	Category string `json:"category"`
	People   int    `json:"people"`
}

// NeedCandidates is how many postgraduate candidates an agency proposes on
// one Phụ lục II quota.
type NeedCandidates struct {
	QuotaID string `json:"quota_id"`
	People  int    `json:"people"`
}

// NeedSubmitted records one version of an agency's training needs for a
// year. A later version replaces the earlier one as a whole. Late is set
// when it was submitted after the round's deadline (and was not a
// resubmission of needs returned for revision).
type NeedSubmitted struct {
	NeedID        string           `json:"need_id"`
	Year          int              `json:"year"`
	AgencyCode    string           `json:"agency_code"`
	Version       int              `json:"version"`
	Lines         []NeedLine       `json:"lines"`
	Postgraduate  []NeedCandidates `json:"postgraduate,omitempty"`
	Justification string           `json:"justification"`
	Late          bool             `json:"late,omitempty"`
}

// NeedReturned records that Sở Nội vụ (or Ban Tổ chức Tỉnh ủy for its
// bloc) returned a version of needs for revision.
type NeedReturned struct {
	NeedID  string `json:"need_id"`
	Version int    `json:"version"`
	Reason  string `json:"reason"`
}

// PlanRoundOpened records that Sở Nội vụ opened the planning of a year and
// the date by which agencies submit their needs.
type PlanRoundOpened struct {
	Year     int  `json:"year"`
	NeedsDue Date `json:"needs_due"`
}

// AgencyPlaces is how many places of a plan line go to one agency.
type AgencyPlaces struct {
	AgencyCode string `json:"agency_code"`
	Places     int    `json:"places"`
}

// PlanLine is one line of an annual plan: a class, a delegation abroad, a
// seminar or postgraduate places. LineID stays the same across versions so
// that courses opened from a line keep pointing at it.
type PlanLine struct {
	LineID string `json:"line_id"`
	// Format is "class", "delegation_abroad", "seminar" or "postgraduate".
	Format      string `json:"format"`
	Title       string `json:"title"`
	ContentCode string `json:"content_code,omitempty"`
	LeadAgency  string `json:"lead_agency"`
	// Delivery of a class: "tap_trung" or "truc_tuyen".
	Delivery string         `json:"delivery,omitempty"`
	Quarter  int            `json:"quarter"`
	Places   []AgencyPlaces `json:"places"`
	// Country of a delegation abroad.
	Country string `json:"country,omitempty"`
	// SeniorMembers is how many members of a delegation abroad are meant
	// to come from Nhóm 1 or 2.
	SeniorMembers int `json:"senior_members,omitempty"`
	// QuotaID is the Phụ lục II quota of postgraduate places.
	QuotaID         string `json:"quota_id,omitempty"`
	CostEstimateVND int64  `json:"cost_estimate_vnd"`
}

// PlanDrafted records a version of the annual plan drafted by Sở Nội vụ.
// Reason is required for an amendment: a version drafted after another
// was approved.
type PlanDrafted struct {
	Year    int        `json:"year"`
	Version int        `json:"version"`
	Lines   []PlanLine `json:"lines"`
	Reason  string     `json:"reason,omitempty"`
}

// PlanSubmitted records that a drafted version was sent to the council.
// Shortfalls are the plan checks that failed at that moment, kept so that
// the council's decision refers to what it was shown.
type PlanSubmitted struct {
	Year       int      `json:"year"`
	Version    int      `json:"version"`
	Shortfalls []string `json:"shortfalls,omitempty"`
}

// PlanCouncilAgreed records the council's favourable review of a version.
type PlanCouncilAgreed struct {
	Year    int    `json:"year"`
	Version int    `json:"version"`
	Comment string `json:"comment,omitempty"`
}

// PlanReturned records that the council or the province returned a
// version for revision; Stage is the role that returned it.
type PlanReturned struct {
	Year    int    `json:"year"`
	Version int    `json:"version"`
	Stage   string `json:"stage"`
	Reason  string `json:"reason"`
}

// PlanApproved records the province's approval of a version, with the
// number and date of its decision.
type PlanApproved struct {
	Year         int    `json:"year"`
	Version      int    `json:"version"`
	DecisionNo   string `json:"decision_no"`
	DecisionDate Date   `json:"decision_date"`
}

// FocusItem is one entry of a focus-field list: a Phụ lục I field ("B") or
// content ("B.2") code, or a Phụ lục II field of study.
type FocusItem struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// FocusListPublished records a version of the yearly focus-field list
// (danh mục lĩnh vực chuyên môn tập trung đào tạo, bồi dưỡng) of one bloc:
// "government" issued by Sở Nội vụ, "party" by Ban Tổ chức Tỉnh ủy for the
// Party and mass-organisation bloc. A version replaces the previous one.
type FocusListPublished struct {
	Year         int         `json:"year"`
	Bloc         string      `json:"bloc"`
	Version      int         `json:"version"`
	Items        []FocusItem `json:"items"`
	DecisionNo   string      `json:"decision_no"`
	DecisionDate Date        `json:"decision_date"`
}

func (NeedSubmitted) EventType() string      { return TypeNeedSubmitted }
func (NeedReturned) EventType() string       { return TypeNeedReturned }
func (PlanRoundOpened) EventType() string    { return TypePlanRoundOpened }
func (PlanDrafted) EventType() string        { return TypePlanDrafted }
func (PlanSubmitted) EventType() string      { return TypePlanSubmitted }
func (PlanCouncilAgreed) EventType() string  { return TypePlanCouncilAgreed }
func (PlanReturned) EventType() string       { return TypePlanReturned }
func (PlanApproved) EventType() string       { return TypePlanApproved }
func (FocusListPublished) EventType() string { return TypeFocusListPublished }

// Event types of providers and of following long programmes.
const (
	TypeProviderRegistered = "provider.registered"
	TypeProviderUpdated    = "provider.updated"
	TypeProviderSelected   = "provider_selection.recorded"

	TypeProgressRecorded  = "progress.recorded"
	TypeProgressExtended  = "progress.extended"
	TypeProgressSuspended = "progress.suspended"
	TypeProgressResumed   = "progress.resumed"
	TypeProgressConcluded = "progress.concluded"
)

// Aggregates of providers and follow-up.
const (
	// AggregateProvider is one training provider, keyed by its id.
	AggregateProvider = "provider"
	// AggregateSelection is how a course's provider was selected, keyed by
	// the course id; a later record supersedes an earlier one.
	AggregateSelection = "selection"
	// AggregateProgress is the follow-up of one postgraduate trainee,
	// keyed by the nomination id.
	AggregateProgress = "progress"
)

// ProviderDetails describe a training provider (cơ sở đào tạo, bồi dưỡng):
// a domestic institution, or a foreign partner reached through Sở Ngoại vụ.
type ProviderDetails struct {
	Name string `json:"name"`
	// Kind is "domestic" or "foreign".
	Kind    string `json:"kind"`
	Country string `json:"country"`
	Address string `json:"address,omitempty"`
	// Website and Note are free text.
	Website string `json:"website,omitempty"`
	Note    string `json:"note,omitempty"`
}

// ProviderRegistered records a new provider in the reference list.
type ProviderRegistered struct {
	ProviderID string `json:"provider_id"`
	ProviderDetails
}

// ProviderUpdated records new details of a provider.
type ProviderUpdated struct {
	ProviderDetails
}

// ProviderSelected records how the provider of a course was selected: the
// procurement method, the decision and the contract, with the documents
// pinned by content hash. It is recorded by the course's lead agency.
type ProviderSelected struct {
	CourseID         string          `json:"course_id"`
	ProviderID       string          `json:"provider_id"`
	Method           string          `json:"method"`
	DecisionNo       string          `json:"decision_no"`
	DecisionDate     Date            `json:"decision_date"`
	ContractValueVND int64           `json:"contract_value_vnd"`
	Note             string          `json:"note,omitempty"`
	Documents        []AttachmentRef `json:"documents,omitempty"`
}

// ProgressRecorded records a postgraduate trainee's progress for one
// period (a semester "2026-1", "2026-2", or a year "2026").
type ProgressRecorded struct {
	NominationID string `json:"nomination_id"`
	Period       string `json:"period"`
	Credits      int    `json:"credits"`
	// Results is the period's results as the institution reports them.
	Results     string `json:"results"`
	ThesisStage string `json:"thesis_stage,omitempty"`
	Note        string `json:"note,omitempty"`
}

// ProgressExtended records an extension of the programme: its new end
// date, which moves the start of the service commitment.
type ProgressExtended struct {
	NominationID string `json:"nomination_id"`
	PreviousEnd  Date   `json:"previous_end"`
	NewEnd       Date   `json:"new_end"`
	Reason       string `json:"reason"`
}

// ProgressSuspended records a suspension (bảo lưu) from From until Until.
type ProgressSuspended struct {
	NominationID string `json:"nomination_id"`
	From         Date   `json:"from"`
	Until        Date   `json:"until"`
	Reason       string `json:"reason"`
}

// ProgressResumed records the return from a suspension.
type ProgressResumed struct {
	NominationID string `json:"nomination_id"`
	On           Date   `json:"on"`
}

// ProgressConcluded records the final outcome: "graduated",
// "not_graduated" or "withdrawn", on a date.
type ProgressConcluded struct {
	NominationID string `json:"nomination_id"`
	Outcome      string `json:"outcome"`
	On           Date   `json:"on"`
	Note         string `json:"note,omitempty"`
}

func (ProviderRegistered) EventType() string { return TypeProviderRegistered }
func (ProviderUpdated) EventType() string    { return TypeProviderUpdated }
func (ProviderSelected) EventType() string   { return TypeProviderSelected }
func (ProgressRecorded) EventType() string   { return TypeProgressRecorded }
func (ProgressExtended) EventType() string   { return TypeProgressExtended }
func (ProgressSuspended) EventType() string  { return TypeProgressSuspended }
func (ProgressResumed) EventType() string    { return TypeProgressResumed }
func (ProgressConcluded) EventType() string  { return TypeProgressConcluded }

// TypeSelectionDocumentAdded records a document (decision, contract,
// minutes) added to a course's provider selection before it is recorded.
const TypeSelectionDocumentAdded = "provider_selection.document_added"

// SelectionDocumentAdded records one stored document of a course's
// provider selection; the next ProviderSelected pins it.
type SelectionDocumentAdded struct {
	CourseID string        `json:"course_id"`
	Document AttachmentRef `json:"document"`
}

func (SelectionDocumentAdded) EventType() string { return TypeSelectionDocumentAdded }
