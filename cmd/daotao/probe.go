package main

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// probe asks URL once and succeeds on a 2xx answer: the health check of a
// container image that has no shell, curl or wget (distroless). An https
// URL is checked against the system roots, or SSL_CERT_FILE.
func probe(ctx context.Context, env environment, args []string) error {
	fs := newFlagSet(env, "probe")
	timeout := fs.Duration("timeout", 3*time.Second, "give up after this long")
	if err := fs.Parse(args); err != nil {
		return err
	}
	url := "http://127.0.0.1:8080/readyz"
	switch fs.NArg() {
	case 0:
	case 1:
		url = fs.Arg(0)
	default:
		return usageError{"usage: daotao probe [--timeout 3s] [URL]"}
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return usageError{fmt.Sprintf("probe: %v", err)}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("probe %s: %w", url, err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("probe %s: %s", url, resp.Status)
	}
	return nil
}
