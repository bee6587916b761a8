package org.locness.events.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.locness.events.json.EventJson;

class CpuSetTest {
    @ParameterizedTest(name = "\"{0}\" prints as \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "0-9,20,22-23|0-9,20,22-23",
            "5|5",
            "3,1,2,7|1-3,7",
            "0-3,2-5|0-5",
            "' 0-1 , 4 '|0-1,4",
            "0-0|0",
            "10-11,12|10-12"})
    void parsesAndPrintsTheLinuxListForm(String list, String printed) {
        CpuSet cpus = CpuSet.parse(list);
        assertEquals(printed, cpus.toString());
        assertEquals(cpus, CpuSet.parse(printed));
    }

    @Test
    void knowsItsMembers() {
        CpuSet cpus = CpuSet.parse("0-9,20,22-23");
        assertEquals(13, cpus.size());
        assertTrue(cpus.contains(20));
        assertFalse(cpus.contains(21));
        assertArrayEquals(new int[] {0, 1, 2, 20}, CpuSet.parse("0-2,20").toArray());
        assertEquals("0,1,2,20", CpuSet.parse("0-2,20").describe());
    }

    @Test
    void setAlgebra() {
        CpuSet node = CpuSet.parse("0-7");
        assertTrue(CpuSet.parse("2-3").isSubsetOf(node));
        assertFalse(CpuSet.parse("6-9").isSubsetOf(node));
        assertEquals(CpuSet.parse("8-9"), CpuSet.parse("6-9").minus(node));
        assertEquals(CpuSet.parse("6-7"), CpuSet.parse("6-9").intersect(node));
        assertTrue(CpuSet.parse("0-3").intersect(CpuSet.parse("4-7")).isEmpty());
    }

    @Test
    void readsAndWritesJsonAsTheListString() throws Exception {
        CpuSet cpus = CpuSet.parse("0-3,8");
        assertEquals("\"0-3,8\"", EventJson.write(cpus));
        assertEquals(cpus, EventJson.mapper().readValue("\"0-3,8\"", CpuSet.class));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "  ", ",", "1,", "1,,2", "a", "1-", "-1", "3-1", "0-99999", "1;2", "0x1"})
    void rejectsWhatIsNotACpuList(String list) {
        assertThrows(IllegalArgumentException.class, () -> CpuSet.parse(list));
    }

    @Test
    void saysWhatIsWrong() {
        assertEquals("CPU list is empty", assertThrows(IllegalArgumentException.class, () -> CpuSet.parse(null)).getMessage());
        assertEquals("CPU range '3-1' runs backwards",
                assertThrows(IllegalArgumentException.class, () -> CpuSet.parse("0,3-1")).getMessage());
        assertEquals("'x' is not a CPU number or range (e.g. 0-9,20)",
                assertThrows(IllegalArgumentException.class, () -> CpuSet.parse("0,x")).getMessage());
    }
}
