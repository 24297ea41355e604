package org.ichcds.dicom;

/** A DICOM file or part that cannot be used; the message is one line naming the source and the reason. */
public class DicomFormatException extends Exception {

    private final boolean damaged;

    DicomFormatException(String message) {
        this(message, true);
    }

    DicomFormatException(String message, boolean damaged) {
        super(message);
        this.damaged = damaged;
    }

    /**
     * False when the input is intact but is not a usable image (not DICOM at all, a report, a plan, a colour or
     * multi-frame image): a folder may hold such files and they are skipped. True when the input is damaged (cut
     * short, impossible lengths): that fails the whole load rather than leave a hole in a volume.
     */
    public boolean damaged() {
        return damaged;
    }
}
