package org.ichcds.viewer;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.ichcds.analysis.AnalysisJob;
import org.ichcds.audit.AuditEntry;
import org.ichcds.audit.AuditKind;
import org.ichcds.audit.AuditRecorder;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The clinician's page behind every card's link: {@code /viewer/analyses/{id}?token=…}, its data and its slice images.
 * The token is checked before anything else (an unknown analysis answers 404 only to a valid token, so the viewer is no
 * oracle of which analyses exist): a missing token gets 401, a forged, expired or other analysis's one 403. On first
 * open the token moves into an HttpOnly, SameSite=Strict cookie scoped to that analysis's path, and the page reloads
 * itself without it, so the token leaves the address bar, the history and proxy logs.
 */
@RestController
class ViewerController {

    private final ViewerTokens tokens;
    private final ViewerData data;
    private final SliceImages images;
    private final String page;
    private final String errorPage;
    private final AuditRecorder trail;

    static final String COOKIE = "ichcds_viewer";

    private final java.time.Duration cookieLifetime;

    ViewerController(
            SignedViewerLinks links,
            ViewerData data,
            SliceImages images,
            ViewerProperties properties,
            AuditRecorder trail)
            throws IOException {
        this.trail = trail;
        this.cookieLifetime = properties.linkTtl();
        this.tokens = links.tokens();
        this.data = data;
        this.images = images;
        this.page = resource("viewer/page.html");
        this.errorPage = resource("viewer/error.html");
    }

    @GetMapping(value = "/viewer/analyses/{id}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(
            @PathVariable String id,
            @RequestParam(required = false) String token,
            @CookieValue(name = COOKIE, required = false) String cookie,
            HttpServletRequest request) {
        try {
            ResponseEntity<String> page = open(id, token, cookie, request.isSecure());
            audit(request, id, AuditEntry.Outcome.SUCCESS, token != null ? "link opened" : "page shown");
            return page;
        } catch (ViewerException e) {
            audit(request, id, AuditEntry.Outcome.ofStatus(e.status().value()), e.title());
            throw e;
        }
    }

    private ResponseEntity<String> open(String id, String token, String cookie, boolean secure) {
        if (token != null) {
            check(token, id);
            return moveTokenToCookie(id, token, secure);
        }
        check(cookie, id);
        AnalysisJob job = data.job(id).orElseThrow(() -> ViewerException.notFound());
        if (job.status() != AnalysisJob.Status.DONE) {
            throw new ViewerException(
                    HttpStatus.CONFLICT,
                    "Analysis not finished",
                    "The analysis of this study is not finished yet. Open the link again in a minute.");
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(page);
    }

    /**
     * Every open of the page, and every refusal, in the audit trail. The holder of a link is not known by name: the
     * link is the credential, issued into one patient's record. The patient and study are named only once the link
     * was found valid (a refused link learns nothing, and records no analysis it may not see).
     */
    private void audit(HttpServletRequest request, String id, AuditEntry.Outcome outcome, String text) {
        AnalysisJob job = outcome == AuditEntry.Outcome.SUCCESS ? data.job(id).orElse(null) : null;
        trail.record(AuditEntry.now(
                AuditKind.VIEWER_OPEN,
                "viewer",
                outcome,
                text,
                new AuditEntry.Who(null, "viewer link", null, request.getRemoteAddr()),
                job == null
                        ? new AuditEntry.What(null, null, null, "analysis " + id)
                        : new AuditEntry.What(job.patientRef(), job.studyUid(), job.id(), null)));
    }

    @GetMapping(value = "/viewer/analyses/{id}/data.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> data(
            @PathVariable String id,
            @RequestParam(required = false) String token,
            @CookieValue(name = COOKIE, required = false) String cookie) {
        check(token != null ? token : cookie, id);
        AnalysisJob job = data.job(id).orElseThrow(() -> ViewerException.notFound());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(data.view(job));
    }

    @GetMapping(value = "/viewer/analyses/{id}/slices/{index}.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> slice(
            @PathVariable String id,
            @PathVariable int index,
            @RequestParam(defaultValue = "brain") String window,
            @RequestParam(required = false) String token,
            @CookieValue(name = COOKIE, required = false) String cookie) {
        check(token != null ? token : cookie, id);
        AnalysisJob job = data.job(id).orElseThrow(() -> ViewerException.notFound());
        byte[] png = images.png(job, data.result(job), index, DisplayWindow.named(window));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(png);
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(ViewerException.class)
    ResponseEntity<String> refused(ViewerException e) {
        String body = errorPage.replace("{{title}}", escape(e.title())).replace("{{message}}", escape(e.getMessage()));
        return ResponseEntity.status(e.status())
                .contentType(MediaType.TEXT_HTML)
                .body(body);
    }

    /**
     * Sets the cookie and reloads the page without the token. A meta refresh, not a redirect: a navigation that starts
     * in the EHR is cross-site, and a browser does not send a SameSite=Strict cookie on a redirect within it; the
     * reload starts from this page, on this site.
     */
    private ResponseEntity<String> moveTokenToCookie(String id, String token, boolean secure) {
        String path = "/viewer/analyses/" + id;
        ResponseCookie cookie = ResponseCookie.from(COOKIE, token)
                .path(path)
                .httpOnly(true)
                .secure(secure)
                .sameSite("Strict")
                .maxAge(cookieLifetime)
                .build();
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url="
                + escape(path) + "\"><title>Opening the AI triage viewer</title></head><body><p><a href=\""
                + escape(path) + "\">Open the viewer</a></p></body></html>";
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.SET_COOKIE, cookie.toString())
                .contentType(MediaType.TEXT_HTML)
                .body(html);
    }

    private void check(String token, String analysisId) {
        switch (tokens.verify(token, analysisId)) {
            case VALID -> {}
            case MISSING ->
                throw new ViewerException(
                        HttpStatus.UNAUTHORIZED,
                        "Link incomplete",
                        "This page opens only from the link in the clinical decision support card.");
            case EXPIRED ->
                throw new ViewerException(
                        HttpStatus.FORBIDDEN,
                        "Link expired",
                        "This link has expired. Open the card in the patient's record again for a fresh link.");
            default ->
                throw new ViewerException(
                        HttpStatus.FORBIDDEN, "Link not valid", "This link is not valid for this analysis.");
        }
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
