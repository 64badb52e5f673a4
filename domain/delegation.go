package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"daotao/events"
)

// Delegation (issue 5): a user may let another act for them for a
// period. While a grant is active the delegate may choose to act for the
// delegator: the server then applies the delegator's role and agency, and
// every event records the real actor with Actor.OnBehalfOf naming the
// delegator.

// MaxDelegation is the longest period of one grant.
const MaxDelegation = 180 * 24 * time.Hour

// Grant is one delegation.
type Grant struct {
	ID          string    `json:"id"`
	DelegatorID string    `json:"delegator_id"`
	Delegator   string    `json:"delegator"`
	DelegateID  string    `json:"delegate_id"`
	Delegate    string    `json:"delegate"`
	From        time.Time `json:"from"`
	Until       time.Time `json:"until"`
	Reason      string    `json:"reason,omitempty"`
	GrantedBy   string    `json:"granted_by"`
	GrantedAt   time.Time `json:"granted_at"`
	Revoked     bool      `json:"revoked,omitempty"`
	RevokedAt   time.Time `json:"revoked_at,omitzero"`
	RevokedBy   string    `json:"revoked_by,omitempty"`
}

// ActiveAt reports whether the grant lets its delegate act at t: not
// revoked, From ≤ t < Until.
func (g Grant) ActiveAt(t time.Time) bool {
	return !g.Revoked && !t.Before(g.From) && t.Before(g.Until)
}

// Delegations are the grants one user made, rebuilt from the events on
// the delegator's subject.
type Delegations struct {
	seq    uint64
	grants []Grant
}

// Seq returns the sequence of the last event: the expected sequence of the
// next append.
func (d *Delegations) Seq() uint64 { return d.seq }

// Grants returns every grant, oldest first.
func (d *Delegations) Grants() []Grant { return slices.Clone(d.grants) }

// Apply folds one event into the state.
func (d *Delegations) Apply(seq uint64, at time.Time, actor events.Actor, p events.Payload) {
	d.seq = seq
	switch e := p.(type) {
	case *events.DelegationGranted:
		d.grants = append(slices.Clip(d.grants), Grant{ID: e.GrantID, DelegatorID: e.DelegatorID, Delegator: e.Delegator,
			DelegateID: e.DelegateID, Delegate: e.Delegate, From: e.From, Until: e.Until, Reason: e.Reason,
			GrantedBy: actor.Username, GrantedAt: at})
	case *events.DelegationRevoked:
		i := slices.IndexFunc(d.grants, func(g Grant) bool { return g.ID == e.GrantID })
		if i >= 0 {
			d.grants = slices.Clone(d.grants)
			d.grants[i].Revoked, d.grants[i].RevokedAt, d.grants[i].RevokedBy = true, at, actor.Username
		}
	}
}

// GrantDelegation is the command to let Delegate act for Delegator.
type GrantDelegation struct {
	From, Until time.Time
	Reason      string
}

