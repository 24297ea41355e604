package org.ichcds.pacs;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Orthanc operating-system process: launch with its log in the storage folder, readiness, pid file, stop.
 * Detached processes are started through {@code setsid} so that they leave this JVM's session and survive it.
 */
final class OrthancProcess {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Path log;
    private final Path pidFile;
    private Process process;
    private boolean attached;
    private Thread shutdownHook;

    OrthancProcess(Path storage) {
        this.log = storage.resolve("orthanc.log");
        this.pidFile = storage.resolve("orthanc.pid");
    }

    boolean attached() {
        return attached && process != null;
    }

    void launch(Path binary, Path config, boolean detached) {
        List<String> command = detached
                ? List.of("setsid", binary.toString(), config.toAbsolutePath().toString())
                : List.of(binary.toString(), config.toAbsolutePath().toString());
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        attached = !detached;
        if (detached) {
            writePid(process.pid());
        } else {
            Process own = process;
            shutdownHook = new Thread(own::destroy, "orthanc-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** Waits until {@code readyVersion} answers; fails with the log's last line if the process dies first. */
    void awaitReady(Supplier<String> readyVersion, String what) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                deletePid();
                throw new IllegalStateException(what + " exited during start-up: " + lastLogLine());
            }
            if (readyVersion.get() != null) {
                return;
            }
            sleep(100);
        }
        stop();
        throw new IllegalStateException(
                what + " not ready after " + READY_TIMEOUT.toSeconds() + " s: " + lastLogLine());
    }

    /** The running process's id, -1 when none is known. */
    long pid() {
        return handle().map(ProcessHandle::pid).orElse(-1L);
    }

    boolean stop() {
        Optional<ProcessHandle> handle = handle();
        deletePid();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run: nothing to remove
            }
            shutdownHook = null;
        }
        if (handle.isEmpty()) {
            return false;
        }
        ProcessHandle orthanc = handle.get();
        orthanc.destroy();
        try {
            orthanc.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            orthanc.destroyForcibly();
        }
        process = null;
        return true;
    }

    private Optional<ProcessHandle> handle() {
        if (process != null && process.isAlive()) {
            return Optional.of(process.toHandle());
        }
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            // only a live process that is an Orthanc: the pid may have been reused since
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(h ->
                            h.info().command().map(c -> c.endsWith("Orthanc")).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void writePid(long pid) {
        try {
            Files.writeString(pidFile, pid + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pidFile, e);
        }
    }

    private void deletePid() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // a stale pid file is checked against the process command line on next use
        }
    }

    /** The last non-empty line of the log, or a hint where the log is. */
    String lastLogLine() {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, file.length() - 8192);
            byte[] tail = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(tail);
            List<String> lines = new String(tail, StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
            return lines.isEmpty()
                    ? "empty log " + log
                    : lines.get(lines.size() - 1).trim() + " (log: " + log + ")";
        } catch (IOException e) {
            return "no log at " + log;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Orthanc");
        }
    }
}
