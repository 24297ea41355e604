package org.ichcds.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ichcds.dicom.InstanceHeader;

/**
 * The answer to a STOW-RS request (DICOM PS3.18 10.5.3, in the DICOM JSON model of PS3.18 F.2): every instance stored
 * in ReferencedSOPSequence (0008,1199), every one refused in FailedSOPSequence (0008,1198) with its FailureReason
 * (0008,1197). 200 when all were stored, 202 when some were, 409 when none was.
 */
final class StowResponse {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode body = JSON.createObjectNode();
    private int stored;
    private int failed;

    void stored(InstanceHeader header) {
        ObjectNode item = sequence("00081199").addObject();
        uids(item, header);
        stored++;
    }

    /** A refused instance; its UIDs when its header could be read. */
    void failed(InstanceHeader header, int reason) {
        ObjectNode item = sequence("00081198").addObject();
        if (header != null) {
            uids(item, header);
        }
        item.putObject("00081197").put("vr", "US").putArray("Value").add(reason);
        failed++;
    }

    int stored() {
        return stored;
    }

    int failed() {
        return failed;
    }

    /** PS3.18 10.5.3.1: 200 all stored, 202 some, 409 none. */
    int status() {
        if (failed == 0 && stored > 0) {
            return 200;
        }
        return stored > 0 ? 202 : 409;
    }

    String json() {
        return body.toString();
    }

    private ArrayNode sequence(String tag) {
        ObjectNode element =
                body.has(tag) ? (ObjectNode) body.get(tag) : body.putObject(tag).put("vr", "SQ");
        return element.has("Value") ? (ArrayNode) element.get("Value") : element.putArray("Value");
    }

    private static void uids(ObjectNode item, InstanceHeader header) {
        // ReferencedSOPClassUID (0008,1150), ReferencedSOPInstanceUID (0008,1155)
        item.putObject("00081150").put("vr", "UI").putArray("Value").add(header.sopClassUid());
        item.putObject("00081155").put("vr", "UI").putArray("Value").add(header.sopInstanceUid());
    }
}
