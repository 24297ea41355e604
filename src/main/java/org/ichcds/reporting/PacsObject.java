package org.ichcds.reporting;

/**
 * A DICOM object this server wrote back to the PACS for an analysis, as the FHIR report links it.
 *
 * @param kind what the object is
 * @param sopInstanceUid its SOP Instance UID
 * @param retrieveUrl its WADO-RS URL (DICOM PS3.18 10.4: {@code …/studies/{study}/series/{series}/instances/{sop}})
 */
public record PacsObject(Kind kind, String sopInstanceUid, String retrieveUrl) {

    /** The kinds of objects written back. */
    public enum Kind {
        /** A Comprehensive SR following TID 1500: the findings, probabilities and boxes. */
        STRUCTURED_REPORT,
        /** A Grayscale Softcopy Presentation State that draws the boxes on the flagged slices. */
        PRESENTATION_STATE
    }

    public PacsObject {
        Require.present("kind", kind);
        Require.dicomUid("SOP Instance UID", sopInstanceUid);
        Require.text("retrieve URL", retrieveUrl);
    }
}
