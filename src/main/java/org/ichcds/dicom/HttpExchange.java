package org.ichcds.dicom;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.ichcds.http.AddressPolicy;
import org.ichcds.http.OutgoingHttp;

/**
 * One HTTP call to a DICOMweb endpoint with its credentials, timeouts, and bounded retries with exponential backoff
 * on connection errors and 5xx answers. The read timeout applies to every read of the body, which matters for WADO-RS:
 * Orthanc answers with neither a length nor chunking. Connections come from the process's pool for these timeouts.
 */
final class HttpExchange {

    /** Consumes a successful response body. */
    interface BodyReader<T> {
        T read(String contentType, InputStream body) throws IOException;
    }

    private static final int READ_BUFFER = 1 << 20;

    private final DicomWebEndpoint endpoint;
    private final DicomWebSettings settings;
    private final CloseableHttpClient http;

    /** @param addresses where connections may go; {@code null} for a PACS the user named (command line) */
    HttpExchange(DicomWebEndpoint endpoint, DicomWebSettings settings, AddressPolicy addresses) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.http = addresses == null
                ? OutgoingHttp.shared(settings.connectTimeout(), settings.readTimeout())
                : OutgoingHttp.guarded(settings.connectTimeout(), settings.readTimeout(), addresses);
    }

    <T> T get(String path, String accept, BodyReader<T> reader) {
        return call("GET", path, accept, null, null, reader, true);
    }

    /**
     * A GET whose 500 and 501 answers are final rather than retried: a server that cannot produce the representation
     * asked for (Orthanc answers 500 when it cannot transcode) gives the same answer again.
     */
    <T> T getOnce(String path, String accept, BodyReader<T> reader) {
        return call("GET", path, accept, null, null, reader, false);
    }

    <T> T post(String path, String contentType, byte[] body, String accept, BodyReader<T> reader) {
        return call("POST", path, accept, contentType, body, reader, true);
    }

    private <T> T call(
            String method,
            String path,
            String accept,
            String contentType,
            byte[] body,
            BodyReader<T> r,
            boolean retryFailedRepresentations) {
        URI uri = endpoint.resolve(path);
        IOException lastFailure = null;
        int attempts = settings.maxRetries() + 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                pause(settings.retryBackoff().multipliedBy(1L << (attempt - 2)));
            }
            try (ClassicHttpResponse response =
                    http.executeOpen(null, request(method, uri, accept, contentType, body), null)) {
                int status = response.getCode();
                boolean retried = retryFailedRepresentations || (status != 500 && status != 501);
                if (status >= 500 && attempt < attempts && retried) {
                    EntityUtils.consume(response.getEntity());
                    continue;
                }
                if (status < 200 || status >= 300) {
                    EntityUtils.consume(response.getEntity());
                    throw failure(status, response.getReasonPhrase(), method, path);
                }
                return readBody(response, r);
            } catch (IOException e) {
                lastFailure = e;
            }
        }
        String what = lastFailure instanceof SocketTimeoutException
                ? "gave no answer within " + settings.readTimeout().toMillis() + " ms"
                : "unreachable (" + describe(lastFailure) + ")";
        throw new DicomWebException(
                "PACS " + display() + " " + what + " after " + attempts + (attempts == 1 ? " attempt" : " attempts"),
                0,
                lastFailure);
    }

    private ClassicHttpRequest request(String method, URI uri, String accept, String contentType, byte[] body) {
        ClassicHttpRequest request = new HttpUriRequestBase(method, uri);
        request.setHeader(HttpHeaders.ACCEPT, accept);
        endpoint.credentials().authorizationHeader().ifPresent(h -> request.setHeader(HttpHeaders.AUTHORIZATION, h));
        if (body != null) {
            request.setHeader(HttpHeaders.CONTENT_TYPE, contentType);
            request.setEntity(new ByteArrayEntity(body, null));
        }
        return request;
    }

    private <T> T readBody(ClassicHttpResponse response, BodyReader<T> reader) {
        Header type = response.getFirstHeader(HttpHeaders.CONTENT_TYPE);
        // large reads: a 21 MB series read in small pieces took several times longer
        try (InputStream in = new BufferedInputStream(body(response), READ_BUFFER)) {
            return reader.read(type == null ? "" : type.getValue(), in);
        } catch (IOException e) {
            // the server did answer: the status tells the caller the body, not the connection, failed
            throw new DicomWebException(
                    "PACS " + display() + " response unusable (" + DicomReader.firstLine(e) + ")",
                    response.getCode(),
                    e);
        }
    }

    private static InputStream body(ClassicHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        return entity == null ? InputStream.nullInputStream() : entity.getContent();
    }

    private DicomWebException failure(int status, String phrase, String method, String path) {
        String answer = "PACS " + display() + " answered " + status + (phrase == null ? "" : " " + phrase);
        String advice = switch (status) {
            case 401, 403 -> ": check the credentials";
            case 404 -> " for " + method + " " + path + ": check the URL and the UIDs";
            default -> " for " + method + " " + path;
        };
        return new DicomWebException(answer + advice, status, null);
    }

    /** The endpoint as it may be shown: never with user information. */
    String display() {
        URI base = endpoint.baseUrl();
        return base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort())
                + (base.getPath() == null ? "" : base.getPath());
    }

    private String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer within " + settings.readTimeout().toMillis() + " ms";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + endpoint.baseUrl().getHost();
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        return DicomReader.firstLine(e).toLowerCase(Locale.ROOT);
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DicomWebException("interrupted while waiting to retry");
        }
    }
}
