package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events/jetstream/jstest"
)

// TestBareAppend checks the HTTP floor's server: it appends what is
// posted with the expected sequence, and refuses what it cannot append.
func TestBareAppend(t *testing.T) {
	_, nc := jstest.StartServer(t)
	js, err := natsjs.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := js.CreateStream(t.Context(), natsjs.StreamConfig{Name: rawStream, Subjects: []string{rawSubjects}}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(bareAppend{js})
	defer srv.Close()
	post := func(path, last string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(`{"type":"x"}`))
		if last != "" {
			req.Header.Set("Expected-Last", last)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(data)
	}
	status, body := post("/append/7", "0")
	var ack bareAck
	if status != http.StatusOK || json.Unmarshal([]byte(body), &ack) != nil || ack.Seq != 1 {
		t.Fatalf("first append: %d %s, want 200 and seq 1", status, body)
	}
	if status, _ := post("/append/7", "0"); status != http.StatusConflict {
		t.Errorf("stale expected sequence: %d, want 409", status)
	}
	for _, c := range []struct{ path, last string }{{"/append/x", "1"}, {"/other", "1"}, {"/append/7", ""}, {"/append/7", "-1"}} {
		if status, _ := post(c.path, c.last); status != http.StatusBadRequest {
			t.Errorf("POST %s Expected-Last %q: %d, want 400", c.path, c.last, status)
		}
	}
	st, _ := js.Stream(t.Context(), rawStream)
	if info, _ := st.Info(t.Context()); info.State.Msgs != 1 {
		t.Errorf("stream holds %d messages, want 1: a refused request appended", info.State.Msgs)
	}
}
