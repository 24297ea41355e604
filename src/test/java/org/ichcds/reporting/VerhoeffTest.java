package org.ichcds.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ichcds.inference.HemorrhageLabel;
import org.junit.jupiter.api.Test;

/**
 * Every SNOMED CT identifier the project uses passes the Verhoeff check digit (SNOMED CT TIG §6.5): the ones in the
 * code and every one in fhir-profiles/.
 */
class VerhoeffTest {

    private static final Set<String> USED =
            Stream.of(Snomed.values()).map(Snomed::code).collect(Collectors.toSet());

    @Test
    void acceptsPublishedIdentifiers() {
        // the SNOMED CT root concept, Clinical finding, Myocardial infarction
        assertThat(List.of("138875005", "404684003", "22298006")).allMatch(Verhoeff::isValid);
    }

    @Test
    void rejectsTheCodesSeenInPublicCodeThatFailTheCheck() {
        // labelled intraventricular (274110009, 95457006) and chronic subdural (429621002) in public code
        assertThat(List.of("274110009", "95457006", "429621002")).noneMatch(Verhoeff::isValid);
    }

    @Test
    void rejectsWhatIsNotAnSctid() {
        assertThat(Stream.of(null, "", "12345", "0386000", "13860O0", "1386000 ", "1234567890123456789"))
                .noneMatch(Verhoeff::isValid);
    }

    @Test
    void catchesEverySingleDigitErrorAndAdjacentTransposition() {
        for (String code : USED) {
            for (int i = 0; i < code.length(); i++) {
                for (char d = '0'; d <= '9'; d++) {
                    if (d != code.charAt(i)) {
                        String typo = code.substring(0, i) + d + code.substring(i + 1);
                        assertThat(Verhoeff.isValid(typo)).as(typo).isFalse();
                    }
                }
                if (i + 1 < code.length() && code.charAt(i) != code.charAt(i + 1)) {
                    String swapped = code.substring(0, i) + code.charAt(i + 1) + code.charAt(i) + code.substring(i + 2);
                    assertThat(Verhoeff.isValid(swapped)).as(swapped).isFalse();
                }
            }
        }
    }

    @Test
    void everySctidInTheCodePasses() throws IOException {
        assertThat(USED).allMatch(Verhoeff::isValid);
        assertThat(Stream.of(HemorrhageLabel.values()).flatMap(l -> Snomed.forLabel(l).stream()))
                .allMatch(s -> Verhoeff.isValid(s.code()));
        // the SNOMED CT system and SCTID literals live in Snomed.java only, so the checks above cover the code
        Pattern sctidLiteral = Pattern.compile("\"([1-9][0-9]{5,17})\"");
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source :
                    sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (source.endsWith("Snomed.java")) {
                    continue;
                }
                String text = Files.readString(source);
                assertThat(text).as(source.toString()).doesNotContain("snomed.info/sct");
                if (source.toString().contains("reporting")) {
                    Matcher m = sctidLiteral.matcher(text);
                    assertThat(m.find()).as("numeric code literal in " + source).isFalse();
                }
            }
        }
    }

    @Test
    void everySctidInFhirProfilesPassesAndIsOneTheCodeDeclares() throws IOException {
        List<String> found = new ArrayList<>();
        var json = new ObjectMapper();
        try (Stream<Path> files = Files.walk(Path.of("fhir-profiles"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                collectSnomed(json.readTree(file.toFile()), false, found);
            }
        }
        assertThat(found).isNotEmpty().allMatch(Verhoeff::isValid).allMatch(USED::contains);
    }

    /** Codes of Codings with the SNOMED CT system, and concept codes of ValueSet includes of it. */
    private static void collectSnomed(JsonNode node, boolean inSnomedInclude, List<String> found) {
        if (node.isObject()) {
            boolean snomed = Snomed.SYSTEM.equals(node.path("system").asText());
            if ((snomed || inSnomedInclude) && node.has("code")) {
                found.add(node.get("code").asText());
            }
            node.fields().forEachRemaining(f -> collectSnomed(f.getValue(), snomed || inSnomedInclude, found));
        } else if (node.isArray()) {
            node.forEach(child -> collectSnomed(child, inSnomedInclude, found));
        }
    }
}
