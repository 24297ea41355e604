package org.ichcds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.network.PresentationContext;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadableStorePolicyTest {

    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String ELE = "1.2.840.10008.1.2.1";
    private static final String ILE = "1.2.840.10008.1.2";
    private static final String RLE = "1.2.840.10008.1.2.5";
    private static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    private static final String J2K_LOSSLESS = "1.2.840.10008.1.2.4.90";
    private static final String JPEG_LS = "1.2.840.10008.1.2.4.80";
    private static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";

    @Test
    void aCompressedTransferSyntaxThatIsReadIsAcceptedAsProposed() {
        for (String uid : List.of(RLE, JPEG_LOSSLESS_SV1, J2K_LOSSLESS)) {
            PresentationContext context = negotiated(CT, uid);
            assertThat(context.getResultReason()).as(uid).isZero();
            assertThat(context.getTransferSyntaxUID()).isEqualTo(uid);
        }
    }

    @Test
    void uncompressedIsPreferredWhereTheSenderOffersBoth() {
        PresentationContext context = negotiated(CT, J2K_LOSSLESS, RLE, ILE, ELE);

        assertThat(context.getResultReason()).isZero();
        assertThat(context.getTransferSyntaxUID()).isEqualTo(ELE);
        assertThat(negotiated(CT, J2K_LOSSLESS, JPEG_LOSSLESS_SV1).getTransferSyntaxUID())
                .as("the cheaper decoder")
                .isEqualTo(JPEG_LOSSLESS_SV1);
    }

    @Test
    void transferSyntaxesNotReadAreRefusedWithReasonFour() {
        PresentationContext context = negotiated(CT, JPEG_LS, JPEG_BASELINE);

        // DICOM PS3.8 9.3.3.2: 4 = transfer-syntaxes-not-supported (provider rejection)
        assertThat(context.getResultReason()).isEqualTo((byte) 4);
        assertThat(negotiated(CT, JPEG_LS, ELE).getTransferSyntaxUID()).isEqualTo(ELE);
    }

    @Test
    void aSopClassThatIsNotStorageIsRefusedWithReasonThree() {
        // Modality Worklist Information Model - FIND: not an instance to store
        PresentationContext context = negotiated("1.2.840.10008.5.1.4.31", ELE);

        assertThat(context.getResultReason()).isEqualTo((byte) 3);
    }

    private static PresentationContext negotiated(String abstractSyntax, String... transferSyntaxes) {
        LinkedList<String> proposed = new LinkedList<>(List.of(transferSyntaxes));
        LinkedList<PresentationContext> contexts = new LinkedList<>();
        contexts.add(new PresentationContext((byte) 1, abstractSyntax, proposed));
        LinkedList<?> result = new ReadableStorePolicy().applyPresentationContextSelectionPolicy(contexts, 1);
        return (PresentationContext) result.get(0);
    }
}
