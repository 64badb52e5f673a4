package planning

import (
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"daotao/domain"
	"daotao/events"
)

// Provider kinds.
const (
	ProviderDomestic = "domestic" // cơ sở trong nước
	ProviderForeign  = "foreign"  // đối tác nước ngoài, qua Sở Ngoại vụ
)

// Procurement methods of a provider selection (Luật Đấu thầu 2023), and
// the other ways a provider is chosen for public training.
var SelectionMethods = map[string]string{
	"dau_thau_rong_rai":    "Đấu thầu rộng rãi",
	"dau_thau_han_che":     "Đấu thầu hạn chế",
	"chi_dinh_thau":        "Chỉ định thầu",
	"chao_hang_canh_tranh": "Chào hàng cạnh tranh",
	"mua_sam_truc_tiep":    "Mua sắm trực tiếp",
	"tu_thuc_hien":         "Tự thực hiện",
	"dat_hang_giao_nhiem":  "Đặt hàng, giao nhiệm vụ",
	"hop_tac_quoc_te":      "Hợp tác quốc tế (qua Sở Ngoại vụ)",
}

// MethodLabel names a selection method in Vietnamese.
func MethodLabel(m string) string {
	if l, ok := SelectionMethods[m]; ok {
		return l
	}
	return m
}

// Limits of provider input.
const (
	MaxProviderNameRunes = 300
	MaxContractVND       = 1_000_000_000_000
	MaxSelectionDocs     = 20
)

// Provider is one training provider of the reference list.
type Provider struct {
	ID string `json:"id"`
	events.ProviderDetails
	RegisteredAt time.Time `json:"registered_at"`
	RegisteredBy string    `json:"registered_by"`
	Seq          uint64    `json:"seq"`
}

// Apply folds one event of the provider.
func (p *Provider) Apply(seq uint64, at time.Time, actor string, pl events.Payload) {
	p.Seq = seq
	switch e := pl.(type) {
	case *events.ProviderRegistered:
		p.ID, p.ProviderDetails, p.RegisteredAt, p.RegisteredBy = e.ProviderID, e.ProviderDetails, at, actor
	case *events.ProviderUpdated:
		p.ProviderDetails = e.ProviderDetails
	}
}

// MayKeepProviders reports whether actor keeps the provider list: Sở Nội vụ,
// and the lead agencies that contract providers (any agency officer).
func MayKeepProviders(a events.Actor) bool {
	return isRole(a, domain.RoleHomeAffairs) || isRole(a, domain.RoleAgency)
}

