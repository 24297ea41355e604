package org.ichcds.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.ichcds.dicom.InstanceHeader;
import org.ichcds.dicom.StudyLimits;

/**
 * The folder received instances wait in: {@code <spool>/<study>/<series>/<sop>.dcm}, with arriving files in
 * {@code <spool>/incoming}. It holds at most {@code ichcds.intake.spool-max-size} bytes and no study beyond the study
 * limits ({@code ichcds.dicomweb.limits.*}: series per study, instances and bytes per series, bytes per instance), so
 * what is analysed later was already checked as it arrived. Placing is serialised: the counts it checks stay true.
 */
final class StudySpool {

    private final Path root;
    private final Path incoming;
    private final long maxBytes;
    private final StudyLimits limits;
    private final Map<Path, long[]> seriesTotals = new HashMap<>(); // series folder -> {instances, bytes}
    private long used;

    /** The largest instance kept ({@code ichcds.dicomweb.limits.max-instance-size}). */
    long maxInstanceBytes() {
        return limits.maxInstanceBytes();
    }

    StudySpool(Path root, long maxBytes, StudyLimits limits) {
        this.root = root.toAbsolutePath().normalize();
        this.incoming = this.root.resolve("incoming");
        this.maxBytes = maxBytes;
        this.limits = limits;
        try {
            Files.createDirectories(incoming);
            deleteTree(incoming); // parts of transfers a stopped server never finished
            Files.createDirectories(incoming);
            used = size(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "the spool folder " + this.root + " is not usable (ichcds.intake.spool-dir)", e);
        }
    }

    /** Where arriving files are written before they are placed. */
    Path incoming() {
        return incoming;
    }

    /** A new file name under {@link #incoming()}. */
    Path newIncomingFile() {
        return incoming.resolve(UUID.randomUUID() + ".part");
    }

    /** The most an arriving instance may be: the instance limit, or what the spool has left if less. */
    synchronized long room() {
        return Math.min(limits.maxInstanceBytes(), Math.max(0, maxBytes - used));
    }

    /** The folder of a study's instances. */
    Path studyFolder(String studyUid) {
        return root.resolve(studyUid);
    }

    /**
     * Checks a received file against the limits, lets {@code arrival} record it (or refuse it), then moves it into its
     * study's folder. A refused file is deleted.
     */
    synchronized void place(Path received, InstanceHeader header, Arrival arrival) throws Refusal, IOException {
        try {
            long size = Files.size(received);
            Path seriesFolder = studyFolder(header.studyUid()).resolve(header.seriesUid());
            Path target = seriesFolder.resolve(header.sopInstanceUid() + ".dcm");
            long replaced = Files.exists(target) ? Files.size(target) : 0;
            // kept only once an instance of the series is: a refused series leaves nothing behind
            long[] totals =
                    seriesTotals.containsKey(seriesFolder) ? seriesTotals.get(seriesFolder) : count(seriesFolder);
            check(header, size, replaced, seriesFolder, totals);
            arrival.record(size);
            Files.createDirectories(seriesFolder);
            Files.move(received, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            totals[0] += replaced > 0 ? 0 : 1;
            totals[1] += size - replaced;
            seriesTotals.put(seriesFolder, totals);
            used += size - replaced;
        } finally {
            Files.deleteIfExists(received);
        }
    }

    /** Records an instance in the study's row before it is kept; refuses when the study cannot take it. */
    @FunctionalInterface
    interface Arrival {
        void record(long bytes) throws Refusal;
    }

    private void check(InstanceHeader header, long size, long replaced, Path seriesFolder, long[] totals)
            throws Refusal, IOException {
        if (size > limits.maxInstanceBytes()) {
            throw tooLarge("the instance is larger than " + limits.maxInstanceBytes() + " bytes", "max-instance-size");
        }
        if (used - replaced + size > maxBytes) {
            throw new Refusal(Refusal.OUT_OF_RESOURCES, "the spool is full (ichcds.intake.spool-max-size)");
        }
        if (!Files.isDirectory(seriesFolder) && seriesCount(header.studyUid()) + 1 > limits.maxSeries()) {
            throw tooLarge("the study has more than " + limits.maxSeries() + " series", "max-series");
        }
        if (replaced == 0 && totals[0] + 1 > limits.maxInstances()) {
            throw tooLarge("the series has more than " + limits.maxInstances() + " instances", "max-instances");
        }
        if (totals[1] - replaced + size > limits.maxSeriesBytes()) {
            throw tooLarge("the series is larger than " + limits.maxSeriesBytes() + " bytes", "max-series-size");
        }
    }

    private static Refusal tooLarge(String what, String setting) {
        return new Refusal(Refusal.OUT_OF_RESOURCES, what + " (" + "ichcds.dicomweb.limits." + setting + ")");
    }

    /** Removes a study's instances (its analysis ended). */
    synchronized void remove(String studyUid) throws IOException {
        Path folder = studyFolder(studyUid);
        long size = size(folder);
        deleteTree(folder);
        used = Math.max(0, used - size); // files put there by hand were never counted
        seriesTotals.keySet().removeIf(series -> series.startsWith(folder));
    }

    synchronized long usedBytes() {
        return used;
    }

    private long seriesCount(String studyUid) throws IOException {
        Path folder = studyFolder(studyUid);
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> series = Files.list(folder)) {
            return series.filter(Files::isDirectory).count();
        }
    }

    private static long[] count(Path seriesFolder) {
        if (!Files.isDirectory(seriesFolder)) {
            return new long[2];
        }
        try (Stream<Path> files = Files.list(seriesFolder)) {
            long[] totals = new long[2];
            files.filter(Files::isRegularFile).forEach(f -> {
                totals[0]++;
                totals[1] += f.toFile().length();
            });
            return totals;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
