package org.ichcds.training.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StudySplitterTest {

    private static List<String> uids(int n) {
        return IntStream.range(0, n).mapToObj(i -> "1.2.826.0.1.3680043.2." + i).toList();
    }

    @Test
    void splitsSeventyTwentyTenByStudy() {
        for (int n : new int[] {1, 3, 7, 10, 61, 100, 1001}) {
            Map<String, Split> splits = StudySplitter.split(uids(n));
            assertThat(splits).hasSize(n);
            assertThat(count(splits, Split.TRAIN)).isEqualTo(Math.round(0.7 * n));
            assertThat(count(splits, Split.VALIDATION)).isEqualTo(Math.round(0.2 * n));
            assertThat(count(splits, Split.TEST)).isEqualTo(n - Math.round(0.7 * n) - Math.round(0.2 * n));
        }
    }

    @Test
    void theSplitDependsOnTheUidsNotOnTheirOrder() {
        List<String> shuffled = new ArrayList<>(uids(200));
        Collections.shuffle(shuffled, new Random(3));
        assertThat(StudySplitter.split(shuffled)).isEqualTo(StudySplitter.split(uids(200)));
    }

    @Test
    void theSplitIsNotTheInputOrder() {
        Map<String, Split> splits = StudySplitter.split(uids(100));
        // a hash rank mixes the UIDs: the first 70 in input order are not all train
        assertThat(uids(100).subList(0, 70).stream().filter(u -> splits.get(u) != Split.TRAIN))
                .isNotEmpty();
    }

    private static long count(Map<String, Split> splits, Split split) {
        return splits.values().stream().filter(s -> s == split).count();
    }
}
