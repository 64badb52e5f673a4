package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/nats-io/nats.go"
)

// natsAuth is how daotao proves itself to an external NATS server and
// checks the server: TLS (a private CA, a client certificate for mutual
// TLS) and one kind of credentials besides --nats-creds: an NKey seed, or
// a user whose password comes from the environment only, never a flag,
// which any user of the machine could read in the process list.
type natsAuth struct {
	ca, cert, key string
	nkey          string
	user          string
	password      string // DAOTAO_NATS_PASSWORD
}

func (a *natsAuth) register(fs *flag.FlagSet, env environment) {
	fs.StringVar(&a.ca, "nats-tls-ca", env.getenv("DAOTAO_NATS_TLS_CA"), "PEM file of the CA that signed the NATS servers' certificates (env DAOTAO_NATS_TLS_CA)")
	fs.StringVar(&a.cert, "nats-tls-cert", env.getenv("DAOTAO_NATS_TLS_CERT"), "client certificate for mutual TLS with NATS, with --nats-tls-key (env DAOTAO_NATS_TLS_CERT)")
	fs.StringVar(&a.key, "nats-tls-key", env.getenv("DAOTAO_NATS_TLS_KEY"), "private key of --nats-tls-cert (env DAOTAO_NATS_TLS_KEY)")
	fs.StringVar(&a.nkey, "nats-nkey", env.getenv("DAOTAO_NATS_NKEY"), "file holding the NKey seed to authenticate to NATS with (env DAOTAO_NATS_NKEY)")
	fs.StringVar(&a.user, "nats-user", env.getenv("DAOTAO_NATS_USER"), "NATS user; the password is read from DAOTAO_NATS_PASSWORD only (env DAOTAO_NATS_USER)")
	a.password = env.getenv("DAOTAO_NATS_PASSWORD")
}

// validate checks the settings against the rest of the backend flags.
func (a *natsAuth) validate(external bool, creds string) error {
	if !external && (a.ca != "" || a.cert != "" || a.key != "" || a.nkey != "" || a.user != "" || creds != "") {
		return usageError{"--nats-tls-*, --nats-creds, --nats-nkey and --nats-user apply to --nats-url only, not to the embedded server"}
	}
	if (a.cert == "") != (a.key == "") {
		return usageError{"--nats-tls-cert and --nats-tls-key go together"}
	}
	if (a.user == "") != (a.password == "") {
		return usageError{"--nats-user (or DAOTAO_NATS_USER) and DAOTAO_NATS_PASSWORD go together"}
	}
	kinds := 0
	for _, set := range []bool{creds != "", a.nkey != "", a.user != ""} {
		if set {
			kinds++
		}
	}
	if kinds > 1 {
		return usageError{"give one kind of NATS credentials: --nats-creds, --nats-nkey or --nats-user"}
	}
	return nil
}

// options returns the nats.Options for the settings and creds (the
// --nats-creds file, may be empty). TLS is at least version 1.2.
func (a *natsAuth) options(creds string) ([]nats.Option, error) {
	var opts []nats.Option
	if a.ca != "" || a.cert != "" {
		opts = append(opts, nats.Secure(&tls.Config{MinVersion: tls.VersionTLS12}))
	}
	if a.ca != "" {
		opts = append(opts, nats.RootCAs(a.ca))
	}
	if a.cert != "" {
		opts = append(opts, nats.ClientCert(a.cert, a.key))
	}
	switch {
	case creds != "":
		opts = append(opts, nats.UserCredentials(creds))
	case a.nkey != "":
		o, err := nats.NkeyOptionFromSeed(a.nkey)
		if err != nil {
			return nil, fmt.Errorf("--nats-nkey: %w", err)
		}
		opts = append(opts, o)
	case a.user != "":
		opts = append(opts, nats.UserInfo(a.user, a.password))
	}
	return opts, nil
}

// explain turns a failed connection into an error that says what to check.
// It never includes the password.
func (a *natsAuth) explain(err error, creds string) error {
	var unknownCA x509.UnknownAuthorityError
	var hostname x509.HostnameError
	switch {
	case errors.Is(err, nats.ErrAuthorization), errors.Is(err, nats.ErrAuthExpired), errors.Is(err, nats.ErrAuthRevoked):
		return fmt.Errorf("connect to NATS: the server refused %s: %w", a.credentials(creds), err)
	case errors.As(err, &unknownCA):
		return fmt.Errorf("connect to NATS: the server's certificate is not signed by a CA daotao trusts (give its CA with --nats-tls-ca): %w", err)
	case errors.As(err, &hostname):
		return fmt.Errorf("connect to NATS: the server's certificate is not valid for the host in --nats-url: %w", err)
	case strings.Contains(err.Error(), "certificate required"), strings.Contains(err.Error(), "bad certificate"):
		return fmt.Errorf("connect to NATS: the server requires a client certificate it accepts (--nats-tls-cert, --nats-tls-key): %w", err)
	case a.cert == "" && strings.Contains(err.Error(), "closed by remote after TLS handshake"):
		// TLS 1.3 reports a missing client certificate this way when the
		// server's alert loses the race with the close.
		return fmt.Errorf("connect to NATS: the server closed the connection after the TLS handshake; it probably requires a client certificate (--nats-tls-cert, --nats-tls-key): %w", err)
	}
	return fmt.Errorf("connect to NATS: %w", err)
}

// credentials describes, for an error message, what daotao presented.
func (a *natsAuth) credentials(creds string) string {
	switch {
	case creds != "":
		return "the credentials file " + creds + " (--nats-creds)"
	case a.nkey != "":
		return "the NKey in " + a.nkey + " (--nats-nkey)"
	case a.user != "":
		return fmt.Sprintf("user %q with the password from DAOTAO_NATS_PASSWORD", a.user)
	}
	return "a connection without credentials (set --nats-creds, --nats-nkey or --nats-user with DAOTAO_NATS_PASSWORD)"
}
