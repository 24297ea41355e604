package org.ichcds.http;

import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The clients of every outgoing HTTP call: DICOMweb, the CDS clients' JWKS, prefetch from the EHR's FHIR server,
 * results to the EHR, Orthanc's REST API. One library, Apache HttpClient 5 (classic, blocking), chosen for DICOMweb:
 * its read timeout applies to every read of a response body (a WADO-RS answer streams for seconds, and Orthanc sends
 * it with neither a length nor chunking), it pools connections per host, and the body streams straight to the
 * multipart parser. docs/architecture.md (HTTP) says why not the JDK's clients.
 *
 * <p>Every client: connections pooled and checked after a second idle; connect and read timeouts; never follows a
 * redirect (it could lead a credential or a fetch off the host it was meant for); never retries by itself (DICOMweb
 * retries with backoff on its own, and a hook must not wait twice); no compression or cookies; proxies and trust store
 * from the JVM's system properties, as the JDK's clients use them.
 */
public final class OutgoingHttp {

    // several analyses and viewer pages read from one PACS at once; HttpURLConnection had no limit at all
    private static final int CONNECTIONS_PER_HOST = 32;
    private static final int CONNECTIONS = 256;
    // a pooled connection idle this long is checked before reuse: the far end may have closed it
    private static final TimeValue CHECK_AFTER_IDLE = TimeValue.ofSeconds(1);

    private static final Map<Timeouts, CloseableHttpClient> SHARED = new ConcurrentHashMap<>();

    private record Timeouts(Duration connect, Duration read) {}

    private OutgoingHttp() {}

    /**
     * The process's client for calls with these timeouts, made on first use and kept for the life of the process, so
     * that every later call reuses its pooled connections (as the JDK's keep-alive cache did for HttpURLConnection).
     *
     * @param readTimeout the longest wait for the answer to start and for each read of its body
     */
    public static CloseableHttpClient shared(Duration connectTimeout, Duration readTimeout) {
        return SHARED.computeIfAbsent(
                new Timeouts(connectTimeout, readTimeout), t -> client(t.connect(), t.read(), null));
    }

    /**
     * A client for URLs the server was handed rather than configured with (a hook's {@code fhirServer}, an Endpoint's
     * address): it connects only to addresses the policy allows, checked on every address a host name resolves to when
     * the connection is made (so a name that resolves, or re-resolves, to an internal address is refused too).
     */
    public static CloseableHttpClient guarded(Duration connectTimeout, Duration readTimeout, AddressPolicy addresses) {
        return GUARDED.computeIfAbsent(
                new Guarded(new Timeouts(connectTimeout, readTimeout), addresses),
                g -> client(g.timeouts().connect(), g.timeouts().read(), new OutboundPolicy(g.addresses())));
    }

    private record Guarded(Timeouts timeouts, AddressPolicy addresses) {}

    private static final Map<Guarded, CloseableHttpClient> GUARDED = new ConcurrentHashMap<>();

    private static CloseableHttpClient client(Duration connectTimeout, Duration readTimeout, OutboundPolicy policy) {
        Timeout read = timeout(readTimeout);
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(timeout(connectTimeout))
                .setSocketTimeout(read)
                .setValidateAfterInactivity(CHECK_AFTER_IDLE)
                .build();
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(policy == null ? SystemDefaultDnsResolver.INSTANCE : checked(policy))
                        .setDefaultConnectionConfig(connections)
                        .setTlsSocketStrategy(DefaultClientTlsStrategy.createSystemDefault())
                        .setMaxConnPerRoute(CONNECTIONS_PER_HOST)
                        .setMaxConnTotal(CONNECTIONS)
                        .build())
                .setDefaultRequestConfig(
                        RequestConfig.custom().setResponseTimeout(read).build())
                .setRoutePlanner(new SystemDefaultRoutePlanner(ProxySelector.getDefault()))
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .build();
    }

    /** Resolves through the policy; a refused address looks like a host that does not exist. */
    private static DnsResolver checked(OutboundPolicy policy) {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                try {
                    return policy.resolve(host);
                } catch (OutboundRefusal refused) {
                    throw new UnknownHostException(host + ": " + refused.getMessage());
                }
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }

    private static Timeout timeout(Duration duration) {
        return Timeout.ofMilliseconds(Math.max(1, duration.toMillis()));
    }
}
