package domain

import (
	"net/url"
	"slices"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"daotao/events"
)

// Limits of saved queue filters.
const (
	MaxQueueFilters         = 50 // per role
	MaxQueueFilterNameRunes = 80
)

// QueueFilterKeys are the query keys a saved queue filter may hold: the
// filters of the queue page.
var QueueFilterKeys = []string{"agency", "content", "group", "kind"}

// HasQueue reports whether role r has a work queue, and so saved filters.
func HasQueue(r Role) bool { return r == RoleAgency || IsStageRole(r) }

// SavedQueueFilter is one filter saved for a role's queue.
type SavedQueueFilter struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Role    string    `json:"role"`
	Query   string    `json:"query"`
	SavedBy string    `json:"saved_by"`
	SavedAt time.Time `json:"saved_at"`
	Seq     uint64    `json:"seq"`
}

// QueueFilters is the set of filters saved for one role's queue. The whole
// set is one aggregate, so that the cap and the unique names hold however
// many users save at once.
type QueueFilters struct {
	seq  uint64
	list []SavedQueueFilter
}

// Seq returns the stream sequence of the set's last event (0: none).
func (f *QueueFilters) Seq() uint64 { return f.seq }

// List returns a copy of the saved filters, oldest first.
func (f *QueueFilters) List() []SavedQueueFilter { return slices.Clone(f.list) }

// Clone returns an independent copy of the set, to decide on.
func (f *QueueFilters) Clone() QueueFilters {
	return QueueFilters{seq: f.seq, list: slices.Clone(f.list)}
}

// Apply folds one event of the set, recorded at seq and at by actor.
func (f *QueueFilters) Apply(seq uint64, at time.Time, actor string, p events.Payload) {
	f.seq = seq
	switch e := p.(type) {
	case *events.QueueFilterSaved:
		f.list = append(f.list, SavedQueueFilter{ID: e.FilterID, Name: e.Name, Role: e.Role, Query: e.Query,
			SavedBy: actor, SavedAt: at, Seq: seq})
	case *events.QueueFilterRemoved:
		f.list = slices.DeleteFunc(f.list, func(s SavedQueueFilter) bool { return s.ID == e.FilterID })
	}
}

// Save decides to save query under name for the actor's role. name must
// already be NFC and trimmed. It returns KindForbidden for a role without
// a queue, KindInvalid naming name or query (see QueueFilterQuery), and
// KindConflict when the role already has MaxQueueFilters.
func (f *QueueFilters) Save(a events.Actor, id, name, query string, agencies *Agencies) (events.QueueFilterSaved, error) {
	role := Role(a.Role)
	if !HasQueue(role) {
		return events.QueueFilterSaved{}, Forbidden("Chỉ các vai trò có hàng đợi (cơ quan, đơn vị; Sở Nội vụ; Hội đồng; Ban Thường vụ) được lưu bộ lọc.")
	}
	p := Problems{}
	if msg := f.checkName(name); msg != "" {
		p.Add("name", msg)
	}
	canonical, msg := canonicalQuery(query, role, agencies)
	if msg != "" {
		p.Add("query", msg)
	}
	if err := p.Err(); err != nil {
		return events.QueueFilterSaved{}, err
	}
	if len(f.list) >= MaxQueueFilters {
		return events.QueueFilterSaved{}, &Error{Kind: KindConflict, Code: "filter_limit",
			Message: "Đã có " + strconv.Itoa(MaxQueueFilters) + " bộ lọc được lưu; hãy xóa bớt bộ lọc không dùng rồi lưu lại."}
	}
	return events.QueueFilterSaved{FilterID: id, Name: name, Role: string(role), Query: canonical}, nil
}

