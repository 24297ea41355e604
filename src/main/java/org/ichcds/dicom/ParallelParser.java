package org.ichcds.dicom;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parses instances on all cores while more are still arriving. Each task yields either an instance or the reason it
 * was rejected; the caller decides what a rejection means.
 *
 * <p>The pool's queue is bounded: a queued task holds the bytes of an instance, and several analyses (and viewer
 * pages) read series at once. When the queue is full the reading thread parses the instance itself, which slows the
 * read down to the parsing speed instead of piling up instances in memory; no instance is dropped.
 */
final class ParallelParser {

    /** Instances waiting for a parsing thread, per core. */
    static final int QUEUED_PER_THREAD = 4;

    private static final ThreadPoolExecutor POOL = boundedPool(
            Runtime.getRuntime().availableProcessors(),
            QUEUED_PER_THREAD * Runtime.getRuntime().availableProcessors());

    /** A parse task: an instance, or the exception that rejected it. */
    interface Task {
        DicomInstance parse() throws DicomFormatException;
    }

    /** The outcome of one task. */
    record Outcome(DicomInstance instance, DicomFormatException rejection) {}

    private final ThreadPoolExecutor pool;
    private final List<Future<Outcome>> pending = new ArrayList<>();
    private final AtomicLong parseNanos = new AtomicLong();

    ParallelParser() {
        this(POOL);
    }

    ParallelParser(ThreadPoolExecutor pool) {
        this.pool = pool;
    }

    /**
     * Daemon threads (a parse never holds the process open) and a queue of {@code queueCapacity}; a task that finds it
     * full runs on the thread that submits it.
     */
    static ThreadPoolExecutor boundedPool(int threads, int queueCapacity) {
        return new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                runnable -> {
                    Thread thread = new Thread(runnable, "dicom-parse");
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.CallerRunsPolicy());
    }

    void submit(Task task) {
        pending.add(pool.submit(() -> {
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
