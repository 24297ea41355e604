package org.ichcds.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.ichcds.analysis.AnalysisJob;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The clinician's page behind every card's link: {@code /viewer/analyses/{id}?token=…}, its data and its slice images.
 * Every request needs the link's token; a missing token gets 401, a forged or expired one 403, an unknown analysis 404,
 * each as a plain page saying so.
 */
@RestController
class ViewerController {

    private final ViewerTokens tokens;
    private final ViewerData data;
    private final SliceImages images;
    private final String page;
    private final String errorPage;

    ViewerController(SignedViewerLinks links, ViewerData data, SliceImages images) throws IOException {
        this.tokens = links.tokens();
        this.data = data;
        this.images = images;
        this.page = resource("viewer/page.html");
        this.errorPage = resource("viewer/error.html");
    }

    @GetMapping(value = "/viewer/analyses/{id}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@PathVariable String id, @RequestParam(required = false) String token) {
        AnalysisJob job = data.job(id).orElseThrow(() -> ViewerException.notFound());
        check(token, job.id());
        if (job.status() != AnalysisJob.Status.DONE) {
            throw new ViewerException(
                    HttpStatus.CONFLICT,
                    "Analysis not finished",
                    "The analysis of this study is not finished yet. Open the link again in a minute.");
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(page);
    }

    @GetMapping(value = "/viewer/analyses/{id}/data.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> data(@PathVariable String id, @RequestParam(required = false) String token) {
        AnalysisJob job = data.job(id).orElseThrow(() -> ViewerException.notFound());
        check(token, job.id());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(data.view(job));
    }

    @GetMapping(value = "/viewer/analyses/{id}/slices/{index}.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> slice(
            @PathVariable String id,
            @PathVariable int index,
            @RequestParam(defaultValue = "brain") String window,
            @RequestParam(required = false) String token) {
        AnalysisJob job = data.job(id).orElseThrow(() -> ViewerException.notFound());
        check(token, job.id());
        byte[] png = images.png(job, data.result(job), index, DisplayWindow.named(window));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(png);
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(ViewerException.class)
    ResponseEntity<String> refused(ViewerException e) {
        String body = errorPage.replace("{{title}}", escape(e.title())).replace("{{message}}", escape(e.getMessage()));
        return ResponseEntity.status(e.status())
                .contentType(MediaType.TEXT_HTML)
                .body(body);
    }

    private void check(String token, String analysisId) {
        switch (tokens.verify(token, analysisId)) {
            case VALID -> {}
            case MISSING ->
                throw new ViewerException(
                        HttpStatus.UNAUTHORIZED,
                        "Link incomplete",
                        "This page opens only from the link in the clinical decision support card.");
            case EXPIRED ->
                throw new ViewerException(
                        HttpStatus.FORBIDDEN,
                        "Link expired",
                        "This link has expired. Open the card in the patient's record again for a fresh link.");
            default ->
                throw new ViewerException(
                        HttpStatus.FORBIDDEN, "Link not valid", "This link is not valid for this analysis.");
        }
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
