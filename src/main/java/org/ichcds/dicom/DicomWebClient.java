package org.ichcds.dicom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.ichcds.http.AddressPolicy;
import org.ichcds.identifiers.Identifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DICOMweb client (DICOM PS3.18): QIDO-RS search, WADO-RS retrieval as {@code multipart/related;
 * type="application/dicom"}, and STOW-RS store. Connection errors and 5xx answers are retried as the settings say.
 */
public final class DicomWebClient {

    private static final String DICOM_JSON = "application/dicom+json";
    private static final String MULTIPART_DICOM = "multipart/related; type=\"application/dicom\"";
    /** DICOM PS3.18 8.7.3.5.2: the transfer-syntax parameter; Explicit VR Little Endian is what every server sends. */
    static final String UNCOMPRESSED =
            MULTIPART_DICOM + "; transfer-syntax=" + TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN;
    /** PS3.18 Table 8.7.3-5: {@code *} lets the server send the instances as it holds them. */
    static final String AS_STORED = MULTIPART_DICOM + "; transfer-syntax=*";

    private static final Logger LOG = LoggerFactory.getLogger(DicomWebClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DicomWebEndpoint endpoint;
    private final HttpExchange http;
    private final boolean asStoredOnly;

    public DicomWebClient(DicomWebEndpoint endpoint, DicomWebSettings settings) {
        this(endpoint, settings, null);
    }

    /**
     * A client that connects only where the policy allows: for addresses the server was handed (an Endpoint) rather
     * than given by its operator.
     */
    public DicomWebClient(DicomWebEndpoint endpoint, DicomWebSettings settings, AddressPolicy addresses) {
        this(endpoint, new HttpExchange(endpoint, settings, addresses), false);
    }

    private DicomWebClient(DicomWebEndpoint endpoint, HttpExchange http, boolean asStoredOnly) {
        this.endpoint = endpoint;
        this.http = http;
        this.asStoredOnly = asStoredOnly;
    }

    /**
     * The same client, retrieving instances in the transfer syntax the PACS holds them in ({@code transfer-syntax=*})
     * without asking for Explicit VR Little Endian first: no transcoding on the PACS, decoding here.
     */
    public DicomWebClient asStored() {
        return new DicomWebClient(endpoint, http, true);
    }

    DicomWebEndpoint endpoint() {
        return endpoint;
    }

    /** Receives each retrieved instance as soon as it has arrived. */
    @FunctionalInterface
    public interface PartConsumer {
        void accept(int index, byte[] part) throws java.io.IOException;

        /**
         * Forgets every part received so far, because the series is retrieved again from the start; false when this
         * consumer cannot, and then it is not retrieved again.
         */
        default boolean restart() {
            return false;
        }
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
    public List<JsonNode> seriesMetadata(String studyUid, String seriesUid) {
        List<JsonNode> all = new ArrayList<>();
        getJson("/studies/" + uid(studyUid) + "/series/" + uid(seriesUid) + "/metadata")
                .forEach(all::add);
        return all;
    }

    /** WADO-RS: every instance of a series as a Part-10 byte array, in the order the PACS sent them. */
    public List<byte[]> retrieveSeries(String studyUid, String seriesUid) {
        List<byte[]> parts = new ArrayList<>();
        retrieveSeries(studyUid, seriesUid, new PartConsumer() {
            @Override
            public void accept(int index, byte[] part) {
                parts.add(part);
            }

            @Override
            public boolean restart() {
                parts.clear();
                return true;
            }
        });
        return parts;
    }

    /** WADO-RS, streamed: each instance is handed over as soon as it has arrived; returns the number of parts. */
    int retrieveSeries(String studyUid, String seriesUid, PartConsumer consumer) {
        return retrieveSeries(studyUid, seriesUid, consumer, MultipartParts.Limits.DEFAULT);
    }

    /**
     * The same, within these limits on the parts, their sizes and the whole answer. Asks for Explicit VR Little Endian
     * (the PACS transcodes what it holds compressed); when the PACS refuses or fails to transcode, retrieves the
     * series as stored and leaves the decoding to the reader (DICOM PS3.18 8.7.3.5).
     */
    int retrieveSeries(String studyUid, String seriesUid, PartConsumer consumer, MultipartParts.Limits limits) {
        String path = "/studies/" + uid(studyUid) + "/series/" + uid(seriesUid);
        int[] received = {0};
        HttpExchange.BodyReader<Integer> reader = (type, body) -> MultipartParts.read(
                body,
                type,
                (index, part) -> {
                    received[0]++;
                    consumer.accept(index, part);
                },
                limits);
        if (asStoredOnly) {
            return http.get(path, AS_STORED, reader);
        }
        try {
            return http.getOnce(path, UNCOMPRESSED, reader);
        } catch (DicomWebException refused) {
            if (!mayBeTranscodingFailure(refused) || (received[0] > 0 && !consumer.restart())) {
                throw refused;
            }
            LOG.info(
                    "PACS {} did not send a series as Explicit VR Little Endian (status {}): retrieving it as stored",
                    http.display(),
                    refused.status());
            return http.get(path, AS_STORED, reader);
        }
    }

    /**
     * A refusal of the transfer syntax (400, 406, 415: PS3.18 8.7.3.5), a failure to produce it (500, 501), or an
     * answer cut short as it was produced (Orthanc stops a series at the first instance it cannot transcode). Not a
     * connection failure, an authorization failure or a limit of ours.
     */
    private static boolean mayBeTranscodingFailure(DicomWebException e) {
        if (e.getCause() instanceof MultipartParts.LimitExceeded) {
            return false;
        }
        int status = e.status();
        return status == 400 || status == 406 || status == 415 || status == 500 || status == 501 || status == 200;
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

    /**
     * What a STOW-RS store answered, per instance (DICOM PS3.18 10.5.3, Store Instances Response Module).
     *
     * @param stored the SOP Instance UIDs of the Referenced SOP Sequence (0008,1199)
     * @param failed the SOP Instance UIDs of the Failed SOP Sequence (0008,1198), each with its Failure Reason
     *     (0008,1197), -1 when none was given
     */
    public record StowOutcome(List<String> stored, java.util.Map<String, Integer> failed) {}

    /**
     * STOW-RS, answered per instance: what the PACS stored and what it refused. A refusal of the whole request (4xx
     * or 5xx, 409 included) is a {@link DicomWebException}.
     */
    public StowOutcome stow(List<byte[]> instances) {
        MultipartParts.Body body = MultipartParts.ofDicom(instances);
        JsonNode answer =
                http.post("/studies", body.contentType(), body.bytes(), DICOM_JSON, (type, in) -> JSON.readTree(in));
        if (answer == null) {
            answer = JSON.missingNode();
        }
        List<String> stored = new ArrayList<>();
        answer.path("00081199").path("Value").forEach(item -> stored.add(DicomJson.text(item, "00081155")));
        java.util.Map<String, Integer> failed = new java.util.LinkedHashMap<>();
        answer.path("00081198")
                .path("Value")
                .forEach(item -> failed.put(DicomJson.text(item, "00081155"), DicomJson.integer(item, "00081197", -1)));
        return new StowOutcome(stored, failed);
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
