package org.ichcds.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The commands' progress bars: ASCII, on stderr, so a command's output on stdout stays clean for a pipe or a file. */
final class ProgressBars {

    private ProgressBars() {}

    /**
     * A bar counting to {@code max}.
     *
     * @param task the bar's name, such as the command
     * @param unit what it counts, with a leading space (" studies")
     */
    static ProgressBar onStderr(String task, int max, String unit) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUnit(unit, 1)
                .build();
    }
}
