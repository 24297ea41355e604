package org.ichcds.training.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.ichcds.inference.Box;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.training.BatchSource;
import org.ichcds.training.HorizontalFlip;
import org.ichcds.training.TrainingBatch;

/**
 * Training batches: each epoch takes every positive slice and a fresh random sample of negative slices (at most
 * {@code negativesPerPositive} per positive; most head CT slices show no blood, and a classifier fed the natural
 * ratio learns to say "no"), shuffles them, and augments every slice. Everything random derives from the seed, the
 * epoch and the batch index, so a resumed run sees the batches an uninterrupted one would have.
 */
public final class BalancedBatches implements BatchSource {

    private final SliceSource source;
    private final int[] positives;
    private final int[] negatives;
    private final int batchSize;
    private final double negativesPerPositive;
    private final long seed;
    private final Augmentation augmentation;
    private final SliceAugmenter augmenter;
    private final int batches;
    private int plannedEpoch = -1;
    private int[] plan;

    /**
     * @param slices indices into {@code source} of the training slices
     * @param maxBatches cap on batches per epoch, 0 = none (for quick runs)
     */
    public BalancedBatches(
            SliceSource source,
            List<Integer> slices,
            int batchSize,
            double negativesPerPositive,
            long seed,
            Augmentation augmentation,
            int maxBatches) {
        if (batchSize < 1 || !(negativesPerPositive >= 0) || slices.isEmpty()) {
            throw new IllegalArgumentException("batch size " + batchSize + ", negative ratio " + negativesPerPositive
                    + " or " + slices.size() + " training slices out of range");
        }
        this.source = source;
        this.positives = slices.stream()
                .filter(i -> source.slice(i).positive())
                .mapToInt(i -> i)
                .toArray();
        this.negatives = slices.stream()
                .filter(i -> !source.slice(i).positive())
                .mapToInt(i -> i)
                .toArray();
        this.batchSize = batchSize;
        this.negativesPerPositive = negativesPerPositive;
        this.seed = seed;
        this.augmentation = augmentation;
        this.augmenter = new SliceAugmenter(augmentation, source.settings().channels(), source.inputSize());
        int perEpoch = epochSize();
        int full = Math.max(1, perEpoch / batchSize);
        this.batches = maxBatches > 0 ? Math.min(maxBatches, full) : full;
    }

    /** Slices drawn per epoch: every positive plus the undersampled negatives (all slices when none is positive). */
    public int epochSize() {
        return positives.length + negativeCount();
    }

    private int negativeCount() {
        if (positives.length == 0) {
            return negatives.length;
        }
        return (int) Math.min(negatives.length, Math.round(negativesPerPositive * positives.length));
    }

    @Override
    public int batchCount() {
        return batches;
    }

    @Override
    public synchronized TrainingBatch batch(int epoch, int index) {
        int[] order = plan(epoch);
        int from = index * batchSize;
        int count = Math.min(batchSize, order.length - from);
        int size = source.inputSize();
        int values = size * size * 3;
        float[] images = new float[count * values];
        float[] labels = new float[count * HemorrhageLabel.COUNT];
        List<List<Box>> boxes = new ArrayList<>(Collections.nCopies(count, List.of()));
        IntStream.range(0, count).parallel().forEach(i -> {
            int slice = order[from + i];
            Random random = new Random(mix(seed, epoch, index, i));
            boxes.set(i, augmenter.apply(source.pixels(slice), source.boxes(slice), random, images, i * values));
            System.arraycopy(
                    source.slice(slice).targets(), 0, labels, i * HemorrhageLabel.COUNT, HemorrhageLabel.COUNT);
        });
        TrainingBatch batch = new TrainingBatch(images, count, size, size, labels, boxes);
        return augmentation.flip() ? new HorizontalFlip(new Random(mix(seed, epoch, index, -1))).apply(batch) : batch;
    }

    /** The epoch's shuffled slice order (positives plus sampled negatives). */
    int[] plan(int epoch) {
        if (epoch != plannedEpoch) {
            plan = plan(positives, negatives, negativeCount(), new Random(mix(seed, epoch, -1, -1)));
            plannedEpoch = epoch;
        }
        return plan;
    }

    static int[] plan(int[] positives, int[] negatives, int negativeCount, Random random) {
        List<Integer> drawn = new ArrayList<>(IntStream.of(negatives).boxed().toList());
        Collections.shuffle(drawn, random);
        List<Integer> order = new ArrayList<>(IntStream.of(positives).boxed().toList());
        order.addAll(drawn.subList(0, negativeCount));
        Collections.shuffle(order, random);
        return order.stream().mapToInt(i -> i).toArray();
    }

    private static long mix(long seed, int epoch, int batch, int slice) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h = (h ^ epoch) * 0xBF58476D1CE4E5B9L;
        h = (h ^ batch) * 0x94D049BB133111EBL;
        return h ^ slice;
    }
}
