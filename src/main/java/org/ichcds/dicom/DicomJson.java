package org.ichcds.dicom;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reading values from the DICOM JSON model (DICOM PS3.18 F.2): {@code {"0020000D": {"vr": "UI", "Value": [...]}}}. */
final class DicomJson {

    private DicomJson() {}

    static String text(JsonNode dataset, String tag) {
        JsonNode value = dataset.path(tag).path("Value").path(0);
        return value.isValueNode() ? value.asText("").trim() : "";
    }

    static String joined(JsonNode dataset, String tag) {
        List<String> values = new ArrayList<>();
        dataset.path(tag).path("Value").forEach(v -> values.add(v.asText("").trim()));
        return String.join("\\", values);
    }

    static int integer(JsonNode dataset, String tag, int orElse) {
        JsonNode value = dataset.path(tag).path("Value").path(0);
        return value.isNumber() || value.isTextual() ? value.asInt(orElse) : orElse;
    }

    static double decimal(JsonNode dataset, String tag) {
        JsonNode value = dataset.path(tag).path("Value").path(0);
        return value.isNumber() || value.isTextual() ? value.asDouble(Double.NaN) : Double.NaN;
    }

    /** All values of a multi-valued decimal, or null when their number is not {@code count}. */
    static double[] decimals(JsonNode dataset, String tag, int count) {
        JsonNode values = dataset.path(tag).path("Value");
        if (values.size() != count) {
            return null;
        }
        double[] result = new double[count];
        for (int i = 0; i < count; i++) {
            result[i] = values.get(i).asDouble(Double.NaN);
        }
        return result;
    }
}
