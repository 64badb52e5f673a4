package handlers_test

import (
	"net/http"
	"os"
	"testing"
)

func TestZZDump(t *testing.T) {
	w, n, _ := asOfHistory(t)
	b := w.loginAs(t, "hoidong")
	p := b.get(t, "/nominations/"+n+"?as_of=2025-06-20").expect(t, http.StatusOK)
	os.WriteFile("/tmp/x/nom.html", p.raw, 0o644)
	p = b.get(t, "/dashboard").expect(t, http.StatusOK)
	os.WriteFile("/tmp/x/dash.html", p.raw, 0o644)
	p = b.get(t, "/reports/target_gaps?as_of=2025-07-01").expect(t, http.StatusOK)
	os.WriteFile("/tmp/x/rep.html", p.raw, 0o644)
}
