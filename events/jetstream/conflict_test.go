package jetstream

import (
	"errors"
	"fmt"
	"testing"

	natsjs "github.com/nats-io/nats.go/jetstream"
)

func TestIsConflict(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"single server 10071", &natsjs.APIError{Code: 400, ErrorCode: 10071}, true},
		{"clustered 10164", &natsjs.APIError{Code: 400, ErrorCode: 10164}, true},
		{"wrapped as nats.go does", fmt.Errorf("nats: %w", &natsjs.APIError{ErrorCode: 10071}), true},
		{"other API error", &natsjs.APIError{Code: 503, ErrorCode: 10008}, false},
		{"stream not found", natsjs.ErrStreamNotFound, false},
		{"timeout", errors.New("nats: timeout"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isConflict(tt.err); got != tt.want {
				t.Errorf("isConflict(%v) = %v; want %v", tt.err, got, tt.want)
			}
		})
	}
}
