package org.ichcds.training.calibration;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The command line's words for the calibration's choices. */
final class OptionCodes {

    private OptionCodes() {}

    /**
     * The value a word names.
     *
     * @param what what the word chooses, as an error names it ("box scales")
     * @throws IllegalArgumentException naming the words there are
     */
    static <E extends Enum<E>> E fromCode(E[] values, Function<E, String> code, String word, String what) {
        return Arrays.stream(values)
                .filter(v -> code.apply(v).equals(word))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(what + " '" + word + "' is not one of "
                        + Arrays.stream(values).map(code).collect(Collectors.joining(", "))));
    }
}