func (f *QueueFilters) checkName(name string) string {
	n := utf8.RuneCountInString(name)
	switch {
	case n == 0:
		return "Hãy đặt tên cho bộ lọc."
	case n > MaxQueueFilterNameRunes || !utf8.ValidString(name):
		return "Tên bộ lọc tối đa " + strconv.Itoa(MaxQueueFilterNameRunes) + " ký tự."
	case slices.ContainsFunc([]rune(name), unicode.IsControl):
		return "Tên bộ lọc không được chứa ký tự điều khiển (xuống dòng, tab)."
	case slices.ContainsFunc(f.list, func(s SavedQueueFilter) bool { return s.Name == name }):
		return "Đã có bộ lọc tên này; hãy đặt tên khác."
	}
	return ""
}

// Remove decides to remove the saved filter id. It returns KindForbidden
// for a role without a queue and KindNotFound for an id the set does not
// hold.
func (f *QueueFilters) Remove(a events.Actor, id string) (events.QueueFilterRemoved, error) {
	if !HasQueue(Role(a.Role)) {
		return events.QueueFilterRemoved{}, Forbidden("Chỉ các vai trò có hàng đợi (cơ quan, đơn vị; Sở Nội vụ; Hội đồng; Ban Thường vụ) được lưu bộ lọc.")
	}
	if !slices.ContainsFunc(f.list, func(s SavedQueueFilter) bool { return s.ID == id }) {
		return events.QueueFilterRemoved{}, NotFound("bộ lọc đã lưu")
	}
	return events.QueueFilterRemoved{FilterID: id}, nil
}

// QueueFilterQuery checks a queue filter given as a URL query and returns
// it in canonical form (keys sorted, empty values dropped). Only the keys
// of QueueFilterKeys are allowed, each once: agency a known agency (not
// for the agency role, whose queue holds only its own agency), group 1–4,
// kind boi_duong or sau_dai_hoc, content a code of Phụ lục I. At least one
// must be set. It returns KindInvalid naming "query" otherwise.
func QueueFilterQuery(query string, role Role, agencies *Agencies) (string, error) {
	canonical, msg := canonicalQuery(query, role, agencies)
	if msg != "" {
		return "", Invalid("query", msg)
	}
	return canonical, nil
}

// canonicalQuery is QueueFilterQuery with the problem as a message.
func canonicalQuery(query string, role Role, agencies *Agencies) (string, string) {
	if len(query) > 500 {
		return "", "Bộ lọc quá dài."
	}
	vals, err := url.ParseQuery(query)
	if err != nil {
		return "", "Bộ lọc không đọc được; cần dạng agency=…&group=…&kind=…&content=…."
	}
	out := url.Values{}
	for k, vs := range vals {
		if !slices.Contains(QueueFilterKeys, k) {
			return "", "Bộ lọc chỉ gồm: agency, group, kind, content; không có \"" + k + "\"."
		}
		if len(vs) > 1 {
			return "", "Mỗi điều kiện chỉ được có một giá trị: " + k + "."
		}
		if vs[0] == "" {
			continue
		}
		if msg := checkFilterValue(k, vs[0], role, agencies); msg != "" {
			return "", msg
		}
		out.Set(k, vs[0])
	}
	if len(out) == 0 {
		return "", "Bộ lọc trống: hãy chọn ít nhất một điều kiện (cơ quan, nhóm, hình thức hoặc nội dung)."
	}
	return out.Encode(), ""
}

func checkFilterValue(key, v string, role Role, agencies *Agencies) string {
	switch key {
	case "agency":
		if role == RoleAgency {
			return "Hàng đợi của cơ quan, đơn vị chỉ có hồ sơ của cơ quan mình; bỏ điều kiện cơ quan."
		}
		if _, ok := agencies.Get(v); !ok {
			return "Mã cơ quan, đơn vị không có trong danh mục: " + v + "."
		}
	case "group":
		if g, err := strconv.Atoi(v); err != nil || g < 1 || g > 4 || strconv.Itoa(g) != v {
			return "Nhóm phải là 1, 2, 3 hoặc 4."
		}
	case "kind":
		if v != KindRefresher && v != KindPostgraduate {
			return "Hình thức phải là boi_duong hoặc sau_dai_hoc."
		}
	case "content":
		if !slices.Contains(ContentCodes, v) {
			return "Nội dung phải là một mã của Phụ lục I, ví dụ B.2."
		}
	}
	return ""
}
