package main

import (
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
)

// backendFlags are the flags every command that touches the event log has.
type backendFlags struct {
	data       string
	natsURL    string
	natsCreds  string
	natsAuth   natsAuth // natsauth.go
	replicas   int
	natsListen string
}

// newFlagSet returns a flag set whose defaults come from DAOTAO_* variables.
func newFlagSet(env environment, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	return fs
}

func (b *backendFlags) register(fs *flag.FlagSet, env environment) {
	fs.StringVar(&b.data, "data", envOr(env, "DAOTAO_DATA", "./data"), "data folder of the embedded NATS server (env DAOTAO_DATA)")
	fs.StringVar(&b.natsURL, "nats-url", env.getenv("DAOTAO_NATS_URL"), "external NATS server or cluster, comma-separated URLs; empty: embedded server (env DAOTAO_NATS_URL)")
	fs.StringVar(&b.natsCreds, "nats-creds", env.getenv("DAOTAO_NATS_CREDS"), "credentials file (JWT + NKey) for --nats-url (env DAOTAO_NATS_CREDS)")
	fs.IntVar(&b.replicas, "replicas", envInt(env, "DAOTAO_REPLICAS", 1), "stream replicas when the stream is created: 1 or 3 (env DAOTAO_REPLICAS)")
	fs.StringVar(&b.natsListen, "nats-listen", env.getenv("DAOTAO_NATS_LISTEN"), "expose the embedded NATS server on HOST:PORT for ops tools (env DAOTAO_NATS_LISTEN)")
	b.natsAuth.register(fs, env)
}

func (b *backendFlags) validate() error {
	if b.replicas != 1 && b.replicas != 3 && b.replicas != 5 {
		return usageError{fmt.Sprintf("--replicas must be 1, 3 or 5, not %d", b.replicas)}
	}
	if b.natsURL == "" && b.data == "" {
		return usageError{"--data is required with the embedded server"}
	}
	if b.natsURL != "" && b.natsListen != "" {
		return usageError{"--nats-listen applies to the embedded server only, not with --nats-url"}
	}
	return b.natsAuth.validate(b.natsURL != "", b.natsCreds)
}

func envOr(env environment, key, def string) string {
	if v := env.getenv(key); v != "" {
		return v
	}
	return def
}

func envInt(env environment, key string, def int) int {
	if n, err := strconv.Atoi(env.getenv(key)); err == nil {
		return n
	}
	return def
}

func envBool(env environment, key string) bool {
	v, _ := strconv.ParseBool(env.getenv(key))
	return v
}

// newLogger returns the process logger: text or JSON on stderr.
func newLogger(env environment) *slog.Logger {
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(envOr(env, "DAOTAO_LOG_LEVEL", "info")))
	opts := &slog.HandlerOptions{Level: level}
	if strings.EqualFold(env.getenv("DAOTAO_LOG_FORMAT"), "json") {
		return slog.New(slog.NewJSONHandler(env.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(env.stderr, opts))
}
