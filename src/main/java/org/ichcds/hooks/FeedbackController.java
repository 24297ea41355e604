package org.ichcds.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.ichcds.audit.AuditEntry;
import org.ichcds.audit.AuditKind;
import org.ichcds.audit.AuditRecorder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /cds-services/{id}/feedback} (CDS Hooks 2.0 §feedback): validated, stored in {@code app.cds_feedback},
 * counted in the metric {@code ichcds.cds.feedback} (tags {@code service}, {@code outcome}).
 */
@RestController
class FeedbackController {

    private final CdsServiceCatalog catalog;
    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private final ObjectMapper json = new ObjectMapper();
    private final AuditRecorder trail;

    FeedbackController(CdsServiceCatalog catalog, JdbcClient jdbc, MeterRegistry meters, AuditRecorder trail) {
        this.trail = trail;
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.meters = meters;
    }

    @PostMapping("/cds-services/{id}/feedback")
    @Transactional
    ResponseEntity<Void> feedback(
            @PathVariable String id,
            @RequestBody(required = false) String body,
            @RequestAttribute(name = CdsSecurityFilter.CLIENT_ATTRIBUTE, required = false) JwtVerifier.Verified client,
            HttpServletRequest servlet) {
        AuditEntry.Who who = new AuditEntry.Who(
                client == null ? null : client.issuer(),
                client == null ? null : client.subject(),
                null,
                servlet.getRemoteAddr());
        List<Feedback> items;
        try {
            if (catalog.find(id).isEmpty()) {
                throw new CdsRequestException(HttpStatus.NOT_FOUND, "no CDS service with id " + id);
            }
            items = Feedback.parseAll(read(body));
        } catch (CdsRequestException e) {
            trail.record(AuditEntry.now(
                    AuditKind.HOOK_FEEDBACK,
                    id,
                    AuditEntry.Outcome.MINOR_FAILURE,
                    "HTTP " + e.status().value(),
                    who,
                    AuditEntry.What.none()));
            throw e;
        }
        Timestamp now = Timestamp.from(Instant.now());
        for (Feedback item : items) {
            jdbc.sql("INSERT INTO app.cds_feedback (service_id, card_uuid, outcome, accepted_suggestions,"
                            + " override_system, override_code, override_comment, outcome_time, received_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(
                            id,
                            item.card(),
                            item.outcome(),
                            item.acceptedSuggestions().isEmpty() ? null : String.join(",", item.acceptedSuggestions()),
                            item.overrideSystem(),
                            item.overrideCode(),
                            truncate(item.overrideComment()),
                            Timestamp.from(item.outcomeTimestamp()),
                            now)
                    .update();
            meters.counter("ichcds.cds.feedback", "service", id, "outcome", item.outcome())
                    .increment();
        }
        trail.record(AuditEntry.now(
                AuditKind.HOOK_FEEDBACK,
                id,
                AuditEntry.Outcome.SUCCESS,
                items.size() + " feedback item(s)",
                who,
                new AuditEntry.What(
                        null,
                        null,
                        null,
                        items.stream().map(f -> f.card() + " " + f.outcome()).collect(Collectors.joining(", ")))));
        return ResponseEntity.ok().build();
    }

    private JsonNode read(String body) {
        try {
            return body == null ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw CdsRequestException.badRequest("the feedback body is not valid JSON");
        }
    }

    private static String truncate(String comment) {
        return comment == null || comment.length() <= 2000 ? comment : comment.substring(0, 2000);
    }
}
