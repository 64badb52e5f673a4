package handlers

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/domain"
	"daotao/events"
)

// Pages of the approval chain: the nomination page's stage, history,
// comments and attachments (pages_nominations.go renders them), and the
// delegations page.

func init() {
	for k, v := range map[string]string{
		events.TypeNominationStagePassed: "Chuyển bước tiếp theo", events.TypeNominationSentBack: "Trả lại bước trước",
		events.TypeNominationCommented: "Ý kiến", events.TypeNominationAttachmentAdded: "Đính kèm tài liệu",
		events.TypeNominationAttachmentRemove: "Gỡ tài liệu", events.TypeDelegationGranted: "Ủy quyền",
		events.TypeDelegationRevoked: "Thu hồi ủy quyền",
	} {
		eventLabels[k] = v
	}
	for k, v := range map[string]string{
		"passed":    "Đã phê duyệt ở bước của bạn; hồ sơ chuyển sang bước tiếp theo.",
		"sentback":  "Đã trả hồ sơ về bước trước.",
		"comment":   "Đã ghi ý kiến.",
		"attached":  "Đã đính kèm tài liệu.",
		"detached":  "Đã gỡ tài liệu khỏi hồ sơ.",
		"delegated": "Đã ủy quyền.",
		"revoked":   "Đã thu hồi ủy quyền.",
		"acting":    "Bạn đang làm thay theo ủy quyền; mọi thao tác ghi cả tên bạn và người ủy quyền.",
		"notacting": "Đã thôi làm thay; bạn thao tác với vai trò của mình.",
	} {
		notices[k] = v
	}
}

// delegationsNav is the navigation entry of the delegations page.
var delegationsNav = navItem{Href: "/delegations", Label: "Ủy quyền"}

// stepLabels name the steps of a stage history.
var stepLabels = map[string]string{
	"submitted": "Gửi hồ sơ", "resubmitted": "Gửi lại hồ sơ", "passed": "Phê duyệt, chuyển bước",
	"approved": "Phê duyệt", "rejected": "Không phê duyệt", "returned": "Trả lại cơ quan để bổ sung",
	"sent_back": "Trả lại bước trước", "withdrawn": "Rút hồ sơ", "commented": "Ý kiến",
	"attachment_added": "Đính kèm tài liệu", "attachment_removed": "Gỡ tài liệu",
}

// chainStep is one stage of the nomination's chain as the page shows it.
type chainStep struct {
	Role, Label   string
	Due           int
	Current, Done bool
}

// chainView fills the approval chain part of the nomination page for a.
func chainView(p *nominationPage, a events.Actor, n *domain.Nomination) {
	v := n.View()
	cur := n.StageIndex()
	if c := n.Chain(); c != nil {
		for i, st := range c.Stages {
			p.Chain = append(p.Chain, chainStep{Role: st.Role, Label: domain.StageLabel(st.Role), Due: st.DueWorkingDays,
				Current: i == cur, Done: v.Status == domain.StatusApproved || (cur >= 0 && i < cur)})
		}
	}
	p.Steps = v.History
	for _, a := range v.Attachments {
		p.Attachments = append(p.Attachments, attachmentRow{AttachmentRef: a, SizeText: sizeText(a.Size)})
	}
	if cur >= 0 {
		for _, to := range n.EarlierStages() {
			p.ReturnTo = append(p.ReturnTo, option{Value: to, Label: domain.StageLabel(to)})
		}
	}
	probe := events.AttachmentRef{SHA256: strings.Repeat("0", 64), Name: "kiem-tra.pdf", Size: 1}
	_, err := n.AddAttachment(a, probe)
	p.CanAttach = err == nil
	p.CanRemove = domain.Is(a, domain.RoleAgency) && (v.Status == domain.StatusDraft || v.Status == domain.StatusReturned)
	_, err = n.Comment(a, "x")
	p.CanComment = err == nil
}

// attachmentRow is one attached document as the page lists it.
type attachmentRow struct {
	events.AttachmentRef
	SizeText string
}

// sizeText is a size in kB or MB, Vietnamese style (1,5 MB).
func sizeText(n int64) string {
	if n < 1<<20 {
		return formatInt(int((n+1023)/1024)) + " kB"
	}
	tenths := (n*10 + 1<<19) >> 20
	return formatInt(int(tenths/10)) + "," + string(rune('0'+tenths%10)) + " MB"
}

// activeDelegators lists the users a (not acting for anyone) may act for
// now under an active grant.
func (s *Server) activeDelegators(a events.Actor) []string {
	if a.OnBehalfOf != nil {
		return nil
	}
	_, received := s.cfg.State.GrantsOf(a.UserID)
	var out []string
	now := s.now()
	for _, g := range received {
		if g.ActiveAt(now) && !slices.Contains(out, g.Delegator) {
			out = append(out, g.Delegator)
		}
	}
	return out
}

// stepLabel names one step of a stage history.
func stepLabel(action string) string { return label(stepLabels, action) }

func (s *Server) nominationComment(c echo.Context) error {
	id := c.Param("id")
	if _, err := s.commentCmd(c, id, c.FormValue("comment")); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			if m, ok := fields["comment"]; ok {
				msg = m
			}
			return s.renderNomination(c, status, msg)
		})
	}
	return redirectWith(c, "/nominations/"+id, "comment")
}

