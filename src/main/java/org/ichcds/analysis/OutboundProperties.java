package org.ichcds.analysis;

import org.ichcds.http.AddressPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which addresses the server may connect to when it fetches from a URL it was handed ({@code ichcds.outbound.*}):
 * a hook's {@code fhirServer}, an Endpoint's DICOMweb address. Link-local and cloud metadata addresses are never
 * allowed; loopback and private ones only when switched on here (a PACS or EHR on the same host or the same private
 * network is common in a hospital, but must be a decision).
 *
 * @param allowLoopback 127.0.0.0/8 and ::1
 * @param allowPrivate 10/8, 172.16/12, 192.168/16, 100.64/10 and IPv6 unique-local addresses
 */
@ConfigurationProperties("ichcds.outbound")
public record OutboundProperties(
        @DefaultValue("false") boolean allowLoopback,
        @DefaultValue("false") boolean allowPrivate) {

    public AddressPolicy addressPolicy() {
        return new AddressPolicy(allowLoopback, allowPrivate);
    }
}
