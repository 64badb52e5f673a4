package main

import (
	"context"
	"flag"
	"log/slog"
	"strconv"
	"time"

	"daotao/handlers"
)

// workflowFlags configure the work serve does on a timer: completing
// sittings, deadline reminders and escalations, and e-mail (SMTP, off
// unless a host is given).
type workflowFlags struct {
	mail handlers.MailConfig
	tick time.Duration
}

func (f *workflowFlags) register(fs *flag.FlagSet, env environment) {
	port, _ := strconv.Atoi(envOr(env, "DAOTAO_SMTP_PORT", "587"))
	fs.StringVar(&f.mail.Host, "smtp-host", env.getenv("DAOTAO_SMTP_HOST"), "SMTP server for e-mail notifications; empty: no e-mail (env DAOTAO_SMTP_HOST)")
	fs.IntVar(&f.mail.Port, "smtp-port", port, "SMTP port (env DAOTAO_SMTP_PORT)")
	fs.StringVar(&f.mail.User, "smtp-user", env.getenv("DAOTAO_SMTP_USER"), "SMTP user; the password is read from DAOTAO_SMTP_PASSWORD only (env DAOTAO_SMTP_USER)")
	fs.StringVar(&f.mail.From, "smtp-from", envOr(env, "DAOTAO_SMTP_FROM", "daotao@localhost"), "sender address of e-mail notifications (env DAOTAO_SMTP_FROM)")
	fs.StringVar(&f.mail.TLS, "smtp-tls", envOr(env, "DAOTAO_SMTP_TLS", "starttls"), "starttls (when offered), tls (implicit, port 465) or none (env DAOTAO_SMTP_TLS)")
	fs.StringVar(&f.mail.BaseURL, "public-url", env.getenv("DAOTAO_PUBLIC_URL"), "the site's address, for links in e-mails (env DAOTAO_PUBLIC_URL)")
	fs.DurationVar(&f.tick, "tick", envDuration(env, "DAOTAO_TICK", time.Minute), "how often deadlines are scanned, sittings completed and e-mail sent (env DAOTAO_TICK)")
	f.mail.Password = env.getenv("DAOTAO_SMTP_PASSWORD")
}

func envDuration(env environment, key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(env.getenv(key)); err == nil && d > 0 {
		return d
	}
	return def
}

// runWorkflow waits until the server has caught up, then runs Tick at once
// (completing what a crash left of a sitting's resolution) and on every
// tick until ctx ends.
func (a *app) runWorkflow(ctx context.Context, f workflowFlags, log *slog.Logger) {
	for !a.srv.Ready() {
		select {
		case <-ctx.Done():
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
	if f.mail.Enabled() {
		log.Info("e-mail notifications on", "smtp", f.mail.String())
	}
	t := time.NewTicker(max(f.tick, time.Second))
	defer t.Stop()
	for {
		if err := a.srv.Tick(ctx, time.Now(), f.mail); err != nil && ctx.Err() == nil {
			log.Warn("workflow tick", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
