package org.ichcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class HookRequestParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CdsServiceDefinition ORDER_SIGN =
            new CdsServiceDefinition("ich-order-sign", "order-sign", "t", "d", Map.of(), null, null);
    private static final CdsServiceDefinition STUDY_COMPLETE =
            new CdsServiceDefinition("ich-study-complete", "study-complete", "t", "d", Map.of(), null, null);

    private final HookRequestParser parser = new HookRequestParser(false);

    static ObjectNode fixture(String name) throws IOException {
        try (InputStream in = HookRequestParserTest.class.getResourceAsStream("/cds-hooks/" + name)) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    @Test
    void parsesTheSpecShapedOrderSignRequest() throws IOException {
        HookRequest request = parser.parse(ORDER_SIGN, fixture("order-sign-request.json"));
        assertThat(request.hookInstance()).isEqualTo("d1577c69-dfbe-44ad-ba6d-3e05e953b2ea");
        assertThat(request.fhirServer()).hasHost("ehr.example.org");
        assertThat(request.fhirAuthorization().accessToken()).isEqualTo("some-opaque-fhir-access-token");
        assertThat(request.fhirAuthorization().toString()).doesNotContain("some-opaque-fhir-access-token");
        assertThat(request.contextText("patientId")).contains("1288992");
        assertThat(request.prefetch()).containsKey("patient");
    }

    @Test
    void rejectsAHookThatDoesNotMatchTheService() throws IOException {
        assertThatThrownBy(() -> parser.parse(STUDY_COMPLETE, fixture("order-sign-request.json")))
                .isInstanceOfSatisfying(CdsRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("hook 'order-sign' does not match");
                });
    }

    @Test
    void namesEveryMissingPieceAtOnce() throws IOException {
        ObjectNode body = fixture("study-complete-request.json");
        body.remove("hookInstance");
        ((ObjectNode) body.get("context")).remove("imagingStudyId");
        assertThatThrownBy(() -> parser.parse(STUDY_COMPLETE, body))
                .hasMessageContaining("'hookInstance' is required")
                .hasMessageContaining("context.imagingStudyId is required by the study-complete hook");
    }

    @Test
    void requiresDraftOrdersToBeABundle() throws IOException {
        ObjectNode body = fixture("order-sign-request.json");
        ((ObjectNode) body.get("context")).put("draftOrders", "aspirin");
        assertThatThrownBy(() -> parser.parse(ORDER_SIGN, body)).hasMessageContaining("must be a FHIR Bundle");
    }

    @Test
    void requiresFhirServerWithAuthorizationAndHttpsUnlessAllowed() throws IOException {
        ObjectNode body = fixture("order-sign-request.json");
        body.remove("fhirServer");
        assertThatThrownBy(() -> parser.parse(ORDER_SIGN, body))
                .hasMessageContaining("'fhirServer' is required when 'fhirAuthorization' is given");

        ObjectNode http = fixture("study-complete-request.json");
        http.put("fhirServer", "http://localhost:8080/fhir");
        assertThatThrownBy(() -> parser.parse(STUDY_COMPLETE, http)).hasMessageContaining("must use https");
        assertThat(new HookRequestParser(true).parse(STUDY_COMPLETE, http).fhirServer())
                .hasScheme("http");
    }

    @Test
    void rejectsIncompleteAuthorizationAndNonObjects() throws IOException {
        ObjectNode body = fixture("order-sign-request.json");
        ((ObjectNode) body.get("fhirAuthorization")).remove("scope");
        assertThatThrownBy(() -> parser.parse(ORDER_SIGN, body)).hasMessageContaining("lacks scope");
        JsonNode array = JSON.readTree("[1,2]");
        assertThatThrownBy(() -> parser.parse(ORDER_SIGN, array)).hasMessageContaining("must be a JSON object");
    }

    @Test
    void rejectsContextIdsThatAreNotFhirIds() throws IOException {
        ObjectNode body = fixture("study-complete-request.json");
        ((ObjectNode) body.get("context")).put("imagingStudyId", "../../Patient?name=x");
        assertThatThrownBy(() -> parser.parse(STUDY_COMPLETE, body)).hasMessageContaining("is not a FHIR id");
    }
}
