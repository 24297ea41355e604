package org.ichcds.reporting;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The seven labels, in the project's label order (RSNA 2019's six, then BHX's {@code chronic}), with their codes in
 * the project CodeSystem {@code https://ichcds.org/fhir/CodeSystem/ich-finding}, display names, BHX box label names
 * and SNOMED CT codes. A SNOMED CT code is given only where it was verified; the others are left out rather than
 * guessed (see fhir-profiles/README.md).
 */
public enum HemorrhageLabel {
    ANY("any", "Intracranial hemorrhage (any type)", "intracranial hemorrhage", null, Snomed.INTRACRANIAL_HEMORRHAGE),
    EPIDURAL("epidural", "Epidural hemorrhage", "epidural", "Epidural", null),
    INTRAPARENCHYMAL(
            "intraparenchymal",
            "Intraparenchymal hemorrhage",
            "intraparenchymal",
            "Intraparenchymal",
            Snomed.CEREBRAL_HEMORRHAGE),
    INTRAVENTRICULAR("intraventricular", "Intraventricular hemorrhage", "intraventricular", "Intraventricular", null),
    SUBARACHNOID("subarachnoid", "Subarachnoid hemorrhage", "subarachnoid", "Subarachnoid", Snomed.SUBARACHNOID),
    SUBDURAL("subdural", "Subdural hemorrhage", "subdural", "Subdural", Snomed.SUBDURAL),
    CHRONIC("chronic", "Chronic hemorrhage", "chronic", "Chronic", null);

    private final String code;
    private final String display;
    private final String shortName;
    private final String bhxLabel;
    private final Snomed snomed;

    HemorrhageLabel(String code, String display, String shortName, String bhxLabel, Snomed snomed) {
        this.code = code;
        this.display = display;
        this.shortName = shortName;
        this.bhxLabel = bhxLabel;
        this.snomed = snomed;
    }

    /** The code in the project CodeSystem and in model manifests, e.g. {@code subdural}. */
    public String code() {
        return code;
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

    /** The verified SNOMED CT concept; empty where none was verified. */
    public Optional<Snomed> snomed() {
        return Optional.ofNullable(snomed);
    }

    /** The label with this code; throws naming the code when there is none. */
    public static HemorrhageLabel fromCode(String code) {
        return Arrays.stream(values())
                .filter(l -> l.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown hemorrhage label: " + code));
    }

    /** Throws unless {@code codes} are exactly the seven label codes in label order. */
    public static void requireLabelOrder(List<String> codes) {
        List<String> expected =
                Arrays.stream(values()).map(HemorrhageLabel::code).toList();
        if (!expected.equals(codes)) {
            throw new IllegalArgumentException(
                    "findings must be one per label in the order " + expected + ": " + codes);
        }
    }
}
