package org.ichcds.hooks;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The {@code jti} values already seen, per issuer, each kept until its token can no longer be accepted (CDS Hooks best
 * practices: reject a repeated {@code jti}, keep seen values for the JWT lifetime). Memory is bounded: expired entries
 * are evicted oldest first on every call, and when the cache is full of live entries new tokens are refused rather
 * than forgetting a live one (which would let it be replayed).
 */
final class JtiReplayCache implements JtiRegistry {

    private record Key(String issuer, String jti) {}

    private record Entry(Key key, Instant expiry) {}

    private final int capacity;
    private final Clock clock;
    private final Map<Key, Instant> seen = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>(Comparator.comparing(Entry::expiry));

    JtiReplayCache(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("jti cache capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    /** Records the id unless it was seen before and has not expired; {@code keepUntil} is when it may be forgotten. */
    @Override
    public synchronized Outcome firstUse(String issuer, String jti, Instant keepUntil) {
        evictExpired(clock.instant());
        Key key = new Key(issuer, jti);
        if (seen.containsKey(key)) {
            return Outcome.REPLAY;
        }
        if (seen.size() >= capacity) {
            return Outcome.FULL;
        }
        seen.put(key, keepUntil);
        byExpiry.add(new Entry(key, keepUntil));
        return Outcome.FIRST_USE;
    }

    synchronized int size() {
        return seen.size();
    }

    private void evictExpired(Instant now) {
        while (!byExpiry.isEmpty() && byExpiry.peek().expiry().isBefore(now)) {
            seen.remove(byExpiry.poll().key());
        }
    }
}
