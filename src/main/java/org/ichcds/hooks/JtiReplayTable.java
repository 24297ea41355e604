package org.ichcds.hooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.ichcds.fhir.DatabaseOutage;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code jti} values already seen, in the database ({@code app.cds_jti}), so that a token used against one replica
 * is refused by every other, and after a restart. The primary key is the SHA-256 of issuer and {@code jti}: one
 * insert per call decides, atomically on every database, whether the token is new. A row is kept until its token can
 * no longer be accepted; expired rows are deleted once a minute by whichever call comes first. When the database
 * cannot be asked, the token is refused (its reuse cannot be ruled out).
 */
final class JtiReplayTable implements JtiRegistry {

    private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);
    private static final int ATTEMPTS = 3;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final AtomicLong nextCleanup = new AtomicLong();

    JtiReplayTable(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Tries again, up to {@value #ATTEMPTS} times in all, when the database connection was lost under the statement
     * (the pool then hands out another; a restart or {@code pg_terminate_backend} ends them all at once).
     */
    @Override
    public Outcome firstUse(String issuer, String jti, Instant keepUntil) throws JwtRejected {
        for (int attempt = 1; ; attempt++) {
            try {
                return record(issuer, jti, keepUntil);
            } catch (DataAccessException e) {
                if (attempt == ATTEMPTS || !DatabaseOutage.causedBy(e)) {
                    throw new JwtRejected(JwtRejected.Reason.REPLAY_CHECK_FAILED, issuer);
                }
                DatabaseOutage.evictPooledConnections(jdbc.getDataSource());
            }
        }
    }

    private Outcome record(String issuer, String jti, Instant keepUntil) {
        Instant now = clock.instant();
        String digest = digest(issuer, jti);
        cleanUp(now);
        try {
            jdbc.update(
                    "INSERT INTO app.cds_jti (digest, keep_until) VALUES (?, ?)", digest, Timestamp.from(keepUntil));
            return Outcome.FIRST_USE;
        } catch (DuplicateKeyException seen) {
            // seen before: a new token only if the old record had lapsed (and then only one caller wins it)
            int renewed = jdbc.update(
                    "UPDATE app.cds_jti SET keep_until = ? WHERE digest = ? AND keep_until < ?",
                    Timestamp.from(keepUntil),
                    digest,
                    Timestamp.from(now));
            return renewed == 1 ? Outcome.FIRST_USE : Outcome.REPLAY;
        }
    }

    /** Rows still held (tests, metrics). */
    int size() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM app.cds_jti", Integer.class);
        return count == null ? 0 : count;
    }

    private void cleanUp(Instant now) {
        long due = nextCleanup.get();
        if (now.toEpochMilli() >= due
                && nextCleanup.compareAndSet(due, now.plus(CLEANUP_INTERVAL).toEpochMilli())) {
            jdbc.update("DELETE FROM app.cds_jti WHERE keep_until < ?", Timestamp.from(now));
        }
    }

    private static String digest(String issuer, String jti) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(issuer.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0); // issuer and jti kept apart: "ab"+"c" is not "a"+"bc"
            sha256.update(jti.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
