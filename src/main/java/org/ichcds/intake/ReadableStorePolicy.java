package org.ichcds.intake;

import com.pixelmed.network.AbstractSyntaxSelectionPolicy;
import com.pixelmed.network.CompositeInstanceStoreAbstractSyntaxSelectionPolicy;
import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import java.util.LinkedList;
import java.util.List;
import org.ichcds.dicom.TransferSyntaxes;

/**
 * Which presentation contexts the C-STORE receiver accepts: any composite instance storage SOP class (PixelMed's
 * policy; the intake refuses what is not CT afterwards), in a transfer syntax this server reads ({@link
 * TransferSyntaxes#readable}): the uncompressed ones, deflate, RLE, JPEG Lossless and JPEG 2000 lossless. Where a
 * sender proposes several in one context, an uncompressed one is taken first (no decoding on two cores), then the
 * cheapest to decode. A context whose every transfer syntax is unread (JPEG-LS, lossy JPEG, video) is refused with
 * "transfer-syntaxes-not-supported", so the sender knows before sending a byte and may send it uncompressed instead.
 */
final class ReadableStorePolicy implements PresentationContextSelectionPolicy {

    // DICOM PS3.8 9.3.3.2: presentation context result 4, transfer-syntaxes-not-supported (provider rejection)
    static final byte TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    /** Preference among the readable ones, by decoding cost measured per 512² slice (reference/imaging-workflow.md). */
    private static final List<String> PREFERENCE = List.of(
            TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN,
            "1.2.840.10008.1.2", // Implicit VR Little Endian
            "1.2.840.10008.1.2.1.99", // Deflated Explicit VR Little Endian: 2-8 ms
            "1.2.840.10008.1.2.4.70", // JPEG Lossless SV1: 31-47 ms
            "1.2.840.10008.1.2.4.57", // JPEG Lossless: 31-47 ms
            "1.2.840.10008.1.2.5", // RLE Lossless: 43-55 ms
            "1.2.840.10008.1.2.4.90", // JPEG 2000 lossless: 62-86 ms
            "1.2.840.10008.1.2.2"); // Explicit VR Big Endian (retired)

    private final AbstractSyntaxSelectionPolicy abstractSyntaxes =
            new CompositeInstanceStoreAbstractSyntaxSelectionPolicy();

    @Override
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int association, int debugLevel) {
        return applyPresentationContextSelectionPolicy(contexts, association);
    }

    @Override
    @SuppressWarnings("rawtypes") // PixelMed's API
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int association) {
        LinkedList checked = abstractSyntaxes.applyAbstractSyntaxSelectionPolicy(contexts, association);
        for (Object each : checked) {
            PresentationContext context = (PresentationContext) each;
            if (context.getResultReason() == 0) {
                choose(context);
            }
        }
        return checked;
    }

    /** Keeps the preferred readable transfer syntax of the context, or refuses the context. */
    static void choose(PresentationContext context) {
        @SuppressWarnings("unchecked")
        List<String> proposed = List.copyOf(context.getTransferSyntaxUIDs());
        String chosen = preferred(proposed);
        if (chosen == null) {
            context.setResultReason(TRANSFER_SYNTAXES_NOT_SUPPORTED);
            return;
        }
        context.newTransferSyntaxUIDs();
        context.addTransferSyntaxUID(chosen);
    }

    static String preferred(List<String> proposed) {
        for (String uid : PREFERENCE) {
            if (proposed.contains(uid) && TransferSyntaxes.readable(uid)) {
                return uid;
            }
        }
        return null;
    }
}
