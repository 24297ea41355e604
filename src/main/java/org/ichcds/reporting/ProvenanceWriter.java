package org.ichcds.reporting;

import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.ichcds.identifiers.Identifiers;

/** Writes the algorithm Device of a model version and the Provenance that names it as author. */
final class ProvenanceWriter {

    /** The Device identifier of a model version: its DICOM Device UID as a URN (RFC 3001). */
    static Identifier deviceIdentifier(ModelIdentity model) {
        return new Identifier().setSystem(Identifiers.DICOM_UID_SYSTEM).setValue(Identifiers.oidUrn(model.deviceUid()));
    }

    Device device(ModelIdentity model) {
        var device = new Device();
        device.setId(UUID.randomUUID().toString());
        device.getMeta().addProfile(Terminology.DEVICE_PROFILE);
        device.addIdentifier(deviceIdentifier(model));
        device.setStatus(Device.FHIRDeviceStatus.ACTIVE);
        device.addDeviceName().setName(model.name()).setType(Device.DeviceNameType.USERFRIENDLYNAME);
        device.setModelNumber(model.id());
        device.addVersion().setValue(model.version());
        device.getType().setText("Intracranial hemorrhage triage algorithm (AI)");
        return device;
    }

    Provenance provenance(StudyFindings study, Device device, Iterable<? extends Resource> targets) {
        var provenance = new Provenance();
        provenance.setId(UUID.randomUUID().toString());
        provenance.getMeta().addProfile(Terminology.PROVENANCE_PROFILE);
        targets.forEach(t -> provenance.addTarget(new Reference(ReportResources.fullUrl(t))));
        provenance.setRecorded(Date.from(study.analysedAt()));
        provenance
                .addAgent()
                .setType(Terminology.authorAgent())
                .setWho(new Reference(ReportResources.fullUrl(device)).setDisplay(sourceLabel(study.model())));
        provenance
                .addEntity()
                .setRole(Provenance.ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference(study.imagingStudyReference()));
        return provenance;
    }

    /** "ICH phantom model 1.0.0": the name and version readers see. */
    static String sourceLabel(ModelIdentity model) {
        return model.name() + " " + model.version();
    }
}
