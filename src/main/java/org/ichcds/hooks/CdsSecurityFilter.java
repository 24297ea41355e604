package org.ichcds.hooks;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.ichcds.audit.AuditEntry;
import org.ichcds.audit.AuditKind;
import org.ichcds.audit.AuditRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Requires a valid CDS client JWT (CDS Hooks 2.0 §trusting-cds-clients) on every call under {@code /cds-services}:
 * service calls and feedback always; discovery ({@code GET /cds-services}) only when a token is sent. OPTIONS passes
 * (CORS preflight carries no token; it runs no hook). A refused call gets a bare 401 with {@code WWW-Authenticate:
 * Bearer} and no body (CDS Hooks best practices), and one log line with the reason category and issuer, never the
 * token. On success the verified claims are in the request attribute {@link #CLIENT_ATTRIBUTE}.
 */
final class CdsSecurityFilter extends OncePerRequestFilter {

    /** Request attribute holding the {@link JwtVerifier.Verified} claims of the caller. */
    static final String CLIENT_ATTRIBUTE = "org.ichcds.hooks.CdsSecurityFilter.client";

    static final String PREFIX = "/cds-services";

    private static final Logger log = LoggerFactory.getLogger(CdsSecurityFilter.class);
    private static final String BEARER = "Bearer ";

    private final JwtVerifier verifier;
    private final String publicBase;
    private final AuditRecorder trail;
    private final java.util.function.Consumer<JwtRejected.Reason> refusals;
    private final UrlPathHelper paths = new UrlPathHelper();

    /** @param publicBase the base URL clients call, or {@code null} to take it from each request */
    CdsSecurityFilter(JwtVerifier verifier, String publicBase, AuditRecorder trail) {
        this(verifier, publicBase, trail, reason -> {});
    }

    /** @param refusals told the reason of every refused call (the metrics) */
    CdsSecurityFilter(
            JwtVerifier verifier,
            String publicBase,
            AuditRecorder trail,
            java.util.function.Consumer<JwtRejected.Reason> refusals) {
        this.refusals = refusals;
        this.verifier = verifier;
        this.publicBase = publicBase;
        this.trail = trail;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // decoded, without ";" parameters: the path the application routes on
        String path = paths.getPathWithinApplication(request);
        boolean cds = path.equals(PREFIX) || path.startsWith(PREFIX + "/");
        return !cds || "OPTIONS".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = paths.getPathWithinApplication(request);
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean discovery = "GET".equals(request.getMethod()) && path.equals(PREFIX);
        if (authorization == null && discovery) {
            chain.doFilter(request, response);
            return;
        }
        try {
            String token = bearerToken(authorization);
            JwtVerifier.Verified client = verifier.verify(token, base(request) + path);
            request.setAttribute(CLIENT_ATTRIBUTE, client);
        } catch (JwtRejected rejected) {
            refusals.accept(rejected.reason());
            trail.record(AuditEntry.now(
                    path.endsWith("/feedback") ? AuditKind.HOOK_FEEDBACK : AuditKind.HOOK_CALL,
                    path.substring(Math.min(path.length(), PREFIX.length() + 1)),
                    AuditEntry.Outcome.MINOR_FAILURE,
                    (rejected.reason() == JwtRejected.Reason.REPLAY_CHECK_FAILED ? "HTTP 503: " : "HTTP 401: ")
                            + rejected.reason(),
                    new AuditEntry.Who(rejected.issuer(), null, null, request.getRemoteAddr()),
                    AuditEntry.What.none()));
            refuse(response, rejected);
            return;
        }
        chain.doFilter(request, response);
    }

    private static String bearerToken(String authorization) throws JwtRejected {
        if (authorization == null || authorization.isBlank()) {
            throw new JwtRejected(JwtRejected.Reason.MISSING_TOKEN);
        }
        // RFC 7235 §2.1: the auth-scheme is case-insensitive
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new JwtRejected(JwtRejected.Reason.MALFORMED);
        }
        return authorization.substring(BEARER.length()).strip();
    }

    private String base(HttpServletRequest request) {
        if (publicBase != null) {
            return publicBase;
        }
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port) + request.getContextPath();
    }

    private static void refuse(HttpServletResponse response, JwtRejected rejected) throws IOException {
        if (rejected.reason().suspicious()) {
            log.warn("CDS call refused: {} (issuer {})", rejected.reason(), rejected.issuer());
        } else {
            log.info("CDS call refused: {} (issuer {})", rejected.reason(), rejected.issuer());
        }
        if (rejected.reason() == JwtRejected.Reason.REPLAY_CHECK_FAILED) {
            // the token may be good: its jti could not be recorded because the database is unreachable
            unavailable(response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        response.setContentLength(0);
    }

    private static void unavailable(HttpServletResponse response) throws IOException {
        byte[] body = ("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":"
                        + "\"transient\",\"diagnostics\":\"the service cannot check the token against replays at the"
                        + " moment (its database is unreachable); repeat the call in a few seconds\"}]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader(HttpHeaders.RETRY_AFTER, "5");
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
