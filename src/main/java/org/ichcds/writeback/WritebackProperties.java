package org.ichcds.writeback;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where results are written back ({@code ichcds.writeback.*}). Off unless {@code url} names a DICOMweb service root
 * that takes STOW-RS.
 *
 * @param url the DICOMweb service root the SR and presentation state are stored to (STOW-RS {@code POST url/studies})
 * @param username HTTP Basic user, sent to that URL only
 * @param password HTTP Basic password
 * @param token a bearer token instead of Basic credentials
 * @param allowHttp accept an {@code http:} URL (a PACS on loopback or a trusted network)
 * @param interval how often due objects are looked for
 * @param backoff the wait after a first failed store; doubled after each further one
 * @param maxBackoff the longest wait between two stores of the same objects
 */
@ConfigurationProperties("ichcds.writeback")
record WritebackProperties(
        URI url,
        String username,
        String password,
        String token,
        @DefaultValue("false") boolean allowHttp,
        @DefaultValue("5s") Duration interval,
        @DefaultValue("10s") Duration backoff,
        @DefaultValue("1h") Duration maxBackoff) {

    WritebackProperties {
        if (username != null && !username.isBlank() && password == null) {
            throw new IllegalArgumentException("ichcds.writeback.username is set but ichcds.writeback.password is not:"
                    + " set both in the same place");
        }
    }

    @Override
    public String toString() {
        return "WritebackProperties[url=" + url + ", username=" + username + "]";
    }
}
