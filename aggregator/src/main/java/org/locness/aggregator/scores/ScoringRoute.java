package org.locness.aggregator.scores;

/**
 * What {@link InputReader} made of a record: an input for the scorer, or the dead letter (its value;
 * key and reason headers travel on the record) of one it cannot read.
 */
record ScoringRoute(ScoringInput input, byte[] deadLetter) {
    boolean dead() {
        return deadLetter != null;
    }
}
