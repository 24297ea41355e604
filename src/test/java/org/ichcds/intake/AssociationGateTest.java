package org.ichcds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssociationGateTest {

    private final AssociationGate gate = new AssociationGate(
            "ICHCDS",
            List.of(
                    new IntakeProperties.Caller("CT01", "10.0.0.5"),
                    new IntakeProperties.Caller(" PACS ", "10.0.0.6")));

    @Test
    void anAllowedCallerFromItsAddressPasses() throws Exception {
        var request = AssociationGate.read(new ByteArrayInputStream(rq("ICHCDS", "CT01")))
                .orElseThrow();

        assertThat(request.callingAe()).isEqualTo("CT01");
        assertThat(request.calledAe()).isEqualTo("ICHCDS");
        assertThat(request.bytes()).hasSize(AssociationGate.HEADER);
        assertThat(gate.judge(request, InetAddress.getByName("10.0.0.5"))).isEmpty();
        assertThat(gate.judge(
                        AssociationGate.read(new ByteArrayInputStream(rq("ICHCDS", "PACS")))
                                .orElseThrow(),
                        InetAddress.getByName("10.0.0.6")))
                .isEmpty();
    }

    @Test
    void unknownCallersOtherAddressesAndOtherCalledTitlesAreRejectedWithTheirReason() throws Exception {
        InetAddress ct = InetAddress.getByName("10.0.0.5");
        var stranger = AssociationGate.read(new ByteArrayInputStream(rq("ICHCDS", "EVIL")))
                .orElseThrow();
        var elsewhere = AssociationGate.read(new ByteArrayInputStream(rq("ICHCDS", "CT01")))
                .orElseThrow();
        var wrongCalled = AssociationGate.read(new ByteArrayInputStream(rq("OTHER", "CT01")))
                .orElseThrow();

        assertThat(gate.judge(stranger, ct).orElseThrow().reason()).isEqualTo(3);
        assertThat(gate.judge(stranger, ct).orElseThrow().text()).contains("allowed-callers");
        assertThat(gate.judge(elsewhere, InetAddress.getByName("10.0.0.6"))
                        .orElseThrow()
                        .text())
                .contains("not allowed from 10.0.0.6");
        assertThat(gate.judge(wrongCalled, ct).orElseThrow().reason()).isEqualTo(7);
    }

    @Test
    void somethingElseThanAnAssociateRequestIsNotRead() throws Exception {
        byte[] release = rq("ICHCDS", "CT01");
        release[0] = 0x05; // A-RELEASE-RQ
        assertThat(AssociationGate.read(new ByteArrayInputStream(release))).isEmpty();
        assertThat(AssociationGate.read(new ByteArrayInputStream(Arrays.copyOf(rq("ICHCDS", "CT01"), 20))))
                .isEmpty();
    }

    @Test
    void theRejectionIsAnAssociateRjPdu() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AssociationGate.reject(out, 3);
        // PS3.8 9.3.4: type 03, length 4, reserved, result 1 (permanent), source 1 (service-user), reason
        assertThat(out.toByteArray()).containsExactly(3, 0, 0, 0, 0, 4, 0, 1, 1, 3);
    }

    private static byte[] rq(String called, String calling) {
        byte[] pdu = new byte[AssociationGate.HEADER + 10];
        pdu[0] = 0x01;
        pdu[7] = 0x01;
        System.arraycopy(padded(called), 0, pdu, 10, 16);
        System.arraycopy(padded(calling), 0, pdu, 26, 16);
        return pdu;
    }

    private static byte[] padded(String ae) {
        return String.format("%-16s", ae).getBytes(StandardCharsets.US_ASCII);
    }
}
