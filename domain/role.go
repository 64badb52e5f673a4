package domain

import (
	"time"

	"daotao/events"
)

// Role is what a user may do. Later issues add roles; a role is never renamed.
type Role string

// The roles.
const (
	RoleAdmin   Role = "admin"   // quản trị hệ thống
	RoleAgency  Role = "agency"  // cán bộ tổ chức của một cơ quan, đơn vị
	RoleCouncil Role = "council" // Hội đồng đào tạo, bồi dưỡng
	RoleAuditor Role = "auditor" // kiểm tra, thanh tra
	// RoleHomeAffairs is Sở Nội vụ: reference data, monitoring, reviews.
	RoleHomeAffairs Role = "home_affairs"
	// RoleStandingCommittee is Ban Thường vụ Tỉnh ủy: its opinion is needed
	// for officials under its management (Nhóm 1 and 2).
	RoleStandingCommittee Role = "standing_committee"
	// RoleProvince is Ủy ban nhân dân tỉnh: approves programmes and plans.
	RoleProvince Role = "province"
	// RoleFinance is Sở Tài chính: appraises cost estimates.
	RoleFinance Role = "finance"
	// RoleOfficial is the trainee (học viên): sees their own record and
	// submits their own reports.
	RoleOfficial Role = "official"
)

// Roles lists every role in a stable order.
var Roles = []Role{RoleAdmin, RoleAgency, RoleCouncil, RoleAuditor, RoleHomeAffairs,
	RoleStandingCommittee, RoleProvince, RoleFinance, RoleOfficial}

// ParseRole returns the role named s, or false.
func ParseRole(s string) (Role, bool) {
	for _, r := range Roles {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// Label returns the Vietnamese name of the role.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Quản trị hệ thống"
	case RoleAgency:
		return "Cán bộ tổ chức cơ quan, đơn vị"
	case RoleCouncil:
		return "Hội đồng đào tạo, bồi dưỡng"
	case RoleAuditor:
		return "Kiểm tra, thanh tra"
	case RoleHomeAffairs:
		return "Sở Nội vụ"
	case RoleStandingCommittee:
		return "Ban Thường vụ Tỉnh ủy"
	case RoleProvince:
		return "Ủy ban nhân dân tỉnh"
	case RoleFinance:
		return "Sở Tài chính"
	case RoleOfficial:
		return "Học viên (cán bộ được cử)"
	}
	return string(r)
}

// Is reports whether the actor acts in role r.
func Is(a events.Actor, r Role) bool { return a.Role == string(r) }

// SeesAgency reports whether the actor may see records of agency code: an
// agency officer sees only their own agency; the other roles see all.
func SeesAgency(a events.Actor, code string) bool {
	return !Is(a, RoleAgency) || a.Agency == code
}

// Zone is the programme's time zone, Asia/Ho_Chi_Minh (UTC+7, no daylight
// saving), fixed so that no time zone database is needed.
var Zone = time.FixedZone("Asia/Ho_Chi_Minh", 7*3600)
