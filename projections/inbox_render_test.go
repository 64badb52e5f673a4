package projections

import (
	"cmp"
	"fmt"
	"slices"
	"testing"
	"time"

	"daotao/domain"
	"daotao/events"
)

// TestNoteTextsRenderAsWritten: the notifications kept as parts render to
// exactly the texts the notifiers used to write out (the former formulas
// are spelled out here), with and without the official on the roster, and
// a nomination not in the state still gets its written text.
func TestNoteTextsRenderAsWritten(t *testing.T) {
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	actor := events.Actor{UserID: "u-1", Username: "tc", Role: "agency", Agency: "so_y_te"}
	s := New()
	seq := uint64(0)
	apply := func(subject string, p events.Payload) events.Recorded {
		seq++
		e, err := events.New(fmt.Sprintf("e-%d", seq), subject, at.Add(time.Duration(seq)*time.Minute), actor, p)
		if err != nil {
			t.Fatal(err)
		}
		r := events.Recorded{Envelope: e, Seq: seq, StoredAt: e.Time}
		if err := s.Apply(r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	apply(events.Subject(events.AggregateOfficial, "o1"), &events.OfficialRegistered{OfficialID: "o1", AgencyCode: "so_y_te",
		OfficialProfile: events.OfficialProfile{FullName: "Trần Thị Bình", Group: 3}})
	for _, id := range []string{"n1", "n2"} {
		official := "o1"
		if id == "n2" {
			official = "o-not-registered"
		}
		apply(events.Subject(events.AggregateNomination, id), &events.NominationCreated{NominationID: id, OfficialID: official,
			AgencyCode: "so_y_te", Kind: domain.KindRefresher, NominationDetails: events.NominationDetails{Title: "Quản lý y tế"}})
	}
	due := events.NewDate(2026, 4, 1)
	for _, id := range []string{"n-unknown", "n1", "n2"} {
		sub := events.Subject(events.AggregateNomination, id)
		dsub := events.Subject(events.AggregateDeadline, id)
		label := s.nominationLabel(id)
		ref := events.DeadlineRef{NominationID: id, AgencyCode: "so_y_te", Stage: "home_affairs", Due: due}
		dueText := due.Time().Format("02/01/2006")
		for _, c := range []struct {
			subject string
			p       events.Payload
			want    []string // "" when no notification
		}{
			{sub, &events.NominationApproved{Reason: "Đủ điều kiện."}, []string{label + " đã được phê duyệt: Đủ điều kiện."}},
			{sub, &events.NominationRejected{}, []string{label + " không được phê duyệt."}},
			{sub, &events.NominationReturned{Reason: "Bổ sung."}, []string{label + " bị trả lại để bổ sung: Bổ sung."}},
			{sub, &events.NominationStagePassed{Stage: "home_affairs", Next: "council"},
				[]string{label + " đã qua bước “" + domain.StageLabel("home_affairs") + "”, chuyển sang bước “" + domain.StageLabel("council") + "”."}},
			{dsub, &events.DeadlineReminded{DeadlineRef: ref, Milestone: 50, Role: "home_affairs"},
				[]string{fmt.Sprintf("Nhắc hạn: %s ở bước “%s” đã dùng %d%% thời gian xử lý; hạn %s.", label, domain.StageLabel("home_affairs"), 50, dueText)}},
			{dsub, &events.DeadlineReminded{DeadlineRef: ref, Milestone: 100, Role: "home_affairs"},
				[]string{fmt.Sprintf("Đến hạn: %s ở bước “%s” phải xử lý xong trong hôm nay (hạn %s).", label, domain.StageLabel("home_affairs"), dueText)}},
			{dsub, &events.DeadlineEscalated{DeadlineRef: ref, Role: "council"},
				[]string{fmt.Sprintf("Chuyển cấp trên: %s ở bước “%s” đã hết hạn xử lý ngày %s mà chưa có quyết định; báo %s.",
					label, domain.StageLabel("home_affairs"), dueText, domain.Role("council").Label())}},
		} {
			if id == "n-unknown" && c.subject == sub {
				continue // an event of its own would put it in the state
			}
			before := s.inbox.count()
			r := apply(c.subject, c.p)
			notes := s.inbox.since(before)
			if len(notes) == 0 {
				t.Fatalf("%s %s: no notification", id, r.Type)
			}
			for _, n := range notes {
				v := s.inbox.view(n)
				if v.Text != c.want[0] {
					t.Errorf("%s %s:\n got %q\nwant %q", id, r.Type, v.Text, c.want[0])
				}
				if v.Link != "/nominations/"+id || v.NominationID != id || v.Kind != r.Type || !v.Time.Equal(r.Time) || v.Time != r.Time {
					t.Errorf("%s %s: %+v", id, r.Type, v)
				}
			}
		}
	}
}

// count is how many notices the inbox holds.
func (in *inbox) count() int { return len(in.byID) }

// since returns the notices after the first n, in sequence order.
func (in *inbox) since(n int) []*notice {
	var all []*notice
	for _, list := range in.byAudience {
		all = append(all, list...)
	}
	slices.SortFunc(all, func(a, b *notice) int { return cmp.Compare(a.seq, b.seq)*2 + cmp.Compare(a.id, b.id) })
	return all[n:]
}
