package org.ichcds.cli;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ichcds.authserver.BackendServicesClient;
import org.ichcds.authserver.ClientRegistration;
import org.ichcds.demo.FhirRest;

/**
 * How the demo and the hook benchmark reach {@code /fhir}, as a site's systems would: two SMART Backend Services
 * clients of an authorization server, one that registers patients, endpoints and studies, one whose read token the
 * EHR sends along with its hooks ({@code fhirAuthorization}). Their keys are made here; the clients file is written
 * for the authorization server to read.
 */
final class DemoFhirAccess {

    static final String REGISTRAR = "ichcds-demo-registrar";
    static final String EHR = "ichcds-demo-ehr";
    static final List<String> REGISTRAR_SCOPES =
            List.of("system/Patient.cruds", "system/Endpoint.cruds", "system/ImagingStudy.cruds", "system/*.rs");
    static final List<String> EHR_SCOPES = List.of("system/*.rs");
    static final String AUDITOR = "ichcds-demo-auditor";
    static final List<String> AUDITOR_SCOPES = List.of("system/AuditEvent.rs");

    private final Map<String, ECKey> keys = Map.of(
            REGISTRAR, BackendServicesClient.newEs384Key(),
            EHR, BackendServicesClient.newEs384Key(),
            AUDITOR, BackendServicesClient.newEs384Key());
    private final String fhirBase;
    private final Map<String, BackendServicesClient> clients = new ConcurrentHashMap<>();
    private URI tokenEndpoint;

    /** @param fhirBase the server's FHIR base URL: the audience of the tokens */
    DemoFhirAccess(String fhirBase) {
        this.fhirBase = fhirBase;
    }

    /**
     * Writes the authorization server's clients file, and the private keys of the registrar and of the auditor (who
     * reads the audit trail) into {@code keyDir} for the user to try.
     */
    void writeClients(Path clients, Path keyDir) throws IOException {
        ClientRegistration.write(
                clients,
                List.of(
                        ClientRegistration.of(REGISTRAR, keys.get(REGISTRAR), REGISTRAR_SCOPES, fhirBase),
                        ClientRegistration.of(EHR, keys.get(EHR), EHR_SCOPES, fhirBase),
                        ClientRegistration.of(AUDITOR, keys.get(AUDITOR), AUDITOR_SCOPES, fhirBase)));
        for (String client : List.of(REGISTRAR, AUDITOR)) {
            Path key = keyDir.resolve(keyFile(client));
            Files.writeString(key, keys.get(client).toJSONString());
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** The file name of a client's private key, e.g. {@code registrar-key.json}. */
    static String keyFile(String client) {
        return client.substring("ichcds-demo-".length()) + "-key.json";
    }

    /** Where tokens come from, once the authorization server runs. */
    void tokenEndpoint(URI endpoint) {
        this.tokenEndpoint = endpoint;
    }

    /** The server settings that make {@code /fhir} accept this authorization server's tokens. */
    static List<String> serverArguments(URI issuer, URI jwks, String fhirBase) {
        return List.of(
                "--ichcds.fhir.security.issuer=" + issuer,
                "--ichcds.fhir.security.jwks-uri=" + jwks,
                "--ichcds.fhir.security.audience=" + fhirBase,
                "--ichcds.fhir.security.allow-http=true");
    }

    /** FHIR calls with the registrar's token. */
    FhirRest registrar() {
        return new FhirRest(fhirBase, FhirContext.forR4Cached(), this::registrarToken);
    }

    /** The registrar's current access token. */
    String registrarToken() {
        return token(REGISTRAR, REGISTRAR_SCOPES);
    }

    /** CDS Hooks 2.0 §fhir-resource-access: the EHR's read token for its FHIR server, sent with each hook. */
    ObjectNode fhirAuthorization() {
        ObjectNode authorization = JsonNodeFactory.instance.objectNode();
        authorization.put("access_token", token(EHR, EHR_SCOPES));
        authorization.put("token_type", "Bearer");
        authorization.put("expires_in", 300);
        authorization.put("scope", String.join(" ", EHR_SCOPES));
        authorization.put("subject", EHR);
        return authorization;
    }

    /** A current token of a client, renewed before it ends. */
    private String token(String client, List<String> scopes) {
        return clients.computeIfAbsent(client, c -> new BackendServicesClient(tokenEndpoint, c, keys.get(c)))
                .currentToken(scopes);
    }
}
