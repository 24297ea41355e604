package org.ichcds.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundPolicyTest {

    private static final List<AllowedBase> PACS = List.of(AllowedBase.parse("https://pacs.example.org/dicom-web"));

    // a resolver that answers from a table: no DNS in unit tests
    private static final Map<String, String> HOSTS = Map.of(
            "pacs.example.org", "203.0.113.10",
            "rebind.example.org", "169.254.169.254",
            "inside.example.org", "10.1.2.3",
            "localhost", "127.0.0.1");

    private final OutboundPolicy policy = new OutboundPolicy(AddressPolicy.strict(), OutboundPolicyTest::lookup);

    private static InetAddress[] lookup(String host) throws UnknownHostException {
        String ip = HOSTS.getOrDefault(host, host);
        return new InetAddress[] {InetAddress.getByName(ip)};
    }

    @Test
    void allowsUrlsUnderTheBaseWhateverTheCaseOfTheHostAndAnExplicitDefaultPort() throws Exception {
        assertThat(OutboundPolicy.check("https://pacs.example.org/dicom-web/studies/1.2.3", PACS, false, "")
                        .base())
                .isEqualTo(PACS.get(0));
        assertThat(OutboundPolicy.check("https://PACS.Example.ORG:443/dicom-web", PACS, false, "")
                        .uri()
                        .getPath())
                .isEqualTo("/dicom-web");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://pacs.example.org.evil.net/dicom-web/studies",
                "https://pacs.example.org@evil.net/dicom-web/studies",
                "https://user:pw@pacs.example.org/dicom-web/studies",
                "https://pacs.example.org/dicom-webx/studies",
                "https://pacs.example.org/dicom-web/../admin",
                "https://pacs.example.org:8443/dicom-web/studies",
                "http://pacs.example.org/dicom-web/studies",
                "https://evil.net/dicom-web/studies#https://pacs.example.org/dicom-web",
                "ftp://pacs.example.org/dicom-web",
                "https://pacs.example.org\\@evil.net/dicom-web",
                "https:///dicom-web",
                "//pacs.example.org/dicom-web",
                "https://127.0.0.1/dicom-web",
                "https://[::1]/dicom-web",
                "https://169.254.169.254/latest/meta-data/",
            })
    void refusesEverythingElseWithTheSameOutwardText(String url) {
        assertThatThrownBy(() -> OutboundPolicy.check(url, PACS, false, "ichcds.dicomweb.allow-http"))
                .isInstanceOf(OutboundRefusal.class)
                .satisfies(e -> assertThat(OutboundRefusal.PUBLIC_TEXT).doesNotContain(url));
    }

    @Test
    void httpOnlyWithItsSetting() throws Exception {
        List<AllowedBase> local = List.of(AllowedBase.parse("http://localhost:8042/dicom-web"));

        assertThatThrownBy(
                        () -> OutboundPolicy.check("http://localhost:8042/dicom-web", local, false, "the-http-setting"))
                .isInstanceOf(OutboundRefusal.class)
                .extracting(e -> ((OutboundRefusal) e).setting())
                .isEqualTo("the-http-setting");
        assertThat(OutboundPolicy.check("http://localhost:8042/dicom-web/studies", local, true, "x")
                        .base())
                .isEqualTo(local.get(0));
    }

    @Test
    void ipv6BasesMatchInAnyWriting() throws Exception {
        List<AllowedBase> v6 = List.of(AllowedBase.parse("https://[2001:DB8::1]/fhir"));

        assertThat(OutboundPolicy.check("https://[2001:db8:0:0:0:0:0:1]:443/fhir/Patient", v6, false, "")
                        .base())
                .isEqualTo(v6.get(0));
    }

    @Test
    void resolvedAddressesAreCheckedNotJustLiterals() throws Exception {
        assertThat(policy.resolve("pacs.example.org")).hasSize(1);
        assertThatThrownBy(() -> policy.resolve("rebind.example.org")).isInstanceOf(OutboundRefusal.class);
        assertThatThrownBy(() -> policy.resolve("inside.example.org"))
                .isInstanceOf(OutboundRefusal.class)
                .extracting(e -> ((OutboundRefusal) e).setting())
                .isEqualTo("ichcds.outbound.allow-private");
        assertThatThrownBy(() -> policy.resolve("localhost"))
                .isInstanceOf(OutboundRefusal.class)
                .extracting(e -> ((OutboundRefusal) e).setting())
                .isEqualTo("ichcds.outbound.allow-loopback");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "169.254.169.254",
                "fe80::1",
                "fd00:ec2::254",
                "168.63.129.16",
                "0.0.0.0",
                "::",
                "224.0.0.1",
                "255.255.255.255",
                "::ffff:169.254.169.254",
                "::ffff:127.0.0.1"
            })
    void metadataLinkLocalAndNonUnicastAreRefusedEvenWhenInternalAddressesAreAllowed(String ip) throws Exception {
        AddressPolicy open = new AddressPolicy(true, true);
        InetAddress address = InetAddress.getByName(ip);

        if (ip.equals("::ffff:127.0.0.1")) {
            open.check(address); // loopback, allowed here: the mapped form is judged as the IPv4 address
            assertThatThrownBy(() -> AddressPolicy.strict().check(address)).isInstanceOf(OutboundRefusal.class);
        } else {
            assertThatThrownBy(() -> open.check(address)).isInstanceOf(OutboundRefusal.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "172.16.5.4", "192.168.1.1", "100.64.0.1", "fd12:3456::1"})
    void privateRangesNeedTheirSetting(String ip) throws Exception {
        InetAddress address = InetAddress.getByName(ip);

        assertThatThrownBy(() -> AddressPolicy.strict().check(address)).isInstanceOf(OutboundRefusal.class);
        new AddressPolicy(false, true).check(address);
    }

    @Test
    void aConfiguredBaseWithCredentialsOrAQueryIsAConfigurationError() {
        assertThatThrownBy(() -> AllowedBase.parse("https://u:p@pacs.example.org/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user information");
        assertThatThrownBy(() -> AllowedBase.parse("https://pacs.example.org/?a=b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query");
    }

    @Test
    void originsNameWhereCredentialsMayGo() {
        assertThat(AllowedBase.parse("https://PACS.example.org/dicom-web/").origin())
                .isEqualTo("https://pacs.example.org:443");
        assertThat(AllowedBase.parse("http://[::1]:8042").origin()).isEqualTo("http://[0:0:0:0:0:0:0:1]:8042");
    }
}
