package events

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Payload is the data of one event type. Every payload type is registered in
// catalogue below, in one place.
type Payload interface {
	EventType() string
}

// Upcaster turns the JSON of one schema version into the JSON of the next.
type Upcaster func(json.RawMessage) (json.RawMessage, error)

type entry struct {
	version   int
	new       func() Payload
	upcasters map[int]Upcaster // from version v to v+1
}

// catalogue lists every event type the application has ever written. A type
// is never removed, renamed or reused; a changed payload gets a new version
// and an upcaster from the previous one.
var catalogue = map[string]entry{
	TypeUserCreated:                   {version: 1, new: func() Payload { return &UserCreated{} }},
	TypeUserPasswordChanged:           {version: 1, new: func() Payload { return &UserPasswordChanged{} }},
	TypeUserDisabled:                  {version: 1, new: func() Payload { return &UserDisabled{} }},
	TypeUserEnabled:                   {version: 1, new: func() Payload { return &UserEnabled{} }},
	TypeSessionOpened:                 {version: 1, new: func() Payload { return &SessionOpened{} }},
	TypeSessionClosed:                 {version: 1, new: func() Payload { return &SessionClosed{} }},
	TypeOfficialRegistered:            {version: 1, new: func() Payload { return &OfficialRegistered{} }},
	TypeOfficialUpdated:               {version: 1, new: func() Payload { return &OfficialUpdated{} }},
	TypeOfficialBooked:                {version: 1, new: func() Payload { return &OfficialBooked{} }},
	TypeOfficialReleased:              {version: 1, new: func() Payload { return &OfficialReleased{} }},
	TypeQuotaPlaceTaken:               {version: 1, new: func() Payload { return &QuotaPlaceTaken{} }},
	TypeQuotaPlaceReleased:            {version: 1, new: func() Payload { return &QuotaPlaceReleased{} }},
	TypeQuotaPlacesReleased:           {version: 1, new: func() Payload { return &QuotaPlacesReleased{} }},
	TypeReferencePublished:            {version: 1, new: func() Payload { return &ReferencePublished{} }},
	TypeBaselinePublished:             {version: 1, new: func() Payload { return &BaselinePublished{} }},
	TypeNominationCreated:             {version: 1, new: func() Payload { return &NominationCreated{} }},
	TypeNominationRevised:             {version: 1, new: func() Payload { return &NominationRevised{} }},
	TypeNominationSubmitted:           {version: 1, new: func() Payload { return &NominationSubmitted{} }},
	TypeNominationApproved:            {version: 1, new: func() Payload { return &NominationApproved{} }},
	TypeNominationRejected:            {version: 1, new: func() Payload { return &NominationRejected{} }},
	TypeNominationReturned:            {version: 1, new: func() Payload { return &NominationReturned{} }},
	TypeNominationResubmitted:         {version: 1, new: func() Payload { return &NominationResubmitted{} }},
	TypeNominationWithdrawn:           {version: 1, new: func() Payload { return &NominationWithdrawn{} }},
	TypeNominationStagePassed:         {version: 1, new: func() Payload { return &NominationStagePassed{} }},
	TypeNominationSentBack:            {version: 1, new: func() Payload { return &NominationSentBack{} }},
	TypeNominationCommented:           {version: 1, new: func() Payload { return &NominationCommented{} }},
	TypeNominationAttachmentAdded:     {version: 1, new: func() Payload { return &NominationAttachmentAdded{} }},
	TypeNominationAttachmentRemove:    {version: 1, new: func() Payload { return &NominationAttachmentRemoved{} }},
	TypeDelegationGranted:             {version: 1, new: func() Payload { return &DelegationGranted{} }},
	TypeDelegationRevoked:             {version: 1, new: func() Payload { return &DelegationRevoked{} }},
	TypeReviewSealed:                  {version: 1, new: func() Payload { return &ReviewSealed{} }},
	TypeReviewOpened:                  {version: 1, new: func() Payload { return &ReviewOpened{} }},
	TypeReviewCorrectionRecorded:      {version: 1, new: func() Payload { return &ReviewCorrectionRecorded{} }},
	TypeQueueFilterSaved:              {version: 1, new: func() Payload { return &QueueFilterSaved{} }},
	TypeQueueFilterRemoved:            {version: 1, new: func() Payload { return &QueueFilterRemoved{} }},
	TypeCommitmentOpened:              {version: 1, new: func() Payload { return &CommitmentOpened{} }},
	TypeCommitmentClosed:              {version: 1, new: func() Payload { return &CommitmentClosed{} }},
	TypeReimbursementOpened:           {version: 1, new: func() Payload { return &ReimbursementOpened{} }},
	TypeReimbursementRecommended:      {version: 1, new: func() Payload { return &ReimbursementRecommended{} }},
	TypeReimbursementDecided:          {version: 1, new: func() Payload { return &ReimbursementDecided{} }},
	TypeReimbursementPaid:             {version: 1, new: func() Payload { return &ReimbursementPaid{} }},
	TypeReimbursementWaived:           {version: 1, new: func() Payload { return &ReimbursementWaived{} }},
	TypeBudgetSubmitted:               {version: 1, new: func() Payload { return &BudgetSubmitted{} }},
	TypeBudgetApproved:                {version: 1, new: func() Payload { return &BudgetApproved{} }},
	TypeBudgetAdjusted:                {version: 1, new: func() Payload { return &BudgetAdjusted{} }},
	TypeBudgetReturned:                {version: 1, new: func() Payload { return &BudgetReturned{} }},
	TypeBudgetActualRecorded:          {version: 1, new: func() Payload { return &BudgetActualRecorded{} }},
	TypeSittingOpened:                 {version: 1, new: func() Payload { return &SittingOpened{} }},
	TypeSittingResolved:               {version: 1, new: func() Payload { return &SittingResolved{} }},
	TypeSittingItemDecided:            {version: 1, new: func() Payload { return &SittingItemDecided{} }},
	TypeSittingItemRefused:            {version: 1, new: func() Payload { return &SittingItemRefused{} }},
	TypeInboxRead:                     {version: 1, new: func() Payload { return &InboxRead{} }},
	TypeUserEmailSet:                  {version: 1, new: func() Payload { return &UserEmailSet{} }},
	TypeMailSent:                      {version: 1, new: func() Payload { return &MailSent{} }},
	TypeDeadlineReminded:              {version: 1, new: func() Payload { return &DeadlineReminded{} }},
	TypeDeadlineEscalated:             {version: 1, new: func() Payload { return &DeadlineEscalated{} }},
	TypeTrainingResultRecorded:        {version: 1, new: func() Payload { return &TrainingResultRecorded{} }},
	TypeTrainingPostgraduateCompleted: {version: 1, new: func() Payload { return &TrainingPostgraduateCompleted{} }},
	TypeTrainingResultCorrected:       {version: 1, new: func() Payload { return &TrainingResultCorrected{} }},
	TypeTrainingReportSubmitted:       {version: 1, new: func() Payload { return &TrainingReportSubmitted{} }},
	TypeTrainingSurveyAnswered:        {version: 1, new: func() Payload { return &TrainingSurveyAnswered{} }},
	TypeNeedSubmitted:                 {version: 1, new: func() Payload { return &NeedSubmitted{} }},
	TypeNeedReturned:                  {version: 1, new: func() Payload { return &NeedReturned{} }},
	TypePlanRoundOpened:               {version: 1, new: func() Payload { return &PlanRoundOpened{} }},
	TypePlanDrafted:                   {version: 1, new: func() Payload { return &PlanDrafted{} }},
	TypePlanSubmitted:                 {version: 1, new: func() Payload { return &PlanSubmitted{} }},
	TypePlanCouncilAgreed:             {version: 1, new: func() Payload { return &PlanCouncilAgreed{} }},
	TypePlanReturned:                  {version: 1, new: func() Payload { return &PlanReturned{} }},
	TypePlanApproved:                  {version: 1, new: func() Payload { return &PlanApproved{} }},
	TypeFocusListPublished:            {version: 1, new: func() Payload { return &FocusListPublished{} }},
	TypeProviderRegistered:            {version: 1, new: func() Payload { return &ProviderRegistered{} }},
	TypeProviderUpdated:               {version: 1, new: func() Payload { return &ProviderUpdated{} }},
	TypeProviderSelected:              {version: 1, new: func() Payload { return &ProviderSelected{} }},
	TypeSelectionDocumentAdded:        {version: 1, new: func() Payload { return &SelectionDocumentAdded{} }},
	TypeProgressRecorded:              {version: 1, new: func() Payload { return &ProgressRecorded{} }},
	TypeProgressExtended:              {version: 1, new: func() Payload { return &ProgressExtended{} }},
	TypeProgressSuspended:             {version: 1, new: func() Payload { return &ProgressSuspended{} }},
	TypeProgressResumed:               {version: 1, new: func() Payload { return &ProgressResumed{} }},
	TypeProgressConcluded:             {version: 1, new: func() Payload { return &ProgressConcluded{} }},
	TypeProgrammeDrafted:              {version: 1, new: func() Payload { return &ProgrammeDrafted{} }},
	TypeProgrammeRevised:              {version: 1, new: func() Payload { return &ProgrammeRevised{} }},
	TypeProgrammeSubmitted:            {version: 1, new: func() Payload { return &ProgrammeSubmitted{} }},
	TypeProgrammeReturned:             {version: 1, new: func() Payload { return &ProgrammeReturned{} }},
	TypeProgrammeReviewed:             {version: 1, new: func() Payload { return &ProgrammeReviewed{} }},
	TypeProgrammeApproved:             {version: 1, new: func() Payload { return &ProgrammeApproved{} }},
	TypeCoursePlanned:                 {version: 1, new: func() Payload { return &CoursePlanned{} }},
	TypeCourseRevised:                 {version: 1, new: func() Payload { return &CourseRevised{} }},
	TypeCourseReservationSet:          {version: 1, new: func() Payload { return &CourseReservationsSet{} }},
	TypeCourseOpened:                  {version: 1, new: func() Payload { return &CourseOpened{} }},
	TypeCourseClosed:                  {version: 1, new: func() Payload { return &CourseClosed{} }},
	TypeCourseStarted:                 {version: 1, new: func() Payload { return &CourseStarted{} }},
	TypeCourseFinished:                {version: 1, new: func() Payload { return &CourseFinished{} }},
	TypeCourseCancelled:               {version: 1, new: func() Payload { return &CourseCancelled{} }},
	TypeCourseSeatTaken:               {version: 1, new: func() Payload { return &CourseSeatTaken{} }},
	TypeCourseWaitlisted:              {version: 1, new: func() Payload { return &CourseWaitlisted{} }},
	TypeCourseSeatReleased:            {version: 1, new: func() Payload { return &CourseSeatReleased{} }},
	TypeCourseWaitlistLeft:            {version: 1, new: func() Payload { return &CourseWaitlistLeft{} }},
}

