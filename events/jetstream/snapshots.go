package jetstream

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
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

// snapshotPart is the size of the objects a snapshot is stored in. An
// object store Put publishes all of an object's chunks before waiting for
// their acknowledgements; a snapshot of a few hundred megabytes in one
// object overruns the stream's ingest queue (128 MiB in nats-server
// 2.15.2), which answers 429 "too many requests". Parts bound what is in
// flight.
const snapshotPart = 16 << 20

// A snapshot named N is stored as the objects "N.part-000", "N.part-001",
// ... and last the object N, which holds the number of parts: a snapshot
// is listed only once all of it is stored.
const partSep = ".part-"

// snapshotChunk is the size of the messages a part is stored in: four
// times nats.go's default, so that reading a snapshot back takes a
// quarter of the messages; well under the servers' 1 MiB max_payload.
const snapshotChunk = 512 << 10

func partName(name string, i int) string { return fmt.Sprintf("%s%s%03d", name, partSep, i) }

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
	name := SnapshotBucket(s.cfg.Stream)
	obs, err := s.js.ObjectStore(ctx, name)
	if errors.Is(err, natsjs.ErrBucketNotFound) {
		obs, err = s.js.CreateObjectStore(ctx, natsjs.ObjectStoreConfig{Bucket: name,
			Description: "daotao projection snapshots: a shortcut for replaying " + s.cfg.Stream,
			Storage:     natsjs.FileStorage, Replicas: s.cfg.Replicas})
	}
	if err == nil {
		err = awaitBucket(ctx, obs)
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
	parts := 0
	for off := 0; off < len(data) || parts == 0; off += snapshotPart {
		part := data[off:min(off+snapshotPart, len(data))]
		meta := natsjs.ObjectMeta{Name: partName(name, parts), Opts: &natsjs.ObjectMetaOptions{ChunkSize: snapshotChunk}}
		if _, err := obs.Put(ctx, meta, bytes.NewReader(part)); err != nil {
			return unavailable("put snapshot "+name, err)
		}
		parts++
	}
	if _, err := obs.PutBytes(ctx, name, []byte(strconv.Itoa(parts))); err != nil {
		return unavailable("put snapshot "+name, err)
	}
	return nil
}

// GetSnapshot returns the bytes of the snapshot name, checked against the
// digests the object store keeps with its parts.
func (s *Store) GetSnapshot(ctx context.Context, name string) ([]byte, error) {
	var data []byte
	err := s.ReadSnapshot(ctx, name, func(n int) []byte { data = make([]byte, n); return data }, func(int, int) {})
	if err != nil {
		return nil, err
	}
	return data, nil
}

// snapshotFetchers is how many parts of a snapshot are fetched at once.
var snapshotFetchers = 4

