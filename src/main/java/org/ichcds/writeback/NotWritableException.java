package org.ichcds.writeback;

/** The results of an analysis cannot be written back to the PACS; the message says why, without patient data. */
public final class NotWritableException extends RuntimeException {

    public NotWritableException(String message) {
        super(message);
    }
}
