package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TransferSyntax;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransferSyntaxesTest {

    private static final String JPEG_LS = "1.2.840.10008.1.2.4.80";

    @Test
    void everySupportedSyntaxHasItsDecoderOnTheClassPath() {
        assertThat(TransferSyntaxes.supported())
                .extracting(TransferSyntaxes.Supported::uid)
                .contains("1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.70")
                .contains("1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.90");
        for (TransferSyntaxes.Supported supported : TransferSyntaxes.supported()) {
            assertThatCode(() -> TransferSyntaxes.requireReadable(supported.uid(), "x"))
                    .as(supported.name())
                    .doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "1.2.840.10008.1.2.4.80, JPEG-LS",
        "1.2.840.10008.1.2.4.81, JPEG-LS",
        "1.2.840.10008.1.2.4.50, JPEG Baseline",
        "1.2.840.10008.1.2.4.91, JPEG 2000",
        "1.2.3.4.5, unknown transfer syntax"
    })
    void refusesOthersNamingTheSyntaxAndWhatToConfigure(String uid, String name) {
        assertThatThrownBy(() -> TransferSyntaxes.requireReadable(uid, "slice 3"))
                .isInstanceOf(UnsupportedTransferSyntaxException.class)
                .hasMessageStartingWith("slice 3: transfer syntax " + uid + " (" + name)
                .hasMessageContaining("have the PACS send Explicit VR Little Endian")
                .hasMessageNotContaining("\n")
                .satisfies(e -> {
                    UnsupportedTransferSyntaxException refused = (UnsupportedTransferSyntaxException) e;
                    assertThat(refused.reason())
                            .startsWith("transfer syntax " + uid)
                            .doesNotContain("slice 3");
                    assertThat(refused.damaged()).isFalse();
                });
    }

    @Test
    void aDataSetWithoutFileMetaInformationIsReadAsItIs() {
        assertThatCode(() -> TransferSyntaxes.requireReadable("", "x")).doesNotThrowAnyException();
    }

    @Test
    void readsTheDeclaredSyntaxAndLeavesTheStreamWhereItWas() throws Exception {
        byte[] bytes = declaring(JPEG_LS);
        InputStream in = new BufferedInputStream(new ByteArrayInputStream(bytes));
        assertThat(TransferSyntaxes.declaredIn(in)).isEqualTo(JPEG_LS);
        assertThat(in.readAllBytes()).isEqualTo(bytes);
        assertThat(TransferSyntaxes.declaredIn(
                        new ByteArrayInputStream(TestSeries.ct().toBytes().get(0))))
                .isEqualTo(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(TransferSyntaxes.declaredIn(new ByteArrayInputStream(new byte[] {1, 2, 3})))
                .isEmpty();
    }

    @Test
    void theReaderRefusesBeforeDecoding(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ls.dcm");
        Files.write(file, declaring(JPEG_LS));
        assertThatThrownBy(() -> new DicomReader().read(file))
                .isInstanceOf(UnsupportedTransferSyntaxException.class)
                .hasMessageStartingWith(file + ": transfer syntax " + JPEG_LS);
    }

    @Test
    void aFolderWithOneImageNotReadFailsToLoadRatherThanLeaveAHole(@TempDir Path dir) throws Exception {
        TestSeries series = TestSeries.ct();
        series.writeTo(dir);
        Files.write(dir.resolve("zz.dcm"), declaring(JPEG_LS));
        assertThatThrownBy(() -> new StudyLoader().fromPath(dir))
                .isInstanceOf(UnsupportedTransferSyntaxException.class)
                .hasMessageContaining("zz.dcm")
                .hasMessageContaining(JPEG_LS);
    }

    /** A CT slice whose file meta information declares {@code uid} (its data set stays explicit VR little endian). */
    private static byte[] declaring(String uid) throws Exception {
        AttributeList list = TestSeries.ct().slice(0);
        FileMetaInformation.addFileMetaInformation(list, uid, "ICHCDS");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.write(out, TransferSyntax.ExplicitVRLittleEndian, true, true);
        return out.toByteArray();
    }
}
