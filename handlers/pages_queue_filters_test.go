package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// savedLinks returns the saved filters a queue page lists, name → href.
func savedLinks(p page) map[string]string {
	out := map[string]string{}
	for _, a := range p.all("ul.saved-filters li a") {
		out[textOf(a)] = attr(a, "href")
	}
	return out
}

// TestWebSaveQueueFilter: the council filters its queue, saves the filter
// under a name, finds it listed for every council member, opens it, and
// removes it.
func TestWebSaveQueueFilter(t *testing.T) {
	w := newWebWorld(t)
	hd := w.as["hoidong"]
	empty := hd.get(t, "/queue").expect(t, http.StatusOK)
	if len(empty.all("form[action=/queue/filters]")) != 0 {
		t.Errorf("the queue without a filter offers to save one")
	}
	filtered := hd.submitGet(t, empty, "form.filters", url.Values{"agency": {"so_y_te"}, "group": {"3"}})
	checkHygiene(t, filtered)
	saved := hd.submit(t, filtered, "form[action=/queue/filters]", url.Values{"name": {"Sở Y tế — Nhóm 3"}})
	if got := saved.redirect(t).String(); got != "/queue?agency=so_y_te&group=3&ok=filter" {
		t.Fatalf("saving redirects to %q, want the filtered queue with a notice", got)
	}
	after := hd.follow(t, saved).expect(t, http.StatusOK)
	checkHygiene(t, after)
	if !strings.HasPrefix(after.notice(), "Đã lưu bộ lọc") {
		t.Errorf("notice %q", after.notice())
	}
	if got := attr(after.one(t, "ul.saved-filters a[aria-current=true]"), "href"); got != "/queue?agency=so_y_te&group=3" {
		t.Errorf("the filter in use links to %q", got)
	}
	wantRows(t, hd.get(t, "/queue?agency=so_y_te&group=3").expect(t, http.StatusOK), "form#bulk", 1)

	other := w.loginAs(t, "hoidong") // another council member's browser
	if got := savedLinks(other.get(t, "/queue").expect(t, http.StatusOK)); got["Sở Y tế — Nhóm 3"] != "/queue?agency=so_y_te&group=3" {
		t.Errorf("another council member sees %v", got)
	}
	if got := savedLinks(w.as["soyte"].get(t, "/queue").expect(t, http.StatusOK)); len(got) != 0 {
		t.Errorf("an agency sees the council's filters %v", got)
	}

	page := other.get(t, "/queue").expect(t, http.StatusOK)
	removed := other.submit(t, page, "form[action^=/queue/filters/]", nil)
	if got := removed.redirect(t).String(); got != "/queue?ok=filterrm" {
		t.Errorf("removing redirects to %q", got)
	}
	if got := savedLinks(hd.get(t, "/queue").expect(t, http.StatusOK)); len(got) != 0 {
		t.Errorf("after removal the council still has %v", got)
	}
}

// TestWebAgencyQueueFilter: an agency officer filters the agency's queue
// (no agency choice there) and saves it for every agency officer.
func TestWebAgencyQueueFilter(t *testing.T) {
	w := newWebWorld(t)
	ag := w.as["soyte"]
	q := ag.get(t, "/queue").expect(t, http.StatusOK)
	if first(q.doc, "select#agency") != nil {
		t.Errorf("the agency's queue offers an agency filter")
	}
	filtered := ag.submitGet(t, q, "form.filters", url.Values{"kind": {"boi_duong"}})
	wantRows(t, filtered, "main", 1)
	ag.submit(t, filtered, "form[action=/queue/filters]", url.Values{"name": {"Bồi dưỡng"}}).redirect(t)
	if got := savedLinks(w.as["tamky"].get(t, "/queue").expect(t, http.StatusOK)); got["Bồi dưỡng"] != "/queue?kind=boi_duong" {
		t.Errorf("another agency's officer sees %v", got)
	}
}

func TestWebQueueFilterRefused(t *testing.T) {
	w := newWebWorld(t)
	hd := w.as["hoidong"]
	filtered := hd.get(t, "/queue?group=3").expect(t, http.StatusOK)

	t.Run("no name", func(t *testing.T) {
		before := w.lastSeq(t)
		p := hd.submit(t, filtered, "form[action=/queue/filters]", url.Values{"name": {"   "}})
		wantInvalid(t, p, map[string]string{"filter-name": "Hãy đặt tên cho bộ lọc."})
		if got := formValues(p.one(t, "form.filters")).Get("group"); got != "3" {
			t.Errorf("the refused save shows group %q, want the filter being saved", got)
		}
		if w.lastSeq(t) != before {
			t.Errorf("a refused save appended to the log")
		}
	})
	t.Run("name too long", func(t *testing.T) {
		p := hd.submit(t, filtered, "form[action=/queue/filters]", url.Values{"name": {strings.Repeat("a", 81)}})
		wantInvalid(t, p, map[string]string{"filter-name": "tối đa 80 ký tự"})
	})
	t.Run("bad filter", func(t *testing.T) {
		form := url.Values{"_csrf": {filtered.csrf(t)}, "name": {"Nhóm 9"}, "group": {"9"}}
		p := hd.post(t, "/queue/filters", form).expect(t, http.StatusBadRequest)
		checkHygiene(t, p)
		if got := p.errorMessage(); got != "Nhóm phải là 1, 2, 3 hoặc 4." {
			t.Errorf("message %q, want what to fix in the filter", got)
		}
	})
	t.Run("CSRF", func(t *testing.T) {
		for name, token := range map[string][]string{"none": nil, "wrong": {"x" + filtered.csrf(t)}} {
			before := w.lastSeq(t)
			form := url.Values{"name": {"Nhóm 3"}, "group": {"3"}, "_csrf": token}
			p := hd.post(t, "/queue/filters", form).expect(t, http.StatusForbidden)
			wantRefusal(t, p, "Không có quyền truy cập")
			if w.lastSeq(t) != before {
				t.Errorf("%s CSRF token: the save was appended", name)
			}
		}
	})
	t.Run("another role's filter", func(t *testing.T) {
		hd.submit(t, filtered, "form[action=/queue/filters]", url.Values{"name": {"Nhóm 3"}}).redirect(t)
		ids := hd.get(t, "/queue").expect(t, http.StatusOK).all("ul.saved-filters form")
		if len(ids) != 1 {
			t.Fatalf("%d saved filters, want 1", len(ids))
		}
		ag := w.as["soyte"]
		form := url.Values{"_csrf": {ag.get(t, "/queue").expect(t, http.StatusOK).csrf(t)}}
		ag.post(t, attr(ids[0], "action"), form).expect(t, http.StatusNotFound)
		if got := savedLinks(hd.get(t, "/queue").expect(t, http.StatusOK)); got["Nhóm 3"] == "" {
			t.Errorf("an agency removed the council's filter: %v", got)
		}
	})
}

// submitGet fills in the GET form of p matching sel, sets values over it
// and opens the URL it leads to.
func (b *browser) submitGet(t *testing.T, p page, sel string, values url.Values) page {
	t.Helper()
	form := p.one(t, sel)
	data := formValues(form)
	for k, v := range values {
		data[k] = v
	}
	for k, v := range data {
		if len(v) == 1 && v[0] == "" {
			delete(data, k)
		}
	}
	return b.get(t, attr(form, "action")+"?"+data.Encode()).expect(t, http.StatusOK)
}
