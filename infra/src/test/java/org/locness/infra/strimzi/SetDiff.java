package org.locness.infra.strimzi;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** What one side has that the other lacks, both ways. */
record SetDiff<T extends Comparable<T>>(Set<T> missing, Set<T> extra) {
    static <T extends Comparable<T>> SetDiff<T> of(Collection<T> expected, Collection<T> actual) {
        Set<T> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<T> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        return new SetDiff<>(missing, extra);
    }

    boolean isEmpty() {
        return missing.isEmpty() && extra.isEmpty();
    }

    String describe() {
        return "missing " + missing + ", extra " + extra;
    }
}
