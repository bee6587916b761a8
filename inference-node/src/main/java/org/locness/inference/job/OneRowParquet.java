package org.locness.inference.job;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.locness.events.lake.ParquetTable;

/**
 * One row of a {@link ParquetTable} as a Parquet file, encoded in Java: a model's two output files
 * each hold one row, and DuckDB's {@code COPY} of one row costs ~1.4 ms where this costs microseconds.
 * A reader sees the schema DuckDB writes for the same row: every column OPTIONAL, VARCHAR as a UTF8
 * BYTE_ARRAY, DATE as an INT32 DATE, DOUBLE, INTEGER as an INT32 INT_32, BIGINT as an INT64 INT_64. The
 * file has one row group of one uncompressed PLAIN data page per column and no statistics.
 */
final class OneRowParquet {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    // Parquet's Thrift enums.
    private static final int INT32 = 1;
    private static final int INT64 = 2;
    private static final int DOUBLE = 5;
    private static final int BYTE_ARRAY = 6;
    private static final int CONVERTED_UTF8 = 0;
    private static final int CONVERTED_DATE = 6;
    private static final int CONVERTED_INT_32 = 17;
    private static final int CONVERTED_INT_64 = 18;
    private static final int REQUIRED = 0;
    private static final int OPTIONAL = 1;
    private static final int PLAIN = 0;
    private static final int RLE = 3;
    private static final int DATA_PAGE = 0;
    private static final int UNCOMPRESSED = 0;

    private OneRowParquet() {
    }

    /** A column's Parquet physical and converted type, from its DuckDB type. */
    private record Kind(int physical, int converted) {
        static Kind of(ParquetTable.Column column) {
            return switch (column.type()) {
                case "VARCHAR" -> new Kind(BYTE_ARRAY, CONVERTED_UTF8);
                case "DATE" -> new Kind(INT32, CONVERTED_DATE);
                case "DOUBLE" -> new Kind(DOUBLE, -1);
                case "INTEGER" -> new Kind(INT32, CONVERTED_INT_32);
                case "BIGINT" -> new Kind(INT64, CONVERTED_INT_64);
                default -> throw new IllegalArgumentException("column " + column.name() + ": type " + column.type()
                        + " is not one a one-row file is written with");
            };
        }
    }

