package org.ichcds.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

/**
 * {@code multipart/related} bodies of DICOMweb (DICOM PS3.18 8.6.1.2): parts are read one by one as they arrive,
 * with mime4j in strict mode so that a body cut short ends in an error rather than a shortened last part, and within
 * limits, so that no answer of a PACS, however large or hostile, makes the server allocate more than it allows.
 */
final class MultipartParts {

    /**
     * What one multipart body may hold.
     *
     * @param maxParts instances in one answer (a head CT series has a few hundred at most)
     * @param maxPartBytes bytes of one instance (a 1,024² 16-bit slice with its header is about 2 MB)
     * @param maxBodyBytes bytes of the whole answer
     */
    record Limits(int maxParts, long maxPartBytes, long maxBodyBytes) {
        static final Limits DEFAULT = new Limits(5_000, 64L << 20, 2L << 30);
    }

    // MIME headers of a DICOMweb part are a handful of short lines (PS3.18 8.6.1.2); these bound hostile ones
    private static final MimeConfig STRICT = new MimeConfig.Builder()
            .setStrictParsing(true)
            .setMaxLineLen(8_192)
            .setMaxHeaderCount(100)
            .setMaxHeaderLen(16_384)
            .setMaxContentLen(-1) // bounded per part and per body below, with messages that name the limit
            .build();

    private MultipartParts() {}

    /** Reads every part of a multipart body, in order, within the default limits; returns the number of parts. */
    static int read(InputStream body, String contentType, DicomWebClient.PartConsumer consumer) throws IOException {
        return read(body, contentType, consumer, Limits.DEFAULT);
    }

    /** Reads every part of a multipart body, in order, within the limits; returns the number of parts. */
    static int read(InputStream body, String contentType, DicomWebClient.PartConsumer consumer, Limits limits)
            throws IOException {
        if (!contentType.toLowerCase().startsWith("multipart/related")) {
            throw new IOException("expected multipart/related, got " + (contentType.isEmpty() ? "none" : contentType));
        }
        MimeTokenStream stream = new MimeTokenStream(STRICT);
        stream.parseHeadless(body, contentType);
        int index = 0;
        long total = 0;
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if (state == EntityState.T_BODY) {
                    if (index == limits.maxParts()) {
                        throw new LimitExceeded(
                                "the answer holds more than " + limits.maxParts() + " instances", "max-instances");
                    }
                    long declared = stream.getBodyDescriptor().getContentLength();
                    byte[] part = readPart(stream.getDecodedInputStream(), declared, limits.maxPartBytes());
                    total += part.length;
                    if (total > limits.maxBodyBytes()) {
                        throw new LimitExceeded(
                                "the answer is larger than " + limits.maxBodyBytes() + " bytes", "max-series-size");
                    }
                    consumer.accept(index++, part);
                }
            }
        } catch (MimeException e) {
            throw new IOException("malformed multipart body: " + DicomReader.firstLine(e), e);
        }
        return index;
    }

    private static byte[] readPart(InputStream in, long declared, long max) throws IOException {
        if (declared > max) {
            throw new LimitExceeded(
                    "an instance declares " + declared + " bytes, more than the " + max + " allowed",
                    "max-instance-size");
        }
        if (declared >= 0) {
            byte[] part = in.readNBytes((int) declared);
            if (part.length != declared || in.read() != -1) {
                throw new IOException("part length differs from its Content-Length " + declared);
            }
            return part;
        }
        // no declared length: read one byte past the limit at most, so an endless part ends in an error, not OOM
        byte[] part = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (part.length > max) {
            throw new LimitExceeded("an instance is larger than the " + max + " bytes allowed", "max-instance-size");
        }
        return part;
    }

    /** An answer over one of the limits, with the {@link StudyLimits} setting that sets it. */
    static final class LimitExceeded extends IOException {
        private final String setting;

        LimitExceeded(String message, String setting) {
            super(message);
            this.setting = setting;
        }

        String setting() {
            return setting;
        }
    }

    /** A multipart/related body of DICOM instances for STOW-RS, and its Content-Type. */
    record Body(String contentType, byte[] bytes) {}

    static Body ofDicom(List<byte[]> instances) {
        String boundary = "ichcds-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] instance : instances) {
            out.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\nContent-Length: "
                            + instance.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(instance);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return new Body("multipart/related; type=\"application/dicom\"; boundary=" + boundary, out.toByteArray());
    }
}
