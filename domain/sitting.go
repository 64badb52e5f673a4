package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"daotao/events"
)

// Council sittings (phiên họp Hội đồng). The council's secretariat — Sở
// Nội vụ (role home_affairs), the council's standing body — opens a
// sitting with an agenda of requests awaiting the council; the council
// (role council) records one resolution with a result per item. Each item
// is then applied to its request through exactly the rules of a single
// decision, exactly once: as SittingItemDecided in one atomic batch with the
// request's decision, or as SittingItemRefused when the rules refuse it.

// Limits of a sitting.
const (
	MaxAgendaItems     = 200
	MaxSittingTitle    = 300
	MaxResolutionLabel = 100
)

// SittingResults lists the results an item may get.
var SittingResults = []string{events.SittingApproved, events.SittingRejected, events.SittingReturned}

// SittingResultLabel returns the Vietnamese name of a result.
func SittingResultLabel(r string) string {
	switch r {
	case events.SittingApproved:
		return "Phê duyệt"
	case events.SittingRejected:
		return "Không phê duyệt"
	case events.SittingReturned:
		return "Trả lại để bổ sung"
	}
	return r
}

// SittingAction returns the stage action (ActApprove, ActReject,
// ActReturn) a result is applied with.
func SittingAction(result string) string {
	return map[string]string{events.SittingApproved: ActApprove, events.SittingRejected: ActReject, events.SittingReturned: ActReturn}[result]
}

// OpenSitting is the command to open a sitting.
type OpenSitting struct {
	Title  string
	HeldOn events.Date
	// Agenda lists the nomination ids, in the order they are discussed.
	Agenda []string
}

// AgendaCandidate tells whether a request may be put on an agenda: its
// current sequence, whether it awaits the council, and the open sitting
// it is already on ("" for none). Known is false for an unknown id.
type AgendaCandidate struct {
	Known, AwaitsCouncil bool
	Seq                  uint64
	OnSitting            string
}

// NewSitting decides an OpenSitting by actor. lookup describes each
// agenda item. It returns KindForbidden unless actor is the secretariat
// (home_affairs), and KindInvalid naming title, held_on or agenda.
func NewSitting(id string, cmd OpenSitting, actor events.Actor, lookup func(string) AgendaCandidate) (events.SittingOpened, error) {
	if !Is(actor, RoleHomeAffairs) {
		return events.SittingOpened{}, Forbidden("Chỉ Sở Nội vụ (cơ quan thường trực của Hội đồng) được mở phiên họp.")
	}
	p := Problems{}
	title := strings.TrimSpace(cmd.Title)
	switch {
	case title == "":
		p.Add("title", "Cần tên phiên họp.")
	case utf8.RuneCountInString(title) > MaxSittingTitle:
		p.Add("title", "Tên phiên họp tối đa 300 ký tự.")
	}
	if cmd.HeldOn.IsZero() {
		p.Add("held_on", "Cần ngày họp (YYYY-MM-DD).")
	}
	agenda, msg := checkAgenda(cmd.Agenda, lookup)
	if msg != "" {
		p.Add("agenda", msg)
	}
	if err := p.Err(); err != nil {
		return events.SittingOpened{}, err
	}
	return events.SittingOpened{SittingID: id, Title: title, HeldOn: cmd.HeldOn, Agenda: agenda}, nil
}

func checkAgenda(ids []string, lookup func(string) AgendaCandidate) ([]events.SittingAgendaItem, string) {
	if len(ids) == 0 || len(ids) > MaxAgendaItems {
		return nil, fmt.Sprintf("Chương trình phiên họp cần từ 1 đến %d hồ sơ.", MaxAgendaItems)
	}
	var out []events.SittingAgendaItem
	for i, id := range ids {
		if slices.Contains(ids[:i], id) {
			return nil, "Hồ sơ " + id + " có hai lần trong chương trình."
		}
		c := lookup(id)
		switch {
		case !c.Known:
			return nil, "Không tìm thấy hồ sơ " + id + "."
		case !c.AwaitsCouncil:
			return nil, "Hồ sơ " + id + " không ở bước chờ Hội đồng xét."
		case c.OnSitting != "":
			return nil, "Hồ sơ " + id + " đã có trong chương trình một phiên họp chưa có nghị quyết."
		}
		out = append(out, events.SittingAgendaItem{NominationID: id, Seq: c.Seq})
	}
	return out, ""
}

