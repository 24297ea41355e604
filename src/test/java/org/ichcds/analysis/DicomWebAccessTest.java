package org.ichcds.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.ichcds.analysis.DicomWebAccess.DicomWebProperties;
import org.ichcds.analysis.DicomWebAccess.SourceSettings;
import org.ichcds.dicom.Credentials;
import org.ichcds.dicom.DicomWebException;
import org.ichcds.dicom.StudyLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;

class DicomWebAccessTest {

    private static DicomWebAccess access(boolean allowHttp, SourceSettings... sources) {
        return new DicomWebAccess(
                new DicomWebProperties(
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(60),
                        3,
                        Duration.ofMillis(200),
                        allowHttp,
                        List.of(sources),
                        null),
                new OutboundProperties(false, false));
    }

    @Test
    void eachSourceGivesItsOwnCredentials() {
        DicomWebAccess access = access(
                false,
                new SourceSettings("https://pacs.example.org/", "site", "s1", null),
                new SourceSettings("https://research.example.org/dicom-web", null, null, "t0ken"),
                new SourceSettings("https://open.example.org/", null, null, null));

        assertThat(access.credentials(URI.create("https://pacs.example.org/dicom-web")))
                .isEqualTo(Credentials.basic("site", "s1"));
        assertThat(access.credentials(URI.create("https://RESEARCH.example.org:443/dicom-web/")))
                .isEqualTo(Credentials.bearer("t0ken"));
        assertThat(access.credentials(URI.create("https://open.example.org/wado")))
                .isEqualTo(Credentials.none());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://pacs.example.org.evil.test/dicom-web",
                "https://pacs.example.org@evil.test/dicom-web",
                "https://evil.test/dicom-web",
                "http://pacs.example.org/dicom-web",
                "https://pacs.example.org:8443/dicom-web",
                "http://127.0.0.1:18042/dicom-web",
                "http://169.254.169.254/latest/meta-data",
                "http://[::1]:18042/dicom-web"
            })
    void anAddressUnderNoSourceIsRefusedAsAnUnreachablePacsWouldBe(String address) {
        DicomWebAccess access = access(false, new SourceSettings("https://pacs.example.org/", "site", "s1", null));

        assertThatThrownBy(() -> access.client(URI.create(address)))
                .isInstanceOf(DicomWebException.class)
                .hasMessage("the images could not be retrieved");
    }

    @Test
    void theShippedSettingsAllowNoSource() throws Exception {
        MutablePropertySources sources = new MutablePropertySources();
        new YamlPropertySourceLoader()
                .load("application.yaml", new ClassPathResource("application.yaml")).stream()
                        .filter(document -> document.getProperty("spring.config.activate.on-profile") == null)
                        .forEach(sources::addLast);
        DicomWebProperties properties = new Binder(ConfigurationPropertySources.from(sources))
                .bind("ichcds.dicomweb", Bindable.of(DicomWebProperties.class))
                .get();

        assertThat(properties.sources()).isEmpty();
        assertThat(new DicomWebAccess(properties, new OutboundProperties(false, false)).limits())
                .isEqualTo(StudyLimits.defaults());
        var bound = new Binder(ConfigurationPropertySources.from(sources))
                .bind(
                        "ichcds.dicomweb",
                        Bindable.of(DicomWebProperties.class),
                        new org.springframework.boot.context.properties.bind.BindHandler() {})
                .get();
        assertThat(bound.limits().maxInstanceSize().toMegabytes()).isEqualTo(64);
        assertThatThrownBy(() -> new DicomWebAccess(properties, new OutboundProperties(false, false))
                        .client(URI.create("http://127.0.0.1:18042/dicom-web")))
                .isInstanceOf(DicomWebException.class);
    }

    @Test
    void aSourceWithAUsernameButNoPasswordIsRefusedSayingWhatToSet() {
        assertThatThrownBy(() -> new SourceSettings("https://pacs.example.org/", "site", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https://pacs.example.org/")
                .hasMessageContaining("ichcds.dicomweb.sources[N].password");
    }
}
