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
}
