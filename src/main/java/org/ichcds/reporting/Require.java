package org.ichcds.reporting;

import java.util.regex.Pattern;

/** Argument checks at the boundary of this package; each failure names the bad value. */
final class Require {

    // DICOM PS3.5 §9.1: UID components are digits separated by dots, at most 64 characters
    private static final Pattern DICOM_UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))+");

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
        if (value == null || value.length() > 64 || !DICOM_UID.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " is not a DICOM UID: " + value);
        }
    }

    static void matches(String what, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " does not match " + pattern + ": " + value);
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
