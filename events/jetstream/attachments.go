package jetstream

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"

	"daotao/events"
)

// Attachments of nominations live in an object store bucket next to the
// event stream (DAOTAO_ATTACHMENTS for the stream DAOTAO), on file storage
// with the stream's replica count. Each object is named by the SHA-256 of
// its content and written once; events pin documents by that hash.

// attachmentTimeout bounds one transfer of an attachment.
const attachmentTimeout = time.Minute

// AttachmentBucket is the name of the object store bucket of the
// attachments of stream.
func AttachmentBucket(stream string) string { return stream + "_ATTACHMENTS" }

var _ events.Attachments = (*Store)(nil)

// EnsureAttachments creates the attachments bucket if it does not exist;
// the server setup calls it so the bucket exists before the first upload.
func (s *Store) EnsureAttachments(ctx context.Context) error {
	_, err := s.attachments(ctx)
	return err
}

// attachments returns the bucket, creating it on first use.
func (s *Store) attachments(ctx context.Context) (natsjs.ObjectStore, error) {
	s.attMu.Lock()
	defer s.attMu.Unlock()
	if s.attBucket != nil {
		return s.attBucket, nil
	}
	ctx, cancel := s.requestCtx(ctx)
	defer cancel()
	name := AttachmentBucket(s.cfg.Stream)
	obs, err := s.js.ObjectStore(ctx, name)
	if errors.Is(err, natsjs.ErrBucketNotFound) {
		obs, err = s.js.CreateObjectStore(ctx, natsjs.ObjectStoreConfig{Bucket: name,
			Description: "daotao attachments by SHA-256, referenced by events of " + s.cfg.Stream,
			Storage:     natsjs.FileStorage, Replicas: s.cfg.Replicas})
	}
	if err == nil {
		err = awaitBucket(ctx, obs)
	}
	if err != nil {
		return nil, unavailable("attachment bucket "+name, err)
	}
	s.attBucket = obs
	return obs, nil
}

// awaitBucket waits until obs answers reads. A bucket just created on a
// cluster has no responder for its direct reads until its stream has
// elected a leader (measured: "no responders" for the first read within a
// second of creating an R3 bucket); asking for an object that does not
// exist tells when it does.
func awaitBucket(ctx context.Context, obs natsjs.ObjectStore) error {
	wait := 10 * time.Millisecond
	for {
		_, err := obs.GetInfo(ctx, "daotao-ready-probe")
		switch {
		case errors.Is(err, natsjs.ErrObjectNotFound), err == nil:
			return nil
		case !errors.Is(err, nats.ErrNoResponders):
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("bucket not ready: %w", err)
		case <-time.After(wait):
		}
		wait = min(2*wait, 250*time.Millisecond)
	}
}

// PutAttachment stores data under sha unless an object of that name is
// already there. It refuses data whose SHA-256 is not sha.
func (s *Store) PutAttachment(ctx context.Context, sha, contentType string, data []byte) error {
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != sha {
		return fmt.Errorf("attachment: content does not hash to %s", sha)
	}
	obs, err := s.attachments(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, attachmentTimeout)
	defer cancel()
	if _, err := obs.GetInfo(ctx, sha); err == nil {
		return nil
	} else if !errors.Is(err, natsjs.ErrObjectNotFound) {
		return unavailable("attachment info "+sha, err)
	}
	meta := natsjs.ObjectMeta{Name: sha, Headers: nats.Header{"Content-Type": []string{contentType}}}
	if _, err := obs.Put(ctx, meta, bytes.NewReader(data)); err != nil {
		return unavailable("put attachment "+sha, err)
	}
	return nil
}

// GetAttachment returns the bytes and media type of the attachment sha.
// The object store checks the bytes against the digest it stored.
func (s *Store) GetAttachment(ctx context.Context, sha string) ([]byte, string, error) {
	obs, err := s.attachments(ctx)
	if err != nil {
		return nil, "", err
	}
	ctx, cancel := context.WithTimeout(ctx, attachmentTimeout)
	defer cancel()
	res, err := obs.Get(ctx, sha)
	if errors.Is(err, natsjs.ErrObjectNotFound) {
		return nil, "", events.ErrAttachmentNotFound
	}
	if err != nil {
		return nil, "", unavailable("get attachment "+sha, err)
	}
	defer res.Close()
	data, err := io.ReadAll(res)
	if err != nil {
		return nil, "", unavailable("read attachment "+sha, err)
	}
	info, _ := res.Info()
	ct := ""
	if info != nil && info.Headers != nil {
		ct = info.Headers.Get("Content-Type")
	}
	return data, ct, nil
}
