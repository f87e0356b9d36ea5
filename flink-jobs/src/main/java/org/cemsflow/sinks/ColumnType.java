package org.cemsflow.sinks;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column's ClickHouse type as far as the sink writes it in RowBinary, parsed from the type's name
 * in {@code system.columns}. Guarantees that what it writes is what ClickHouse would have read from
 * the TabSeparated text of the same bound value (a double: its exact bits, which 18.16's text
 * parser does not always give), or nothing: a value without an exact binary form
 * in the column (a NULL in a column that is not Nullable, a number out of the column's range, a
 * name its Enum lacks, a double in an integer column) makes its {@code write} methods answer false, and the
 * sink then writes the batch as TabSeparated, so the server accepts or refuses it as it always did.
 * Types it does not know ({@link #parse} answers null: Decimal, Array, FixedString, ...) make the
 * sink write the table as TabSeparated.
 *
 * <p>RowBinary is the server's own layout: little-endian integers and doubles as their bits, a
 * string as its length (LEB128) and bytes, Date as days and DateTime as seconds since the epoch,
 * an Enum as its value, a Nullable value after a byte that is 1 for NULL. Neither side formats or
 * parses decimal text.
 */
final class ColumnType {
    enum Kind {
        STRING,
        INTEGER,
        FLOAT64,
        DATE,
        DATE_TIME,
        ENUM
    }

    private static final Pattern INTEGER = Pattern.compile("(U?)Int(8|16|32|64)");
    private static final Pattern DATE_TIME = Pattern.compile("DateTime(\\('[^'\\\\]*'\\))?");
    private static final Pattern ENUM = Pattern.compile("Enum(8|16)\\((.*)\\)");
    private static final Pattern ENUM_VALUE =
            Pattern.compile("\\s*'((?:[^'\\\\]|\\\\.)*)'\\s*=\\s*(-?\\d+)\\s*(,|$)");

    /** The largest magnitude of a long that a double holds exactly. */
    private static final long EXACT_DOUBLE = 1L << 53;

    final Kind kind;
    final boolean nullable;

    /** Bytes of an integer, an Enum's value or a Date / DateTime. */
    final int bytes;

    final boolean signed;

    /** An Enum's values by name. */
    private final Map<String, Integer> names;

    private ColumnType(
            Kind kind, boolean nullable, int bytes, boolean signed, Map<String, Integer> names) {
        this.kind = kind;
        this.nullable = nullable;
        this.bytes = bytes;
        this.signed = signed;
        this.names = names;
    }

    /** The type of that name ({@code Nullable(DateTime('Asia/Shanghai'))}), or null if unknown here. */
    static ColumnType parse(String type) {
        String t = type.strip();
        boolean nullable = t.startsWith("Nullable(") && t.endsWith(")");
        if (nullable) {
            t = t.substring("Nullable(".length(), t.length() - 1).strip();
        }
        Matcher m;
        if (t.equals("String")) {
            return new ColumnType(Kind.STRING, nullable, 0, false, Map.of());
        } else if (t.equals("Float64")) {
            return new ColumnType(Kind.FLOAT64, nullable, 8, true, Map.of());
        } else if (t.equals("Date")) {
            return new ColumnType(Kind.DATE, nullable, 2, false, Map.of());
        } else if (DATE_TIME.matcher(t).matches()) {
            return new ColumnType(Kind.DATE_TIME, nullable, 4, false, Map.of());
        } else if ((m = INTEGER.matcher(t)).matches()) {
            return new ColumnType(
                    Kind.INTEGER,
                    nullable,
                    Integer.parseInt(m.group(2)) / 8,
                    m.group(1).isEmpty(),
                    Map.of());
        } else if ((m = ENUM.matcher(t)).matches()) {
            Map<String, Integer> names = enumValues(m.group(2));
            return names == null
                    ? null
                    : new ColumnType(
                            Kind.ENUM, nullable, Integer.parseInt(m.group(1)) / 8, true, names);
        }
        return null;
    }

    /** {@code 'A' = 1, 'B' = 2} by name, or null when it does not read as that. */
    private static Map<String, Integer> enumValues(String list) {
        Map<String, Integer> out = new HashMap<>();
        Matcher m = ENUM_VALUE.matcher(list);
        int at = 0;
        while (at < list.length()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            out.put(m.group(1).replaceAll("\\\\(.)", "$1"), Integer.parseInt(m.group(2)));
            at = m.end();
        }
        return out.isEmpty() ? null : out;
    }

    /** Writes an integer value; false when the column has no exact form for it. */
    boolean writeLong(long v, Bytes out) {
        return switch (kind) {
            // a DateTime is seconds in a UInt32: a negative one is refused, as TabSeparated's is
            case INTEGER, DATE_TIME -> {
                if (!fits(v, bytes, signed)) {
                    yield false;
                }
                out.littleEndian(v, bytes);
                yield true;
            }
            case FLOAT64 -> v <= EXACT_DOUBLE && v >= -EXACT_DOUBLE && writeDouble(v, out);
            default -> false;
        };
    }

    /** Writes a double; only a Float64 column takes one exactly. */
    boolean writeDouble(double v, Bytes out) {
        if (kind != Kind.FLOAT64) {
            return false;
        }
        out.littleEndian(Double.doubleToRawLongBits(v), 8);
        return true;
    }

    /** Writes a string of UTF-8 bytes {@code b[from, from + n)}; false when the column reads none. */
    boolean writeString(byte[] b, int from, int n, Bytes out) {
        switch (kind) {
            case STRING -> {
                out.unsignedLeb128(n);
                out.put(b, from, n);
            }
            case ENUM -> {
                Integer v = names.get(new String(b, from, n, StandardCharsets.UTF_8));
                if (v == null || !fits(v, bytes, true)) {
                    return false; // TabSeparated's insert is refused as it was
                }
                out.littleEndian(v, bytes);
            }
            case DATE -> {
                int days = days(b, from, n);
                if (days < 0) {
                    return false;
                }
                out.littleEndian(days, 2);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The days since 1970-01-01 of a {@code yyyy-MM-dd} date a Date holds, else -1. */
    private static int days(byte[] b, int from, int n) {
        if (n != 10 || b[from + 4] != '-' || b[from + 7] != '-') {
            return -1;
        }
        int y = digits(b, from, 4), m = digits(b, from + 5, 2), d = digits(b, from + 8, 2);
        if (y < 0 || m < 0 || d < 0) {
            return -1;
        }
        try {
            long days = LocalDate.of(y, m, d).toEpochDay();
            return days >= 0 && days <= 0xFFFF ? (int) days : -1;
        } catch (DateTimeException e) {
            return -1;
        }
    }

    private static int digits(byte[] b, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            v = v * 10 + b[i] - '0';
        }
        return v;
    }

    private static boolean fits(long v, int bytes, boolean signed) {
        if (bytes == 8) {
            return signed || v >= 0;
        }
        int bits = 8 * bytes;
        return signed ? v >= -(1L << (bits - 1)) && v < 1L << (bits - 1) : v >= 0 && v < 1L << bits;
    }
}
