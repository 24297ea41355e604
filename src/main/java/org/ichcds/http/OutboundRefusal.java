package org.ichcds.http;

/**
 * A URL the server will not fetch. The message says why, for the audit trail and the operator; callers show users one
 * text for every refusal ({@link #PUBLIC_TEXT}), so that a caller cannot map which internal addresses answer.
 */
public final class OutboundRefusal extends Exception {

    /** The one text a caller outside the server sees for any refused URL. */
    public static final String PUBLIC_TEXT =
            "The server is not allowed to fetch from the address given; an administrator can allow it in the settings.";

    private final String setting;

    OutboundRefusal(String reason, String setting) {
        super(reason);
        this.setting = setting;
    }

    /** The setting that would allow the URL, for the operator's log. */
    public String setting() {
        return setting;
    }
}
