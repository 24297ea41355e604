package org.ichcds.dicom;

/**
 * An intact instance whose pixel data is encoded in a transfer syntax this server does not decode. The message names
 * the source, the transfer syntax (UID and name) and what to configure; {@link #reason()} is the same without the
 * source, so that it can be shown on a card (it holds no patient or study identifier).
 */
public final class UnsupportedTransferSyntaxException extends DicomFormatException {

    private final String reason;

    public UnsupportedTransferSyntaxException(String source, String reason) {
        super(source + ": " + reason, false);
        this.reason = reason;
    }

    /** What cannot be decoded and what to do, without the source. */
    public String reason() {
        return reason;
    }
}
