package org.ichcds.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ichcds.ItHooks;
import org.ichcds.ServerITBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The clinician's path in a real browser (Debian's headless Chromium driven by Selenium): a study-complete hook on a
 * positive phantom, the card's link, the page opening on a flagged slice with its boxes, scrolling, a tampered link.
 */
class ViewerBrowserIT extends ServerITBase {

    private static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("chromium-it"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theCardsLinkOpensOnAFlaggedSliceWithItsBoxesAndScrolls() throws Exception {
        ItHooks hooks = new ItHooks(baseUrl(), fhirClient());
        ItHooks.Registered study = hooks.registerPositivePhantom(404);
        JsonNode card = hooks.cardsWhenDone(study).get(0);
        assertThat(card.get("indicator").asText()).isEqualTo("critical");
        String link = card.get("links").get(0).get("url").asText();

        browser.get(link);
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        JsonNode data = ItHooks.JSON.readTree(
                get(link.replace("?token=", "/data.json?token=")).body());

        int opened = currentSlice();
        assertThat(opened).isEqualTo(data.get("openSlice").asInt());
        assertThat(data.get("slices").get(opened).get("flagged").asBoolean()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#marks .mark")))
                .extracting(m -> Integer.parseInt(m.getDomAttribute("data-index")))
                .contains(opened);
        int withBoxes = firstSliceWithBoxes(data);
        WebElement slider = browser.findElement(By.id("slider"));
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript(
                        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
                        slider,
                        withBoxes);
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> currentSlice() == withBoxes);
        List<WebElement> boxes = browser.findElements(By.cssSelector("#overlay rect.box"));
        JsonNode expected = data.get("slices").get(withBoxes).get("boxes");
        assertThat(boxes).hasSize(expected.size());
        for (int i = 0; i < boxes.size(); i++) {
            assertThat(boxes.get(i).getDomAttribute("data-label"))
                    .isEqualTo(expected.get(i).get("label").asText());
            for (String k : List.of("x", "y", "width", "height")) {
                assertThat(Double.parseDouble(boxes.get(i).getDomAttribute(k)))
                        .isCloseTo(expected.get(i).get(k).asDouble(), org.assertj.core.data.Offset.offset(0.5));
            }
        }
        assertThat(browser.findElement(By.id("banner")).getText()).contains("not for diagnosis");
        assertThat(browser.findElements(By.cssSelector("#verdicts tbody tr"))).hasSize(7);
        Path screenshot = Path.of("target", "viewer-screenshot.png");
        Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));

        WebElement viewport = browser.findElement(By.id("viewport"));
        new Actions(browser)
                .scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(viewport), 0, opened > 0 ? -120 : 120)
                .perform();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> currentSlice() != opened);
        int afterWheel = currentSlice();
        viewport.sendKeys(Keys.ARROW_DOWN);
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> currentSlice() == afterWheel + 1);
        assertThat(browser.findElement(By.id("slice")).getDomAttribute("src")).contains("/slices/" + (afterWheel + 1));

        HttpResponse<String> image = get(link.replace("?token=", "/slices/" + opened + ".png?window=bone&token="));
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).contains("image/png");
    }

    @Test
    void refusesTamperedMissingAndUnknownLinks() throws Exception {
        ItHooks hooks = new ItHooks(baseUrl(), fhirClient());
        ItHooks.Registered study = hooks.registerPositivePhantom(404);
        String link =
                hooks.cardsWhenDone(study).get(0).get("links").get(0).get("url").asText();
        String tampered = link.substring(0, link.length() - 3) + (link.endsWith("AAA") ? "BBB" : "AAA");

        browser.get(tampered);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Link not valid");
        assertThat(get(tampered).statusCode()).isEqualTo(403);
        assertThat(get(link.substring(0, link.indexOf('?'))).statusCode()).isEqualTo(401);
        assertThat(get(baseUrl() + "/viewer/analyses/00000000-0000-0000-0000-000000000000?token=x")
                        .statusCode())
                .isEqualTo(404);
        assertThat(get(link.replace("?token=", "/data.json?token=x")).statusCode())
                .isEqualTo(403);
    }

    private static int firstSliceWithBoxes(JsonNode data) {
        JsonNode slices = data.get("slices");
        for (int i = 0; i < slices.size(); i++) {
            if (!slices.get(i).get("boxes").isEmpty()) {
                return i;
            }
        }
        throw new AssertionError("the analysis drew no box on any slice of a study it flagged");
    }

    private static int currentSlice() {
        return Integer.parseInt(browser.findElement(By.id("slice")).getDomAttribute("data-index"));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
