package org.ichcds.dicom;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and retries of the DICOMweb client (configuration keys {@code ichcds.dicomweb.*}).
 *
 * @param connectTimeout time allowed to open a connection
 * @param readTimeout longest wait for the next bytes of a response
 * @param maxRetries retries after the first attempt, on connection errors and 5xx answers
 * @param retryBackoff wait before the first retry; doubled for each further retry
 */
public record DicomWebSettings(Duration connectTimeout, Duration readTimeout, int maxRetries, Duration retryBackoff) {

    public DicomWebSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "DICOMweb timeouts must be positive, were " + connectTimeout + " and " + readTimeout);
        }
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("DICOMweb max-retries must be 0 to 10, was " + maxRetries);
        }
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("DICOMweb retry-backoff cannot be negative: " + retryBackoff);
        }
    }

    /** The values shipped in application.yaml. */
    public static DicomWebSettings defaults() {
        return new DicomWebSettings(Duration.ofSeconds(5), Duration.ofSeconds(60), 3, Duration.ofMillis(200));
    }
}
