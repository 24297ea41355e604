package org.ichcds.intake;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.ichcds.analysis.DicomWebAccess;
import org.ichcds.audit.AuditEntry;
import org.ichcds.dicom.StudyLimits;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * STOW-RS, {@code POST /dicom-web/studies} (DICOM PS3.18 10.5): a {@code multipart/related; type="application/dicom"}
 * body whose parts are streamed one by one into the spool (each within what the spool has left and the instance
 * limit), never held whole in memory. The caller's token and scope were checked by {@link StowSecurityConfig}.
 */
@RestController
// on only when switched on: a controller found by the component scan is created whatever @Bean method would guard it
@ConditionalOnProperty(name = "ichcds.intake.stow.enabled", havingValue = "true")
class StowController {

    private static final String DICOM_JSON = "application/dicom+json";
    // MIME headers of a part are a few short lines (PS3.18 8.6.1.2); these bound hostile ones
    private static final MimeConfig STRICT = new MimeConfig.Builder()
            .setStrictParsing(true)
            .setMaxLineLen(8_192)
            .setMaxHeaderCount(100)
            .setMaxHeaderLen(16_384)
            .setMaxContentLen(-1)
            .build();

    private final StudyIntake intake;
    private final int maxParts;

    StowController(StudyIntake intake, DicomWebAccess dicomWeb) {
        StudyLimits limits = dicomWeb.limits();
        this.intake = intake;
        // a study may hold at most this many instances (ichcds.dicomweb.limits.*): a longer request is refused
        this.maxParts = Math.multiplyExact(limits.maxSeries(), limits.maxInstances());
    }

    @PostMapping("/dicom-web/studies")
    ResponseEntity<String> store(HttpServletRequest request) throws IOException {
        String contentType = request.getContentType() == null ? "" : request.getContentType();
        String lower = contentType.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("multipart/related") || !lower.replace("\"", "").contains("type=application/dicom")) {
            return ResponseEntity.status(415)
                    .body("STOW-RS takes multipart/related; type=\"application/dicom\" (DICOM PS3.18 10.5.1)\n");
        }
        AuditEntry.Who who = caller(request);
        StowResponse response = new StowResponse();
        MimeTokenStream stream = new MimeTokenStream(STRICT);
        stream.parseHeadless(request.getInputStream(), contentType);
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if (state == EntityState.T_BODY) {
                    part(stream.getDecodedInputStream(), response, who);
                }
            }
        } catch (MimeException | IOException malformed) {
            if (response.stored() + response.failed() == 0) {
                return ResponseEntity.badRequest().body("the body is not a readable multipart/related body\n");
            }
            response.failed(null, Refusal.CANNOT_UNDERSTAND); // the rest of the body is lost: say so
        }
        return ResponseEntity.status(response.status())
                .header("Content-Type", DICOM_JSON)
                .body(response.json());
    }

    private void part(InputStream in, StowResponse response, AuditEntry.Who who) throws IOException {
        if (response.stored() + response.failed() >= maxParts) {
            Refusal refusal = new Refusal(
                    Refusal.OUT_OF_RESOURCES,
                    "more instances in one request than a study may"
                            + " hold (ichcds.dicomweb.limits.max-series x max-instances)");
            intake.refused("STOW-RS", who, null, refusal);
            response.failed(null, refusal.status());
            return;
        }
        Path file = intake.spool().newIncomingFile();
        long room = intake.spool().room();
        if (!copyAtMost(in, file, room)) {
            Files.deleteIfExists(file);
            Refusal refusal = new Refusal(
                    Refusal.OUT_OF_RESOURCES,
                    "the instance is larger than the spool has room"
                            + " for or than ichcds.dicomweb.limits.max-instance-size");
            intake.refused("STOW-RS", who, null, refusal);
            response.failed(null, refusal.status());
            return;
        }
        StudyIntake.Received received = intake.receive(file, "STOW-RS", who);
        if (received.refusal() == null) {
            response.stored(received.header());
        } else {
            response.failed(received.header(), received.refusal().status());
        }
    }

    /** Copies the part to the file; false (the rest skipped) when it is larger than {@code max}. */
    private static boolean copyAtMost(InputStream in, Path file, long max) throws IOException {
        long total = 0;
        byte[] buffer = new byte[65536];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > max) {
                    return false;
                }
                out.write(buffer, 0, n);
            }
        }
        return true;
    }

    /** Who called: the token's issuer and client, and the address the call came from. */
    static AuditEntry.Who caller(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken jwt) {
            String client = jwt.getToken().getClaimAsString("client_id");
            return new AuditEntry.Who(
                    String.valueOf(jwt.getToken().getIssuer()),
                    client != null ? client : jwt.getToken().getSubject(),
                    null,
                    request.getRemoteAddr());
        }
        return new AuditEntry.Who(null, null, null, request.getRemoteAddr());
    }
}
