//! The send-rate token bucket, on the injected clock.

use crate::config::RateLimit;
use crate::time::Instant;

/// Tokens are counted in thousandths so that refilling per millisecond stays exact.
#[derive(Debug)]
pub(crate) struct TokenBucket {
    limit: RateLimit,
    milli_tokens: u64,
    at: Instant,
}

impl TokenBucket {
    pub(crate) fn new(limit: RateLimit, now: Instant) -> Self {
        let limit = RateLimit {
            per_second: limit.per_second.max(1),
            burst: limit.burst.max(1),
        };
        Self {
            milli_tokens: u64::from(limit.burst) * 1000,
            limit,
            at: now,
        }
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.as_millis().saturating_sub(self.at.as_millis());
        let cap = u64::from(self.limit.burst) * 1000;
        // per_second tokens per 1000 ms = per_second milli-tokens per ms.
        self.milli_tokens = cap.min(
            self.milli_tokens
                .saturating_add(elapsed.saturating_mul(u64::from(self.limit.per_second))),
        );
        self.at = self.at.max(now);
    }

    /// Takes a token, or says when one will be there.
    pub(crate) fn take(&mut self, now: Instant) -> Result<(), Instant> {
        self.refill(now);
        if self.milli_tokens >= 1000 {
            self.milli_tokens -= 1000;
            Ok(())
        } else {
            Err(self.ready_at())
        }
    }

    /// True when a token is available at `now`.
    pub(crate) fn ready(&mut self, now: Instant) -> bool {
        self.refill(now);
        self.milli_tokens >= 1000
    }

    pub(crate) fn ready_at(&self) -> Instant {
        let missing = 1000u64.saturating_sub(self.milli_tokens);
        let per_ms = u64::from(self.limit.per_second);
        Instant::from_millis(self.at.as_millis() + missing.div_ceil(per_ms))
    }
}
