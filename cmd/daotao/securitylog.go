package main

import (
	"fmt"
	"log/slog"
	"os"
)

// openSecurityLog opens the security log of serve --security-log: JSON
// records appended to the file at path, created readable by its owner
// only. An empty path gives a nil logger, which makes the server write
// the records to its main log with log=security. The returned function
// closes the file; it is never nil.
func openSecurityLog(path string) (*slog.Logger, func(), error) {
	if path == "" {
		return nil, func() {}, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("--security-log: %w", err)
	}
	return slog.New(slog.NewJSONHandler(f, nil)), func() { _ = f.Close() }, nil
}
