package org.ichcds.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.ichcds.inference.FakeModelRunner;
import org.ichcds.reporting.DiagnosticReportWriter;
import org.junit.jupiter.api.Test;

/** The model's Device, stored once at start as the reports store it: the same conditional create on its UID. */
class ModelDeviceRegistrationTest {

    @Test
    void storesTheDeviceTheReportsNameAsAConditionalCreateOnItsUid() {
        var manifest = FakeModelRunner.manifest(64);
        List<Bundle> sent = new ArrayList<>();
        new ModelDeviceRegistration(manifest, transaction -> {
                    sent.add(transaction);
                    Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
                    response.addEntry().getResponse().setStatus("201 Created");
                    return response;
                })
                .run(null);
        assertThat(sent).singleElement().satisfies(transaction -> {
            assertThat(transaction.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
            assertThat(transaction.getEntry()).singleElement().satisfies(entry -> {
                Device device = (Device) entry.getResource();
                String uid = FindingsMapper.deviceUid(manifest);
                assertThat(device.getIdentifierFirstRep().getValue()).isEqualTo("urn:oid:" + uid);
                assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
                assertThat(entry.getRequest().getIfNoneExist())
                        .isEqualTo(
                                "identifier=" + device.getIdentifierFirstRep().getSystem() + "|urn:oid:" + uid);
            });
        });
        // the Device a report of this model names is the same one: the same conditional create
        var report = new DiagnosticReportWriter().deviceTransaction(FindingsMapper.identity(manifest));
        assertThat(report.getEntryFirstRep().getRequest().getIfNoneExist())
                .isEqualTo(sent.get(0).getEntryFirstRep().getRequest().getIfNoneExist());
    }

    @Test
    void aStoreThatRefusesItLeavesTheServerStarting() {
        new ModelDeviceRegistration(FakeModelRunner.manifest(64), transaction -> {
                    throw new IllegalStateException("database unavailable");
                })
                .run(null);
    }
}
