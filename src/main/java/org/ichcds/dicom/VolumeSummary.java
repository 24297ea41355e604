package org.ichcds.dicom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ichcds.dicom.CtVolume.CtSlice;

/**
 * What {@code analyze} reports of a loaded volume: the chosen series and why, slice count, matrix, spacing and HU
 * range. No patient data.
 */
public record VolumeSummary(
        String source,
        String studyUid,
        String seriesUid,
        String selectionReason,
        int slices,
        int rows,
        int columns,
        double rowSpacingMm,
        double columnSpacingMm,
        double sliceThicknessMm,
        double sliceSpacingMm,
        int minHu,
        int maxHu,
        long loadMillis) {

    static VolumeSummary of(LoadedStudy study) {
        CtVolume v = study.volume();
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (CtSlice slice : v.slices()) {
            for (short hu : slice.hu()) {
                min = Math.min(min, hu);
                max = Math.max(max, hu);
            }
        }
        return new VolumeSummary(
                study.source(),
                v.studyUid(),
                v.seriesUid(),
                study.selectionReason(),
                v.sliceCount(),
                v.rows(),
                v.columns(),
                v.rowSpacingMm(),
                v.columnSpacingMm(),
                v.sliceThicknessMm(),
                v.sliceSpacingMm(),
                min,
                max,
                study.timings().total().toMillis());
    }

    public String toText() {
        return String.join(
                System.lineSeparator(),
                List.of(
                        "source:    " + source,
                        "study:     " + studyUid,
                        "series:    " + seriesUid,
                        "selection: " + selectionReason,
                        "slices:    " + slices,
                        "matrix:    " + rows + " x " + columns,
                        String.format(
                                Locale.ROOT,
                                "spacing:   %.3f x %.3f mm in plane, %.3f mm between slices, %.3f mm thick",
                                rowSpacingMm,
                                columnSpacingMm,
                                sliceSpacingMm,
                                sliceThicknessMm),
                        "HU range:  " + minHu + " to " + maxHu,
                        "loaded in: " + loadMillis + " ms"));
    }

    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", source);
        json.put("studyInstanceUid", studyUid);
        json.put("seriesInstanceUid", seriesUid);
        json.put("selectionReason", selectionReason);
        json.put("slices", slices);
        json.put("matrix", List.of(rows, columns));
        json.put("pixelSpacingMm", List.of(rowSpacingMm, columnSpacingMm));
        json.put("sliceThicknessMm", sliceThicknessMm);
        json.put("sliceSpacingMm", sliceSpacingMm);
        json.put("huRange", List.of(minHu, maxHu));
        json.put("loadMillis", loadMillis);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
