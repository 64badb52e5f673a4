package chain_test

import (
	"bytes"
	"errors"
	"testing"

	"daotao/events/chain"
)

type event struct {
	seq      uint64
	subject  string
	envelope string
}

var three = []event{
	{1, "daotao.events.user.a", `{"id":"1"}`},
	{2, "daotao.events.user.b", `{"id":"2"}`},
	{3, "daotao.events.user.a", `{"id":"3"}`},
}

func fold(t *testing.T, evs []event) (*chain.Ledger, []chain.Entry) {
	t.Helper()
	l := chain.New()
	var out []chain.Entry
	for _, e := range evs {
		en, err := l.Append(e.seq, e.subject, []byte(e.envelope))
		if err != nil {
			t.Fatalf("append %d: %v", e.seq, err)
		}
		out = append(out, en)
	}
	return l, out
}

func TestCanonicalLayout(t *testing.T) {
	got := chain.Canonical(258, "a.b", []byte("{}"))
	want := []byte{0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 3, 'a', '.', 'b', 0, 0, 0, 2, '{', '}'}
	if !bytes.Equal(got, want) {
		t.Errorf("Canonical = %v; want %v", got, want)
	}
}

// TestKnownVectors pins the hashes to values computed by an independent
// implementation (Python's hashlib, as the auditors' README shows), so a
// change to the rules cannot pass unnoticed.
func TestKnownVectors(t *testing.T) {
	want := []struct{ event, link, root string }{
		{"3b5cf447dc8133e9ba34900e0a4c96864d8b8c1875757920a2c61936db40baae",
			"dc021402687ae2331bdb9aabfa1783b04f6207d96d71b36e07f8c77daf54961d",
			"dc021402687ae2331bdb9aabfa1783b04f6207d96d71b36e07f8c77daf54961d"},
		{"85dddd39259c161d618d53c49eb07824d672594cb47b6669f223cb8975e06a21",
			"a9b72337c28ae4690fe757c16314c4120c7f6a497e6070a25b7627cbffdcbca6",
			"5d253528589cdb55cc5bfc5565d9943733b61427dafbfe271f9627712aea9011"},
		{"560fcab584cefc3ffc38de75a1cf4e8f04b7f6d57e4bd3363c2b1d7d49b9d670",
			"586c39d827e83947cd99b8746c8c742b34f3dc5890db58e4a11f6605a8d7cde8",
			"9c7f03c36b71d329fca43e240a84bc0bb265154791c374386d3081dafb6203ee"},
	}
	l, entries := fold(t, three)
	for i, e := range entries {
		if e.Event.String() != want[i].event || e.Link.String() != want[i].link || e.Root.String() != want[i].root {
			t.Errorf("seq %d: event %s link %s root %s; want %+v", e.Seq, e.Event, e.Link, e.Root, want[i])
		}
	}
	if got := l.Root().String(); got != want[2].root {
		t.Errorf("Root = %s; want %s", got, want[2].root)
	}
	if link, _ := l.Link("daotao.events.user.b"); link.String() != want[1].link {
		t.Errorf("Link(b) = %s; want %s", link, want[1].link)
	}
}

func TestAppendRefusesOutOfSequence(t *testing.T) {
	for _, tt := range []struct {
		name string
		seq  uint64
	}{{"gap", 5}, {"repeat", 3}, {"zero", 0}, {"back", 1}} {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := fold(t, three)
			before := l.Root()
			if _, err := l.Append(tt.seq, "daotao.events.user.a", []byte("{}")); !errors.Is(err, chain.ErrSequence) {
				t.Errorf("Append(%d) err = %v; want ErrSequence", tt.seq, err)
			}
			if l.Last() != 3 || l.Root() != before {
				t.Errorf("ledger changed by a refused append: last %d", l.Last())
			}
		})
	}
}

// TestEveryPartIsCovered changes each part of one event in turn and checks
// that the root changes.
func TestEveryPartIsCovered(t *testing.T) {
	base, _ := fold(t, three)
	changes := map[string]func([]event){
		"envelope byte": func(e []event) { e[1].envelope = `{"id":"X"}` },
		"subject":       func(e []event) { e[1].subject = "daotao.events.user.c" },
		"order":         func(e []event) { e[0].envelope, e[1].envelope = e[1].envelope, e[0].envelope },
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			evs := append([]event(nil), three...)
			change(evs)
			if l, _ := fold(t, evs); l.Root() == base.Root() {
				t.Errorf("root unchanged after changing the %s", name)
			}
		})
	}
	if a, b := chain.EventHash(1, "s", []byte("x")), chain.EventHash(2, "s", []byte("x")); a == b {
		t.Error("the sequence is not covered by the event hash")
	}
}

func TestRootAtAndFind(t *testing.T) {
	l, entries := fold(t, three)
	for _, e := range entries {
		if r, ok := l.RootAt(e.Seq); !ok || r != e.Root {
			t.Errorf("RootAt(%d) = %s, %v; want %s", e.Seq, r, ok, e.Root)
		}
		if seq, ok := l.Find(e.Root); !ok || seq != e.Seq {
			t.Errorf("Find(root of %d) = %d, %v", e.Seq, seq, ok)
		}
	}
	if r, ok := l.RootAt(0); !ok || !r.IsZero() {
		t.Errorf("RootAt(0) = %s, %v; want zero, true", r, ok)
	}
	if _, ok := l.RootAt(4); ok {
		t.Error("RootAt beyond the last event reported true")
	}
	if _, ok := l.Find(chain.EventHash(9, "x", nil)); ok {
		t.Error("Find of a root that never was reported true")
	}
	if l.Subjects() != 2 {
		t.Errorf("Subjects = %d; want 2", l.Subjects())
	}
}

func TestParseHash(t *testing.T) {
	h := chain.EventHash(1, "s", []byte("x"))
	if got, err := chain.ParseHash(h.String()); err != nil || got != h {
		t.Errorf("ParseHash(String) = %s, %v", got, err)
	}
	for _, bad := range []string{"", "zz", h.String()[:62], h.String() + "00"} {
		if _, err := chain.ParseHash(bad); err == nil {
			t.Errorf("ParseHash(%q) accepted", bad)
		}
	}
}
