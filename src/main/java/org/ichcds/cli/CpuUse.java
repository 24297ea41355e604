package org.ichcds.cli;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of this process and of its web server's request threads ({@code http-nio-*-exec-*}), with the time the JIT
 * compiler and the garbage collector took, so that a benchmark that runs client and server in one process can say
 * what each call costs and what else ran meanwhile.
 */
record CpuUse(long processNanos, long serverNanos, long jitMillis, long gcMillis) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static CpuUse now() {
        long server = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null
                    && info.getThreadName().startsWith("http-nio-")
                    && info.getThreadName().contains("-exec-")) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                server += Math.max(0, cpu);
            }
        }
        long gc = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, collector.getCollectionTime());
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new CpuUse(
                os.getProcessCpuTime(),
                server,
                ManagementFactory.getCompilationMXBean().getTotalCompilationTime(),
                gc);
    }

    /** What was spent since {@code before}. */
    CpuUse minus(CpuUse before) {
        return new CpuUse(
                processNanos - before.processNanos,
                serverNanos - before.serverNanos,
                jitMillis - before.jitMillis,
                gcMillis - before.gcMillis);
    }
}
