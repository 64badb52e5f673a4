package domain

import (
	"encoding/binary"
	"math"
	"time"
	"unique"
	"unsafe"

	"daotao/events"
)

// A nomination is kept in memory for as long as the process runs, and a
// national log holds hundreds of thousands of them, so its state is kept
// compact (issue 7): times as Unix nanoseconds, the eligibility and the
// pinned chain — the same few texts on most nominations — as one shared
// (interned) packed string each, the stage history as small fixed-size
// steps with codes for roles and actions, and what few nominations have
// (revision changes, attachments) behind one pointer. Everything is read
// back exactly as it was applied; the accessors rebuild the public types.

// intern returns the one shared copy of s.
func intern(s string) string {
	if s == "" {
		return ""
	}
	return unique.Make(s).Value()
}

// internPacked returns the interned string of the packed bytes p. It
// copies them only for a text not interned yet (unique.Make clones a new
// string), so p may be a buffer on the caller's stack.
func internPacked(p []byte) string {
	if len(p) == 0 {
		return ""
	}
	return unique.Make(unsafe.String(&p[0], len(p))).Value()
}

// stamp is a time.Time in UTC as Unix nanoseconds; 0 is the zero time, and
// stampOther a time kept elsewhere in full (another location, a monotonic
// reading or out of range), so that every time reads back identical.
type stamp int64

const stampOther stamp = math.MinInt64

// toStamp returns t as a stamp, or stampOther when only the full value
// reads back identical.
func toStamp(t time.Time) stamp {
	if t.IsZero() {
		return 0
	}
	ns := t.UnixNano()
	if ns == 0 || ns == int64(stampOther) || time.Unix(0, ns).UTC() != t {
		return stampOther
	}
	return stamp(ns)
}

// time returns the stamp as a time; other is the full value of stampOther.
func (s stamp) time(other time.Time) time.Time {
	switch s {
	case 0:
		return time.Time{}
	case stampOther:
		return other
	}
	return time.Unix(0, int64(s)).UTC()
}

// packer writes the packed form of a value: uvarints and length-prefixed
// strings.
type packer []byte

func (p *packer) uint(v uint64) { *p = binary.AppendUvarint(*p, v) }
func (p *packer) int(v int64)   { *p = binary.AppendVarint(*p, v) }
func (p *packer) str(s string)  { p.uint(uint64(len(s))); *p = append(*p, s...) }

// unpacker reads what a packer wrote, from a string, without copying the
// strings (they share the interned packed string).
type unpacker struct{ s string }

func (u *unpacker) uint() uint64 {
	var v uint64
	for shift := 0; ; shift += 7 {
		b := u.s[0]
		u.s = u.s[1:]
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return v
		}
	}
}

func (u *unpacker) int() int64 {
	x := u.uint()
	v := int64(x >> 1)
	if x&1 != 0 {
		v = ^v
	}
	return v
}

func (u *unpacker) str() string {
	n := u.uint()
	s := u.s[:n]
	u.s = u.s[n:]
	return s
}

// Packed eligibility flags.
const (
	eligEligible  = 1
	eligNilChecks = 2
)

// packEligibility returns e packed and interned, "" for nil.
func packEligibility(e *events.Eligibility) string {
	if e == nil {
		return ""
	}
	var flags uint64
	if e.Eligible {
		flags |= eligEligible
	}
	if e.Checks == nil {
		flags |= eligNilChecks
	}
	// What packer writes, written to a buffer on the stack.
	var buf [512]byte
	p := binary.AppendUvarint(buf[:0], flags)
	p = appendPackedStr(p, e.RuleSet)
	p = binary.AppendVarint(p, int64(e.RuleSetVersion))
	p = binary.AppendUvarint(p, uint64(len(e.Checks)))
	for _, c := range e.Checks {
		passed := uint64(0)
		if c.Passed {
			passed = 1
		}
		p = binary.AppendUvarint(p, passed)
		p = appendPackedStr(p, c.Code)
		p = appendPackedStr(p, c.Detail)
	}
	return internPacked(p)
}