    /**
     * The file's bytes: {@code values} in the table's column order, a null for SQL NULL. A DATE is an
     * ISO date ({@code 2026-11-27}) or a {@link LocalDate}; a number column takes any {@link Number}
     * (an INTEGER one must fit in 32 bits), a VARCHAR any value's {@code toString()}.
     */
    static byte[] of(ParquetTable table, List<?> values) {
        List<ParquetTable.Column> columns = table.columns();
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException(values.size() + " values for the " + columns.size() + " columns "
                    + table.names());
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream(512 + 64 * columns.size());
        file.writeBytes(MAGIC);
        long[] pageOffsets = new long[columns.size()];
        int[] chunkSizes = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            byte[] page = page(columns.get(i), Kind.of(columns.get(i)), values.get(i));
            byte[] header = pageHeader(page.length);
            pageOffsets[i] = file.size();
            chunkSizes[i] = header.length + page.length;
            file.writeBytes(header);
            file.writeBytes(page);
        }
        byte[] footer = footer(columns, pageOffsets, chunkSizes);
        file.writeBytes(footer);
        file.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.length).array());
        file.writeBytes(MAGIC);
        return file.toByteArray();
    }

    /** Definition levels (one, RLE with its length in front) and the PLAIN value unless it is null. */
    private static byte[] page(ParquetTable.Column column, Kind kind, Object value) {
        ByteBuffer page = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        byte[] text = null;
        if (kind.physical() == BYTE_ARRAY && value != null) {
            text = value.toString().getBytes(StandardCharsets.UTF_8);
            page = ByteBuffer.allocate(64 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        }
        // A run of one level: header (1 << 1), then the level in one byte.
        page.putInt(2).put((byte) 2).put((byte) (value == null ? 0 : 1));
        if (value != null) {
            switch (kind.physical()) {
                case BYTE_ARRAY -> page.putInt(text.length).put(text);
                case DOUBLE -> page.putDouble(number(column, value).doubleValue());
                case INT64 -> page.putLong(number(column, value).longValue());
                default -> page.putInt(kind.converted() == CONVERTED_DATE ? date(column, value) : int32(column, value));
            }
        }
        byte[] bytes = new byte[page.position()];
        page.flip().get(bytes);
        return bytes;
    }

    private static Number number(ParquetTable.Column column, Object value) {
        if (value instanceof Number number) {
            return number;
        }
        throw new IllegalArgumentException("column " + column.name() + " (" + column.type() + ") takes a number, not "
                + value);
    }

    private static int int32(ParquetTable.Column column, Object value) {
        long number = number(column, value).longValue();
        if (number != (int) number) {
            throw new IllegalArgumentException("column " + column.name() + " (INTEGER): " + value + " is out of range");
        }
        return (int) number;
    }

    private static int date(ParquetTable.Column column, Object value) {
        LocalDate date = value instanceof LocalDate d ? d : LocalDate.parse(value.toString());
        return Math.toIntExact(date.toEpochDay());
    }

    private static byte[] pageHeader(int pageSize) {
        Compact out = new Compact();
        out.i32(1, DATA_PAGE);
        out.i32(2, pageSize);
        out.i32(3, pageSize);
        out.beginStruct(5);
        out.i32(1, 1);
        out.i32(2, PLAIN);
        out.i32(3, RLE);
        out.i32(4, RLE);
        out.endStruct();
        out.stop();
        return out.bytes();
    }

    /** FileMetaData: version, schema (a root and one leaf per column), one row, one row group. */
    private static byte[] footer(List<ParquetTable.Column> columns, long[] pageOffsets, int[] chunkSizes) {
        Compact out = new Compact();
        out.i32(1, 1);
        out.beginList(2, Compact.STRUCT, columns.size() + 1);
        out.beginElement();
        out.i32(3, REQUIRED);
        out.string(4, "schema");
        out.i32(5, columns.size());
        out.endElement();
        for (ParquetTable.Column column : columns) {
            Kind kind = Kind.of(column);
            out.beginElement();
            out.i32(1, kind.physical());
            out.i32(3, OPTIONAL);
            out.string(4, column.name());
            if (kind.converted() >= 0) {
                out.i32(6, kind.converted());
            }
            out.endElement();
        }
        out.i64(3, 1);
        out.beginList(4, Compact.STRUCT, 1);
        out.beginElement();
        out.beginList(1, Compact.STRUCT, columns.size());
        long total = 0;
        for (int i = 0; i < columns.size(); i++) {
            out.beginElement();
            out.i64(2, pageOffsets[i]);
            out.beginStruct(3);
            out.i32(1, Kind.of(columns.get(i)).physical());
            out.beginList(2, Compact.I32, 2);
            out.listI32(PLAIN);
            out.listI32(RLE);
            out.beginList(3, Compact.BINARY, 1);
            out.listString(columns.get(i).name());
            out.i32(4, UNCOMPRESSED);
            out.i64(5, 1);
            out.i64(6, chunkSizes[i]);
            out.i64(7, chunkSizes[i]);
            out.i64(9, pageOffsets[i]);
            out.endStruct();
            out.endElement();
            total += chunkSizes[i];
        }
        out.i64(2, total);
        out.i64(3, 1);
        out.endElement();
        out.stop();
        return out.bytes();
    }

    /**
     * Thrift's compact protocol, the little of it a footer needs. Fields are written in increasing id
     * order within a struct; a list's elements follow its header directly, a struct element between
     * {@link #beginElement} and {@link #endElement}.
     */
    private static final class Compact {
        static final int I32 = 5;
        static final int I64 = 6;
        static final int BINARY = 8;
        static final int LIST = 9;
        static final int STRUCT = 12;

        private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        /** The last field id written in each open struct, innermost first. */
        private final Deque<Integer> lastIds = new ArrayDeque<>(List.of(0));

        void i32(int id, int value) {
            header(id, I32);
            listI32(value);
        }

        void i64(int id, long value) {
            header(id, I64);
            varint((value << 1) ^ (value >> 63));
        }

        void string(int id, String value) {
            header(id, BINARY);
            listString(value);
        }

        void beginStruct(int id) {
            header(id, STRUCT);
            lastIds.push(0);
        }

        void endStruct() {
            stop();
            lastIds.pop();
        }

        void beginList(int id, int elementType, int size) {
            header(id, LIST);
            if (size < 15) {
                out.write(size << 4 | elementType);
            } else {
                out.write(0xF0 | elementType);
                varint(size);
            }
        }

        void beginElement() {
            lastIds.push(0);
        }

        void endElement() {
            endStruct();
        }

        void listI32(int value) {
            varint(Integer.toUnsignedLong((value << 1) ^ (value >> 31)));
        }

        void listString(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            varint(bytes.length);
            out.writeBytes(bytes);
        }

        void stop() {
            out.write(0);
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void header(int id, int type) {
            int last = lastIds.pop();
            int delta = id - last;
            if (delta > 0 && delta <= 15) {
                out.write(delta << 4 | type);
            } else {
                out.write(type);
                listI32(id);
            }
            lastIds.push(id);
        }

        private void varint(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                out.write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
