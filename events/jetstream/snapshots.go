package jetstream

import (
	"context"
	"errors"
	"time"

	natsjs "github.com/nats-io/nats.go/jetstream"
)

// Projection snapshots live in an object store bucket next to the event
// stream, named after it (DAOTAO_SNAPSHOTS for the stream DAOTAO), on
// file storage with the stream's replica count. Unlike the event stream,
// the bucket may lose and replace objects: a snapshot is only a shortcut
// for replaying the log, which stays the source of truth.

// snapshotTimeout bounds one snapshot transfer, which may be hundreds of
// megabytes.
const snapshotTimeout = 2 * time.Minute

// snapshotInFlight bounds the chunks of a snapshot published and not yet
// acknowledged. nats.go's default (4,000 chunks of 128 KiB) outruns the
// server's ingest queue with a snapshot of a few hundred megabytes, which
// then answers 429 "too many requests".
const snapshotInFlight = 64

// SnapshotBucket is the name of the object store bucket of the snapshots
// of stream.
func SnapshotBucket(stream string) string { return stream + "_SNAPSHOTS" }

// snapshots returns the bucket, creating it on first use.
func (s *Store) snapshots(ctx context.Context) (natsjs.ObjectStore, error) {
	s.snapMu.Lock()
	defer s.snapMu.Unlock()
	if s.snapBucket != nil {
		return s.snapBucket, nil
	}
	ctx, cancel := s.requestCtx(ctx)
	defer cancel()
	js, err := natsjs.New(s.js.Conn(), natsjs.WithDefaultTimeout(s.cfg.Timeout), natsjs.WithPublishAsyncMaxPending(snapshotInFlight))
	if err != nil {
		return nil, unavailable("snapshot bucket", err)
	}
	name := SnapshotBucket(s.cfg.Stream)
	obs, err := js.ObjectStore(ctx, name)
	if errors.Is(err, natsjs.ErrBucketNotFound) {
		obs, err = js.CreateObjectStore(ctx, natsjs.ObjectStoreConfig{Bucket: name,
			Description: "daotao projection snapshots: a shortcut for replaying " + s.cfg.Stream,
			Storage:     natsjs.FileStorage, Replicas: s.cfg.Replicas})
	}
	if err != nil {
		return nil, unavailable("snapshot bucket "+name, err)
	}
	s.snapBucket = obs
	return obs, nil
}

// PutSnapshot stores data as the snapshot name, replacing one of that
// name.
func (s *Store) PutSnapshot(ctx context.Context, name string, data []byte) error {
	obs, err := s.snapshots(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, snapshotTimeout)
	defer cancel()
	if _, err := obs.PutBytes(ctx, name, data); err != nil {
		return unavailable("put snapshot "+name, err)
	}
	return nil
}

// GetSnapshot returns the bytes of the snapshot name. The object store
// checks them against the digest it stored with them.
func (s *Store) GetSnapshot(ctx context.Context, name string) ([]byte, error) {
	obs, err := s.snapshots(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, snapshotTimeout)
	defer cancel()
	data, err := obs.GetBytes(ctx, name)
	if err != nil {
		return nil, unavailable("get snapshot "+name, err)
	}
	return data, nil
}

// SnapshotNames lists the stored snapshots.
func (s *Store) SnapshotNames(ctx context.Context) ([]string, error) {
	obs, err := s.snapshots(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := s.requestCtx(ctx)
	defer cancel()
	infos, err := obs.List(ctx)
	if errors.Is(err, natsjs.ErrNoObjectsFound) {
		return nil, nil
	}
	if err != nil {
		return nil, unavailable("list snapshots", err)
	}
	names := make([]string, 0, len(infos))
	for _, in := range infos {
		names = append(names, in.Name)
	}
	return names, nil
}

// DeleteSnapshot removes the snapshot name.
func (s *Store) DeleteSnapshot(ctx context.Context, name string) error {
	obs, err := s.snapshots(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := s.requestCtx(ctx)
	defer cancel()
	if err := obs.Delete(ctx, name); err != nil && !errors.Is(err, natsjs.ErrObjectNotFound) {
		return unavailable("delete snapshot "+name, err)
	}
	return nil
}
