package org.ichcds.analysis;

/**
 * Links to the page that shows an analysis to a clinician, as cards carry them. The viewer implements it; the hooks
 * that make cards depend only on this interface, so the dependency runs from the viewer down to the analyses it shows.
 */
public interface ViewerLinks {

    /**
     * An absolute link to the viewer page of an analysis; it carries ids only, never patient data.
     *
     * @param baseUrl the public base URL of this server
     */
    String link(String baseUrl, String analysisId);
}
