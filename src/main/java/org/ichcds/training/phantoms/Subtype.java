package org.ichcds.training.phantoms;

import java.util.List;
import org.ichcds.inference.HemorrhageLabel;

/**
 * Hemorrhage subtypes in the project's label order (after {@code any}). The lower-case names are the RSNA 2019
 * {@code labels.csv} suffixes plus {@code chronic}; the capitalised names are the BHX {@code boxes.csv} labelName
 * values.
 */
public enum Subtype {
    EPIDURAL("epidural", "Epidural"),
    INTRAPARENCHYMAL("intraparenchymal", "Intraparenchymal"),
    INTRAVENTRICULAR("intraventricular", "Intraventricular"),
    SUBARACHNOID("subarachnoid", "Subarachnoid"),
    SUBDURAL("subdural", "Subdural"),
    CHRONIC("chronic", "Chronic");

    /** Every label in order, {@code any} first: the column order of every CSV and model output. */
    public static final List<String> LABELS = HemorrhageLabel.codes();

    private final String label;
    private final String bhxName;

    Subtype(String label, String bhxName) {
        this.label = label;
        this.bhxName = bhxName;
    }

    /** RSNA-style label, e.g. {@code subdural}. */
    public String label() {
        return label;
    }

    /** BHX labelName, e.g. {@code Subdural}. */
    String bhxName() {
        return bhxName;
    }

    /** Position in {@link #LABELS}. */
    int labelIndex() {
        return ordinal() + 1;
    }

    /**
     * Label positions this lesion sets on a slice. A chronic subdural collection is still a subdural hemorrhage in
     * the RSNA sense, so it sets {@code subdural} as well as {@code chronic}.
     */
    int[] labelIndices() {
        return this == CHRONIC ? new int[] {CHRONIC.labelIndex(), SUBDURAL.labelIndex()} : new int[] {labelIndex()};
    }
}
