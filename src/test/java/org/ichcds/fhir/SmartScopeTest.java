package org.ichcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ichcds.fhir.SmartScope.Context;
import org.ichcds.fhir.SmartScope.Permission;
import org.junit.jupiter.api.Test;

class SmartScopeTest {

    @Test
    void readsVersion2Scopes() {
        SmartScope scope = SmartScope.parse("patient/Observation.rs").orElseThrow();

        assertThat(scope.context()).isEqualTo(Context.PATIENT);
        assertThat(scope.resourceType()).isEqualTo("Observation");
        assertThat(scope.permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.SEARCH);
        assertThat(scope.grants(Permission.READ, "Observation")).isTrue();
        assertThat(scope.grants(Permission.READ, "Patient")).isFalse();
        assertThat(scope.grants(Permission.CREATE, "Observation")).isFalse();
        assertThat(SmartScope.parse("system/*.cruds").orElseThrow().permissions())
                .containsExactlyInAnyOrder(Permission.values());
        assertThat(SmartScope.parse("system/*.cruds").orElseThrow().grants(Permission.DELETE, "Endpoint"))
                .isTrue();
    }

    @Test
    void readsVersion1Scopes() {
        assertThat(SmartScope.parse("user/Patient.read").orElseThrow().permissions())
                .containsExactlyInAnyOrder(Permission.READ, Permission.SEARCH);
        assertThat(SmartScope.parse("system/*.write").orElseThrow().permissions())
                .containsExactlyInAnyOrder(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
        assertThat(SmartScope.parse("patient/*.*").orElseThrow().permissions())
                .containsExactlyInAnyOrder(Permission.values());
    }

    @Test
    void grantsNothingForScopesItDoesNotEnforce() {
        assertThat(SmartScope.parseAll(List.of(
                        "openid",
                        "fhirUser",
                        "launch/patient",
                        "patient/Observation.rs?category=laboratory",
                        "patient/Observation.sr",
                        "patient/Observation.rr",
                        "patient/Observation.",
                        "patient/observation.rs",
                        "admin/Patient.rs",
                        "system/Patient.rsx",
                        " system/Patient.rs extra")))
                .isEmpty();
    }

    @Test
    void keepsTheResourceScopesOfAToken() {
        assertThat(SmartScope.parseAll(List.of("openid", "system/Patient.cruds", "system/Endpoint.c")))
                .extracting(SmartScope::resourceType)
                .containsExactly("Patient", "Endpoint");
    }
}
