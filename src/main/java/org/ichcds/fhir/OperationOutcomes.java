package org.ichcds.fhir;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome;

/** FHIR OperationOutcome bodies for refusals made before HAPI sees a request. */
final class OperationOutcomes {

    private OperationOutcomes() {}

    /**
     * Writes an OperationOutcome with one error issue.
     *
     * @param code an IssueType code: {@code login}, {@code forbidden}, {@code too-costly}
     * @param diagnostics what to do about it; never a token or a request body
     */
    static void write(HttpServletResponse response, int status, String code, String diagnostics) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.fromCode(code))
                .setDiagnostics(diagnostics);
        String body =
                ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().encodeResourceToString(outcome);
        response.setStatus(status);
        response.setContentType("application/fhir+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(body);
    }
}
