package handlers

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"strconv"
	"strings"
	"time"

	"daotao/domain"
	"daotao/events"
	"daotao/projections"
)

// MailConfig is how notifications are sent by e-mail. E-mail is off while
// Host is empty (the default).
type MailConfig struct {
	Host string
	Port int
	// User and Password authenticate with the server (PLAIN, only over
	// TLS or to localhost); empty User: no authentication. The password
	// is never logged.
	User, Password string
	// From is the sender address.
	From string
	// TLS is "starttls" (upgrade when the server offers it; the default),
	// "tls" (implicit TLS, usually port 465) or "none".
	TLS string
	// BaseURL prefixes the links in the mails, e.g. https://daotao.quangnam.gov.vn.
	BaseURL string
	// Timeout bounds one SMTP conversation; default 30 s.
	Timeout time.Duration
}

// Enabled reports whether e-mail is configured.
func (m MailConfig) Enabled() bool { return m.Host != "" }

// String describes the configuration without the password.
func (m MailConfig) String() string {
	return fmt.Sprintf("smtp://%s@%s:%d (tls %s, from %s)", m.User, m.Host, m.Port, m.TLS, m.From)
}

// mailBatch is the most notifications one mail carries.
const mailBatch = 50

// SendMail sends every user with an e-mail address one mail with the
// notifications they have not been mailed yet, then records them in a
// mail.sent event on the user's mail subject, so that a restart sends
// nothing twice (a crash between the two sends that one mail again, at
// most once). It returns how many mails it sent; an SMTP failure stops the
// pass and is returned, to be tried again on the next tick.
func (s *Server) SendMail(ctx context.Context, cfg MailConfig) (int, error) {
	if !cfg.Enabled() {
		return 0, nil
	}
	// What this process recorded last must be seen, or it would be sent again.
	if err := s.cfg.State.WaitTimeout(ctx, s.highWater.Load(), s.cfg.WaitLimit); err != nil {
		return 0, unavailable(err)
	}
	sent := 0
	for _, m := range s.cfg.State.PendingMail(mailBatch) {
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		subject, body := composeMail(cfg, m)
		if err := sendSMTP(cfg, m.Email, subject, body); err != nil {
			return sent, fmt.Errorf("mail to user %s: %w", m.Username, err)
		}
		sent++
		if err := s.recordMail(ctx, m); err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// recordMail appends the mail.sent event of m.
func (s *Server) recordMail(ctx context.Context, m projections.Mail) error {
	ids := make([]string, len(m.Items))
	for i, n := range m.Items {
		ids[i] = n.ID
	}
	last := ids[len(ids)-1]
	_, err := s.run(ctx, command{actor: events.System, key: "mail:" + m.UserID + ":" + last, hash: "mail",
		decide: func() (decision, error) {
			return decision{subject: events.Subject(events.AggregateMail, m.UserID), expected: m.Seq,
				payload: &events.MailSent{UserID: m.UserID, To: m.Email, NotificationIDs: ids, SentAt: s.now().UTC()}}, nil
		}})
	if errors.Is(err, domain.ErrConflict) {
		return nil // another process recorded this user's mail meanwhile
	}
	return err
}

// composeMail writes the subject and plain-text body of m, in Vietnamese.
func composeMail(cfg MailConfig, m projections.Mail) (string, string) {
	subject := "Thông báo mới: " + m.Items[0].Text
	if len(m.Items) > 1 {
		subject = fmt.Sprintf("%d thông báo mới về hồ sơ đào tạo, bồi dưỡng", len(m.Items))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Kính gửi %s,\n\nHệ thống quản lý đào tạo, bồi dưỡng CBCCVC lãnh đạo, quản lý (Đề án 7328/ĐA-UBND) có %d thông báo mới cho bạn:\n\n", m.Username, len(m.Items))
	for _, n := range m.Items {
		fmt.Fprintf(&b, "- %s: %s\n", n.Time.In(domain.Zone).Format("15:04 02/01/2006"), n.Text)
		if n.Link != "" {
			fmt.Fprintf(&b, "  %s%s\n", cfg.BaseURL, n.Link)
		}
	}
	fmt.Fprintf(&b, "\nXem và đánh dấu đã đọc tại hộp thư: %s/inbox\n\nThư này được gửi tự động; xin đừng trả lời.\n", cfg.BaseURL)
	return subject, b.String()
}

// message builds the RFC 5322 message: UTF-8 headers encoded, the body
// quoted-printable.
func message(from, to, subject, body string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\n", from, to,
		mime.QEncoding.Encode("utf-8", subject), time.Now().Format(time.RFC1123Z))
	b.WriteString("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	w := quotedprintable.NewWriter(&b)
	w.Write([]byte(strings.ReplaceAll(body, "\n", "\r\n")))
	w.Close()
	return b.Bytes()
}

// sendSMTP sends one message through the configured server.
func sendSMTP(cfg MailConfig, to, subject, body string) error {
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	tlsConfig := &tls.Config{ServerName: cfg.Host, MinVersion: tls.VersionTLS12}
	var conn net.Conn
	var err error
	dialer := &net.Dialer{Timeout: timeout}
	if cfg.TLS == "tls" {
		conn, err = tls.DialWithDialer(dialer, "tcp", addr, tlsConfig)
	} else {
		conn, err = dialer.Dial("tcp", addr)
	}
	if err != nil {
		return err
	}
	_ = conn.SetDeadline(time.Now().Add(timeout))
	c, err := smtp.NewClient(conn, cfg.Host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if cfg.TLS != "tls" && cfg.TLS != "none" {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(tlsConfig); err != nil {
				return err
			}
		}
	}
	if cfg.User != "" {
		if err := c.Auth(smtp.PlainAuth("", cfg.User, cfg.Password, cfg.Host)); err != nil {
			return err
		}
	}
	if err := c.Mail(cfg.From); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(message(cfg.From, to, subject, body)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}
