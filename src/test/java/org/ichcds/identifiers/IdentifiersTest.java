package org.ichcds.identifiers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void fhirIdsAreOneToSixtyFourLettersDigitsDashesAndDots() {
        assertThat(Identifiers.isFhirId("a-1.B")).isTrue();
        assertThat(Identifiers.isFhirId("x".repeat(64))).isTrue();
        assertThat(Identifiers.isFhirId("x".repeat(65))).isFalse();
        assertThat(Identifiers.isFhirId("")).isFalse();
        assertThat(Identifiers.isFhirId(null)).isFalse();
        assertThat(Identifiers.isFhirId("a/b")).isFalse();
        assertThat(Identifiers.isFhirId("a_b")).isFalse();
        assertThat(Identifiers.isFhirId("a b")).isFalse();
    }

    @Test
    void relativeReferencesNameATypeAndAnId() {
        assertThat(Identifiers.isRelativeReference("Endpoint/pacs-1")).isTrue();
        assertThat(Identifiers.isRelativeReference("endpoint/1")).isFalse();
        assertThat(Identifiers.isRelativeReference("Endpoint/../../admin")).isFalse();
        assertThat(Identifiers.isRelativeReference("http://evil.test/Endpoint/1"))
                .isFalse();
        assertThat(Identifiers.isRelativeReference("Patient", "Patient/123")).isTrue();
        assertThat(Identifiers.isRelativeReference("Patient", "Group/123")).isFalse();
        assertThat(Identifiers.isRelativeReference("Patient", "PatientX/123")).isFalse();
        assertThat(Identifiers.isRelativeReference("Patient", null)).isFalse();
    }

    @Test
    void dicomUidsFollowPs35() {
        assertThat(Identifiers.isDicomUid("1.2.840.10008.5.1.4.1.1.2")).isTrue();
        assertThat(Identifiers.isDicomUid("2.25.0")).isTrue();
        assertThat(Identifiers.isDicomUid("1.02.3")).as("leading zero").isFalse();
        assertThat(Identifiers.isDicomUid("1")).as("a root and a suffix").isFalse();
        assertThat(Identifiers.isDicomUid("1..2")).isFalse();
        assertThat(Identifiers.isDicomUid("1.2.")).isFalse();
        assertThat(Identifiers.isDicomUid("1.2." + "3".repeat(61)))
                .as("65 characters")
                .isFalse();
        assertThat(Identifiers.isDicomUid("ID_0a1b2c")).isFalse();
        assertThat(Identifiers.isDicomUid(null)).isFalse();
    }

    @Test
    void requestUidsAreDigitsAndDotsEvenWithALeadingZero() {
        assertThat(Identifiers.isUidForRequest("1.02.3")).isTrue();
        assertThat(Identifiers.isUidForRequest("1.2/../3")).isFalse();
        assertThat(Identifiers.isUidForRequest("1.2?x=1")).isFalse();
        assertThat(Identifiers.isUidForRequest("1." + "2".repeat(63))).isFalse();
        assertThat(Identifiers.isUidForRequest("")).isFalse();
    }

    @Test
    void uidsAsUrnsUseTheOidPrefix() {
        assertThat(Identifiers.oidUrn("2.25.1")).isEqualTo("urn:oid:2.25.1");
        assertThat(Identifiers.DICOM_UID_SYSTEM).isEqualTo("urn:dicom:uid");
    }

    @Test
    void anIdentifierThatIsNotAUidBecomesAStableUuidDerivedUid() {
        assertThat(Identifiers.conformantUid("1.2.840.113619.2.55")).isEqualTo("1.2.840.113619.2.55");
        String uid = Identifiers.conformantUid("ID_1b5ac170c");
        assertThat(Identifiers.isDicomUid(uid)).as(uid).isTrue();
        assertThat(uid).startsWith("2.25.").isEqualTo(Identifiers.conformantUid("ID_1b5ac170c"));
        assertThat(Identifiers.conformantUid("ID_1b5ac170d")).isNotEqualTo(uid);
        // a leading zero (forbidden by PS3.5 §9.1) is mapped too, so that nothing written carries it
        assertThat(Identifiers.conformantUid("1.02.3")).startsWith("2.25.");
        // PS3.5 B.2: the UUID's version (5, name-based) and variant bits
        java.math.BigInteger value = new java.math.BigInteger(uid.substring("2.25.".length()));
        assertThat(value.shiftRight(76).and(java.math.BigInteger.valueOf(0xf)).intValue())
                .isEqualTo(5);
        assertThat(value.shiftRight(62).and(java.math.BigInteger.valueOf(0x3)).intValue())
                .isEqualTo(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Identifiers.conformantUid(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
