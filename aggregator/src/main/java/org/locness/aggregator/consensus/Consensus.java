package org.locness.aggregator.consensus;

import java.util.SortedMap;

/**
 * The ensemble's weighted answer.
 *
 * @param prediction  the label with the highest weighted probability (ties go to the label first in
 *                    alphabetical order)
 * @param probabilities the weighted mean distribution, labels in alphabetical order
 * @param confidence  the prediction's probability (the distribution's maximum)
 * @param agreement   the share of weight held by models whose own top label is the prediction
 * @param entropy     the distribution's Shannon entropy in nats (natural log): 0 when certain,
 *                    ln(number of labels) when uniform
 */
public record Consensus(String prediction, SortedMap<String, Double> probabilities, double confidence,
        double agreement, double entropy) {
}
