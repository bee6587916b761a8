package org.locness.events.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParquetTableTest {
    private final ParquetTable table = ParquetTable.of("job_id", "VARCHAR", "date", "DATE", "p_up", "DOUBLE");

    @Test
    void aRowIsEachValueAsTextCastToItsColumnsType() {
        assertEquals("SELECT 'it''s'::VARCHAR AS job_id, '2026-11-27'::DATE AS date, '0.625'::DOUBLE AS p_up",
                table.selectRow(List.of("it's", "2026-11-27", 0.625)));
        assertEquals("SELECT NULL::VARCHAR AS job_id, '2026-11-27'::DATE AS date, '1.0E-7'::DOUBLE AS p_up",
                table.selectRow(Arrays.asList(null, "2026-11-27", 1.0E-7)));
    }

    @Test
    void aRowNeedsAValuePerColumn() {
        assertThrows(IllegalArgumentException.class, () -> table.selectRow(List.of("J-1", "2026-11-27")));
    }

    @Test
    void columnsAndDefinitionsFollowTheTablesOrder() {
        assertEquals("job_id, date, p_up", table.columnList());
        assertEquals("CREATE TEMP TABLE t (job_id VARCHAR, date DATE, p_up DOUBLE)", table.createTempTableSql("t"));
        assertEquals(List.of("job_id", "p_up"), table.without("date").names());
        assertThrows(IllegalArgumentException.class, () -> table.without("p_down"));
    }
}
