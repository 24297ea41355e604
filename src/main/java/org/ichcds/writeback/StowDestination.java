package org.ichcds.writeback;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.DicomWebException;

/**
 * The PACS the objects go to, by STOW-RS. A store counts as done only when the answer names every object in its
 * Referenced SOP Sequence and none in its Failed SOP Sequence (DICOM PS3.18 10.5.3): a 200 or 202 that leaves one out
 * is a failure, recorded with the reasons the PACS gave.
 */
final class StowDestination implements PacsWriteback.Destination {

    private final DicomWebClient client;

    StowDestination(DicomWebClient client) {
        this.client = client;
    }

    @Override
    public void store(List<String> sopInstanceUids, List<byte[]> instances) throws IOException {
        DicomWebClient.StowOutcome outcome;
        try {
            outcome = client.stow(instances);
        } catch (DicomWebException e) {
            throw new IOException(e.getMessage(), e);
        }
        List<String> missing = new ArrayList<>();
        for (String sop : sopInstanceUids) {
            if (!outcome.stored().contains(sop) || outcome.failed().containsKey(sop)) {
                missing.add(sop);
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException("the PACS did not store " + missing.size() + " of " + sopInstanceUids.size()
                    + " objects" + reasons(outcome.failed()));
        }
    }

    /** PS3.18 Table 10.5.3-3 / PS3.4 Annex GG failure reasons, in hexadecimal as the standard writes them. */
    private static String reasons(Map<String, Integer> failed) {
        if (failed.isEmpty()) {
            return " (not listed as stored)";
        }
        List<String> reasons = failed.values().stream()
                .map(r -> r < 0 ? "none given" : String.format("%04X", r))
                .toList();
        return " (failure reasons " + String.join(", ", reasons) + ")";
    }
}
