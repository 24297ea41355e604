package org.ichcds.training.dataset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Splits studies 70/20/10 into train, validation and test when the data set does not say: studies are ranked by the
 * SHA-256 of their StudyInstanceUID and the first 70 % (rounded) train, the next 20 % validate, the rest test. The
 * split depends only on the set of UIDs, never on file order, so a data set splits the same way on every machine, and
 * it is by study so that neighbouring slices never straddle two splits.
 */
final class StudySplitter {

    static final double TRAIN = 0.7;
    static final double VALIDATION = 0.2;

    private StudySplitter() {}

    static Map<String, Split> split(Collection<String> studyUids) {
        List<String> ranked = studyUids.stream()
                .distinct()
                .sorted(Comparator.comparing(StudySplitter::sha256).thenComparing(uid -> uid))
                .toList();
        int n = ranked.size();
        int train = (int) Math.round(TRAIN * n);
        int validation = (int) Math.round(VALIDATION * n);
        Map<String, Split> splits = new HashMap<>();
        for (int rank = 0; rank < n; rank++) {
            Split split = rank < train ? Split.TRAIN : rank < train + validation ? Split.VALIDATION : Split.TEST;
            splits.put(ranked.get(rank), split);
        }
        return splits;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
