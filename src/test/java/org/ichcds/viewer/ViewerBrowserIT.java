package org.ichcds.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
        // the token moved into a cookie: the address bar, the history and a Referer no longer carry it
        assertThat(browser.getCurrentUrl()).doesNotContain("token").endsWith(link.substring(0, link.indexOf('?')));
        assertThat(browser.manage().getCookieNamed("ichcds_viewer")).satisfies(c -> {
            assertThat(c.isHttpOnly()).isTrue();
            assertThat(c.getSameSite()).isEqualTo("Strict");
            assertThat(c.getPath()).isEqualTo(link.substring(baseUrl().length(), link.indexOf('?')));
        });
        HttpResponse<String> opened0 = get(link);
        assertThat(opened0.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(opened0.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'"));
        assertThat(opened0.headers().firstValue("X-Frame-Options")).contains("DENY");
        JsonNode data = ItHooks.JSON.readTree(
                get(link.replace("?token=", "/data.json?token=")).body());

        int opened = currentSlice();
        assertThat(opened).isEqualTo(data.get("openSlice").asInt());
        assertThat(data.get("slices").get(opened).get("flagged").asBoolean()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#marks .mark")))
                .extracting(m -> Integer.parseInt(m.getDomAttribute("data-index")))
                .contains(opened);
        String subtype = study.stored().study().plan().primary().label();
        TruthMatch match = boxOnTheLesion(data, study, subtype);
        WebElement slider = browser.findElement(By.id("slider"));
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript(
                        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
                        slider,
                        match.slice());
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> currentSlice() == match.slice());
        List<WebElement> drawn =
                browser.findElements(By.cssSelector("#overlay rect.box[data-label='" + subtype + "']"));
        assertThat(drawn)
                .as("a %s box drawn on slice %d", subtype, match.slice())
                .anySatisfy(rect -> {
                    assertThat(Double.parseDouble(rect.getDomAttribute("x"))).isCloseTo(match.x(), within(3.0));
                    assertThat(Double.parseDouble(rect.getDomAttribute("y"))).isCloseTo(match.y(), within(3.0));
                });
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
        // the token is checked first: an unknown analysis is indistinguishable from a known one without a valid token
        assertThat(get(baseUrl() + "/viewer/analyses/00000000-0000-0000-0000-000000000000?token=x")
                        .statusCode())
                .isEqualTo(403);
        assertThat(get(baseUrl() + "/viewer/analyses/00000000-0000-0000-0000-000000000000")
                        .statusCode())
                .isEqualTo(401);
        String token = link.substring(link.indexOf("?token=") + 7);
        assertThat(get(baseUrl() + "/viewer/analyses/00000000-0000-0000-0000-000000000000?token=" + token)
                        .statusCode())
                .as("a valid token replayed for another analysis")
                .isEqualTo(403);
        assertThat(get(link.replace("?token=", "/data.json?token=x")).statusCode())
                .isEqualTo(403);
    }

    /** A box the model drew, on a slice where the phantom has a lesion of the same subtype, near its truth box. */
    record TruthMatch(int slice, double x, double y) {}

    /**
     * The model's box of {@code subtype} closest to a truth box of that subtype on the same slice; its corners must
     * agree with the truth box's within a few pixels (8 px on a 256² phantom: the detector's grid cell is 16 px).
     */
    private static TruthMatch boxOnTheLesion(JsonNode data, ItHooks.Registered study, String subtype) {
        double best = Double.MAX_VALUE;
        TruthMatch match = null;
        for (var lesion : study.stored().study().lesions()) {
            if (!lesion.subtype().label().equals(subtype)) {
                continue;
            }
            for (var truth : lesion.slices()) {
                for (JsonNode box : data.get("slices").get(truth.slice()).get("boxes")) {
                    if (!box.get("label").asText().equals(subtype)) {
                        continue;
                    }
                    double error = Math.max(
                            Math.max(
                                    Math.abs(box.get("x").asDouble() - truth.x()),
                                    Math.abs(box.get("y").asDouble() - truth.y())),
                            Math.max(
                                    Math.abs(box.get("x").asDouble()
                                            + box.get("width").asDouble()
                                            - truth.x()
                                            - truth.width()),
                                    Math.abs(box.get("y").asDouble()
                                            + box.get("height").asDouble()
                                            - truth.y()
                                            - truth.height())));
                    if (error < best) {
                        best = error;
                        match = new TruthMatch(
                                truth.slice(),
                                box.get("x").asDouble(),
                                box.get("y").asDouble());
                    }
                }
            }
        }
        assertThat(match)
                .as("a %s box on a slice of the %s lesion", subtype, subtype)
                .isNotNull();
        assertThat(best)
                .as("largest corner error of the best %s box, in pixels", subtype)
                .isLessThanOrEqualTo(8.0);
        return match;
    }

    private static int currentSlice() {
        return Integer.parseInt(browser.findElement(By.id("slice")).getDomAttribute("data-index"));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