// ReadSnapshot reads the snapshot name into one buffer of its whole size,
// which it gets from alloc once the parts' sizes are known, so that a
// reader may use the bytes as they arrive: parts are fetched a few at a
// time, each straight into its place, and filled(off, n) is called each
// time the bytes [off, off+n) of the buffer have arrived — from several
// goroutines at once, each part in order from its start. It returns once
// every part has arrived and matched the digest the object store keeps
// with it, or with the first error (then some bytes may never arrive).
func (s *Store) ReadSnapshot(ctx context.Context, name string, alloc func(size int) []byte, filled func(off, n int)) error {
	obs, err := s.snapshots(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, snapshotTimeout)
	defer cancel()
	head, err := obs.GetBytes(ctx, name)
	if err != nil {
		return unavailable("get snapshot "+name, err)
	}
	parts, err := strconv.Atoi(string(head))
	if err != nil || parts < 1 {
		return fmt.Errorf("jetstream: snapshot %s: %q is not a number of parts", name, head)
	}
	offs := make([]int, parts+1)
	infos := make([]*natsjs.ObjectInfo, parts)
	for i := range parts {
		if infos[i], err = obs.GetInfo(ctx, partName(name, i)); err != nil {
			return unavailable("get snapshot "+partName(name, i), err)
		}
		offs[i+1] = offs[i] + int(infos[i].Size)
	}
	buf := alloc(offs[parts])
	if len(buf) != offs[parts] {
		return fmt.Errorf("jetstream: snapshot %s: a buffer of %d bytes for %d", name, len(buf), offs[parts])
	}
	errs := make([]error, parts)
	sem := make(chan struct{}, snapshotFetchers)
	var wg sync.WaitGroup
	for i := range parts {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if ctx.Err() != nil {
				errs[i] = unavailable("get snapshot "+partName(name, i), ctx.Err())
				return
			}
			if errs[i] = s.readPart(ctx, infos[i], buf[offs[i]:offs[i+1]], offs[i], filled); errs[i] != nil {
				cancel() // the snapshot is not usable: the other parts are not needed
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// readPart reads the object of info, of exactly len(dst) bytes, into dst,
// which is at off in the snapshot: its chunks straight from the bucket's
// stream with an ordered pull consumer (the object store's own reader
// hands them over through a pipe that a cancelled read may wait on until
// its deadline), checked against the object's digest.
func (s *Store) readPart(ctx context.Context, info *natsjs.ObjectInfo, dst []byte, off int, filled func(off, n int)) error {
	if int(info.Size) != len(dst) {
		return fmt.Errorf("jetstream: snapshot part %s: %d bytes, %d listed", info.Name, info.Size, len(dst))
	}
	want, err := natsjs.DecodeObjectDigest(info.Digest)
	if err != nil {
		return fmt.Errorf("jetstream: snapshot part %s: %w", info.Name, err)
	}
	h := sha256.New()
	if info.Chunks > 0 {
		stream := "OBJ_" + info.Bucket
		cc := natsjs.OrderedConsumerConfig{FilterSubjects: []string{"$O." + info.Bucket + ".C." + info.NUID},
			DeliverPolicy: natsjs.DeliverAllPolicy, MaxResetAttempts: resetAttempts, InactiveThreshold: idleConsumer}
		cons, err := s.js.OrderedConsumer(ctx, stream, cc)
		if err != nil {
			return unavailable("get snapshot "+info.Name, err)
		}
		defer s.dropConsumerOf(ctx, stream, cons)
		it, err := cons.Messages(natsjs.PullMaxMessagesWithBytesLimit(int(info.Chunks), snapshotPull), natsjs.PullHeartbeat(heartbeat))
		if err != nil {
			return unavailable("get snapshot "+info.Name, err)
		}
		defer it.Stop()
		got := 0
		for range info.Chunks {
			msg, err := it.Next(natsjs.NextContext(ctx))
			if ctx.Err() != nil {
				return unavailable("get snapshot "+info.Name, ctx.Err())
			}
			if err != nil {
				return unavailable("get snapshot "+info.Name, err)
			}
			data := msg.Data()
			if len(data) > len(dst)-got {
				return fmt.Errorf("jetstream: snapshot part %s is longer than its %d bytes", info.Name, len(dst))
			}
			copy(dst[got:], data)
			h.Write(data)
			filled(off+got, len(data))
			got += len(data)
		}
		if got != len(dst) {
			return fmt.Errorf("jetstream: snapshot part %s ends at %d of its %d bytes", info.Name, got, len(dst))
		}
	}
	if !bytes.Equal(h.Sum(nil), want) {
		return fmt.Errorf("jetstream: snapshot part %s: %w", info.Name, natsjs.ErrDigestMismatch)
	}
	return nil
}

// snapshotPull bounds the bytes a part's consumer asks for at once. What
// all the parts read at once have asked for must stay well under what the
// server lets wait for a connection (max_pending, 64 MiB by default): past
// it the server closes the connection as a slow consumer.
var snapshotPull = 4 << 20

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
		if !strings.Contains(in.Name, partSep) {
			names = append(names, in.Name)
		}
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
	// The head first, so that a snapshot half deleted is no longer listed.
	if err := obs.Delete(ctx, name); err != nil && !errors.Is(err, natsjs.ErrObjectNotFound) {
		return unavailable("delete snapshot "+name, err)
	}
	infos, err := obs.List(ctx)
	if err != nil && !errors.Is(err, natsjs.ErrNoObjectsFound) {
		return unavailable("list snapshots", err)
	}
	for _, in := range infos {
		if strings.HasPrefix(in.Name, name+partSep) {
			if err := obs.Delete(ctx, in.Name); err != nil && !errors.Is(err, natsjs.ErrObjectNotFound) {
				return unavailable("delete snapshot "+in.Name, err)
			}
		}
	}
	return nil
}
