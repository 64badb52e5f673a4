package domain

import (
	"unicode/utf8"

	"daotao/events"
)

// Disable decides that actor disables the account u, giving reason: the
// account can no longer log in and its sessions end. It returns the event,
// or a nil payload when u is disabled already (nothing to record). It
// returns KindForbidden unless actor is an admin or the system, or when an
// admin would disable their own account (which could leave no one to undo
// it), and KindInvalid for a missing reason or one over MaxReasonRunes. The caller passes
// a reason already normalised (NFC, trimmed).
func (u *User) Disable(actor events.Actor, reason string) (events.Payload, error) {
	if err := u.manageable(actor); err != nil {
		return nil, err
	}
	if actor.UserID != "" && actor.UserID == u.ID {
		return nil, Forbidden("Không thể tự khóa tài khoản của chính mình.")
	}
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return nil, Invalid("reason", "Cần lý do khóa tài khoản.")
	case n > MaxReasonRunes:
		return nil, Invalid("reason", "Lý do tối đa 2.000 ký tự.")
	}
	if u.Disabled {
		return nil, nil
	}
	return &events.UserDisabled{Reason: reason}, nil
}

// Enable decides that actor lets the disabled account u log in again. It
// returns the event, or a nil payload when u is not disabled, and
// KindForbidden unless actor is an admin or the system.
func (u *User) Enable(actor events.Actor) (events.Payload, error) {
	if err := u.manageable(actor); err != nil {
		return nil, err
	}
	if !u.Disabled {
		return nil, nil
	}
	return &events.UserEnabled{}, nil
}

func (u *User) manageable(actor events.Actor) error {
	if !Is(actor, RoleAdmin) && actor.Role != events.System.Role {
		return Forbidden("Chỉ quản trị hệ thống được khóa hoặc mở khóa tài khoản.")
	}
	return nil
}
