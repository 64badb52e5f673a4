package events

import (
	"context"
	"errors"
)

// Attachments stores documents by content address: the lowercase hex
// SHA-256 of their bytes. An object is written once and never changed, so
// an event that names a hash names exactly those bytes.
type Attachments interface {
	// PutAttachment stores data under sha (which the caller computed from
	// data) with its media type; storing a hash already present is a
	// no-op.
	PutAttachment(ctx context.Context, sha, contentType string, data []byte) error
	// GetAttachment returns the bytes and media type stored under sha, or
	// ErrAttachmentNotFound.
	GetAttachment(ctx context.Context, sha string) ([]byte, string, error)
}

// ErrAttachmentNotFound is returned for a hash with no stored object.
var ErrAttachmentNotFound = errors.New("attachment not found")
