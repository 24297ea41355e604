package org.ichcds.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ichcds.analysis.DicomWebAccess.DicomWebProperties;
import org.ichcds.analysis.DicomWebAccess.EndpointCredentials;
import org.ichcds.dicom.Credentials;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;

class DicomWebAccessTest {

    private static DicomWebAccess access(EndpointCredentials... credentials) {
        return new DicomWebAccess(new DicomWebProperties(
                Duration.ofSeconds(5), Duration.ofSeconds(60), 3, Duration.ofMillis(200), List.of(credentials)));
    }

    @Test
    void theLongestMatchingPrefixGivesTheCredentials() {
        DicomWebAccess access = access(
                new EndpointCredentials("https://pacs.example.org/", "site", "s1", null),
                new EndpointCredentials("https://pacs.example.org/research/", null, null, "t0ken"));

        assertThat(access.credentials(URI.create("https://pacs.example.org/dicom-web")))
                .isEqualTo(Credentials.basic("site", "s1"));
        assertThat(access.credentials(URI.create("https://pacs.example.org/research/dicom-web")))
                .isEqualTo(Credentials.bearer("t0ken"));
    }

    @Test
    void anEndpointWithoutAnEntryIsCalledWithoutCredentials() {
        DicomWebAccess access = access(new EndpointCredentials("https://pacs.example.org/", "site", "s1", null));

        // a host that merely starts like a configured one gets nothing
        assertThat(access.credentials(URI.create("https://pacs.example.org.evil.test/dicom-web")))
                .isEqualTo(Credentials.none());
        assertThat(access.credentials(URI.create("http://127.0.0.1:18042/dicom-web")))
                .isEqualTo(Credentials.none());
    }

    @Test
    void theShippedSettingsGiveThePacsOfIchcdsPacsItsCredentials() throws Exception {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new MapPropertySource("overrides", Map.of("ichcds.pacs.password", "changed")));
        new YamlPropertySourceLoader()
                .load("application.yaml", new ClassPathResource("application.yaml")).stream()
                        .filter(document -> document.getProperty("spring.config.activate.on-profile") == null)
                        .forEach(sources::addLast);
        Binder binder = new Binder(
                ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
        DicomWebProperties properties = binder.bind("ichcds.dicomweb", Bindable.of(DicomWebProperties.class))
                .get();

        assertThat(new DicomWebAccess(properties).credentials(URI.create("http://127.0.0.1:18042/dicom-web")))
                .isEqualTo(Credentials.basic("ichcds", "changed"));
    }
}
