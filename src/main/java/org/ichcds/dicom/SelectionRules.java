package org.ichcds.dicom;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The series selection rules, kept as data in {@code dicom/series-selection.json} so that a site can change them
 * without touching code.
 *
 * @param modalities required Modality values
 * @param maxTiltFromAxialDegrees largest angle between the slice normal and the patient's feet-head axis
 * @param headBodyParts accepted BodyPartExamined values (a series that does not state one is accepted)
 * @param excludedImageTypes ImageType values that exclude a series (localizers)
 * @param contrastKeywords description keywords that mark a contrast series
 * @param nonContrastKeywords description keywords that override the contrast keywords ("W/O CONTRAST")
 * @param sharpKernelKeywords kernel or description keywords of bone/lung reconstructions
 * @param maxThicknessMm preferred largest slice thickness
 */
record SelectionRules(
        List<String> modalities,
        double maxTiltFromAxialDegrees,
        List<String> headBodyParts,
        List<String> excludedImageTypes,
        List<String> contrastKeywords,
        List<String> nonContrastKeywords,
        List<String> sharpKernelKeywords,
        double maxThicknessMm) {

    static final String RESOURCE = "/dicom/series-selection.json";

    SelectionRules {
        modalities = List.copyOf(modalities);
        headBodyParts = List.copyOf(headBodyParts);
        excludedImageTypes = List.copyOf(excludedImageTypes);
        contrastKeywords = List.copyOf(contrastKeywords);
        nonContrastKeywords = List.copyOf(nonContrastKeywords);
        sharpKernelKeywords = List.copyOf(sharpKernelKeywords);
    }

    /** The rules shipped with the application. */
    static SelectionRules defaults() {
        try (InputStream in = SelectionRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new ObjectMapper()
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true)
                    .readValue(in, SelectionRules.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static boolean containsAny(String text, List<String> keywords) {
        String upper = text.toUpperCase(Locale.ROOT);
        return keywords.stream().anyMatch(k -> upper.contains(k.toUpperCase(Locale.ROOT)));
    }
}
