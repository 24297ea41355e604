package org.ichcds.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of this process and of its web server's request threads ({@code http-nio-*-exec-*}), so that a benchmark
 * that runs client and server in one process can say what each costs per call.
 */
record CpuUse(long processNanos, long serverNanos) {

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
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new CpuUse(os.getProcessCpuTime(), server);
    }

    /** The CPU time spent since {@code before}. */
    CpuUse minus(CpuUse before) {
        return new CpuUse(processNanos - before.processNanos, serverNanos - before.serverNanos);
    }
}
