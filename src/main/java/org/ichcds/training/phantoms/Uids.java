package org.ichcds.training.phantoms;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Deterministic identifiers. UIDs use the {@code 2.25} root (DICOM PS3.5 B.2: a UUID written as one unsigned
 * decimal integer), with the 128 bits taken from a SHA-256 of the seed, study, kind and slice instead of a random
 * UUID, so that the same arguments give the same UIDs.
 */
final class Uids {

    private final String seed;

    Uids(long seed) {
        this.seed = Long.toString(seed);
    }

    /**
     * Identifiers of a style: the classic style keeps those of the original generator; the others get UIDs and random
     * streams of their own, so that data sets of two styles made with one seed never share a UID.
     */
    Uids(long seed, PhantomStyle style) {
        this.seed = style == PhantomStyle.CLASSIC ? Long.toString(seed) : seed + "-" + style.code();
    }

    String uid(int study, String kind, int slice) {
        byte[] digest = sha256(seed + "/" + study + "/" + kind + "/" + slice);
        return "2.25." + new BigInteger(1, Arrays.copyOf(digest, 16));
    }

    /**
     * RSNA-style image id ({@code ID_} and hex digits, as in the RSNA 2019 file names), derived from the
     * SOPInstanceUID so that the mapping is fixed: {@code ID_} + the first 10 hex digits of SHA-256(SOPInstanceUID).
     */
    static String imageId(String sopInstanceUid) {
        return "ID_" + HexFormat.of().formatHex(sha256(sopInstanceUid), 0, 5);
    }

    /** A 64-bit stream seed for one purpose of one study (and slice), independent of the others. */
    long streamSeed(int study, String purpose, int slice) {
        byte[] d = sha256("rng/" + seed + "/" + study + "/" + purpose + "/" + slice);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (d[i] & 0xff);
        }
        return value;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
