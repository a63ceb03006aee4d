package family

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// bucket is one family's two keys in the KV bucket: NAME.tokens, the
// record, and NAME.lease, held by the replica refreshing.
type bucket struct {
	js        jetstream.JetStream
	kv        jetstream.KeyValue
	codec     sealer
	tokens    string // key
	lease     string // key
	subject   string // where the tokens key's values are published
	leaseTTL  time.Duration
	msgPrefix string
	// opTimeout bounds each operation, so that one lost to a server going
	// away (its answer never comes) is tried again in time.
	opTimeout time.Duration
}

// markerTTL is how long the bucket keeps the tombstone of an expired
// lease: watchers see it as a purge.
const markerTTL = time.Minute

// openBucket binds the bucket, creating it if it does not exist. An
// existing bucket must allow per-key TTLs, which leases need.
func openBucket(ctx context.Context, js jetstream.JetStream, cfg config) (jetstream.KeyValue, error) {
	kv, err := js.KeyValue(ctx, cfg.bucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		kv, err = js.CreateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket:         cfg.bucket,
			Description:    "rxepic token families",
			History:        1,
			Storage:        jetstream.FileStorage,
			Replicas:       cfg.replicas,
			LimitMarkerTTL: markerTTL,
		})
		if errors.Is(err, jetstream.ErrBucketExists) {
			kv, err = js.KeyValue(ctx, cfg.bucket)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("family: binding the bucket %s: %w", cfg.bucket, err)
	}
	st, err := kv.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("family: reading the bucket %s: %w", cfg.bucket, err)
	}
	if st.LimitMarkerTTL() < time.Second {
		return nil, fmt.Errorf("family: the bucket %s has no LimitMarkerTTL of 1s or more, which the lease's TTL needs", cfg.bucket)
	}
	return kv, nil
}

func newBucket(js jetstream.JetStream, kv jetstream.KeyValue, name string, codec sealer, leaseTTL time.Duration) *bucket {
	return &bucket{
		js:        js,
		kv:        kv,
		codec:     codec,
		tokens:    name + ".tokens",
		lease:     name + ".lease",
		subject:   "$KV." + kv.Bucket() + "." + name + ".tokens",
		leaseTTL:  leaseTTL,
		msgPrefix: "rxepic-family:" + kv.Bucket() + ":" + name,
		opTimeout: min(max(leaseTTL/4, 250*time.Millisecond), 2*time.Second),
	}
}

// read returns the family's record; a snapshot of revision 0 if it has
// none. The read may be stale: a write's compare-and-swap decides.
func (b *bucket) read(ctx context.Context) (snapshot, error) {
	ctx, cancel := context.WithTimeout(ctx, b.opTimeout)
	defer cancel()
	e, err := b.kv.Get(ctx, b.tokens)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return snapshot{status: statusSignedOut}, nil
	}
	if err != nil {
		return snapshot{}, err
	}
	return b.codec.decode(e.Value(), e.Revision())
}

// write stores s if the record is still at revision rev (0: if there is
// none), and returns the new revision. id names the write: JetStream
// drops a resend with the same message id within its window, answering
// as for the first.
func (b *bucket) write(ctx context.Context, s snapshot, rev uint64, id string) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, b.opTimeout)
	defer cancel()
	s.write = id
	msg := nats.NewMsg(b.subject)
	msg.Data = b.codec.encode(s)
	ack, err := b.js.PublishMsg(ctx, msg, jetstream.WithExpectLastSequencePerSubject(rev), jetstream.WithMsgID(b.msgPrefix+":"+id))
	if err != nil {
		return 0, err
	}
	return ack.Sequence, nil
}

// writeRetrying is write, sent again with the same id after any error
// but a conflict, until ctx ends; it returns the last error that was not
// a timeout. A conflict is this write's own when the record is the one it
// stored: a lone server checks the revision before the message id, so it
// answers a resend with a conflict, where a cluster answers a duplicate.
func (b *bucket) writeRetrying(ctx context.Context, s snapshot, rev uint64, id string, pause time.Duration) (uint64, error) {
	var last error
	for {
		seq, err := b.write(ctx, s, rev, id)
		if err == nil {
			return seq, nil
		}
		if conflict(err) {
			if cur, rerr := b.read(ctx); rerr == nil && cur.write == id {
				return cur.rev, nil
			}
			return 0, err
		}
		if !errors.Is(err, context.DeadlineExceeded) || last == nil {
			last = err
		}
		t := time.NewTimer(pause)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return 0, last
		}
	}
}

// takeLease creates the lease with holder as its value and the lease
// TTL, and returns its revision. A lease held by another fails with an
// error conflict recognises; one found holding holder is this ask's own
// (a first Create whose answer was lost).
func (b *bucket) takeLease(ctx context.Context, holder string) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, b.opTimeout)
	defer cancel()
	rev, err := b.kv.Create(ctx, b.lease, []byte(holder), jetstream.KeyTTL(b.leaseTTL))
	if err == nil || !conflict(err) {
		return rev, err
	}
	if e, gerr := b.kv.Get(ctx, b.lease); gerr == nil && string(e.Value()) == holder {
		return e.Revision(), nil
	}
	return 0, err
}

// releaseLease deletes the lease if it is still the one taken at rev.
func (b *bucket) releaseLease(ctx context.Context, rev uint64) error {
	ctx, cancel := context.WithTimeout(ctx, b.opTimeout)
	defer cancel()
	return b.kv.Delete(ctx, b.lease, jetstream.LastRevision(rev))
}

// conflict reports whether err is a compare-and-swap that lost: the key
// exists, or its revision moved. Replicated streams answer with another
// code than single ones.
func conflict(err error) bool {
	if errors.Is(err, jetstream.ErrKeyExists) || errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
		return true
	}
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) &&
		(apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence || apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant)
}

// msgID names one write of a family: its generation and attempt, who
// wrote it and what it is, so that only a resend of that write is taken
// for a duplicate.
func msgID(s snapshot, who, what string) string {
	return strings.Join([]string{fmt.Sprint(s.gen), fmt.Sprint(s.attempt), who, what}, ":")
}
