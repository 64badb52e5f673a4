// Command daotao runs the training-programme workflow system of Đề án
// 7328/ĐA-UBND: an event-sourced approval system on NATS JetStream.
//
//	daotao serve [--data DIR] [--addr HOST:PORT] [--nats-url URL] [--demo]
//	daotao users add --username U --role ROLE [--agency CODE] --password-stdin
//	daotao officials import FILE --username U [--commit [--partial]]
//	daotao baseline check [--file baseline.json]
//	daotao version
//
// Flags may also be given as DAOTAO_* environment variables (DAOTAO_DATA,
// DAOTAO_ADDR, DAOTAO_NATS_URL, ...); a flag wins over the environment.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signalContext()
	defer stop()
	env := environment{args: os.Args[1:], getenv: os.Getenv, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	os.Exit(run(ctx, env))
}

// signalContext is cancelled by Ctrl-C or SIGTERM.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// environment is everything the program takes from its process, so that
// tests can run it in-process.
type environment struct {
	args   []string
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

const usage = `daotao — hệ thống quản lý cử đi đào tạo, bồi dưỡng (Đề án 7328/ĐA-UBND)

Usage:
  daotao serve      [--data DIR] [--addr HOST:PORT] [--demo] [--nats-url URL] [--replicas N] [--nats-listen HOST:PORT]
                    [--tls-cert FILE --tls-key FILE] [--metrics-allow CIDRS] [--nats-tls-ca FILE] [--nats-user U] ...
  daotao users add  [--data DIR | --nats-url URL] --username U --role ROLE [--agency CODE] --password-stdin
  daotao officials import FILE --username U [--data DIR | --nats-url URL] [--commit [--partial]]
                    check a roster (CSV/XLSX) row by row; --commit imports it (exit 1 on invalid rows)
  daotao demo       [--data DIR | --nats-url URL]    create the demo roster, accounts and nominations
  daotao check      [--data DIR | --nats-url URL]    check every invariant over the whole log (exit 1 on a violation)
  daotao bench      --scale province|national --out bench.json    measure against raw JetStream
  daotao baseline check [--file baseline.json]    list the inconsistencies of Tables 1–6 (exit 0)
  daotao verify     [--data DIR | --nats-url URL | --bundle FILE] [--expect-root HEX]
                    recompute the hash chain, check sequences, envelopes and seals (exit 1 naming the first bad event)
  daotao export     [--data DIR | --nats-url URL] [--until YYYY-MM-DD|TIME|seq:N] --out bundle.tar.gz
                    write the auditors' offline bundle (events, seals, manifest, README)
  daotao import     [--data NEWDIR | --nats-url URL] --bundle bundle.tar.gz
                    restore a verified bundle into an empty event stream
  daotao replay     [--data DIR | --nats-url URL | --bundle FILE] [--as-of YYYY-MM-DD|TIME|seq:N] [--report NAME] [--format json|csv]
                    print reports as of a point, deterministically, with their SHA-256
  daotao probe      [URL]     exit 0 if URL (default http://127.0.0.1:8080/readyz) answers 2xx: a container health check
  daotao version

Run "daotao COMMAND -h" for the flags of a command.
`

// run executes one command and returns the process exit code.
func run(ctx context.Context, env environment) int {
	if len(env.args) == 0 {
		fmt.Fprint(env.stderr, usage)
		return 2
	}
	var err error
	switch cmd, rest := env.args[0], env.args[1:]; cmd {
	case "serve":
		err = serve(ctx, env, rest)
	case "users":
		err = users(ctx, env, rest)
	case "officials":
		err = officials(ctx, env, rest)
	case "baseline":
		err = baselineCommand(env, rest)
	case "check":
		err = check(ctx, env, rest)
	case "demo":
		err = demoCommand(ctx, env, rest)
	case "bench":
		err = benchCommand(ctx, env, rest)
	case "verify":
		err = verifyCommand(ctx, env, rest)
	case "export":
		err = exportCommand(ctx, env, rest)
	case "import":
		err = importCommand(ctx, env, rest)
	case "replay":
		err = replayCommand(ctx, env, rest)
	case "probe":
		err = probe(ctx, env, rest)
	case "version":
		_, err = fmt.Fprintln(env.stdout, version)
	case "help", "-h", "--help":
		fmt.Fprint(env.stdout, usage)
	default:
		fmt.Fprintf(env.stderr, "daotao: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	return exitCode(env, err)
}

func exitCode(env environment, err error) int {
	var u usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &u):
		fmt.Fprintf(env.stderr, "daotao: %v\n", err)
		return 2
	}
	fmt.Fprintf(env.stderr, "daotao: %v\n", err)
	return 1
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
