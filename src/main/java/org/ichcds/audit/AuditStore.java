package org.ichcds.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The audit trail's table, {@code app.audit_event}: appended to in batches, read by the FHIR AuditEvent endpoint. */
@Component
public class AuditStore {

    /** A stored entry and its id. */
    public record Stored(long id, AuditEntry entry) {}

    private static final String COLUMNS = "recorded, kind, interaction, outcome, outcome_text, issuer, client_id,"
            + " user_ref, source, patient_ref, study_uid, analysis_id, detail";

    private final JdbcTemplate jdbc;

    AuditStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends the entries in one batch. */
    void append(List<AuditEntry> entries) {
        jdbc.batchUpdate(
                "INSERT INTO app.audit_event (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entries,
                entries.size(),
                (statement, e) -> {
                    statement.setTimestamp(1, Timestamp.from(e.time()));
                    statement.setString(2, e.kind().name());
                    statement.setString(3, e.interaction());
                    statement.setInt(4, e.outcome().code());
                    statement.setString(5, e.outcomeText());
                    statement.setString(6, e.who().issuer());
                    statement.setString(7, e.who().client());
                    statement.setString(8, e.who().user());
                    statement.setString(9, e.who().source());
                    statement.setString(10, e.what().patient());
                    statement.setString(11, e.what().study());
                    statement.setString(12, e.what().analysis());
                    statement.setString(13, e.what().detail());
                });
    }

    /** The entry with this id. */
    public Optional<Stored> find(long id) {
        return jdbc.query("SELECT id, " + COLUMNS + " FROM app.audit_event WHERE id = ?", AuditStore::row, id).stream()
                .findFirst();
    }

    /** One page of the entries that match, newest first. */
    public List<Stored> search(AuditQuery query) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT id, " + COLUMNS + " FROM app.audit_event" + where(query, args)
                + " ORDER BY id DESC LIMIT ? OFFSET ?";
        args.add(query.count());
        args.add(query.offset());
        return jdbc.query(sql, AuditStore::row, args.toArray());
    }

    /** How many entries match. */
    public int count(AuditQuery query) {
        List<Object> args = new ArrayList<>();
        Integer count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM app.audit_event" + where(query, args), Integer.class, args.toArray());
        return count == null ? 0 : count;
    }

    private static String where(AuditQuery query, List<Object> args) {
        List<String> conditions = new ArrayList<>();
        query.from().ifPresent(t -> {
            conditions.add("recorded >= ?");
            args.add(Timestamp.from(t));
        });
        query.to().ifPresent(t -> {
            conditions.add("recorded < ?");
            args.add(Timestamp.from(t));
        });
        query.patient().ifPresent(p -> {
            conditions.add("patient_ref = ?");
            args.add(p);
        });
        query.kind().ifPresent(k -> {
            conditions.add("kind = ?");
            args.add(k.name());
        });
        query.outcome().ifPresent(o -> {
            conditions.add("outcome = ?");
            args.add(o.code());
        });
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static Stored row(ResultSet rs, int row) throws SQLException {
        AuditEntry entry = new AuditEntry(
                rs.getTimestamp("recorded").toInstant(),
                AuditKind.valueOf(rs.getString("kind")),
                rs.getString("interaction"),
                AuditEntry.Outcome.ofCode(rs.getInt("outcome")),
                rs.getString("outcome_text"),
                new AuditEntry.Who(
                        rs.getString("issuer"),
                        rs.getString("client_id"),
                        rs.getString("user_ref"),
                        rs.getString("source")),
                new AuditEntry.What(
                        rs.getString("patient_ref"),
                        rs.getString("study_uid"),
                        rs.getString("analysis_id"),
                        rs.getString("detail")));
        return new Stored(rs.getLong("id"), entry);
    }
}
