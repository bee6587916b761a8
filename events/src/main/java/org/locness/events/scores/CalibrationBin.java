package org.locness.events.scores;

/**
 * One bin of a reliability table: predictions whose top-label probability fell in
 * [{@code lower}, {@code upper}), how many, their mean top probability and how often the top label
 * was right. A well-calibrated forecaster has {@code meanConfidence} close to {@code accuracy}.
 */
public record CalibrationBin(double lower, double upper, long count, double meanConfidence, double accuracy) {
}
