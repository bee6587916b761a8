package org.locness.events.ensemble;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.BitSet;
import java.util.stream.Collectors;

/** A set of CPU numbers in Linux list form ({@code 0-9,20,22-23}), as taskset and cpusets write it. */
public record CpuSet(BitSet cpus) {
    public CpuSet {
        cpus = (BitSet) cpus.clone();
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CpuSet parse(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("CPU list is empty");
        }
        BitSet set = new BitSet();
        for (String part : list.split(",", -1)) {
            String range = part.trim();
            if (!range.matches("\\d{1,4}(-\\d{1,4})?")) {
                throw new IllegalArgumentException("'" + range + "' is not a CPU number or range (e.g. 0-9,20)");
            }
            String[] ends = range.split("-");
            int from = Integer.parseInt(ends[0]);
            int to = ends.length == 2 ? Integer.parseInt(ends[1]) : from;
            if (to < from) {
                throw new IllegalArgumentException("CPU range '" + range + "' runs backwards");
            }
            set.set(from, to + 1);
        }
        return new CpuSet(set);
    }

    public static CpuSet of(BitSet cpus) {
        return new CpuSet(cpus);
    }

    public int size() {
        return cpus.cardinality();
    }

    public boolean contains(int cpu) {
        return cpus.get(cpu);
    }

    public boolean isSubsetOf(CpuSet other) {
        BitSet rest = (BitSet) cpus.clone();
        rest.andNot(other.cpus);
        return rest.isEmpty();
    }

    public CpuSet intersect(CpuSet other) {
        BitSet both = (BitSet) cpus.clone();
        both.and(other.cpus);
        return new CpuSet(both);
    }

    public CpuSet minus(CpuSet other) {
        BitSet rest = (BitSet) cpus.clone();
        rest.andNot(other.cpus);
        return new CpuSet(rest);
    }

    public boolean isEmpty() {
        return cpus.isEmpty();
    }

    public int[] toArray() {
        return cpus.stream().toArray();
    }

    @JsonValue
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        int start = cpus.nextSetBit(0);
        while (start >= 0) {
            int end = cpus.nextClearBit(start) - 1;
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(start);
            if (end > start) {
                out.append('-').append(end);
            }
            start = cpus.nextSetBit(end + 1);
        }
        return out.toString();
    }

    public String describe() {
        return cpus.stream().mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
