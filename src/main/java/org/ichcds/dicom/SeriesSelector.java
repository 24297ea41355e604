package org.ichcds.dicom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the series to analyse: CT, axial, head (rules in {@link SelectionRules}); among those, the non-contrast
 * soft-tissue series with the most slices no thicker than the preferred thickness. Says why.
 */
final class SeriesSelector {

    private final SelectionRules rules;

    SeriesSelector(SelectionRules rules) {
        this.rules = rules;
    }

    /** The chosen series and a sentence saying why. */
    record Selection(SeriesCandidate chosen, String reason) {}

    Selection select(List<SeriesCandidate> candidates) {
        List<SeriesCandidate> eligible = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        for (SeriesCandidate candidate : candidates) {
            String why = exclusion(candidate);
            if (why == null) {
                eligible.add(candidate);
            } else {
                excluded.add(candidate.label() + ": " + why);
            }
        }
        if (eligible.isEmpty()) {
            throw new IllegalArgumentException(
                    "no axial head CT series among " + candidates.size() + " (" + String.join("; ", excluded) + ")");
        }
        eligible.sort(preference());
        SeriesCandidate chosen = eligible.get(0);
        StringBuilder reason =
                new StringBuilder(chosen.label()).append(" chosen: ").append(String.join(", ", qualities(chosen)));
        if (eligible.size() > 1) {
            reason.append("; preferred over ").append(eligible.size() - 1).append(" other axial CT series");
        }
        if (!excluded.isEmpty()) {
            reason.append("; excluded ").append(String.join("; ", excluded));
        }
        return new Selection(chosen, reason.toString());
    }

    /** Why a series cannot be used, or null when it can. */
    String exclusion(SeriesCandidate c) {
        String modality = c.header().modality();
        if (!rules.modalities().contains(modality.toUpperCase(Locale.ROOT))) {
            return "modality " + (modality.isEmpty() ? "missing" : modality);
        }
        if (SelectionRules.containsAny(c.header().imageType(), rules.excludedImageTypes())) {
            return "image type " + c.header().imageType();
        }
        if (c.orientation() == null) {
            return "no ImageOrientationPatient";
        }
        double tilt = tiltFromAxialDegrees(c.orientation());
        if (tilt > rules.maxTiltFromAxialDegrees()) {
            return String.format(Locale.ROOT, "not axial (%.0f° from axial)", tilt);
        }
        String bodyPart = c.header().bodyPart();
        if (!bodyPart.isEmpty() && !rules.headBodyParts().contains(bodyPart.toUpperCase(Locale.ROOT))) {
            return "body part " + bodyPart;
        }
        return null;
    }

    boolean isContrast(SeriesCandidate c) {
        if (!c.header().contrastAgent().isEmpty()) {
            return true;
        }
        String description = c.header().description();
        return SelectionRules.containsAny(description, rules.contrastKeywords())
                && !SelectionRules.containsAny(description, rules.nonContrastKeywords());
    }

    boolean isSharpKernel(SeriesCandidate c) {
        return SelectionRules.containsAny(c.header().convolutionKernel(), rules.sharpKernelKeywords())
                || SelectionRules.containsAny(c.header().description(), rules.sharpKernelKeywords());
    }

    boolean isThin(SeriesCandidate c) {
        return !Double.isNaN(c.thicknessMm()) && c.thicknessMm() <= rules.maxThicknessMm();
    }

    private Comparator<SeriesCandidate> preference() {
        Comparator<SeriesCandidate> order = Comparator.comparing(this::isContrast);
        return order.thenComparing(this::isSharpKernel)
                .thenComparing(c -> !isThin(c))
                .thenComparing(SeriesCandidate::sliceCount, Comparator.reverseOrder())
                .thenComparing(c -> c.header().seriesNumber());
    }

    private List<String> qualities(SeriesCandidate c) {
        List<String> q = new ArrayList<>();
        q.add("axial CT" + (c.header().bodyPart().isEmpty() ? " (body part not stated)" : " of the head"));
        q.add(isContrast(c) ? "contrast" : "non-contrast");
        String kernel = c.header().convolutionKernel().isEmpty()
                ? ""
                : " (kernel " + c.header().convolutionKernel() + ")";
        q.add((isSharpKernel(c) ? "sharp" : "soft-tissue") + kernel);
        q.add(
                Double.isNaN(c.thicknessMm())
                        ? "thickness not stated"
                        : String.format(
                                Locale.ROOT,
                                "%.1f mm thick (%s %.1f mm)",
                                c.thicknessMm(),
                                isThin(c) ? "<=" : ">",
                                rules.maxThicknessMm()));
        q.add(c.sliceCount() + (c.sliceCount() == 1 ? " slice" : " slices"));
        return q;
    }

    /** Angle between the slice normal and the patient's z axis, in degrees (0 = axial). */
    static double tiltFromAxialDegrees(double[] orientation) {
        double[] n = VolumeAssembler.normal(orientation);
        double length = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        return Math.toDegrees(Math.acos(Math.min(1.0, Math.abs(n[2]) / length)));
    }
}
