package org.ichcds.fhir;

import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.ichcds.audit.AuditEntry;
import org.ichcds.audit.AuditKind;
import org.ichcds.audit.AuditStore;
import org.ichcds.identifiers.Identifiers;

/**
 * An audit entry as a FHIR R4 AuditEvent, shaped after IHE Basic Audit Log Patterns: the requesting agent (client
 * identified within its issuer, the user as {@code altId}, the network address), this server as the observer, the
 * patient, study and analysis as entities.
 */
final class AuditEvents {

    static final String ACTIVITY_SYSTEM = "https://ichcds.org/fhir/CodeSystem/ich-audit-activity";
    static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
    private static final String AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    private static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";

    private AuditEvents() {}

    static AuditEvent of(AuditStore.Stored stored) {
        AuditEntry entry = stored.entry();
        AuditEvent event = new AuditEvent();
        event.setId(String.valueOf(stored.id()));
        event.setType(new Coding(AUDIT_EVENT_TYPE, "rest", "Restful Operation"));
        AuditKind kind = entry.kind();
        event.addSubtype(new Coding(
                kind.restfulInteraction() ? RESTFUL_INTERACTION : ACTIVITY_SYSTEM, kind.code(), kind.display()));
        event.setAction(AuditEvent.AuditEventAction.fromCode(kind.action()));
        event.setRecorded(Date.from(entry.time()));
        event.setOutcome(AuditEvent.AuditEventOutcome.fromCode(
                String.valueOf(entry.outcome().code())));
        if (entry.outcomeText() != null) {
            event.setOutcomeDesc(entry.outcomeText());
        }
        event.addAgent(requestor(entry));
        event.setSource(new AuditEvent.AuditEventSourceComponent()
                .setObserver(new Reference().setDisplay("ICH CDS"))
                .addType(new Coding(
                        "http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server")));
        addEntities(event, entry);
        return event;
    }

    private static AuditEventAgentComponent requestor(AuditEntry entry) {
        AuditEntry.Who who = entry.who();
        AuditEventAgentComponent agent = new AuditEventAgentComponent().setRequestor(true);
        agent.setType(new CodeableConcept(new Coding(DICOM, "110153", "Source Role ID")));
        Identifier client = new Identifier().setSystem(who.issuer()).setValue(who.client());
        agent.setWho(new Reference().setIdentifier(client).setDisplay(entry.interaction()));
        if (who.user() != null) {
            agent.setAltId(who.user());
        }
        if (who.source() != null) {
            agent.setNetwork(new AuditEvent.AuditEventAgentNetworkComponent()
                    .setAddress(who.source())
                    .setType(AuditEventAgentNetworkType._2)); // IP address
        }
        return agent;
    }

    private static void addEntities(AuditEvent event, AuditEntry entry) {
        AuditEntry.What what = entry.what();
        if (what.patient() != null) {
            event.addEntity(new AuditEventEntityComponent()
                    .setWhat(new Reference(what.patient()))
                    .setType(new Coding(ENTITY_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient")));
        }
        if (what.study() != null) {
            event.addEntity(new AuditEventEntityComponent()
                    .setWhat(new Reference()
                            .setIdentifier(new Identifier()
                                    .setSystem(Identifiers.DICOM_UID_SYSTEM)
                                    .setValue(Identifiers.OID_URN_PREFIX + what.study())))
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setName("ImagingStudy"));
        }
        if (what.analysis() != null || what.detail() != null) {
            AuditEventEntityComponent entity = new AuditEventEntityComponent()
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "24", "Query"));
            if (what.analysis() != null) {
                entity.setWhat(new Reference()
                        .setIdentifier(new Identifier()
                                .setSystem(Identifiers.ANALYSIS_ID_SYSTEM)
                                .setValue(what.analysis())));
                entity.setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
            }
            if (what.detail() != null) {
                entity.setDescription(what.detail());
            }
            event.addEntity(entity);
        }
    }
}
