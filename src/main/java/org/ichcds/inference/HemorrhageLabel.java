package org.ichcds.inference;

import java.util.Arrays;
import java.util.List;

/**
 * The seven labels of the model contract, in output order. The first six are the RSNA 2019 Intracranial Hemorrhage
 * Detection labels; {@code chronic} comes from the BHX box labels. This enum is the one place the order is defined.
 */
public enum HemorrhageLabel {
    ANY("any"),
    EPIDURAL("epidural"),
    INTRAPARENCHYMAL("intraparenchymal"),
    INTRAVENTRICULAR("intraventricular"),
    SUBARACHNOID("subarachnoid"),
    SUBDURAL("subdural"),
    CHRONIC("chronic");

    /** Number of labels, the width of the {@code probabilities} output. */
    public static final int COUNT = 7;

    /** Number of subtypes (every label except {@code any}), the score channels of a detection cell. */
    public static final int SUBTYPE_COUNT = 6;

    private static final List<HemorrhageLabel> SUBTYPES = List.of(values()).subList(1, COUNT);

    private final String code;

    HemorrhageLabel(String code) {
        this.code = code;
    }

    /** The label as written in CSV files, manifests and reports. */
    public String code() {
        return code;
    }

    /** Index of this subtype among the six detection scores (epidural = 0); {@code any} has none. */
    public int subtypeIndex() {
        if (this == ANY) {
            throw new IllegalStateException("'any' is not a subtype and has no detection score");
        }
        return ordinal() - 1;
    }

    /** The six subtypes in detection-score order. */
    public static List<HemorrhageLabel> subtypes() {
        return SUBTYPES;
    }

    /** The subtype at a detection-score index (0 = epidural ... 5 = chronic). */
    public static HemorrhageLabel subtype(int index) {
        if (index < 0 || index >= SUBTYPE_COUNT) {
            throw new IllegalArgumentException("subtype index " + index + " is outside 0.." + (SUBTYPE_COUNT - 1));
        }
        return SUBTYPES.get(index);
    }

    /** All label codes in contract order. */
    public static List<String> codes() {
        return Arrays.stream(values()).map(HemorrhageLabel::code).toList();
    }

    /** The label with this code. */
    public static HemorrhageLabel fromCode(String code) {
        for (HemorrhageLabel label : values()) {
            if (label.code.equals(code)) {
                return label;
            }
        }
        throw new IllegalArgumentException("unknown hemorrhage label '" + code + "'; expected one of " + codes());
    }
}
