package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"daotao/domain"
	"daotao/domain/programme"
	"daotao/events"
	"daotao/events/jetstream"
	"daotao/projections/audit"
)

// logOn opens the event store in dir on its own embedded server, runs fn,
// and shuts the server down so that commands can use dir afterwards.
func logOn(t *testing.T, dir string, fn func(st *jetstream.Store, nc *nats.Conn)) {
	t.Helper()
	ns, err := jetstream.StartEmbedded(jetstream.ServerConfig{StoreDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer func(ns *server.Server) { ns.Shutdown(); ns.WaitForShutdown() }(ns)
	nc, err := jetstream.ConnectEmbedded(ns, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	st, err := jetstream.Open(context.Background(), nc, jetstream.Config{})
	if err != nil {
		t.Fatal(err)
	}
	fn(st, nc)
}

// appendAt appends p on subject at 09:00 on day of 2025 (month, day).
func appendAt(t *testing.T, st *jetstream.Store, id, subject string, month time.Month, day int, p events.Payload) uint64 {
	t.Helper()
	ctx := context.Background()
	e, err := events.New(id, subject, time.Date(2025, month, day, 9, 0, 0, 0, domain.Zone), events.Actor{Username: "so-noi-vu", Role: "home_affairs"}, p)
	if err != nil {
		t.Fatal(err)
	}
	last, err := st.LastSubjectSeq(ctx, subject)
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.Append(ctx, e, last, id)
	if err != nil {
		t.Fatalf("append %s: %v", id, err)
	}
	return res.Seq
}

// seedLog records a small history in dir: the reference data, six
// officials, two nominations (one approved), then a seal of everything
// before it with every report's hash. It returns the seal's sequence.
func seedLog(t *testing.T, dir string) uint64 {
	t.Helper()
	var sealSeq uint64
	logOn(t, dir, func(st *jetstream.Store, _ *nats.Conn) {
		doc, _ := programme.Default()
		raw, _ := doc.JSON()
		appendAt(t, st, "ref-1", events.Subject(events.AggregateReference, "programme"), 1, 2,
			events.ReferencePublished{Version: 1, EffectiveFrom: doc.EffectiveFrom, Document: raw})
		for i := range 6 {
			id := fmt.Sprintf("o%d", i+1)
			appendAt(t, st, "reg-"+id, events.Subject(events.AggregateOfficial, id), 3, 1, events.OfficialRegistered{OfficialID: id,
				AgencyCode: "so_noi_vu", OfficialProfile: events.OfficialProfile{FullName: "Cán bộ " + id, Group: 1 + i%4,
					Category: "cbcc", Gender: "nu", Qualification: "dai_hoc", Field: "khac"}})
		}
		n := events.Subject(events.AggregateNomination, "n1")
		appendAt(t, st, "n1-c", n, 5, 1, events.NominationCreated{NominationID: "n1", OfficialID: "o1", AgencyCode: "so_noi_vu",
			Kind: domain.KindRefresher, NominationDetails: events.NominationDetails{Title: "Bồi dưỡng"}})
		appendAt(t, st, "n1-s", n, 5, 2, events.NominationSubmitted{})
		cutoffSeq := appendAt(t, st, "n1-a", n, 6, 1, events.NominationApproved{})
		sealSeq = appendSeal(t, st, cutoffSeq, time.Date(2025, 6, 30, 23, 59, 59, 0, domain.Zone))
	})
	return sealSeq
}

// appendSeal seals the log up to cutoffSeq with its true root and the
// hashes of every report, as the review phase will.
func appendSeal(t *testing.T, st *jetstream.Store, cutoffSeq uint64, cutoff time.Time) uint64 {
	t.Helper()
	ctx := context.Background()
	s, err := audit.VerifyLog(ctx, st, cutoffSeq)
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := reportRegistry()
	hashes, err := reg.SealHashes(ctx, st.Read, cutoffSeq, cutoff, reg.Names())
	if err != nil {
		t.Fatal(err)
	}
	return appendAt(t, st, "seal-so-ket", events.Subject(events.AggregateReview, "so-ket-2026"), 7, 2, events.ReviewSealed{
		ReviewID: "so-ket-2026", Kind: events.ReviewSoKet, CutoffSeq: cutoffSeq, Cutoff: cutoff,
		RootHash: s.Root.String(), Reports: hashes, SealedBy: []string{"so-noi-vu", "hoi-dong"}})
}

// cli runs one command in-process and returns its exit code, stdout and
// stderr.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	env, out, errb := testEnv("", map[string]string{"DAOTAO_LOG_LEVEL": "error"}, args...)
	code := run(context.Background(), env)
	return code, out.String(), errb.String()
}

// mustCLI runs a command that must exit 0 and returns its stdout.
func mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := cli(t, args...)
	if code != 0 {
		t.Fatalf("daotao %v: exit %d\nstdout: %s\nstderr: %s", args, code, out, errOut)
	}
	return out
}
