package org.ichcds.hooks;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of CDS calls as an OperationOutcome with the right status (CDS Hooks 2.0 §cds-service-response: 412 when
 * data is unavailable; the 3.0 ballot asks for an OperationOutcome body). Bad input never yields a 500.
 */
@RestControllerAdvice(assignableTypes = {CdsServicesController.class, FeedbackController.class})
class CdsErrors {

    private static final Logger log = LoggerFactory.getLogger(CdsErrors.class);

    @ExceptionHandler(CdsRequestException.class)
    ResponseEntity<Map<String, Object>> rejected(CdsRequestException e) {
        // the status only: the message may quote what the client sent (ids, references), which stays out of logs
        log.info("CDS call rejected with {}", e.status().value());
        if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            ResponseEntity<Map<String, Object>> unavailable = outcome(e.status(), "transient", e.getMessage());
            return ResponseEntity.status(e.status())
                    .header("Retry-After", "5")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(unavailable.getBody());
        }
        return outcome(e.status(), e.status() == HttpStatus.NOT_FOUND ? "not-found" : "invalid", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return outcome(HttpStatus.BAD_REQUEST, "invalid", "the request body could not be read");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return outcome(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid", "send the request as application/json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return outcome(HttpStatus.METHOD_NOT_ALLOWED, "not-supported", e.getMethod() + " is not supported here");
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<Map<String, Object>> failed(RuntimeException e) {
        log.error("CDS call failed", e);
        return outcome(HttpStatus.INTERNAL_SERVER_ERROR, "exception", "the service failed; see the server log");
    }

    static ResponseEntity<Map<String, Object>> outcome(HttpStatus status, String code, String message) {
        Map<String, Object> issue = Map.of("severity", "error", "code", code, "diagnostics", message);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("resourceType", "OperationOutcome", "issue", List.of(issue)));
    }
}
