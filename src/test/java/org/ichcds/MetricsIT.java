package org.ichcds;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * The metrics a site scrapes, in Prometheus format on the management port, after a hooks run: the stage timers of an
 * analysis, analyses by outcome, answer times and cards of the CDS services, refusals by reason.
 */
class MetricsIT extends ServerITBase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalManagementPort
    int managementPort;

    @Test
    void aHooksRunShowsInThePrometheusScrape() throws Exception {
        ItHooks hooks = new ItHooks(baseUrl(), fhirClient());
        ItHooks.Registered study = hooks.registerPositivePhantom(8181);
        hooks.cardsWhenDone(study);
        assertThat(hooks.post("/cds-services/ich-study-complete", hooks.studyComplete(study), null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(hooks.post("/cds-services/no-such-service", "{}", hooks.token("/cds-services/no-such-service"))
                        .statusCode())
                .isEqualTo(404);

        HttpResponse<String> scrape = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        String text = scrape.body();
        for (String stage : new String[] {"load", "preprocess", "infer", "report"}) {
            assertThat(positive(text, "ichcds_analysis_stage_seconds_count{stage=\"" + stage + "\"}"))
                    .as(stage)
                    .isTrue();
        }
        assertThat(positive(text, "ichcds_analyses_total{outcome=\"done\"}")).isTrue();
        assertThat(positive(
                        text, "ichcds_cds_answer_seconds_count{outcome=\"answered\",service=\"ich-study-complete\"}"))
                .isTrue();
        assertThat(positive(text, "ichcds_cds_answer_seconds_count{outcome=\"refused\",service=\"unknown\"}"))
                .isTrue();
        assertThat(positive(text, "ichcds_cds_cards_total{indicator=\"critical\",service=\"ich-study-complete\"}"))
                .isTrue();
        assertThat(positive(text, "ichcds_cds_refused_total{reason=\"missing_token\"}"))
                .isTrue();
        assertThat(text).contains("ichcds_analysis_stage_seconds_bucket{stage=\"infer\",le=");
        assertThat(text).doesNotContain("no-such-service");

        // not on the application port
        HttpResponse<String> outside = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/prometheus"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(outside.statusCode()).isEqualTo(403);
    }

    /** Whether the scrape has this series with a value above zero. */
    private static boolean positive(String scrape, String series) {
        return scrape.lines()
                .filter(line -> line.startsWith(series + " "))
                .anyMatch(line ->
                        Double.parseDouble(line.substring(series.length() + 1).trim()) > 0);
    }
}
