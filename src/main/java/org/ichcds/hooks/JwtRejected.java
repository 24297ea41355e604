package org.ichcds.hooks;

/**
 * A CDS client's JWT was refused. Carries a reason category and the issuer for the log line only; the caller gets a
 * bare 401 whatever the reason (CDS Hooks best practices: no details on failure).
 */
final class JwtRejected extends Exception {

    /** Why a token was refused; {@code suspicious} reasons are logged at WARN, the others at INFO. */
    enum Reason {
        MISSING_TOKEN(false),
        MALFORMED(true),
        ALGORITHM(true),
        HEADER(true),
        MISSING_CLAIM(true),
        UNTRUSTED_ISSUER(true),
        UNKNOWN_KEY(true),
        KEYS_UNAVAILABLE(true),
        SIGNATURE(true),
        AUDIENCE(true),
        EXPIRED(false),
        NOT_YET_VALID(false),
        TOO_OLD(false),
        REPLAYED(true),
        REPLAY_CACHE_FULL(true),
        REPLAY_CHECK_FAILED(true);

        private final boolean suspicious;

        Reason(boolean suspicious) {
            this.suspicious = suspicious;
        }

        boolean suspicious() {
            return suspicious;
        }
    }

    private static final int MAX_LOGGED_ISSUER = 100;

    private final Reason reason;
    private final String issuer;

    JwtRejected(Reason reason, String issuer) {
        super(reason.name(), null, false, false);
        this.reason = reason;
        this.issuer = loggable(issuer);
    }

    JwtRejected(Reason reason) {
        this(reason, null);
    }

    Reason reason() {
        return reason;
    }

    /** The claimed issuer, cut and stripped of control characters (it may come from an attacker), or "-". */
    String issuer() {
        return issuer;
    }

    private static String loggable(String issuer) {
        if (issuer == null) {
            return "-";
        }
        String printable = issuer.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .limit(MAX_LOGGED_ISSUER)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return issuer.length() > MAX_LOGGED_ISSUER ? printable + "..." : printable;
    }
}
