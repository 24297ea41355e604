package org.ichcds.analysis;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.ichcds.dicom.Credentials;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.DicomWebEndpoint;
import org.ichcds.dicom.DicomWebException;
import org.ichcds.dicom.DicomWebSettings;
import org.ichcds.dicom.StudyLimits;
import org.ichcds.http.AddressPolicy;
import org.ichcds.http.AllowedBase;
import org.ichcds.http.OutboundPolicy;
import org.ichcds.http.OutboundRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * DICOMweb clients for the endpoints studies name. An Endpoint's address is fetched from only when it lies under one of
 * the configured {@code ichcds.dicomweb.sources[N].url} (compared on the parsed scheme, host, port and path, never as a
 * string prefix), and only with that source's credentials; connections go only to addresses {@code ichcds.outbound.*}
 * allows. Anything else is refused with the answer an unreachable PACS gets, so a caller cannot map what answers.
 */
@Component
public class DicomWebAccess {

    private static final Logger log = LoggerFactory.getLogger(DicomWebAccess.class);

    private final DicomWebProperties properties;
    private final AddressPolicy addresses;
    private final List<Source> sources;

    DicomWebAccess(DicomWebProperties properties, OutboundProperties outbound) {
        this.properties = properties;
        this.addresses = outbound.addressPolicy();
        this.sources = properties.sources().stream()
                .map(s -> new Source(AllowedBase.parse(s.url()), s))
                .toList();
        if (sources.isEmpty()) {
            log.warn("ichcds.dicomweb.sources is empty: no study's images can be fetched until a DICOMweb source is"
                    + " configured");
        }
    }

    private record Source(AllowedBase base, SourceSettings settings) {}

    /** DICOMweb settings and the sources studies may be fetched from ({@code ichcds.dicomweb.*}). */
    @ConfigurationProperties("ichcds.dicomweb")
    record DicomWebProperties(
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("60s") Duration readTimeout,
            @DefaultValue("3") int maxRetries,
            @DefaultValue("200ms") Duration retryBackoff,
            @DefaultValue("false") boolean allowHttp,
            @DefaultValue List<SourceSettings> sources,
            @DefaultValue Limits limits) {

        DicomWebProperties {
            limits = limits == null ? Limits.of(StudyLimits.defaults()) : limits;
        }
    }

    /** {@code ichcds.dicomweb.limits.*}: how large a study is analysed ({@link StudyLimits}). */
    record Limits(
            @DefaultValue("50") int maxSeries,
            @DefaultValue("1200") int maxInstances,
            @DefaultValue("64MB") DataSize maxInstanceSize,
            @DefaultValue("2GB") DataSize maxSeriesSize,
            @DefaultValue("1024") int maxRows,
            @DefaultValue("1024") int maxColumns) {

        static Limits of(StudyLimits limits) {
            return new Limits(
                    limits.maxSeries(),
                    limits.maxInstances(),
                    DataSize.ofBytes(limits.maxInstanceBytes()),
                    DataSize.ofBytes(limits.maxSeriesBytes()),
                    limits.maxRows(),
                    limits.maxColumns());
        }

        StudyLimits toStudyLimits() {
            return new StudyLimits(
                    maxSeries, maxInstances, maxInstanceSize.toBytes(), maxSeriesSize.toBytes(), maxRows, maxColumns);
        }
    }

    /** How large a study is analysed. */
    public StudyLimits limits() {
        return properties.limits().toStudyLimits();
    }

    /** A DICOMweb base URL studies may be fetched from, with its credentials: a user and password, or a token. */
    record SourceSettings(String url, String username, String password, String token) {
        SourceSettings {
            // refused at start, not at the first analysis: a list entry split over two places (a url on the command
            // line, its password in the environment) reaches the server without its password
            if (username != null && !username.isBlank() && password == null) {
                throw new IllegalArgumentException("the DICOMweb source " + url + " has a username but no password:"
                        + " set its ichcds.dicomweb.sources[N].password in the same place as its url (Spring Boot"
                        + " takes a list entry whole from one source of settings)");
            }
        }

        @Override
        public String toString() {
            return "SourceSettings[url=" + url + ", username=" + username + "]";
        }
    }

    /**
     * A client for an Endpoint's address.
     *
     * @throws DicomWebException when the address is not under a configured source
     */
    public DicomWebClient client(URI base) {
        return new DicomWebClient(new DicomWebEndpoint(base, credentials(base)), settings(), addresses);
    }

    /** The credentials of the source an address lies under; refused when it lies under none. */
    Credentials credentials(URI base) {
        return credentials(source(base));
    }

    DicomWebSettings settings() {
        return new DicomWebSettings(
                properties.connectTimeout(),
                properties.readTimeout(),
                properties.maxRetries(),
                properties.retryBackoff());
    }

    private Source source(URI base) {
        try {
            OutboundPolicy.Allowed allowed = OutboundPolicy.check(
                    base.toString(),
                    sources.stream().map(Source::base).toList(),
                    properties.allowHttp(),
                    "ichcds.dicomweb.allow-http");
            return sources.stream()
                    .filter(s -> s.base().equals(allowed.base()))
                    .findFirst()
                    .orElseThrow();
        } catch (OutboundRefusal refused) {
            log.warn(
                    "DICOMweb address refused: {} (allowed: ichcds.dicomweb.sources[N].url{})",
                    refused.getMessage(),
                    refused.setting().isEmpty() ? "" : ", " + refused.setting());
            throw new AddressRefusedException();
        }
    }

    private static Credentials credentials(Source source) {
        SourceSettings s = source.settings();
        if (s.token() != null && !s.token().isBlank()) {
            return Credentials.bearer(s.token());
        }
        if (s.username() != null && !s.username().isBlank()) {
            return Credentials.basic(s.username(), s.password());
        }
        return Credentials.none();
    }
}
