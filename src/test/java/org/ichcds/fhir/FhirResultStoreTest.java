package org.ichcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FhirResultStoreTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private HttpServer ehr;
    private final List<String> received = new ArrayList<>();
    private int answer = 200;

    @BeforeEach
    void startEhr() throws IOException {
        ehr = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ehr.createContext("/fhir", exchange -> {
            received.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            received.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            received.add(exchange.getRequestHeaders().getFirst("Authorization"));
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}".getBytes();
            exchange.sendResponseHeaders(answer, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ehr.start();
    }

    @AfterEach
    void stopEhr() {
        ehr.stop(0);
    }

    private FhirResultStore store(String token) {
        @SuppressWarnings("unchecked")
        IFhirSystemDao<Bundle, Meta> local = mock(IFhirSystemDao.class);
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        response.addEntry().getResponse().setLocation("DiagnosticReport/7/_history/1");
        when(local.transaction(any(), any())).thenReturn(response);
        String base = "http://127.0.0.1:" + ehr.getAddress().getPort() + "/fhir/";
        return new FhirResultStore(local, FHIR, new FhirResultStore.EhrProperties(base, token));
    }

    private static Bundle transaction() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry()
                .setResource(new Patient().setActive(true))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient");
        return bundle;
    }

    @Test
    void savesLocallyWithoutCallingTheEhr() {
        assertThat(store("t0ken").save(transaction())).isEqualTo("DiagnosticReport/7");
        assertThat(received).isEmpty(); // the EHR gets the results through the outbox
    }

    @Test
    void deliversTheTransactionToTheEhrsBaseUrlWithItsToken() throws IOException {
        FhirResultStore store = store("t0ken");
        store.deliverToEhr(store.encode(transaction()));

        assertThat(received.get(0)).isEqualTo("POST /fhir");
        assertThat(received.get(1)).startsWith("application/fhir+json");
        assertThat(received.get(2)).isEqualTo("Bearer t0ken");
        Bundle sent = FHIR.newJsonParser().parseResource(Bundle.class, received.get(3));
        assertThat(sent.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(sent.getEntryFirstRep().getResource()).isInstanceOf(Patient.class);
    }

    @Test
    void aDeliveryTheEhrRefusesFailsWithItsStatus() {
        answer = 500;
        FhirResultStore store = store(null);
        assertThatThrownBy(() -> store.deliverToEhr(store.encode(transaction())))
                .isInstanceOf(IOException.class)
                .hasMessage("the EHR's FHIR server answered 500");
        assertThat(received.get(2)).isNull();
    }

    @Test
    void aTransactionThatLostARaceOnAConditionalCreateRunsAgain() {
        @SuppressWarnings("unchecked")
        IFhirSystemDao<Bundle, Meta> local = mock(IFhirSystemDao.class);
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        response.addEntry().getResponse().setLocation("DiagnosticReport/9/_history/1");
        when(local.transaction(any(), any()))
                .thenThrow(new ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException("unique"))
                .thenReturn(response);
        FhirResultStore store = new FhirResultStore(local, FHIR, new FhirResultStore.EhrProperties(null, null));

        assertThat(store.save(new Bundle())).isEqualTo("DiagnosticReport/9");
        org.mockito.Mockito.verify(local, org.mockito.Mockito.times(2)).transaction(any(), any());
    }

    @Test
    void aConflictThatPersistsIsReportedAfterThreeAttempts() {
        @SuppressWarnings("unchecked")
        IFhirSystemDao<Bundle, Meta> local = mock(IFhirSystemDao.class);
        when(local.transaction(any(), any()))
                .thenThrow(new ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException("unique"));
        FhirResultStore store = new FhirResultStore(local, FHIR, new FhirResultStore.EhrProperties(null, null));

        assertThatThrownBy(() -> store.save(new Bundle()))
                .isInstanceOf(ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException.class);
        org.mockito.Mockito.verify(local, org.mockito.Mockito.times(3)).transaction(any(), any());
    }
}
