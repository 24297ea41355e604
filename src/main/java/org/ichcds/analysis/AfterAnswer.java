package org.ichcds.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Work a request thread leaves until its answer is sent: a hook's answer is the clinician's wait, and on two cores a
 * FHIR transaction started beside it (the report of the analysis it answers from) slows it down. The web layer opens
 * the scope when a hook call starts and closes it once the answer is flushed; work deferred on a thread with no scope
 * open (a background analysis, a test) runs at once.
 */
public final class AfterAnswer {

    private static final ThreadLocal<List<Runnable>> DEFERRED = new ThreadLocal<>();

    private AfterAnswer() {}

    /** Opens the scope on this thread: work deferred from now on waits for {@link #close()}. */
    public static void open() {
        DEFERRED.set(new ArrayList<>());
    }

    /** Closes the scope on this thread and runs what was deferred in it, in order. */
    public static void close() {
        List<Runnable> deferred = DEFERRED.get();
        DEFERRED.remove();
        if (deferred != null) {
            deferred.forEach(Runnable::run);
        }
    }

    /** Runs {@code work} when this thread's answer is sent, or now when no scope is open. */
    static void defer(Runnable work) {
        List<Runnable> deferred = DEFERRED.get();
        if (deferred == null) {
            work.run();
        } else {
            deferred.add(work);
        }
    }
}
