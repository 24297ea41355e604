package org.ichcds.demo;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.ichcds.http.OutgoingHttp;

/**
 * The FHIR REST calls the demo, the benchmarks and the tests make as an EHR would (FHIR R4 §3.1.0: create and read),
 * on the project's one HTTP client.
 */
public final class FhirRest {

    // FHIR R4 §3.1.0.1.2: the JSON media type
    private static final ContentType FHIR_JSON = ContentType.create("application/fhir+json", StandardCharsets.UTF_8);

    private final String base;
    private final FhirContext fhir;
    private final CloseableHttpClient http = OutgoingHttp.shared(Duration.ofSeconds(10), Duration.ofSeconds(60));
    private final Supplier<String> accessToken;

    /**
     * @param base the FHIR server's base URL, e.g. {@code http://127.0.0.1:8080/fhir}
     * @param accessToken a current bearer access token for each call (the server's {@code /fhir} requires one)
     */
    public FhirRest(String base, FhirContext fhir, Supplier<String> accessToken) {
        this.base = base.replaceAll("/+$", "");
        this.fhir = fhir;
        this.accessToken = accessToken;
    }

    /** Creates the resource (POST [base]/[type]) and returns its new id as a relative reference. */
    IdType create(IBaseResource resource) {
        HttpPost post = new HttpPost(URI.create(base + "/" + fhir.getResourceType(resource)));
        post.setEntity(new StringEntity(fhir.newJsonParser().encodeResourceToString(resource), FHIR_JSON));
        return call(post, 201, response -> {
            Header location = response.getFirstHeader(HttpHeaders.LOCATION);
            if (location == null) {
                throw new IOException("no Location in the answer to POST " + post.getRequestUri());
            }
            return new IdType(location.getValue()).toUnqualifiedVersionless();
        });
    }

    /** Reads a resource (GET [base]/[type]/[id]) by its relative reference, e.g. {@code ImagingStudy/12}. */
    public <T extends IBaseResource> T read(Class<T> type, String reference) {
        HttpGet get = new HttpGet(URI.create(base + "/" + reference));
        return call(
                get,
                200,
                response -> fhir.newJsonParser()
                        .parseResource(type, EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
    }

    private <T> T call(HttpUriRequestBase request, int expected, HttpClientResponseHandler<T> answer) {
        request.setHeader(HttpHeaders.ACCEPT, FHIR_JSON.getMimeType());
        request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken.get());
        try {
            return http.execute(request, response -> {
                if (response.getCode() != expected) {
                    throw new IOException(
                            request.getMethod() + " " + request.getRequestUri() + " answered " + response.getCode());
                }
                return answer.handleResponse(response);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("FHIR server " + base + ": " + e.getMessage(), e);
        }
    }
}
