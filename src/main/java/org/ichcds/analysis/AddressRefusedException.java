package org.ichcds.analysis;

import org.ichcds.dicom.DicomWebException;

/**
 * A study's DICOMweb address that no configured source allows: the images cannot be retrieved, and trying again will
 * not change that until the operator configures the source, so the analysis ends at once. The card reads as for any
 * images that could not be retrieved; the server's log names the setting.
 */
final class AddressRefusedException extends DicomWebException {

    AddressRefusedException() {
        super("the images could not be retrieved");
    }
}
