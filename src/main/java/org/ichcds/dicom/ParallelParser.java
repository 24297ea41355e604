package org.ichcds.dicom;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parses instances on all cores while more are still arriving. Each task yields either an instance or the reason it
 * was rejected; the caller decides what a rejection means.
 */
final class ParallelParser {

    private static final ExecutorService POOL =
            Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), runnable -> {
                Thread thread = new Thread(runnable, "dicom-parse");
                thread.setDaemon(true);
                return thread;
            });

    /** A parse task: an instance, or the exception that rejected it. */
    interface Task {
        DicomInstance parse() throws DicomFormatException;
    }

    /** The outcome of one task. */
    record Outcome(DicomInstance instance, DicomFormatException rejection) {}

    private final List<Future<Outcome>> pending = new ArrayList<>();
    private final AtomicLong parseNanos = new AtomicLong();

    void submit(Task task) {
        pending.add(POOL.submit(() -> {
            long start = System.nanoTime();
            try {
                return new Outcome(task.parse(), null);
            } catch (DicomFormatException e) {
                return new Outcome(null, e);
            } finally {
                parseNanos.addAndGet(System.nanoTime() - start);
            }
        }));
    }

    /** Cancels and forgets every task submitted so far. */
    void discard() {
        pending.forEach(f -> f.cancel(true));
        pending.clear();
    }

    /** Waits for every task, in submission order. */
    List<Outcome> await() {
        List<Outcome> outcomes = new ArrayList<>(pending.size());
        try {
            for (Future<Outcome> future : pending) {
                outcomes.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parsing DICOM", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("parsing DICOM failed: " + DicomReader.firstLine(e.getCause()), e);
        } finally {
            pending.forEach(f -> f.cancel(true));
        }
        return outcomes;
    }

    long parseNanos() {
        return parseNanos.get();
    }
}
