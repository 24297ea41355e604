package org.ichcds.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * How a client learns to get a token for {@code /fhir}: {@code /fhir/.well-known/smart-configuration} (SMART App Launch
 * 2.2 §2.1, for SMART Backend Services) and the security section of the CapabilityStatement (the {@code oauth-uris}
 * extension, deprecated in SMART 2 but still read by many clients).
 */
final class SmartDiscovery {

    static final String PATH = "/fhir/.well-known/smart-configuration";

    private final FhirSecurityProperties properties;

    SmartDiscovery(FhirSecurityProperties properties) {
        this.properties = properties;
    }

    /** The SMART configuration document. */
    Map<String, Object> configuration() {
        Map<String, Object> document = new LinkedHashMap<>();
        if (properties.configured()) {
            document.put("issuer", properties.issuer().toString());
            document.put("jwks_uri", properties.jwksUri().toString());
            document.put("token_endpoint", properties.tokenEndpointOrDefault().toString());
        }
        document.put("grant_types_supported", List.of("client_credentials"));
        document.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        document.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
        document.put("scopes_supported", List.of("system/*.rs", "system/*.cruds", "user/*.rs", "patient/*.rs"));
        document.put("response_types_supported", List.of("token"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put("capabilities", List.of("client-confidential-asymmetric", "permission-v1", "permission-v2"));
        return document;
    }

    /** Adds the SMART security section to the generated CapabilityStatement. */
    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void capabilityStatement(IBaseConformance conformance) {
        if (!(conformance instanceof CapabilityStatement statement) || !statement.hasRest()) {
            return;
        }
        CapabilityStatement.CapabilityStatementRestSecurityComponent security =
                statement.getRestFirstRep().getSecurity();
        security.setCors(!properties.corsAllowedOrigins().isEmpty());
        security.addService(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR")));
        security.setDescription("OAuth2 bearer tokens with SMART scopes (SMART App Launch 2, Backend Services)");
        if (properties.configured()) {
            Extension uris = security.addExtension()
                    .setUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
            uris.addExtension(
                    "token", new UriType(properties.tokenEndpointOrDefault().toString()));
        }
    }

    /** Serves the document; an exact-path servlet mapping beats HAPI's {@code /fhir/*}. */
    HttpServlet servlet() {
        ObjectMapper json = new ObjectMapper();
        return new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                json.writeValue(response.getOutputStream(), configuration());
            }
        };
    }
}
