package org.ichcds.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChildProcessTest {

    @Test
    void closeEndsAProcessThatStopsOnSigterm() throws Exception {
        ChildProcess sleeping = ChildProcess.start(new ProcessBuilder("sleep", "60"), "sleep", Duration.ofSeconds(5));
        assertThat(sleeping.isAlive()).isTrue();
        long start = System.nanoTime();
        sleeping.close();
        assertThat(sleeping.isAlive()).isFalse();
        // SIGTERM ended it: no wait for the grace period
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(sleeping.process().exitValue()).isEqualTo(143); // 128 + SIGTERM
    }

    @Test
    void aProcessIgnoringSigtermIsKilledAfterItsGracePeriod() throws Exception {
        ChildProcess stubborn = ChildProcess.start(
                new ProcessBuilder("sh", "-c", "trap '' TERM; echo ready; sleep 60 & wait; sleep 60"),
                "stubborn",
                Duration.ofMillis(300));
        // the trap is set once the shell has said so
        assertThat(new String(stubborn.process().getInputStream().readNBytes(6)))
                .isEqualTo("ready\n");
        stubborn.close();
        assertThat(stubborn.isAlive()).isFalse();
        assertThat(stubborn.process().exitValue()).isEqualTo(137); // 128 + SIGKILL
    }

    @Test
    void killEndsAtOnce() throws Exception {
        ChildProcess sleeping = ChildProcess.start(new ProcessBuilder("sleep", "60"), "sleep", Duration.ofSeconds(5));
        sleeping.kill();
        assertThat(sleeping.isAlive()).isFalse();
        assertThat(sleeping.process().exitValue()).isEqualTo(137);
        sleeping.close(); // nothing left to stop
    }
}
