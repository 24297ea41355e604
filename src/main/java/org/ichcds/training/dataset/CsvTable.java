package org.ichcds.training.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a comma-separated file with a header row (RFC 4180 quoting, one record per line), streaming so a multi-million
 * row RSNA file is not held in memory. Every problem is reported as one line naming the file, the line and what is
 * wrong.
 */
public final class CsvTable {

    /** Longest line accepted: a BHX row is under 300 characters, so anything near this is not a data set file. */
    static final int MAX_LINE = 100_000;

    /** Receives each data row. */
    public interface RowHandler {
        void row(Row row);
    }

    /** One data row, its fields addressed by header name. */
    public static final class Row {
        private final Path file;
        private final int line;
        private final Map<String, Integer> columns;
        private final List<String> fields;

        Row(Path file, int line, Map<String, Integer> columns, List<String> fields) {
            this.file = file;
            this.line = line;
            this.columns = columns;
            this.fields = fields;
        }

        /** The field of a column the header was required to have, trimmed. */
        public String get(String column) {
            return fields.get(columns.get(column)).strip();
        }

        /** Every field by its header name, trimmed (the first column of a repeated name). */
        Map<String, String> all() {
            Map<String, String> out = new HashMap<>();
            columns.forEach((name, index) -> out.put(name, fields.get(index).strip()));
            return out;
        }

        /** The line number in the file, from 1 (the header). */
        public int line() {
            return line;
        }

        /** A one-line error naming file and line. */
        public IllegalArgumentException error(String problem) {
            return CsvTable.error(file, line, problem);
        }
    }

    private CsvTable() {}

    /**
     * Reads {@code file}, whose header must name every column of {@code required} (in any order, other columns
     * allowed).
     */
    public static void read(Path file, List<String> required, RowHandler handler) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = readLine(in, file, 1);
            if (header == null) {
                throw error(file, 1, "the file is empty; expected a header " + String.join(",", required));
            }
            List<String> names = split(stripBom(header), file, 1);
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                columns.putIfAbsent(names.get(i).strip(), i);
            }
            for (String column : required) {
                if (!columns.containsKey(column)) {
                    throw error(file, 1, "header " + abbreviate(header) + " lacks column " + column);
                }
            }
            int lineNumber = 1;
            for (String line = readLine(in, file, 2); line != null; line = readLine(in, file, lineNumber + 1)) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = split(line, file, lineNumber);
                if (fields.size() != names.size()) {
                    throw error(file, lineNumber, "has " + fields.size() + " fields, the header has " + names.size());
                }
                handler.row(new Row(file, lineNumber, columns, fields));
            }
        }
    }

    static IllegalArgumentException error(Path file, int line, String problem) {
        return new IllegalArgumentException(file + " line " + line + ": " + problem);
    }

    /** A line without its terminator, or null at the end; refuses lines longer than {@link #MAX_LINE}. */
    private static String readLine(Reader in, Path file, int lineNumber) throws IOException {
        StringBuilder line = new StringBuilder();
        int c = in.read();
        if (c < 0) {
            return null;
        }
        while (c >= 0 && c != '\n') {
            if (c == 0) {
                throw error(file, lineNumber, "holds a NUL character; this is not a text CSV file");
            }
            if (line.length() >= MAX_LINE) {
                throw error(file, lineNumber, "is longer than " + MAX_LINE + " characters");
            }
            line.append((char) c);
            c = in.read();
        }
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    /** RFC 4180 fields: a quoted field may hold commas and doubled quotes. */
    static List<String> split(String line, Path file, int lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw error(file, lineNumber, "has an unterminated quoted field");
        }
        fields.add(field.toString());
        return fields;
    }

    private static String stripBom(String header) {
        return header.startsWith("\uFEFF") ? header.substring(1) : header;
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? "'" + text + "'" : "'" + text.substring(0, 77) + "...'";
    }
}
