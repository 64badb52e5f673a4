package handlers_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// persist sends a command with its own Idempotency-Key and sends it again,
// with the same key, while it loses a race (409 conflict), as a client
// does. It is safe to call from many goroutines.
func (w *world) persist(t *testing.T, token, method, path, key string, body any) response {
	t.Helper()
	for range 50 {
		r := w.do(t, token, method, path, body, "Idempotency-Key", key)
		var e struct {
			Code string `json:"code"`
		}
		_ = json.Unmarshal(r.raw, &e)
		if r.status != http.StatusConflict || e.Code != "conflict" {
			return r
		}
	}
	t.Errorf("%s %s: still losing races after 50 tries", method, path)
	return response{}
}

// raceAll runs f(i) for i in [0, n) at once and waits for all.
func raceAll(n int, f func(i int)) {
	var ready, done sync.WaitGroup
	ready.Add(1)
	for i := range n {
		done.Go(func() {
			ready.Wait()
			f(i)
		})
	}
	ready.Done()
	done.Wait()
}

// TestCourseSeatsRace: 20 agencies submit at once into a course of 3
// seats: exactly 3 hold a seat, the 17 others wait, each once, in the
// order their waitlist events were recorded.
func TestCourseSeatsRace(t *testing.T) {
	w := newWorld(t)
	f := newCourseFixture(t, w)
	course := w.openCourse(t, f.prog, 3)
	const n = 20
	var tokens, noms []string
	for i, a := range domain.DefaultAgencies().All()[:n] {
		tok := w.user(t, "dua-"+strconv.Itoa(i), domain.RoleAgency, a.Code)
		tokens = append(tokens, tok)
		noms = append(noms, w.courseNomination(t, tok, w.official(t, tok, officialBody(a.Code)), course))
	}
	status := make([]int, n)
	raceAll(n, func(i int) {
		status[i] = w.persist(t, tokens[i], http.MethodPost, nomPath(noms[i], "submit"), "nop-"+noms[i], nil).status
	})
	for i, st := range status {
		if st != http.StatusOK {
			t.Errorf("submission %d: %d", i, st)
		}
	}
	v := w.seats(t, w.yte, course) // the lead agency sees everyone
	seated, waiting := seatIDs(v.Seated), waitIDs(v.Waitlist)
	if len(seated) != 3 || len(waiting) != n-3 {
		t.Fatalf("seated %d, waiting %d; want 3 and %d", len(seated), len(waiting), n-3)
	}
	all := slices.Sorted(slices.Values(slices.Concat(seated, waiting)))
	if !slices.Equal(slices.Compact(slices.Clone(all)), all) || !slices.Equal(all, slices.Sorted(slices.Values(noms))) {
		t.Errorf("seated and waiting are not the 20 nominations, each once: %v", all)
	}
	var taken, listed []string
	for _, p := range w.courseEvents(t, course) {
		switch e := p.(type) {
		case *events.CourseSeatTaken:
			taken = append(taken, e.NominationID)
		case *events.CourseWaitlisted:
			listed = append(listed, e.NominationID)
		}
	}
	if !slices.Equal(taken, seated) || !slices.Equal(listed, waiting) {
		t.Errorf("log: taken %v, waitlisted %v; projection: %v, %v", taken, listed, seated, waiting)
	}
	for i, e := range v.Waitlist {
		if e.Position != i+1 {
			t.Errorf("waitlist entry %d has position %d", i, e.Position)
		}
	}
	vs, err := projections.Check(t.Context(), w.store, func(string) (int, bool) { return 0, false })
	if err != nil || len(vs) != 0 {
		t.Errorf("daotao check: %v %v", vs, err)
	}
}

// TestCourseWithdrawalsRace: the 3 participants withdraw at once; each
// freed seat promotes exactly one waitlisted nomination, the first three
// in line, never one twice.
func TestCourseWithdrawalsRace(t *testing.T) {
	w := newWorld(t)
	f := newCourseFixture(t, w)
	course := w.openCourse(t, f.prog, 3)
	var noms []string
	for range 8 {
		id := w.courseNomination(t, w.yte, w.official(t, w.yte, officialBody("so_y_te")), course)
		w.act(t, id, "submit").want(t, http.StatusOK)
		noms = append(noms, id)
	}
	raceAll(3, func(i int) {
		r := w.persist(t, w.yte, http.MethodPost, nomPath(noms[i], "withdraw"), "rut-"+noms[i], map[string]string{"reason": "Bận công tác."})
		if r.status != http.StatusOK {
			t.Errorf("withdraw %d: %d %s", i, r.status, r.raw)
		}
	})
	v := w.seats(t, w.yte, course)
	if got := slices.Sorted(slices.Values(seatIDs(v.Seated))); !slices.Equal(got, slices.Sorted(slices.Values(noms[3:6]))) {
		t.Errorf("seated %v, want the first three in line %v", got, noms[3:6])
	}
	if got := waitIDs(v.Waitlist); !slices.Equal(got, noms[6:]) {
		t.Errorf("waiting %v, want %v", got, noms[6:])
	}
	var promoted []string
	for _, p := range w.courseEvents(t, course) {
		if e, ok := p.(*events.CourseSeatReleased); ok && e.Promoted != nil {
			promoted = append(promoted, e.Promoted.NominationID)
		}
	}
	if !slices.Equal(slices.Sorted(slices.Values(promoted)), slices.Sorted(slices.Values(noms[3:6]))) {
		t.Errorf("promotions %v, want each of %v once", promoted, noms[3:6])
	}
}

func waitIDs(entries []domain.WaitlistEntry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.NominationID)
	}
	return out
}
