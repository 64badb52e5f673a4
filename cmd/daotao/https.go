package main

import (
	"crypto/tls"
	"flag"
	"fmt"
)

// httpsFlags make serve answer HTTPS itself, for a deployment without a
// TLS-terminating proxy in front.
type httpsFlags struct {
	cert, key string
}

func (h *httpsFlags) register(fs *flag.FlagSet, env environment) {
	fs.StringVar(&h.cert, "tls-cert", env.getenv("DAOTAO_TLS_CERT"), "PEM certificate (chain) to serve HTTPS with, with --tls-key (env DAOTAO_TLS_CERT)")
	fs.StringVar(&h.key, "tls-key", env.getenv("DAOTAO_TLS_KEY"), "PEM private key of --tls-cert (env DAOTAO_TLS_KEY)")
}

// config loads the key pair, so that a wrong file stops serve before it
// opens the event log. It returns nil for plain HTTP.
func (h *httpsFlags) config() (*tls.Config, error) {
	if h.cert == "" && h.key == "" {
		return nil, nil
	}
	if h.cert == "" || h.key == "" {
		return nil, usageError{"--tls-cert and --tls-key go together"}
	}
	pair, err := tls.LoadX509KeyPair(h.cert, h.key)
	if err != nil {
		return nil, fmt.Errorf("load --tls-cert/--tls-key: %w", err)
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{pair}}, nil
}
