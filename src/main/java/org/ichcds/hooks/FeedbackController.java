package org.ichcds.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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

    FeedbackController(CdsServiceCatalog catalog, JdbcClient jdbc, MeterRegistry meters) {
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.meters = meters;
    }

    @PostMapping("/cds-services/{id}/feedback")
    @Transactional
    ResponseEntity<Void> feedback(@PathVariable String id, @RequestBody(required = false) String body) {
        if (catalog.find(id).isEmpty()) {
            throw new CdsRequestException(HttpStatus.NOT_FOUND, "no CDS service with id " + id);
        }
        List<Feedback> items = Feedback.parseAll(read(body));
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