// Types returns every registered event type, sorted.
func Types() []string {
	out := make([]string, 0, len(catalogue))
	for t := range catalogue {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// CurrentVersion returns the schema version new events of type t are written
// with, or 0 if t is not registered.
func CurrentVersion(t string) int { return catalogue[t].version }

// ErrUnknownType is returned when an envelope's type is not in the catalogue.
var ErrUnknownType = fmt.Errorf("%w: unknown event type", ErrMalformed)

// Unmarshal decodes the payload of e into its registered type, upcasting
// older schema versions first. It returns ErrUnknownType for a type that is
// not registered and ErrMalformed for data that does not decode.
func Unmarshal(e Envelope) (Payload, error) { return UnmarshalWith(e, json.Unmarshal) }

// UnmarshalWith is Unmarshal with another JSON decoder (see DecodeWith).
func UnmarshalWith(e Envelope, decode JSONDecoder) (Payload, error) {
	ent, ok := catalogue[e.Type]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownType, e.Type)
	}
	if e.Version > ent.version {
		return nil, fmt.Errorf("%w: %s version %d is newer than this program knows (%d)", ErrMalformed, e.Type, e.Version, ent.version)
	}
	data := e.Data
	for v := e.Version; v < ent.version; v++ {
		up, ok := ent.upcasters[v]
		if !ok {
			return nil, fmt.Errorf("%w: no upcaster for %s from version %d", ErrMalformed, e.Type, v)
		}
		var err error
		if data, err = up(data); err != nil {
			return nil, fmt.Errorf("%w: upcast %s v%d: %v", ErrMalformed, e.Type, v, err)
		}
	}
	p := ent.new()
	if err := decode(data, p); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, e.Type, err)
	}
	return p, nil
}