func (s *Server) nominationAttach(c echo.Context) error {
	id := c.Param("id")
	if _, err := s.attachCmd(c, id); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			for _, f := range []string{"file", "name"} {
				if m, ok := fields[f]; ok {
					msg = m
				}
			}
			return s.renderNomination(c, status, msg)
		})
	}
	return redirectWith(c, "/nominations/"+id, "attached")
}

func (s *Server) nominationDetach(c echo.Context) error {
	id, sha := c.Param("id"), c.Param("sha")
	_, err := s.decideNomination(c, id, 0, plain(func(n *domain.Nomination) (events.Payload, error) {
		return n.RemoveAttachment(actorOf(c), sha)
	}))
	if err != nil {
		return s.formFailed(c, err, func(status int, _ map[string]string, msg string) error {
			return s.renderNomination(c, status, msg)
		})
	}
	return redirectWith(c, "/nominations/"+id, "detached")
}

// delegationsPage is the page of a user's delegations.
type delegationsPage struct {
	Grants   []GrantView
	Users    []domain.User // who may be named as delegate (and, for an admin, delegator)
	Admin    bool
	Acting   string // the user the browser acts for, if any
	Values   delegationRequest
	Errors   map[string]string
	Self     string
	Received []GrantView // active grants the user may act under
}

func (s *Server) delegationsPage(c echo.Context) error {
	return s.renderDelegations(c, http.StatusOK, delegationRequest{}, nil, "")
}

func (s *Server) renderDelegations(c echo.Context, status int, vals delegationRequest, errs map[string]string, msg string) error {
	if err := s.awaitRead(c); err != nil {
		return err
	}
	a := actorOf(c)
	p := delegationsPage{Grants: s.visibleGrants(a, false), Admin: domain.Is(a, domain.RoleAdmin) && a.OnBehalfOf == nil,
		Values: vals, Errors: errs, Self: a.Username}
	if a.OnBehalfOf != nil {
		p.Acting = a.OnBehalfOf.Username
	}
	for _, u := range s.cfg.State.Users() {
		if !u.Disabled && u.Role != domain.RoleOfficial {
			p.Users = append(p.Users, u)
		}
	}
	now := s.now()
	for _, g := range p.Grants {
		if g.DelegateID == a.UserID && g.ActiveAt(now) {
			p.Received = append(p.Received, g)
		}
	}
	v := s.newView(c, "Ủy quyền", p)
	v.Error = msg
	return s.renderView(c, status, "delegations", v)
}

func (s *Server) delegationCreate(c echo.Context) error {
	vals := delegationRequest{Delegator: strings.TrimSpace(c.FormValue("delegator")), Delegate: strings.TrimSpace(c.FormValue("delegate")),
		From: strings.TrimSpace(c.FormValue("from")), Until: strings.TrimSpace(c.FormValue("until")), Reason: c.FormValue("reason")}
	if _, _, err := s.grantCmd(c, vals); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderDelegations(c, status, vals, fields, msg)
		})
	}
	return redirectWith(c, "/delegations", "delegated")
}

func (s *Server) delegationRevoke(c echo.Context) error {
	if _, err := s.revokeCmd(c, c.Param("id"), c.FormValue("reason")); err != nil {
		return s.formFailed(c, err, func(status int, fields map[string]string, msg string) error {
			return s.renderDelegations(c, status, delegationRequest{}, fields, msg)
		})
	}
	return redirectWith(c, "/delegations", "revoked")
}

// delegationAct switches the browser to act for a delegator (as: their
// username, checked against an active grant now and on every later
// request) or back to the user's own role (as empty).
func (s *Server) delegationAct(c echo.Context) error {
	name := strings.TrimSpace(c.FormValue("as"))
	if name == "" {
		clearCookie(c, actForCookie, "/")
		return redirectWith(c, "/delegations", "notacting")
	}
	a := actorOf(c)
	if a.OnBehalfOf != nil {
		return s.renderDelegations(c, http.StatusConflict, delegationRequest{}, nil, "Hãy thôi làm thay trước khi làm thay người khác.")
	}
	user, ok := s.cfg.State.User(a.UserID)
	if !ok {
		return domain.ErrForbidden
	}
	acting, err := s.actingActor(c, user, name)
	if err != nil {
		_, body := s.describe(err)
		return s.renderDelegations(c, http.StatusForbidden, delegationRequest{}, nil, body.Message)
	}
	c.SetCookie(&http.Cookie{Name: actForCookie, Value: name, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: c.Request().TLS != nil || s.cfg.SecureCookies, Expires: s.now().Add(12 * time.Hour)})
	target := home(domain.Role(acting.Role))
	if next := safeNext(c.FormValue("next")); next != "" {
		target = next
	}
	return redirectWith(c, target, "acting")
}

// chainSummary is what a timeline says of an event of the approval chain:
// the stage, where it went, the comment and the documents it saw.
func chainSummary(stage, next, to, comment string, docs []events.AttachmentRef) []string {
	var out []string
	if stage != "" && !strings.Contains(stage, ".") {
		line := "Bước: " + domain.StageLabel(stage)
		if dest := next + to; dest != "" {
			line += " → " + domain.StageLabel(dest)
		}
		out = append(out, line)
	}
	if comment != "" {
		out = append(out, "Ý kiến: "+comment)
	}
	if len(docs) > 0 {
		names := make([]string, len(docs))
		for i, a := range docs {
			names[i] = a.Name
		}
		out = append(out, "Tài liệu đã xem: "+strings.Join(names, ", "))
	}
	return out
}
