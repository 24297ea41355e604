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
 * with mime4j in strict mode so that a body cut short ends in an error rather than a shortened last part.
 */
final class MultipartParts {

    // a part larger than this is read as it comes instead of being allocated from its declared Content-Length
    private static final long PREALLOCATE_LIMIT = 64L << 20;

    private static final MimeConfig STRICT = new MimeConfig.Builder()
            .setStrictParsing(true)
            .setMaxLineLen(-1)
            .setMaxHeaderCount(-1)
            .setMaxHeaderLen(-1)
            .setMaxContentLen(-1)
            .build();

    private MultipartParts() {}

    /** Reads every part of a multipart body, in order; returns the number of parts. */
    static int read(InputStream body, String contentType, DicomWebClient.PartConsumer consumer) throws IOException {
        if (!contentType.toLowerCase().startsWith("multipart/related")) {
            throw new IOException("expected multipart/related, got " + (contentType.isEmpty() ? "none" : contentType));
        }
        MimeTokenStream stream = new MimeTokenStream(STRICT);
        stream.parseHeadless(body, contentType);
        int index = 0;
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if (state == EntityState.T_BODY) {
                    long declared = stream.getBodyDescriptor().getContentLength();
                    consumer.accept(index++, readPart(stream.getDecodedInputStream(), declared));
                }
            }
        } catch (MimeException e) {
            throw new IOException("malformed multipart body: " + DicomReader.firstLine(e), e);
        }
        return index;
    }

    private static byte[] readPart(InputStream in, long declared) throws IOException {
        if (declared >= 0 && declared <= PREALLOCATE_LIMIT) {
            byte[] part = in.readNBytes((int) declared);
            if (part.length != declared || in.read() != -1) {
                throw new IOException("part length differs from its Content-Length " + declared);
            }
            return part;
        }
        return in.readAllBytes();
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