// RegisterProvider decides adding a provider, or (p non-nil) changing one.
func RegisterProvider(p *Provider, id string, d events.ProviderDetails, actor events.Actor) (events.Payload, error) {
	if !MayKeepProviders(actor) {
		return nil, domain.Forbidden("Chỉ Sở Nội vụ và các cơ quan, đơn vị chủ trì cập nhật danh sách cơ sở đào tạo.")
	}
	pr := domain.Problems{}
	checkText(pr, "name", d.Name, MaxProviderNameRunes, "Cần tên cơ sở đào tạo, bồi dưỡng.")
	switch d.Kind {
	case ProviderDomestic:
		if d.Country == "" {
			d.Country = "Việt Nam"
		}
	case ProviderForeign:
		checkText(pr, "country", d.Country, 100, "Đối tác nước ngoài cần tên nước.")
	default:
		pr.Add("kind", `Loại phải là "domestic" (trong nước) hoặc "foreign" (nước ngoài).`)
	}
	for f, v := range map[string]string{"address": d.Address, "website": d.Website, "note": d.Note} {
		if utf8.RuneCountInString(v) > MaxReasonRunes {
			pr.Add(f, "Tối đa 2000 ký tự.")
		}
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	if p != nil && p.Seq > 0 {
		if p.ProviderDetails == d {
			return nil, nil
		}
		return &events.ProviderUpdated{ProviderDetails: d}, nil
	}
	return &events.ProviderRegistered{ProviderID: id, ProviderDetails: d}, nil
}

// Selection is how a course's provider was selected: every record, newest
// last (a later one supersedes an earlier, which stays on record).
type Selection struct {
	CourseID string           `json:"course_id"`
	Records  []SelectionEntry `json:"records"`
	// Documents are the documents added so far; a record pins those
	// present when it was made.
	Documents []events.AttachmentRef `json:"documents"`
	Seq       uint64                 `json:"seq"`
}

// SelectionEntry is one recorded selection.
type SelectionEntry struct {
	events.ProviderSelected
	RecordedAt time.Time `json:"recorded_at"`
	RecordedBy string    `json:"recorded_by"`
}

// Current returns the selection in force, or false.
func (s *Selection) Current() (SelectionEntry, bool) {
	if s == nil || len(s.Records) == 0 {
		return SelectionEntry{}, false
	}
	return s.Records[len(s.Records)-1], true
}

// Clone returns an independent copy.
func (s *Selection) Clone() *Selection {
	if s == nil {
		return nil
	}
	c := *s
	c.Records = slices.Clone(s.Records)
	c.Documents = slices.Clone(s.Documents)
	return &c
}

// Apply folds one event of the selection.
func (s *Selection) Apply(seq uint64, at time.Time, actor string, pl events.Payload) {
	s.Seq = seq
	switch e := pl.(type) {
	case *events.ProviderSelected:
		s.CourseID = e.CourseID
		s.Records = append(s.Records, SelectionEntry{ProviderSelected: *e, RecordedAt: at, RecordedBy: actor})
	case *events.SelectionDocumentAdded:
		s.CourseID = e.CourseID
		s.Documents = append(s.Documents, e.Document)
	}
}

// Document returns the document with sha added to the selection, or false.
func (s *Selection) Document(sha string) (events.AttachmentRef, bool) {
	for _, d := range s.Documents {
		if d.SHA256 == sha {
			return d, true
		}
	}
	return events.AttachmentRef{}, false
}

// AddDocument decides adding a stored document to the selection of course.
func AddDocument(s *Selection, course CourseFacts, ref events.AttachmentRef, actor events.Actor) (events.SelectionDocumentAdded, error) {
	if !isRole(actor, domain.RoleAgency) {
		return events.SelectionDocumentAdded{}, domain.Forbidden("Chỉ cơ quan chủ trì khóa học thêm tài liệu lựa chọn cơ sở đào tạo.")
	}
	if course.ID == "" || actor.Agency != course.LeadAgency {
		return events.SelectionDocumentAdded{}, domain.NotFound("khóa học này trong các khóa do cơ quan, đơn vị bạn chủ trì")
	}
	if _, dup := s.Document(ref.SHA256); dup {
		return events.SelectionDocumentAdded{}, domain.Transition("Tài liệu này đã có.")
	}
	if len(s.Documents) >= MaxSelectionDocs {
		return events.SelectionDocumentAdded{}, domain.Transition("Tối đa 20 tài liệu.")
	}
	return events.SelectionDocumentAdded{CourseID: course.ID, Document: ref}, nil
}

// CourseFacts is what a selection needs to know of its course: who leads it.
type CourseFacts struct {
	ID         string
	LeadAgency string
	Cancelled  bool
}

// RecordSelection decides recording how the provider of course was
// selected, pinning the documents of sel added so far. Only the course's
// lead agency records it; provider must be in the list.
func RecordSelection(sel *Selection, course CourseFacts, provider *Provider, e events.ProviderSelected, actor events.Actor) (events.ProviderSelected, error) {
	if !isRole(actor, domain.RoleAgency) {
		return events.ProviderSelected{}, domain.Forbidden("Chỉ cơ quan chủ trì khóa học ghi việc lựa chọn cơ sở đào tạo.")
	}
	if course.ID == "" || actor.Agency != course.LeadAgency {
		return events.ProviderSelected{}, domain.NotFound("khóa học này trong các khóa do cơ quan, đơn vị bạn chủ trì")
	}
	pr := domain.Problems{}
	if provider == nil || provider.Seq == 0 {
		pr.Add("provider_id", "Cần chọn cơ sở đào tạo có trong danh sách.")
	}
	if _, ok := SelectionMethods[e.Method]; !ok {
		pr.Add("method", "Hình thức lựa chọn phải là một trong: "+strings.Join(slices.Sorted(maps.Keys(SelectionMethods)), ", ")+".")
	}
	checkText(pr, "decision_no", e.DecisionNo, MaxDecisionRunes, "Cần số quyết định phê duyệt kết quả lựa chọn.")
	if e.DecisionDate.IsZero() {
		pr.Add("decision_date", "Cần ngày quyết định (YYYY-MM-DD).")
	}
	if e.ContractValueVND < 0 || e.ContractValueVND > MaxContractVND {
		pr.Add("contract_value_vnd", "Giá trị hợp đồng phải từ 0 đến 1.000.000.000.000 đồng.")
	}
	if utf8.RuneCountInString(e.Note) > MaxReasonRunes {
		pr.Add("note", "Tối đa 2000 ký tự.")
	}
	if err := pr.Err(); err != nil {
		return events.ProviderSelected{}, err
	}
	if course.Cancelled {
		return events.ProviderSelected{}, domain.Transition("Khóa học đã hủy.")
	}
	e.CourseID = course.ID
	if sel != nil {
		e.Documents = slices.Clone(sel.Documents)
	}
	return e, nil
}
