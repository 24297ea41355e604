package org.ichcds.viewer;

import org.springframework.http.HttpStatus;

/** A viewer request refused or impossible; shown to the person as a plain page with this title and message. */
final class ViewerException extends RuntimeException {

    private final HttpStatus status;
    private final String title;

    ViewerException(HttpStatus status, String title, String message) {
        super(message);
        this.status = status;
        this.title = title;
    }

    static ViewerException notFound() {
        return new ViewerException(
                HttpStatus.NOT_FOUND, "Analysis not found", "There is no analysis with this id on this server.");
    }

    HttpStatus status() {
        return status;
    }

    String title() {
        return title;
    }
}
