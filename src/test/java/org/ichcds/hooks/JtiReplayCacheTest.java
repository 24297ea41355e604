package org.ichcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ichcds.hooks.JtiRegistry.Outcome.FIRST_USE;
import static org.ichcds.hooks.JtiRegistry.Outcome.FULL;
import static org.ichcds.hooks.JtiRegistry.Outcome.REPLAY;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JtiReplayCacheTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final TestClock clock = new TestClock(T0);

    @Test
    void secondUseOfAnIdIsAReplay() {
        JtiReplayCache cache = new JtiReplayCache(10, clock);
        assertThat(cache.firstUse("https://ehr", "a", T0.plusSeconds(300))).isEqualTo(FIRST_USE);
        assertThat(cache.firstUse("https://ehr", "a", T0.plusSeconds(300))).isEqualTo(REPLAY);
    }

    @Test
    void idsAreKeptPerIssuer() {
        JtiReplayCache cache = new JtiReplayCache(10, clock);
        assertThat(cache.firstUse("https://ehr-a", "same", T0.plusSeconds(300))).isEqualTo(FIRST_USE);
        assertThat(cache.firstUse("https://ehr-b", "same", T0.plusSeconds(300))).isEqualTo(FIRST_USE);
    }

    @Test
    void expiredIdsAreEvictedAndForgotten() {
        JtiReplayCache cache = new JtiReplayCache(10, clock);
        cache.firstUse("https://ehr", "short", T0.plusSeconds(60));
        cache.firstUse("https://ehr", "long", T0.plusSeconds(600));
        clock.advance(Duration.ofSeconds(61));

        assertThat(cache.firstUse("https://ehr", "other", T0.plusSeconds(600))).isEqualTo(FIRST_USE);
        assertThat(cache.size()).isEqualTo(2); // "short" is gone, "long" and "other" remain
        assertThat(cache.firstUse("https://ehr", "long", T0.plusSeconds(600))).isEqualTo(REPLAY);
        assertThat(cache.firstUse("https://ehr", "short", T0.plusSeconds(600))).isEqualTo(FIRST_USE);
    }

    @Test
    void aFullCacheRefusesNewIdsUntilOldOnesExpire() {
        JtiReplayCache cache = new JtiReplayCache(2, clock);
        cache.firstUse("https://ehr", "1", T0.plusSeconds(60));
        cache.firstUse("https://ehr", "2", T0.plusSeconds(120));

        assertThat(cache.firstUse("https://ehr", "3", T0.plusSeconds(120))).isEqualTo(FULL);
        assertThat(cache.firstUse("https://ehr", "1", T0.plusSeconds(60)))
                .as("a live id is never forgotten to make room")
                .isEqualTo(REPLAY);

        clock.advance(Duration.ofSeconds(90));
        assertThat(cache.firstUse("https://ehr", "3", T0.plusSeconds(200))).isEqualTo(FIRST_USE);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new JtiReplayCache(0, clock)).hasMessageContaining("0");
    }
}
