package domain

import (
	"slices"

	"daotao/events"
)

// The approval chain (issue 5) as data. A nomination's agency submits it;
// then each stage of its chain decides in turn, and the last stage's
// approval is the final one. The chain of a kind of request is read from
// the stage table in force on the day of submission and pinned in the
// submission event (events.ChainPin), so a later version of the table never
// changes a nomination in flight.

// StageDef is one decision stage of a chain in the stage table.
type StageDef struct {
	// Role is the role whose action the stage awaits.
	Role Role
	// Groups limits the stage to officials of these groups (Nhóm); empty:
	// every official.
	Groups []int
	// DueWorkingDays is the time the stage has, counted in working days
	// from the day the nomination reached it.
	DueWorkingDays int
	// EscalateTo is the role told when the stage is overdue.
	EscalateTo Role
}

// StageTable is one version of the stage table: the chain of each kind of
// request, in force from EffectiveFrom.
type StageTable struct {
	Version       int
	EffectiveFrom events.Date
	// Chains holds the stages of each nomination kind, in order.
	Chains map[string][]StageDef
}

// standardChain is the chain of version 1 for both kinds:
//
//   - Sở Nội vụ checks the dossier's completeness and eligibility
//     (5 working days; overdue: the council is told);
//   - the council decides (10 working days; overdue: the People's
//     Committee, which chairs it, is told);
//   - for Nhóm 1 and 2, the officials under the standing committee's
//     management, the standing committee gives its opinion before the
//     council's decision takes effect (10 working days; overdue: the
//     council's secretariat, i.e. the council, is told).
var standardChain = []StageDef{
	{Role: RoleHomeAffairs, DueWorkingDays: 5, EscalateTo: RoleCouncil},
	{Role: RoleCouncil, DueWorkingDays: 10, EscalateTo: RoleProvince},
	{Role: RoleStandingCommittee, Groups: []int{1, 2}, DueWorkingDays: 10, EscalateTo: RoleCouncil},
}

// StageTables lists every version of the stage table, oldest first. A
// version is never changed once published: a new one is appended with its
// effective date.
var StageTables = []StageTable{
	{Version: 1, EffectiveFrom: events.NewDate(2024, 9, 27), Chains: map[string][]StageDef{
		KindRefresher:    standardChain,
		KindPostgraduate: standardChain,
	}},
}

// legacyChain is the chain of a nomination submitted before the approval
// chain existed (its submission pins none): the council alone decided.
var legacyChain = events.ChainPin{Version: 0, Stages: []events.StagePin{{Role: string(RoleCouncil), DueWorkingDays: 10, EscalateTo: string(RoleProvince)}}}

// StageTableAsOf returns the version of the stage table in force on day:
// the latest whose effective date is not after day, else the first.
func StageTableAsOf(day events.Date) StageTable {
	t := StageTables[0]
	for _, v := range StageTables[1:] {
		if !v.EffectiveFrom.After(day) {
			t = v
		}
	}
	return t
}

// ChainFor resolves the chain of a nomination of kind for an official of
// group, from the stage table in force on day: the stages whose condition
// the group meets, in order.
func ChainFor(kind string, group int, day events.Date) events.ChainPin {
	t := StageTableAsOf(day)
	pin := events.ChainPin{Version: t.Version, Group: group}
	for _, st := range t.Chains[kind] {
		if len(st.Groups) > 0 && !slices.Contains(st.Groups, group) {
			continue
		}
		pin.Stages = append(pin.Stages, events.StagePin{Role: string(st.Role), DueWorkingDays: st.DueWorkingDays, EscalateTo: string(st.EscalateTo)})
	}
	return pin
}

// StageRoles lists the roles that decide at some stage of some chain: they
// may approve, reject and return nominations (each only at its own stage).
var StageRoles = []Role{RoleHomeAffairs, RoleCouncil, RoleStandingCommittee}

// IsStageRole reports whether r decides at some stage.
func IsStageRole(r Role) bool { return slices.Contains(StageRoles, r) }

// StageLabel returns the Vietnamese name of the stage awaited from role r.
func StageLabel(r string) string {
	switch Role(r) {
	case RoleHomeAffairs:
		return "Sở Nội vụ thẩm định"
	case RoleCouncil:
		return "Hội đồng xét duyệt"
	case RoleStandingCommittee:
		return "Ban Thường vụ cho ý kiến"
	case "", "agency":
		return "Cơ quan, đơn vị"
	}
	return Role(r).Label()
}
