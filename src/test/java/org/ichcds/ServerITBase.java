package org.ichcds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests that need the whole server. Every subclass shares one Spring context (same
 * configuration): HAPI JPA takes ~30 s to start, so it starts once per test run. The database is an in-memory H2; the
 * PACS, the trusted CDS client and the model come from {@link ItEnvironment}.
 */
@SpringBootTest(classes = IchCdsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("it")
public abstract class ServerITBase {

    @LocalServerPort
    protected int port;

    @Autowired
    protected FhirContext fhirContext;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        ItEnvironment.get().properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    protected static ItEnvironment environment() {
        return ItEnvironment.get();
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A FHIR client with the administrating client's access token (it may create, update and read). */
    protected IGenericClient fhirClient() {
        return fhirClient(environment().adminToken());
    }

    /** A FHIR client sending this access token. */
    protected IGenericClient fhirClient(String accessToken) {
        fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = fhirContext.newRestfulGenericClient(baseUrl() + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
        return client;
    }
}