// appendPackedStr appends s as packer.str writes it.
func appendPackedStr(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// unpackEligibility returns a new copy of the packed eligibility s.
func unpackEligibility(s string) *events.Eligibility {
	if s == "" {
		return nil
	}
	u := unpacker{s}
	flags := u.uint()
	e := &events.Eligibility{Eligible: flags&eligEligible != 0, RuleSet: u.str(), RuleSetVersion: int(u.int())}
	n := int(u.uint())
	if flags&eligNilChecks == 0 {
		e.Checks = make([]events.EligibilityCheck, n)
		for i := range e.Checks {
			e.Checks[i] = events.EligibilityCheck{Passed: u.uint() == 1, Code: u.str(), Detail: u.str()}
		}
	}
	return e
}

// Packed chain flags.
const chainNilStages = 1

// packChain returns c packed and interned, "" for nil.
func packChain(c *events.ChainPin) string {
	if c == nil {
		return ""
	}
	var flags uint64
	if c.Stages == nil {
		flags |= chainNilStages
	}
	// What packer writes, written to a buffer on the stack.
	var buf [256]byte
	p := binary.AppendUvarint(buf[:0], flags)
	p = binary.AppendVarint(p, int64(c.Version))
	p = binary.AppendVarint(p, int64(c.Group))
	p = binary.AppendUvarint(p, uint64(len(c.Stages)))
	for _, s := range c.Stages {
		p = appendPackedStr(p, s.Role)
		p = binary.AppendVarint(p, int64(s.DueWorkingDays))
		p = appendPackedStr(p, s.EscalateTo)
	}
	return internPacked(p)
}

// unpackChain returns a new copy of the packed chain s.
func unpackChain(s string) *events.ChainPin {
	if s == "" {
		return nil
	}
	u := unpacker{s}
	flags := u.uint()
	c := &events.ChainPin{Version: int(u.int()), Group: int(u.int())}
	n := int(u.uint())
	if flags&chainNilStages == 0 {
		c.Stages = make([]events.StagePin, n)
		for i := range c.Stages {
			c.Stages[i] = events.StagePin{Role: u.str(), DueWorkingDays: int(u.int()), EscalateTo: u.str()}
		}
	}
	return c
}

// chainStageRole returns the role of stage i of the packed chain s, and
// how many stages it has, without unpacking it.
func chainStageRole(s string, i int) (role string, stages int) {
	u := unpacker{s}
	u.uint()
	u.int()
	u.int()
	stages = int(u.uint())
	for j := 0; j < stages; j++ {
		r := u.str()
		if j == i {
			return r, stages
		}
		u.int()
		u.str()
	}
	return "", stages
}

// chainStagePin returns stage i of the packed chain s, as unpackChain(s)
// has it, without unpacking the chain; ok is false when there is none.
func chainStagePin(s string, i int) (pin events.StagePin, ok bool) {
	u := unpacker{s}
	flags := u.uint()
	u.int()
	u.int()
	stages := int(u.uint())
	if flags&chainNilStages != 0 || i < 0 || i >= stages {
		return events.StagePin{}, false
	}
	for j := 0; ; j++ {
		pin = events.StagePin{Role: u.str(), DueWorkingDays: int(u.int()), EscalateTo: u.str()}
		if j == i {
			return pin, true
		}
	}
}

// stepActions are the actions of the stage history, coded by index + 1.
var stepActions = []string{"submitted", "resubmitted", "passed", "approved", "rejected", "returned",
	"sent_back", "withdrawn", "commented", "attachment_added", "attachment_removed"}

// roleOther codes a role name that is not one of Roles (kept in full in
// the step's extra part).
const roleOther = math.MaxUint8

// roleCode returns the code of role name r: 0 for "", 1 + its index in
// Roles, or roleOther.
func roleCode(r string) uint8 {
	if r == "" {
		return 0
	}
	for i, known := range Roles {
		if string(known) == r {
			return uint8(i + 1)
		}
	}
	return roleOther
}

// roleName is the name of role code c; other is the name of roleOther.
func roleName(c uint8, other string) string {
	switch c {
	case 0:
		return ""
	case roleOther:
		return other
	}
	return string(Roles[c-1])
}

// packedStep is a StageStep as kept in memory.
type packedStep struct {
	seq    uint64
	at     stamp
	who    string     // actor and comment, packed by packWho and interned
	extra  *stepExtra // nil unless something below is set
	role   uint8      // roleCode
	action uint8      // index in stepActions + 1
	stage  uint8      // roleCode
	to     uint8      // roleCode
}

// stepExtra is what few steps have: a delegation, an attachment, a time
// or role names that do not fit the codes.
type stepExtra struct {
	at              time.Time
	role, stage, to string
	onBehalfOf      string
	attachment      *events.AttachmentRef
}

// noExtra is the extra part of a step that has none.
var noExtra stepExtra

// packStep returns s in its compact form.
func packStep(s StageStep) packedStep {
	out := packedStep{seq: s.Seq, at: toStamp(s.At), who: packWho(s.Actor, s.Comment),
		role: roleCode(s.Role), stage: roleCode(s.Stage), to: roleCode(s.To)}
	for i, a := range stepActions {
		if a == s.Action {
			out.action = uint8(i + 1)
		}
	}
	if out.at == stampOther || out.role == roleOther || out.stage == roleOther || out.to == roleOther ||
		s.OnBehalfOf != "" || s.Attachment != nil {
		x := &stepExtra{onBehalfOf: intern(s.OnBehalfOf), attachment: s.Attachment}
		if out.at == stampOther {
			x.at = s.At
		}
		if out.role == roleOther {
			x.role = s.Role
		}
		if out.stage == roleOther {
			x.stage = s.Stage
		}
		if out.to == roleOther {
			x.to = s.To
		}
		out.extra = x
	}
	return out
}

// unpack returns the step as a StageStep.
func (s *packedStep) unpack() StageStep {
	x := s.extra
	if x == nil {
		x = &noExtra
	}
	actor, comment := unpackWho(s.who)
	out := StageStep{Seq: s.seq, At: s.at.time(x.at), Actor: actor, Role: roleName(s.role, x.role),
		OnBehalfOf: x.onBehalfOf, Stage: roleName(s.stage, x.stage), To: roleName(s.to, x.to),
		Comment: comment, Attachment: x.attachment}
	if s.action > 0 {
		out.Action = stepActions[s.action-1]
	}
	return out
}

// ShareOfficialID makes the nomination hold id, equal to its official's
// id, as its official's id: the copy decoded with its creation event is
// then garbage (issue 7: one id per nomination at national scale). An id
// that is not equal is ignored.
func (n *Nomination) ShareOfficialID(id string) {
	if n.officialID == id {
		n.officialID = id
	}
}

// packWho returns a step's actor and comment as one interned string: the
// length of the actor, the actor, the comment. The few users who act and
// the few reasons they give make few such pairs.
func packWho(actor, comment string) string {
	var buf [256]byte
	p := append(appendPackedStr(buf[:0], actor), comment...)
	return internPacked(p)
}

// unpackWho returns the actor and the comment of a packed pair.
func unpackWho(s string) (actor, comment string) {
	u := unpacker{s}
	actor = u.str()
	return actor, u.s
}
