package org.cemsflow.sinks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Rows of one table, as the column values their binder set, waiting for their checkpoint to
 * complete. It is what {@link ClickHouseSink}'s writer hands to its committer, and so part of the
 * checkpoint: its serialized form holds every value exactly (strings as UTF-8, numbers as bits,
 * SQL NULLs with their type), and its TabSeparated form is the same after a restore.
 *
 * <p>A row is encoded in that serialized form as soon as the next is added (or the batch is read),
 * so a batch is one growing byte array: a checkpoint copies it instead of encoding every value of
 * every row while the task waits (that was a third of the sink benchmark's samples), and the writer holds some
 * 150 bytes a row instead of an array of boxed values.
 */
public final class RowBatch {
    private static final byte UNBOUND = -1, NULL = 0, STRING = 1, LONG = 2, INT = 3, DOUBLE = 4;

    private final int columns;

    /** The rows before the one being bound, as {@link Serializer} writes them after its header. */
    private final Bytes data;

    private int size;

    /** The row being bound: per column a tag, the bits of a number (or a NULL's type), a string. */
    private final byte[] tags;

    private final long[] bits;
    private final String[] strings;
    private boolean binding;
    private final Row row = new Row();

    public RowBatch(int columns) {
        this(columns, new Bytes(4096));
    }

    /** A batch of the rows {@code data} holds in {@link Serializer}'s form (after its header). */
    private RowBatch(int columns, Bytes data) {
        this.columns = columns;
        this.data = data;
        this.tags = new byte[columns];
        this.bits = new long[columns];
        this.strings = new String[columns];
    }

    /**
     * The column values of the row being bound: set by 1-based column index, in the sink's column
     * order. Valid until the next row is added.
     */
    public final class Row {
        private Row() {}

        public void setString(int column, String v) {
            if (v == null) {
                setNull(column, java.sql.Types.VARCHAR);
            } else {
                tags[column - 1] = STRING;
                strings[column - 1] = v;
            }
        }

        public void setLong(int column, long v) {
            tags[column - 1] = LONG;
            bits[column - 1] = v;
        }

        public void setInt(int column, int v) {
            tags[column - 1] = INT;
            bits[column - 1] = v;
        }

        public void setDouble(int column, double v) {
            tags[column - 1] = DOUBLE;
            bits[column - 1] = Double.doubleToRawLongBits(v);
        }

        public void setNull(int column, int sqlType) {
            tags[column - 1] = NULL;
            bits[column - 1] = sqlType;
        }
    }

    /** A NULL parameter and its {@link java.sql.Types} type. */
    record SqlNull(int sqlType) {}

    /** A new row to bind; the row bound before it is encoded now (all its columns bound). */
    Row add() {
        seal();
        java.util.Arrays.fill(tags, UNBOUND);
        binding = true;
        size++;
        return row;
    }

    public int size() {
        return size;
    }

    /**
     * Encodes the row being bound, if any. A column left unbound is a binder's bug: an {@link
     * IllegalStateException} that names it.
     */
    void seal() {
        if (!binding) {
            return;
        }
        for (int i = 0; i < columns; i++) {
            if (tags[i] == UNBOUND) {
                throw new IllegalStateException(
                        "column " + (i + 1) + " of " + columns + " was not bound");
            }
        }
        binding = false;
        for (int i = 0; i < columns; i++) {
            byte t = tags[i];
            data.put(t);
            switch (t) {
                case STRING -> {
                    writeString(strings[i]);
                    strings[i] = null;
                }
                case LONG, DOUBLE -> data.bigEndian(bits[i], 8);
                default -> data.bigEndian(bits[i], 4); // INT, or NULL and its type
            }
        }
    }

    /** Its length and its UTF-8 bytes; ASCII (what the tables hold) without an array of its own. */
    private void writeString(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) < 0x80) {
            i++;
        }
        if (i == n) {
            data.bigEndian(n, 4);
            data.ascii(s);
        } else {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            data.bigEndian(b.length, 4);
            data.put(b, 0, b.length);
        }
    }

    private static int intAt(byte[] b, int p) {
        return (b[p] & 0xff) << 24
                | (b[p + 1] & 0xff) << 16
                | (b[p + 2] & 0xff) << 8
                | b[p + 3] & 0xff;
    }

    private static long longAt(byte[] b, int p) {
        return (long) intAt(b, p) << 32 | intAt(b, p + 4) & 0xffffffffL;
    }

    /**
     * The rows in ClickHouse's TabSeparated format: one line per row, values separated by tabs,
     * strings escaped ({@code \\ \t \n \r \0}), NULL as {@code \N}, numbers as decimal text
     * (doubles as Java writes them, which parses back to the same bits; NaN and infinities as
     * ClickHouse spells them). DateTime columns ({@code dateTime[i]}) are bound as epoch seconds and
     * written with at least ten digits: ClickHouse reads a DateTime field as a timestamp only when
     * its fifth character is a digit (and an integer column would refuse the leading zeros).
     */
    Bytes tabSeparated(boolean[] dateTime) {
        seal();
        Bytes out = new Bytes(64 + data.length() + size * columns);
        byte[] b = data.array();
        int end = data.end();
        int p = data.start();
        for (int r = 0; r < size; r++) {
            for (int i = 0; i < columns; i++) {
                if (i > 0) {
                    out.put((byte) '\t');
                }
                byte t = b[p];
                switch (t) {
                    case STRING -> out.escaped(b, p + 5, intAt(b, p + 1));
                    case LONG, INT -> {
                        long v = t == LONG ? longAt(b, p + 1) : intAt(b, p + 1);
                        String digits = Long.toString(v);
                        if (dateTime[i] && v >= 0) {
                            for (int z = digits.length(); z < 10; z++) {
                                out.put((byte) '0');
                            }
                        }
                        out.ascii(digits);
                    }
                    case DOUBLE -> {
                        double d = Double.longBitsToDouble(longAt(b, p + 1));
                        out.ascii(
                                d != d
                                        ? "nan"
                                        : Double.isInfinite(d)
                                                ? (d > 0 ? "inf" : "-inf")
                                                : Double.toString(d));
                    }
                    default -> out.ascii("\\N"); // NULL (and its type)
                }
                p += width(b, p, end);
            }
            out.put((byte) '\n');
        }
        return out;
    }

    /**
     * The rows in ClickHouse's RowBinary format for columns of these types, or null when a value has
     * no exact binary form in its column ({@link ColumnType}): the batch is then written as
     * TabSeparated, and the server takes or refuses it as it did.
     */
    Bytes rowBinary(ColumnType[] types) {
        seal();
        Bytes out = new Bytes(64 + data.length());
        byte[] b = data.array();
        int end = data.end();
        int p = data.start();
        for (int r = 0; r < size; r++) {
            for (int i = 0; i < columns; i++) {
                ColumnType type = types[i];
                byte t = b[p];
                if (t == NULL) {
                    if (!type.nullable) {
                        return null;
                    }
                    out.put((byte) 1);
                } else {
                    if (type.nullable) {
                        out.put((byte) 0);
                    }
                    boolean exact =
                            switch (t) {
                                case STRING -> type.writeString(b, p + 5, intAt(b, p + 1), out);
                                case LONG -> type.writeLong(longAt(b, p + 1), out);
                                case INT -> type.writeLong(intAt(b, p + 1), out);
                                default ->
                                        type.writeDouble(
                                                Double.longBitsToDouble(longAt(b, p + 1)), out);
                            };
                    if (!exact) {
                        return null;
                    }
                }
                p += width(b, p, end);
            }
        }
        return out;
    }

    /** The values of row {@code row} (Long, Integer, Double, String, SqlNull), for tests. */
    List<Object> values(int row) {
        seal();
        byte[] b = data.array();
        int p = skip(b, data.start(), row);
        List<Object> out = new ArrayList<>(columns);
        for (int i = 0; i < columns; i++) {
            byte t = b[p];
            out.add(
                    switch (t) {
                        case STRING ->
                                new String(b, p + 5, intAt(b, p + 1), StandardCharsets.UTF_8);
                        case LONG -> longAt(b, p + 1);
                        case INT -> intAt(b, p + 1);
                        case DOUBLE -> Double.longBitsToDouble(longAt(b, p + 1));
                        default -> new SqlNull(intAt(b, p + 1));
                    });
            p += width(b, p, data.end());
        }
        return out;
    }

    /**
     * The bytes of the value at {@code p} (its tag included); an IllegalStateException when its
     * tag is unknown or it does not end by {@code end}.
     */
    private static int width(byte[] b, int p, int end) {
        int w =
                switch (b[p]) {
                    case STRING -> p + 5 <= end && intAt(b, p + 1) >= 0 ? 5 + intAt(b, p + 1) : -1;
                    case LONG, DOUBLE -> 9;
                    case INT, NULL -> 5;
                    default ->
                            throw new IllegalStateException(
                                    "bad tag " + b[p] + " in a checkpointed row batch");
                };
        if (w < 0 || p + w > end) {
            throw new IllegalStateException("a checkpointed row batch ends within a value");
        }
        return w;
    }

    /** Where row {@code rows} starts, walking from {@code p}, the start of a row. */
    private int skip(byte[] b, int p, int rows) {
        int end = data.end();
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < columns; i++) {
                if (p >= end) {
                    throw new IllegalStateException("a checkpointed row batch ends within a row");
                }
                p += width(b, p, end);
            }
        }
        return p;
    }

    /** Version 1: column count, row count, then per value a tag and its bits. */
    static final class Serializer implements SimpleVersionedSerializer<RowBatch> {
        private final int columns;

        Serializer(int columns) {
            this.columns = columns;
        }

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(RowBatch batch) throws IOException {
            try {
                batch.seal();
            } catch (IllegalStateException e) {
                throw new IOException("a row has an unbound column: " + e.getMessage(), e);
            }
            int n = batch.data.length();
            byte[] out = new byte[8 + n];
            putInt(out, 0, batch.columns);
            putInt(out, 4, batch.size);
            System.arraycopy(batch.data.array(), batch.data.start(), out, 8, n);
            return out;
        }

        private static void putInt(byte[] b, int p, int v) {
            b[p] = (byte) (v >>> 24);
            b[p + 1] = (byte) (v >>> 16);
            b[p + 2] = (byte) (v >>> 8);
            b[p + 3] = (byte) v;
        }

        @Override
        public RowBatch deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown ClickHouse row batch version " + version);
            }
            if (serialized.length < 8) {
                throw new IOException(
                        "a checkpointed row batch of " + serialized.length + " bytes");
            }
            int cols = intAt(serialized, 0);
            if (cols != columns) {
                throw new IOException(
                        "a checkpointed row batch has " + cols + " columns, the table " + columns);
            }
            // the checkpoint's array, not a copy
            RowBatch batch = new RowBatch(cols, Bytes.wrap(serialized, 8));
            batch.size = intAt(serialized, 4);
            try {
                if (batch.skip(batch.data.array(), batch.data.start(), batch.size)
                        != batch.data.end()) {
                    throw new IOException("a checkpointed row batch has bytes after its rows");
                }
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
            return batch;
        }
    }
}
