package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void buildsAuthorizationHeaders() {
        assertThat(Credentials.basic("ichcds", "s3cret").authorizationHeader()).contains("Basic aWNoY2RzOnMzY3JldA==");
        assertThat(Credentials.bearer("tok").authorizationHeader()).contains("Bearer tok");
        assertThat(Credentials.none().authorizationHeader()).isEmpty();
    }

    @Test
    void neverPrintsSecrets() {
        assertThat(Credentials.basic("ichcds", "s3cret").toString())
                .contains("ichcds")
                .doesNotContain("s3cret");
        assertThat(Credentials.bearer("tok-123").toString()).doesNotContain("tok-123");
        DicomWebEndpoint endpoint =
                new DicomWebEndpoint(URI.create("http://pacs/dicom-web/"), Credentials.basic("u", "s3cret"));
        assertThat(endpoint.toString()).doesNotContain("s3cret");
        assertThat(endpoint.baseUrl()).hasToString("http://pacs/dicom-web");
    }

    @Test
    void rejectsUnusableValues() {
        assertThatThrownBy(() -> Credentials.bearer(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Credentials.basic("a:b", "p")).hasMessageContaining("':'");
        assertThatThrownBy(() -> new DicomWebEndpoint(URI.create("ftp://pacs/"), Credentials.none()))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> DicomWebClient.uid("1.2/../3")).hasMessage("not a DICOM UID: 1.2/../3");
    }
}
