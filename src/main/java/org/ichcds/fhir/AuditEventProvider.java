package org.ichcds.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.ichcds.audit.AuditEntry;
import org.ichcds.audit.AuditKind;
import org.ichcds.audit.AuditQuery;
import org.ichcds.audit.AuditStore;

/**
 * {@code /fhir/AuditEvent}: the audit trail, read-only, served from its own table (not HAPI's store, so no FHIR client
 * can write, change or delete an entry). Read by id; search by {@code date}, {@code patient}, {@code subtype} and
 * {@code outcome}, newest first, paged with {@code _count} and {@code _offset}. Who may read it is decided by
 * {@link SmartAuthorizationInterceptor} (an AuditEvent scope only).
 */
final class AuditEventProvider implements IResourceProvider {

    private static final int DEFAULT_COUNT = 50;

    private final AuditStore store;

    AuditEventProvider(AuditStore store) {
        this.store = store;
    }

    @Override
    public Class<AuditEvent> getResourceType() {
        return AuditEvent.class;
    }

    @Read
    public AuditEvent read(@IdParam IdType id) {
        if (!id.isIdPartValidLong()) {
            throw new ResourceNotFoundException(id);
        }
        return store.find(id.getIdPartAsLong())
                .map(AuditEvents::of)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
            @OptionalParam(name = AuditEvent.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = AuditEvent.SP_SUBTYPE) TokenParam subtype,
            @OptionalParam(name = AuditEvent.SP_OUTCOME) TokenParam outcome,
            @Offset Integer offset,
            @Count Integer count) {
        int pageSize = count == null ? DEFAULT_COUNT : Math.min(count, AuditQuery.MAX_COUNT);
        int from = offset == null ? 0 : offset;
        if (from < 0 || pageSize < 0) {
            throw new InvalidRequestException("_offset and _count must not be negative");
        }
        AuditQuery query = new AuditQuery(
                bound(date == null ? null : date.getLowerBoundAsInstant()),
                bound(date == null ? null : date.getUpperBoundAsInstant()),
                Optional.ofNullable(patient).map(AuditEventProvider::patientReference),
                Optional.ofNullable(subtype).map(AuditEventProvider::kind),
                Optional.ofNullable(outcome).map(AuditEventProvider::outcome),
                from,
                pageSize);
        List<AuditEvent> page =
                store.search(query).stream().map(AuditEvents::of).toList();
        SimpleBundleProvider bundle = new SimpleBundleProvider(page);
        bundle.setCurrentPageOffset(from);
        bundle.setCurrentPageSize(pageSize);
        bundle.setSize(store.count(query));
        return bundle;
    }

    private static Optional<Instant> bound(Date date) {
        return Optional.ofNullable(date).map(Date::toInstant);
    }

    private static String patientReference(ReferenceParam patient) {
        String type = patient.getResourceType();
        if (type != null && !type.equals("Patient")) {
            throw new InvalidRequestException("patient must name a Patient, not a " + type);
        }
        return "Patient/" + patient.getIdPart();
    }

    private static AuditKind kind(TokenParam subtype) {
        return AuditKind.ofCode(subtype.getValue())
                .orElseThrow(() -> new InvalidRequestException("unknown subtype " + subtype.getValue()
                        + "; the trail records read, search-type, hook-call, hook-feedback, access-refused,"
                        + " viewer-open and study-received"));
    }

    private static AuditEntry.Outcome outcome(TokenParam outcome) {
        return switch (outcome.getValue()) {
            case "0" -> AuditEntry.Outcome.SUCCESS;
            case "4" -> AuditEntry.Outcome.MINOR_FAILURE;
            case "8" -> AuditEntry.Outcome.SERIOUS_FAILURE;
            default ->
                throw new InvalidRequestException(
                        "outcome is 0, 4 or 8 (FHIR R4 audit-event-outcome; the trail records no 12)");
        };
    }
}
