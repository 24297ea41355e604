package org.ichcds.reporting;

import org.ichcds.identifiers.Identifiers;

/** Argument checks at the boundary of this package; each failure names the bad value. */
final class Require {

    private Require() {}

    static void present(String what, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
    }

    static void text(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is missing or blank: " + value);
        }
    }

    static void dicomUid(String what, String value) {
        if (!Identifiers.isDicomUid(value)) {
            throw new IllegalArgumentException(what + " is not a DICOM UID: " + value);
        }
    }

    static void fhirId(String what, String value) {
        if (!Identifiers.isFhirId(value)) {
            throw new IllegalArgumentException(what + " is not a FHIR id: " + value);
        }
    }

    /** A relative reference to a resource of this type, e.g. {@code Patient/123}. */
    static void reference(String what, String type, String value) {
        if (!Identifiers.isRelativeReference(type, value)) {
            throw new IllegalArgumentException(what + " is not a reference to a " + type + ": " + value);
        }
    }

    static void atLeast(String what, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(what + " must be at least " + minimum + ": " + value);
        }
    }

    static void probability(String what, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(what + " must lie in [0, 1]: " + value);
        }
    }
}
