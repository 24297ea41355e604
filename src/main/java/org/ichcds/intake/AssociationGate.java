package org.ichcds.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Decides on an association before PixelMed sees it: reads the start of the A-ASSOCIATE-RQ (DICOM PS3.8 9.3.2) for
 * the called and calling AE titles, and answers one that is not allowed with an A-ASSOCIATE-RJ (PS3.8 9.3.4), as
 * PixelMed has no allow-list of callers of its own.
 */
final class AssociationGate {

    /** PS3.8 9.3.2: type, reserved, length (4), protocol version (2), reserved (2), called AE (16), calling AE (16). */
    static final int HEADER = 42;

    // PS3.8 Table 9-21: result 1 rejected-permanent, source 1 DICOM UL service-user
    static final int CALLING_AE_NOT_RECOGNIZED = 3;
    static final int CALLED_AE_NOT_RECOGNIZED = 7;
    static final int NO_REASON_GIVEN = 1;

    /** The start of an A-ASSOCIATE-RQ: its bytes (to be handed on) and the AE titles in it. */
    record Request(byte[] bytes, String calledAe, String callingAe) {}

    /** A refusal: the A-ASSOCIATE-RJ reason and, for the audit trail, what to configure. */
    record Rejection(int reason, String text) {}

    private final String aeTitle;
    private final List<IntakeProperties.Caller> callers;

    AssociationGate(String aeTitle, List<IntakeProperties.Caller> callers) {
        this.aeTitle = aeTitle;
        this.callers = callers;
    }

    /** The start of the request, or empty when the peer sent something else (or nothing). */
    static Optional<Request> read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(HEADER);
        if (bytes.length < HEADER || bytes[0] != 0x01) {
            return Optional.empty();
        }
        return Optional.of(new Request(bytes, ae(bytes, 10), ae(bytes, 26)));
    }

    /** Why this caller may not associate, or empty when it may. */
    Optional<Rejection> judge(Request request, InetAddress source) {
        if (!request.calledAe().equals(aeTitle)) {
            return Optional.of(
                    new Rejection(CALLED_AE_NOT_RECOGNIZED, "called AE title is not ichcds.intake.dimse.ae-title"));
        }
        boolean known = callers.stream()
                .anyMatch(c -> c.aeTitle() != null && c.aeTitle().strip().equals(request.callingAe()));
        if (!known) {
            return Optional.of(new Rejection(
                    CALLING_AE_NOT_RECOGNIZED,
                    "calling AE title " + request.callingAe() + " is not in ichcds.intake.dimse.allowed-callers"));
        }
        boolean fromItsAddress = callers.stream()
                .filter(c -> c.aeTitle().strip().equals(request.callingAe()))
                .anyMatch(c -> sameAddress(c.address(), source));
        if (!fromItsAddress) {
            return Optional.of(new Rejection(
                    CALLING_AE_NOT_RECOGNIZED,
                    "calling AE title " + request.callingAe() + " is not allowed from " + source.getHostAddress()
                            + " (ichcds.intake.dimse.allowed-callers[N].address)"));
        }
        return Optional.empty();
    }

    /** Sends an A-ASSOCIATE-RJ (PS3.8 9.3.4): rejected-permanent by the service-user, with this reason. */
    static void reject(OutputStream out, int reason) throws IOException {
        out.write(new byte[] {0x03, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x01, 0x01, (byte) reason});
        out.flush();
    }

    private static boolean sameAddress(String allowed, InetAddress source) {
        if (allowed == null || allowed.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(allowed.strip()).equals(source);
        } catch (IOException e) {
            return false;
        }
    }

    // AE titles are 16 bytes of the default character repertoire, padded with spaces (PS3.8 9.3.2, PS3.5 6.2)
    private static String ae(byte[] bytes, int offset) {
        return new String(bytes, offset, 16, StandardCharsets.US_ASCII).strip();
    }
}
