package org.ichcds.writeback;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import org.ichcds.dicom.Credentials;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.DicomWebEndpoint;
import org.ichcds.dicom.DicomWebSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writing results back to the PACS, switched on by {@code ichcds.writeback.url} (deny by default: without it nothing
 * is built or sent). The outbox task is a bean, so db-scheduler's Spring Boot starter runs it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "ichcds.writeback", name = "url")
class WritebackConfig {

    @Bean
    PacsWriteback pacsWriteback(JdbcClient jdbc, WritebackProperties properties) {
        String scheme = properties.url().getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !("http".equalsIgnoreCase(scheme) && properties.allowHttp())) {
            throw new IllegalArgumentException(
                    "ichcds.writeback.url must be https (set ichcds.writeback.allow-http=true"
                            + " for a PACS on loopback or a trusted network): " + properties.url());
        }
        DicomWebClient client = new DicomWebClient(
                new DicomWebEndpoint(properties.url(), credentials(properties)), DicomWebSettings.defaults());
        return new PacsWriteback(new PacsOutbox(jdbc), new StowDestination(client), properties.url(), properties);
    }

    @Bean
    RecurringTask<Void> pacsOutboxTask(PacsWriteback writeback) {
        return writeback.task();
    }

    private static Credentials credentials(WritebackProperties properties) {
        if (properties.token() != null && !properties.token().isBlank()) {
            return Credentials.bearer(properties.token());
        }
        if (properties.username() != null && !properties.username().isBlank()) {
            return Credentials.basic(properties.username(), properties.password());
        }
        return Credentials.none();
    }
}
