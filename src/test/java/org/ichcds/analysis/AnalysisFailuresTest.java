package org.ichcds.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.ichcds.dicom.DicomWebException;
import org.ichcds.dicom.StudyTooLargeException;
import org.ichcds.dicom.UnsupportedTransferSyntaxException;
import org.ichcds.reporting.FailureReason;
import org.junit.jupiter.api.Test;

class AnalysisFailuresTest {

    @Test
    void aStudyOverALimitEndsAtOnceWithTheReasonThatNamesTheSetting() {
        var tooLarge =
                new StudyTooLargeException("the number of images in the chosen series is 5000, over the limit of 1200"
                        + " (ichcds.dicomweb.limits.max-instances)");
        assertThat(AnalysisFailures.classify(tooLarge)).isEqualTo(FailureReason.STUDY_TOO_LARGE);
        assertThat(AnalysisFailures.mayPass(tooLarge))
                .as("it will not get smaller by trying again")
                .isFalse();
        assertThat(AnalysisFailures.describe(tooLarge)).contains("ichcds.dicomweb.limits.max-instances");
    }

    @Test
    void imagesInATransferSyntaxNotReadEndAtOnceWithTheReasonWithoutTheInstance() {
        var refused = new UnsupportedTransferSyntaxException(
                "instance 3 of series 1.2.3.4",
                "transfer syntax 1.2.840.10008.1.2.4.80 (JPEG-LS) is not read by this server; have the PACS send"
                        + " Explicit VR Little Endian");
        assertThat(AnalysisFailures.classify(refused)).isEqualTo(FailureReason.UNSUPPORTED_COMPRESSION);
        assertThat(AnalysisFailures.mayPass(refused)).isFalse();
        assertThat(AnalysisFailures.describe(refused))
                .startsWith("transfer syntax 1.2.840.10008.1.2.4.80 (JPEG-LS)")
                .doesNotContain("1.2.3.4");
    }

    @Test
    void anAddressNoSourceAllowsEndsAtOnceAsImagesUnavailable() {
        var refused = new AddressRefusedException();
        assertThat(AnalysisFailures.classify(refused)).isEqualTo(FailureReason.IMAGES_UNAVAILABLE);
        assertThat(AnalysisFailures.mayPass(refused))
                .as("it stays refused until a source is configured")
                .isFalse();
        assertThat(AnalysisFailures.describe(refused)).isEqualTo("the images could not be retrieved");
        // a PACS that did not answer may answer next time
        assertThat(AnalysisFailures.mayPass(new DicomWebException("PACS down"))).isTrue();
    }

    @Test
    void otherFailuresKeepTheirKinds() {
        assertThat(AnalysisFailures.classify(new OutOfMemoryError())).isEqualTo(FailureReason.ANALYSIS_ERROR);
        assertThat(AnalysisFailures.mayPass(new OutOfMemoryError())).isFalse();
        assertThat(AnalysisFailures.classify(new DicomWebException("PACS down")))
                .isEqualTo(FailureReason.IMAGES_UNAVAILABLE);
    }
}
