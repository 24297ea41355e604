package org.ichcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ichcds.audit.AuditEntry;
import org.ichcds.audit.AuditKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.CorsFilter;

@ExtendWith(OutputCaptureExtension.class)
class CdsSecurityFilterTest {

    private static final String SERVICE = "/cds-services/ich-study-complete";
    private static final String SANDBOX = "https://sandbox.cds-hooks.org";

    @TempDir
    Path dir;

    private CdsSecurityFilter filter;
    private final MockHttpServletResponse response = new MockHttpServletResponse();
    private final MockFilterChain chain = new MockFilterChain();
    private final List<AuditEntry> audited = new ArrayList<>();

    @BeforeEach
    void setUp() {
        filter = new CdsSecurityFilter(new JwtFixture(dir).verifier, null, audited::add);
    }

    private static MockHttpServletRequest request(String method, String path, String token) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path); // http://localhost:80
        if (token != null) {
            request.addHeader("Authorization", "Bearer " + token);
        }
        return request;
    }

    private boolean passed() {
        return chain.getRequest() != null;
    }

    private void assertBare401() throws Exception {
        assertThat(passed()).isFalse();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(response.getContentAsByteArray()).isEmpty();
    }

    @Test
    void serviceCallWithoutTokenGetsABare401AndIsAudited() throws Exception {
        MockHttpServletRequest request = request("POST", SERVICE, null);
        request.setRemoteAddr("10.1.2.3");
        filter.doFilter(request, response, chain);
        assertBare401();
        assertThat(audited).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(AuditKind.HOOK_CALL);
            assertThat(entry.interaction()).isEqualTo("ich-study-complete");
            assertThat(entry.outcome()).isEqualTo(AuditEntry.Outcome.MINOR_FAILURE);
            assertThat(entry.outcomeText()).isEqualTo("HTTP 401: MISSING_TOKEN");
            assertThat(entry.who().source()).isEqualTo("10.1.2.3");
        });
    }

    @Test
    void serviceCallWithAValidTokenPassesWithTheCaller() throws Exception {
        MockHttpServletRequest request =
                request("POST", SERVICE, JwtFixture.token("http://localhost" + SERVICE, "ok-1"));

        filter.doFilter(request, response, chain);

        assertThat(passed()).isTrue();
        assertThat(response.getStatus()).isEqualTo(200);
        JwtVerifier.Verified client = (JwtVerifier.Verified) request.getAttribute(CdsSecurityFilter.CLIENT_ATTRIBUTE);
        assertThat(client.issuer()).isEqualTo(JwtFixture.ISSUER);
        assertThat(audited)
                .as("a passed call is audited by its controller, once")
                .isEmpty();
    }

    @Test
    void feedbackNeedsATokenForTheFeedbackUrl() throws Exception {
        String feedback = SERVICE + "/feedback";
        filter.doFilter(
                request("POST", feedback, JwtFixture.token("http://localhost" + SERVICE, "fb-1")), response, chain);
        assertBare401();

        MockFilterChain next = new MockFilterChain();
        filter.doFilter(
                request("POST", feedback, JwtFixture.token("http://localhost" + feedback, "fb-2")),
                new MockHttpServletResponse(),
                next);
        assertThat(next.getRequest()).isNotNull();
    }

    @Test
    void audienceIsTheConfiguredPublicBaseUrl() throws Exception {
        CdsSecurityFilter behindProxy =
                new CdsSecurityFilter(new JwtFixture(dir).verifier, "https://cds.example.org/ichcds", audited::add);
        behindProxy.doFilter(
                request("POST", SERVICE, JwtFixture.token("http://localhost" + SERVICE, "px-1")), response, chain);
        assertBare401();

        MockFilterChain next = new MockFilterChain();
        String token = JwtFixture.token("https://cds.example.org/ichcds" + SERVICE, "px-2");
        behindProxy.doFilter(request("POST", SERVICE, token), new MockHttpServletResponse(), next);
        assertThat(next.getRequest()).isNotNull();
    }

    /** The token may be good: a database that cannot record its jti is an outage (503), not a refusal (401). */
    @Test
    void aJtiThatCannotBeRecordedGets503AndIsAuditedSo() throws Exception {
        JtiRegistry unreachable = (issuer, jti, keepUntil) -> {
            throw new JwtRejected(JwtRejected.Reason.REPLAY_CHECK_FAILED, issuer);
        };
        CdsSecurityFilter outage = new CdsSecurityFilter(new JwtFixture(dir, unreachable).verifier, null, audited::add);
        outage.doFilter(
                request("POST", SERVICE, JwtFixture.token("http://localhost" + SERVICE, "db-1")), response, chain);

        assertThat(passed()).isFalse();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getHeader("WWW-Authenticate")).isNull();
        assertThat(response.getContentAsString()).contains("OperationOutcome").contains("repeat the call");
        assertThat(audited)
                .singleElement()
                .satisfies(entry -> assertThat(entry.outcomeText()).isEqualTo("HTTP 503: REPLAY_CHECK_FAILED"));
    }

    @Test
    void discoveryWithoutTokenPasses() throws Exception {
        filter.doFilter(request("GET", "/cds-services", null), response, chain);
        assertThat(passed()).isTrue();
    }

    @Test
    void discoveryWithABadTokenIsRefused() throws Exception {
        filter.doFilter(
                request("GET", "/cds-services", JwtFixture.token("http://localhost" + SERVICE, "d-1")),
                response,
                chain);
        assertBare401();
    }

    @Test
    void discoveryWithAGoodTokenPasses() throws Exception {
        filter.doFilter(
                request("GET", "/cds-services", JwtFixture.token("http://localhost/cds-services", "d-2")),
                response,
                chain);
        assertThat(passed()).isTrue();
    }

    @Test
    void otherGetsUnderCdsServicesNeedAToken() throws Exception {
        filter.doFilter(request("GET", SERVICE, null), response, chain);
        assertBare401();
    }

    @Test
    void nonBearerAuthorizationIsRefused() throws Exception {
        MockHttpServletRequest request = request("POST", SERVICE, null);
        request.addHeader("Authorization", "Basic dXNlcjpwYXNz");
        filter.doFilter(request, response, chain);
        assertBare401();
    }

    @Test
    void bearerSchemeIsCaseInsensitive() throws Exception {
        MockHttpServletRequest request = request("POST", SERVICE, null);
        request.addHeader("Authorization", "bearer " + JwtFixture.token("http://localhost" + SERVICE, "case"));
        filter.doFilter(request, response, chain);
        assertThat(passed()).isTrue();
    }

    @Test
    void preflightPassesWithoutAToken() throws Exception {
        MockHttpServletRequest preflight = request("OPTIONS", SERVICE, null);
        preflight.addHeader("Origin", SANDBOX);
        preflight.addHeader("Access-Control-Request-Method", "POST");
        filter.doFilter(preflight, response, chain);
        assertThat(passed()).isTrue();
    }

    @Test
    void pathsOutsideCdsServicesAreNotChecked() throws Exception {
        filter.doFilter(request("POST", "/fhir/Patient", null), response, chain);
        assertThat(passed()).isTrue();
    }

    @Test
    void pathParametersDoNotHideACdsPath() throws Exception {
        filter.doFilter(request("POST", "/cds-services;x=1/ich-study-complete", null), response, chain);
        assertBare401();
    }

    @Test
    void logLineNamesReasonAndIssuerButNeverTheToken(CapturedOutput output) throws Exception {
        String token = JwtFixture.token("http://localhost/cds-services/another-service", "log-1");
        filter.doFilter(request("POST", SERVICE, token), response, chain);

        assertBare401();
        assertThat(output.getAll()).contains("AUDIENCE").contains(JwtFixture.ISSUER);
        assertThat(output.getAll()).doesNotContain(token).doesNotContain(token.split("\\.")[2]);
    }

    @Test
    void corsAnswersPreflightForAllowedOriginsAndLabels401s() throws Exception {
        CorsFilter cors = new CorsFilter(CdsSecurityConfig.corsSource(List.of(SANDBOX)));
        RecordingServlet servlet = new RecordingServlet();

        MockHttpServletRequest preflight = request("OPTIONS", SERVICE, null);
        preflight.addHeader("Origin", SANDBOX);
        preflight.addHeader("Access-Control-Request-Method", "POST");
        preflight.addHeader("Access-Control-Request-Headers", "authorization, content-type");
        new MockFilterChain(servlet, new Filter[] {cors, filter}).doFilter(preflight, response);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo(SANDBOX);
        assertThat(response.getHeader("Access-Control-Allow-Methods")).contains("POST");
        assertThat(response.getHeader("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");

        MockHttpServletRequest call = request("POST", SERVICE, null);
        call.addHeader("Origin", SANDBOX);
        MockHttpServletResponse refused = new MockHttpServletResponse();
        new MockFilterChain(servlet, new Filter[] {cors, filter}).doFilter(call, refused);
        assertThat(refused.getStatus()).isEqualTo(401);
        assertThat(refused.getHeader("Access-Control-Allow-Origin")).isEqualTo(SANDBOX);
        assertThat(servlet.calls).isZero();
    }

    @Test
    void corsRefusesOtherOriginsAndIsOffByDefault() throws Exception {
        MockHttpServletRequest preflight = request("OPTIONS", SERVICE, null);
        preflight.addHeader("Origin", "https://evil.example");
        preflight.addHeader("Access-Control-Request-Method", "POST");
        new CorsFilter(CdsSecurityConfig.corsSource(List.of(SANDBOX))).doFilter(preflight, response, chain);
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();

        MockHttpServletResponse noCors = new MockHttpServletResponse();
        new CorsFilter(CdsSecurityConfig.corsSource(List.of())).doFilter(preflight, noCors, new MockFilterChain());
        assertThat(noCors.getHeader("Access-Control-Allow-Origin")).isNull();
    }

    /** Stands in for the CDS controllers. */
    private static final class RecordingServlet extends HttpServlet {
        int calls;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) {
            calls++;
        }
    }
}
