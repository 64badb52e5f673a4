package handlers_test

import (
	"bufio"
	"io"
	"mime/quotedprintable"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"daotao/events"
	"daotao/handlers"
)

// smtpSink is a small SMTP server written for the test: it speaks the
// protocol over real TCP (EHLO, MAIL, RCPT, DATA, QUIT) and keeps every
// message it is given.
type smtpSink struct {
	ln   net.Listener
	mu   sync.Mutex
	mail []sunkMail
}

type sunkMail struct{ from, to, data string }

func newSMTPSink(t *testing.T) *smtpSink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpSink) serve(c net.Conn) {
	defer c.Close()
	r, w := bufio.NewReader(c), bufio.NewWriter(c)
	say := func(line string) { w.WriteString(line + "\r\n"); w.Flush() }
	say("220 sink ESMTP")
	var m sunkMail
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250-sink\r\n250 8BITMIME")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			m = sunkMail{from: strings.TrimSpace(line[10:])}
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			m.to = strings.Trim(strings.TrimSpace(line[8:]), "<>")
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			m.data = b.String()
			s.mu.Lock()
			s.mail = append(s.mail, m)
			s.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func (s *smtpSink) sent() []sunkMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sunkMail(nil), s.mail...)
}

// TestMailSentOnce: with SMTP configured, an agency officer with an
// e-mail address set by the admin gets one mail with the notifications of
// their agency's requests; a second pass sends nothing, a mail.sent event
// records what was sent, and a new notification is sent on its own.
func TestMailSentOnce(t *testing.T) {
	w := newWorld(t)
	sink := newSMTPSink(t)
	host, port, _ := net.SplitHostPort(sink.ln.Addr().String())
	p, _ := strconv.Atoi(port)
	cfg := handlers.MailConfig{Host: host, Port: p, From: "daotao@quangnam.gov.vn", TLS: "none", BaseURL: "https://daotao.example"}
	u, _ := w.state.UserByName("soyte")
	w.refused(t, w.admin, http.MethodPost, "/api/v1/users/"+u.ID+"/email", map[string]string{"email": "không phải thư"}, http.StatusBadRequest, "invalid")
	w.refused(t, w.yte, http.MethodPost, "/api/v1/users/"+u.ID+"/email", map[string]string{"email": "a@b.vn"}, http.StatusForbidden, "forbidden")
	w.do(t, w.admin, http.MethodPost, "/api/v1/users/"+u.ID+"/email", map[string]string{"email": "tccb@soyte.quangnam.gov.vn"}).want(t, http.StatusOK)
	if n, err := w.srv.SendMail(t.Context(), handlers.MailConfig{}); n != 0 || err != nil {
		t.Fatalf("mail off: %d sent, %v", n, err)
	}
	id := w.nominationIn(t, "submitted") // Sở Nội vụ's check passed: one notification
	n, err := w.srv.SendMail(t.Context(), cfg)
	if err != nil || n != 1 {
		t.Fatalf("SendMail: %d, %v; want 1 mail", n, err)
	}
	w.state.WaitFor(t.Context(), w.lastSeq(t))
	if n, err := w.srv.SendMail(t.Context(), cfg); n != 0 || err != nil {
		t.Fatalf("second pass: %d mails, %v; want none", n, err)
	}
	w.act(t, id, "reject").want(t, http.StatusOK)
	if n, _ := w.srv.SendMail(t.Context(), cfg); n != 1 {
		t.Fatalf("after a rejection: %d mails, want 1", n)
	}
	got := sink.sent()
	if len(got) != 2 || got[0].to != "tccb@soyte.quangnam.gov.vn" {
		t.Fatalf("sink got %+v", got)
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(strings.NewReader(got[1].data[strings.Index(got[1].data, "\r\n\r\n")+4:])))
	if !strings.Contains(string(body), "không được phê duyệt") || !strings.Contains(string(body), "https://daotao.example/nominations/"+id) {
		t.Errorf("mail body:\n%s", body)
	}
	if !strings.Contains(got[1].data, "Subject: =?utf-8?q?") {
		t.Errorf("subject not encoded: %s", got[1].data)
	}
	if types := w.subjectTypes(t, events.Subject(events.AggregateMail, u.ID)); len(types) != 2 || types[0] != events.TypeMailSent {
		t.Errorf("mail subject %v; want two mail.sent", types)
	}
}
