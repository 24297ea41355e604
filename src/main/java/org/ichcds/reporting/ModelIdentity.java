package org.ichcds.reporting;

/**
 * The model that produced a set of findings.
 *
 * @param id the model id from its manifest (e.g. {@code ich-phantom})
 * @param version the model version from its manifest
 * @param name a human-readable name, shown as the source of every card
 * @param deviceUid a DICOM UID ({@code 2.25.…}) that is stable per model version; it identifies the FHIR Device
 */
public record ModelIdentity(String id, String version, String name, String deviceUid) {

    public ModelIdentity {
        Require.text("model id", id);
        Require.text("model version", version);
        Require.text("model name", name);
        Require.dicomUid("model device UID", deviceUid);
    }
}
