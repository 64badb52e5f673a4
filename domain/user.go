package domain

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"daotao/events"
)

// Password limits. Long passphrases are welcome; very long ones are refused
// so hashing cannot be used to exhaust the server.
const (
	MinPasswordRunes = 8
	MaxPasswordBytes = 256
)

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{2,63}$`)

// CreateUser is the command to open an account.
type CreateUser struct {
	Username   string
	Password   string
	Role       string
	AgencyCode string
	// OfficialID links an account of role official to the official (on
	// some agency's roster) it belongs to; required for that role only.
	OfficialID string
}

// ValidateUser checks a CreateUser command before its password is hashed.
// It returns KindForbidden unless the actor is an admin or the system (the
// command line), and KindInvalid naming every field at fault.
func ValidateUser(cmd CreateUser, actor events.Actor, agencies *Agencies) error {
	if !Is(actor, RoleAdmin) && actor.Role != events.System.Role {
		return Forbidden("Chỉ quản trị hệ thống được tạo tài khoản.")
	}
	p := Problems{}
	if !usernamePattern.MatchString(cmd.Username) {
		p.Add("username", "Tên đăng nhập 3–64 ký tự: chữ thường không dấu, số, '-' hoặc '_', bắt đầu bằng chữ hoặc số.")
	}
	if msg := CheckPassword(cmd.Password); msg != "" {
		p.Add("password", msg)
	}
	role, ok := ParseRole(cmd.Role)
	switch {
	case !ok:
		p.Add("role", "Vai trò phải là một trong: "+roleList()+".")
	case role == RoleAgency && cmd.AgencyCode == "":
		p.Add("agency_code", "Tài khoản cơ quan, đơn vị cần mã cơ quan.")
	case role == RoleOfficial && cmd.AgencyCode != "":
		p.Add("agency_code", "Tài khoản học viên không có mã cơ quan; cơ quan là của cán bộ được liên kết.")
	case role != RoleAgency && cmd.AgencyCode != "":
		p.Add("agency_code", "Chỉ tài khoản cơ quan, đơn vị (agency) có mã cơ quan.")
	case cmd.AgencyCode != "":
		if _, ok := agencies.Get(cmd.AgencyCode); !ok {
			p.Add("agency_code", "Mã cơ quan, đơn vị không có trong danh mục.")
		}
	}
	switch {
	case ok && role == RoleOfficial && !events.ValidToken(cmd.OfficialID):
		p.Add("official_id", "Tài khoản học viên cần mã cán bộ (official_id) được liên kết.")
	case ok && role != RoleOfficial && cmd.OfficialID != "":
		p.Add("official_id", "Chỉ tài khoản học viên (official) được liên kết với một cán bộ.")
	}
	return p.Err()
}

// CheckPassword returns a message when pw does not meet the password policy.
func CheckPassword(pw string) string {
	if utf8.RuneCountInString(pw) < MinPasswordRunes {
		return "Mật khẩu cần ít nhất 8 ký tự."
	}
	if len(pw) > MaxPasswordBytes || !utf8.ValidString(pw) {
		return "Mật khẩu quá dài hoặc không hợp lệ."
	}
	return ""
}

// NewUser returns the event of a validated CreateUser with its password hash.
func NewUser(id string, cmd CreateUser, passwordHash string) events.UserCreated {
	return events.UserCreated{UserID: id, Username: cmd.Username, Role: cmd.Role, AgencyCode: cmd.AgencyCode,
		OfficialID: cmd.OfficialID, PasswordHash: passwordHash}
}

// User is one account's state, rebuilt from its events.
type User struct {
	Seq      uint64
	ID       string
	Username string
	Role     Role
	Agency   string
	// OfficialID is the official an account of role official is.
	OfficialID string
	Hash       string
	Disabled   bool
}

// Apply folds one event of this user into its state.
func (u *User) Apply(seq uint64, p events.Payload) {
	u.Seq = seq
	switch e := p.(type) {
	case *events.UserCreated:
		u.ID, u.Username, u.Role, u.Agency, u.Hash = e.UserID, e.Username, Role(e.Role), e.AgencyCode, e.PasswordHash
		u.OfficialID = e.OfficialID
	case *events.UserPasswordChanged:
		u.Hash = e.PasswordHash
	case *events.UserDisabled:
		u.Disabled = true
	case *events.UserEnabled:
		u.Disabled = false
	}
}

// Actor returns the actor this user acts as.
func (u *User) Actor() events.Actor {
	return events.Actor{UserID: u.ID, Username: u.Username, Role: string(u.Role), Agency: u.Agency}
}

func roleList() string {
	names := make([]string, len(Roles))
	for i, r := range Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}
