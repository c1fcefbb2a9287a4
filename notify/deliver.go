package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"zhengzhi/warehouse"
)

// Sender delivers a notice on one channel. Its error text is stored with the
// attempt, so it must never hold a secret (a robot's token, a password).
type Sender interface {
	Send(ctx context.Context, n warehouse.Notice) error
}

// Limiter says how many notices a recipient may be sent a minute; 0 is no limit.
type Limiter func(n warehouse.Notice) int

// Outbox is the part of the warehouse the deliverer needs.
type Outbox interface {
	ClaimDueNotices(ctx context.Context, now time.Time, owner string, lease time.Duration, limit int) ([]warehouse.Notice, error)
	RecordAttempt(ctx context.Context, a warehouse.NoticeAttempt) error
	Postpone(ctx context.Context, id int64, next time.Time) error
	AttemptsSince(ctx context.Context, recipient string, since time.Time) (int, error)
}

// Deliverer sends the notices that are due, on any number of instances at once.
type Deliverer struct {
	Outbox Outbox
	// Senders by channel; a channel without one is left pending.
	Senders map[string]Sender
	// PerMinute is each recipient's rate limit.
	PerMinute Limiter
	// Now is the clock (a fake one in tests).
	Now func() time.Time
	// Owner names this instance in the claims it takes.
	Owner string
	// Ahead lets a pass take notices due within this time too: `notify
	// send`, run once by hand, does not leave behind those its spread put a
	// few seconds later.
	Ahead time.Duration
	// MaxAttempts is how many tries a notice gets before it is failed.
	MaxAttempts int
	// Backoff is the wait after the first failed try; it doubles after
	// each, up to MaxBackoff, give or take a fifth.
	Backoff, MaxBackoff time.Duration
	Log                 *slog.Logger
}

// Report counts what one pass did.
type Report struct {
	Sent, Retried, Failed, Postponed int
}

// DeliverDue makes one pass over the notices due now and returns what it did.
func (d *Deliverer) DeliverDue(ctx context.Context) (Report, error) {
	var rep Report
	for {
		now := d.Now()
		batch, err := d.Outbox.ClaimDueNotices(ctx, now.Add(d.Ahead), d.Owner, 2*time.Minute, 50)
		if err != nil {
			return rep, err
		}
		if len(batch) == 0 {
			return rep, nil
		}
		for _, n := range batch {
			if err := d.deliver(ctx, n, &rep); err != nil {
				return rep, err
			}
		}
	}
}

func (d *Deliverer) deliver(ctx context.Context, n warehouse.Notice, rep *Report) error {
	now := d.Now()
	sender, ok := d.Senders[n.Channel]
	if !ok {
		// Not this instance's channel (mail unconfigured): look again later.
		rep.Postponed++
		return d.Outbox.Postpone(ctx, n.ID, now.Add(time.Hour))
	}
	if limit := d.limit(n); limit > 0 {
		sent, err := d.Outbox.AttemptsSince(ctx, n.Recipient, now.Add(-time.Minute))
		if err != nil {
			return err
		}
		if sent >= limit {
			rep.Postponed++
			return d.Outbox.Postpone(ctx, n.ID, now.Add(5*time.Second+jitter(n.Key+now.String(), 10*time.Second)))
		}
	}
	sendErr := sender.Send(ctx, n)
	if errors.Is(sendErr, context.Canceled) && ctx.Err() != nil {
		// Stopping: the claim lapses and another pass tries again.
		return nil
	}
	a := warehouse.NoticeAttempt{NoticeID: n.ID, Attempt: n.Attempts + 1, Recipient: n.Recipient, At: now}
	switch {
	case sendErr == nil:
		a.State, a.NextAt = warehouse.NoticeSent, now
		rep.Sent++
	case a.Attempt >= d.maxAttempts():
		a.State, a.NextAt, a.Error = warehouse.NoticeFailed, now, sendErr.Error()
		rep.Failed++
		d.log().Warn("通知发送失败，不再重试", "通知", n.ID, "接收方", n.Recipient, "渠道", n.Channel, "次数", a.Attempt, "原因", a.Error)
	default:
		a.State, a.Error = warehouse.NoticePending, sendErr.Error()
		a.NextAt = now.Add(d.backoff(n.Key, a.Attempt))
		rep.Retried++
	}
	if err := d.Outbox.RecordAttempt(context.WithoutCancel(ctx), a); err != nil {
		return fmt.Errorf("notices: %w", err)
	}
	return nil
}

func (d *Deliverer) limit(n warehouse.Notice) int {
	if d.PerMinute == nil {
		return 0
	}
	return d.PerMinute(n)
}

func (d *Deliverer) maxAttempts() int {
	if d.MaxAttempts > 0 {
		return d.MaxAttempts
	}
	return 6
}

// backoff is the wait after the attempt-th failed try: Backoff doubled
// attempt-1 times, capped, then moved by up to a fifth either way — by an
// amount the notice's key and attempt decide, so instances agree and notices
// that failed together do not all come back together.
func (d *Deliverer) backoff(key string, attempt int) time.Duration {
	base, most := d.Backoff, d.MaxBackoff
	if base <= 0 {
		base = time.Minute
	}
	if most <= 0 {
		most = time.Hour
	}
	wait := base
	for i := 1; i < attempt && wait < most; i++ {
		wait *= 2
	}
	wait = min(wait, most)
	fifth := wait / 5
	return wait - fifth + jitter(fmt.Sprint(key, attempt), 2*fifth+1)
}

func (d *Deliverer) log() *slog.Logger {
	if d.Log != nil {
		return d.Log
	}
	return slog.Default()
}

// Run delivers continuously: a pass every interval until ctx ends. A pass
// that fails is logged and the next one tries again.
func (d *Deliverer) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := d.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			d.log().Error("通知投递出错", "原因", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
