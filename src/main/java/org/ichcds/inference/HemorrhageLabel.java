package org.ichcds.inference;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The seven labels of the model contract, in output order. The first six are the RSNA 2019 Intracranial Hemorrhage
 * Detection labels; {@code chronic} comes from the BHX box labels. This enum is the one place the order is defined.
 */
public enum HemorrhageLabel {
    ANY("any", "Intracranial hemorrhage (any type)", "intracranial hemorrhage", null),
    EPIDURAL("epidural", "Epidural hemorrhage", "epidural", "Epidural"),
    INTRAPARENCHYMAL("intraparenchymal", "Intraparenchymal hemorrhage", "intraparenchymal", "Intraparenchymal"),
    INTRAVENTRICULAR("intraventricular", "Intraventricular hemorrhage", "intraventricular", "Intraventricular"),
    SUBARACHNOID("subarachnoid", "Subarachnoid hemorrhage", "subarachnoid", "Subarachnoid"),
    SUBDURAL("subdural", "Subdural hemorrhage", "subdural", "Subdural"),
    CHRONIC("chronic", "Chronic hemorrhage", "chronic", "Chronic");

    /** Number of labels, the width of the {@code probabilities} output. */
    public static final int COUNT = values().length;

    /** Number of subtypes (every label except {@code any}), the score channels of a detection cell. */
    public static final int SUBTYPE_COUNT = COUNT - 1;

    private static final List<HemorrhageLabel> SUBTYPES = List.of(values()).subList(1, COUNT);

    private final String code;
    private final String display;
    private final String shortName;
    private final String bhxLabel;

    HemorrhageLabel(String code, String display, String shortName, String bhxLabel) {
        this.code = code;
        this.display = display;
        this.shortName = shortName;
        this.bhxLabel = bhxLabel;
    }

    /** The display name, e.g. {@code Subdural hemorrhage}. */
    public String display() {
        return display;
    }

    /** The word used in card summaries, e.g. {@code subdural}. */
    public String shortName() {
        return shortName;
    }

    /** The BHX {@code labelName}; empty for {@code any}, which BHX does not annotate. */
    public Optional<String> bhxLabel() {
        return Optional.ofNullable(bhxLabel);
    }

    /** Throws unless {@code codes} are exactly the seven label codes in label order. */
    public static void requireLabelOrder(List<String> codes) {
        if (!codes().equals(codes)) {
            throw new IllegalArgumentException("findings must be one per label in the order " + codes() + ": " + codes);
        }
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

    /**
     * Throws unless {@code label} is a subtype: a box, in any coordinate space, is of one subtype, never of {@code any}.
     *
     * @return the label
     */
    public static HemorrhageLabel requireSubtype(HemorrhageLabel label) {
        if (Objects.requireNonNull(label, "label") == ANY) {
            throw new IllegalArgumentException("a box needs a subtype label, not 'any'");
        }
        return label;
    }

    /** The six subtypes in detection-score order. */
    public static List<HemorrhageLabel> subtypes() {
        return SUBTYPES;
    }

    /** The subtype at a detection-score index (0 = epidural ... 5 = chronic). */
    static HemorrhageLabel subtype(int index) {
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
