package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartPartsTest {

    @Test
    void readsBackEveryPartByteForByte() throws IOException {
        List<byte[]> parts = List.of(bytes(1000, 1), bytes(0, 2), bytes(70000, 3));
        MultipartParts.Body body = MultipartParts.ofDicom(parts);
        List<byte[]> read = new ArrayList<>();
        int count = MultipartParts.read(
                new ByteArrayInputStream(body.bytes()), body.contentType(), (i, part) -> read.add(part));
        assertThat(count).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(read.get(i)).isEqualTo(parts.get(i));
        }
    }

    @Test
    void failsOnABodyCutShort() {
        MultipartParts.Body body = MultipartParts.ofDicom(List.of(bytes(5000, 1), bytes(5000, 2)));
        byte[] cut = Arrays.copyOf(body.bytes(), body.bytes().length - 3000);
        assertThatThrownBy(() -> MultipartParts.read(new ByteArrayInputStream(cut), body.contentType(), (i, p) -> {}))
                .isInstanceOf(IOException.class);
    }

    @Test
    void failsOnAPartShorterThanItsContentLength() {
        String boundary = "b";
        String text = "--b\r\nContent-Type: application/dicom\r\nContent-Length: 10\r\n\r\nabc\r\n--b--\r\n";
        assertThatThrownBy(() -> MultipartParts.read(
                        new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)),
                        "multipart/related; type=\"application/dicom\"; boundary=" + boundary,
                        (i, p) -> {}))
                .hasMessageContaining("Content-Length 10");
    }

    @Test
    void refusesAnswersBeyondItsLimitsBeforeAllocatingThem() {
        MultipartParts.Limits small = new MultipartParts.Limits(2, 4_000, 7_000);
        MultipartParts.Body big = MultipartParts.ofDicom(List.of(bytes(5_000, 1)));
        assertThatThrownBy(() -> MultipartParts.read(
                        new ByteArrayInputStream(big.bytes()), big.contentType(), (i, p) -> {}, small))
                .hasMessageContaining("declares 5000 bytes, more than the 4000 allowed");
        MultipartParts.Body many = MultipartParts.ofDicom(List.of(bytes(10, 1), bytes(10, 2), bytes(10, 3)));
        assertThatThrownBy(() -> MultipartParts.read(
                        new ByteArrayInputStream(many.bytes()), many.contentType(), (i, p) -> {}, small))
                .hasMessageContaining("more than 2 instances");
        MultipartParts.Body heavy = MultipartParts.ofDicom(List.of(bytes(3_900, 1), bytes(3_900, 2)));
        assertThatThrownBy(() -> MultipartParts.read(
                        new ByteArrayInputStream(heavy.bytes()), heavy.contentType(), (i, p) -> {}, small))
                .hasMessageContaining("larger than 7000 bytes");
        // no Content-Length: counted as it is read
        String undeclared = "--b\r\nContent-Type: application/dicom\r\n\r\n" + "x".repeat(5_000) + "\r\n--b--\r\n";
        assertThatThrownBy(() -> MultipartParts.read(
                        new ByteArrayInputStream(undeclared.getBytes(StandardCharsets.US_ASCII)),
                        "multipart/related; type=\"application/dicom\"; boundary=b",
                        (i, p) -> {},
                        small))
                .hasMessageContaining("larger than the 4000 bytes allowed");
        // a hostile header: one line of 100,000 characters
        String header =
                "--b\r\nContent-Type: application/dicom\r\nX-Long: " + "h".repeat(100_000) + "\r\n\r\nabc\r\n--b--\r\n";
        assertThatThrownBy(() -> MultipartParts.read(
                        new ByteArrayInputStream(header.getBytes(StandardCharsets.US_ASCII)),
                        "multipart/related; type=\"application/dicom\"; boundary=b",
                        (i, p) -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("malformed multipart body");
    }

    @Test
    void refusesAnythingButMultipartRelated() {
        assertThatThrownBy(() ->
                        MultipartParts.read(new ByteArrayInputStream(new byte[0]), "application/json", (i, p) -> {}))
                .hasMessage("expected multipart/related, got application/json");
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }
}
