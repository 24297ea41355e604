package org.ichcds.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The largest request body each part of the server reads ({@code ichcds.web.max-body.*}). A larger body is refused
 * with 413 before any of it reaches a parser: a hook request is a few kilobytes, feedback less, a FHIR resource rarely
 * more than a few megabytes.
 *
 * @param cdsServices hook calls ({@code POST /cds-services/{id}})
 * @param feedback card feedback ({@code POST /cds-services/{id}/feedback})
 * @param fhir FHIR requests ({@code /fhir})
 * @param other anything else
 */
@ConfigurationProperties("ichcds.web.max-body")
record BodyLimits(
        @DefaultValue("1MB") DataSize cdsServices,
        @DefaultValue("64KB") DataSize feedback,
        @DefaultValue("16MB") DataSize fhir,
        @DefaultValue("64KB") DataSize other) {

    BodyLimits {
        for (DataSize size : new DataSize[] {cdsServices, feedback, fhir, other}) {
            if (size.isNegative() || size.toBytes() > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("ichcds.web.max-body sizes must be 0..2GB, was " + size);
            }
        }
    }

    /** The limit of a path, and the setting that sets it. */
    Limit of(String path) {
        if (path.equals("/fhir") || path.startsWith("/fhir/")) {
            return new Limit(fhir.toBytes(), "ichcds.web.max-body.fhir");
        }
        if (path.startsWith("/cds-services/") && path.endsWith("/feedback")) {
            return new Limit(feedback.toBytes(), "ichcds.web.max-body.feedback");
        }
        if (path.equals("/cds-services") || path.startsWith("/cds-services/")) {
            return new Limit(cdsServices.toBytes(), "ichcds.web.max-body.cds-services");
        }
        return new Limit(other.toBytes(), "ichcds.web.max-body.other");
    }

    record Limit(long bytes, String setting) {}
}