// Outcome is what applying one item of a resolution gave.
type Outcome struct {
	Done    bool   `json:"done"`
	Decided bool   `json:"decided"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	// DecisionType is the type of the request's decision event.
	DecisionType string `json:"decision_type,omitempty"`
}

// Sitting is one sitting's state, rebuilt from its events.
type Sitting struct {
	seq          uint64
	opened       events.SittingOpened
	openedAt     time.Time
	openedBy     string
	resolution   *events.SittingResolved
	resolvedAt   time.Time
	resolvedBy   events.Actor
	resolutionID string // envelope id of the resolution event
	outcomes     map[string]Outcome
}

// Seq returns the stream sequence of the sitting's last event.
func (s *Sitting) Seq() uint64 { return s.seq }

// ID returns the sitting's id.
func (s *Sitting) ID() string { return s.opened.SittingID }

// Resolved reports whether the council recorded its resolution.
func (s *Sitting) Resolved() bool { return s.resolution != nil }

// Resolver returns the actor who recorded the resolution: the items are
// applied in their name.
func (s *Sitting) Resolver() events.Actor { return s.resolvedBy }

// ResolutionID returns the envelope id of the resolution event.
func (s *Sitting) ResolutionID() string { return s.resolutionID }

// OnAgenda reports whether nomination id is on the agenda.
func (s *Sitting) OnAgenda(id string) bool {
	return slices.ContainsFunc(s.opened.Agenda, func(a events.SittingAgendaItem) bool { return a.NominationID == id })
}

// Agenda returns the agenda in order.
func (s *Sitting) Agenda() []events.SittingAgendaItem { return slices.Clone(s.opened.Agenda) }

// Outcome returns the outcome of item id of the resolution.
func (s *Sitting) Outcome(id string) Outcome { return s.outcomes[id] }

// Pending returns the items of the resolution not applied yet, in order.
func (s *Sitting) Pending() []events.SittingResult {
	if s.resolution == nil {
		return nil
	}
	var out []events.SittingResult
	for _, it := range s.resolution.Items {
		if !s.outcomes[it.NominationID].Done {
			out = append(out, it)
		}
	}
	return out
}

// ResolveSitting is the command to record a sitting's resolution.
type ResolveSitting struct {
	Number string
	Items  []events.SittingResult
}

// Resolve decides the council's resolution: one result per agenda item,
// every item exactly once, a reason for each rejection and return. It
// returns KindForbidden unless actor is the council, KindConflict
// (invalid_transition) when a resolution is already recorded, and
// KindInvalid naming number or items[i].result / items[i].reason /
// items[i].nomination_id / items.
func (s *Sitting) Resolve(actor events.Actor, cmd ResolveSitting) (*events.SittingResolved, error) {
	if !Is(actor, RoleCouncil) {
		return nil, Forbidden("Chỉ Hội đồng đào tạo, bồi dưỡng được ghi nghị quyết phiên họp.")
	}
	p := Problems{}
	number := strings.TrimSpace(cmd.Number)
	if utf8.RuneCountInString(number) > MaxResolutionLabel {
		p.Add("number", "Số nghị quyết tối đa 100 ký tự.")
	}
	items := make([]events.SittingResult, 0, len(cmd.Items))
	for i, it := range cmd.Items {
		f := fmt.Sprintf("items[%d].", i)
		it.Reason = strings.TrimSpace(it.Reason)
		switch {
		case !s.OnAgenda(it.NominationID):
			p.Add(f+"nomination_id", "Hồ sơ không có trong chương trình phiên họp.")
		case slices.ContainsFunc(items, func(x events.SittingResult) bool { return x.NominationID == it.NominationID }):
			p.Add(f+"nomination_id", "Mỗi hồ sơ chỉ có một kết quả.")
		}
		if !slices.Contains(SittingResults, it.Result) {
			p.Add(f+"result", `Kết quả phải là "approved", "rejected" hoặc "returned".`)
		} else if err := checkReason(f+"reason", it.Reason, it.Result != events.SittingApproved); err != nil {
			p.Add(f+"reason", err.(*Error).Fields[f+"reason"])
		}
		items = append(items, it)
	}
	if len(p) == 0 && len(items) != len(s.opened.Agenda) {
		p.Add("items", fmt.Sprintf("Nghị quyết cần kết quả cho đủ %d hồ sơ trong chương trình.", len(s.opened.Agenda)))
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if s.resolution != nil {
		return nil, Transition("Phiên họp đã có nghị quyết; mỗi phiên họp chỉ ghi một nghị quyết.")
	}
	return &events.SittingResolved{Number: number, Items: items}, nil
}

// SameResolution reports whether cmd asks for exactly the resolution
// already recorded: re-issuing it completes the items still pending.
func (s *Sitting) SameResolution(cmd ResolveSitting) bool {
	if s.resolution == nil || len(cmd.Items) != len(s.resolution.Items) || strings.TrimSpace(cmd.Number) != s.resolution.Number {
		return false
	}
	for i, it := range cmd.Items {
		r := s.resolution.Items[i]
		if it.NominationID != r.NominationID || it.Result != r.Result || strings.TrimSpace(it.Reason) != r.Reason {
			return false
		}
	}
	return true
}

// Apply folds one event of the sitting into its state.
func (s *Sitting) Apply(seq uint64, id string, at time.Time, actor events.Actor, p events.Payload) {
	s.seq = seq
	switch e := p.(type) {
	case *events.SittingOpened:
		s.opened, s.openedAt, s.openedBy = *e, at, actor.Username
		s.outcomes = map[string]Outcome{}
	case *events.SittingResolved:
		s.resolution, s.resolvedAt, s.resolvedBy, s.resolutionID = e, at, actor, id
	case *events.SittingItemDecided:
		s.outcomes[e.NominationID] = Outcome{Done: true, Decided: true, DecisionType: e.DecisionType}
	case *events.SittingItemRefused:
		s.outcomes[e.NominationID] = Outcome{Done: true, Code: e.Code, Message: e.Message}
	}
}

// SittingItemView is one agenda item as the API shows it.
type SittingItemView struct {
	NominationID string `json:"nomination_id"`
	Result       string `json:"result,omitempty"`
	Reason       string `json:"reason,omitempty"`
	Outcome
}

// SittingView is a sitting as the API shows it.
type SittingView struct {
	ID         string            `json:"id"`
	Seq        uint64            `json:"seq"`
	Title      string            `json:"title"`
	HeldOn     events.Date       `json:"held_on"`
	OpenedAt   time.Time         `json:"opened_at"`
	OpenedBy   string            `json:"opened_by"`
	Status     string            `json:"status"` // open | resolving | resolved
	Number     string            `json:"number,omitempty"`
	ResolvedAt *time.Time        `json:"resolved_at,omitempty"`
	ResolvedBy string            `json:"resolved_by,omitempty"`
	Items      []SittingItemView `json:"items"`
}

// Sitting statuses in views.
const (
	SittingOpen      = "open"
	SittingResolving = "resolving"
	SittingDone      = "resolved"
)

// View returns the sitting as the API shows it.
func (s *Sitting) View() SittingView {
	v := SittingView{ID: s.opened.SittingID, Seq: s.seq, Title: s.opened.Title, HeldOn: s.opened.HeldOn,
		OpenedAt: s.openedAt, OpenedBy: s.openedBy, Status: SittingOpen}
	results := map[string]events.SittingResult{}
	if s.resolution != nil {
		at := s.resolvedAt
		v.Number, v.ResolvedAt, v.ResolvedBy = s.resolution.Number, &at, s.resolvedBy.Username
		v.Status = SittingDone
		if len(s.Pending()) > 0 {
			v.Status = SittingResolving
		}
		for _, it := range s.resolution.Items {
			results[it.NominationID] = it
		}
	}
	for _, a := range s.opened.Agenda {
		r := results[a.NominationID]
		v.Items = append(v.Items, SittingItemView{NominationID: a.NominationID, Result: r.Result, Reason: r.Reason, Outcome: s.outcomes[a.NominationID]})
	}
	return v
}
