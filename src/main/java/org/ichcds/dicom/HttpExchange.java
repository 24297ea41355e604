package org.ichcds.dicom;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP call to a DICOMweb endpoint with its credentials, timeouts, and bounded retries with exponential backoff
 * on connection errors and 5xx answers. {@link HttpURLConnection} is used because its read timeout applies to every
 * read of the body, which matters for WADO-RS: Orthanc answers with neither a length nor chunking.
 */
final class HttpExchange {

    /** Consumes a successful response body. */
    interface BodyReader<T> {
        T read(String contentType, InputStream body) throws IOException;
    }

    private static final int READ_BUFFER = 1 << 20;

    private final DicomWebEndpoint endpoint;
    private final DicomWebSettings settings;

    HttpExchange(DicomWebEndpoint endpoint, DicomWebSettings settings) {
        this.endpoint = endpoint;
        this.settings = settings;
    }

    <T> T get(String path, String accept, BodyReader<T> reader) {
        return call("GET", path, accept, null, null, reader);
    }

    <T> T post(String path, String contentType, byte[] body, String accept, BodyReader<T> reader) {
        return call("POST", path, accept, contentType, body, reader);
    }

    private <T> T call(String method, String path, String accept, String contentType, byte[] body, BodyReader<T> r) {
        URI uri = endpoint.resolve(path);
        IOException lastFailure = null;
        int attempts = settings.maxRetries() + 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                pause(settings.retryBackoff().multipliedBy(1L << (attempt - 2)));
            }
            HttpURLConnection connection = null;
            try {
                connection = open(uri, method, accept, contentType, body);
                int status = connection.getResponseCode();
                if (status >= 500 && attempt < attempts) {
                    discard(connection.getErrorStream());
                    continue;
                }
                if (status < 200 || status >= 300) {
                    discard(connection.getErrorStream());
                    throw failure(status, connection.getResponseMessage(), method, path);
                }
                return readBody(connection, r);
            } catch (IOException e) {
                lastFailure = e;
                if (connection != null) {
                    connection.disconnect();
                }
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

    private HttpURLConnection open(URI uri, String method, String accept, String contentType, byte[] body)
            throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(millis(settings.connectTimeout()));
        connection.setReadTimeout(millis(settings.readTimeout()));
        connection.setInstanceFollowRedirects(false);
        connection.setRequestProperty("Accept", accept);
        endpoint.credentials().authorizationHeader().ifPresent(h -> connection.setRequestProperty("Authorization", h));
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", contentType);
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        return connection;
    }

    private <T> T readBody(HttpURLConnection connection, BodyReader<T> reader) {
        String contentType = connection.getContentType();
        // large socket reads: with HttpURLConnection's small default reads a 21 MB series took several times longer
        try (InputStream in = new BufferedInputStream(connection.getInputStream(), READ_BUFFER)) {
            return reader.read(contentType == null ? "" : contentType, in);
        } catch (IOException e) {
            throw new DicomWebException(
                    "PACS " + display() + " response unusable (" + DicomReader.firstLine(e) + ")", 0, e);
        }
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

    private static void discard(InputStream errorBody) throws IOException {
        if (errorBody != null) {
            try (errorBody) {
                errorBody.skip(Long.MAX_VALUE);
            }
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DicomWebException("interrupted while waiting to retry");
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }
}
