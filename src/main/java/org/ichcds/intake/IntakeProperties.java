package org.ichcds.intake;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Receiving studies ({@code ichcds.intake.*}): a DICOM C-STORE receiver and a STOW-RS endpoint, both off until
 * switched on, spooling instances to a bounded folder until the study has been stable for {@code stable-age}.
 *
 * @param spoolDir where received instances wait for their analysis (one folder per study, removed when it ends)
 * @param spoolMaxSize the most the spool holds; an instance that would pass it is refused (out of resources)
 * @param stableAge a study is complete when no instance of it has arrived for this long (as Orthanc's StableAge)
 * @param checkInterval how often stable studies and ended analyses are looked for
 */
@ConfigurationProperties("ichcds.intake")
record IntakeProperties(
        @DefaultValue("./data/spool") Path spoolDir,
        @DefaultValue("8GB") DataSize spoolMaxSize,
        @DefaultValue("10s") Duration stableAge,
        @DefaultValue("1s") Duration checkInterval,
        @DefaultValue Dimse dimse,
        @DefaultValue Stow stow) {

    IntakeProperties {
        if (stableAge.isNegative() || checkInterval.isZero() || checkInterval.isNegative()) {
            throw new IllegalArgumentException("ichcds.intake.stable-age must be >= 0 and check-interval > 0");
        }
        if (spoolMaxSize.toBytes() <= 0) {
            throw new IllegalArgumentException("ichcds.intake.spool-max-size must be positive, was " + spoolMaxSize);
        }
    }

    /**
     * The C-STORE receiver ({@code ichcds.intake.dimse.*}).
     *
     * @param aeTitle the called AE title callers must name (DICOM PS3.8 9.3.2: up to 16 characters)
     * @param bindAddress the interface the port listens on
     * @param allowedCallers who may send: each entry a calling AE title and the address it must come from; none by
     *     default, so every association is rejected until one is configured
     * @param maxAssociations associations served at once; more wait for a free one
     */
    record Dimse(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("11112") int port,
            @DefaultValue("ICHCDS") String aeTitle,
            @DefaultValue("0.0.0.0") String bindAddress,
            @DefaultValue List<Caller> allowedCallers,
            @DefaultValue("4") int maxAssociations) {

        Dimse {
            if (aeTitle.isBlank() || aeTitle.length() > 16) {
                throw new IllegalArgumentException("ichcds.intake.dimse.ae-title must be 1 to 16 characters");
            }
            allowedCallers = allowedCallers == null ? List.of() : List.copyOf(allowedCallers);
            if (maxAssociations < 1) {
                throw new IllegalArgumentException("ichcds.intake.dimse.max-associations must be at least 1");
            }
        }
    }

    /**
     * A calling AE title allowed to send, from one address.
     *
     * @param aeTitle the calling AE title, compared exactly (trailing spaces aside, PS3.5 6.2)
     * @param address the IP address the association must come from (the source address of its TCP connection)
     */
    record Caller(String aeTitle, String address) {}

    /**
     * {@code POST /dicom-web/studies} ({@code ichcds.intake.stow.*}).
     *
     * @param scope the OAuth2 scope a bearer token must carry (tokens of {@code ichcds.fhir.security.*}'s server)
     */
    record Stow(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("ichcds/stow") String scope) {}
}
