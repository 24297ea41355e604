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
 *
 * <p>With {@linkplain #withHardNegatives hard negatives}, a share of each epoch's negatives is instead the negatives
 * the network currently scores highest (online hard-negative mining): the look-alikes that make false calls (a
 * hyperdense vessel or sinus, calcifications) fill a few slices of a few studies, so a uniform draw rarely shows them.
 */
public final class BalancedBatches implements BatchSource {

    /** Scores slices under the network's current weights; higher is more likely called hemorrhage. */
    public interface NegativeScorer {
        /**
         * @param epoch the epoch about to be drawn
         * @param slices indices into the slice source
         * @return one score per slice, in the same order
         */
        float[] score(int epoch, int[] slices);
    }

    /**
     * What an epoch's mining chose.
     *
     * @param epoch the epoch drawn
     * @param scored negatives scored
     * @param hard the hardest negatives drawn
     * @param lowestHardScore the lowest score among them
     * @param seconds time spent scoring
     */
    public record Mining(int epoch, int scored, int hard, float lowestHardScore, double seconds) {}

    private final SliceSource source;
    private final int[] positives;
    private final int[] negatives;
    private final int batchSize;
    private final double negativesPerPositive;
    private final long seed;
    private final Augmentation augmentation;
    private final SliceAugmenter augmenter;
    private final int batches;
    private double hardShare;
    private int firstHardEpoch = 1;
    private NegativeScorer scorer;
    private java.util.function.IntPredicate candidates = slice -> true;
    private java.util.function.Consumer<Mining> mined = m -> {};
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

    /**
     * From {@code firstEpoch} on, makes {@code share} of each epoch's negatives the ones {@code scorer} scores highest
     * at the start of that epoch (every negative training slice is scored: one inference pass over them per epoch);
     * the rest are drawn at random from the others as before.
     *
     * @param share 0 (none: every negative at random) to 1 (every negative the hardest)
     * @param firstEpoch the first epoch mined; earlier ones draw every negative at random (a network that starts from
     *     random weights has nothing to mine with)
     * @param candidates the negative slices that may be mined (only those are scored); the others are drawn at random
     * @param mined told what each mined epoch chose (for a progress line)
     * @return these batches, to be configured before the first is drawn
     */
    public synchronized BalancedBatches withHardNegatives(
            double share,
            int firstEpoch,
            java.util.function.IntPredicate candidates,
            NegativeScorer scorer,
            java.util.function.Consumer<Mining> mined) {
        if (!(share >= 0 && share <= 1) || firstEpoch < 1) {
            throw new IllegalArgumentException("hard-negative share " + share + " is not within 0..1, or first epoch "
                    + firstEpoch + " is before 1");
        }
        this.hardShare = share;
        this.firstHardEpoch = firstEpoch;
        this.candidates = java.util.Objects.requireNonNull(candidates, "candidates");
        this.scorer = java.util.Objects.requireNonNull(scorer, "scorer");
        this.mined = java.util.Objects.requireNonNull(mined, "mined");
        plannedEpoch = -1;
        return this;
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
        int values = size * size * source.channels();
        float[] images = new float[count * values];
        float[] labels = new float[count * HemorrhageLabel.COUNT];
        List<List<Box>> boxes = new ArrayList<>(Collections.nCopies(count, List.of()));
        IntStream.range(0, count).parallel().forEach(i -> {
            int slice = order[from + i];
            Random random = new Random(mix(seed, epoch, index, i));
            boxes.set(i, augmenter.apply(source.inputPixels(slice), source.boxes(slice), random, images, i * values));
            System.arraycopy(
                    source.slice(slice).targets(), 0, labels, i * HemorrhageLabel.COUNT, HemorrhageLabel.COUNT);
        });
        TrainingBatch batch = new TrainingBatch(images, count, size, size, labels, boxes);
        return augmentation.flip() ? new HorizontalFlip(new Random(mix(seed, epoch, index, -1))).apply(batch) : batch;
    }

    /** The epoch's shuffled slice order (positives plus sampled negatives). */
    int[] plan(int epoch) {
        if (epoch != plannedEpoch) {
            Random random = new Random(mix(seed, epoch, -1, -1));
            int hard = hardCount(epoch);
            if (hard == 0) {
                plan = plan(positives, negatives, negativeCount(), random);
            } else {
                long start = System.nanoTime();
                int[] pool = IntStream.range(0, negatives.length)
                        .filter(i -> candidates.test(negatives[i]))
                        .toArray();
                int[] slices = IntStream.of(pool).map(i -> negatives[i]).toArray();
                float[] scores = scorer.score(epoch, slices);
                if (scores.length != slices.length) {
                    throw new IllegalStateException(
                            scores.length + " scores for " + slices.length + " negative slices");
                }
                int[] hardest = hardest(slices, scores, Math.min(hard, slices.length));
                float lowest = Float.POSITIVE_INFINITY;
                for (int i = 0; i < hardest.length; i++) {
                    lowest = Math.min(lowest, scores[hardest[i]]);
                    hardest[i] = pool[hardest[i]];
                }
                plan = plan(positives, negatives, hardest, negativeCount(), random);
                mined.accept(new Mining(
                        epoch,
                        slices.length,
                        hardest.length,
                        hardest.length == 0 ? Float.NaN : lowest,
                        (System.nanoTime() - start) / 1e9));
            }
            plannedEpoch = epoch;
        }
        return plan;
    }

    /** The hardest negatives drawn in an epoch: none before the first mined epoch or when nothing is undersampled. */
    int hardCount(int epoch) {
        if (scorer == null || epoch < firstHardEpoch || positives.length == 0) {
            return 0;
        }
        return (int) Math.round(hardShare * negativeCount());
    }

    /**
     * Positions in {@code negatives} of the {@code count} highest scores, highest first; equal scores in the order of
     * the slices. A score that is not a number counts as the lowest.
     */
    static int[] hardest(int[] negatives, float[] scores, int count) {
        return IntStream.range(0, negatives.length)
                .boxed()
                .sorted((a, b) -> {
                    int byScore = Float.compare(finite(scores[b]), finite(scores[a]));
                    return byScore != 0 ? byScore : Integer.compare(negatives[a], negatives[b]);
                })
                .limit(count)
                .mapToInt(i -> i)
                .toArray();
    }

    private static float finite(float score) {
        return Float.isNaN(score) ? Float.NEGATIVE_INFINITY : score;
    }

    /**
     * An epoch's order with hard negatives: every positive, the negatives at the positions {@code hardest}, and random
     * others up to {@code negativeCount} negatives in all, shuffled.
     */
    static int[] plan(int[] positives, int[] negatives, int[] hardest, int negativeCount, Random random) {
        boolean[] taken = new boolean[negatives.length];
        List<Integer> order = new ArrayList<>(IntStream.of(positives).boxed().toList());
        for (int position : hardest) {
            taken[position] = true;
            order.add(negatives[position]);
        }
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < negatives.length; i++) {
            if (!taken[i]) {
                others.add(negatives[i]);
            }
        }
        Collections.shuffle(others, random);
        order.addAll(others.subList(0, Math.max(0, Math.min(others.size(), negativeCount - hardest.length))));
        Collections.shuffle(order, random);
        return order.stream().mapToInt(i -> i).toArray();
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
