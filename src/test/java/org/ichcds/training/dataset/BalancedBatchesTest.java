package org.ichcds.training.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BalancedBatchesTest {

    private static final int[] POSITIVES = IntStream.range(0, 30).toArray();
    private static final int[] NEGATIVES = IntStream.range(30, 330).toArray();

    @Test
    void everyPositivePlusTheRequestedShareOfNegatives() {
        for (int ratio : new int[] {1, 2, 3}) {
            int[] plan = BalancedBatches.plan(POSITIVES, NEGATIVES, ratio * 30, new Random(1));
            assertThat(plan).hasSize(30 + ratio * 30).doesNotHaveDuplicates();
            assertThat(Arrays.stream(plan).filter(i -> i < 30)).hasSize(30);
            assertThat(Arrays.stream(plan).filter(i -> i >= 30)).hasSize(ratio * 30);
        }
    }

    @Test
    void epochsDrawDifferentNegativesInAShuffledOrderAndASeedRepeatsThem() {
        int[] a = BalancedBatches.plan(POSITIVES, NEGATIVES, 30, new Random(1));
        int[] b = BalancedBatches.plan(POSITIVES, NEGATIVES, 30, new Random(2));
        assertThat(BalancedBatches.plan(POSITIVES, NEGATIVES, 30, new Random(1)))
                .isEqualTo(a);
        Set<Integer> negativesA = negatives(a);
        Set<Integer> negativesB = negatives(b);
        assertThat(negativesA).isNotEqualTo(negativesB);
        // shuffled: positives are not all at the front
        assertThat(Arrays.stream(a, 0, 30).filter(i -> i < 30).count()).isLessThan(30);
    }

    private static Set<Integer> negatives(int[] plan) {
        Set<Integer> set = new HashSet<>();
        Arrays.stream(plan).filter(i -> i >= 30).forEach(set::add);
        return set;
    }

    @Test
    void theHardestNegativesAreTheHighestScoresWithTiesInSliceOrderAndNaNLast() {
        int[] negatives = {40, 41, 42, 43, 44, 45};
        float[] scores = {0.2f, Float.NaN, 0.9f, 0.2f, 0.7f, 0.1f};
        assertThat(BalancedBatches.hardest(negatives, scores, 4)).containsExactly(2, 4, 0, 3);
        assertThat(BalancedBatches.hardest(negatives, scores, 6)).endsWith(1);
        assertThat(BalancedBatches.hardest(negatives, scores, 0)).isEmpty();
    }

    @Test
    void anEpochWithHardNegativesDrawsEveryHardOneAndFillsTheRestAtRandomFromTheOthers() {
        // the negatives scored highest are the last ten
        float[] scores = new float[NEGATIVES.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i / (float) scores.length;
        }
        int[] hardest = BalancedBatches.hardest(NEGATIVES, scores, 10);
        int[] plan = BalancedBatches.plan(POSITIVES, NEGATIVES, hardest, 30, new Random(1));
        assertThat(plan).hasSize(60).doesNotHaveDuplicates();
        assertThat(Arrays.stream(plan).filter(i -> i < 30)).hasSize(30);
        assertThat(negatives(plan))
                .containsAll(IntStream.range(320, 330).boxed().toList());
        // the twenty others are a random draw: another seed draws others, and the hard ones stay
        int[] other = BalancedBatches.plan(POSITIVES, NEGATIVES, hardest, 30, new Random(2));
        assertThat(negatives(other))
                .containsAll(IntStream.range(320, 330).boxed().toList());
        assertThat(negatives(other)).isNotEqualTo(negatives(plan));
        assertThat(BalancedBatches.plan(POSITIVES, NEGATIVES, hardest, 30, new Random(1)))
                .isEqualTo(plan);
        // every negative hard: exactly the hardest, nothing at random
        int[] all = BalancedBatches.plan(
                POSITIVES, NEGATIVES, BalancedBatches.hardest(NEGATIVES, scores, 30), 30, new Random(1));
        assertThat(negatives(all))
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(300, 330).boxed().toList());
    }
}
