package org.ichcds;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The server's log during a whole hooks run, captured and searched: no patient identifier (FHIR id, MRN / DICOM
 * PatientID), no StudyInstanceUID, no token (EHR JWT, FHIR access token, viewer link token) may appear in it, whatever
 * the calls do: analyse, answer from the cache, refuse a mismatched patient, miss a study, fail validation.
 */
class LogHygieneIT extends ServerITBase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aWholeHooksRunLogsNoPatientDataAndNoTokens() throws Exception {
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        captured.start();
        root.addAppender(captured);
        List<String> secrets = new ArrayList<>();
        try {
            ItHooks hooks = new ItHooks(baseUrl(), fhirClient());
            ItHooks.Registered study = hooks.registerPositivePhantom(5151);
            JsonNode card = hooks.cardsWhenDone(study).get(0);
            hooks.cardsWhenDone(study); // answered from the stored analysis
            String link = card.path("links").path(0).path("url").asText();
            HTTP.send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString());

            ItHooks.Registered stranger = hooks.registerAgain(study, "MRN-LOG-HYGIENE");
            hooks.cardsWhenDone(stranger); // refused: the images are another patient's

            String path = "/cds-services/ich-study-complete";
            ObjectNode missing = hooks.studyComplete(study);
            ((ObjectNode) missing.get("context")).put("imagingStudyId", "no-such-study-" + study.patientId());
            String jwt = hooks.token(path);
            hooks.post(path, missing, jwt);
            ObjectNode wrongPatient = hooks.studyComplete(study);
            ((ObjectNode) wrongPatient.get("context")).put("patientId", stranger.patientId());
            hooks.post(path, wrongPatient, hooks.token(path));
            hooks.post(
                    path,
                    "{\"hook\":\"study-complete\",\"context\":{\"patientId\":\"" + study.patientId() + "\"}}",
                    hooks.token(path));

            secrets.addAll(List.of(
                    "Patient/" + study.patientId(),
                    "Patient/" + stranger.patientId(),
                    study.stored().study().patientId(),
                    "MRN-LOG-HYGIENE",
                    study.stored().studyUid(),
                    link.substring(link.indexOf("token=") + 6),
                    jwt,
                    environment().ehrToken(),
                    environment().adminToken()));
        } finally {
            root.detachAppender(captured);
            captured.stop();
        }

        // the run did log: the calls, the analyses, the refusals
        assertThat(captured.list)
                .extracting(ILoggingEvent::getLoggerName)
                .contains(
                        "org.ichcds.hooks.CdsServicesController",
                        "org.ichcds.hooks.CdsErrors",
                        "org.ichcds.analysis.AnalysisRunner",
                        "org.ichcds.hooks.StudyCompleteHandler");
        for (ILoggingEvent event : captured.list) {
            String text = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
            for (String secret : secrets) {
                assertThat(text).as("log line of %s", event.getLoggerName()).doesNotContain(secret);
            }
        }
    }

    private static String throwableText(IThrowableProxy proxy) {
        StringBuilder text = new StringBuilder();
        for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
            text.append(' ').append(p.getClassName()).append(": ").append(p.getMessage());
        }
        return text.toString();
    }
}
