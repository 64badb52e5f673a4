package projections_test

import (
	"encoding/json"
	"fmt"
	"syscall"
	"testing"
	"time"

	"daotao/events"
	"daotao/projections"
)

// replayLog is a log shaped like the national bench's: officials with
// uuid-like ids, each with one nomination that goes one of the bench's
// ways (approved and booked, waiting, returned and resubmitted, refused,
// withdrawn), the officials' histories interleaved 500 at a time as the
// generator appends them; payloads decoded ahead by hand, as a replay
// from the store hands them over.
func replayLog(tb testing.TB, officials int) []events.Recorded {
	tb.Helper()
	council := events.Actor{UserID: "u-council", Username: "hoidong", Role: "council"}
	paths := [][]string{{"submit", "approve"}, {"submit", "approve"}, {"submit", "approve"}, {"submit"},
		{"submit", "return", "resubmit", "approve"}, {"submit", "reject"}, {"withdraw"}, {}}
	type script struct {
		subjects []string
		actors   []events.Actor
		payloads []events.Payload
	}
	scripts := make([]*script, officials)
	for i := range officials {
		ag := benchAgencies[i%len(benchAgencies)]
		officer := events.Actor{UserID: "u-" + ag, Username: "tc-" + ag, Role: "agency", Agency: ag}
		oid := fmt.Sprintf("019abc%02x-7e1f-7a9b-8c3d-%012x", i%256, i)
		nid := fmt.Sprintf("019abd%02x-7e1f-7a9b-8c3d-%012x", i%256, i)
		osub, nsub := events.Subject(events.AggregateOfficial, oid), events.Subject(events.AggregateNomination, nid)
		s := &script{}
		add := func(sub string, a events.Actor, p events.Payload) {
			s.subjects, s.actors, s.payloads = append(s.subjects, sub), append(s.actors, a), append(s.payloads, p)
		}
		add(osub, officer, &events.OfficialRegistered{OfficialID: oid, AgencyCode: ag, OfficialProfile: benchProfile(i)})
		c := created(nid, oid)
		c.AgencyCode = ag
		add(nsub, officer, c)
		for _, step := range paths[i%len(paths)] {
			switch step {
			case "submit":
				add(nsub, officer, &events.NominationSubmitted{Eligibility: benchEligibility, ReferenceVersion: 1})
			case "resubmit":
				add(nsub, officer, &events.NominationResubmitted{Note: "Đã bổ sung.", Eligibility: benchEligibility, ReferenceVersion: 1})
			case "return":
				add(nsub, council, &events.NominationReturned{Reason: "Bổ sung bản cam kết thời gian công tác sau đào tạo."})
			case "reject":
				add(nsub, council, &events.NominationRejected{Reason: "Không đủ điều kiện."})
			case "withdraw":
				add(nsub, officer, &events.NominationWithdrawn{Reason: "Rút đề nghị."})
			case "approve":
				add(nsub, council, &events.NominationApproved{Reason: "Đủ điều kiện.", Eligibility: benchEligibility, ReferenceVersion: 1})
				add(osub, council, &events.OfficialBooked{NominationID: nid, StartDate: c.StartDate, EndDate: c.EndDate})
			}
		}
		scripts[i] = s
	}
	var log []events.Recorded
	fd := events.NewFastDecoder()
	for lo := 0; lo < officials; lo += 500 {
		active := scripts[lo:min(lo+500, officials)]
		for step := 0; ; step++ {
			any := false
			for _, s := range active {
				if step >= len(s.subjects) {
					continue
				}
				any = true
				seq := uint64(len(log) + 1)
				e, err := events.New(fmt.Sprintf("019abe00-0000-7000-8000-%012x", seq), s.subjects[step],
					t0.Add(time.Duration(seq)*time.Second), s.actors[step], s.payloads[step])
				if err != nil {
					tb.Fatal(err)
				}
				raw, err := json.Marshal(e)
				if err != nil {
					tb.Fatal(err)
				}
				de, p, ok := fd.Decode(raw)
				if !ok || p == nil {
					tb.Fatalf("event %d (%s) does not decode by hand", seq, e.Type)
				}
				log = append(log, events.Recorded{Envelope: de, Seq: seq, StoredAt: de.Time, Payload: p})
			}
			if !any {
				break
			}
		}
	}
	return log
}

// BenchmarkReplay applies a national-shaped log of decoded events to a
// fresh state: what a rebuild's applying goroutine does, with maps large
// enough (40,000 officials, about 180,000 events) that look-ups miss the
// caches as they do at national scale.
func BenchmarkReplay(b *testing.B) {
	log := replayLog(b, 40000)
	for _, reserve := range []bool{false, true} {
		b.Run(fmt.Sprintf("events=%d/reserve=%t", len(log), reserve), func(b *testing.B) {
			replayInto(b, log, reserve)
		})
	}
}

// replayInto is BenchmarkReplay's loop; reserve sizes the state first.
func replayInto(b *testing.B, log []events.Recorded, reserve bool) {
	{
		b.ReportAllocs()
		cpu := replayCPU()
		for b.Loop() {
			s := projections.New()
			if reserve {
				s.Reserve(len(log))
			}
			for _, r := range log {
				if err := s.Apply(r); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(log)), "ns/event")
		// Steadier on a shared machine: the process's CPU time (the
		// collector's included) per event.
		b.ReportMetric(float64(replayCPU()-cpu)/float64(b.N*len(log)), "cpu-ns/event")
	}
}

// replayCPU is the process's CPU time so far.
func replayCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