// Grant decides a grant with id by actor, letting delegate act for
// delegator (nil: unknown) over cmd's period, at now. The delegator
// grants, or an admin for them; nobody grants while acting for someone
// else; an admin's rights are never delegated.
func (d *Delegations) Grant(id string, actor events.Actor, delegator, delegate *User, cmd GrantDelegation, now time.Time) (events.DelegationGranted, error) {
	if actor.OnBehalfOf != nil {
		return events.DelegationGranted{}, Forbidden("Không thể ủy quyền khi đang làm thay người khác.")
	}
	if !Is(actor, RoleAdmin) && (delegator == nil || actor.UserID != delegator.ID) {
		return events.DelegationGranted{}, Forbidden("Chỉ người ủy quyền (hoặc quản trị) được tạo ủy quyền của mình.")
	}
	p := Problems{}
	switch {
	case delegator == nil:
		p.Add("delegator", "Không có tài khoản này.")
	case delegator.Role == RoleAdmin:
		p.Add("delegator", "Không ủy quyền quyền quản trị.")
	case delegator.Disabled:
		p.Add("delegator", "Tài khoản đã bị khóa.")
	}
	switch {
	case delegate == nil:
		p.Add("delegate", "Không có tài khoản này.")
	case delegate.Disabled:
		p.Add("delegate", "Tài khoản đã bị khóa.")
	case delegator != nil && delegate.ID == delegator.ID:
		p.Add("delegate", "Không tự ủy quyền cho chính mình.")
	}
	switch {
	case cmd.From.IsZero():
		p.Add("from", "Cần thời điểm bắt đầu.")
	case cmd.Until.IsZero():
		p.Add("until", "Cần thời điểm kết thúc.")
	case !cmd.Until.After(cmd.From):
		p.Add("until", "Thời điểm kết thúc phải sau thời điểm bắt đầu.")
	case !cmd.Until.After(now):
		p.Add("until", "Thời điểm kết thúc đã qua.")
	case cmd.Until.Sub(cmd.From) > MaxDelegation:
		p.Add("until", "Mỗi lần ủy quyền tối đa 180 ngày.")
	}
	reason := strings.TrimSpace(cmd.Reason)
	if utf8.RuneCountInString(reason) > MaxReasonRunes || !utf8.ValidString(reason) {
		p.Add("reason", "Lý do tối đa 2000 ký tự.")
	}
	if err := p.Err(); err != nil {
		return events.DelegationGranted{}, err
	}
	return events.DelegationGranted{GrantID: id, DelegatorID: delegator.ID, Delegator: delegator.Username,
		DelegateID: delegate.ID, Delegate: delegate.Username, From: cmd.From.UTC(), Until: cmd.Until.UTC(), Reason: reason}, nil
}

// Revoke ends grant id before its time: by its delegator, its delegate or
// an admin.
func (d *Delegations) Revoke(actor events.Actor, id, reason string, now time.Time) (events.DelegationRevoked, error) {
	i := slices.IndexFunc(d.grants, func(g Grant) bool { return g.ID == id })
	if i < 0 {
		return events.DelegationRevoked{}, NotFound("ủy quyền")
	}
	g := d.grants[i]
	if actor.OnBehalfOf != nil {
		return events.DelegationRevoked{}, Forbidden("Không thể thu hồi ủy quyền khi đang làm thay người khác.")
	}
	if !Is(actor, RoleAdmin) && actor.UserID != g.DelegatorID && actor.UserID != g.DelegateID {
		return events.DelegationRevoked{}, NotFound("ủy quyền")
	}
	if err := checkReason("reason", reason, false); err != nil {
		return events.DelegationRevoked{}, err
	}
	if g.Revoked || !now.Before(g.Until) {
		return events.DelegationRevoked{}, Transition("Ủy quyền này đã hết hiệu lực hoặc đã bị thu hồi.")
	}
	return events.DelegationRevoked{GrantID: id, Reason: strings.TrimSpace(reason)}, nil
}

// ActingFor returns the actor with which delegate acts for delegator under
// grant at now: the delegate's own identity in the delegator's role and
// agency, with OnBehalfOf naming the delegator. It refuses when the grant
// does not join the two or is not active at now.
func ActingFor(delegate, delegator User, g Grant, now time.Time) (events.Actor, error) {
	if g.DelegateID != delegate.ID || g.DelegatorID != delegator.ID || !g.ActiveAt(now) {
		return events.Actor{}, Forbidden("Bạn không có ủy quyền còn hiệu lực để làm thay " + delegator.Username + ".")
	}
	if delegator.Disabled {
		return events.Actor{}, Forbidden("Tài khoản " + delegator.Username + " đã bị khóa; không làm thay được.")
	}
	on := delegator.Actor()
	return events.Actor{UserID: delegate.ID, Username: delegate.Username, Role: string(delegator.Role),
		Agency: delegator.Agency, OnBehalfOf: &on}, nil
}
