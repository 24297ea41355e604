package org.ichcds.process;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A process this JVM started and must not leave behind: a Ctrl-C or SIGTERM of the parent ends it too (a shutdown
 * hook), and {@link #close()} stops it gracefully (SIGTERM), then forcibly (SIGKILL) when it has not ended within its
 * grace period. Used for the servers the launcher's commands start beside themselves (the authorization server of the
 * demo, HAProxy of a benchmark) and by the tests' replicas and balancer.
 */
public final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final Duration grace;
    private final Thread stopWithParent;

    private ChildProcess(Process process, String name, Duration grace) {
        this.process = process;
        this.grace = grace;
        this.stopWithParent = new Thread(process::destroy, name + "-stop");
        Runtime.getRuntime().addShutdownHook(stopWithParent);
    }

    /**
     * Starts the process.
     *
     * @param name names the shutdown hook's thread ({@code <name>-stop})
     * @param grace how long {@link #close()} waits after SIGTERM before SIGKILL
     */
    public static ChildProcess start(ProcessBuilder builder, String name, Duration grace) throws IOException {
        Objects.requireNonNull(name, "name");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace period " + grace + " is negative");
        }
        return new ChildProcess(builder.start(), name, grace);
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, and a wait of at most 10 s for the end: no graceful stop, as when a machine or a container dies. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** Waits for the end; false when it did not end in time (or this thread was interrupted). */
    public boolean waitFor(Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, then SIGKILL after the grace period; the parent's shutdown no longer needs to stop it. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopWithParent);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(grace)) {
                kill();
            }
        }
    }
}
