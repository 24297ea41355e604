package org.ichcds.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.ichcds.audit.AuditEntry;
import org.ichcds.audit.AuditKind;
import org.ichcds.audit.AuditRecorder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Audits every read and search of AI results (DiagnosticReport, Observation) and of the audit trail itself through
 * {@code /fhir}, answered or refused: one entry per patient whose data was returned (IHE Basic Audit Log Patterns
 * record a query once per patient), or one without a patient when none was. Calls refused before HAPI (no or a bad
 * token) are audited by {@link FhirSecurityConfig}.
 */
@Interceptor
final class FhirAccessAudit {

    private static final Set<String> AUDITED = Set.of("DiagnosticReport", "Observation", "AuditEvent");
    // one search page returns at most this many patients' entries; a bigger page is recorded as one entry per patient
    // up to this many and one more saying how many were left out
    private static final int MAX_PATIENTS = 100;

    private final AuditRecorder trail;

    FhirAccessAudit(AuditRecorder trail) {
        this.trail = trail;
    }

    // after the authorization interceptor's check of what is returned (which may still refuse the answer)
    @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = 1000)
    public void answered(RequestDetails request, IBaseResource response) {
        AuditKind kind = kind(request);
        if (kind == null) {
            return;
        }
        Set<String> patients = patients(response);
        AuditEntry.What what = new AuditEntry.What(null, null, null, query(request));
        AuditEntry.Who who = who(request);
        String interaction = interaction(request);
        if (patients.isEmpty()) {
            trail.record(AuditEntry.now(kind, interaction, AuditEntry.Outcome.SUCCESS, null, who, what));
        }
        int recorded = 0;
        for (String patient : patients) {
            if (recorded++ == MAX_PATIENTS) {
                trail.record(AuditEntry.now(
                        kind,
                        interaction,
                        AuditEntry.Outcome.SUCCESS,
                        (patients.size() - MAX_PATIENTS) + " more patients in this answer",
                        who,
                        what));
                break;
            }
            trail.record(AuditEntry.now(
                    kind, interaction, AuditEntry.Outcome.SUCCESS, null, who, what.withPatient(patient)));
        }
    }

    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean failed(RequestDetails request, BaseServerResponseException e) {
        AuditKind kind = kind(request);
        if (kind != null) {
            trail.record(AuditEntry.now(
                    kind,
                    interaction(request),
                    AuditEntry.Outcome.ofStatus(e.getStatusCode()),
                    "HTTP " + e.getStatusCode(),
                    who(request),
                    new AuditEntry.What(null, null, null, query(request))));
        }
        return true;
    }

    private static AuditKind kind(RequestDetails request) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == null) {
            return null;
        }
        String type = request.getResourceName();
        return switch (operation) {
            case READ, VREAD, HISTORY_INSTANCE, HISTORY_TYPE -> AUDITED.contains(type) ? AuditKind.FHIR_READ : null;
            case SEARCH_TYPE -> AUDITED.contains(type) ? AuditKind.FHIR_SEARCH : null;
            // a page of a search, a search across types: what was searched for is no longer in the request
            case GET_PAGE, SEARCH_SYSTEM, HISTORY_SYSTEM -> AuditKind.FHIR_SEARCH;
            default -> null;
        };
    }

    private static String interaction(RequestDetails request) {
        String type = request.getResourceName();
        return request.getRestOperationType().getCode() + (type == null ? "" : " " + type);
    }

    /** The request path and query (what was asked for; it may hold identifiers, which is why it is audited). */
    private static String query(RequestDetails request) {
        String path = request.getCompleteUrl();
        String base = request.getFhirServerBase();
        String relative = base != null && path != null && path.startsWith(base) ? path.substring(base.length()) : path;
        return relative != null && relative.startsWith("/") ? relative.substring(1) : relative;
    }

    static AuditEntry.Who who(RequestDetails request) {
        String source = request instanceof ServletRequestDetails servlet
                ? servlet.getServletRequest().getRemoteAddr()
                : null;
        return caller(source);
    }

    /** The verified token's issuer, client and user ({@code fhirUser}), and the caller's address. */
    static AuditEntry.Who caller(String source) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            return new AuditEntry.Who(null, null, null, source);
        }
        Jwt jwt = token.getToken();
        return new AuditEntry.Who(
                jwt.getIssuer() == null ? null : jwt.getIssuer().toString(),
                TokenScopes.client(jwt),
                jwt.getClaimAsString("fhirUser"),
                source);
    }

    private static Set<String> patients(IBaseResource response) {
        Set<String> patients = new LinkedHashSet<>();
        if (response instanceof Bundle bundle) {
            bundle.getEntry().forEach(e -> addPatient(e.getResource(), patients));
        } else {
            addPatient(response, patients);
        }
        return patients;
    }

    private static void addPatient(IBaseResource resource, Set<String> patients) {
        String subject = resource instanceof DiagnosticReport report && report.hasSubject()
                ? report.getSubject().getReference()
                : resource instanceof Observation observation && observation.hasSubject()
                        ? observation.getSubject().getReference()
                        : null;
        if (subject != null) {
            patients.add(subject);
        }
    }
}
