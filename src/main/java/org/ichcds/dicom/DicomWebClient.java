package org.ichcds.dicom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.ichcds.http.AddressPolicy;
import org.ichcds.identifiers.Identifiers;

/**
 * A DICOMweb client (DICOM PS3.18): QIDO-RS search, WADO-RS retrieval as {@code multipart/related;
 * type="application/dicom"}, and STOW-RS store. Connection errors and 5xx answers are retried as the settings say.
 */
public final class DicomWebClient {

    private static final String DICOM_JSON = "application/dicom+json";
    private static final String MULTIPART_DICOM = "multipart/related; type=\"application/dicom\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DicomWebEndpoint endpoint;
    private final HttpExchange http;

    public DicomWebClient(DicomWebEndpoint endpoint, DicomWebSettings settings) {
        this(endpoint, settings, null);
    }

    /**
     * A client that connects only where the policy allows: for addresses the server was handed (an Endpoint) rather
     * than given by its operator.
     */
    public DicomWebClient(DicomWebEndpoint endpoint, DicomWebSettings settings, AddressPolicy addresses) {
        this.endpoint = endpoint;
        this.http = new HttpExchange(endpoint, settings, addresses);
    }

    DicomWebEndpoint endpoint() {
        return endpoint;
    }

    /** Receives each retrieved instance as soon as it has arrived. */
    @FunctionalInterface
    public interface PartConsumer {
        void accept(int index, byte[] part) throws java.io.IOException;
    }

    /** One series found by QIDO-RS. */
    public record SeriesInfo(
            String studyUid, String seriesUid, String modality, int seriesNumber, String description, int instances) {}

    /** One instance found by QIDO-RS. */
    public record InstanceInfo(String sopInstanceUid, String sopClassUid, int instanceNumber) {}

    /** QIDO-RS: the series of a study (empty when the PACS does not know the study). */
    public List<SeriesInfo> searchSeries(String studyUid) {
        List<SeriesInfo> found = new ArrayList<>();
        for (JsonNode d : getJson("/studies/" + uid(studyUid) + "/series")) {
            found.add(new SeriesInfo(
                    studyUid,
                    DicomJson.text(d, "0020000E"),
                    DicomJson.text(d, "00080060"),
                    DicomJson.integer(d, "00200011", 0),
                    DicomJson.text(d, "0008103E"),
                    DicomJson.integer(d, "00201209", 0)));
        }
        return found;
    }

    /** QIDO-RS: the instances of a series. */
    public List<InstanceInfo> searchInstances(String studyUid, String seriesUid) {
        List<InstanceInfo> found = new ArrayList<>();
        for (JsonNode d : getJson("/studies/" + uid(studyUid) + "/series/" + uid(seriesUid) + "/instances")) {
            found.add(new InstanceInfo(
                    DicomJson.text(d, "00080018"), DicomJson.text(d, "00080016"), DicomJson.integer(d, "00200013", 0)));
        }
        return found;
    }

    /** WADO-RS metadata of every instance of a series (DICOM JSON, bulk data left out). */
    List<JsonNode> seriesMetadata(String studyUid, String seriesUid) {
        List<JsonNode> all = new ArrayList<>();
        getJson("/studies/" + uid(studyUid) + "/series/" + uid(seriesUid) + "/metadata")
                .forEach(all::add);
        return all;
    }

    /** WADO-RS: every instance of a series as a Part-10 byte array, in the order the PACS sent them. */
    public List<byte[]> retrieveSeries(String studyUid, String seriesUid) {
        List<byte[]> parts = new ArrayList<>();
        retrieveSeries(studyUid, seriesUid, (index, part) -> parts.add(part));
        return parts;
    }

    /** WADO-RS, streamed: each instance is handed over as soon as it has arrived; returns the number of parts. */
    int retrieveSeries(String studyUid, String seriesUid, PartConsumer consumer) {
        return retrieveSeries(studyUid, seriesUid, consumer, MultipartParts.Limits.DEFAULT);
    }

    /** The same, within these limits on the parts, their sizes and the whole answer. */
    int retrieveSeries(String studyUid, String seriesUid, PartConsumer consumer, MultipartParts.Limits limits) {
        String path = "/studies/" + uid(studyUid) + "/series/" + uid(seriesUid);
        return http.get(path, MULTIPART_DICOM, (type, body) -> MultipartParts.read(body, type, consumer, limits));
    }

    /**
     * STOW-RS: stores Part-10 instances; returns the SOP Instance UIDs the PACS stored.
     *
     * @throws DicomWebException when any instance was not stored
     */
    public List<String> store(List<byte[]> instances) {
        if (instances.isEmpty()) {
            return List.of();
        }
        MultipartParts.Body body = MultipartParts.ofDicom(instances);
        JsonNode answer =
                http.post("/studies", body.contentType(), body.bytes(), DICOM_JSON, (type, in) -> JSON.readTree(in));
        // Orthanc sends an empty FailedSOPSequence on success: look at its values, not at its presence
        int failed = answer.path("00081198").path("Value").size();
        List<String> stored = new ArrayList<>();
        answer.path("00081199").path("Value").forEach(item -> stored.add(DicomJson.text(item, "00081155")));
        if (failed > 0 || stored.size() != instances.size()) {
            throw new DicomWebException("PACS " + http.display() + " stored " + stored.size() + " of "
                    + instances.size() + " instances (" + failed + " failed)");
        }
        return stored;
    }

    private JsonNode getJson(String path) {
        JsonNode node = http.get(path, DICOM_JSON, (type, body) -> {
            byte[] bytes = body.readAllBytes();
            return bytes.length == 0 ? JSON.createArrayNode() : JSON.readTree(bytes);
        });
        if (!node.isArray()) {
            throw new DicomWebException("PACS " + http.display() + " answered " + path + " with something other"
                    + " than a DICOM JSON array");
        }
        return node;
    }

    static String uid(String uid) {
        if (!Identifiers.isUidForRequest(uid)) {
            throw new IllegalArgumentException("not a DICOM UID: " + uid);
        }
        return uid;
    }
}
