package org.ichcds.reporting;

import java.util.Optional;
import org.ichcds.inference.HemorrhageLabel;

/**
 * Every SNOMED CT concept the project uses, each checked against the published concept and its Verhoeff check digit
 * (SNOMED CT Technical Implementation Guide, §6.5 "Check-digit"). Concepts that could not be verified (epidural,
 * intraventricular and chronic subdural hemorrhage) are deliberately absent.
 */
enum Snomed {
    INTRACRANIAL_HEMORRHAGE("1386000", "Intracranial hemorrhage"),
    CEREBRAL_HEMORRHAGE("274100004", "Cerebral hemorrhage"),
    SUBARACHNOID("21454007", "Subarachnoid intracranial hemorrhage"),
    SUBDURAL("35486000", "Subdural intracranial hemorrhage"),
    PRESENT("52101004", "Present"),
    ABSENT("2667000", "Absent"),
    HEAD_STRUCTURE("69536005", "Head structure");

    /** The SNOMED CT code system URI (FHIR R4 §terminologies-systems). */
    public static final String SYSTEM = "http://snomed.info/sct";

    private final String code;
    private final String display;

    Snomed(String code, String display) {
        if (!Verhoeff.isValid(code)) {
            throw new IllegalStateException("SCTID fails its Verhoeff check digit: " + code);
        }
        this.code = code;
        this.display = display;
    }

    String code() {
        return code;
    }

    String display() {
        return display;
    }

    /** The verified SNOMED CT concept of a label; empty where none was verified (see fhir-profiles/README.md). */
    static Optional<Snomed> forLabel(HemorrhageLabel label) {
        return Optional.ofNullable(
                switch (label) {
                    case ANY -> INTRACRANIAL_HEMORRHAGE;
                    case INTRAPARENCHYMAL -> CEREBRAL_HEMORRHAGE;
                    case SUBARACHNOID -> SUBARACHNOID;
                    case SUBDURAL -> SUBDURAL;
                    case EPIDURAL, INTRAVENTRICULAR, CHRONIC -> null;
                });
    }
}
